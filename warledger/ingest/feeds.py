"""RSS/Atom feeds: parsing fetched bytes, OPML import, and the feed state kept in the ledger.

Feeds are parsed with feedparser from bytes the safe fetcher downloaded (feedparser never
touches the network here). The state lives in two ledger tables (see store migration
"feeds"): ``feeds`` (validators for conditional requests, poll times, failures, back-off) and
``feed_items`` (one row per item handled: done with its article id, or failed with a reason).
"""

from __future__ import annotations

import io
import sqlite3
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..errors import InputError
from .pages import local_date, timestamp_date

MAX_ITEM_ATTEMPTS = 3
MAX_BACKOFF = timedelta(hours=24)


@dataclass(frozen=True)
class FeedItem:
    key: str                 # the item's guid/id, else its link
    link: str | None
    title: str | None
    published: date | None   # Kyiv date of the item's own timestamp


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    items: list[FeedItem]
    warning: str | None = None


@dataclass(frozen=True)
class Feed:
    id: int
    url: str
    title: str | None
    etag: str | None
    last_modified: str | None
    last_polled: str | None
    last_status: str | None
    next_poll: str | None
    failures: int
    backoff_until: str | None
    items: int = 0

    @property
    def name(self) -> str:
        return self.title or self.url


# -- parsing -----------------------------------------------------------------------------

def item_date(entry: dict) -> date | None:
    """The item's publication date in Kyiv: its own timestamp string first (time zone kept),
    else feedparser's UTC reading of it."""
    for raw_key, parsed_key in (("published", "published_parsed"), ("updated", "updated_parsed"),
                                ("created", "created_parsed")):
        raw = entry.get(raw_key)
        if raw and (d := timestamp_date(str(raw))):
            return d
        parsed = entry.get(parsed_key)
        if parsed:
            try:
                return local_date(datetime(*parsed[:6], tzinfo=UTC))
            except (TypeError, ValueError):
                continue
    return None


