"""What the pages show, computed from the ledger: pure functions over a Ledger and records."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace
from typing import Any

from ..models import Article, Claim, Event, Evidence
from ..store import ClaimFilter, EventFilter, Ledger
from ..store.filters import event_where, haversine_km

SAFE_SCHEMES = ("http://", "https://")


def safe_url(url: str | None) -> str | None:
    """The URL if it is plain http(s), else None (a javascript: or data: URL is never a link)."""
    if not url:
        return None
    stripped = url.strip()
    if stripped.lower().startswith(SAFE_SCHEMES) and not any(ord(c) < 33 for c in stripped):
        return stripped
    return None


def count_events(ledger: Ledger, f: EventFilter) -> int:
    """How many events match the filter, ignoring limit and offset."""
    where, args = event_where(f)
    if not f.near:
        return int(ledger.conn.execute(f"SELECT COUNT(*) FROM events e{where}", args).fetchone()[0])
    lat, lon, km = f.near
    rows = ledger.conn.execute(f"SELECT e.latitude, e.longitude FROM events e{where}", args)
    return sum(1 for r in rows if r[0] is not None and r[1] is not None
               and haversine_km(lat, lon, r[0], r[1]) <= km)


def timeline(ledger: Ledger, f: EventFilter) -> dict[str, Any]:
    """Events per day and type for a filter (its dates ignored: the timeline shows the whole span)."""
    f = replace(f, date_from=None, date_to=None, limit=None, offset=0)
    where, args = event_where(f)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    undated = 0
    if not f.near:
        sql = (f"SELECT e.event_date, e.event_type, COUNT(*) FROM events e{where} "
               "GROUP BY e.event_date, e.event_type")
        for day, etype, n in ledger.conn.execute(sql, args):
            if day is None:
                undated += n
            else:
                counts[day][etype] += n
    else:
        lat, lon, km = f.near
        sql = f"SELECT e.event_date, e.event_type, e.latitude, e.longitude FROM events e{where}"
        for day, etype, la, lo in ledger.conn.execute(sql, args):
            if la is None or lo is None or haversine_km(lat, lon, la, lo) > km:
                continue
            if day is None:
                undated += 1
            else:
                counts[day][etype] += 1
    days = [{"date": d, "counts": dict(c), "total": sum(c.values())} for d, c in sorted(counts.items())]
    types = sorted({t for c in counts.values() for t in c})
    return {"days": days, "types": types, "undated": undated,
            "first": days[0]["date"] if days else None, "last": days[-1]["date"] if days else None}


def merge_spans(spans: list[tuple[int, int, str]], length: int) -> list[tuple[int, int, list[str]]]:
    """Overlapping (start, end, label) spans merged into sorted, disjoint ranges with their labels."""
    clean = sorted((max(0, s), min(length, e), lab) for s, e, lab in spans if e > s and s < length)
    out: list[tuple[int, int, list[str]]] = []
    for s, e, lab in clean:
        if out and s <= out[-1][1]:
            ps, pe, labels = out[-1]
            out[-1] = (ps, max(pe, e), labels + ([lab] if lab not in labels else []))
        else:
            out.append((s, e, [lab]))
    return out


def segments(text: str, evidence: list[Evidence]) -> list[dict[str, Any]]:
    """The article text cut into plain and highlighted pieces; each piece is escaped on render.

    A span whose offsets do not match its text is located by searching the text instead, and
    dropped if absent: the page never highlights the wrong words.
    """
    spans: list[tuple[int, int, str]] = []
    for ev in evidence:
        start, end = ev.start, ev.end
        if text[start:end] != ev.text:
            found = text.find(ev.text) if ev.text else -1
            if found < 0:
                continue
            start, end = found, found + len(ev.text)
        spans.append((start, end, ev.field or "evidence"))
    pieces: list[dict[str, Any]] = []
    pos = 0
    for s, e, labels in merge_spans(spans, len(text)):
        if s > pos:
            pieces.append({"text": text[pos:s], "mark": False})
        pieces.append({"text": text[s:e], "mark": True, "fields": ", ".join(labels)})
        pos = e
    if pos < len(text):
        pieces.append({"text": text[pos:], "mark": False})
    return pieces


def event_detail(ledger: Ledger, event: Event) -> dict[str, Any]:
    """Everything the event page shows: the event, its articles with highlights, its claims."""
    articles = ledger.articles_by_id(event.article_ids)
    claims = ledger.claims(ClaimFilter(event_id=event.id, limit=500))
    sources = []
    for aid in event.article_ids:
        art = articles.get(aid)
        if art is None:
            continue
        spans = [e for e in event.evidence if e.article_id == aid]
        spans += [e for c in claims for e in c.evidence if e.article_id == aid]
        sources.append({"article": art, "url": safe_url(art.url), "segments": segments(art.text, spans),
                        "evidence": [e for e in event.evidence if e.article_id == aid]})
    from ..fuse import describe

    fused = describe(ledger, event.id)  # figures over time, contradictions, analyst decisions
    return {"event": event, "sources": sources, "claims": claims, "fused": fused}


def article_events(ledger: Ledger, article_id: str) -> list[Event]:
    ids = [r[0] for r in ledger.conn.execute(
        "SELECT event_id FROM event_articles WHERE article_id = ? ORDER BY position, event_id",
        (article_id,))]
    return ledger.events(EventFilter(ids=ids, limit=None)) if ids else []


def article_detail(ledger: Ledger, article: Article) -> dict[str, Any]:
    events = article_events(ledger, article.id)
    claims = _article_claims(ledger, article.id)
    spans = [e for ev in events for e in ev.evidence if e.article_id == article.id]
    spans += [e for c in claims for e in c.evidence if e.article_id == article.id]
    return {"article": article, "url": safe_url(article.url), "segments": segments(article.text, spans),
            "events": events, "claims": claims}


def _article_claims(ledger: Ledger, article_id: str) -> list[Claim]:
    ids = [r[0] for r in ledger.conn.execute(
        "SELECT id FROM claims WHERE article_id = ? ORDER BY pk", (article_id,))]
    return ledger.claims(ClaimFilter(ids=ids, limit=None)) if ids else []


def claim_tallies(claims: list[Claim]) -> dict[str, Any]:
    """Loss tallies and interceptions as rows per (claimant, date), plus the category names."""
    losses: list[dict[str, Any]] = []
    intercepts: list[dict[str, Any]] = []
    categories: dict[str, None] = {}
    for c in claims:
        row = {"id": c.id, "date": c.date.isoformat() if c.date else None, "claimant": c.claimant,
               "about": c.about, "period": c.period, "qualifier": c.qualifier, "hedge": c.hedge,
               "quantities": c.quantities, "article_id": c.article_id, "event_id": c.event_id}
        if c.kind == "losses":
            losses.append(row)
            for k in c.quantities:
                categories.setdefault(k, None)
        elif c.kind == "interception":
            intercepts.append(row)
    key = lambda r: (r["date"] or "", r["claimant"] or "")  # noqa: E731
    return {"losses": sorted(losses, key=key), "interceptions": sorted(intercepts, key=key),
            "loss_categories": list(categories)}


SUMMARY_COLS = ("id", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "location", "admin1",
                "country", "latitude", "longitude", "geo_precision", "uncertainty_km", "fatalities",
                "injuries", "weapon", "claimants", "notes", "confidence")


def summaries(ledger: Ledger, f: EventFilter, newest_first: bool = False) -> list[dict[str, Any]]:
    """The light form of the events matching ``f`` straight from SQL (no evidence, no models):
    the same rows, in the same order, as ``Ledger.events(f)`` (or newest first)."""
    where, args = event_where(f)
    cols = ", ".join(f"e.{c}" for c in SUMMARY_COLS)
    order = "e.event_date DESC, e.id DESC" if newest_first else "e.event_date, e.id"
    sql = f"SELECT {cols} FROM events e{where} ORDER BY e.event_date IS NULL, {order}"
    if f.near:
        lat, lon, km = f.near
        rows = [r for r in ledger.conn.execute(sql, args)
                if r["latitude"] is not None and r["longitude"] is not None
                and haversine_km(lat, lon, r["latitude"], r["longitude"]) <= km]
        rows = rows[f.offset:None if f.limit is None else f.offset + f.limit]
    else:
        rows = ledger.conn.execute(sql + " LIMIT ? OFFSET ?",
                                   [*args, -1 if f.limit is None else f.limit, f.offset]).fetchall()
    out = []
    for r in rows:
        item = dict(zip(SUMMARY_COLS, tuple(r), strict=True))
        item["claimants"] = json.loads(item["claimants"] or "[]")
        out.append(item)
    return out


def event_summary(e: Event) -> dict[str, Any]:
    """The light form of an event the map and the list need."""
    return {"id": e.id, "event_date": e.event_date.isoformat() if e.event_date else None,
            "event_type": e.event_type, "sub_event_type": e.sub_event_type, "actor1": e.actor1,
            "actor2": e.actor2, "location": e.location, "admin1": e.admin1, "country": e.country,
            "latitude": e.latitude, "longitude": e.longitude, "geo_precision": e.geo_precision,
            "uncertainty_km": e.uncertainty_km, "fatalities": e.fatalities,
            "injuries": e.injuries, "weapon": e.weapon, "claimants": e.claimants, "notes": e.notes,
            "confidence": e.confidence}

