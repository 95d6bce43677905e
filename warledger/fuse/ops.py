"""The analyst's corrections: split a fused event, merge two events, and keep them.

Every ledger event knows the raw records it was made of (``extractions.ledger_id``), so both
operations are exact:

* ``split(ledger, id, article_ids=None)`` takes the records of the given articles (default:
  every article but the first) out of the event; each becomes an event of its own again (its
  extracted id, its evidence, its claims re-pointed). A ``split`` decision records the groups
  of raw records (``article_id/record_id``) that must stay apart: the fuser never joins them
  again, and ``refuse`` (a re-run of fusion over the whole ledger) keeps them apart.
* ``merge(ledger, keep, other)`` moves ``other``'s articles, evidence, claims and raw records
  into ``keep`` and deletes ``other``. A ``merge`` decision records the group; ``refuse``
  joins them again.
* ``refuse(ledger)`` rebuilds every event from the raw records in ingestion order, with the
  fusion rules and the recorded decisions.

All three run in one transaction and refresh the figures of the events they touch.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..errors import StoreError
from ..models import Event
from . import figures
from .fuser import member_keys

if TYPE_CHECKING:
    from ..store import Ledger


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _record(ledger: Ledger, kind: str, event_ids: list[str], groups: list[list[str]],
            note: str | None) -> None:
    ledger.conn.execute(
        "INSERT INTO fusion_decisions (kind, event_ids, groups, note, created) VALUES (?, ?, ?, ?, ?)",
        (kind, json.dumps(event_ids), json.dumps([sorted(g) for g in groups]), note, _now()))


def _require(ledger: Ledger, event_id: str) -> None:
    if not ledger.conn.execute("SELECT 1 FROM events WHERE id = ?", (event_id,)).fetchone():
        raise StoreError(f"no event {event_id} in {ledger.path} (list them with warledger events)")


class _Tx:
    def __init__(self, ledger: Ledger) -> None:
        self.conn = ledger.conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")


def _insert_event(ledger: Ledger, ev: Event) -> None:
    from ..store import rows as R

    ledger.conn.execute(f"INSERT INTO events ({', '.join(R.EVENT_COLS)}) "
                        f"VALUES ({', '.join('?' * len(R.EVENT_COLS))})", R.event_values(ev))


def _move_article(ledger: Ledger, article_id: str, src: str, dst: str) -> None:
    conn = ledger.conn
    (pos,) = conn.execute("SELECT COALESCE(MAX(position) + 1, 0) FROM event_articles WHERE event_id = ?",
                          (dst,)).fetchone()
    conn.execute("DELETE FROM event_articles WHERE event_id = ? AND article_id = ?", (src, article_id))
    conn.execute("INSERT OR IGNORE INTO event_articles (event_id, article_id, position) VALUES (?, ?, ?)",
                 (dst, article_id, pos))
    conn.execute("UPDATE evidence SET event_id = ? WHERE event_id = ? AND article_id = ?",
                 (dst, src, article_id))
    conn.execute("UPDATE claims SET event_id = ? WHERE event_id = ? AND article_id = ?",
                 (dst, src, article_id))
    conn.execute("UPDATE extractions SET ledger_id = ? WHERE ledger_id = ? AND article_id = ? "
                 "AND kind = 'event'", (dst, src, article_id))


def split(ledger: Ledger, event_id: str, article_ids: list[str] | None = None,
          note: str | None = None) -> list[str]:
    """Take articles' records out of a fused event; return the ids of the events now."""
    _require(ledger, event_id)
    conn = ledger.conn
    arts = [r[0] for r in conn.execute(
        "SELECT article_id FROM event_articles WHERE event_id = ? ORDER BY position", (event_id,))]
    if len(arts) < 2:
        raise StoreError(f"event {event_id} has one article only: nothing to split")
    take = list(dict.fromkeys(article_ids)) if article_ids else arts[1:]
    unknown = [a for a in take if a not in arts]
    if unknown:
        raise StoreError(f"event {event_id} has no article {unknown[0]}")
    if len(take) == len(arts):
        take = take[1:]
    raw: dict[str, list[Event]] = {}
    for r in conn.execute("SELECT article_id, json FROM extractions WHERE kind = 'event' "
                          "AND ledger_id = ? ORDER BY pk", (event_id,)):
        raw.setdefault(r[0], []).append(Event.model_validate_json(r[1]))
    result = [event_id]
    with _Tx(ledger):
        for aid in take:
            records = raw.get(aid)
            if not records:
                continue
            first = records[0]
            new_id = first.id if first.id != event_id else f"{first.id}-{aid[:6]}"
            if conn.execute("SELECT 1 FROM events WHERE id = ?", (new_id,)).fetchone():
                new_id = f"{new_id}-split"
            _insert_event(ledger, first.model_copy(update={"id": new_id}))
            _move_article(ledger, aid, event_id, new_id)
            figures.refresh(ledger, new_id)
            result.append(new_id)
        groups = [sorted(member_keys(ledger, e)) for e in result]
        _record(ledger, "split", result, groups, note)
        figures.refresh(ledger, event_id)
        _recompute_row(ledger, event_id)
        _disputes(ledger, result)
    return result


