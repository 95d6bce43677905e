"""Commands of the fuse stage: ``split``, ``merge``, ``contradictions``, ``figures``, ``fuse``."""

from __future__ import annotations

import json

import typer

from ..cliutil import DATE_METAVAR
from ..store.cli import db_option

DB = db_option()


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the main app."""
    app.command("split")(split)
    app.command("merge")(merge)
    app.command("contradictions")(contradictions)
    app.command("figures")(figures)
    app.command("fuse")(fuse)


def _open(db: str):
    from ..store.cli import open_ledger

    return open_ledger(db)


def _run(fn, *args, **kw):
    from ..cliutil import fail
    from ..errors import WarledgerError

    try:
        return fn(*args, **kw)
    except WarledgerError as exc:
        fail(str(exc))


def split(
    id: str = typer.Argument(..., help="A fused event id"),
    articles: list[str] = typer.Argument(None, help="Article ids to take out (default: all but the first)"),
    db: str = DB,
    note: str = typer.Option(None, help="Why (kept with the decision)"),
) -> None:
    """Split a fused event: the articles' records become events of their own, and stay apart."""
    from . import ops

    with _open(db) as ledger:
        ids = _run(ops.split, ledger, id, articles or None, note=note)
    typer.echo(f"split {id} into {len(ids)} events: {' '.join(ids)}")


def merge(
    keep: str = typer.Argument(..., help="The event to keep"),
    other: str = typer.Argument(..., help="The event merged into it (its id disappears)"),
    db: str = DB,
    note: str = typer.Option(None, help="Why (kept with the decision)"),
) -> None:
    """Merge two events into one (recorded, so a re-run of fusion keeps them together)."""
    from . import ops

    with _open(db) as ledger:
        _run(ops.merge, ledger, keep, other, note=note)
    typer.echo(f"merged {other} into {keep}")


def contradictions(
    db: str = DB,
    format: str = typer.Option("table", "--format", "-f", help="table or json"),
    date_from: str = typer.Option(None, "--from", metavar=DATE_METAVAR,
                                  help="Events/claims on or after this day"),
    date_to: str = typer.Option(None, "--to", metavar=DATE_METAVAR, help="On or before this day"),
    event: str = typer.Option(None, "--event", help="Only this event's claims"),
) -> None:
    """Claims about the same quantity that disagree beyond their qualifiers, with both claimants."""
    from ..cliutil import fail, parse_date_option
    from . import contradictions as C

    if format not in ("table", "json"):
        fail(f"unknown --format {format!r} (use table or json)")
    d1, d2 = parse_date_option(date_from, "--from"), parse_date_option(date_to, "--to")
    with _open(db) as ledger:
        found = C.contradictions(ledger, event_ids=[event] if event else None, date_from=d1, date_to=d2)
    if format == "json":
        typer.echo(json.dumps([c.to_dict() for c in found], indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("event", "quantity", "claim A", "claimant A", "claim B", "claimant B")
    for c in found:
        table.add_row(c.event_id or "-", f"{c.kind}/{c.key}", _val(c.a), _who(c.a),
                      _val(c.b), _who(c.b))
    Console(width=160).print(table)
    typer.echo(f"{len(found)} contradictions", err=True)


def _who(side) -> str:
    return side.claimant or (f"unattributed ({side.source})" if side.source else "unattributed")


def _val(side) -> str:
    v = int(side.value) if float(side.value).is_integer() else side.value
    return f"{side.qualifier + ' ' if side.qualifier else ''}{v} [{side.claim_id}]"


def figures(
    id: str = typer.Argument(..., help="An event id"),
    db: str = DB,
    format: str = typer.Option("table", "--format", "-f", help="table or json"),
) -> None:
    """An event's casualty figures: the ACLED-rule figure, the range and the history."""
    from ..cliutil import fail
    from . import describe

    if format not in ("table", "json"):
        fail(f"unknown --format {format!r} (use table or json)")
    with _open(db) as ledger:
        if ledger.event(id) is None:
            fail(f"{id}: no event with this id in {db}")
        info = describe(ledger, id)
    if format == "json":
        typer.echo(json.dumps(info, indent=2, ensure_ascii=False, default=str))
        return
    f = info["figures"]
    typer.echo(f"fatalities {f['fatalities']} (range {f['range']['fatalities']}), "
               f"injuries {f['injuries']} (range {f['range']['injuries']})")
    for h in f["history"]:
        mark = " (update)" if h["updating"] else ""
        typer.echo(f"  {h['published'] or 'undated'}  {h['claimant'] or 'unattributed'}: "
                   f"fatalities {h['fatalities']}, injuries {h['injuries']}"
                   f"{' ' + h['qualifier'] if h['qualifier'] else ''}{mark}  [{h['claim_id'] or h['record_id']}]")
    for c in info["contradictions"]:
        typer.echo(f"  contradiction {c['key']}: {c['a']['value']} ({c['a']['claimant']}) vs "
                   f"{c['b']['value']} ({c['b']['claimant']})")


def fuse(db: str = DB) -> None:
    """Re-run fusion over the whole ledger from the raw records, keeping the analyst's decisions."""
    from . import ops

    with _open(db) as ledger:
        out = _run(ops.refuse, ledger)
    typer.echo(f"{out['records']} extracted events -> {out['events']} events ({out['fused']} fused)")
