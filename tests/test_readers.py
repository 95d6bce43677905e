"""Input readers: every kind of input, and every kind of bad input, one clear failure each."""

from __future__ import annotations

import io
import os
import sys
import time
import types
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warledger.errors import InputError
from warledger.ingest.readers import Document, InputFailure, decode_text, read_inputs
from warledger.models import content_hash

FIXTURES = Path(__file__).parent / "fixtures" / "core"


def read(*sources, **kw):
    return list(read_inputs([str(s) for s in sources], **kw))


def one(*sources, **kw):
    items = read(*sources, **kw)
    assert len(items) == 1, items
    return items[0]


def test_text_file(tmp_path, reference_like_text):
    p = tmp_path / "report.txt"
    p.write_text("\n\n" + reference_like_text + "\r\n", encoding="utf-8")
    doc = one(p, published=date(2023, 3, 22))
    assert isinstance(doc, Document)
    assert doc.article.text == reference_like_text
    assert doc.article.id == content_hash(reference_like_text)
    assert doc.article.external_id == str(p)
    assert doc.article.published == date(2023, 3, 22)
    assert doc.raw_html is None and doc.warnings == ()


def test_folder_recursive_sorted_skips_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_text("second strike")
    (tmp_path / "a.txt").write_text("first strike")
    (tmp_path / "c.txt").write_text("third strike")
    (tmp_path / ".hidden.txt").write_text("hidden")
    (tmp_path / ".git" / "x.txt").write_text("hidden too")
    texts = [d.article.text for d in read(tmp_path)]
    assert texts == ["first strike", "second strike", "third strike"]


def test_empty_folder_and_missing_path(tmp_path):
    (tmp_path / "empty").mkdir()
    f = one(tmp_path / "empty")
    assert isinstance(f, InputFailure) and "no readable files" in f.reason
    f = one(tmp_path / "nope.txt")
    assert isinstance(f, InputFailure) and f.reason == "no such file or folder"
    assert str(f) == f"{tmp_path / 'nope.txt'}: no such file or folder"


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n"])
def test_empty_file(tmp_path, content):
    p = tmp_path / "empty.txt"
    p.write_bytes(content)
    f = one(p)
    assert isinstance(f, InputFailure)
    assert (f.source, f.reason) == (str(p), "empty")


def test_binary_file(tmp_path):
    p = tmp_path / "photo.bin"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    f = one(p)
    assert isinstance(f, InputFailure) and f.reason == "binary file"


def test_control_characters_without_nul_are_binary(tmp_path):
    p = tmp_path / "blob.dat"
    p.write_bytes(bytes([1, 2, 3, 4, 5, 6, 0xFF, 0xFE, 7, 8]) * 50)
    assert one(p).reason == "binary file"


