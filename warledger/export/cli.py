"""``warledger export``: the ledger's events (or claims) to a file."""

from __future__ import annotations

from pathlib import Path

import typer

from ..store.cli import (
    Actor,
    Claimant,
    DateFrom,
    DateTo,
    Db,
    EventType,
    Km,
    MinConfidence,
    Near,
    Query,
    SubType,
)

FORMATS = ("acled-csv", "geojson", "jsonl", "parquet")


def register(app: typer.Typer) -> None:
    app.command("export")(export)


def export(
    format: str = typer.Option(..., "--format", "-f", help="acled-csv, geojson, jsonl or parquet"),
    out: Path = typer.Option(..., "--out", "-o", help="File to write"),
    db: Db = "warledger.db",
    records: str = typer.Option("events", help="events, or claims (jsonl only)"),
    date_from: DateFrom = None,
    date_to: DateTo = None,
    event_type: EventType = None,
    sub_type: SubType = None,
    actor: Actor = None,
    claimant: Claimant = None,
    near: Near = None,
    km: Km = 25.0,
    q: Query = None,
    min_confidence: MinConfidence = None,
    limit: int = typer.Option(None, help="At most this many events (default: all)"),
) -> None:
    """Export events (ACLED CSV, GeoJSON, JSONL, Parquet) or claims (JSONL)."""
    import json

    from .. import progress
    from ..cliutil import fail, note
    from ..errors import WarledgerError
    from ..store.cli import event_filter, open_ledger
    from . import formats as fmt

    if format not in FORMATS:
        fail(f"unknown --format {format!r} (use {', '.join(FORMATS)})")
    if records not in ("events", "claims"):
        fail(f"unknown --records {records!r} (use events or claims)")
    if records == "claims" and format != "jsonl":
        fail("claims export only as --format jsonl")
    filt = event_filter(date_from, date_to, event_type, sub_type, actor, claimant, near, km, q,
                        min_confidence, limit)
    try:
        with open_ledger(db) as ledger:
            if not out.parent.exists():
                fail(f"{out}: folder {out.parent} does not exist")
            with progress.task(f"reading the {records} from {db}"):
                items = ledger.claims(limit=None) if records == "claims" else ledger.events(filt)
            if format == "parquet":
                with progress.task(f"writing {out}"):
                    n = fmt.write_parquet(items, out)
            else:
                shown = progress.track(items, f"writing {out}")
                with open(out, "w", encoding="utf-8", newline="") as fp:
                    if format == "acled-csv":
                        ids = {a for e in items for a in e.article_ids}
                        n = fmt.write_acled_csv(shown, fp, articles=ledger.articles_by_id(ids))
                    elif format == "geojson":
                        json.dump(fmt.geojson(shown), fp, ensure_ascii=False)
                        n = len(items)
                    else:
                        n = fmt.write_jsonl(shown, fp)
    except WarledgerError as exc:
        fail(str(exc))
        return
    except OSError as exc:
        fail(f"{out}: cannot write ({exc.strerror or exc})")
        return
    note(f"exported {n} {records} to {out}")
