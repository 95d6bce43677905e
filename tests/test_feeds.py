"""Feed parsing, item dates in Kyiv time, OPML import and the feeds commands."""

from __future__ import annotations

import contextlib
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from warledger.cli import app
from warledger.errors import InputError
from warledger.ingest import feeds as F
from warledger.store import Ledger

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "live"))
from liveserver import atom, rss  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "live"


def test_rss2_items_links_guids_and_kyiv_dates():
    data = rss([
        # 22:30 UTC on Tuesday is 00:30 on Wednesday in Kyiv (UTC+2 in March 2023)
        {"title": "Night strike", "link": "/news/1", "guid": "g-1",
         "date": "Tue, 21 Mar 2023 22:30:00 GMT"},
        # 23:50 Kyiv time on Wednesday stays Wednesday although it is Wednesday 21:50 UTC
        {"title": "Late report", "link": "https://news.example/2", "date": "Wed, 22 Mar 2023 23:50:00 +0200"},
        {"title": "No date", "link": "https://news.example/3"},
    ]).encode()
    feed = F.parse_feed(data, "https://news.example/feed.xml")
    assert feed.title == "Test Wire"
    assert [i.key for i in feed.items] == ["https://news.example/g-1", "https://news.example/2", "https://news.example/3"]
    assert feed.items[0].link == "https://news.example/news/1"  # relative link resolved
    assert [i.published for i in feed.items] == [date(2023, 3, 22), date(2023, 3, 22), None]


def test_atom_entries_and_offsets():
    data = atom([
        {"title": "A", "link": "https://n.example/a", "date": "2023-03-22T00:30:00+02:00"},
        {"title": "B", "link": "https://n.example/b", "date": "2023-03-21T21:59:00Z"},
    ]).encode()
    feed = F.parse_feed(data, "https://n.example/atom")
    assert feed.title == "Test Atom"
    assert [i.published for i in feed.items] == [date(2023, 3, 22), date(2023, 3, 21)]


def test_fixture_rdf_feed():
    feed = F.parse_feed((FIXTURES / "rss1.rdf").read_bytes(), "https://n.example/rdf")
    assert [i.link for i in feed.items] == ["https://n.example/rdf/1"]
    assert feed.items[0].published == date(2023, 3, 22)


@pytest.mark.parametrize("data", [
    b"<rss><channel><item><title>broken",
    b"<html><body><p>This is a web page, not a feed.</p></body></html>",
    b"",
    b"\x00\x01\x02 binary",
])
def test_not_a_feed(data):
    with pytest.raises(InputError, match="feed"):
        F.parse_feed(data, "https://n.example/x")


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_parse_feed_raises_only_input_error(data):
    with contextlib.suppress(InputError):
        F.parse_feed(data, "https://n.example/x")


def test_item_without_link_or_id_is_skipped():
    data = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            b"<item><title>orphan</title></item>"
            b"<item><link>https://n.example/ok</link></item></channel></rss>")
    assert [i.key for i in F.parse_feed(data, "https://n.example/").items] == ["https://n.example/ok"]


def test_read_opml_nested_and_deduplicated():
    pairs = F.read_opml(FIXTURES / "feeds.opml")
    assert pairs == [
        ("https://www.ukrinform.net/rss/block-lastnews", "Ukrinform"),
        ("https://kyivindependent.com/news-archive/rss/", "Kyiv Independent"),
        ("https://www.pravda.com.ua/eng/rss/", "Ukrainska Pravda"),
    ]


def test_read_opml_errors(tmp_path):
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body><outline text='x'/></body></opml>")
    with pytest.raises(InputError, match="no feed outlines"):
        F.read_opml(bad)
    bad.write_text("<opml><body")
    with pytest.raises(InputError, match="cannot read OPML"):
        F.read_opml(bad)


def test_parse_every_and_backoff():
    assert F.parse_every("15m") == timedelta(minutes=15)
    assert F.parse_every("90s") == timedelta(seconds=90)
    assert F.parse_every("2h") == timedelta(hours=2)
    assert F.parse_every("30") == timedelta(minutes=30)
    for bad in ("", "abc", "-5m", "0"):
        with pytest.raises(InputError):
            F.parse_every(bad)
    every = timedelta(minutes=15)
    assert [F.backoff_delay(n, every) for n in (1, 2, 3, 4)] == [
        timedelta(minutes=15), timedelta(minutes=30), timedelta(hours=1), timedelta(hours=2)]
    assert F.backoff_delay(20, every) == F.MAX_BACKOFF


