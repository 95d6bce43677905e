"""Exports: ACLED-style CSV, GeoJSON, JSONL and Parquet.

- ACLED CSV: ACLED's 31 columns in ACLED's order, then ours (``EXTRA_COLUMNS``). ``event_id_cnty``
  is our event id (ACLED's own numbering is theirs to give); ``source`` lists the reporting
  articles' sources; ``timestamp`` is the Unix time of the export unless given.
- GeoJSON: one Feature per event; an event without coordinates is KEPT with ``"geometry": null``
  (valid RFC 7946), so an export never silently drops records. Map tools skip such features.
- JSONL: one record per line, as the records' JSON.
- Parquet: one row per event with typed columns (lists as list columns, evidence as structs).
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Any

from ..models import Article, Event

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]
EXTRA_COLUMNS = [
    "injuries", "weapon", "claimants", "confidence", "geonameid", "country_code", "article_ids",
    "evidence", "id",
]
CSV_COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS
# columns written as numbers (or blank); every other column is text and is made formula-safe
NUMERIC_COLUMNS = frozenset({
    "year", "time_precision", "inter1", "inter2", "interaction", "iso", "latitude", "longitude",
    "geo_precision", "fatalities", "timestamp", "injuries", "confidence", "geonameid",
})
# a spreadsheet reads a cell starting with one of these as a formula (CSV/formula injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# ACLED regions for the countries this tool mostly sees (by ISO alpha-2); others stay blank.
_REGIONS = {
    **dict.fromkeys(["UA", "RU", "BY", "MD", "PL", "RO", "HU", "SK", "LT", "LV", "EE", "FI",
                     "DE", "FR", "GB", "IT", "ES", "BG", "RS", "HR", "BA", "XK", "AL", "MK",
                     "GR", "CZ", "AT", "NL", "BE", "SE", "NO", "DK", "IE", "PT", "CH"], "Europe"),
    **dict.fromkeys(["GE", "AM", "AZ", "KZ", "KG", "TJ", "TM", "UZ"], "Caucasus and Central Asia"),
    **dict.fromkeys(["SY", "IQ", "IR", "IL", "PS", "LB", "JO", "YE", "SA", "TR", "AE", "OM",
                     "QA", "KW", "BH"], "Middle East"),
}


def formula_safe(value: Any) -> Any:
    """A text cell a spreadsheet will not run: ``'`` before a leading ``= + - @``, tab or CR
    (the apostrophe is the spreadsheets' own "this is text" mark). A CR inside the text becomes a
    newline: the csv module (line terminator "\\n") would leave a bare CR unquoted, and readers
    take it for the end of the row. Non-text values pass as they are."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def safe_row(row: Mapping[str, Any], numeric: frozenset[str] | set[str] = frozenset()) -> dict[str, Any]:
    """``row`` with every text column (all but ``numeric``) made formula-safe."""
    return {k: (v if k in numeric else formula_safe(v)) for k, v in row.items()}


def _cell(value: Any) -> Any:
    return "" if value is None else value


def _source_of(article: Article | None) -> str | None:
    if article is None:
        return None
    if article.source:
        return article.source
    if article.url:
        from urllib.parse import urlsplit

        return urlsplit(article.url).hostname or article.url
    return article.title


def acled_rows(events: Iterable[Event], articles: Mapping[str, Article] | None = None, *,
               timestamp: int | None = None) -> list[dict[str, Any]]:
    """Events as dicts keyed by ``CSV_COLUMNS`` (ACLED's columns, then ours)."""
    stamp = int(time.time()) if timestamp is None else timestamp
    rows = []
    for e in events:
        sources: list[str] = []
        for aid in e.article_ids:
            src = _source_of((articles or {}).get(aid))
            if src and src not in sources:
                sources.append(src)
        row = {
            "event_id_cnty": e.id,
            "event_date": e.event_date.isoformat() if e.event_date else "",
            "year": e.event_date.year if e.event_date else "",
            "time_precision": e.time_precision,
            "disorder_type": e.disorder_type,
            "event_type": e.event_type,
            "sub_event_type": e.sub_event_type,
            "actor1": _cell(e.actor1),
            "assoc_actor_1": _cell(e.assoc_actor_1),
            "inter1": _cell(e.inter1),
            "actor2": _cell(e.actor2),
            "assoc_actor_2": _cell(e.assoc_actor_2),
            "inter2": _cell(e.inter2),
            "interaction": _cell(e.interaction),
            "civilian_targeting": _cell(e.civilian_targeting),
            "iso": _cell(e.iso),
            "region": _REGIONS.get((e.country_code or "").upper(), ""),
            "country": _cell(e.country),
            "admin1": _cell(e.admin1),
            "admin2": _cell(e.admin2),
            "admin3": "",
            "location": _cell(e.location),
            "latitude": _cell(e.latitude),
            "longitude": _cell(e.longitude),
            "geo_precision": _cell(e.geo_precision),
            "source": "; ".join(sources),
            "source_scale": "",
            "notes": e.notes,
            "fatalities": 0 if e.fatalities is None else e.fatalities,
            "tags": "",
            "timestamp": stamp,
            "injuries": _cell(e.injuries),
            "weapon": _cell(e.weapon),
            "claimants": "; ".join(e.claimants),
            "confidence": e.confidence,
            "geonameid": _cell(e.geonameid),
            "country_code": _cell(e.country_code),
            "article_ids": "; ".join(e.article_ids),
            "evidence": json.dumps([x.model_dump(mode="json") for x in e.evidence],
                                   ensure_ascii=False),
            "id": e.id,
        }
        rows.append(row)
    return rows


def write_acled_csv(events: Iterable[Event], fp: IO[str], articles: Mapping[str, Article] | None = None,
                    *, timestamp: int | None = None) -> int:
    """Write the ACLED-style CSV (header + one row per event); return the number of rows.
    Text cells that a spreadsheet would read as a formula get a leading ``'``; numbers do not."""
    writer = csv.DictWriter(fp, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    rows = acled_rows(events, articles, timestamp=timestamp)
    writer.writerows(safe_row(r, NUMERIC_COLUMNS) for r in rows)
    return len(rows)


def feature(e: Event) -> dict[str, Any]:
    props = e.model_dump(mode="json")
    geometry = None
    if e.latitude is not None and e.longitude is not None:
        geometry = {"type": "Point", "coordinates": [e.longitude, e.latitude]}
    return {"type": "Feature", "id": e.id, "geometry": geometry, "properties": props}


def geojson(events: Iterable[Event]) -> dict[str, Any]:
    """A FeatureCollection; events without coordinates have ``geometry: null``."""
    return {"type": "FeatureCollection", "features": [feature(e) for e in events]}


def write_jsonl(records: Iterable[Any], fp: IO[str]) -> int:
    """One JSON object per line (pydantic records or plain dicts); return the count."""
    n = 0
    for r in records:
        obj = r.model_dump(mode="json") if hasattr(r, "model_dump") else r
        fp.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n


def parquet_schema():
    import pyarrow as pa  # type: ignore[import-untyped]

    evidence = pa.struct([("article_id", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
                          ("text", pa.string()), ("field", pa.string())])
    types = {
        "id": pa.string(), "article_ids": pa.list_(pa.string()), "event_date": pa.date32(),
        "time_precision": pa.int8(), "inter1": pa.int16(), "inter2": pa.int16(),
        "interaction": pa.int16(), "iso": pa.int16(), "latitude": pa.float64(),
        "longitude": pa.float64(), "geo_precision": pa.int8(), "geonameid": pa.int64(),
        "fatalities": pa.int64(), "injuries": pa.int64(), "claimants": pa.list_(pa.string()),
        "evidence": pa.list_(evidence), "confidence": pa.float64(),
    }
    return pa.schema([(name, types.get(name, pa.string())) for name in Event.model_fields])


def write_parquet(events: Iterable[Event], path: str | Path) -> int:
    """Write events to a Parquet file (typed columns); return the number of rows."""
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    rows = [e.model_dump() for e in events]
    table = pa.Table.from_pylist(rows, schema=parquet_schema())
    pq.write_table(table, str(path))
    return len(rows)
