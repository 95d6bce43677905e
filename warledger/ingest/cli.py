"""Commands of the ingest stage: ``warledger ingest``."""

from __future__ import annotations

import typer

from ..cliutil import DATE_METAVAR


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the main app."""
    from .live_cli import register as register_live

    app.command("ingest")(ingest)
    register_live(app)  # feeds, watch


def ingest(
    paths: list[str] = typer.Argument(..., help="Files, folders, - for stdin, or URLs"),
    db: str = typer.Option("warledger.db", "--db", envvar="WARLEDGER_DB",
                           help="Ledger: a SQLite file, or postgresql://USER@HOST/DB"),
    published: str = typer.Option(None, metavar=DATE_METAVAR,
                                  help="Publication date of inputs that carry none"),
    backend: str = typer.Option("rules", help="Extraction backend"),
    allow_private: bool = typer.Option(False, "--allow-private/--no-allow-private",
                                       help="Allow fetching URLs on private/loopback addresses"),
) -> None:
    """Read inputs, extract events and claims, store them in the ledger (idempotent)."""
    from ..cliutil import fail, parse_date_option, warn
    from ..errors import WarledgerError
    from ..store import Ledger

    pub = parse_date_option(published)
    try:
        with Ledger(db) as ledger:
            summary = _ingest(ledger, paths, published=pub, backend=backend,
                              progress=True, allow_private=allow_private,
                              on_failure=warn)
    except WarledgerError as exc:
        fail(str(exc))
        return
    for w in summary.warnings:
        warn(w)
    typer.echo(summary.line(), err=False)
    if summary.failed:
        raise typer.Exit(1)


def _ingest(ledger, paths: list[str], **kw):
    """Batch outputs (folders with a batch manifest) are loaded as such; the rest is read."""
    from ..batch.shards import is_batch_dir

    batches = [p for p in paths if is_batch_dir(p)]
    if not batches:
        return ledger.ingest(paths, **kw)
    from ..batch.load import load_batch

    others = [p for p in paths if p not in batches]
    total = ledger.ingest(others, **kw) if others else None
    for p in batches:
        s = load_batch(ledger, p, progress=kw["progress"], on_failure=kw["on_failure"])
        if total is None:
            total = s
            continue
        total.new += s.new
        total.present += s.present
        total.events += s.events
        total.claims += s.claims
        total.failed += s.failed
        total.warnings += s.warnings
    return total
