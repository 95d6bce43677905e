"""``warledger eval gate``: run every evaluation that has data, compare with the floors.

The floors live in ``eval-floors.json`` at the repository root: ``{"case2021.macro_f1": 0.6,
...}``. A metric below its floor, or an evaluation that crashes, fails the gate (exit 1).
A key ending in ``:max`` is a ceiling for a count where lower is better
(``"articles.forbidden_hits:max": 2``): a figure above it fails the gate; ceilings only go down.
A floor whose data is absent from the corpus folder is reported as skipped.

Sizes are bounded so the gate finishes well within 20 minutes on 2 cores: UCDP and
ACLED-format CSVs are sampled deterministically (every k-th row, ``GATE_LIMITS``); CASE 2021, the loss
statements, the reference article, the geoparsing corpora and the UCDP place descriptions
(geocoding, plain and in ledger mode) are scored whole; the namesakes generated from the
gazetteer (no corpus needed), every 4th. About a minute on this machine with a built gazetteer.
"""

from __future__ import annotations

import json
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

GATE_LIMITS = {"ucdp": 800, "events": 400, "geocode": None, "namesakes": 4}


@dataclass(frozen=True)
class GateRow:
    metric: str
    value: float | None
    floor: float | None
    status: str  # ok, BELOW, skipped, ERROR, info


def flatten(prefix: str, report: dict[str, Any]) -> dict[str, float]:
    """The top-level numbers of a report, as ``prefix.key``."""
    return {
        f"{prefix}.{k}": float(v)
        for k, v in report.items()
        if isinstance(v, (int, float)) and not isinstance(v, bool)
    }


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    import importlib

    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError:
        return None
    return getattr(mod, name, None)


def plan(corpus: Path) -> list[tuple[str, Callable[[], dict[str, Any]]]]:
    """The evaluations that have data in ``corpus``, as (name, thunk)."""
    from . import coding

    jobs: list[tuple[str, Callable[[], dict[str, Any]]]] = []
    case = corpus / "event-types" / "case2021-task2-test.tsv"
    if case.is_file():
        jobs.append(("case2021", lambda: coding.score_case2021(case, pipeline=True)))
    for p in sorted((corpus / "ucdp").glob("*.csv")) if (corpus / "ucdp").is_dir() else []:
        jobs.append((f"ucdp.{p.stem}" if p.stem != "ucdp-ged-ukraine" else "ucdp",
                     lambda p=p: coding.score_ucdp(p, limit=GATE_LIMITS["ucdp"])))
    for folder in ("events", "acled"):
        d = corpus / folder
        for p in sorted(d.glob("*.csv")) if d.is_dir() else []:
            jobs.append((f"events.{p.stem}",
                         lambda p=p: coding.score_events(p, limit=GATE_LIMITS["events"])))
    arts = corpus / "articles"
    score_articles = _optional("warledger.eval.articles", "score_articles")
    if score_articles is not None and arts.is_dir() and any(arts.glob("*.gold.json")):
        jobs.append(("articles", lambda: score_articles(corpus)))
    ref = corpus / "reference-article.txt"
    ref_exp = corpus / "reference-article.expected.json"
    if ref.is_file() and ref_exp.is_file():
        jobs.append(("reference", lambda: coding.score_reference(ref, ref_exp)))
    losses = sorted((corpus / "losses").glob("*.jsonl")) if (corpus / "losses").is_dir() else []
    score_losses = _optional("warledger.eval.losses", "score_losses")
    if losses and score_losses is not None:
        jobs.append(("losses", lambda: score_losses(losses)))
    geo = corpus / "geoparsing"
    geoparse = _optional("warledger.eval.geo", "score_geoparse")
    if geoparse is not None and geo.is_dir():
        for p in sorted(geo.glob("*.xml")):
            jobs.append((f"geoparse.{p.stem.lower()}", lambda p=p: geoparse(p)))
    namesakes = _optional("warledger.eval.namesakes", "score_namesakes")
    if namesakes is not None:  # generated from the built gazetteer: needs no corpus
        jobs.append(("namesakes", lambda: namesakes(sample=GATE_LIMITS["namesakes"])))
    geocode = _optional("warledger.eval.geo", "score_geocode")
    ucdp = sorted((corpus / "ucdp").glob("*.csv")) if (corpus / "ucdp").is_dir() else []
    if geocode is not None:
        # the UCDP where_description column against its coordinates
        for p in ucdp:
            jobs.append((f"geocode.{p.stem}" if p.stem != "ucdp-ged-ukraine" else "geocode",
                         lambda p=p: geocode(p, limit=GATE_LIMITS["geocode"])))
    ledger_mode = _optional("warledger.eval.geo", "score_geocode_ledger")
    if ledger_mode is not None:
        # the same rows in date order into a fresh ledger, its own events as the prior
        for p in ucdp:
            jobs.append((f"geocode_ledger.{p.stem}" if p.stem != "ucdp-ged-ukraine"
                         else "geocode_ledger",
                         lambda p=p: ledger_mode(p, limit=GATE_LIMITS["geocode"])))
    return jobs


