"""The ``batch`` command: extraction on a Dask cluster into Parquet shards (and a ledger)."""

from __future__ import annotations

from pathlib import Path

import typer

from ..cliutil import DATE_METAVAR


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the main app."""
    app.command("batch")(batch)


def batch(
    inputs: list[str] = typer.Argument(..., help="JSONL or Parquet files, folders of text/HTML files"),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the shards and manifest.json"),
    scheduler: str = typer.Option("local", "--scheduler",
                                  help="local (a worker per core), local:N, or tcp://HOST:PORT"),
    partition_size: int = typer.Option(500, "--partition-size", help="Documents per partition"),
    backend: str = typer.Option("rules", help="Extraction backend"),
    published: str = typer.Option(None, metavar=DATE_METAVAR,
                                  help="Publication date of inputs that carry none"),
    db: str = typer.Option(None, "--db",
                           help="Also load the result into this ledger (a SQLite file or postgresql://...)"),
) -> None:
    """Extract many documents on a Dask cluster into Parquet shards (resumable); --db loads them."""
    from ..cliutil import fail, parse_date_option, warn
    from ..errors import WarledgerError
    from .run import run_batch

    pub = parse_date_option(published)
    exclude: list[str | Path] = []
    if db and "://" not in db:
        exclude = [f"{db}{suffix}" for suffix in ("", "-wal", "-shm", "-journal")]
    try:
        summary = run_batch(inputs, out, scheduler=scheduler, partition_size=partition_size,
                            backend=backend, published=pub, exclude=exclude, progress=True)
    except WarledgerError as exc:
        fail(str(exc))
        return
    except KeyboardInterrupt:
        fail(f"interrupted: finished partitions are kept in {out}; run the same command to go on",
             code=130)
        return
    for msg in summary.input_failures:
        warn(msg)
    for msg in summary.failed:
        warn(f"partition {msg}")
    typer.echo(summary.line())
    bad = bool(summary.input_failures or summary.failed)
    if db:
        from ..store import Ledger
        from .load import load_batch

        try:
            with Ledger(db) as ledger:
                loaded = load_batch(ledger, out, progress=True)
        except WarledgerError as exc:
            fail(str(exc))
            return
        for w in loaded.warnings:
            warn(w)
        typer.echo(loaded.line())
    if bad:
        raise typer.Exit(1)
