"""Read inputs into Documents: text files, folders, stdin, JSONL, saved HTML pages, URLs.

``read_inputs`` never raises for a bad input: it yields an ``InputFailure`` naming the input
(``file`` or ``file:line``) and the problem, and goes on with the rest of the batch.

Rules
- a folder is read recursively, in sorted order, skipping hidden files and folders;
- ``-`` is stdin: JSONL if its first non-blank character is ``{``, else one plain-text document;
- ``.jsonl`` / ``.ndjson``: one object per line with ``id``, ``text`` and optional ``published``,
  ``title``, ``url``, ``source``; the size limit applies per line, so a big JSONL streams;
- ``.html`` / ``.htm``: main text, title and publication date via trafilatura;
- anything else is text: UTF-8 (a BOM is honoured), else Windows-1251 when the high bytes read as
  Cyrillic words, else Windows-1252/Latin-1 with a warning. NUL bytes or many control characters
  mean a binary file. Files over ``max_bytes`` are refused without being read.
- ``http://`` / ``https://`` sources go to ``warledger.ingest.fetch.fetch_document``.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, cast

from ..errors import WarledgerError
from ..extract.pipeline import make_article, to_date
from ..models import Article

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class Document:
    """One input document: its Article, and the page it came from when there was one."""

    article: Article
    raw_html: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class InputFailure:
    """An input that yields no Document: ``source`` is a path, ``path:line`` or URL."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def read_inputs(
    sources: Iterable[str],
    *,
    published: date | None = None,
    max_bytes: int = 50_000_000,
    allow_private: bool = False,
    exclude: Iterable[str | Path] = (),
) -> Iterator[Document | InputFailure]:
    """Yield one Document (or InputFailure) per input document found in ``sources``.

    ``exclude``: files never read from a folder (the ledger's own database files).
    """
    skip = {os.path.abspath(p) for p in exclude}
    for source in sources:
        source = str(source)
        if source == "-":
            yield from _read_stdin(published, max_bytes)
        elif source.startswith(("http://", "https://")):
            yield _read_url(source, published, allow_private)
        else:
            path = Path(source)
            if path.is_dir():
                files = [f for f in _walk(path) if os.path.abspath(f) not in skip]
                if not files:
                    yield InputFailure(source, "folder has no readable files")
                for f in files:
                    yield from _read_path(f, published, max_bytes)
            elif path.exists():
                yield from _read_path(path, published, max_bytes)
            else:
                yield InputFailure(source, "no such file or folder")


def count_inputs(sources: Iterable[str], exclude: Iterable[str | Path] = ()) -> int | None:
    """How many documents ``read_inputs`` will yield, when that is cheap to know (for a
    progress bar): files and folders of non-JSONL files; None with stdin, URLs or JSONL."""
    skip = {os.path.abspath(p) for p in exclude}
    total = 0
    for source in map(str, sources):
        if source == "-" or source.startswith(("http://", "https://")):
            return None
        path = Path(source)
        files = [f for f in _walk(path) if os.path.abspath(f) not in skip] if path.is_dir() else [path]
        if any(f.suffix.lower() in JSONL_SUFFIXES for f in files):
            return None
        total += max(1, len(files))
    return total


