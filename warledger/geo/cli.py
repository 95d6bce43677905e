"""Commands of the geo stage: ``geoparse``, ``geocode`` and ``gazetteer build|info|search|load``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from ..cliutil import App

gazetteer_app = App(help="The offline gazetteer (GeoNames CC BY + KATOTTG + curated).",
                    no_args_is_help=True)

_TOPONYM_KEYS = ("start", "end", "text", "name", "latitude", "longitude", "geonameid",
                 "feature_class", "country_code", "admin1", "geo_precision", "uncertainty_km",
                 "role", "geo_reason")


def _read_items(paths: list[Path] | None, input: str | None, *, jsonl_text_key: str = "text"):
    """(id, text) pairs from files, JSONL lines ({"id","text"}) or stdin; bad ones as errors."""
    from ..errors import InputError

    sources: list[str] = [str(p) for p in (paths or [])]
    if input is not None:
        sources.append(input)
    for src in sources:
        if src == "-":
            data, name = sys.stdin.read(), "stdin"
        else:
            try:
                data, name = Path(src).read_text(encoding="utf-8"), src
            except (OSError, UnicodeDecodeError) as exc:
                yield src, InputError(f"{src}: cannot read ({exc.__class__.__name__})")
                continue
        if name.endswith(".jsonl") or (src == "-" and data.lstrip().startswith("{")):
            for n, line in enumerate(data.splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                    text = obj[jsonl_text_key]
                    if not isinstance(text, str):
                        raise TypeError
                except (ValueError, KeyError, TypeError):
                    yield f"{name}:{n}", InputError(
                        f"{name} line {n}: not a JSON object with a string {jsonl_text_key!r}")
                    continue
                yield obj.get("id", f"{name}:{n}"), text
        else:
            yield name, data


def _explain(t, on) -> dict:
    """The text span read as the place, why this place, and the other places of that name
    (with the prior's weight of each), most likely first."""
    from .gazetteer import get_gazetteer
    from .prior import default_prior
    from .translit import norm

    prior = default_prior(t.country_code, on)
    others = []
    for p in get_gazetteer().lookup(norm(t.text), normalized=True)[:40]:
        if p.lat is None or (p.lat == t.latitude and p.lon == t.longitude):
            continue
        w = prior.weight(p.lat, p.lon, p.within_km or 0.0) if prior is not None else None
        others.append({"name": p.name, "admin1": p.admin1, "admin2": p.admin2,
                       "latitude": p.lat, "longitude": p.lon, "population": p.population,
                       "geo_precision": p.precision,
                       "prior": None if w is None else round(w, 2)})
    others.sort(key=lambda o: (-(o["prior"] or 0), -(o["population"] or 0)))
    return {"span": t.text, "start": t.start, "end": t.end,
            "why": t.geo_reason or "the only place of that name (or the text's own words)",
            "prior": None if t.latitude is None or default_prior(t.country_code, on) is None
            else default_prior(t.country_code, on).describe(
                t.latitude, t.longitude, t.uncertainty_km or 0.0),
            "other_places": others[:10]}


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the main app."""
    from ..cliutil import fail, warn

    @app.command("geoparse")
    def geoparse_cmd(
        paths: list[Path] = typer.Argument(None, help="Text files or JSONL ({id, text})"),
        input: str = typer.Option(None, "--input", "-i", help="A file, or - for stdin"),
        format: str = typer.Option("jsonl", "--format", "-f", help="jsonl or json"),
        country_focus: str = typer.Option("UA", help="Country to prefer (alpha-2), or ''"),
    ) -> None:
        """Find place names and the places they refer to."""
        from ..errors import WarledgerError
        from . import geoparse

        if format not in ("json", "jsonl"):
            fail(f"unknown --format {format!r} (use json or jsonl)")
        if not paths and input is None:
            fail("nothing to read: give PATH... or --input FILE|-")
        failed = 0
        results = []
        for item_id, text in _read_items(paths, input):
            if isinstance(text, WarledgerError):
                failed += 1
                warn(str(text))
                continue
            tops = geoparse(text, country_focus=country_focus or None)
            rec = {"id": item_id, "toponyms": [
                {k: getattr(t, k) for k in _TOPONYM_KEYS} for t in tops]}
            if format == "jsonl":
                typer.echo(json.dumps(rec, ensure_ascii=False))
            else:
                results.append(rec)
        if format == "json":
            typer.echo(json.dumps(results, indent=2, ensure_ascii=False))
        if failed:
            raise typer.Exit(1)

    @app.command("geocode")
    def geocode_cmd(
        description: str = typer.Argument(None, help='e.g. "Chuhuiv, south of Kharkiv"'),
        input: str = typer.Option(None, "--input", "-i", help="JSONL {id, text}, or - for stdin"),
        format: str = typer.Option("jsonl", "--format", "-f", help="jsonl or json"),
        country_focus: str = typer.Option("UA", help="Country to prefer (alpha-2), or ''"),
        date: str = typer.Option(None, "--date", help="The day (YYYY-MM-DD): its front lines "
                                 "break ties between namesakes (default: every front line)"),
        explain: bool = typer.Option(False, "--explain/--no-explain",
                                     help="Also print why this place (geo_reason) and the "
                                          "other places the name may refer to"),
    ) -> None:
        """The main place of short place descriptions."""
        from ..errors import WarledgerError
        from . import geocode

        if format not in ("json", "jsonl"):
            fail(f"unknown --format {format!r} (use json or jsonl)")
        items: list = []
        if description is not None:
            items.append(("0", description))
        if input is not None:
            items.extend(_read_items([], input))
        if not items:
            fail('nothing to geocode: give a DESCRIPTION or --input FILE|-')
        from ..cliutil import parse_date_option

        on = parse_date_option(date, "--date")
        failed = 0
        out = []
        for item_id, text in items:
            if isinstance(text, WarledgerError):
                failed += 1
                warn(str(text))
                continue
            t = geocode(text, country_focus=country_focus or None, on=on)
            rec = {"id": item_id, "text": text, "name": None, "latitude": None,
                   "longitude": None, "geonameid": None, "country_code": None,
                   "admin1": None, "geo_precision": None, "uncertainty_km": None,
                   "geo_reason": None}
            if t is not None:
                rec.update(name=t.name, latitude=t.latitude, longitude=t.longitude,
                           geonameid=t.geonameid, country_code=t.country_code,
                           admin1=t.admin1, geo_precision=t.geo_precision,
                           uncertainty_km=t.uncertainty_km, geo_reason=t.geo_reason)
                if explain:
                    rec["explain"] = _explain(t, on)
            if format == "jsonl":
                typer.echo(json.dumps(rec, ensure_ascii=False))
            else:
                out.append(rec)
        if format == "json":
            typer.echo(json.dumps(out if len(out) != 1 else out[0], indent=2,
                                  ensure_ascii=False))
        if failed:
            raise typer.Exit(1)

    @gazetteer_app.command("build")
    def build_cmd(force: bool = typer.Option(False, "--force/--no-force", help="Rebuild if present")):
        """Compile the gazetteer into the data directory."""
        from .build import build_gazetteer
        from .gazetteer import default_path, reset_gazetteer

        target = default_path()
        if target.exists() and not force:
            typer.echo(f"{target} exists (use --force to rebuild)")
            return
        from .. import progress

        reset_gazetteer()
        with progress.task("building the gazetteer", announce=True,
                           done=f"built the gazetteer in {{elapsed}} at {target}") as step:
            res = build_gazetteer(target, progress=lambda m: step.note(f"reading {m}"))
        typer.echo(json.dumps(res, indent=2))

    @gazetteer_app.command("info")
    def info_cmd(format: str = typer.Option("table", "--format", "-f", help="table or json")):
        """Counts, sources and attribution."""
        from .gazetteer import get_gazetteer

        info = get_gazetteer().info()
        if format == "json":
            typer.echo(json.dumps(info, indent=2, ensure_ascii=False))
            return
        for k in ("path", "version", "built", "build_seconds", "places", "names", "size_mb"):
            typer.echo(f"{k:14} {info[k]}")
        for src, n in sorted(info["places_by_source"].items()):
            typer.echo(f"  {src:12} {n}")
        typer.echo(f"attribution    {info['attribution']}")

    @gazetteer_app.command("search")
    def search_cmd(name: str, limit: int = typer.Option(10, help="How many places")):
        """Places a name may refer to (exact spellings, else close ones)."""
        from .gazetteer import get_gazetteer

        for p in get_gazetteer().search(name, limit=limit):
            typer.echo(json.dumps({
                "name": p.name, "latitude": p.lat, "longitude": p.lon, "geonameid": p.geonameid,
                "feature_class": p.fclass, "feature_code": p.fcode, "country_code": p.cc,
                "admin1": p.admin1, "admin2": p.admin2, "population": p.population,
                "geo_precision": p.precision, "uncertainty_km": p.within_km,
                "source": p.source}, ensure_ascii=False))

    @gazetteer_app.command("load")
    def load_cmd(
        path: Path = typer.Argument(..., help="allCountries.zip, UA.zip or a 19-column .txt"),
        alternate_names: Path = typer.Option(None, "--alternate-names",
                                             help="alternateNamesV2.zip or .txt"),
    ):
        """Add a full GeoNames dump to the gazetteer (all or nothing)."""
        from .gazetteer import get_gazetteer, reset_gazetteer
        from .load import load_geonames

        target = get_gazetteer().path
        reset_gazetteer()
        res = load_geonames(target, path, alternate_names)
        typer.echo(json.dumps(res, indent=2))

    app.add_typer(gazetteer_app, name="gazetteer")