def test_200mb_file_refused_without_reading_it(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fp:
        fp.truncate(200_000_000)  # sparse: costs no disk and no time
    t0 = time.perf_counter()
    f = one(p)
    assert time.perf_counter() - t0 < 1.0
    assert isinstance(f, InputFailure)
    assert f.reason == "file too large (200.0 MB > 50.0 MB limit)"
    # the limit is a parameter
    small = tmp_path / "small.txt"
    small.write_text("x" * 200)
    assert one(small, max_bytes=100).reason.startswith("file too large")


def test_invalid_utf8_reads_as_windows_1252_with_a_warning(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("Shelling near the café in Kherson \u201cintensified\u201d.".encode("cp1252"))
    doc = one(p)
    assert isinstance(doc, Document)
    assert doc.article.text == "Shelling near the café in Kherson \u201cintensified\u201d."
    assert doc.warnings == ("not valid UTF-8; read as Windows-1252",)


def test_cp1251_cyrillic_reads_without_warning(tmp_path):
    text = "Російські війська обстріляли Запоріжжя ракетами. Загинула одна людина, 33 поранені."
    p = tmp_path / "uk.txt"
    p.write_bytes(text.encode("cp1251"))
    doc = one(p)
    assert isinstance(doc, Document)
    assert doc.article.text == text
    assert doc.warnings == ()
    ru = "Обстрел Кременной продолжается, сообщил Генштаб."
    assert decode_text(ru.encode("cp1251")) == (ru, None)


def test_utf8_bom_and_utf16():
    assert decode_text("\ufeffKyiv".encode()) == ("Kyiv", None)
    assert decode_text("Київ під обстрілом".encode("utf-16")) == ("Київ під обстрілом", None)


def test_html_page(tmp_path):
    p = FIXTURES / "page.html"
    doc = one(p, published=date(2020, 1, 1))
    assert isinstance(doc, Document)
    assert "shot down 16 of 21 drones" in doc.article.text
    assert doc.article.title == "Missiles hit Zaporizhzhia"
    assert doc.article.published == date(2023, 3, 22)  # the page's own date wins
    assert doc.raw_html is not None and doc.raw_html.startswith("<!DOCTYPE html>")
    assert doc.article.external_id == str(p)


def test_truncated_html(tmp_path):
    full = (FIXTURES / "page.html").read_text(encoding="utf-8")
    cut_body = tmp_path / "cut-body.html"
    cut_body.write_text(full[: full.index("Air defence")], encoding="utf-8")
    doc = one(cut_body)
    assert isinstance(doc, Document)
    assert "killing at least one person" in doc.article.text
    assert "drones" not in doc.article.text
    cut_head = tmp_path / "cut-head.html"
    cut_head.write_text(full[: full.index("</title>")], encoding="utf-8")
    f = one(cut_head)
    assert isinstance(f, InputFailure)
    assert f.source == str(cut_head) and "no main text" in f.reason


def test_jsonl(tmp_path):
    p = tmp_path / "batch.jsonl"
    p.write_text(
        '{"id": 17, "text": "A strike on Kharkiv.", "published": "2023-03-21", "title": "T", '
        '"url": "https://example.org/a", "source": "Wire"}\n'
        "\n"
        "this is not json\n"
        '{"id": "b", "title": "no text here"}\n'
        '{"id": "c", "text": 42}\n'
        '["a", "list"]\n'
        '{"id": "d", "text": "Bad date.", "published": "not a date at all"}\n'
        '{"text": "No id, no date."}\n',
        encoding="utf-8",
    )
    items = read(p, published=date(2023, 3, 23))
    docs = [i for i in items if isinstance(i, Document)]
    fails = [str(i) for i in items if isinstance(i, InputFailure)]
    assert [d.article.external_id for d in docs] == ["17", f"{p}:8"]
    first = docs[0].article
    assert (first.published, first.title, first.url, first.source) == (
        date(2023, 3, 21), "T", "https://example.org/a", "Wire")
    assert docs[1].article.published == date(2023, 3, 23)  # falls back to the argument
    assert fails == [
        f"{p}:3: not JSON (Expecting value at column 1)",
        f"{p}:4: no 'text' field",
        f"{p}:5: 'text' is not a string",
        f"{p}:6: not a JSON object",
        f"{p}:7: bad 'published' date 'not a date at all' (use YYYY-MM-DD)",
    ]


def _stdin(monkeypatch, data: bytes):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_plain_text(monkeypatch):
    _stdin(monkeypatch, b"\n  Russian forces shelled Kherson.\nTwo people were injured.\n")
    doc = one("-")
    assert doc.article.text == "Russian forces shelled Kherson.\nTwo people were injured."
    assert doc.article.external_id == "<stdin>"


def test_stdin_jsonl(monkeypatch):
    _stdin(monkeypatch, b'\n{"id": 1, "text": "one"}\n{"id": 2, "text": "two"}\n{oops\n')
    items = read("-")
    assert [d.article.external_id for d in items[:2]] == ["1", "2"]
    assert str(items[2]).startswith("<stdin>:4: not JSON")


def test_url_without_fetcher(monkeypatch):
    monkeypatch.setitem(sys.modules, "warledger.ingest.fetch", None)  # import fails
    f = one("https://example.org/news/1")
    assert isinstance(f, InputFailure)
    assert str(f) == "https://example.org/news/1: URL fetching not available"


def test_url_delegates_to_fetch(monkeypatch):
    from warledger.extract import make_article

    calls = []

    def fetch_document(url, *, allow_private=False):
        calls.append((url, allow_private))
        if url.endswith("/bad"):
            raise InputError("HTTP 404 Not Found")
        return Document(make_article("A strike on Odesa.", external_id=url), raw_html="<p>x</p>")

    fake = types.ModuleType("warledger.ingest.fetch")
    fake.fetch_document = fetch_document
    monkeypatch.setitem(sys.modules, "warledger.ingest.fetch", fake)
    items = read("http://127.0.0.1:9/ok", "http://127.0.0.1:9/bad", allow_private=True,
                 published=date(2023, 3, 1))
    assert calls == [("http://127.0.0.1:9/ok", True), ("http://127.0.0.1:9/bad", True)]
    assert items[0].article.published == date(2023, 3, 1)
    assert items[0].raw_html == "<p>x</p>"
    assert str(items[1]) == "http://127.0.0.1:9/bad: HTTP 404 Not Found"


def test_exclude(tmp_path):
    (tmp_path / "a.txt").write_text("strike")
    (tmp_path / "ledger.db").write_bytes(b"SQLite format 3\x00")
    assert read(tmp_path, exclude=[tmp_path / "ledger.db"])[0].article.text == "strike"
    assert len(read(tmp_path)) == 2


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_document_or_a_failure(data):
    text, note = decode_text(data)
    assert text is not None or note.startswith("binary file")


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(st.binary(max_size=60), st.text(max_size=60).map(str.encode)), max_size=8))
def test_jsonl_never_raises(tmp_path_factory, lines):
    p = tmp_path_factory.mktemp("j") / "x.jsonl"
    p.write_bytes(b"\n".join(line.replace(b"\n", b" ") for line in lines))
    for item in read_inputs([str(p)]):
        assert isinstance(item, Document | InputFailure)
        if isinstance(item, InputFailure):
            assert item.source.startswith(f"{p}:")


