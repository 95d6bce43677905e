"""Geoparsing and geocoding scores against gold corpora (LGL / GeoVirus XML, UCDP CSV).

Conventions (corpus README): a predicted toponym matches a gold one when their character
spans overlap; precision and recall over spans; accuracy@161 km and median error over matched
gold toponyms that have coordinates. Geocoding: share of rows within 10 / 25 km.
"""

from __future__ import annotations

import csv
import statistics
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..geo.gazetteer import haversine_km
from ..progress import track


def read_geoparse_gold(path: str | Path) -> list[tuple[str, list[dict]]]:
    """(text, [{"start", "end", "lat", "lon"}]) per article of an LGL or GeoVirus XML file."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise InputError(f"{path}: not a readable geoparsing XML file ({exc})") from exc
    docs = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        gold = []
        for t in list(art.iter("toponym")) + list(art.iter("location")):
            try:
                start, end = int(t.findtext("start")), int(t.findtext("end"))
            except (TypeError, ValueError):
                continue
            lat = t.findtext("gaztag/lat") or t.findtext("lat")
            lon = t.findtext("gaztag/lon") or t.findtext("lon")
            gold.append({"start": start, "end": end,
                         "lat": float(lat) if lat else None,
                         "lon": float(lon) if lon else None})
        docs.append((text, gold))
    if not docs:
        raise InputError(f"{path}: no <article> elements")
    return docs


def score_geoparse(path: str | Path, *, country_focus: str | None = None,
                   limit: int | None = None) -> dict:
    """Precision, recall, acc@161 km and median km of ``geoparse`` on a gold XML file."""
    from ..geo import geoparse

    docs = read_geoparse_gold(path)[:limit]
    n_gold = n_pred = tp_pred = tp_gold = 0
    errors: list[float] = []
    for text, gold in track(docs, "eval geoparse"):
        preds = geoparse(text, country_focus=country_focus)
        n_gold += len(gold)
        n_pred += len(preds)
        tp_pred += sum(1 for p in preds
                       if any(p.start < g["end"] and g["start"] < p.end for g in gold))
        for g in gold:
            hits = [p for p in preds if p.start < g["end"] and g["start"] < p.end]
            if not hits:
                continue
            tp_gold += 1
            p = hits[0]
            if g["lat"] is not None and p.latitude is not None:
                errors.append(haversine_km(g["lat"], g["lon"], p.latitude, p.longitude))
            elif g["lat"] is not None:
                errors.append(20000.0)  # matched but no coordinate: wrong
    precision = tp_pred / n_pred if n_pred else 0.0
    recall = tp_gold / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "n": n_gold, "docs": len(docs), "predicted": n_pred,
        "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
        "acc161": round(sum(e <= 161 for e in errors) / len(errors), 4) if errors else 0.0,
        "median_km": round(statistics.median(errors), 1) if errors else None,
        "matched_with_coords": len(errors),
    }


def read_geocode_gold(path: str | Path) -> list[tuple[str, float, float]]:
    """(description, lat, lon) per row of a CSV with where_description, latitude, longitude."""
    return [(d, lat, lon) for d, lat, lon, _day in read_geocode_rows(path)]


def read_geocode_rows(path: str | Path) -> list[tuple[str, float, float, date | None]]:
    """(description, lat, lon, date) per row; the date from ``date_start`` (UCDP's
    month/day/year, or ISO) when the CSV has it."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: not a readable CSV file ({exc})") from exc
    if rows and not {"where_description", "latitude", "longitude"} <= set(rows[0]):
        raise InputError(f"{path}: needs where_description, latitude and longitude columns")
    out = []
    for r in rows:
        try:
            out.append((r["where_description"] or "", float(r["latitude"]),
                        float(r["longitude"]), _row_date(r.get("date_start") or "")))
        except (TypeError, ValueError):
            continue
    return out


def _row_date(value: str) -> date | None:
    """'1/22/2014 12:00:00 AM', '02/06/2023 00:00' (UCDP) or '2023-02-06'."""
    day = value.strip().split(" ")[0]
    try:
        if "/" in day:
            month, dom, year = (int(x) for x in day.split("/"))
            return date(year, month, dom)
        return date.fromisoformat(day[:10]) if day else None
    except ValueError:
        return None


