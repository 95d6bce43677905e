"""Cutting the inputs into partitions: the units of work a Dask worker takes.

The inputs are read in the order ``warledger extract``/``ingest`` read them (each argument in
turn, a folder's files sorted), and cut into partitions of about ``size`` documents:

* a JSONL file: ranges of ``size`` lines (with the byte offset of the first, so a worker seeks
  straight to it; line numbers stay those of the file, in ids and messages);
* a Parquet file: runs of whole row groups of about ``size`` rows (columns as in JSONL: ``text``,
  and optional ``id``, ``published``, ``title``, ``url``, ``source``, ``lang``, ``author``);
* other files (text, HTML), one document each: runs of ``size`` consecutive files.

A partition's id is its position plus a hash of what it reads (paths, ranges, each file's size
and modification time) and of the options that change its output (backend, default date): a
re-run with the same inputs finds its finished partitions by id; a changed file gets a new id
and is redone.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from ..errors import WarledgerError
from ..ingest.readers import JSONL_SUFFIXES, _walk

PARQUET_SUFFIXES = {".parquet", ".pq"}


@dataclass(frozen=True)
class Part:
    id: str
    kind: str                 # "jsonl", "parquet" or "files"
    source: str               # the JSONL/Parquet file; "" for files
    files: tuple[str, ...]    # the files of a "files" partition
    start: int                # first line (1-based) / first row group
    stop: int                 # last line + 1 / last row group + 1
    offset: int               # byte offset of line ``start`` (JSONL)
    fingerprint: str          # sizes and modification times of what it reads
    label: str                # for people: "a.jsonl:1-500", "docs/a.txt .. docs/k.txt"

    def to_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["files"] = list(self.files)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Part:
        return cls(**{**d, "files": tuple(d["files"])})


def _stamp(path: Path) -> str:
    st = path.stat()
    return f"{st.st_size}:{st.st_mtime_ns}"


def _make(index: int, kind: str, source: str, files: tuple[str, ...], start: int, stop: int,
          offset: int, fingerprint: str, label: str, salt: str) -> Part:
    key = json.dumps([kind, source, files, start, stop, offset, fingerprint, salt])
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    return Part(f"p{index:05d}-{digest}", kind, source, files, start, stop, offset, fingerprint, label)


def _jsonl_ranges(path: Path, size: int) -> list[tuple[int, int, int]]:
    """(first line, last line + 1, byte offset of the first) per run of ``size`` lines."""
    out: list[tuple[int, int, int]] = []
    lineno, offset, first, first_offset = 0, 0, 1, 0
    with open(path, "rb") as fp:
        for line in fp:
            lineno += 1
            offset += len(line)
            if lineno - first + 1 == size:
                out.append((first, lineno + 1, first_offset))
                first, first_offset = lineno + 1, offset
    if lineno >= first:
        out.append((first, lineno + 1, first_offset))
    return out


def _parquet_ranges(path: Path, size: int) -> list[tuple[int, int]]:
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    meta = pq.ParquetFile(str(path)).metadata
    out: list[tuple[int, int]] = []
    start, rows = 0, 0
    for g in range(meta.num_row_groups):
        rows += meta.row_group(g).num_rows
        if rows >= size:
            out.append((start, g + 1))
            start, rows = g + 1, 0
    if start < meta.num_row_groups:
        out.append((start, meta.num_row_groups))
    return out


def plan(inputs: list[str], *, size: int = 500, backend: str = "rules",
         published: date | None = None, exclude: Sequence[str | Path] = ()
         ) -> tuple[list[Part], list[str]]:
    """The partitions of ``inputs`` in reading order, and the inputs that cannot be read."""
    if size < 1:
        raise WarledgerError(f"--partition-size {size}: give at least 1")
    salt = json.dumps([backend, published.isoformat() if published else None])
    skip = [os.path.abspath(p) for p in exclude]
    parts: list[Part] = []
    failures: list[str] = []
    pending: list[Path] = []

    def skipped(f: Path) -> bool:
        a = os.path.abspath(f)
        return any(a == s or a.startswith(s.rstrip(os.sep) + os.sep) for s in skip)

    def flush() -> None:
        for i in range(0, len(pending), size):
            chunk = tuple(str(f) for f in pending[i:i + size])
            label = chunk[0] if len(chunk) == 1 else f"{chunk[0]} .. {chunk[-1]} ({len(chunk)} files)"
            parts.append(_make(len(parts), "files", "", chunk, 0, len(chunk), 0,
                               ",".join(_stamp(Path(f)) for f in chunk), label, salt))
        pending.clear()

    def add_file(f: Path) -> None:
        suffix = f.suffix.lower()
        if suffix in JSONL_SUFFIXES and f.is_file():
            flush()
            stamp = _stamp(f)
            try:
                ranges = _jsonl_ranges(f, size)
            except OSError as exc:
                failures.append(f"{f}: cannot read: {exc.strerror or exc}")
                return
            for a, b, off in ranges:
                parts.append(_make(len(parts), "jsonl", str(f), (), a, b, off, stamp,
                                   f"{f}:{a}-{b - 1}", salt))
        elif suffix in PARQUET_SUFFIXES and f.is_file():
            flush()
            stamp = _stamp(f)
            try:
                groups = _parquet_ranges(f, size)
            except Exception as exc:  # not a Parquet file after all
                failures.append(f"{f}: not a readable Parquet file ({type(exc).__name__})")
                return
            for a, b in groups:
                parts.append(_make(len(parts), "parquet", str(f), (), a, b, 0, stamp,
                                   f"{f} row groups {a}-{b - 1}", salt))
        else:
            pending.append(f)

    for source in inputs:
        if source == "-" or source.startswith(("http://", "https://")):
            raise WarledgerError(f"{source}: batch reads files and folders the workers can open "
                                 "(not stdin or URLs: use warledger ingest for those)")
        path = Path(source)
        if path.is_dir():
            files = [f for f in _walk(path) if not skipped(f)]
            if not files:
                failures.append(f"{source}: folder has no readable files")
            for f in files:
                add_file(f)
        elif path.exists():
            add_file(path)
        else:
            failures.append(f"{source}: no such file or folder")
    flush()
    return parts, failures