def test_jsonl_line_limit_and_stdin_limit(tmp_path, monkeypatch):
    p = tmp_path / "big.ndjson"
    p.write_text('{"id": 1, "text": "short"}\n{"id": 2, "text": "' + "x" * 200 + '"}\n')
    items = read(p, max_bytes=100)
    assert items[0].article.external_id == "1"
    assert str(items[1]) == f"{p}:2: line too large (222 bytes > 100 bytes limit)"
    _stdin(monkeypatch, b"y" * 500)
    assert str(one("-", max_bytes=100)) == "<stdin>: input too large (over 100 bytes limit)"


def test_count_inputs(tmp_path):
    from warledger.ingest.readers import count_inputs

    (tmp_path / "d").mkdir()
    for name in ("a.txt", "b.html", ".hidden", "d/c.txt", "skip.db"):
        (tmp_path / name).write_text("x")
    assert count_inputs([str(tmp_path)], exclude=[tmp_path / "skip.db"]) == 3
    assert count_inputs([str(tmp_path / "a.txt"), str(tmp_path / "missing.txt")]) == 2
    assert count_inputs(["-"]) is None and count_inputs(["https://example.org"]) is None
    (tmp_path / "d" / "e.jsonl").write_text("{}")
    assert count_inputs([str(tmp_path)]) is None


def test_fifo_is_refused_not_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "ok.txt").write_text("A strike on Dnipro.")
    items = read(tmp_path)  # would block forever if the FIFO were opened
    assert [str(i) for i in items if isinstance(i, InputFailure)] == [f"{fifo}: not a regular file"]
    assert [d.article.text for d in items if isinstance(d, Document)] == ["A strike on Dnipro."]
