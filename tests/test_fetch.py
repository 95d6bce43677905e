"""The safe fetcher against a real HTTP server on 127.0.0.1 (and a mock transport for the
one case a local server cannot play: a public address that redirects to a private one)."""

from __future__ import annotations

import ipaddress
import sys
import threading
import time
from datetime import date
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from warledger.errors import InputError
from warledger.ingest.fetch import (
    ROBOTS_RETRY,
    ROBOTS_TTL,
    USER_AGENT,
    FetchConfig,
    Fetcher,
    HostGate,
    address_problem,
    fetch_document,
)
from warledger.ingest.pages import date_from_url, meta_date, page_to_document

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "live"))
from liveserver import LiveServer, article_html, story  # noqa: E402


@pytest.fixture
def srv():
    s = LiveServer()
    yield s
    s.close()


def fetcher(**kw) -> Fetcher:
    cfg = {"allow_private": True, "delay": 0.0, "timeout": 2.0, "deadline": 5.0, **kw}
    return Fetcher(FetchConfig(**cfg), gate=HostGate())


def test_fetch_document_reads_page_metadata_and_keeps_raw_html(srv):
    html = article_html("Strike on Kharkiv", story(1), published="2023-03-22T09:15:00+02:00",
                        author="Olena Test", canonical="https://news.example/2023/strike-kharkiv")
    srv.route("/news/strike", html)
    with fetcher() as f:
        doc = fetch_document(srv.url("/news/strike"), fetcher=f)
    a = doc.article
    assert "missile strike on Kharkiv" in a.text
    assert a.title == "Strike on Kharkiv"
    assert a.author == "Olena Test"
    assert a.published == date(2023, 3, 22)
    assert a.url == "https://news.example/2023/strike-kharkiv"
    assert doc.raw_html == html
    page_hit = [h for h in srv.hits if h.path == "/news/strike"][0]
    assert page_hit.headers["user-agent"] == USER_AGENT
    assert USER_AGENT.startswith("warledger/") and "offline conflict-data tool" in USER_AGENT


def test_loopback_refused_without_allow_private_and_nothing_is_sent(srv):
    srv.route("/a", article_html("A", story(1)))
    with pytest.raises(InputError, match="loopback.*--allow-private"):
        fetch_document(srv.url("/a"))
    assert srv.hits == []
    doc = fetch_document(srv.url("/a"), allow_private=True,
                         config=FetchConfig(allow_private=True, delay=0))
    assert "Story 1" in doc.article.text


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/x",
                                 "gopher://example.com/", "javascript:alert(1)",
                                 "http://user:pw@example.com/"])
def test_non_http_schemes_and_credentials_refused(url):
    with pytest.raises(InputError, match="refused"):
        fetch_document(url, allow_private=True)


@pytest.mark.parametrize("addr,refused", [
    ("127.0.0.1", True), ("10.1.2.3", True), ("192.168.1.1", True), ("172.16.0.1", True),
    ("169.254.1.1", True), ("100.64.0.1", True), ("0.0.0.0", True), ("224.0.0.1", True),
    ("::1", True), ("fe80::1", True), ("fc00::1", True), ("::ffff:127.0.0.1", True),
    ("169.254.169.254", True), ("fd00:ec2::254", True),
    ("8.8.8.8", False), ("93.184.216.34", False), ("2001:4860:4860::8888", False),
])
def test_address_rules(addr, refused):
    assert (address_problem(ipaddress.ip_address(addr), False) is not None) is refused


def test_allow_private_still_refuses_metadata_and_multicast():
    assert address_problem(ipaddress.ip_address("127.0.0.1"), True) is None
    assert address_problem(ipaddress.ip_address("10.0.0.1"), True) is None
    assert "metadata" in address_problem(ipaddress.ip_address("169.254.169.254"), True)
    assert "metadata" in address_problem(ipaddress.ip_address("fd00:ec2::254"), True)
    assert "multicast" in address_problem(ipaddress.ip_address("ff02::1"), True)


@given(st.integers(min_value=0, max_value=2**24 - 1))
def test_every_10_slash_8_address_refused(n):
    ip = ipaddress.IPv4Address((10 << 24) | n)
    assert address_problem(ip, False) == "a private address"


def test_name_resolved_once_and_connection_pinned_to_vetted_ip(srv):
    calls = []

    def resolver(host, port):
        calls.append(host)
        return ["127.0.0.1"]

    srv.route("/p", article_html("Pinned", story(2)))
    with pytest.raises(InputError, match="refused news.test: 127.0.0.1 is a loopback"), \
            Fetcher(FetchConfig(resolver=resolver, delay=0), gate=HostGate()) as f:
        f.get(f"http://news.test:{srv.port}/p")
    assert srv.hits == []
    calls.clear()
    with fetcher(resolver=resolver, respect_robots=False) as f:
        resp = f.get(f"http://news.test:{srv.port}/p")
    assert resp.status == 200 and b"Pinned" in resp.content
    assert calls == ["news.test"]
    # the server was reached on the vetted IP with the name in the Host header
    assert srv.hits[-1].headers["host"] == f"news.test:{srv.port}"