def parse_feed(data: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Items of an RSS 0.9x/1.0/2.0 or Atom document; InputError when it is not a feed."""
    import feedparser

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    # a stream, never bytes: feedparser would open() bytes that name a local file
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    entries = parsed.get("entries") or []
    version = parsed.get("version") or ""
    exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    benign = isinstance(exc, feedparser.CharacterEncodingOverride | feedparser.NonXMLContentType)
    if exc is not None and not benign and not entries:
        raise InputError(f"not a valid RSS/Atom feed ({_first_line(exc)})")
    if not version and not entries:
        raise InputError("not an RSS/Atom feed (no channel or feed element)")
    items: list[FeedItem] = []
    for entry in entries:
        link = entry.get("link")
        if not link:
            for lk in entry.get("links") or []:
                if lk.get("href") and lk.get("rel", "alternate") == "alternate":
                    link = lk["href"]
                    break
        link = urljoin(url, link.strip()) if link else None
        key = (entry.get("id") or entry.get("guid") or link or "").strip()
        if not key:
            continue
        items.append(FeedItem(key=key, link=link, title=entry.get("title") or None,
                              published=item_date(entry)))
    if exc is not None and not benign and not items:
        raise InputError(f"not a valid RSS/Atom feed ({_first_line(exc)})")
    warning = None
    if exc is not None and not benign:
        warning = f"feed is not well-formed ({_first_line(exc)})"
    title = (parsed.get("feed") or {}).get("title") or None
    return ParsedFeed(title=title, items=items, warning=warning)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:120]


def read_opml(path: str | Path) -> list[tuple[str, str | None]]:
    """``(xmlUrl, title)`` of every feed outline in an OPML file, nested outlines included."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise InputError(f"{path}: cannot read OPML ({exc})") from None
    out: list[tuple[str, str | None]] = []
    for node in root.iter("outline"):
        url = node.get("xmlUrl") or node.get("xmlurl")
        if url and url.strip() not in [u for u, _ in out]:
            out.append((url.strip(), node.get("title") or node.get("text") or None))
    if not out:
        raise InputError(f"{path}: no feed outlines (xmlUrl) in this OPML file")
    return out


# -- state in the ledger -------------------------------------------------------------------

def now_utc() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def check_feed_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InputError(f"{url}: not an http(s) feed URL")
    return url


def add_feed(conn: sqlite3.Connection, url: str, title: str | None = None) -> bool:
    """Add a feed; False when it is already followed."""
    url = check_feed_url(url)
    cur = conn.execute(
        "INSERT OR IGNORE INTO feeds (url, title, added_at, failures) VALUES (?, ?, ?, 0)",
        (url, title, stamp(now_utc())))
    return cur.rowcount == 1


def add_feeds(conn: sqlite3.Connection, spec: str) -> tuple[int, int]:
    """Add a feed URL, or every feed of an OPML file; returns (added, already followed)."""
    if spec.startswith(("http://", "https://")) or "://" in spec:
        pairs: list[tuple[str, str | None]] = [(spec, None)]
    else:
        path = Path(spec)
        if not path.exists():
            raise InputError(f"{spec}: neither an http(s) URL nor an OPML file")
        pairs = read_opml(path)
    added = present = 0
    for url, title in pairs:
        if add_feed(conn, url, title):
            added += 1
        else:
            present += 1
    return added, present


_FEED_COLS = ("id, url, title, etag, last_modified, last_polled, last_status, next_poll, "
              "failures, backoff_until")


def list_feeds(conn: sqlite3.Connection) -> list[Feed]:
    rows = conn.execute(
        f"SELECT {_FEED_COLS}, (SELECT count(*) FROM feed_items i WHERE i.feed_id = f.id "
        "AND i.status = 'done') FROM feeds f ORDER BY id").fetchall()
    return [Feed(*row) for row in rows]


def get_feed(conn: sqlite3.Connection, feed_id: int) -> Feed | None:
    row = conn.execute(f"SELECT {_FEED_COLS} FROM feeds WHERE id = ?", (feed_id,)).fetchone()
    return Feed(*row) if row else None


def remove_feed(conn: sqlite3.Connection, spec: str) -> bool:
    """Stop following a feed (by URL or id); its articles stay in the ledger."""
    feed_id = int(spec) if spec.isdigit() else None
    if feed_id is None:
        row = conn.execute("SELECT id FROM feeds WHERE url = ?", (spec.strip(),)).fetchone()
        feed_id = row[0] if row else None
    if feed_id is None:
        return False
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM feed_items WHERE feed_id = ?", (feed_id,))
        cur = conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return cur.rowcount == 1


def record_poll_ok(conn: sqlite3.Connection, feed: Feed, *, etag: str | None,
                   last_modified: str | None, title: str | None, status: str,
                   now: datetime, every: timedelta) -> None:
    conn.execute(
        "UPDATE feeds SET etag = ?, last_modified = ?, title = coalesce(title, ?), "
        "last_polled = ?, last_status = ?, next_poll = ?, failures = 0, backoff_until = NULL, "
        "last_error = NULL WHERE id = ?",
        (etag, last_modified, title, stamp(now), status, stamp(now + every), feed.id))


def backoff_delay(failures: int, every: timedelta) -> timedelta:
    """Exponential: the poll interval after the first failure, doubling each time, capped."""
    return min(every * (2 ** max(0, failures - 1)), MAX_BACKOFF)


def record_poll_error(conn: sqlite3.Connection, feed: Feed, error: str, *, now: datetime,
                      every: timedelta) -> datetime:
    failures = feed.failures + 1
    until = now + backoff_delay(failures, every)
    conn.execute(
        "UPDATE feeds SET last_polled = ?, last_status = 'error', failures = ?, "
        "backoff_until = ?, next_poll = ?, last_error = ? WHERE id = ?",
        (stamp(now), failures, stamp(until), stamp(until), error, feed.id))
    return until


def record_poll_refused(conn: sqlite3.Connection, feed: Feed, error: str, *, now: datetime,
                        every: timedelta) -> datetime:
    """A poll our own rules refused (address, robots.txt): asked again next time, no back-off."""
    conn.execute(
        "UPDATE feeds SET last_polled = ?, last_status = 'refused', next_poll = ?, "
        "last_error = ? WHERE id = ?", (stamp(now), stamp(now + every), error, feed.id))
    return now + every


def item_state(conn: sqlite3.Connection, feed_id: int, key: str) -> tuple[str, int] | None:
    row = conn.execute("SELECT status, attempts FROM feed_items WHERE feed_id = ? AND key = ?",
                       (feed_id, key)).fetchone()
    return (row[0], row[1]) if row else None


def mark_item_done(conn: sqlite3.Connection, feed_id: int, item: FeedItem, article_id: str
                   ) -> None:
    conn.execute(
        "INSERT INTO feed_items (feed_id, key, link, article_id, published, status, attempts, "
        "error, seen_at) VALUES (?, ?, ?, ?, ?, 'done', 1, NULL, ?) "
        "ON CONFLICT (feed_id, key) DO UPDATE SET status = 'done', article_id = excluded.article_id, "
        "attempts = feed_items.attempts + 1, error = NULL, seen_at = excluded.seen_at",
        (feed_id, item.key, item.link, article_id,
         item.published.isoformat() if item.published else None, stamp(now_utc())))


def mark_item_failed(conn: sqlite3.Connection, feed_id: int, item: FeedItem, error: str) -> None:
    conn.execute(
        "INSERT INTO feed_items (feed_id, key, link, article_id, published, status, attempts, "
        "error, seen_at) VALUES (?, ?, ?, NULL, ?, 'failed', 1, ?, ?) "
        "ON CONFLICT (feed_id, key) DO UPDATE SET status = 'failed', "
        "attempts = feed_items.attempts + 1, error = excluded.error, seen_at = excluded.seen_at",
        (feed_id, item.key, item.link, item.published.isoformat() if item.published else None,
         error, stamp(now_utc())))


def parse_every(value: str) -> timedelta:
    """'15m', '90s', '2h', '1d' or a number of minutes."""
    s = value.strip().lower()
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    try:
        seconds = float(s[:-1]) * units[s[-1]] if s and s[-1] in units else float(s) * 60
    except ValueError:
        raise InputError(f"--every {value!r}: use e.g. 15m, 90s, 2h") from None
    if seconds <= 0:
        raise InputError(f"--every {value!r}: must be positive")
    return timedelta(seconds=seconds)
