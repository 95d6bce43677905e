"""Beyond one machine: `warledger batch` on 1 and 2 Dask worker processes against one-process
`warledger extract`, then the shards into SQLite (one writer) and PostgreSQL (two writers at once).

The corpus: ``--docs`` documents (default 20,000) from the development corpora in
``../shared/corpus`` (UCDP headlines with their dates, CASE 2021 snippets, the MoD loss
statements, the full-length articles), repeated with variations: each repetition gets a
dateline ("LVIV (Ukrinform) - ") and a publication date a week later per round, so every
document is a distinct text. What is measured, in one session:

1. one process: ``warledger extract docs.jsonl --format jsonl`` (wall time);
2. ``batch --scheduler local:1`` and ``local:2`` in turn, ``--repeat`` times each, the best
   kept (wall time, the extraction phase alone: from the first partition submitted to the last
   one finished, after the workers started, and the workers' busy time, which grows when other
   processes take the cores); the shards are compared with step 1 record by record;
3. scaling efficiency 1 -> 2 workers = (T1 / T2) / 2, and the throughput per worker
   (documents/s and words/s), projected to documents per worker-hour and to 10 million articles;
4. ``warledger ingest OUT --db ledger.db`` (SQLite, one writer) and two ``warledger ingest OUT
   --db postgresql://...`` processes started together: every article once, and the events and
   claims counts equal to the SQLite run.

The machine's load (/proc/loadavg) is printed before each phase: other jobs on the machine make
timings noisy, so run it when it is quiet, and again when the load was high.

    python benchmarks/scale.py [--docs 20000] [--pg postgresql://USER@HOST/DB] [--keep DIR]

PostgreSQL: ``--pg`` or the environment's WARLEDGER_TEST_PG; without one, step 4 does SQLite only.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
CITIES = ["KYIV", "LVIV", "KHARKIV", "ODESA", "DNIPRO", "ZAPORIZHZHIA", "SUMY", "POLTAVA", "MYKOLAIV",
          "CHERNIHIV", "VINNYTSIA", "KHERSON", "IRPIN", "UZHHOROD", "RIVNE", "LUTSK"]
AGENCIES = ["Reuters", "AP", "AFP", "Ukrinform", "Interfax-Ukraine", "Kyiv Independent", "UNIAN",
            "Suspilne", "RFE/RL", "BBC Monitoring"]


def load_pool(corpus: Path) -> list[dict]:
    """Every usable text of the development corpora, with its publication date."""
    pool: list[dict] = []
    ucdp = sorted((corpus / "ucdp").glob("*.csv"))
    for path in ucdp:
        with open(path, encoding="utf-8", newline="") as fp:
            for row in csv.DictReader(fp):
                head = (row.get("source_headline") or "").strip()
                if len(head) < 20:
                    continue
                try:
                    m, d, y = (int(x) for x in row["date_start"].split()[0].split("/"))
                    pub = date(y, m, d)
                except (ValueError, KeyError):
                    pub = None
                pool.append({"text": head, "published": pub, "source": row.get("source_office") or None})
    case = corpus / "event-types" / "case2021-task2-test.tsv"
    if case.exists():
        with open(case, encoding="utf-8", newline="") as fp:
            for row in csv.DictReader(fp, delimiter="\t"):
                if (row.get("EventSnippet") or "").strip():
                    pool.append({"text": row["EventSnippet"].strip(), "published": date(2021, 6, 1)})
    for f in sorted((corpus / "losses").glob("*.jsonl")):
        for line in f.read_text("utf-8").splitlines():
            obj = json.loads(line)
            pool.append({"text": obj["text"], "published": date.fromisoformat(obj["date"])})
    for f in sorted((corpus / "articles").glob("*.json")):
        if f.name.endswith(".gold.json"):
            continue
        obj = json.loads(f.read_text("utf-8"))
        pool.append({"text": obj["text"], "published": date.fromisoformat(obj["published"]),
                     "title": obj.get("title") or None})
    return pool


def build(pool: list[dict], n: int) -> list[dict]:
    docs = []
    seen: set[str] = set()
    for i in range(n):
        base = pool[i % len(pool)]
        r = i // len(pool)
        text = base["text"]
        if r:
            text = f"{CITIES[(i + r) % len(CITIES)]} ({AGENCIES[(i * 7 + r) % len(AGENCIES)]}) - {text}"
        if text in seen:
            text += f" ({r})"
        seen.add(text)
        pub = base["published"] + timedelta(days=7 * r) if base["published"] else None
        docs.append({"id": f"d{i:05d}", "text": text, "published": pub.isoformat() if pub else None,
                     **({"source": base["source"]} if base.get("source") else {}),
                     **({"title": base["title"]} if base.get("title") else {})})
    return docs


def load() -> str:
    """The 1, 5 and 15 minute load averages."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def say(msg: str) -> None:
    print(msg, flush=True)


