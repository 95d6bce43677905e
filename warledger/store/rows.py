"""Records <-> SQLite rows: one place that knows the column lists and the JSON-encoded fields."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date

from ..models import Article, Claim, Event, Evidence

ARTICLE_COLS = ("id", "text", "published", "source", "url", "title", "lang", "author", "external_id")
EVENT_COLS = tuple(f for f in Event.model_fields if f not in ("article_ids", "evidence"))
CLAIM_COLS = tuple(f for f in Claim.model_fields if f != "evidence")
_JSON_EVENT = {"claimants"}
_JSON_CLAIM = {"quantities"}
_DATE_FIELDS = {"event_date", "date", "published"}


def _db(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    return value


def _py(name: str, value: object) -> object:
    if value is not None and name in _DATE_FIELDS:
        return date.fromisoformat(str(value))
    return value


def article_values(a: Article) -> list[object]:
    return [_db(getattr(a, c)) for c in ARTICLE_COLS]


def event_values(e: Event) -> list[object]:
    return [json.dumps(getattr(e, c), ensure_ascii=False) if c in _JSON_EVENT else _db(getattr(e, c))
            for c in EVENT_COLS]


def claim_values(c: Claim) -> list[object]:
    return [json.dumps(getattr(c, k), ensure_ascii=False) if k in _JSON_CLAIM else _db(getattr(c, k))
            for k in CLAIM_COLS]


def row_to_article(row: sqlite3.Row) -> Article:
    return Article.model_validate({c: _py(c, row[c]) for c in ARTICLE_COLS})


def _chunks(items: Sequence[str], n: int = 500) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _evidence_for(conn: sqlite3.Connection, column: str, ids: Sequence[str]) -> dict[str, list[Evidence]]:
    out: dict[str, list[Evidence]] = {i: [] for i in ids}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(
            f'SELECT {column} AS owner, article_id, start, "end", text, field FROM evidence '
            f"WHERE {column} IN ({marks}) ORDER BY pk", list(chunk)
        ):
            out[r["owner"]].append(Evidence(article_id=r["article_id"], start=r["start"],
                                            end=r["end"], text=r["text"], field=r["field"]))
    return out


def rows_to_events(conn: sqlite3.Connection, rows: Sequence[sqlite3.Row]) -> list[Event]:
    ids = [r["id"] for r in rows]
    arts: dict[str, list[str]] = {i: [] for i in ids}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(
            f"SELECT event_id, article_id FROM event_articles WHERE event_id IN ({marks}) "
            "ORDER BY event_id, position", list(chunk)
        ):
            arts[r["event_id"]].append(r["article_id"])
    evid = _evidence_for(conn, "event_id", ids)
    out = []
    for r in rows:
        data = {c: (json.loads(r[c]) if c in _JSON_EVENT else _py(c, r[c])) for c in EVENT_COLS}
        out.append(Event.model_validate({**data, "article_ids": arts[r["id"]], "evidence": evid[r["id"]]}))
    return out


def rows_to_claims(conn: sqlite3.Connection, rows: Sequence[sqlite3.Row]) -> list[Claim]:
    ids = [r["id"] for r in rows]
    evid = _evidence_for(conn, "claim_id", ids)
    out = []
    for r in rows:
        data = {c: (json.loads(r[c]) if c in _JSON_CLAIM else _py(c, r[c])) for c in CLAIM_COLS}
        out.append(Claim.model_validate({**data, "evidence": evid[r["id"]]}))
    return out