def score_geocode(path: str | Path, *, country_focus: str | None = "UA",
                  limit: int | None = None, dated: bool = True) -> dict:
    """Share of ``where_description`` rows geocoded within 10 / 25 km of the gold point.

    With ``dated`` (the default) each row's date picks the static prior's front lines of that
    day, as a coder knows the day of the event; without, every front line counts."""
    from ..geo import geocode

    rows = [r for r in read_geocode_rows(path)[:limit] if r[0].strip()]
    cache: dict[tuple, object] = {}
    found_at = []
    for desc, _lat, _lon, day in track(rows, "eval geocode"):
        key = (desc, day if dated else None)
        if key not in cache:
            cache[key] = geocode(desc, country_focus=country_focus, on=key[1])
        found_at.append(cache[key])
    return _geocode_report([(d, lat, lon) for d, lat, lon, _ in rows], found_at)


def score_geocode_ledger(path: str | Path, *, country_focus: str | None = "UA",
                         limit: int | None = None) -> dict:
    """The same shares, geocoded as a user meets them: the rows in date order, each geocoded
    with a fresh ledger's earlier events (its own geocodes of the weeks before) as the prior,
    then stored there as an event."""
    import tempfile

    from ..geo import geocode
    from ..models import Article, Event, Evidence, Result, content_hash
    from ..store.ledger import Ledger

    rows = [r for r in read_geocode_rows(path)[:limit] if r[0].strip()]
    order = sorted(range(len(rows)), key=lambda i: (rows[i][3] is None, rows[i][3] or date.min))
    found_at: list = [None] * len(rows)
    with tempfile.TemporaryDirectory(prefix="warledger-ledger-mode-") as tmp:
        ledger = Ledger(Path(tmp) / "ledger.db", fuse=False)
        try:
            for n, i in enumerate(track(order, "eval geocode --ledger-mode")):
                desc, _lat, _lon, day = rows[i]
                t = geocode(desc, country_focus=country_focus, on=day,
                            prior=ledger.geo_prior(day))
                found_at[i] = t
                if t is None or day is None or t.latitude is None:
                    continue
                art = Article(id=content_hash(f"{n}\n{desc}"), text=desc, published=day)
                ledger.add(Result(articles=[art], events=[Event(
                    id=f"ev-{n}", article_ids=[art.id], event_date=day,
                    disorder_type="Political violence", event_type="Battles",
                    sub_event_type="Armed clash", location=t.name, admin1=t.admin1,
                    country_code=t.country_code, latitude=t.latitude, longitude=t.longitude,
                    geo_precision=min(3, t.geo_precision or 3),
                    evidence=[Evidence(article_id=art.id, start=t.start, end=t.end,
                                       text=desc[t.start:t.end], field="location")])]))
        finally:
            ledger.close()
    return _geocode_report([(d, lat, lon) for d, lat, lon, _ in rows], found_at)


def _geocode_report(rows: list[tuple[str, float, float]], found_at: list) -> dict:
    within10 = within25 = found = 0
    errors = []
    for (_desc, lat, lon), t in zip(rows, found_at, strict=True):
        if t is None:
            continue
        found += 1
        d = haversine_km(lat, lon, t.latitude, t.longitude)
        errors.append(d)
        within10 += d <= 10
        within25 += d <= 25
    n = len(rows)
    c10, c25 = _single_answer_ceiling(rows)
    return {
        "n": n, "found": found,
        "within10": round(within10 / n, 4) if n else 0.0,
        "within25": round(within25 / n, 4) if n else 0.0,
        "median_km": round(statistics.median(errors), 1) if errors else None,
        # the best any geocoder giving one point per description could do: rows that share a
        # description but were coded to different places cannot all be right
        "ceiling_within10": round(c10 / n, 4) if n else 0.0,
        "ceiling_within25": round(c25 / n, 4) if n else 0.0,
    }


def _single_answer_ceiling(rows: list[tuple[str, float, float]]) -> tuple[int, int]:
    by_desc: dict[str, list[tuple[float, float]]] = {}
    for desc, lat, lon in rows:
        by_desc.setdefault(desc, []).append((lat, lon))
    c10 = c25 = 0
    for pts in by_desc.values():
        if len(pts) == 1:
            c10 += 1
            c25 += 1
            continue
        dist = [[haversine_km(a, b, c, d) for c, d in pts] for a, b in pts]
        c10 += max(sum(x <= 10 for x in row) for row in dist)
        c25 += max(sum(x <= 25 for x in row) for row in dist)
    return c10, c25