def test_feed_state_roundtrip(tmp_path, new_db):
    with Ledger(new_db()) as ledger:
        conn = ledger.conn
        assert F.add_feed(conn, "https://n.example/feed") is True
        assert F.add_feed(conn, "https://n.example/feed") is False
        with pytest.raises(InputError, match="not an http"):
            F.add_feed(conn, "ftp://n.example/feed")
        feed = F.list_feeds(conn)[0]
        now = datetime(2023, 3, 22, 12, 0, tzinfo=UTC)
        until = F.record_poll_error(conn, feed, "HTTP 500", now=now, every=timedelta(minutes=15))
        until2 = F.record_poll_error(conn, F.get_feed(conn, feed.id), "HTTP 500", now=now,
                                     every=timedelta(minutes=15))
        assert (until - now, until2 - now) == (timedelta(minutes=15), timedelta(minutes=30))
        feed = F.get_feed(conn, feed.id)
        assert feed.failures == 2 and feed.backoff_until == F.stamp(until2)
        F.record_poll_ok(conn, feed, etag='"v1"', last_modified="Wed, 22 Mar 2023 10:00:00 GMT",
                         title="Wire", status="200", now=now, every=timedelta(minutes=15))
        feed = F.get_feed(conn, feed.id)
        assert (feed.failures, feed.backoff_until, feed.etag, feed.title) == (0, None, '"v1"', "Wire")
        item = F.FeedItem("k1", "https://n.example/1", "t", date(2023, 3, 22))
        F.mark_item_failed(conn, feed.id, item, "HTTP 404")
        assert F.item_state(conn, feed.id, "k1") == ("failed", 1)
        F.mark_item_done(conn, feed.id, item, "art1")
        assert F.item_state(conn, feed.id, "k1") == ("done", 2)
        assert F.remove_feed(conn, "https://n.example/feed") is True
        assert F.list_feeds(conn) == [] and F.item_state(conn, feed.id, "k1") is None


def test_feeds_commands_add_opml_list_remove(tmp_path, new_db):
    db = str(new_db())
    run = CliRunner().invoke
    res = run(app, ["feeds", "add", str(FIXTURES / "feeds.opml"), "--db", db])
    assert res.exit_code == 0 and "3 feeds added, 0 already followed" in res.output
    res = run(app, ["feeds", "add", "https://kyivindependent.com/news-archive/rss/",
                    "https://n.example/new.xml", "--db", db])
    assert "1 feeds added, 1 already followed" in res.output
    res = run(app, ["feeds", "list", "--db", db])
    lines = res.output.strip().splitlines()
    assert len(lines) == 4 and "Ukrinform" in lines[0] and "never polled" in lines[0]
    res = run(app, ["feeds", "remove", "1", "https://n.example/new.xml", "--db", db])
    assert res.exit_code == 0 and "2 feeds removed" in res.output
    res = run(app, ["feeds", "remove", "https://nope.example/", "--db", db])
    assert res.exit_code == 1 and "not a followed feed" in res.output
    res = run(app, ["feeds", "add", "no-such-file.opml", "ftp://x.example/f", "--db", db])
    assert res.exit_code == 1 and "neither an http(s) URL nor an OPML file" in res.output
    assert "Traceback" not in res.output
    res = run(app, ["feeds", "list", "--db", db])
    assert len(res.output.strip().splitlines()) == 2


def test_watch_without_feeds_says_what_to_do(tmp_path, new_db):
    _db = new_db()
    res = CliRunner().invoke(app, ["watch", "--once", "--db", str(_db)])
    assert res.exit_code == 2 and "feeds add" in res.output
    res = CliRunner().invoke(app, ["watch", "--every", "soon", "--db", str(_db)])
    assert res.exit_code == 2 and "--every" in res.output


def test_feed_body_naming_a_local_file_is_not_opened(tmp_path):
    local = tmp_path / "secret.xml"
    local.write_text(rss([{"title": "secret", "link": "https://n.example/secret"}]))
    with pytest.raises(InputError, match="feed"):
        F.parse_feed(str(local).encode(), "https://n.example/feed")
