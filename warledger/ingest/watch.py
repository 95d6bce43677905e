"""Poll followed feeds and ingest their new items into the ledger.

One poll of one feed: a conditional GET (If-None-Match / If-Modified-Since from the stored
ETag / Last-Modified); a 304 ends it. Otherwise every item not yet done is fetched through the
safe fetcher, extracted and stored (``Ledger.add``, one transaction), and only then marked
done in ``feed_items`` — so a poll killed at any point loses nothing, and the content hash
keeps the redo from duplicating anything. The new validators are saved after all items were
tried. A feed that fails (HTTP error, timeout, not a feed) backs off exponentially.

Each poll yields one ``PollReport`` whose ``line()`` is the log line
``feed X: 3 new, 2 seen, 1 failed (HTTP 404 not found)``; each failed item is reported on its
own line through ``on_item_failure``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..errors import InputError, WarledgerError
from . import feeds as F
from .fetch import FEED_TYPES, Fetcher, RefusedError


@dataclass
class PollReport:
    feed: str
    new: int = 0
    seen: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    not_modified: bool = False
    feed_error: str | None = None
    retry_at: datetime | None = None
    warning: str | None = None

    @property
    def ok(self) -> bool:
        return self.feed_error is None and not self.failed

    def line(self) -> str:
        if self.feed_error:
            when = f"; next try {self.retry_at:%Y-%m-%d %H:%M} UTC" if self.retry_at else ""
            return f"feed {self.feed}: failed: {self.feed_error}{when}"
        if self.not_modified:
            return f"feed {self.feed}: not modified"
        text = f"feed {self.feed}: {self.new} new, {self.seen} seen, {self.failed} failed"
        if self.errors:
            reasons = list(dict.fromkeys(self.errors))
            text += f" ({'; '.join(reasons[:4])}{'; ...' if len(reasons) > 4 else ''})"
        return text


ItemHook = Callable[[str], None]


def poll_feed(ledger, feed: F.Feed, fetcher: Fetcher, *, every: timedelta,
              backend: str = "rules", on_item_failure: ItemHook | None = None,
              now: datetime | None = None) -> PollReport:
    """Poll one feed and ingest its new items; never raises for network or content errors."""
    conn = ledger.conn
    now = now or F.now_utc()
    report = PollReport(feed=feed.name)
    headers: dict[str, str] = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    try:
        resp = fetcher.get(feed.url, accept=FEED_TYPES, headers=headers)
        if resp.status == 304:
            F.record_poll_ok(conn, feed, etag=feed.etag, last_modified=feed.last_modified,
                             title=None, status="304", now=now, every=every)
            report.not_modified = True
            return report
        parsed = F.parse_feed(resp.content, resp.url, resp.headers.get("content-type"))
    except RefusedError as exc:  # our policy, not the site's fault: no back-off
        report.feed_error = str(exc)
        report.retry_at = F.record_poll_refused(conn, feed, str(exc), now=now, every=every)
        return report
    except InputError as exc:
        report.feed_error = str(exc)
        report.retry_at = F.record_poll_error(conn, feed, str(exc), now=now, every=every)
        return report
    report.warning = parsed.warning
    if parsed.title and not feed.title:
        report.feed = parsed.title
    for item in parsed.items:
        state = F.item_state(conn, feed.id, item.key)
        if state is not None and (state[0] == "done" or state[1] >= F.MAX_ITEM_ATTEMPTS):
            report.seen += 1
            continue
        try:
            outcome = ingest_item(ledger, feed, item, fetcher, backend=backend)
        except WarledgerError as exc:
            reason = str(exc)
            F.mark_item_failed(conn, feed.id, item, reason)
            report.failed += 1
            report.errors.append(_short_reason(reason))
            if on_item_failure:
                on_item_failure(f"feed {report.feed}: item {item.link or item.key}: {reason}")
            continue
        if outcome == "new":
            report.new += 1
        else:
            report.seen += 1
    F.record_poll_ok(conn, feed, etag=resp.headers.get("etag"),
                     last_modified=resp.headers.get("last-modified"), title=parsed.title,
                     status="200", now=now, every=every)
    return report


def ingest_item(ledger, feed: F.Feed, item: F.FeedItem, fetcher: Fetcher, *,
                backend: str = "rules") -> str:
    """Fetch, extract and store one item, then mark it done: "new" or "present"."""
    from ..extract.pipeline import extract_article
    from ..options import Options
    from .fetch import fetch_document

    if not item.link:
        raise InputError("item has no link")
    doc = fetch_document(item.link, fetcher=fetcher, published=item.published,
                         external_id=item.link)
    article = doc.article
    if ledger.has_article(article.id):
        outcome = "present"
    else:
        try:
            result = extract_article(article, Options(published=article.published,
                                                      backend=backend))
        except WarledgerError:
            raise
        except Exception as exc:  # one bad article must not stop the poll
            raise InputError(f"extraction failed ({type(exc).__name__}: {exc})") from None
        outcome = ledger.add(result, raw_html=doc.raw_html)  # commits the article
    F.mark_item_done(ledger.conn, feed.id, item, article.id)  # only after the commit
    return outcome


def due_feeds(conn, now: datetime, *, force: bool = False) -> list[F.Feed]:
    """Feeds to poll now: past their next poll time (all with ``force``), none in back-off."""
    out = []
    stamp = F.stamp(now)
    for feed in F.list_feeds(conn):
        if feed.backoff_until and feed.backoff_until > stamp:
            continue
        if force or not feed.next_poll or feed.next_poll <= stamp:
            out.append(feed)
    return out


def poll_once(ledger, fetcher: Fetcher, *, every: timedelta, backend: str = "rules",
              force: bool = True, log: Callable[[str], None] | None = None,
              on_item_failure: ItemHook | None = None) -> list[PollReport]:
    """Poll every due feed once (with ``force``, every feed not backing off)."""
    from ..progress import track

    reports = []
    now = F.now_utc()
    for feed in track(due_feeds(ledger.conn, now, force=force), "polling feeds"):
        report = poll_feed(ledger, feed, fetcher, every=every, backend=backend,
                           on_item_failure=on_item_failure)
        reports.append(report)
        if log:
            log(report.line())
    return reports


def watch(ledger, fetcher: Fetcher, *, every: timedelta, backend: str = "rules",
          log: Callable[[str], None] | None = None, on_item_failure: ItemHook | None = None,
          sleep: Callable[[float], None] = time.sleep, max_rounds: int | None = None) -> None:
    """Poll due feeds forever (or ``max_rounds`` times), sleeping until the next one is due."""
    rounds = 0
    while max_rounds is None or rounds < max_rounds:
        rounds += 1
        poll_once(ledger, fetcher, every=every, backend=backend, force=False, log=log,
                  on_item_failure=on_item_failure)
        sleep(seconds_until_next(ledger.conn, every))


def seconds_until_next(conn, every: timedelta) -> float:
    """Seconds until the earliest feed is due (at least 1, at most ``every``)."""
    now = F.now_utc()
    waits = [every.total_seconds()]
    for feed in F.list_feeds(conn):
        due = max(filter(None, (feed.next_poll, feed.backoff_until)), default=None)
        if due is None:
            return 1.0
        waits.append((datetime.fromisoformat(due) - now).total_seconds())
    return max(1.0, min(waits))


def _short_reason(reason: str) -> str:
    return reason if len(reason) <= 80 else reason[:77] + "..."
