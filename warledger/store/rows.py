"""Records <-> SQLite rows: one place that knows the column lists and the JSON-encoded fields.

Reading builds records without re-validation (``builder``: ``model_construct`` without its
per-field walk; the rows were written from validated records), converting by hand what SQLite
cannot hold as such: dates (ISO text), the JSON columns, and a number a fuse update may have left
as the wrong kind (int vs float columns). A record read back compares equal to, and dumps like,
the validated record that was stored.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel

from ..models import Article, Claim, Event, Evidence

ARTICLE_COLS = ("id", "text", "published", "source", "url", "title", "lang", "author", "external_id")
EVENT_COLS = tuple(f for f in Event.model_fields if f not in ("article_ids", "evidence"))
CLAIM_COLS = tuple(f for f in Claim.model_fields if f != "evidence")
_JSON_EVENT = {"claimants"}
_JSON_CLAIM = {"quantities"}
_DATE_FIELDS = {"event_date", "date", "published"}
_LATER = {"article_ids", "evidence"}  # fields from other tables
_M = TypeVar("_M", bound=BaseModel)


def _of_type(model: type[BaseModel], kinds: tuple[object, ...]) -> frozenset[str]:
    return frozenset(n for n, f in model.model_fields.items() if f.annotation in kinds)


_INT_FIELDS = _of_type(Event, (int, int | None)) | _of_type(Claim, (int, int | None))
_FLOAT_FIELDS = _of_type(Event, (float, float | None)) | _of_type(Claim, (float, float | None))


def _db(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    return value


def _py(name: str, value: object) -> object:
    if value is not None and name in _DATE_FIELDS:
        return date.fromisoformat(str(value))
    return value


def _converter(name: str, json_fields: set[str]) -> Callable[[Any], Any] | None:
    """How a column's SQLite value becomes the field's Python value (None: as it is)."""
    if name in json_fields:
        return json.loads
    if name in _DATE_FIELDS:
        return _to_date
    if name in _INT_FIELDS:
        return _to_int
    if name in _FLOAT_FIELDS:
        return _to_float
    return None


def _to_date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _to_int(value: Any) -> int | None:
    return value if value is None or type(value) is int else int(value)


def _to_float(value: Any) -> float | None:
    return value if value is None or type(value) is float else float(value)


def _plan(rows: Sequence[sqlite3.Row], model: type[BaseModel], json_fields: set[str]):
    """(field, column index, converter) for every field of ``model`` in its order, from the
    rows' own column order; index -1 for the lists filled in afterwards (ids, evidence)."""
    keys = rows[0].keys()
    return [(c, -1 if c in _LATER else keys.index(c), _converter(c, json_fields))
            for c in model.model_fields]


def _values(row: sqlite3.Row, plan) -> dict[str, Any]:
    """The record's fields in the model's order (as a validated record holds them)."""
    return {c: (None if i < 0 else row[i] if conv is None else conv(row[i])) for c, i, conv in plan}


def builder(cls: type[_M]) -> Callable[[dict[str, Any]], _M]:
    """A fast ``cls.model_construct(**values)`` for a dict holding EVERY field of ``cls``.

    ``model_construct`` walks the fields in Python (aliases, defaults) and costs more than
    validating; with all fields given and none aliased, it comes down to setting the instance's
    ``__dict__`` and fields-set, which is what this does (a test checks both agree). A model this
    shortcut does not fit (aliases, private attributes, post-init) gets ``model_construct``.
    """
    fields = cls.model_fields
    if (any(f.alias or f.validation_alias for f in fields.values()) or cls.__private_attributes__
            or cls.__pydantic_post_init__ or cls.__pydantic_root_model__):
        return lambda values: cls.model_construct(**values)
    names = frozenset(fields)
    new, setattr_ = cls.__new__, object.__setattr__

    def build(values: dict[str, Any]) -> _M:
        m = new(cls)
        setattr_(m, "__dict__", values)
        setattr_(m, "__pydantic_fields_set__", set(names))
        setattr_(m, "__pydantic_extra__", None)
        setattr_(m, "__pydantic_private__", None)
        return m

    return build


# trusted rows -> records without re-validation (every field is given, so every field is "set")
_EVENT, _CLAIM, _EVIDENCE = builder(Event), builder(Claim), builder(Evidence)


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
            out[r[0]].append(_EVIDENCE({"article_id": r[1], "start": r[2], "end": r[3], "text": r[4],
                                        "field": r[5]}))
    return out


def rows_to_events(conn: sqlite3.Connection, rows: Sequence[sqlite3.Row]) -> list[Event]:
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    arts: dict[str, list[str]] = {i: [] for i in ids}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(
            f"SELECT event_id, article_id FROM event_articles WHERE event_id IN ({marks}) "
            "ORDER BY event_id, position", list(chunk)
        ):
            arts[r[0]].append(r[1])
    evid = _evidence_for(conn, "event_id", ids)
    plan = _plan(rows, Event, _JSON_EVENT)
    out = []
    for r in rows:
        data = _values(r, plan)
        data["article_ids"] = list(arts[data["id"]])  # own lists, even for a repeated row
        data["evidence"] = list(evid[data["id"]])
        out.append(_EVENT(data))
    return out


def rows_to_claims(conn: sqlite3.Connection, rows: Sequence[sqlite3.Row]) -> list[Claim]:
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    evid = _evidence_for(conn, "claim_id", ids)
    plan = _plan(rows, Claim, _JSON_CLAIM)
    out = []
    for r in rows:
        data = _values(r, plan)
        data["evidence"] = list(evid[data["id"]])
        out.append(_CLAIM(data))
    return out