def _mock_client(handler):
    return httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=False)


@pytest.mark.parametrize("target,why", [
    ("http://127.0.0.1:8080/admin", "loopback"),
    ("http://internal.example/secret", "private"),
    ("http://169.254.169.254/latest/meta-data/", "metadata"),
    ("file:///etc/passwd", "scheme"),
])
def test_redirect_from_public_name_to_private_address_refused(target, why):
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((str(request.url), request.headers["host"]))
        return httpx.Response(302, headers={"Location": target})

    dns = {"public.example": ["93.184.216.34"], "internal.example": ["10.0.0.5"]}
    cfg = FetchConfig(resolver=lambda h, p: dns[h], delay=0, respect_robots=False)
    with Fetcher(cfg, client=_mock_client(handler), gate=HostGate()) as f, \
            pytest.raises(InputError, match=why):
        f.get("http://public.example/story")
    # only the first hop went out, and to the vetted address
    assert seen == [("http://93.184.216.34/story", "public.example")]


def test_name_with_one_private_address_among_public_ones_refused():
    cfg = FetchConfig(resolver=lambda h, p: ["93.184.216.34", "10.0.0.1"], delay=0)
    client = _mock_client(lambda r: httpx.Response(200))
    with Fetcher(cfg, client=client, gate=HostGate()) as f, \
            pytest.raises(InputError, match="10.0.0.1 is a private"):
        f.get("http://mixed.example/")


def test_fifty_megabyte_page_is_cut_off_at_the_cap(srv):
    srv.route("/huge", 50_000_000)
    start = time.monotonic()
    with fetcher(max_bytes=1_000_000) as f, pytest.raises(InputError, match="too large"):
        f.get(srv.url("/huge"))
    assert time.monotonic() - start < 5


def test_declared_content_length_over_cap_refused_before_reading(srv):
    srv.route("/big", b"y" * 300_000)
    with fetcher(max_bytes=100_000) as f, pytest.raises(InputError, match=r"too large \(0.3 MB"):
        f.get(srv.url("/big"))


def test_redirect_loop_and_redirect_limit(srv):
    srv.route("/loop/a", redirect="/loop/b")
    srv.route("/loop/b", redirect="/loop/a")
    with fetcher() as f, pytest.raises(InputError, match="redirect loop"):
        f.get(srv.url("/loop/a"))
    for i in range(8):
        srv.route(f"/chain/{i}", redirect=f"/chain/{i + 1}")
    with fetcher(max_redirects=3) as f, pytest.raises(InputError, match="too many redirects"):
        f.get(srv.url("/chain/0"))
    assert srv.paths().count("/chain/4") == 0


def test_redirect_is_followed_to_the_page(srv):
    srv.route("/old", redirect="/new")
    srv.route("/new", article_html("Moved", story(3)))
    with fetcher() as f:
        doc = fetch_document(srv.url("/old"), fetcher=f)
    assert "Story 3" in doc.article.text


def test_404_slow_and_wrong_type(srv):
    srv.route("/slow", article_html("Slow", story(4)), delay=3)
    srv.route("/doc.pdf", b"%PDF-1.4", content_type="application/pdf")
    with fetcher(timeout=0.5) as f:
        with pytest.raises(InputError, match="HTTP 404 not found"):
            f.get(srv.url("/missing"))
        start = time.monotonic()
        with pytest.raises(InputError, match="timed out"):
            f.get(srv.url("/slow"))
        assert time.monotonic() - start < 2.5
        with pytest.raises(InputError, match="unsupported content type 'application/pdf'"):
            f.get(srv.url("/doc.pdf"))


def test_robots_txt_obeyed_cached_and_overridable(srv):
    srv.route("/private/a", article_html("P", story(5)))
    srv.route("/public/a", article_html("Q", story(6)))
    with fetcher() as f:
        with pytest.raises(InputError, match="robots.txt .* disallows"):
            f.get(srv.url("/private/a"))
        assert f.get(srv.url("/public/a")).status == 200
    assert srv.paths().count("/robots.txt") == 1
    assert "/private/a" not in srv.paths()
    with fetcher(respect_robots=False) as f:
        assert f.get(srv.url("/private/a")).status == 200