def warledger(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "warledger", *args], capture_output=True, text=True,
                          env=env)


def shard_records(out: Path) -> list[dict]:
    from warledger.batch import read_partition
    from warledger.batch.shards import read_manifest

    got = []
    for p in read_manifest(out)["partitions"]:
        assert p["status"] == "done", p
        for d in read_partition(out, p["id"]):
            a = d.result.articles[0]
            got.append({"id": a.external_id if a.external_id is not None else a.id,
                        "events": [e.model_dump(mode="json") for e in d.result.events],
                        "claims": [c.model_dump(mode="json") for c in d.result.claims]})
    return got


def run_batch(docs_path: Path, out: Path, workers: int, size: int) -> dict:
    from warledger.batch import run_batch as rb

    entries: list[dict] = []
    t0 = time.perf_counter()
    s = rb([str(docs_path)], out, scheduler=f"local:{workers}", partition_size=size, progress=False,
           on_partition=entries.append)
    wall = time.perf_counter() - t0
    cpu_by_worker: dict[str, float] = {}
    for e in entries:
        cpu_by_worker[e["worker"]] = cpu_by_worker.get(e["worker"], 0.0) + e.get("cpu_seconds", 0.0)
    return {"wall": wall, "extract": s.extract_seconds, "busy": sum(e["seconds"] for e in entries),
            "cpu": sum(cpu_by_worker.values()), "cpu_busiest_worker": max(cpu_by_worker.values()),
            "documents": s.documents,
            "events": s.events, "claims": s.claims, "partitions": s.partitions,
            "failed": len(s.failed)}