def _walk(folder: Path) -> list[Path]:
    """Every non-hidden file under ``folder``, sorted by path (a/1, b/2, c)."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root) / name for name in files if not name.startswith("."))
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _read_path(path: Path, published: date | None, max_bytes: int) -> Iterator[Document | InputFailure]:
    name = str(path)
    suffix = path.suffix.lower()
    if not path.is_file():  # a FIFO, socket or device would block or never end
        yield InputFailure(name, "not a regular file")
        return
    try:
        if suffix in JSONL_SUFFIXES:
            with open(path, "rb") as fp:
                yield from _read_jsonl(fp, name, published, max_bytes)
            return
        size = path.stat().st_size
        if size > max_bytes:
            yield InputFailure(name, f"file too large ({_mb(size)} > {_mb(max_bytes)} limit)")
            return
        with open(path, "rb") as fp:
            data = fp.read(max_bytes + 1)
    except OSError as exc:
        yield InputFailure(name, f"cannot read: {exc.strerror or exc}")
        return
    if suffix in HTML_SUFFIXES:
        yield _from_html(data, name, published)
    else:
        yield _from_bytes(data, name, published)


def _read_stdin(published: date | None, max_bytes: int) -> Iterator[Document | InputFailure]:
    stream = cast(BinaryIO, getattr(sys.stdin, "buffer", None) or sys.stdin)
    head: list[bytes] = []
    while True:  # read up to the first non-blank line to decide JSONL or text
        line = stream.readline(max_bytes + 1)
        if isinstance(line, str):
            line = line.encode("utf-8")
        if not line:
            break
        head.append(line)
        if line.strip(b" \t\r\n\xef\xbb\xbf"):
            break
    if b"".join(head).lstrip(b" \t\r\n\xef\xbb\xbf").startswith(b"{"):
        yield from _read_jsonl(itertools.chain(head, _as_bytes(stream)), STDIN_NAME, published,
                               max_bytes)
        return
    rest = stream.read(max_bytes + 1)
    if isinstance(rest, str):
        rest = rest.encode("utf-8")
    data = b"".join(head) + rest
    if len(data) > max_bytes:
        yield InputFailure(STDIN_NAME, f"input too large (over {_mb(max_bytes)} limit)")
        return
    yield _from_bytes(data, STDIN_NAME, published)


def _as_bytes(stream: Iterable[bytes | str]) -> Iterator[bytes]:
    for line in stream:
        yield line if isinstance(line, bytes) else line.encode("utf-8")


def _read_jsonl(lines: Iterable[bytes], name: str, published: date | None, max_bytes: int,
                start: int = 1) -> Iterator[Document | InputFailure]:
    """``lines`` are the file's lines from line number ``start`` on (a batch partition)."""
    for lineno, raw in enumerate(lines, start=start):
        where = f"{name}:{lineno}"
        if len(raw) > max_bytes:
            yield InputFailure(where, f"line too large ({_mb(len(raw))} > {_mb(max_bytes)} limit)")
            continue
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw.decode("utf-8-sig" if lineno == 1 else "utf-8"))
        except UnicodeDecodeError:
            yield InputFailure(where, "not valid UTF-8")
            continue
        except json.JSONDecodeError as exc:
            yield InputFailure(where, f"not JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield InputFailure(where, "not a JSON object")
            continue
        text = obj.get("text")
        if not isinstance(text, str):
            yield InputFailure(where, "no 'text' field" if text is None else "'text' is not a string")
            continue
        if not text.strip():
            yield InputFailure(where, "empty 'text'")
            continue
        try:
            pub = to_date(obj.get("published")) or published
        except (ValueError, TypeError):
            yield InputFailure(where, f"bad 'published' date {obj.get('published')!r} (use YYYY-MM-DD)")
            continue
        ext = obj.get("id")
        yield Document(make_article(
            text, published=pub, title=_opt_str(obj.get("title")), url=_opt_str(obj.get("url")),
            source=_opt_str(obj.get("source")), lang=_opt_str(obj.get("lang")),
            author=_opt_str(obj.get("author")),
            external_id=str(ext) if ext is not None else where,
        ))


def _opt_str(value: object) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def decode_text(data: bytes) -> tuple[str | None, str | None]:
    """Bytes to text: ``(text, warning)``, or ``(None, reason)`` for a binary file."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            return None, "binary file (bad UTF-16)"
    if b"\x00" in data:
        return None, "binary file"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    controls = sum(1 for b in data if (b < 0x20 and b not in (9, 10, 12, 13)) or b == 0x7F)
    if controls > max(2, len(data) // 100):
        return None, "binary file"
    if _looks_cyrillic(data):
        try:
            return data.decode("cp1251"), None
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("cp1252"), "not valid UTF-8; read as Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not valid UTF-8; read as Latin-1"


# bytes that are Cyrillic letters in Windows-1251 (А-я, Ёё, Ґґ, Єє, Іі, Її, Ўў)
_CP1251_LETTERS = set(range(0xC0, 0x100)) | {0xA8, 0xB8, 0xA5, 0xB4, 0xAA, 0xBA, 0xB2, 0xB3,
                                               0xAF, 0xBF, 0xA1, 0xA2}


def _looks_cyrillic(data: bytes) -> bool:
    """True when high bytes come in runs of Cyrillic letters (words), not isolated accents."""
    high = [i for i, b in enumerate(data) if b >= 0x80]
    if not high:
        return False
    letters = [i for i in high if data[i] in _CP1251_LETTERS]
    if len(letters) < 0.8 * len(high):
        return False
    in_runs = sum(
        1 for i in letters
        if (i > 0 and data[i - 1] in _CP1251_LETTERS) or (i + 1 < len(data) and data[i + 1] in _CP1251_LETTERS)
    )
    return in_runs >= 0.6 * len(letters)


def _from_bytes(data: bytes, name: str, published: date | None) -> Document | InputFailure:
    if not data.strip():
        return InputFailure(name, "empty")
    text, note = decode_text(data)
    if text is None:
        return InputFailure(name, note or "binary file")
    if not text.strip():
        return InputFailure(name, "empty")
    return Document(make_article(text, published=published, external_id=name),
                    warnings=(note,) if note else ())


def _from_html(data: bytes, name: str, published: date | None) -> Document | InputFailure:
    if not data.strip():
        return InputFailure(name, "empty")
    html, note = decode_text(data)
    if html is None:
        return InputFailure(name, note or "binary file")
    meta = _main_text(html)
    if isinstance(meta, str):
        return InputFailure(name, meta)
    text = meta.get("text") or ""
    if not text.strip():
        return InputFailure(name, "no main text found in the HTML page (truncated or empty?)")
    try:
        pub = to_date(meta.get("date")) if meta.get("date") else None
    except ValueError:
        pub = None
    article = make_article(
        text, published=pub or published, title=meta.get("title") or None,
        url=meta.get("url") or None, source=meta.get("sitename") or meta.get("hostname") or None,
        author=meta.get("author") or None, lang=meta.get("language") or None, external_id=name,
    )
    return Document(article, raw_html=html, warnings=(note,) if note else ())


def _main_text(html: str) -> dict[str, Any] | str:
    """trafilatura's main text and metadata as a dict, or the reason it failed."""
    import trafilatura

    def run(**kw: Any) -> dict[str, Any]:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, **kw)
        if doc is None:
            return {}
        return doc if isinstance(doc, dict) else doc.as_dict()

    try:
        meta = run()
        if not (meta.get("text") or "").strip():
            meta = run(favor_recall=True)
    except Exception as exc:  # trafilatura/lxml errors on broken pages: report, go on
        return f"cannot parse HTML ({type(exc).__name__})"
    return meta


def _read_url(url: str, published: date | None, allow_private: bool) -> Document | InputFailure:
    try:
        from .fetch import fetch_document
    except ImportError:
        return InputFailure(url, "URL fetching not available")
    try:
        doc = fetch_document(url, allow_private=allow_private)
    except WarledgerError as exc:
        return InputFailure(url, str(exc))
    except Exception as exc:  # a fetch helper bug must not stop the batch
        return InputFailure(url, f"fetch failed ({type(exc).__name__}: {exc})")
    if isinstance(doc, InputFailure):
        return doc
    if doc.article.published is None and published is not None:
        doc = Document(doc.article.model_copy(update={"published": published}),
                       raw_html=doc.raw_html, warnings=getattr(doc, "warnings", ()))
    return doc


def _mb(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    return f"{n / 1000:.1f} kB" if n >= 1000 else f"{n} bytes"
