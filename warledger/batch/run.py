"""Running a batch on Dask: plan, skip what is finished, extract the rest on the workers.

``run_batch(inputs, out, scheduler=...)`` plans the partitions (``plan.py``), reads the
manifest a previous run left in ``out`` (finished partitions whose shards are there are
skipped), submits the others to the Dask cluster, and records each partition in the manifest as
it finishes. A worker that dies (killed, out of memory) loses nothing: the scheduler gives its
partition to another worker, which writes the same shards. An interrupted run (Ctrl-C, a lost
scheduler) keeps what finished; the next run does the rest.

``scheduler`` is ``local`` (a LocalCluster with one single-threaded worker process per core),
``local:N`` (N worker processes) or the address of a running scheduler (``tcp://HOST:8786``),
whose workers must reach the input files and ``out`` at the same paths (a shared file system).
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ..errors import WarledgerError
from . import shards
from .plan import Part, plan


@dataclass
class BatchSummary:
    partitions: int = 0
    skipped: int = 0          # finished by an earlier run
    done: int = 0             # finished by this run
    failed: list[str] = field(default_factory=list)        # partitions that could not be done
    input_failures: list[str] = field(default_factory=list)
    documents: int = 0
    events: int = 0
    claims: int = 0
    seconds: float = 0.0
    extract_seconds: float = 0.0  # from the first partition submitted to the last one back
    workers: int = 0
    dashboard: str | None = None

    def line(self) -> str:
        rate = f", {self.documents / self.seconds:,.0f} documents/s" if self.seconds and self.documents else ""
        text = (f"batch: {self.done} partitions extracted, {self.skipped} already done, "
                f"{len(self.failed)} failed; {self.documents} documents, {self.events} events, "
                f"{self.claims} claims in {self.seconds:.1f} s on {self.workers} workers{rate}")
        if self.input_failures:
            text += f"; {len(self.input_failures)} inputs could not be read"
        return text


def parse_scheduler(spec: str) -> tuple[str, int | None]:
    """``("local", N)`` or ``(address, None)``; WarledgerError for anything else."""
    s = spec.strip()
    if s == "local" or s.startswith("local:"):
        n = os.cpu_count() or 1
        if s.startswith("local:"):
            try:
                n = int(s.split(":", 1)[1])
            except ValueError:
                n = 0
            if not 1 <= n <= 512:
                raise WarledgerError(f"--scheduler {spec}: use local:N with N from 1 to 512")
        return "local", n
    if "://" in s and s.split("://", 1)[0] in ("tcp", "tls", "inproc", "ws", "wss", "ucx"):
        return s, None
    raise WarledgerError(f"--scheduler {spec!r}: use local, local:N or tcp://HOST:PORT")


@contextlib.contextmanager
def open_client(scheduler: str) -> Iterator[Any]:
    """A dask.distributed Client: on a LocalCluster of worker processes, or on a scheduler."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise WarledgerError("warledger batch needs Dask: pip install 'warledger[batch]'") from None
    address, n = parse_scheduler(scheduler)
    if address == "local":
        try:
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address="127.0.0.1:0",
                                   silence_logs=logging.CRITICAL)  # failures: we report them
        except Exception as exc:
            raise WarledgerError(f"cannot start a local Dask cluster ({type(exc).__name__}: {exc})") from None
        try:
            with Client(cluster) as client:
                yield client
        finally:
            cluster.close()
        return
    try:
        client = Client(address, timeout="15s")
    except Exception as exc:
        raise WarledgerError(f"--scheduler {address}: cannot reach the Dask scheduler "
                             f"({type(exc).__name__}: {exc})") from None
    with client:
        yield client


def dashboard_link(client: Any) -> str | None:
    """The dashboard's URL when the scheduler serves one (it needs bokeh)."""
    try:
        if "dashboard" not in client.scheduler_info().get("services", {}):
            return None
        return str(client.dashboard_link)
    except Exception:
        return None


