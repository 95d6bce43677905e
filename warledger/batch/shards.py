"""The batch output: Parquet shards of articles, events and claims per partition, and a manifest.

``OUT/manifest.json`` lists the partitions in input order, each with its status, counts, the
inputs that failed, and its three files::

    OUT/articles/p00003-1a2b3c4d5e.parquet   one row per document: the Article, raw_html, warnings
    OUT/events/p00003-1a2b3c4d5e.parquet     one row per event (``position``: its document)
    OUT/claims/p00003-1a2b3c4d5e.parquet     one row per claim (``position``: its document)

Columns are typed (dates as date32, lists as lists, evidence as a list of structs; a claim's
quantities as JSON text, since their values mix integers and fractions), so DuckDB, pandas or
Spark read them as they are, and a record read back equals the record written (``read_partition``).
A shard file appears only complete: it is written under a temporary name and renamed.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import WarledgerError
from ..models import Article, Claim, Event, Result

MANIFEST = "manifest.json"
FORMAT = "warledger-batch"
VERSION = 1
KINDS = ("articles", "events", "claims")


def _pa():
    import pyarrow as pa  # type: ignore[import-untyped]

    return pa


def _evidence_type():
    pa = _pa()
    return pa.list_(pa.struct([("article_id", pa.string()), ("start", pa.int64()),
                               ("end", pa.int64()), ("text", pa.string()), ("field", pa.string())]))


def _type_of(annotation: Any):
    import datetime as dt

    pa = _pa()
    kinds = {dt.date: pa.date32(), int: pa.int64(), float: pa.float64(), bool: pa.bool_(),
             list[str]: pa.list_(pa.string())}
    for py, arrow in kinds.items():
        if annotation == py or annotation == py | None:
            return arrow
    return pa.string()  # str, Literal[...] and their optional forms


def schemas() -> dict[str, Any]:
    pa = _pa()

    def of(model, skip=(), extra=()):
        cols = list(extra)
        for name, f in model.model_fields.items():
            if name in skip:
                continue
            cols.append((name, _evidence_type() if name == "evidence" else
                         pa.string() if name == "quantities" else _type_of(f.annotation)))
        return pa.schema(cols)

    return {
        "articles": of(Article, extra=[("position", pa.int64())]).append(
            pa.field("raw_html", pa.string())).append(pa.field("warnings", pa.list_(pa.string()))),
        "events": of(Event, extra=[("position", pa.int64())]),
        "claims": of(Claim, extra=[("position", pa.int64())]),
    }


@dataclass
class Doc:
    """One extracted document of a partition: its Result, the page and the reader's warnings."""

    result: Result
    raw_html: str | None = None
    warnings: list[str] = field(default_factory=list)


def _tables(docs: list[Doc]) -> dict[str, Any]:
    pa = _pa()
    sch = schemas()
    arts, events, claims = [], [], []
    for i, d in enumerate(docs):
        a = d.result.articles[0]
        arts.append({"position": i, **a.model_dump(), "raw_html": d.raw_html,
                     "warnings": list(d.warnings)})
        for e in d.result.events:
            events.append({"position": i, **e.model_dump()})
        for c in d.result.claims:
            row = {"position": i, **c.model_dump()}
            row["quantities"] = json.dumps(row["quantities"], ensure_ascii=False)
            claims.append(row)
    return {"articles": pa.Table.from_pylist(arts, schema=sch["articles"]),
            "events": pa.Table.from_pylist(events, schema=sch["events"]),
            "claims": pa.Table.from_pylist(claims, schema=sch["claims"])}


def shard_path(out: Path, kind: str, part_id: str) -> Path:
    return out / kind / f"{part_id}.parquet"


def write_partition(out: Path, part_id: str, docs: list[Doc]) -> dict[str, int]:
    """Write the partition's three shard files (each atomically); return rows per kind."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    tables = _tables(docs)
    for kind, table in tables.items():
        target = shard_path(out, kind, part_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            pq.write_table(table, str(tmp), compression="zstd")
            os.replace(tmp, target)
        finally:
            if tmp.exists():
                tmp.unlink()
    return {kind: t.num_rows for kind, t in tables.items()}


def has_partition(out: Path, part_id: str) -> bool:
    return all(shard_path(out, k, part_id).is_file() for k in KINDS)


def read_partition(out: Path, part_id: str) -> Iterator[Doc]:
    """The partition's documents in input order, each with its events and claims."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    try:
        arts = pq.read_table(str(shard_path(out, "articles", part_id))).to_pylist()
        events = pq.read_table(str(shard_path(out, "events", part_id))).to_pylist()
        claims = pq.read_table(str(shard_path(out, "claims", part_id))).to_pylist()
    except (OSError, ValueError) as exc:  # a missing or damaged shard: one line
        raise WarledgerError(f"{out}: partition {part_id} cannot be read ({exc}); "
                             "re-run warledger batch to redo it") from None
    events_of: dict[int, list[Event]] = {}
    for row in events:
        events_of.setdefault(row.pop("position"), []).append(Event.model_validate(row))
    claims_of: dict[int, list[Claim]] = {}
    for row in claims:
        row["quantities"] = json.loads(row["quantities"])
        claims_of.setdefault(row.pop("position"), []).append(Claim.model_validate(row))
    for row in sorted(arts, key=lambda r: r["position"]):
        i = row.pop("position")
        raw_html, warnings = row.pop("raw_html"), row.pop("warnings") or []
        article = Article.model_validate(row)
        yield Doc(Result(articles=[article], events=events_of.get(i, []), claims=claims_of.get(i, [])),
                  raw_html, list(warnings))


# -- the manifest ------------------------------------------------------------------------------

def is_batch_dir(path: str | Path) -> bool:
    p = Path(path)
    if not (p / MANIFEST).is_file():
        return False
    try:
        return json.loads((p / MANIFEST).read_text("utf-8")).get("format") == FORMAT
    except (OSError, ValueError, AttributeError):
        return False


def read_manifest(out: Path) -> dict[str, Any] | None:
    path = out / MANIFEST
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise WarledgerError(f"{path}: not a readable batch manifest ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise WarledgerError(f"{path}: not a warledger batch manifest")
    if data.get("version") != VERSION:
        raise WarledgerError(f"{path}: batch format version {data.get('version')} "
                             f"(this warledger reads {VERSION})")
    return data


def write_manifest(out: Path, data: dict[str, Any]) -> None:
    """Atomically replace the manifest (a reader never sees half of one)."""
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / f".{MANIFEST}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False), "utf-8")
    os.replace(tmp, out / MANIFEST)
