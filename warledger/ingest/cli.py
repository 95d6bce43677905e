"""Commands of the ingest stage: ``warledger ingest``."""

from __future__ import annotations

import sys
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the main app."""
    from .live_cli import register as register_live

    app.command("ingest")(ingest)
    register_live(app)  # feeds, watch


def ingest(
    paths: list[str] = typer.Argument(..., help="Files, folders, - for stdin, or URLs"),
    db: Path = typer.Option(Path("warledger.db"), "--db", help="Ledger database file"),
    published: str = typer.Option(None, help="Publication date (YYYY-MM-DD) for inputs without one"),
    backend: str = typer.Option("rules", help="Extraction backend"),
    allow_private: bool = typer.Option(False, "--allow-private",
                                       help="Allow fetching URLs on private/loopback addresses"),
) -> None:
    """Read inputs, extract events and claims, store them in the ledger (idempotent)."""
    from ..cli import fail, parse_date_option, warn
    from ..errors import WarledgerError
    from ..store import Ledger

    pub = parse_date_option(published)
    try:
        with Ledger(db) as ledger:
            summary = ledger.ingest(paths, published=pub, backend=backend,
                                    progress=sys.stderr.isatty(), allow_private=allow_private,
                                    on_failure=warn)
    except WarledgerError as exc:
        fail(str(exc))
        return
    for w in summary.warnings:
        warn(w)
    typer.echo(summary.line(), err=False)
    if summary.failed:
        raise typer.Exit(1)
