"""What a worker does with one partition: read its documents, extract them, write the shards.

``run_partition`` is the Dask task. It is idempotent (the same partition always gives the same
shard files, written under temporary names and renamed), so Dask may run it again on another
worker when the first one dies, and a re-run of ``warledger batch`` may redo it: nothing is lost
or written twice. Documents are read by ``warledger.ingest.readers`` and extracted as
``warledger ingest`` does (the document's own date first, else the default one), one bad
document failing alone.

``Warmup`` is the worker plugin that loads the gazetteer (building it into the worker's data
directory the first time) and the extraction pipeline once per worker process, before its
first partition; later partitions on that worker reuse them.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ..ingest.readers import Document, InputFailure, _read_jsonl, _read_path
from .plan import Part
from .shards import Doc, write_partition

MAX_BYTES = 50_000_000


def read_part(part: Part, published: date | None, max_bytes: int = MAX_BYTES
              ) -> Iterator[Document | InputFailure]:
    """The partition's documents (or failures), as ``read_inputs`` gives them for its inputs."""
    if part.kind == "files":
        for f in part.files:
            yield from _read_path(Path(f), published, max_bytes)
    elif part.kind == "jsonl":
        try:
            with open(part.source, "rb") as fp:
                fp.seek(part.offset)
                lines = [fp.readline() for _ in range(part.stop - part.start)]
        except OSError as exc:
            yield InputFailure(part.source, f"cannot read: {exc.strerror or exc}")
            return
        yield from _read_jsonl((x for x in lines if x), part.source, published, max_bytes,
                               start=part.start)
    else:
        yield from _read_parquet(part, published, max_bytes)


def _read_parquet(part: Part, published: date | None, max_bytes: int
                  ) -> Iterator[Document | InputFailure]:
    """Rows as JSONL lines through the JSONL reader: the same fields, checks and messages
    (``file:N`` is the row number, from 1)."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    try:
        pf = pq.ParquetFile(part.source)
        first = sum(pf.metadata.row_group(g).num_rows for g in range(part.start))
        table = pf.read_row_groups(list(range(part.start, part.stop)))
    except Exception as exc:  # unreadable since it was planned
        yield InputFailure(part.source, f"cannot read row groups {part.start}-{part.stop - 1} "
                                        f"({type(exc).__name__})")
        return
    lines = (json.dumps(row, ensure_ascii=False, default=str).encode("utf-8") + b"\n"
             for row in table.to_pylist())
    yield from _read_jsonl(lines, part.source, published, max_bytes, start=first + 1)


def run_partition(part_dict: dict[str, Any], out: str, backend: str,
                  published: str | None) -> dict[str, Any]:
    """Extract one partition into its shards; return its entry for the manifest."""
    from ..extract.pipeline import extract_article
    from ..options import Options

    t0, cpu0 = time.perf_counter(), time.process_time()
    part = Part.from_dict(part_dict)
    default = date.fromisoformat(published) if published else None
    docs: list[Doc] = []
    failures: list[str] = []
    warnings = 0
    for doc in read_part(part, default):
        if isinstance(doc, InputFailure):
            failures.append(str(doc))
            continue
        art = doc.article
        name = art.external_id or art.id
        try:
            result = extract_article(art, Options(published=art.published or default, backend=backend))
        except Exception as exc:  # one bad document must not stop the partition
            failures.append(f"{name}: extraction failed ({type(exc).__name__}: {exc})")
            continue
        notes = [*doc.warnings, *result.warnings]
        warnings += len(notes)
        docs.append(Doc(result.model_copy(update={"warnings": []}), doc.raw_html, notes))
    rows = write_partition(Path(out), part.id, docs)
    return {"id": part.id, "status": "done", "documents": rows["articles"],
            "events": rows["events"], "claims": rows["claims"], "failures": failures,
            "warnings": warnings, "seconds": round(time.perf_counter() - t0, 3),
            "cpu_seconds": round(time.process_time() - cpu0, 3),
            "worker": f"{socket.gethostname()}:{os.getpid()}"}


def warm(backend: str) -> None:
    """Load the gazetteer and the extraction pipeline in this process (once)."""
    from ..extract.pipeline import extract_article, make_article
    from ..geo.gazetteer import get_gazetteer
    from ..options import Options

    get_gazetteer()
    extract_article(make_article("Russian forces shelled Kharkiv on Monday, officials said."),
                    Options(published=date(2023, 3, 22), backend=backend))


def warmup_plugin(backend: str):
    """A Dask WorkerPlugin running ``warm`` when each worker starts."""
    from distributed import WorkerPlugin

    class Warmup(WorkerPlugin):
        name = "warledger-warmup"

        def setup(self, worker) -> None:
            warm(backend)

    return Warmup()