def counts_of(db: str) -> dict:
    from warledger.store import Ledger

    with Ledger(db, readonly=True, fuse=False) as led:
        c = led.counts()
        total, distinct = led.conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM articles").fetchone()
    c["articles_distinct"] = distinct
    assert total == c["articles"]
    return c


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(HERE.parents[1] / "shared" / "corpus"))
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--partition-size", type=int, default=250)
    ap.add_argument("--pg", default=os.environ.get("WARLEDGER_TEST_PG"))
    ap.add_argument("--keep", default=None, help="Work in this folder and keep it")
    ap.add_argument("--skip-ingest", action="store_true")
    ap.add_argument("--repeat", type=int, default=2, help="Runs of each of 1 and 2 workers (best kept)")
    args = ap.parse_args()

    corpus = Path(args.corpus)
    if not corpus.is_dir():
        sys.exit(f"scale.py: no corpus at {corpus} (give --corpus)")
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="warledger-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    report: dict = {"docs": args.docs, "partition_size": args.partition_size, "cores": os.cpu_count()}
    try:
        pool = load_pool(corpus)
        docs = build(pool, args.docs)
        docs_path = work / "docs.jsonl"
        docs_path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), "utf-8")
        words = sum(len(d["text"].split()) for d in docs)
        report.update(pool=len(pool), words=words)
        say(f"corpus: {len(docs)} documents ({words:,} words) from {len(pool)} corpus texts, "
            f"{len(docs) / len(pool):.1f} rounds with variations")

        from warledger.batch.work import warm

        warm("rules")  # the gazetteer built before anything is timed
        say(f"load before one process: {load()}")
        t0 = time.perf_counter()
        r = warledger("extract", str(docs_path), "--format", "jsonl")
        t_single = time.perf_counter() - t0
        if r.returncode not in (0, 1):
            sys.exit(f"extract failed: {r.stderr[-2000:]}")
        single = [json.loads(x) for x in r.stdout.splitlines()]
        say(f"one process (warledger extract): {t_single:.1f} s, {len(single) / t_single:.0f} documents/s")
        report["single"] = {"wall": t_single, "documents": len(single)}

        runs: dict[int, dict] = {}
        tries: list[dict] = []
        for attempt in range(args.repeat):  # 1 and 2 workers in turn: both see the same noise
            for workers in (1, 2):
                out = work / f"out-{workers}"
                shutil.rmtree(out, ignore_errors=True)
                before = load()
                res = run_batch(docs_path, out, workers, args.partition_size)
                res.update(workers=workers, attempt=attempt + 1, load_before=before, load_after=load())
                if attempt == 0:
                    res["identical_to_extract"] = shard_records(out) == single
                tries.append(res)
                if workers not in runs or res["extract"] < runs[workers]["extract"]:
                    runs[workers] = {**runs.get(workers, {}), **res}
                say(f"batch local:{workers} (try {attempt + 1}, load {before} -> {res['load_after']}): "
                    f"wall {res['wall']:.1f} s, extraction phase {res['extract']:.1f} s, worker busy "
                    f"{res['busy']:.1f} s, {res['documents']} documents, {res['events']} events, "
                    f"{res['claims']} claims"
                    + (f"; identical to one-process extract record by record: {res['identical_to_extract']}"
                       if attempt == 0 else ""))
        report["batch"] = runs
        report["batch_tries"] = tries
        eff = (runs[1]["extract"] / runs[2]["extract"]) / 2
        eff_wall = (runs[1]["wall"] / runs[2]["wall"]) / 2
        per_worker = runs[1]["documents"] / runs[1]["extract"]
        per_worker_2 = runs[2]["documents"] / runs[2]["extract"] / 2
        report["scaling"] = {"efficiency_extract_phase": eff, "efficiency_wall": eff_wall,
                             "docs_per_s_per_worker_1": per_worker, "docs_per_s_per_worker_2": per_worker_2,
                             "words_per_s_per_worker": words / runs[1]["extract"]}
        hours_10m = 10_000_000 / (per_worker_2 * 3600)
        cpu_eff = runs[1]["cpu"] / (2 * runs[2]["cpu_busiest_worker"])
        report["scaling_cpu"] = {"cpu_1": runs[1]["cpu"], "cpu_2": runs[2]["cpu"],
                                 "cpu_busiest_worker_2": runs[2]["cpu_busiest_worker"],
                                 "efficiency_if_cores_free": cpu_eff}
        say(f"worker busy time 1 -> 2 workers: {runs[1]['busy']:.1f} s -> {runs[2]['busy']:.1f} s "
            "(equal when the two cores are free; more when other processes take CPU); worker CPU "
            f"time {runs[1]['cpu']:.1f} s -> {runs[2]['cpu']:.1f} s (busiest worker "
            f"{runs[2]['cpu_busiest_worker']:.1f} s): efficiency on two free cores "
            f"{cpu_eff:.2f} (CPU of one worker / (2 x CPU of the busier of two))")
        say(f"scaling 1 -> 2 workers (best of {args.repeat}): efficiency {eff:.2f} (extraction phase), "
            f"{eff_wall:.2f} (wall, with cluster start); per worker {per_worker:.0f} documents/s alone, {per_worker_2:.0f} "
            f"documents/s with two ({words / runs[1]['extract']:,.0f} words/s); projected "
            f"{per_worker_2 * 3600:,.0f} documents per worker-hour: 10 million articles of this mix "
            f"in {hours_10m:,.0f} worker-hours (e.g. {hours_10m / 32:,.1f} h on 32 workers)")

        if not args.skip_ingest:
            out = work / "out-2"
            sqlite_db = work / "ledger.db"
            if sqlite_db.exists():
                sqlite_db.unlink()
            say(f"load before SQLite ingest: {load()}")
            t0 = time.perf_counter()
            r = warledger("ingest", str(out), "--db", str(sqlite_db))
            t_sqlite = time.perf_counter() - t0
            lite = counts_of(str(sqlite_db))
            say(f"SQLite, one writer: {t_sqlite:.1f} s ({lite['articles'] / t_sqlite:.0f} articles/s): "
                f"{r.stdout.strip()}; counts {json.dumps(lite)}")
            report["sqlite"] = {"seconds": t_sqlite, "counts": lite}
            if args.pg:
                schema = f"scale_{uuid.uuid4().hex[:8]}"
                url = f"{args.pg}{'&' if '?' in args.pg else '?'}schema={schema}"
                say(f"load before PostgreSQL ingest (two writers): {load()}")
                t0 = time.perf_counter()
                procs = [subprocess.Popen([sys.executable, "-m", "warledger", "ingest", str(out), "--db", url],
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                         for _ in range(2)]
                outs = [p.communicate() for p in procs]
                t_pg = time.perf_counter() - t0
                pg = counts_of(url)
                lines = [o.strip() for o, _ in outs]
                ok = (pg["articles"] == pg["articles_distinct"] == lite["articles"]
                      and pg["events"] == lite["events"] and pg["claims"] == lite["claims"])
                say(f"PostgreSQL, two writers at once: {t_pg:.1f} s ({pg['articles'] / t_pg:.0f} articles/s); "
                    f"{lines}; counts {json.dumps(pg)}; every article once and events/claims equal "
                    f"to SQLite: {ok}")
                report["postgresql"] = {"seconds": t_pg, "counts": pg, "writers": lines, "equal": ok,
                                        "exit": [p.returncode for p in procs]}
                import psycopg

                with psycopg.connect(args.pg, autocommit=True) as conn:
                    conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
            else:
                say("PostgreSQL: skipped (give --pg URL or set WARLEDGER_TEST_PG)")
        say(f"load after: {load()}")
        (work / "scale-report.json").write_text(json.dumps(report, indent=1, default=str), "utf-8")
        say(json.dumps(report, default=str))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
