"""Batch extraction on a real Dask LocalCluster (two worker processes): partitions, shards equal
to single-process extraction record by record, resuming, a worker killed with SIGKILL mid-run,
loading the shards into both stores (a loader killed mid-transaction), the commands."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from fuse_stories import texts
from typer.testing import CliRunner

from warledger.batch import load_batch, read_partition, run_batch
from warledger.batch.plan import plan
from warledger.batch.shards import read_manifest
from warledger.cli import app
from warledger.errors import WarledgerError
from warledger.store import Ledger

pytest.importorskip("distributed")
runner = CliRunner()
FIXTURES = Path(__file__).parent / "fixtures"
DEFAULT = date(2023, 3, 23)


def _stories() -> list[tuple[str, date]]:
    return [t for s in ("reference", "sloviansk", "kharkiv") for t in texts(s)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, object]:
    """JSONL (with bad lines), a folder of text and HTML files, and a Parquet file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = tmp_path_factory.mktemp("corpus")
    stories = _stories()
    lines = []
    for i in range(36):
        text, published = stories[i % len(stories)]
        lines.append(json.dumps({"id": f"w{i}", "text": f"{text} (wire copy {i // len(stories)})",
                                 "published": published.isoformat(), "source": "Wire"}))
    lines[5] = "{broken"
    lines[17] = json.dumps({"id": "no-text"})
    (root / "wire.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    folder = root / "docs"
    (folder / "sub").mkdir(parents=True)
    for i, (text, _) in enumerate(stories[:7]):
        (folder / ("sub" if i % 2 else ".") / f"{i:02}.txt").write_text(text, "utf-8")
    (folder / "page.html").write_bytes((FIXTURES / "core" / "page.html").read_bytes())
    (folder / "blob.bin").write_bytes(b"\x00\x01\x02")
    rows = [{"id": f"pq{i}", "text": stories[-1 - i][0] + f" (archive {i})",
             "published": stories[-1 - i][1]} for i in range(9)]
    pq.write_table(pa.Table.from_pylist(rows), str(root / "archive.parquet"), row_group_size=2)
    # the Parquet rows as JSONL, for single-process readers (which take no Parquet)
    (root / "same-rows.jsonl").write_text("".join(
        json.dumps({**r, "published": r["published"].isoformat()}) + "\n" for r in rows), "utf-8")
    return {"root": root, "inputs": [str(root / "wire.jsonl"), str(folder), str(root / "archive.parquet")],
            "reference": [str(root / "wire.jsonl"), str(folder), str(root / "same-rows.jsonl")]}


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of two single-threaded worker processes, warmed like `batch` warms it."""
    from distributed import LocalCluster

    from warledger.batch.work import warm

    warm("rules")  # the gazetteer is built once here, not by both workers at once
    c = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                     dashboard_address="127.0.0.1:0", silence_logs=logging.CRITICAL)
    yield c
    c.close()


def single_process(inputs: list[str], published: date | None = DEFAULT) -> list[dict]:
    """What one process makes of the inputs, as `warledger ingest` reads and extracts them."""
    from warledger.extract.pipeline import extract_article
    from warledger.ingest.readers import InputFailure, read_inputs
    from warledger.options import Options

    out = []
    for doc in read_inputs(inputs, published=published):
        if isinstance(doc, InputFailure):
            out.append({"failure": str(doc)})
            continue
        r = extract_article(doc.article, Options(published=doc.article.published or published))
        out.append({"article": doc.article.model_dump(mode="json"),
                    "events": [e.model_dump(mode="json") for e in r.events],
                    "claims": [c.model_dump(mode="json") for c in r.claims]})
    return out


def from_shards(out: Path) -> list[dict]:
    m = read_manifest(out)
    got = []
    for p in m["partitions"]:
        assert p["status"] == "done", p
        failures = iter(p["failures"])
        docs = list(read_partition(out, p["id"]))
        got.append((p, docs, list(failures)))
    return got


def flatten(out: Path) -> tuple[list[dict], list[str]]:
    records, failures = [], []
    for _, docs, fails in from_shards(out):
        failures += fails
        for d in docs:
            records.append({"article": d.result.articles[0].model_dump(mode="json"),
                            "events": [e.model_dump(mode="json") for e in d.result.events],
                            "claims": [c.model_dump(mode="json") for c in d.result.claims]})
    return records, failures


def test_plan_cuts_jsonl_parquet_and_files_in_reading_order(corpus, tmp_path):
    parts, failures = plan(corpus["inputs"], size=10, published=DEFAULT)
    kinds = [p.kind for p in parts]
    assert kinds == ["jsonl"] * 4 + ["files"] + ["parquet"]
    assert [(p.start, p.stop) for p in parts[:4]] == [(1, 11), (11, 21), (21, 31), (31, 37)]
    raw = Path(corpus["inputs"][0]).read_bytes()
    for p in parts[:4]:  # each offset is where its first line starts
        assert raw[:p.offset].count(b"\n") == p.start - 1
    assert len(parts[4].files) == 9 and parts[4].files[0].endswith("00.txt")
    assert (parts[5].start, parts[5].stop) == (0, 5)  # 9 rows in 5 row groups of 2
    assert [p.stop - p.start for p in plan(corpus["inputs"], size=6)[0] if p.kind == "parquet"] == [3, 2]
    assert failures == []
    again, _ = plan(corpus["inputs"], size=10, published=DEFAULT)
    assert [p.id for p in again] == [p.id for p in parts]  # stable ids
    other, _ = plan(corpus["inputs"], size=10, published=None)
    assert not {p.id for p in other} & {p.id for p in parts}  # another default date: other work
    with pytest.raises(WarledgerError, match="not stdin"):
        plan(["-"])
    _, failures = plan([str(tmp_path / "missing"), str(tmp_path)], size=5)
    assert failures == [f"{tmp_path / 'missing'}: no such file or folder",
                        f"{tmp_path}: folder has no readable files"]


def test_batch_equals_single_process_extraction_record_by_record(corpus, cluster, tmp_path):
    out = tmp_path / "out"
    summary = run_batch(corpus["inputs"], out, scheduler=cluster.scheduler_address,
                        partition_size=6, published=DEFAULT, progress=False)
    want = single_process(corpus["reference"])
    got, failures = flatten(out)
    assert got == [w for w in want if "failure" not in w]
    assert failures == [w["failure"] for w in want if "failure" in w]
    assert len(failures) == 3 and summary.failed == []
    assert summary.documents == len(got) == 34 + 8 + 9  # JSONL, folder, Parquet
    assert summary.events == sum(len(g["events"]) for g in got) > 30
    workers = {p["worker"] for p, _, _ in from_shards(out)}
    assert len(workers) == 2  # both worker processes took partitions
    # a re-run finds everything done; a touched file redoes its own partitions only
    again = run_batch(corpus["inputs"], out, scheduler=cluster.scheduler_address,
                      partition_size=6, published=DEFAULT, progress=False)
    assert (again.done, again.skipped) == (0, summary.partitions)
    before = {p["id"] for p in read_manifest(out)["partitions"]}
    parquet = Path(corpus["inputs"][2])
    os.utime(parquet, ns=(time.time_ns(), time.time_ns()))
    third = run_batch(corpus["inputs"], out, scheduler=cluster.scheduler_address,
                      partition_size=6, published=DEFAULT, progress=False)
    assert third.done == 2 and third.skipped == summary.partitions - 2  # its 2 partitions
    after = {p["id"] for p in read_manifest(out)["partitions"]}
    assert len(after - before) == 2 and len(list((out / "events").glob("*.parquet"))) == len(after)
    assert flatten(out) == (got, failures)


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(corpus, cluster, tmp_path):
    from distributed import Client

    out = tmp_path / "out"
    inputs = [corpus["inputs"][0]] * 4  # 4 x 36 lines in partitions of 3: many tasks
    killed: dict[str, object] = {}

    def kill_one(entry: dict) -> None:
        if killed:
            return
        with Client(cluster.scheduler_address, timeout="10s") as c:
            pids = c.run(os.getpid)
            busy = {addr: keys for addr, keys in c.processing().items() if keys}
            addr = next(iter(busy))
            killed.update(pid=pids[addr], keys=list(busy[addr]))
        os.kill(int(killed["pid"]), signal.SIGKILL)

    summary = run_batch(inputs, out, scheduler=cluster.scheduler_address, partition_size=3,
                        published=DEFAULT, progress=False, on_partition=kill_one)
    assert killed and summary.failed == []
    entries = {p["id"]: p for p, _, _ in from_shards(out)}
    assert all(p["status"] == "done" for p in entries.values())
    for key in killed["keys"]:  # what the killed worker was running was done again elsewhere
        part = key.removeprefix("warledger-")
        assert entries[part]["worker"].split(":")[-1] != str(killed["pid"])
    got, failures = flatten(out)
    want = single_process(inputs)
    assert got == [w for w in want if "failure" not in w]  # nothing lost, nothing twice
    assert len(failures) == 8
    print(f"\nkilled worker pid {killed['pid']} while it ran {killed['keys']}; "
          f"{summary.done} partitions done, {len(got)} documents, all equal to one process")


@pytest.fixture(scope="module")
def shards_out(corpus, cluster, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("shards") / "out"
    run_batch(corpus["inputs"], out, scheduler=cluster.scheduler_address, partition_size=8,
              published=DEFAULT, progress=False)
    return out


def test_loading_the_shards_equals_ingesting_the_inputs(corpus, shards_out, new_db):
    with Ledger(new_db("direct.db")) as direct:
        s1 = direct.ingest(corpus["reference"], published=DEFAULT)
        want = (direct.counts(), [e.model_dump() for e in direct.events(limit=None)],
                [c.model_dump() for c in direct.claims(limit=None)])
    with Ledger(new_db("loaded.db")) as led:
        s2 = load_batch(led, shards_out)
        got = (led.counts(), [e.model_dump() for e in led.events(limit=None)],
               [c.model_dump() for c in led.claims(limit=None)])
        s3 = load_batch(led, shards_out)
        assert led.counts() == got[0]
    assert (s2.new, s2.present, len(s2.failed)) == (s1.new, s1.present, len(s1.failed))
    assert sorted(s2.failed) == sorted(s1.failed)
    assert got == want
    assert (s3.new, s3.present) == (0, s1.new + s1.present)


LOADER = """
import sys
from warledger.batch import load_batch
from warledger.store import Ledger
import warledger.store.ledger as L

delay = float(sys.argv[3])
if delay:
    real_attach = L.Ledger.attach
    def slow_attach(self, target, ev):  # inside the article's transaction
        import time
        time.sleep(delay)
        return real_attach(self, target, ev)
    L.Ledger.attach = slow_attach
with Ledger(sys.argv[1]) as led:
    s = load_batch(led, sys.argv[2])
print(s.new, s.present)
"""


def test_two_loaders_one_killed_mid_transaction_every_article_once(shards_out, new_db):
    db = new_db("two.db")
    with Ledger(new_db("ref.db")) as ref:  # one loader alone: the reference
        load_batch(ref, shards_out)
        want = ref.counts()
        want_events = sorted(e.id for e in ref.events(limit=None))
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    victim = subprocess.Popen([sys.executable, "-c", LOADER, str(db), str(shards_out), "0.05"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    other = subprocess.Popen([sys.executable, "-c", LOADER, str(db), str(shards_out), "0.01"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    in_tx = _wait_in_transaction(db, victim)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    out, err = other.communicate(timeout=300)
    assert other.returncode == 0, err
    with Ledger(db) as led:
        got = led.counts()
        assert tuple(led.conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM articles").fetchone()) \
            == (want["articles"],) * 2
        assert sorted(e.id for e in led.events(limit=None)) == want_events
    assert got == want  # every article once; events, claims, evidence as with one loader
    print(f"\nloader killed {'inside a transaction' if in_tx else 'mid-run'}; the other finished "
          f"({out.strip()} new/present); {got['articles']} articles, {got['events']} events, "
          f"{got['claims']} claims = one loader alone")


def _wait_in_transaction(db, proc) -> bool:
    """Wait until the victim has committed a few articles and (PostgreSQL) holds an open
    transaction; True when that was seen."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        if isinstance(db, str):
            import psycopg
            from conftest import pg_base_url

            with psycopg.connect(pg_base_url(), autocommit=True) as conn:
                row = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s "
                    "AND xact_start IS NOT NULL AND state <> 'idle'", (f"warledger:{proc.pid}",)
                ).fetchone()
                articles = _articles(db)
            if row[0] and articles >= 3:
                return True
        elif _articles(db) >= 3:
            return False
        time.sleep(0.01)
    raise AssertionError("the loader did not get going")


