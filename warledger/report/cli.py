"""Commands of the report stage: ``brief``."""

from __future__ import annotations

from pathlib import Path

import typer

from ..cliutil import DATE_METAVAR


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the main app."""
    app.command("brief")(brief)


def brief(
    date: str = typer.Option(..., "--date", metavar=DATE_METAVAR, help="The last day of the brief"),
    days: int = typer.Option(1, "--days", help="How many days up to --date"),
    region: str = typer.Option(None, "--region", help="Only events whose admin1/location/country contains this"),
    format: str = typer.Option("md", "--format", "-f", help="md or html"),
    out: Path = typer.Option(None, "--out", help="Folder to write into (default: brief-DATE)"),
    db: str = typer.Option("warledger.db", "--db", envvar="WARLEDGER_DB",
                           help="Ledger: a SQLite file, or postgresql://USER@HOST/DB"),
) -> None:
    """Draft a situation report from the ledger: figures, map, chart, main events, claims,
    contradictions, each line linked to its records."""
    from ..cliutil import fail, parse_date_option
    from ..store.cli import open_ledger

    if format not in ("md", "html"):
        fail(f"unknown --format {format!r} (use md or html)")
    if days < 1 or days > 366:
        fail(f"--days {days}: give a number of days from 1 to 366")
    day = parse_date_option(date, "--date")
    out = out or Path(f"brief-{day.isoformat()}")
    if out.exists() and not out.is_dir():
        fail(f"--out {out}: is a file, not a folder")
    from ..progress import task
    from .brief import collect, write

    with open_ledger(db) as ledger:
        with task("collecting the period's records"):
            b = collect(ledger, day, days, region)
        try:
            paths = write(ledger, b, out, format)
        except OSError as exc:
            fail(f"--out {out}: cannot write the brief ({exc.strerror or exc})")
    typer.echo(f"{paths['brief']}: {len(b.events)} events, {len(b.items)} main events, "
               f"{len(b.claims)} claims, {len(b.contradictions)} contradictions "
               f"(with {paths['map'].name}, {paths['chart'].name})")
