"""Fetch web pages and feeds safely: SSRF rules, size cap, redirects, robots.txt, politeness.

Every request goes through ``Fetcher.get``:

- only ``http``/``https``; the host is resolved once and every address is checked: unless
  ``allow_private``, loopback, private, link-local, CGNAT, multicast, unspecified, reserved and
  cloud-metadata addresses are refused (metadata addresses are refused even with
  ``allow_private``). The request then goes to the vetted IP itself (the name travels in the
  ``Host`` header and TLS SNI), so a second DNS answer cannot swap in another address;
- redirects are followed by hand, at most ``max_redirects``, each hop checked again (scheme,
  address, robots.txt); a loop is reported as such;
- the body is streamed and abandoned past ``max_bytes``; a request also has a total deadline;
- the content type must be one the caller accepts (pages: HTML/XHTML/plain text; feeds: XML);
- one request at a time per host, ``delay`` seconds apart (or the robots.txt Crawl-delay, up
  to 30 s), and robots.txt is obeyed unless ``respect_robots`` is off.

``fetch_document(url)`` fetches one article page and returns an ``ingest.readers.Document``;
any failure is an ``InputError`` whose message is one line.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin, urlsplit

import httpx

from .. import __version__
from ..errors import InputError

USER_AGENT = f"warledger/{__version__} (+offline conflict-data tool)"
ROBOTS_AGENT = "warledger"
ROBOTS_TTL = 24 * 3600.0   # RFC 9309: cache robots.txt at most a day
ROBOTS_RETRY = 600.0       # an unreachable robots.txt is asked again after 10 minutes

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = (
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
    "text/xml", "application/x-rss+xml", "text/plain", "text/html",
)

METADATA_ADDRESSES = {
    ipaddress.ip_address("169.254.169.254"),   # AWS, GCP, Azure, OpenStack...
    ipaddress.ip_address("169.254.170.2"),     # AWS ECS task metadata
    ipaddress.ip_address("100.100.100.200"),   # Alibaba Cloud
    ipaddress.ip_address("fd00:ec2::254"),     # AWS IPv6
}
CGNAT = ipaddress.ip_network("100.64.0.0/10")

Resolver = Callable[[str, int], list[str]]


class RefusedError(InputError):
    """A request refused by policy (scheme, address, robots.txt), not a failure of the site."""


def system_resolver(host: str, port: int) -> list[str]:
    """All addresses ``host`` resolves to (the operating system's resolver)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    out: list[str] = []
    for info in infos:
        addr = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone id
        if addr not in out:
            out.append(addr)
    return out


def address_problem(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, allow_private: bool
                    ) -> str | None:
    """Why a connection to ``ip`` is refused, or None when it is allowed."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if ip.is_multicast:
        return "a multicast address"
    if allow_private:
        return None
    for test, name in (
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (isinstance(ip, ipaddress.IPv4Address) and ip in CGNAT, "a carrier-grade NAT address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
        (not ip.is_global, "a non-public address"),
    ):
        if test:
            return name
    return None


@dataclass
class FetchConfig:
    """How the fetcher behaves; the defaults suit a polite watch over news sites."""

    allow_private: bool = False
    respect_robots: bool = True
    timeout: float = 20.0          # per connect/read step
    deadline: float = 60.0         # whole request, body included
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    delay: float = 1.0             # seconds between two requests to the same host
    user_agent: str = USER_AGENT
    resolver: Resolver | None = None


@dataclass
class HostGate:
    """Per-host politeness and robots.txt cache, shared by the fetchers of one process."""

    locks: dict[str, threading.Lock] = field(default_factory=dict)
    last: dict[str, float] = field(default_factory=dict)
    robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    robots_expiry: dict[str, float] = field(default_factory=dict)
    guard: threading.Lock = field(default_factory=threading.Lock)

    def lock(self, host: str) -> threading.Lock:
        with self.guard:
            return self.locks.setdefault(host, threading.Lock())


DEFAULT_GATE = HostGate()


@dataclass(frozen=True)
class Response:
    """A fetched response: the final URL after redirects, status, headers and body bytes."""

    url: str
    status: int
    headers: Mapping[str, str]
    content: bytes
    hops: int = 0

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        m = re.search(r"charset\s*=\s*\"?([\w.:-]+)", self.headers.get("content-type", ""), re.I)
        return m.group(1) if m else None


class Fetcher:
    """Safe HTTP GETs; use one per run (it owns an httpx.Client unless given one)."""

    def __init__(self, config: FetchConfig | None = None, *, client: httpx.Client | None = None,
                 gate: HostGate | None = None) -> None:
        self.config = config or FetchConfig()
        self._own = client is None
        # no keep-alive: connections are pooled by (pinned) IP, and a TLS connection opened
        # for one name must not carry a request for another name on the same address.
        # trust_env=False: no proxy from the environment, the vetted IP is where we connect.
        self.client = client or httpx.Client(
            timeout=httpx.Timeout(self.config.timeout), follow_redirects=False, trust_env=False,
            limits=httpx.Limits(max_keepalive_connections=0),
        )
        self.gate = gate or DEFAULT_GATE
        self.requests = 0  # requests actually sent, robots.txt included

    def close(self) -> None:
        if self._own:
            self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the one public operation --------------------------------------------------------
    def get(self, url: str, *, accept: tuple[str, ...] = PAGE_TYPES,
            headers: Mapping[str, str] | None = None) -> Response:
        """GET ``url`` following redirects; a 304 is returned as is; other errors raise."""
        seen: set[str] = set()
        current = url
        for hop in range(self.config.max_redirects + 1):
            if current in seen:
                raise InputError(f"redirect loop at {current}")
            seen.add(current)
            if self.config.respect_robots and not self._robots_allow(current):
                parser = self.gate.robots.get(_origin(current))
                what = "is unreachable, which disallows" if parser and parser.disallow_all \
                    else "disallows"
                raise RefusedError(f"robots.txt of {_origin(current)} {what} {current} "
                                 f"(--ignore-robots to override)")
            resp = self._request(current, headers or {}, hop)
            if resp.status in (301, 302, 303, 307, 308):
                location = resp.headers.get("location")
                if not location:
                    raise InputError(f"HTTP {resp.status} redirect without a Location")
                current = urljoin(current, location.strip())
                continue
            if resp.status == 304:
                return resp
            if resp.status >= 400:
                raise InputError(f"HTTP {resp.status}{_reason(resp.status)}")
            if resp.status != 200:
                raise InputError(f"unexpected HTTP {resp.status}")
            ctype = resp.content_type
            if ctype and ctype not in accept:
                raise InputError(f"unsupported content type {ctype!r}")
            return resp
        raise InputError(f"too many redirects (more than {self.config.max_redirects})")

    # -- one hop ------------------------------------------------------------------------
    def _vet(self, url: str) -> tuple[str, str, int, str]:
        """Check scheme and address; return (scheme, host, port, vetted ip)."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise InputError(f"bad URL {url!r} ({exc})") from None
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise RefusedError(f"refused scheme {scheme or 'none'!r} in {url} (only http and https)")
        host = (parts.hostname or "").rstrip(".")
        if not host:
            raise InputError(f"no host in URL {url}")
        if parts.username or parts.password:
            raise RefusedError(f"refused URL with credentials: {_origin(url)}")
        port = port or (443 if scheme == "https" else 80)
        try:
            literal = ipaddress.ip_address(host)
            addrs = [str(literal)]
        except ValueError:
            resolver = self.config.resolver or system_resolver
            try:
                addrs = resolver(host, port)
            except (OSError, UnicodeError) as exc:
                raise InputError(f"cannot resolve {host} ({exc})") from None
        if not addrs:
            raise InputError(f"cannot resolve {host} (no address)")
        for addr in addrs:
            why = address_problem(ipaddress.ip_address(addr), self.config.allow_private)
            if why:
                hint = "" if "metadata" in why or "multicast" in why else \
                    "; pass --allow-private to allow it"
                where = f"{host}: {addr} is" if host != addr else f"{addr}:"
                raise RefusedError(f"refused {where} {why}{hint}")
        return scheme, host, port, addrs[0]

    def _request(self, url: str, headers: Mapping[str, str], hop: int) -> Response:
        scheme, host, port, ip = self._vet(url)
        parts = urlsplit(url)
        ip_host = f"[{ip}]" if ":" in ip else ip
        default = 443 if scheme == "https" else 80
        pinned = f"{scheme}://{ip_host}{'' if port == default else f':{port}'}"
        pinned += (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        host_header = host if port == default else f"{host}:{port}"
        if ":" in host and not host.startswith("["):
            host_header = f"[{host}]" if port == default else f"[{host}]:{port}"
        send = {"User-Agent": self.config.user_agent, "Accept": _accept_header(),
                "Accept-Encoding": "gzip, deflate", **headers, "Host": host_header}
        extensions = {"sni_hostname": host} if scheme == "https" else {}
        with self._polite(host):
            self.requests += 1
            start = time.monotonic()
            try:
                request = self.client.build_request("GET", pinned, headers=send,
                                                    extensions=extensions)
                r = self.client.send(request, stream=True)
            except httpx.TimeoutException:
                raise InputError(f"timed out after {self.config.timeout:g} s") from None
            except httpx.HTTPError as exc:
                raise InputError(f"cannot connect to {host} ({_short(exc)})") from None
            try:
                content = b""
                if r.status_code == 200:
                    content = self._read_body(r, start)
                return Response(url=url, status=r.status_code,
                                headers={k.lower(): v for k, v in r.headers.items()},
                                content=content, hops=hop)
            finally:
                r.close()

    def _read_body(self, r: httpx.Response, start: float) -> bytes:
        cap = self.config.max_bytes
        declared = r.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise InputError(f"page too large ({_mb(int(declared))} > {_mb(cap)} limit)")
        chunks: list[bytes] = []
        total = 0
        try:
            for chunk in r.iter_bytes(65536):
                total += len(chunk)
                if total > cap:
                    raise InputError(f"page too large (over {_mb(cap)} limit)")
                if time.monotonic() - start > self.config.deadline:
                    raise InputError(f"timed out after {self.config.deadline:g} s (slow body)")
                chunks.append(chunk)
        except httpx.TimeoutException:
            raise InputError(f"timed out after {self.config.timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise InputError(f"download failed ({_short(exc)})") from None
        return b"".join(chunks)

    # -- politeness and robots.txt --------------------------------------------------------
    class _Polite:
        def __init__(self, fetcher: Fetcher, host: str) -> None:
            self.f, self.host = fetcher, host
            self.lock = fetcher.gate.lock(host)

        def __enter__(self) -> None:
            self.lock.acquire()
            gap = self.f._delay_for(self.host)
            wait = self.f.gate.last.get(self.host, 0.0) + gap - time.monotonic()
            if wait > 0:
                time.sleep(wait)

        def __exit__(self, *exc: object) -> None:
            self.f.gate.last[self.host] = time.monotonic()
            self.lock.release()

    def _polite(self, host: str) -> Fetcher._Polite:
        return Fetcher._Polite(self, host)

    def _delay_for(self, host: str) -> float:
        delay = self.config.delay
        if self.config.respect_robots:
            for origin, parser in list(self.gate.robots.items()):
                if parser is not None and urlsplit(origin).hostname == host:
                    crawl = parser.crawl_delay(ROBOTS_AGENT)
                    if crawl:
                        delay = max(delay, min(float(crawl), 30.0))
        return delay

    def _robots_allow(self, url: str) -> bool:
        origin = _origin(url)
        if origin not in self.gate.robots or self.gate.robots_expiry[origin] < time.monotonic():
            parser = self._load_robots(origin)
            self.gate.robots[origin] = parser
            unreachable = parser is not None and parser.disallow_all
            self.gate.robots_expiry[origin] = time.monotonic() + (
                ROBOTS_RETRY if unreachable else ROBOTS_TTL)
        parser = self.gate.robots[origin]
        return True if parser is None else parser.can_fetch(ROBOTS_AGENT, url)

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        """The parsed robots.txt, or None (allow all) when there is none (4xx).

        RFC 9309: an unreachable robots.txt (5xx, network error) means "disallow all".
        """
        parser = urllib.robotparser.RobotFileParser()
        try:
            resp = self._request(origin + "/robots.txt", {}, 0)
        except RefusedError:
            raise
        except InputError:
            return _unreachable(parser)
        for _ in range(self.config.max_redirects):  # follow robots redirects, vetted each hop
            if resp.status not in (301, 302, 303, 307, 308) or "location" not in resp.headers:
                break
            resp = self._request(urljoin(origin + "/robots.txt", resp.headers["location"]), {}, 0)
        if 400 <= resp.status < 500:
            return None
        if resp.status != 200:
            return _unreachable(parser)
        parser.parse(resp.content[:500_000].decode("utf-8", "replace").splitlines())
        return parser


# -- article pages ---------------------------------------------------------------------------

def fetch_document(url: str, *, allow_private: bool = False, client: httpx.Client | None = None,
                   fetcher: Fetcher | None = None, published: date | None = None,
                   config: FetchConfig | None = None, external_id: str | None = None):
    """Fetch one article page and return its ``Document`` (raw HTML kept); InputError if not.

    ``published`` (e.g. a feed item's date) wins over the page metadata, which wins over a
    date in the URL path.
    """
    from .pages import page_to_document

    own = fetcher is None
    if fetcher is None:
        cfg = config or FetchConfig(allow_private=allow_private)
        fetcher = Fetcher(cfg, client=client)
    try:
        resp = fetcher.get(url, accept=PAGE_TYPES)
    finally:
        if own:
            fetcher.close()
    if resp.status == 304:
        raise InputError("not modified (HTTP 304) without a cached copy")
    return page_to_document(resp.content, resp.url, charset=resp.charset,
                            content_type=resp.content_type, published=published,
                            external_id=external_id or url)


# -- helpers -------------------------------------------------------------------------------

def _unreachable(parser: urllib.robotparser.RobotFileParser
                 ) -> urllib.robotparser.RobotFileParser:
    """RFC 9309: an unreachable robots.txt means "disallow all" (retried sooner)."""
    parser.disallow_all = True
    parser.modified()
    return parser


def _origin(url: str) -> str:
    p = urlsplit(url)
    return f"{p.scheme.lower()}://{p.netloc.lower()}"


def _accept_header() -> str:
    return ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
            "application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1")


_REASONS = {401: "unauthorized", 403: "forbidden", 404: "not found", 410: "gone",
            429: "too many requests", 500: "server error", 502: "bad gateway",
            503: "service unavailable", 504: "gateway timeout"}


def _reason(status: int) -> str:
    return f" {_REASONS[status]}" if status in _REASONS else ""


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"