def _articles(db) -> int:
    try:
        with Ledger(db, readonly=True, fuse=False) as led:
            return led.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except Exception:
        return 0


def test_batch_and_ingest_commands(corpus, cluster, tmp_path, new_db):
    out = tmp_path / "out"
    db = new_db("cmd.db")
    r = runner.invoke(app, ["batch", *corpus["inputs"], "--out", str(out), "--scheduler",
                            cluster.scheduler_address, "--partition-size", "20", "--published",
                            "2023-03-23", "--db", str(db)])
    assert r.exit_code == 1, r.output  # three inputs cannot be read: said, and the rest goes on
    lines = r.stdout.strip().splitlines()
    assert lines[0].startswith("batch: 4 partitions extracted, 0 already done, 0 failed; 51 documents")
    m = re.fullmatch(r"ingested (\d+) new, (\d+) already present, 3 failed \(.*\)", lines[1])
    assert m and int(m[1]) + int(m[2]) == 51 and int(m[1]) > 40, lines[1]
    assert r.stderr.count("warning: ") >= 3 and "blob.bin: binary file" in r.stderr
    r2 = runner.invoke(app, ["ingest", str(out), "--db", str(db)])
    assert r2.exit_code == 1 and r2.stdout.startswith("ingested 0 new, 51 already present, 3 failed")


