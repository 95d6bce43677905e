"""Loading a batch output into a ledger: ``warledger ingest OUT --db ...`` (or ``batch --db``).

The finished partitions are read in manifest order (the input order) and each document goes
into the ledger as ``warledger ingest`` stores one: one transaction per article, idempotent by
content hash, fused on arrival. Articles already in the ledger are skipped before any
transaction (one query per partition), so a re-run after a crash, or a second loader working on
the same output, only pays for what is missing. Two loaders started together on one PostgreSQL
ledger walk the partitions in the same order and commit each article once, in that order: the
ledger they build is the one a single loader builds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import StoreError, WarledgerError
from ..store import IngestSummary, Ledger
from . import shards


def load_batch(ledger: Ledger, out: str | Path, *, progress: bool = False,
               on_failure: Callable[[str], None] | None = None) -> IngestSummary:
    out = Path(out)
    manifest = shards.read_manifest(out)
    if manifest is None:
        raise WarledgerError(f"{out}: no batch manifest here")
    summary = IngestSummary()
    warn_counts: dict[str, int] = {}

    def failed(msg: str) -> None:
        summary.failed.append(msg)
        if on_failure:
            on_failure(msg)

    for msg in manifest.get("input_failures", []):
        failed(msg)
    parts = manifest.get("partitions", [])
    unfinished = [p for p in parts if p.get("status") != "done"]
    if unfinished:
        warn_counts[f"{out}: {len(unfinished)} of {len(parts)} partitions are not extracted yet "
                    f"(first: {unfinished[0].get('label')}); re-run warledger batch to finish"] = 1
    bar = task = None
    if progress:
        from ..store.ledger import _progress

        bar = _progress()
        task = bar.add_task("loading", total=sum(p.get("documents", 0) for p in parts))
    try:
        for p in parts:
            if p.get("status") != "done":
                continue
            for msg in p.get("failures", []):
                failed(msg)
            docs = list(shards.read_partition(out, p["id"]))
            present = ledger.present([d.result.articles[0].id for d in docs])
            for d in docs:
                if bar is not None:
                    bar.advance(task)
                art = d.result.articles[0]
                name = art.external_id or art.id
                if art.id in present:
                    summary.present += 1
                    continue
                try:
                    status = ledger.add(d.result, raw_html=d.raw_html)
                except StoreError:
                    raise  # the database itself is failing: stop here, all before is committed
                except Exception as exc:  # a hook (dedup/fuser) crashed: rolled back, go on
                    failed(f"{name}: cannot store ({type(exc).__name__}: {exc})")
                    continue
                present.add(art.id)
                if status == "new":
                    summary.new += 1
                    summary.events += len(d.result.events)
                    summary.claims += len(d.result.claims)
                    for w in d.warnings:
                        key = w if w.startswith("no publication date") else f"{name}: {w}"
                        warn_counts[key] = warn_counts.get(key, 0) + 1
                else:
                    summary.present += 1
    finally:
        if bar is not None:
            bar.stop()
    summary.warnings = [f"{k} ({n} articles)" if n > 1 else k for k, n in warn_counts.items()]
    return summary