def test_missing_robots_allows_and_server_error_robots_disallows(srv):
    srv.routes.pop("/robots.txt")
    srv.route("/a", article_html("A", story(7)))
    with fetcher() as f:
        assert f.get(srv.url("/a")).status == 200
    srv.route("/robots.txt", b"oops", status=503)
    with fetcher() as f:
        with pytest.raises(InputError, match="robots.txt .* is unreachable, which disallows"):
            f.get(srv.url("/a"))
        # asked again once the short retry time has passed, not on every request
        with pytest.raises(InputError):
            f.get(srv.url("/a"))
        assert srv.paths().count("/robots.txt") == 2  # one per fetcher gate so far
        srv.route("/robots.txt", b"User-agent: *\nAllow: /\n", content_type="text/plain")
        origin = srv.url("").rstrip("/")
        assert f.gate.robots_expiry[origin] - time.monotonic() <= ROBOTS_RETRY
        f.gate.robots_expiry[origin] = time.monotonic() - 1
        assert f.get(srv.url("/a")).status == 200
        assert f.gate.robots_expiry[origin] - time.monotonic() > ROBOTS_TTL - 60


def test_one_request_at_a_time_per_host_with_delay(srv):
    for i in range(4):
        srv.route(f"/s{i}", article_html(f"S{i}", story(i)), delay=0.15)
    gate = HostGate()
    f = Fetcher(FetchConfig(allow_private=True, delay=0.2, respect_robots=False), gate=gate)
    threads = [threading.Thread(target=f.get, args=(srv.url(f"/s{i}"),)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    f.close()
    assert srv.max_active == 1
    times = sorted(h.at for h in srv.hits)
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(times) == 4 and min(gaps) >= 0.3  # 0.15 s answer + 0.2 s delay


def test_page_dates_feed_then_meta_then_url_in_kyiv_time():
    html = article_html("T", story(8), published="2023-03-21T22:30:00Z")  # 00:30 Wed in Kyiv
    url = "https://news.example/2023/03/20/story"
    assert page_to_document(html.encode(), url).article.published == date(2023, 3, 22)
    assert page_to_document(html.encode(), url, published=date(2023, 3, 1)).article.published \
        == date(2023, 3, 1)
    plain = article_html("T", story(8))
    assert page_to_document(plain.encode(), url).article.published == date(2023, 3, 20)
    assert page_to_document(plain.encode(), "https://news.example/story").article.published is None


def test_meta_date_sources():
    assert meta_date('<html><head><script type="application/ld+json">'
                     '{"@type": "NewsArticle", "datePublished": "2023-03-22T23:30:00+02:00"}'
                     '</script></head><body></body></html>') == date(2023, 3, 22)
    assert meta_date('<html><body><time pubdate datetime="2023-03-21T23:10:00+00:00">x</time>'
                     '</body></html>') == date(2023, 3, 22)
    assert meta_date("<html><body><p>no date</p></body></html>") is None


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)),
       st.sampled_from(["/{y}/{m}/{d}/slug", "/news/{y}-{m}-{d}-slug.html", "/{y}{m}{d}/x"]))
def test_date_from_url_reads_written_dates(d, pattern):
    url = "https://x.example" + pattern.format(y=d.year, m=f"{d.month:02}", d=f"{d.day:02}")
    assert date_from_url(url) == d


def test_date_from_url_ignores_non_dates():
    assert date_from_url("https://x.example/2023/13/40/slug") is None
    assert date_from_url("https://x.example/article/123456789") is None


def test_ingest_command_fetches_a_url_and_stores_raw_html(srv, tmp_path, new_db):
    from typer.testing import CliRunner

    from warledger.cli import app
    from warledger.store import Ledger

    html = article_html("Strike", story(9), published="2023-03-22T08:00:00+02:00")
    srv.route("/news/9", html)
    db = new_db()
    res = CliRunner().invoke(app, ["ingest", srv.url("/news/9"), "--db", str(db),
                                   "--allow-private", "--backend", "fake"])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(app, ["ingest", srv.url("/news/9"), "--db", str(db)])
    assert res.exit_code == 1 and "loopback" in res.output
    with Ledger(db) as ledger:
        (aid, pub), = ledger.conn.execute("SELECT id, published FROM articles").fetchall()
        assert pub == "2023-03-22"
        assert ledger.raw_html(aid) == html


def test_https_is_pinned_to_the_vetted_ip_with_the_name_as_sni():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((str(request.url), request.headers["host"],
                     request.extensions.get("sni_hostname")))
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=b"<p>ok</p>")

    dns = {"v4.example": ["93.184.216.34"], "v6.example": ["2606:4700::1111"]}
    cfg = FetchConfig(resolver=lambda h, p: dns[h], delay=0, respect_robots=False)
    with Fetcher(cfg, client=_mock_client(handler), gate=HostGate()) as f:
        f.get("https://v4.example/a?x=1")
        f.get("https://v6.example:8443/b")
        f.get("http://v4.example/c")
    assert seen == [
        ("https://93.184.216.34/a?x=1", "v4.example", "v4.example"),
        ("https://[2606:4700::1111]:8443/b", "v6.example:8443", "v6.example"),
        ("http://93.184.216.34/c", "v4.example", None),
    ]
