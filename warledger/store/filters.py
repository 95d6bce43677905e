"""Event and claim filters, compiled to SQL (plus a haversine check for ``near``)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

EARTH_KM = 6371.0088


@dataclass(frozen=True)
class EventFilter:
    date_from: date | None = None
    date_to: date | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None            # substring of actor1/actor2/assoc actors
    claimant: str | None = None         # substring of any claimant
    near: tuple[float, float, float] | None = None  # (lat, lon, km)
    q: str | None = None                # full text over notes + article text/title
    min_confidence: float | None = None
    country: str | None = None          # country name or alpha-2 code
    ids: Sequence[str] | None = None
    limit: int | None = 1000
    offset: int = 0


@dataclass(frozen=True)
class ClaimFilter:
    kind: str | None = None
    claimant: str | None = None         # substring
    about: str | None = None            # substring
    date_from: date | None = None
    date_to: date | None = None
    q: str | None = None                # full text over claim text + article text/title
    event_id: str | None = None
    ids: Sequence[str] | None = None
    limit: int | None = 1000
    offset: int = 0


def clean_text(text: str) -> str:
    """User text as SQLite can take it: no NUL (it ends a string early, in FTS5 a syntax error),
    no lone surrogates (a command-line argument in a foreign encoding: not encodable as UTF-8)."""
    text = text.replace("\x00", " ")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)
    return text


def fts_query(text: str) -> str:
    """User words as an FTS5 query: every word must appear, each quoted as a plain string (so
    operators, column filters, prefixes and parentheses are words, never FTS syntax)."""
    words = [w for w in clean_text(text).split() if w.strip('"')]
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def like_pattern(value: str) -> str:
    """A LIKE pattern (with ``ESCAPE '\\'``) matching ``value`` as a plain substring: the user's
    ``%``, ``_`` and ``\\`` are literal characters, not wildcards."""
    value = clean_text(value)
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


_like = like_pattern


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def event_where(f: EventFilter) -> tuple[str, list[object]]:
    where: list[str] = []
    args: list[object] = []
    if f.date_from:
        where.append("e.event_date >= ?")
        args.append(f.date_from.isoformat())
    if f.date_to:
        where.append("e.event_date <= ?")
        args.append(f.date_to.isoformat())
    if f.event_type:
        where.append("e.event_type = ? COLLATE NOCASE")
        args.append(clean_text(f.event_type))
    if f.sub_event_type:
        where.append("e.sub_event_type = ? COLLATE NOCASE")
        args.append(clean_text(f.sub_event_type))
    if f.actor:
        where.append("(" + " OR ".join(
            f"e.{c} LIKE ? ESCAPE '\\'" for c in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
        ) + ")")
        args.extend([_like(f.actor)] * 4)
    if f.claimant:  # over each claimant string, not over the JSON text of the list
        where.append("EXISTS (SELECT 1 FROM json_each(e.claimants) j WHERE j.value LIKE ? ESCAPE '\\')")
        args.append(_like(f.claimant))
    if f.min_confidence is not None:
        where.append("e.confidence >= ?")
        args.append(f.min_confidence)
    if f.country:
        where.append("(e.country = ? COLLATE NOCASE OR e.country_code = ? COLLATE NOCASE)")
        args.extend([clean_text(f.country)] * 2)
    if f.ids is not None:
        ids = [clean_text(i) for i in f.ids]
        where.append(f"e.id IN ({','.join('?' * len(ids))})" if ids else "1 = 0")
        args.extend(ids)
    if f.near:
        lat, lon, km = f.near
        dlat = km / 111.0
        dlon = km / max(1e-6, 111.320 * math.cos(math.radians(lat)))
        where.append("e.latitude BETWEEN ? AND ?")
        args.extend([lat - dlat, lat + dlat])
        if dlon < 180:
            lo, hi = lon - dlon, lon + dlon
            if lo < -180 or hi > 180:  # the box crosses the antimeridian
                where.append("(e.longitude >= ? OR e.longitude <= ?)")
                args.extend([lo + 360 if lo < -180 else lo, hi - 360 if hi > 180 else hi])
            else:
                where.append("e.longitude BETWEEN ? AND ?")
                args.extend([lo, hi])
    if f.q and fts_query(f.q):
        q = fts_query(f.q)
        where.append(
            "(e.pk IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?) OR e.id IN ("
            "SELECT ea.event_id FROM event_articles ea JOIN articles a ON a.id = ea.article_id "
            "WHERE a.pk IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)))"
        )
        args.extend([q, q])
    return (" WHERE " + " AND ".join(where)) if where else "", args


def claim_where(f: ClaimFilter) -> tuple[str, list[object]]:
    where: list[str] = []
    args: list[object] = []
    if f.kind:
        where.append("c.kind = ? COLLATE NOCASE")
        args.append(clean_text(f.kind))
    if f.claimant:
        where.append("c.claimant LIKE ? ESCAPE '\\'")
        args.append(_like(f.claimant))
    if f.about:
        where.append("c.about LIKE ? ESCAPE '\\'")
        args.append(_like(f.about))
    if f.date_from:
        where.append("c.date >= ?")
        args.append(f.date_from.isoformat())
    if f.date_to:
        where.append("c.date <= ?")
        args.append(f.date_to.isoformat())
    if f.event_id:
        where.append("c.event_id = ?")
        args.append(clean_text(f.event_id))
    if f.ids is not None:
        ids = [clean_text(i) for i in f.ids]
        where.append(f"c.id IN ({','.join('?' * len(ids))})" if ids else "1 = 0")
        args.extend(ids)
    if f.q and fts_query(f.q):  # every word in the claim's text, or the article's text/title
        words = [w.strip('"') for w in clean_text(f.q).split() if w.strip('"')]
        where.append(
            "((" + " AND ".join(["c.text LIKE ? ESCAPE '\\'"] * len(words)) + ") OR c.article_id IN "
            "(SELECT a.id FROM articles a WHERE a.pk IN "
            "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)))"
        )
        args.extend([*(_like(w) for w in words), fts_query(f.q)])
    return (" WHERE " + " AND ".join(where)) if where else "", args
