"""A fetched page (bytes) to a Document, and the publication-date rules of live sources.

Publication date, in this order: the date the caller gives (a feed item's), the page metadata
(``article:published_time``, JSON-LD ``datePublished``, ``<time datetime>``... then
trafilatura's own guess), then a date in the URL path (``/2023/03/22/``, ``/2023-03-22-``).
A timestamp with a time zone is converted to Kyiv local time before its date is taken, so an
item stamped 22:30 UTC on Tuesday — half past midnight on Wednesday in Kyiv — is Wednesday.
"""

from __future__ import annotations

import email.utils
import json
import re
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..errors import InputError
from ..extract.pipeline import make_article
from .readers import Document, decode_text

LOCAL_TZ_NAME = "Europe/Kyiv"

META_DATE_KEYS = (
    "article:published_time", "og:published_time", "datepublished", "date.published",
    "pubdate", "publishdate", "publish-date", "publication_date", "parsely-pub-date",
    "sailthru.date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.issued", "date",
)


@lru_cache(maxsize=1)
def local_tz() -> ZoneInfo:
    for name in (LOCAL_TZ_NAME, "Europe/Kiev"):
        try:
            return ZoneInfo(name)
        except Exception:  # noqa: BLE001 - an old tz database names it Kiev
            continue
    raise InputError("no time-zone data for Europe/Kyiv (install the tzdata package)")


def local_date(moment: datetime) -> date:
    """The Kyiv calendar date of ``moment``; a naive moment is taken as local already."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.date()
    return moment.astimezone(local_tz()).date()


def parse_timestamp(value: str) -> datetime | None:
    """ISO 8601 / RFC 3339 or RFC 822 (RSS) timestamps; None if unreadable."""
    s = (value or "").strip()
    if not s:
        return None
    try:
        return datetime.fromisoformat(s.replace("z", "Z"))
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", s)
    if m:
        try:
            return datetime(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


def timestamp_date(value: str | None) -> date | None:
    moment = parse_timestamp(value or "")
    return local_date(moment) if moment else None


_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/_-](0[1-9]|1[0-2])[/_-](0[1-9]|[12]\d|3[01])(?=[/_.-]|$)"
    r"|/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=/)"
)


def date_from_url(url: str | None) -> date | None:
    """A date written in the URL path: /2023/03/22/, /2023-03-22-slug, /20230322/."""
    if not url:
        return None
    path = urlsplit(url).path
    for m in _URL_DATE.finditer(path):
        y, mo, d = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])
        try:
            return date(int(y), int(mo), int(d))
        except ValueError:
            continue
    return None


def meta_date(html: str) -> date | None:
    """The publication date the page's own metadata states (Kyiv date), or None."""
    try:
        import lxml.html

        tree = lxml.html.fromstring(html)
    except Exception:  # noqa: BLE001 - unparsable HTML has no metadata to offer
        return None
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in META_DATE_KEYS and meta.get("content") and key not in found:
            found[key] = meta.get("content")
    for key in META_DATE_KEYS:
        if key in found and (d := timestamp_date(found[key])):
            return d
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        for obj in data if isinstance(data, list) else [data]:
            if isinstance(obj, dict) and isinstance(obj.get("datePublished"), str) \
                    and (d := timestamp_date(obj["datePublished"])):
                return d
    for t in tree.iter("time"):
        marked = (t.get("pubdate") is not None or "publish" in (t.get("class") or "")
                  or t.get("itemprop") == "datePublished")
        if marked and t.get("datetime") and (d := timestamp_date(t.get("datetime"))):
            return d
    return None


def _decode(content: bytes, charset: str | None) -> tuple[str | None, str | None]:
    if charset:
        try:
            return content.decode(charset), None
        except (LookupError, UnicodeDecodeError):
            pass
    m = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", content[:4096], re.I)
    if m:
        try:
            return content.decode(m.group(1).decode("ascii")), None
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(content)


def page_to_document(content: bytes, url: str, *, charset: str | None = None,
                     content_type: str = "text/html", published: date | None = None,
                     external_id: str | None = None) -> Document:
    """Extract the article of a fetched page; InputError when there is no article text."""
    if not content.strip():
        raise InputError("empty page")
    text, note = _decode(content, charset)
    if text is None:
        raise InputError(note or "binary content")
    warnings = (note,) if note else ()
    host = urlsplit(url).hostname
    if content_type == "text/plain":
        pub = published or date_from_url(url)
        return Document(make_article(text, published=pub, url=url, source=host,
                                     external_id=external_id or url), warnings=warnings)
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(text, url=url, with_metadata=True,
                                          include_comments=False)
        if doc is None or not (doc.text or "").strip():
            doc = trafilatura.bare_extraction(text, url=url, with_metadata=True,
                                              favor_recall=True, include_comments=False)
    except Exception as exc:  # noqa: BLE001 - trafilatura/lxml errors on broken pages
        raise InputError(f"cannot parse HTML ({type(exc).__name__})") from None
    body = (doc.text if doc is not None else "") or ""
    if not body.strip():
        raise InputError("no main text found in the page")
    pub = published or meta_date(text)
    if pub is None and doc.date:
        try:
            pub = date.fromisoformat(str(doc.date)[:10])
        except ValueError:
            pub = None
    pub = pub or date_from_url(url)
    canonical = doc.url if doc.url and doc.url.startswith(("http://", "https://")) else url
    article = make_article(
        body, published=pub, title=doc.title or None, url=canonical,
        source=doc.sitename or doc.hostname or host, author=doc.author or None,
        lang=doc.language or None, external_id=external_id or url,
    )
    return Document(article, raw_html=text, warnings=warnings)