def run_gate(corpus: Path, floors: dict[str, float],
             echo: Callable[[str], None] | None = None) -> tuple[list[GateRow], dict[str, Any]]:
    """Run the evaluations, compare with ``floors``; rows for the table and the raw reports."""
    measured: dict[str, float] = {}
    errors: dict[str, str] = {}
    timings: dict[str, float] = {}
    from ..progress import task

    jobs = plan(corpus)
    for i, (name, job) in enumerate(jobs, 1):
        t0 = time.perf_counter()
        try:
            with task(f"eval gate {i}/{len(jobs)}: {name}"):
                report = job()
        except Exception as exc:  # a crashing evaluation fails the gate, with one line
            errors[name] = f"{type(exc).__name__}: {exc}"
            if echo:
                echo(f"{name}: ERROR {errors[name]}")
                echo(traceback.format_exc(limit=3))
            continue
        timings[name] = round(time.perf_counter() - t0, 1)
        measured.update(flatten(name, report))
        if echo:
            echo(f"{name}: done in {timings[name]} s")
    rows: list[GateRow] = []
    for metric, floor in sorted(floors.items()):
        name, ceiling = (metric[:-4], True) if metric.endswith(":max") else (metric, False)
        if name.rsplit(".", 1)[0] in errors:
            rows.append(GateRow(metric, None, floor, "ERROR"))
        elif name not in measured:
            rows.append(GateRow(metric, None, floor, "skipped"))
        elif ceiling:
            v = measured[name]
            rows.append(GateRow(metric, v, floor, "ok" if v <= floor + 1e-9 else "ABOVE"))
        else:
            v = measured[name]
            rows.append(GateRow(metric, v, floor, "ok" if v + 1e-9 >= floor else "BELOW"))
    for name, _msg in errors.items():
        if not any(r.metric.startswith(name + ".") for r in rows):
            rows.append(GateRow(f"{name} (no floor)", None, None, "ERROR"))
    return rows, {"measured": measured, "errors": errors, "seconds": timings}


def read_floors(path: Path) -> dict[str, float]:
    from ..errors import InputError

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such floors file") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected an object of metric -> floor")
    out: dict[str, float] = {}
    for k, v in data.items():
        if k.startswith("_"):
            continue  # comments
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            raise InputError(f"{path}: floor of {k!r} is not a number")
        out[k] = float(v)
    return out


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("gate")
    def gate(
        corpus: Path = typer.Option(Path("../shared/corpus"), help="The corpus folder"),
        floors: Path = typer.Option(Path("eval-floors.json"), help="Floors file (JSON)"),
        format: str = typer.Option("table", "--format", "-f", help="table or json"),
        show_all: bool = typer.Option(False, "--all/--no-all", help="Also list metrics without a floor"),
    ) -> None:
        """Run every evaluation with data in CORPUS; exit 1 if a figure is below its floor."""
        from ..cliutil import fail, note
        from ..errors import WarledgerError

        if format not in ("table", "json"):
            fail(f"unknown --format {format!r} (use table or json)")
        if not corpus.is_dir():
            fail(f"{corpus}: no such corpus folder")
        try:
            fl = read_floors(floors)
        except WarledgerError as exc:
            fail(str(exc))
            return
        rows, raw = run_gate(corpus, fl, echo=note)
        if show_all:
            for k, v in sorted(raw["measured"].items()):
                if k not in fl:
                    rows.append(GateRow(k, v, None, "info"))
        failed = [r for r in rows if r.status in ("BELOW", "ABOVE", "ERROR")]
        if format == "json":
            typer.echo(json.dumps({
                "rows": [r.__dict__ for r in rows], "errors": raw["errors"],
                "seconds": raw["seconds"], "passed": not failed,
            }, indent=2))
        else:
            from rich.console import Console
            from rich.table import Table

            t = Table(title=f"quality gate ({len(rows) - len(failed)}/{len(rows)} ok)")
            for c in ("metric", "value", "floor", "status"):
                t.add_column(c, justify="right" if c in ("value", "floor") else "left")
            for r in rows:
                t.add_row(r.metric, "-" if r.value is None else f"{r.value:.4f}",
                          "-" if r.floor is None else f"{r.floor:.4f}", r.status)
            Console().print(t)
        if failed:
            raise typer.Exit(1)
