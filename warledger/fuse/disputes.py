"""Contradictions kept in the ledger, up to date as claims arrive (incremental on both stores).

A contradiction is always between two claims of one *group* (``contradictions._group_key``:
the same event and kind, or for claims tied to no event the same kind, date, period and side).
So when an article brings claims, only their groups can change: ``on_claims`` (the store's
``contradict`` hook, set by ``fuser.install``) re-reads each touched group's claims through the
indexes and rewrites that group's rows of the ``contradictions`` table, inside the article's
transaction. The analyst's operations that move claims between events (split, merge, a re-run
of fusion) refresh the groups of the events they touch (``refresh_events``) or all of them
(``rebuild``).

Reading (``stored``) is then a query, filtered by event or date in SQL, instead of a pass over
every claim of the ledger. A ledger whose table may be behind (written by an older warledger,
or with the fuse hooks off) is marked ``stale`` in ``fuse_state``; the next writer that asks
rebuilds it, and a read-only reader computes from the claims as before.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

from ..models import Claim
from .contradictions import Contradiction, Side, _group_key, find

if TYPE_CHECKING:
    from ..store import Ledger

STATE_KEY = "contradictions"


def group_key(c: Claim) -> str | None:
    """The group's key as stored, or None for a claim that is in no group."""
    if c.kind in ("assessment", "other") or not c.quantities:
        return None
    if c.event_id is None and (c.date is None or c.kind == "casualties"):
        return None
    return json.dumps([None if x is None else str(x) for x in _group_key(c)], ensure_ascii=False)


def _group_claims(ledger: Ledger, key: str) -> list[Claim]:
    from ..store import rows as R

    parts = json.loads(key)
    if parts[0] == "event":
        sql, args = "c.event_id = ? AND c.kind = ?", [parts[1], parts[2]]
    else:
        _, kind, day, period, about = parts
        sql = "c.event_id IS NULL AND c.kind = ? AND c.date = ? AND c.period IS ? AND c.about IS ?"
        args = [kind, day, period, about]
    rows = ledger.conn.execute(f"SELECT c.* FROM claims c WHERE {sql} ORDER BY c.pk", args).fetchall()
    return [c for c in R.rows_to_claims(ledger.conn, rows) if group_key(c) == key]


def _write_group(ledger: Ledger, key: str) -> None:
    from .figures import _articles

    conn = ledger.conn
    conn.execute("DELETE FROM contradictions WHERE group_key = ?", (key,))
    claims = _group_claims(ledger, key)
    if len(claims) < 2:
        return
    arts = _articles(ledger, {c.article_id for c in claims})
    found = find([(c, arts.get(c.article_id, {})) for c in claims])
    conn.executemany(
        "INSERT INTO contradictions (group_key, event_id, claim_a, claim_b, json) VALUES (?, ?, ?, ?, ?)",
        [(key, x.event_id, x.a.claim_id, x.b.claim_id, json.dumps(x.to_dict(), ensure_ascii=False))
         for x in found])


def on_claims(ledger: Ledger, claims: list[Claim]) -> None:
    """The store's hook: rewrite the groups of claims just stored (in their transaction)."""
    for key in dict.fromkeys(k for k in map(group_key, claims) if k):
        _write_group(ledger, key)


def refresh_events(ledger: Ledger, event_ids: list[str]) -> None:
    """Rewrite every group of these events (after claims moved between events)."""
    for eid in dict.fromkeys(event_ids):
        keys = {r[0] for r in ledger.conn.execute(
            "SELECT group_key FROM contradictions WHERE event_id = ?", (eid,))}
        kinds = [r[0] for r in ledger.conn.execute(
            "SELECT DISTINCT kind FROM claims WHERE event_id = ?", (eid,))]
        keys |= {json.dumps(["event", eid, k], ensure_ascii=False) for k in kinds}
        for key in keys:
            _write_group(ledger, key)


def rebuild(ledger: Ledger) -> int:
    """Recompute the whole table from the claims (inside the caller's transaction)."""
    from ..store import ClaimFilter

    conn = ledger.conn
    conn.execute("DELETE FROM contradictions")
    keys = dict.fromkeys(k for k in map(group_key, ledger.claims(ClaimFilter(limit=None))) if k)
    for key in keys:
        _write_group(ledger, key)
    set_state(ledger, "current")
    return conn.execute("SELECT COUNT(*) FROM contradictions").fetchone()[0]


def state(ledger: Ledger) -> str:
    row = ledger.conn.execute("SELECT value FROM fuse_state WHERE key = ?", (STATE_KEY,)).fetchone()
    return row[0] if row else "stale"


def set_state(ledger: Ledger, value: str) -> None:
    ledger.conn.execute("UPDATE fuse_state SET value = ? WHERE key = ?", (value, STATE_KEY))


def ensure_current(ledger: Ledger) -> bool:
    """Bring a stale table up to date when this ledger may write; True when it is current."""
    if state(ledger) == "current":
        return True
    if ledger.readonly:
        return False
    conn = ledger.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        if state(ledger) != "current":  # another writer may have done it meanwhile
            rebuild(ledger)
        conn.execute("COMMIT")
    except BaseException:
        ledger._rollback()
        raise
    return True


def _side(d: dict[str, Any]) -> Side:
    d = dict(d)
    for k in ("date", "published"):
        d[k] = date.fromisoformat(d[k]) if d[k] else None
    return Side(**d)


def from_dict(d: dict[str, Any]) -> Contradiction:
    return Contradiction(d["kind"], d["key"], d["event_id"], _side(d["a"]), _side(d["b"]))


def stored(ledger: Ledger, *, event_ids: list[str] | None = None, date_from: date | None = None,
           date_to: date | None = None) -> list[Contradiction]:
    """The stored contradictions, filtered as ``contradictions.contradictions`` filters claims:
    both claims dated (their event's date, else their own) within the window."""
    where: list[str] = []
    args: list[object] = []
    if event_ids is not None:
        if not event_ids:
            return []
        where.append(f"x.event_id IN ({','.join('?' * len(event_ids))})")
        args += list(event_ids)
    for side in ("a", "b"):
        day = f"COALESCE(e.event_date, {side}.date)"
        if date_from:
            where.append(f"{day} >= ?")
            args.append(date_from.isoformat())
        if date_to:
            where.append(f"{day} <= ?")
            args.append(date_to.isoformat())
    sql = ("SELECT x.json FROM contradictions x JOIN claims a ON a.id = x.claim_a "
           "JOIN claims b ON b.id = x.claim_b LEFT JOIN events e ON e.id = x.event_id"
           + (" WHERE " + " AND ".join(where) if where else ""))
    out = [from_dict(json.loads(r[0])) for r in ledger.conn.execute(sql, args)]
    out.sort(key=lambda c: (c.event_id or "", c.kind, c.key, c.a.claim_id, c.b.claim_id))
    return out
