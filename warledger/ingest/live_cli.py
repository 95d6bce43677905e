"""Commands for live sources: ``warledger feeds add|list|remove`` and ``warledger watch``."""

from __future__ import annotations

import typer

from ..cliutil import App

feeds_app = App(help="Follow RSS/Atom feeds (state kept in the ledger).",
                        no_args_is_help=True)

DB_OPTION = typer.Option("warledger.db", "--db", envvar="WARLEDGER_DB",
                         help="Ledger: a SQLite file, or postgresql://USER@HOST/DB")


def register(app: typer.Typer) -> None:
    """Add ``feeds`` and ``watch`` to the main app."""
    app.add_typer(feeds_app, name="feeds")
    app.command("watch")(watch)


@feeds_app.command("add")
def feeds_add(
    sources: list[str] = typer.Argument(..., help="Feed URLs or OPML files"),
    db: str = DB_OPTION,
) -> None:
    """Follow feeds: each SOURCE is a feed URL or an OPML file of feeds."""
    from ..cliutil import fail, warn
    from ..errors import WarledgerError
    from ..store import Ledger
    from .feeds import add_feeds

    added = present = bad = 0
    try:
        with Ledger(db) as ledger:
            for spec in sources:
                try:
                    a, p = add_feeds(ledger.conn, spec)
                except WarledgerError as exc:
                    warn(str(exc))
                    bad += 1
                    continue
                added += a
                present += p
    except WarledgerError as exc:
        fail(str(exc))
    typer.echo(f"{added} feeds added, {present} already followed"
               + (f", {bad} failed" if bad else ""))
    if bad:
        raise typer.Exit(1)


@feeds_app.command("list")
def feeds_list(db: str = DB_OPTION,
               json_out: bool = typer.Option(False, "--json/--no-json", help="One JSON object per line")
               ) -> None:
    """List followed feeds with their state."""
    import json
    from dataclasses import asdict

    from ..cliutil import fail
    from ..errors import WarledgerError
    from ..store import Ledger
    from .feeds import list_feeds

    try:
        with Ledger(db) as ledger:
            feeds = list_feeds(ledger.conn)
    except WarledgerError as exc:
        fail(str(exc))
        return
    for f in feeds:
        if json_out:
            typer.echo(json.dumps(asdict(f), ensure_ascii=False))
            continue
        state = f.last_status or "never polled"
        if f.failures:
            state = f"{f.failures} failures, backing off until {f.backoff_until}"
        typer.echo(f"{f.id}\t{f.url}\t{f.title or ''}\t{f.items} items\t{state}")


@feeds_app.command("remove")
def feeds_remove(feeds: list[str] = typer.Argument(..., help="Feed URLs or ids"),
                 db: str = DB_OPTION) -> None:
    """Stop following feeds (their articles stay in the ledger)."""
    from ..cliutil import fail, warn
    from ..errors import WarledgerError
    from ..store import Ledger
    from .feeds import remove_feed

    missing = 0
    try:
        with Ledger(db) as ledger:
            for spec in feeds:
                if not remove_feed(ledger.conn, spec):
                    warn(f"{spec}: not a followed feed")
                    missing += 1
    except WarledgerError as exc:
        fail(str(exc))
    typer.echo(f"{len(feeds) - missing} feeds removed")
    if missing:
        raise typer.Exit(1)


def watch(
    db: str = DB_OPTION,
    every: str = typer.Option("15m", help="Poll interval per feed, e.g. 15m, 90s, 2h"),
    once: bool = typer.Option(False, "--once/--no-once", help="Poll every feed once (except those backing off) and exit"),
    backend: str = typer.Option("rules", help="Extraction backend"),
    allow_private: bool = typer.Option(False, "--allow-private/--no-allow-private",
                                       help="Allow private/loopback addresses (intranet feeds)"),
    ignore_robots: bool = typer.Option(False, "--ignore-robots/--obey-robots", help="Do not obey robots.txt"),
    delay: float = typer.Option(1.0, help="Seconds between two requests to the same host"),
    timeout: float = typer.Option(20.0, help="Network timeout in seconds (per step)"),
    max_mb: float = typer.Option(10.0, "--max-mb", help="Largest page or feed to download, MB"),
) -> None:
    """Poll the followed feeds and ingest new items; one log line per feed poll."""
    import time
    from datetime import datetime, timedelta

    from .. import progress
    from ..cliutil import fail, warn
    from ..errors import WarledgerError
    from ..extract.backends import get_backend
    from ..store import Ledger
    from .feeds import parse_every
    from .fetch import FetchConfig, Fetcher
    from .watch import poll_once
    from .watch import watch as watch_loop

    try:
        interval = parse_every(every)
        get_backend(backend)
    except KeyError as exc:
        fail(str(exc.args[0]))
    except WarledgerError as exc:
        fail(str(exc))
    if timeout <= 0 or max_mb <= 0 or delay < 0:
        fail("--timeout and --max-mb must be positive, --delay not negative")
    config = FetchConfig(allow_private=allow_private, respect_robots=not ignore_robots,
                         timeout=timeout, deadline=max(timeout * 3, timeout + 10),
                         max_bytes=int(max_mb * 1_000_000), delay=delay)

    def log(line: str) -> None:
        if once:
            progress.out(line)
        else:  # a long-running watch: say when
            progress.out(f"{datetime.now().astimezone():%Y-%m-%d %H:%M:%S%z} {line}")

    def wait(seconds: float) -> None:  # between polls: say until when (on a terminal)
        until = datetime.now().astimezone() + timedelta(seconds=seconds)
        with progress.task(f"waiting: next poll at {until:%H:%M:%S} (Ctrl-C to stop)"):
            time.sleep(seconds)

    try:
        with Ledger(db) as ledger, Fetcher(config) as fetcher:
            if not ledger.conn.execute("SELECT 1 FROM feeds LIMIT 1").fetchone():
                fail("no feeds followed: add some with `warledger feeds add URL|FILE.opml`")
            if once:
                reports = poll_once(ledger, fetcher, every=interval, backend=backend,
                                    force=True, log=log, on_item_failure=warn)
                new = sum(r.new for r in reports)
                bad_items = sum(r.failed for r in reports)
                bad_feeds = sum(1 for r in reports if r.feed_error)
                typer.echo(f"{len(reports)} feeds polled: {new} new articles, "
                           f"{bad_items} items failed, {bad_feeds} feeds failed", err=True)
                if any(not r.ok for r in reports):
                    raise typer.Exit(1)
                return
            watch_loop(ledger, fetcher, every=interval, backend=backend, log=log,
                       on_item_failure=warn, sleep=wait)
    except WarledgerError as exc:
        fail(str(exc))
