"""``warledger eval geoparse FILE.xml`` and ``warledger eval geocode FILE.csv``."""

from __future__ import annotations

import json
from pathlib import Path

import typer


def _print(metrics: dict, format: str) -> None:
    if format == "json":
        typer.echo(json.dumps(metrics, indent=2))
        return
    for k, v in metrics.items():
        typer.echo(f"{k:20} {v}")


def register(eval_app: typer.Typer) -> None:
    from ..cliutil import fail

    @eval_app.command("geoparse")
    def eval_geoparse(
        path: Path = typer.Argument(..., help="LGL or GeoVirus XML"),
        format: str = typer.Option("table", "--format", "-f", help="table or json"),
        country_focus: str = typer.Option("", help="Country to prefer (none by default)"),
        limit: int = typer.Option(None, help="Only the first N articles"),
    ) -> None:
        """Precision, recall (span overlap), accuracy@161 km, median error."""
        from .geo import score_geoparse

        if not path.exists():
            fail(f"{path}: no such file")
        _print(score_geoparse(path, country_focus=country_focus or None, limit=limit), format)

    @eval_app.command("namesakes")
    def eval_namesakes(
        format: str = typer.Option("table", "--format", "-f", help="table or json"),
        sample: int = typer.Option(1, help="Every k-th generated case (the gate uses 4)"),
        misses: int = typer.Option(0, help="Show this many failed descriptions"),
    ) -> None:
        """Namesakes generated from the gazetteer: 'NAME, OBLAST' / 'NAME in OBLAST region'
        inside that oblast, a raion or hromada qualifier picks that one (needs no corpus)."""
        from .namesakes import score_namesakes

        if sample < 1:
            fail("--sample must be 1 or more")
        report = score_namesakes(sample=sample, misses=misses)
        shown = report.pop("misses", [])
        _print(report, format)
        if format != "json":
            for m in shown:
                typer.echo(f"  miss: {m['description']!r} wants {m['want']}, got {m['got']}")

    @eval_app.command("geocode")
    def eval_geocode(
        path: Path = typer.Argument(..., help="CSV with where_description, latitude, longitude"),
        format: str = typer.Option("table", "--format", "-f", help="table or json"),
        country_focus: str = typer.Option("UA", help="Country to prefer"),
        limit: int = typer.Option(None, help="Only the first N rows"),
        ledger_mode: bool = typer.Option(
            False, "--ledger-mode/--no-ledger-mode", help="Rows in date order into a fresh ledger; each "
            "geocoded with the ledger's earlier events as the prior"),
        undated: bool = typer.Option(False, "--undated/--dated", help="Ignore the rows' dates (the "
                                     "static prior then counts every front line)"),
    ) -> None:
        """Share of descriptions geocoded within 10 / 25 km."""
        from .geo import score_geocode, score_geocode_ledger

        if not path.exists():
            fail(f"{path}: no such file")
        focus = country_focus or None
        if ledger_mode:
            _print(score_geocode_ledger(path, country_focus=focus, limit=limit), format)
        else:
            _print(score_geocode(path, country_focus=focus, limit=limit, dated=not undated),
                   format)
