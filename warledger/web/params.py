"""Query parameters -> store filters, with a one-line message for anything malformed.

Every value is checked here (type, range, length) before it reaches the store, which binds
it as an SQL parameter. A bad value raises ``BadParam``; the app answers 400 with its text.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from collections.abc import Mapping
from dataclasses import replace

from ..store import ClaimFilter, EventFilter
from ..taxonomy import EVENT_TYPES, SUB_EVENT_TYPES

MAX_QUERY = 4096          # bytes of the whole query string
MAX_TEXT = 200            # characters of one text filter
MAX_LIMIT = 10_000        # rows per page of JSON
MAX_EXPORT = 1_000_000    # rows in one export
MAX_OFFSET = 10_000_000
MAX_KM = 20_000.0

EVENT_PARAMS = ("date_from", "date_to", "event_type", "sub_event_type", "actor", "claimant",
                "place", "near", "km", "q", "min_confidence", "country", "limit", "offset")
CLAIM_PARAMS = ("kind", "claimant", "about", "date_from", "date_to", "q", "event_id", "limit",
                "offset")
CLAIM_KINDS = ("losses", "interception", "casualties", "territory", "cost", "assessment", "other")


class BadParam(ValueError):
    """A query parameter that cannot be used; ``str()`` is the message for the user."""


def check_query_string(raw: bytes | str) -> None:
    if len(raw) > MAX_QUERY:
        raise BadParam(f"query string too long ({len(raw)} bytes, at most {MAX_QUERY})")


def text(params: Mapping[str, str], name: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if len(value) > MAX_TEXT:
        raise BadParam(f"{name}: too long ({len(value)} characters, at most {MAX_TEXT})")
    if any(ord(ch) < 32 for ch in value):
        raise BadParam(f"{name}: control characters are not allowed")
    return value


def date(params: Mapping[str, str], name: str) -> dt.date | None:
    value = text(params, name)
    if value is None:
        return None
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadParam(f"{name}: {value[:40]!r} is not a date (use YYYY-MM-DD)") from None


def number(params: Mapping[str, str], name: str, lo: float, hi: float) -> float | None:
    value = text(params, name)
    if value is None:
        return None
    try:
        out = float(value)
    except ValueError:
        raise BadParam(f"{name}: {value[:40]!r} is not a number") from None
    if not math.isfinite(out) or not lo <= out <= hi:
        raise BadParam(f"{name}: {value[:40]} is out of range ({lo:g} to {hi:g})")
    return out


def integer(params: Mapping[str, str], name: str, lo: int, hi: int, default: int | None) -> int | None:
    value = text(params, name)
    if value is None:
        return default
    if not value.isdigit() or len(value) > 12:
        raise BadParam(f"{name}: {value[:40]!r} is not a whole number")
    out = int(value)
    if not lo <= out <= hi:
        raise BadParam(f"{name}: {out} is out of range ({lo} to {hi})")
    return out


def _choice(params: Mapping[str, str], name: str, allowed: tuple[str, ...] | list[str]) -> str | None:
    value = text(params, name)
    if value is None:
        return None
    for option in allowed:
        if option.lower() == value.lower():
            return option
    raise BadParam(f"{name}: unknown value {value[:60]!r} (one of: {', '.join(allowed)})")


def _near(params: Mapping[str, str], conn: sqlite3.Connection | None) -> tuple[float, float, float] | None:
    place = text(params, "place")
    near = text(params, "near")
    if place is None and near is None:
        if params.get("km"):
            raise BadParam("km: give a place or near=LAT,LON with it")
        return None
    km = number(params, "km", 0.0, MAX_KM)
    km = 25.0 if km is None else km
    if near is not None:
        parts = near.split(",")
        if len(parts) != 2:
            raise BadParam("near: use near=LAT,LON (decimal degrees)")
        try:
            lat, lon = float(parts[0]), float(parts[1])
        except ValueError:
            raise BadParam("near: use near=LAT,LON (decimal degrees)") from None
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            raise BadParam("near: latitude must be within -90..90 and longitude within -180..180")
        return (lat, lon, km)
    if conn is None:
        raise BadParam("place: cannot be resolved here")
    row = conn.execute(
        "SELECT latitude, longitude FROM events WHERE location = ? COLLATE NOCASE "
        "AND latitude IS NOT NULL AND longitude IS NOT NULL LIMIT 1", (place,)).fetchone()
    if row is None:
        raise BadParam(f"place: no event in the ledger is located at {place!r} (try near=LAT,LON)")
    return (float(row[0]), float(row[1]), km)


def event_filter(params: Mapping[str, str], conn: sqlite3.Connection | None = None, *,
                 default_limit: int = 1000, max_limit: int = MAX_LIMIT) -> EventFilter:
    """An EventFilter from query parameters (BadParam if any is malformed)."""
    date_from, date_to = date(params, "date_from"), date(params, "date_to")
    if date_from and date_to and date_from > date_to:
        raise BadParam("date_from is after date_to")
    sub = _choice(params, "sub_event_type", sorted(SUB_EVENT_TYPES))
    return EventFilter(
        date_from=date_from,
        date_to=date_to,
        event_type=_choice(params, "event_type", EVENT_TYPES),
        sub_event_type=sub,
        actor=text(params, "actor"),
        claimant=text(params, "claimant"),
        near=_near(params, conn),
        q=text(params, "q"),
        min_confidence=number(params, "min_confidence", 0.0, 1.0),
        country=text(params, "country"),
        limit=integer(params, "limit", 1, max_limit, default_limit),
        offset=integer(params, "offset", 0, MAX_OFFSET, 0) or 0,
    )


def without_dates(f: EventFilter) -> EventFilter:
    return replace(f, date_from=None, date_to=None)


def claim_filter(params: Mapping[str, str], *, default_limit: int = 1000) -> ClaimFilter:
    date_from, date_to = date(params, "date_from"), date(params, "date_to")
    if date_from and date_to and date_from > date_to:
        raise BadParam("date_from is after date_to")
    return ClaimFilter(
        kind=_choice(params, "kind", CLAIM_KINDS),
        claimant=text(params, "claimant"),
        about=text(params, "about"),
        date_from=date_from,
        date_to=date_to,
        q=text(params, "q"),
        event_id=text(params, "event_id"),
        limit=integer(params, "limit", 1, MAX_LIMIT, default_limit),
        offset=integer(params, "offset", 0, MAX_OFFSET, 0) or 0,
    )


def record_id(value: str) -> str:
    """A record id from a URL path: short and plain, or BadParam."""
    if not value or len(value) > 100 or not all(ch.isalnum() or ch in "-_.:" for ch in value):
        raise BadParam("malformed id")
    return value