class _Reporter:
    """Progress on stderr through ``warledger.progress``: a live bar on a terminal, plain
    status lines in logs."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.bar = self.task = None
        if enabled:
            from ..store.ledger import _progress

            self.bar = _progress()
            self.task = self.bar.add_task("extracting partitions", total=total)

    def step(self) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _entry(part: Part) -> dict[str, Any]:
    return {"id": part.id, "label": part.label, "status": "pending", "part": part.to_dict()}


def prepare(inputs: list[str], out: Path, *, partition_size: int, backend: str,
            published: date | None, exclude: list[str | Path], remote: bool
            ) -> tuple[dict[str, Any], list[Part]]:
    """The manifest for this run (finished partitions kept, stale shards removed) and the
    partitions still to do."""
    if out.exists() and not out.is_dir():
        raise WarledgerError(f"--out {out}: is a file, not a folder")
    old = shards.read_manifest(out) if out.exists() else None
    if old is None and out.exists() and any(out.iterdir()):
        raise WarledgerError(f"--out {out}: folder is not empty and holds no batch manifest "
                             "(give a new or empty folder)")
    sources = [str(Path(s).resolve()) if remote and s != "-" and "://" not in s else s for s in inputs]
    parts, failures = plan(sources, size=partition_size, backend=backend, published=published,
                           exclude=[out, *exclude])
    finished = {p["id"]: p for p in (old or {}).get("partitions", [])
                if p.get("status") == "done" and shards.has_partition(out, p["id"])}
    wanted = {p.id for p in parts}
    for p in (old or {}).get("partitions", []):  # shards of partitions no longer planned
        if p["id"] not in wanted:
            for kind in shards.KINDS:
                with contextlib.suppress(OSError):
                    shards.shard_path(out, kind, p["id"]).unlink()
    now = datetime.now(UTC).isoformat(timespec="seconds")
    manifest = {
        "format": shards.FORMAT, "version": shards.VERSION,
        "created": (old or {}).get("created", now), "updated": now,
        "options": {"backend": backend, "published": published.isoformat() if published else None,
                    "partition_size": partition_size},
        "inputs": sources, "input_failures": failures,
        "partitions": [finished.get(p.id) or _entry(p) for p in parts],
    }
    todo = [p for p in parts if p.id not in finished]
    return manifest, todo


def run_batch(inputs: list[str], out: str | Path, *, scheduler: str = "local",
              partition_size: int = 500, backend: str = "rules", published: date | None = None,
              exclude: Sequence[str | Path] = (), progress: bool = True,
              on_partition: Callable[[dict[str, Any]], None] | None = None) -> BatchSummary:
    """Extract ``inputs`` into Parquet shards under ``out`` on a Dask cluster (see the module doc)."""
    from ..extract.backends import get_backend
    from .work import run_partition, warm, warmup_plugin

    try:
        get_backend(backend)
    except KeyError as exc:
        raise WarledgerError(str(exc.args[0])) from None
    out = Path(out)
    address, _ = parse_scheduler(scheduler)
    t0 = time.perf_counter()
    manifest, todo = prepare(inputs, out, partition_size=partition_size, backend=backend,
                             published=published, exclude=list(exclude), remote=address != "local")
    summary = BatchSummary(partitions=len(manifest["partitions"]), input_failures=list(manifest["input_failures"]))
    summary.skipped = summary.partitions - len(todo)
    shards.write_manifest(out, manifest)
    by_id = {p["id"]: i for i, p in enumerate(manifest["partitions"])}
    if todo:
        if address == "local":
            warm(backend)  # the gazetteer is built here once, not by every worker at the same time
        with open_client(scheduler) as client:
            summary.workers = len(client.scheduler_info().get("workers", {}))
            summary.dashboard = dashboard_link(client)
            if progress:
                from ..progress import echo

                where = f"; dashboard {summary.dashboard}" if summary.dashboard else ""
                echo(f"batch: {len(todo)} partitions to extract on {summary.workers} workers{where}")
            client.register_plugin(warmup_plugin(backend))
            pub = published.isoformat() if published else None
            t_submit = time.perf_counter()
            futures = {client.submit(run_partition, p.to_dict(), str(out.resolve()), backend, pub,
                                     key=f"warledger-{p.id}", retries=1): p for p in todo}
            _collect(futures, manifest, by_id, out, summary, progress, on_partition)
            summary.extract_seconds = time.perf_counter() - t_submit
    summary.seconds = time.perf_counter() - t0
    return summary


def _collect(futures: dict[Any, Part], manifest: dict[str, Any], by_id: dict[str, int], out: Path,
             summary: BatchSummary, progress: bool,
             on_partition: Callable[[dict[str, Any]], None] | None) -> None:
    from distributed import as_completed

    reporter = _Reporter(len(futures), progress)
    last_write = time.monotonic()
    try:
        for fut in as_completed(list(futures)):
            part = futures[fut]
            try:
                entry = fut.result()
            except Exception as exc:  # the task failed twice, or its workers kept dying
                first = (str(exc).strip().splitlines() or [""])[0]
                entry = {"id": part.id, "status": "failed",
                         "error": f"{type(exc).__name__}: {first}"[:500]}
                summary.failed.append(f"{part.label}: {entry['error']}")
            entry = {**entry, "label": part.label, "part": part.to_dict(), "run": manifest["updated"]}
            manifest["partitions"][by_id[part.id]] = entry
            if entry["status"] == "done":
                summary.input_failures += entry["failures"]
                summary.done += 1
                summary.documents += entry["documents"]
                summary.events += entry["events"]
                summary.claims += entry["claims"]
            reporter.step()
            if on_partition:
                on_partition(entry)
            if time.monotonic() - last_write >= 2:
                shards.write_manifest(out, manifest)
                last_write = time.monotonic()
    finally:
        reporter.close()
        shards.write_manifest(out, manifest)