def merge(ledger: Ledger, keep: str, other: str, note: str | None = None) -> str:
    """Merge ``other`` into ``keep``; return ``keep``."""
    if keep == other:
        raise StoreError("merge needs two different events")
    _require(ledger, keep)
    _require(ledger, other)
    conn = ledger.conn
    with _Tx(ledger):
        groups = [sorted(member_keys(ledger, keep) | member_keys(ledger, other))]
        for (aid,) in conn.execute("SELECT article_id FROM event_articles WHERE event_id = ? "
                                   "ORDER BY position", (other,)).fetchall():
            _move_article(ledger, aid, other, keep)
        conn.execute("UPDATE evidence SET event_id = ? WHERE event_id = ?", (keep, other))
        conn.execute("UPDATE claims SET event_id = ? WHERE event_id = ?", (keep, other))
        conn.execute("UPDATE extractions SET ledger_id = ? WHERE ledger_id = ? AND kind = 'event'",
                     (keep, other))
        conn.execute("DELETE FROM events WHERE id = ?", (other,))
        _record(ledger, "merge", [keep, other], groups, note)
        figures.refresh(ledger, keep)
        _disputes(ledger, [keep, other])
    return keep


def _disputes(ledger: Ledger, event_ids: list[str]) -> None:
    """Claims moved between these events: their groups of contradictions are rewritten."""
    if ledger.contradict:
        from .disputes import refresh_events

        refresh_events(ledger, event_ids)
    else:
        ledger.conn.execute("UPDATE fuse_state SET value = 'stale' WHERE key = 'contradictions'")


def _recompute_row(ledger: Ledger, event_id: str) -> None:
    """After a split, the remaining event's claimants are those of its remaining records."""
    members = figures.member_events(ledger, event_id)
    claimants: list[str] = []
    for e in members:
        for c in e.claimants:
            if c not in claimants:
                claimants.append(c)
    for cl in figures.event_claims(ledger, event_id):
        if cl.kind == "casualties" and cl.claimant and cl.claimant not in claimants:
            claimants.append(cl.claimant)
    ledger.conn.execute("UPDATE events SET claimants = ? WHERE id = ?",
                        (json.dumps(claimants, ensure_ascii=False), event_id))
    if members and len(members) == 1:
        m = members[0]
        rep = figures.history(ledger, event_id)
        if not rep:
            ledger.conn.execute("UPDATE events SET fatalities = ?, injuries = ? WHERE id = ?",
                                (m.fatalities, m.injuries, event_id))
    figures.renote_event(ledger, event_id)


def decisions(ledger: Ledger) -> list[dict[str, Any]]:
    return [{"kind": r[0], "event_ids": json.loads(r[1]), "groups": json.loads(r[2]),
             "note": r[3], "created": r[4]}
            for r in ledger.conn.execute(
                "SELECT kind, event_ids, groups, note, created FROM fusion_decisions ORDER BY pk")]


def refuse(ledger: Ledger) -> dict[str, int]:
    """Rebuild all events from the raw records, with the rules and the analyst's decisions."""
    from .fuser import fuse_event

    conn = ledger.conn
    merges = [set(g) for d in decisions(ledger) if d["kind"] == "merge" for g in d["groups"]]
    raw = conn.execute(
        "SELECT x.article_id, x.record_id, x.json FROM extractions x JOIN articles a "
        "ON a.id = x.article_id WHERE x.kind = 'event' AND a.canonical_id IS NULL "
        "ORDER BY a.pk, x.pk").fetchall()
    claims = conn.execute(
        "SELECT x.article_id, x.record_id, x.json FROM extractions x JOIN articles a "
        "ON a.id = x.article_id WHERE x.kind = 'claim' AND a.canonical_id IS NULL").fetchall()
    with _Tx(ledger):
        conn.execute("UPDATE claims SET event_id = NULL")
        conn.execute("UPDATE extractions SET ledger_id = NULL WHERE kind = 'event'")
        conn.execute("DELETE FROM events")
        placed: dict[str, str] = {}      # "article/record" -> ledger event id
        mapping: dict[tuple[str, str], str] = {}
        for aid, rid, blob in raw:
            ev = Event.model_validate_json(blob)
            key = f"{aid}/{rid}"
            target = None
            for g in merges:
                if key in g:
                    target = next((placed[k] for k in g if k in placed), None)
                    if target:
                        break
            if target is None:
                target = fuse_event(ledger, ev)
            elif target:
                from .fuser import absorb

                absorb(ledger, ledger.event(target), ev)  # type: ignore[arg-type]
            if target is None:
                target = ev.id
                _insert_event(ledger, ev)
            ledger.attach(target, ev)
            conn.execute("UPDATE extractions SET ledger_id = ? WHERE article_id = ? AND record_id = ? "
                         "AND kind = 'event'", (target, aid, rid))
            placed[key] = target
            mapping[(aid, rid)] = target
        for aid, _rid, blob in claims:
            from ..models import Claim

            c = Claim.model_validate_json(blob)
            if c.event_id and (aid, c.event_id) in mapping:
                conn.execute("UPDATE claims SET event_id = ? WHERE id = ?",
                             (mapping[(aid, c.event_id)], c.id))
        for eid in set(mapping.values()):
            figures.refresh(ledger, eid)
        if ledger.contradict:
            from .disputes import rebuild

            rebuild(ledger)
        else:
            conn.execute("UPDATE fuse_state SET value = 'stale' WHERE key = 'contradictions'")
    n_events = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    return {"records": len(raw), "events": n_events, "fused": len(raw) - n_events}
