"""Commands over the ledger: ``events``, ``claims``, ``show`` (and ``export`` from export/)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ..cliutil import DATE_METAVAR, fail, note, parse_date_option

EVENT_FORMATS = ("table", "json", "csv", "geojson")
CLAIM_FORMATS = ("table", "json", "csv")

DB_HELP = "Ledger: a SQLite file, or postgresql://USER@HOST/DB (env WARLEDGER_DB)"


def db_option(help: str = DB_HELP) -> Any:
    """The ``--db`` option of every command over the ledger: a SQLite file or a PostgreSQL URL
    (a string: a Path would fold the URL's ``//``), also from the environment's WARLEDGER_DB."""
    return typer.Option("warledger.db", "--db", envvar="WARLEDGER_DB", help=help)


# The event filter options, declared once for `events` and `export` (see event_filter()).
Db = Annotated[str, typer.Option("--db", envvar="WARLEDGER_DB", help=DB_HELP)]
DateFrom = Annotated[str | None, typer.Option("--from", metavar=DATE_METAVAR,
                                             help="Events on or after this day")]
DateTo = Annotated[str | None, typer.Option("--to", metavar=DATE_METAVAR,
                                           help="Events on or before this day")]
EventType = Annotated[str | None, typer.Option("--type", help="ACLED event type")]
SubType = Annotated[str | None, typer.Option("--sub-type", help="ACLED sub-event type")]
Actor = Annotated[str | None, typer.Option(help="Actor name contains")]
Claimant = Annotated[str | None, typer.Option(help="Claimant contains")]
Near = Annotated[str | None, typer.Option(help='"LAT,LON": events within --km of this point')]
Km = Annotated[float, typer.Option(help="Radius for --near")]
Query = Annotated[str | None, typer.Option("--q", help="Words in the notes or the article text")]
MinConfidence = Annotated[float | None, typer.Option(help="Minimum confidence 0..1")]


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the main app."""
    from ..export import cli as export_cli

    app.command("events")(events)
    app.command("claims")(claims)
    app.command("show")(show)
    export_cli.register(app)


def open_ledger(db: str | Path):
    """Open an existing ledger for reading (one clear line if it is missing or unusable)."""
    from ..errors import StoreError
    from ..store import Ledger
    from ..store.pg import is_url

    if not is_url(db) and not Path(db).exists():
        fail(f"{db}: no such ledger (create it with: warledger ingest PATH --db {db})")
    try:
        return Ledger(db)
    except StoreError as exc:
        if "not writable" in str(exc):
            try:
                return Ledger(db, readonly=True)
            except StoreError as exc2:
                fail(str(exc2))
        fail(str(exc))


def event_filter(date_from, date_to, event_type, sub_type, actor, claimant, near, km, q,
                 min_confidence, limit):
    from ..store import EventFilter

    point = None
    if near:
        try:
            lat, lon = (float(x) for x in near.split(","))
        except ValueError:
            fail(f'--near {near!r}: use "LAT,LON", e.g. --near "47.84,35.14"')
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or km <= 0:
            fail(f"--near {near!r} --km {km}: latitude/longitude out of range or radius not positive")
        point = (lat, lon, km)
    return EventFilter(
        date_from=parse_date_option(date_from, "--from"), date_to=parse_date_option(date_to, "--to"),
        event_type=event_type, sub_event_type=sub_type, actor=actor, claimant=claimant, near=point,
        q=q, min_confidence=min_confidence, limit=limit,
    )


def _console():
    from rich.console import Console

    return Console(width=None if sys.stdout.isatty() else 100, highlight=False)


def events(
    db: Db = "warledger.db",
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
    limit: int = typer.Option(1000, help="At most this many events"),
    format: str = typer.Option("table", "--format", "-f", help="table, json, csv or geojson"),
) -> None:
    """List the ledger's events, filtered."""
    from ..export import formats as fmt
    from . import present

    if format not in EVENT_FORMATS:
        fail(f"unknown --format {format!r} (use {', '.join(EVENT_FORMATS)})")
    filt = event_filter(date_from, date_to, event_type, sub_type, actor, claimant, near, km, q,
                        min_confidence, limit)
    with open_ledger(db) as ledger:
        found = ledger.events(filt)
        if format == "table":
            _console().print(present.events_table(found))
            note(f"{len(found)} events")
        elif format == "json":
            typer.echo(json.dumps([e.model_dump(mode="json") for e in found], indent=2,
                                  ensure_ascii=False))
        elif format == "csv":
            ids = {a for e in found for a in e.article_ids}
            fmt.write_acled_csv(found, sys.stdout, articles=ledger.articles_by_id(ids))
        else:
            typer.echo(json.dumps(fmt.geojson(found), ensure_ascii=False))


def claims(
    db: str = db_option(),
    kind: str = typer.Option(None, help="losses, interception, casualties, territory, ..."),
    claimant: str = typer.Option(None, help="Claimant contains"),
    about: str = typer.Option(None, help="The side it is about contains"),
    date_from: str = typer.Option(None, "--from", metavar=DATE_METAVAR, help="On or after this day"),
    date_to: str = typer.Option(None, "--to", metavar=DATE_METAVAR, help="On or before this day"),
    q: str = typer.Option(None, "--q", help="Words in the claim or the article text"),
    event: str = typer.Option(None, "--event", help="Claims about this event id"),
    limit: int = typer.Option(1000, help="At most this many claims"),
    format: str = typer.Option("table", "--format", "-f", help="table, json or csv"),
) -> None:
    """List the ledger's claims, filtered."""
    from ..store import ClaimFilter
    from . import present

    if format not in CLAIM_FORMATS:
        fail(f"unknown --format {format!r} (use {', '.join(CLAIM_FORMATS)})")
    filt = ClaimFilter(kind=kind, claimant=claimant, about=about,
                       date_from=parse_date_option(date_from, "--from"),
                       date_to=parse_date_option(date_to, "--to"), q=q, event_id=event, limit=limit)
    with open_ledger(db) as ledger:
        found = ledger.claims(filt)
        if format == "table":
            _console().print(present.claims_table(found))
            note(f"{len(found)} claims")
        elif format == "json":
            typer.echo(json.dumps([c.model_dump(mode="json") for c in found], indent=2,
                                  ensure_ascii=False))
        else:
            present.write_claims_csv(found, sys.stdout)


def show(
    id: str = typer.Argument(..., help="An event, claim or article id"),
    db: str = db_option(),
    why: bool = typer.Option(
        False, "--why/--no-why",
        help="Also explain the extraction: for an article, the candidates that were not kept "
             "(status and reason); for an event, the tellings that made it"),
) -> None:
    """Print one event, claim or article with its evidence highlighted in context."""
    from . import present

    terminal = sys.stdout.isatty()
    with open_ledger(db) as ledger:
        record = ledger.event(id) or ledger.claim(id) or ledger.article(id)
        if record is None:
            fail(f"{id}: no event, claim or article with this id in {db}")
        extra: list[tuple[str, str]] = []
        if hasattr(record, "article_ids"):
            ids = list(record.article_ids)
        elif hasattr(record, "article_id"):
            ids = [record.article_id]
        else:
            ids = [record.id]
            n_ev = ledger.conn.execute("SELECT COUNT(*) FROM event_articles WHERE article_id = ?",
                                       (record.id,)).fetchone()[0]
            n_cl = ledger.conn.execute("SELECT COUNT(*) FROM claims WHERE article_id = ?",
                                       (record.id,)).fetchone()[0]
            extra.append(("ledger", f"{n_ev} events, {n_cl} claims"))
            canonical = ledger.canonical_id(record.id)
            if canonical:
                extra.append(("duplicate_of", canonical))
        if hasattr(record, "article_ids"):
            from ..fuse import show_lines

            extra += show_lines(ledger, record.id)  # figures over time, contradictions, decisions
        ids += [x.article_id for x in getattr(record, "evidence", [])]
        articles = ledger.articles_by_id(ids)
        present.print_record(_console(), record, articles, terminal, extra)
        if why:
            _why(record, articles)


def _why(record, articles) -> None:
    """Re-extract the record's articles (the extractor is deterministic) and show the
    candidates: those not kept for an article, those that made it for an event."""
    from ..extract import explain, extract_article
    from ..models import Article, Event
    from ..options import Options

    console = _console()
    if not isinstance(record, Event | Article):
        console.print("why: a claim is read from its own words (see its evidence); "
                      "use --why on its article or event")
        return
    own = [record.id] if isinstance(record, Article) else list(record.article_ids)
    for aid in own:
        art = articles.get(aid)
        if art is None:
            continue
        result = extract_article(art, Options(published=art.published))
        if isinstance(record, Article):
            gone = explain.dropped(result.candidates)
            console.print(f"why: {explain.summary_line(result.candidates)} "
                          f"(re-extracted now from the stored text)")
            if gone:
                console.print(explain.table(gone, f"not kept in {aid}"))
        else:
            made = explain.of_event(result.candidates, record)
            console.print(f"why: {len(made)} telling(s) in article {aid} made this event "
                          f"(re-extracted now from the stored text)")
            if made:
                console.print(explain.table(made, f"tellings in {aid}"))