@pytest.mark.parametrize("args, message", [
    (["-", "--out", "o"], "not stdin"),
    (["x.jsonl", "--out", "o", "--scheduler", "yarn"], "use local, local:N or tcp://HOST:PORT"),
    (["x.jsonl", "--out", "o", "--scheduler", "local:0"], "local:N with N from 1 to 512"),
    (["x.jsonl", "--out", "o", "--partition-size", "0"], "--partition-size 0"),
    (["x.jsonl", "--out", "o", "--backend", "nope"], "unknown backend 'nope'"),
    (["x.jsonl", "--out", "o", "--scheduler", "tcp://127.0.0.1:1"], "cannot reach the Dask scheduler"),
])
def test_batch_bad_options_are_one_line(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.jsonl").write_text('{"text": "A strike on Sumy."}\n')
    r = runner.invoke(app, ["batch", *args])
    assert r.exit_code == 2, r.output
    assert len(r.stderr.strip().splitlines()) == 1 and message in r.stderr, r.stderr


def test_batch_refuses_an_output_folder_that_is_not_its_own(tmp_path):
    (tmp_path / "x.jsonl").write_text('{"text": "A strike on Sumy."}\n')
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    r = runner.invoke(app, ["batch", str(tmp_path / "x.jsonl"), "--out", str(tmp_path / "busy")])
    assert r.exit_code == 2 and "not empty and holds no batch manifest" in r.stderr
    assert (tmp_path / "busy" / "notes.txt").read_text() == "mine"
