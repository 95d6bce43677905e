"""The store's fusion hook: a new event joins an existing one, or not.

``fuse_event(ledger, event)`` is ``Ledger.fuser``: it is called inside ``Ledger.add`` for each
new event, after the article row is written. It looks up candidates through the indexes on
``event_date`` and ``(latitude, longitude)`` (a date window and a bounding box, the same
event_type), drops the ones an analyst split apart, applies ``match.same_incident`` and returns
the best candidate's id. Before returning it writes the fused figures (ACLED rule over all
reports), the union of claimants and the more precise place/date onto that event; the store
then attaches the new article and its evidence.

``install(ledger)`` sets the three hooks (this one, ``dedup.find_canonical`` and
``disputes.on_claims``).
"""

from __future__ import annotations

import json
import math
from collections import OrderedDict
from datetime import timedelta
from typing import TYPE_CHECKING

from ..models import Event
from . import figures
from .match import Features, event_features, same_incident

if TYPE_CHECKING:
    from ..store import Ledger

WINDOW_DAYS = 17          # widest date window: 15 (month precision) + 1 + 1
BOX_KM = 50.0             # widest radius (region precision)
_TEXTS: OrderedDict[str, str] = OrderedDict()   # article id (a content hash) -> text


def install(ledger: Ledger) -> Ledger:
    from .dedup import find_canonical
    from .disputes import on_claims

    ledger.dedup = find_canonical
    ledger.fuser = fuse_event
    ledger.contradict = on_claims
    return ledger


def article_texts(ledger: Ledger, ids: set[str]) -> dict[str, str]:
    """Article texts by id, through a small cache (ids are content hashes, so never stale)."""
    out = {i: _TEXTS[i] for i in ids if i in _TEXTS}
    missing = [i for i in ids if i not in out]
    for i in range(0, len(missing), 500):
        chunk = missing[i:i + 500]
        for r in ledger.conn.execute(
                f"SELECT id, text FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk):
            out[r[0]] = r[1]
            _TEXTS[r[0]] = r[1]
            if len(_TEXTS) > 2000:
                _TEXTS.popitem(last=False)
    return out


def features(ledger: Ledger, event: Event) -> Features:
    return event_features(event, article_texts(ledger, {e.article_id for e in event.evidence}))


def member_keys(ledger: Ledger, event_id: str) -> set[str]:
    return {f"{r[0]}/{r[1]}" for r in ledger.conn.execute(
        "SELECT article_id, record_id FROM extractions WHERE kind = 'event' AND ledger_id = ?",
        (event_id,))}


def split_groups(ledger: Ledger) -> list[list[set[str]]]:
    return [[set(g) for g in json.loads(r[0])] for r in ledger.conn.execute(
        "SELECT groups FROM fusion_decisions WHERE kind = 'split' ORDER BY pk")]


def kept_apart(keys_a: set[str], keys_b: set[str], splits: list[list[set[str]]]) -> bool:
    """Did an analyst split records of ``keys_a`` from records of ``keys_b``?"""
    for groups in splits:
        ia = {i for i, g in enumerate(groups) if g & keys_a}
        ib = {i for i, g in enumerate(groups) if g & keys_b}
        if ia and ib and (ia | ib) != (ia & ib):
            return True
    return False


def candidates(ledger: Ledger, event: Event) -> list[Event]:
    """Stored events that could be the same incident (date window, bounding box, type)."""
    from ..store import rows as R

    if event.event_date is None:
        return []
    lo = (event.event_date - timedelta(days=WINDOW_DAYS)).isoformat()
    hi = (event.event_date + timedelta(days=WINDOW_DAYS)).isoformat()
    args: list[object] = [lo, hi, event.event_type]
    where = "e.event_date BETWEEN ? AND ? AND e.event_type = ?"
    if event.latitude is not None and event.longitude is not None:
        dlat = BOX_KM / 111.0
        dlon = BOX_KM / (111.0 * max(0.1, math.cos(math.radians(event.latitude))))
        where += " AND e.latitude BETWEEN ? AND ? AND e.longitude BETWEEN ? AND ?"
        args += [event.latitude - dlat, event.latitude + dlat,
                 event.longitude - dlon, event.longitude + dlon]
    elif event.location:
        where += " AND e.latitude IS NULL AND lower(e.location) = lower(?)"
        args.append(event.location)
    else:
        return []
    if event.article_ids:
        where += (" AND NOT EXISTS (SELECT 1 FROM event_articles x WHERE x.event_id = e.id AND "
                  f"x.article_id IN ({','.join('?' * len(event.article_ids))}))")
        args += list(event.article_ids)
    rows = ledger.conn.execute(
        f"SELECT e.* FROM events e WHERE {where} "
        "ORDER BY abs(julianday(e.event_date) - julianday(?)), e.pk LIMIT 300",  # a total order:
        # the same candidates, in the same order, on SQLite and PostgreSQL
        [*args, event.event_date.isoformat()]).fetchall()
    return R.rows_to_events(ledger.conn, rows)


def best_match(ledger: Ledger, event: Event) -> tuple[Event, float] | None:
    cands = candidates(ledger, event)
    if not cands:
        return None
    fe = features(ledger, event)
    splits = split_groups(ledger)
    own = {f"{a}/{event.id}" for a in event.article_ids}
    best: tuple[Event, float] | None = None
    for c in cands:
        if event.id == c.id:
            continue
        if splits and kept_apart(own, member_keys(ledger, c.id), splits):
            continue
        verdict = same_incident(event, c, fe, features(ledger, c))
        if verdict.ok and (best is None or verdict.score > best[1]):
            best = (c, verdict.score)
    return best


def fuse_event(ledger: Ledger, event: Event) -> str | None:
    """The store's fuser hook: the id of the event this one joins (updated), or None."""
    found = best_match(ledger, event)
    if found is None:
        return None
    target = found[0]
    absorb(ledger, target, event)
    return target.id


def absorb(ledger: Ledger, target: Event, event: Event) -> None:
    """Update ``target``'s row for ``event`` joining it: figures, claimants, precision."""
    updates: dict[str, object] = {}
    if event.geo_precision and (target.geo_precision is None or event.geo_precision < target.geo_precision) \
            and event.latitude is not None:
        for k in ("location", "admin1", "admin2", "country", "iso", "country_code", "latitude",
                  "longitude", "geo_precision", "geonameid"):
            updates[k] = getattr(event, k)
    if event.event_date and event.time_precision < target.time_precision:
        updates["event_date"] = event.event_date.isoformat()
        updates["time_precision"] = event.time_precision
    for k in ("actor1", "actor2", "weapon", "civilian_targeting"):
        if getattr(target, k) is None and getattr(event, k) is not None:
            updates[k] = getattr(event, k)
    if "actor1" in updates or "actor2" in updates:  # keep the inter codes with their actors
        from ..taxonomy import interaction

        inter1 = event.inter1 if "actor1" in updates else target.inter1
        inter2 = event.inter2 if "actor2" in updates else target.inter2
        updates.update(inter1=inter1, inter2=inter2, interaction=interaction(inter1, inter2))
    if event.confidence > target.confidence:
        updates["confidence"] = event.confidence
    if updates:
        sets = ", ".join(f"{k} = ?" for k in updates)
        ledger.conn.execute(f"UPDATE events SET {sets} WHERE id = ?", [*updates.values(), target.id])
    figures.refresh(ledger, target.id, extra=[event])
