"""The core commands end to end: ingest, events, claims, show, export, extract --format jsonl,
and a real process killed with SIGKILL in the middle of an ingest."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warledger.cli import app
from warledger.store import Ledger
from warledger.store.schema import latest_version

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


@pytest.fixture
def folder(tmp_path, reference_like_text):
    d = tmp_path / "reports"
    (d / "more").mkdir(parents=True)
    (d / "ref.txt").write_text(reference_like_text + " A drone strike hit Kherson.", encoding="utf-8")
    (d / "more" / "a.txt").write_text("An artillery strike hit Kharkiv on Monday.", encoding="utf-8")
    (d / "more" / "b.jsonl").write_text(
        '{"id": "w1", "text": "A missile strike on Odesa.", "published": "2023-03-20"}\n'
        "{broken\n", encoding="utf-8")
    (d / "blob.bin").write_bytes(b"\x00\x01\x02\x03")
    return d


@pytest.fixture
def db(new_db, folder):
    path = new_db("ledger.db")
    r = run("ingest", folder, "--db", path, "--backend", "fake", "--published", "2023-03-22")
    assert r.exit_code == 1, r.output
    return path


def test_ingest_summary_and_idempotence(tmp_path, folder, db):
    with Ledger(db) as led:
        before = led.counts()
    r = run("ingest", folder, "--db", db, "--backend", "fake")
    assert r.exit_code == 1
    lines = r.stdout.strip().splitlines()
    assert lines == [f"ingested 0 new, 3 already present, 2 failed ({folder / 'blob.bin'}: binary file; "
                     f"{folder / 'more' / 'b.jsonl'}:2: not JSON (Expecting property name enclosed in "
                     "double quotes at column 2))"]
    warnings = [x for x in r.stderr.splitlines() if x.startswith("warning: ")]
    assert warnings == [f"warning: {folder / 'blob.bin'}: binary file",
                        f"warning: {folder / 'more' / 'b.jsonl'}:2: not JSON (Expecting property name "
                        "enclosed in double quotes at column 2)"]
    with Ledger(db) as led:
        after = led.counts()
    assert before == after
    assert (after["articles"], after["events"]) == (3, 3)


def test_ingest_all_good_exits_zero(tmp_path, new_db):
    f = tmp_path / "one.txt"
    f.write_text("A strike on Sumy.")
    r = run("ingest", f, "--db", new_db("x.db"), "--backend", "fake", "--published", "2023-01-02")
    assert r.exit_code == 0 and r.stdout == "ingested 1 new, 0 already present, 0 failed\n"


def test_events_formats(db):
    r = run("events", "--db", db)
    assert r.exit_code == 0
    assert "Shelling/" in r.stdout
    assert max(len(line) for line in r.stdout.splitlines()) <= 100
    r = run("events", "--db", db, "--format", "json")
    events = json.loads(r.stdout)
    assert len(events) == 3 and {e["event_date"] for e in events} == {"2023-03-22", "2023-03-20"}
    r = run("events", "--db", db, "--format", "csv", "--from", "2023-03-21")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 2 and all(x["event_date"] == "2023-03-22" for x in rows)
    r = run("events", "--db", db, "--format", "geojson", "--q", "Odesa")
    gj = json.loads(r.stdout)
    assert [f["properties"]["event_date"] for f in gj["features"]] == ["2023-03-20"]
    r = run("events", "--db", db, "--format", "json", "--to", "2023-03-20", "--limit", "5")
    assert len(json.loads(r.stdout)) == 1


@pytest.mark.parametrize("args, message", [
    (["--format", "xml"], "unknown --format 'xml' (use table, json, csv, geojson)"),
    (["--near", "north"], "--near 'north': use \"LAT,LON\""),
    (["--from", "the day before"], "--from 'the day before' is not a date in an accepted form: use YYYY-MM-DD"),
])
def test_events_bad_options(db, args, message):
    r = run("events", "--db", db, *args)
    assert r.exit_code == 2
    assert len(r.stderr.strip().splitlines()) == 1 and message in r.stderr


def test_claims_command(new_db):
    from warledger.extract import make_article
    from warledger.models import Claim, Evidence, Result

    a = make_article("The General Staff said 540 soldiers were killed.")
    c = Claim(id="cl_x", article_id=a.id, kind="losses", claimant="General Staff",
              quantities={"personnel": 540},
              evidence=[Evidence(article_id=a.id, start=23, end=35, text="540 soldiers")])
    path = new_db("c.db")
    with Ledger(path) as led:
        led.add(Result(articles=[a], claims=[c]))
    r = run("claims", "--db", path, "--kind", "losses")
    assert r.exit_code == 0 and "personnel 540" in r.stdout
    r = run("claims", "--db", path, "--format", "json", "--claimant", "staff")
    assert [x["id"] for x in json.loads(r.stdout)] == ["cl_x"]
    r = run("claims", "--db", path, "--format", "csv")
    assert list(csv.DictReader(io.StringIO(r.stdout)))[0]["quantities"] == '{"personnel": 540}'
    r = run("show", "cl_x", "--db", path)
    assert "The General Staff said [[540 soldiers]] were killed." in r.stdout


def test_show(db):
    with Ledger(db) as led:
        ev = led.events(q="Kharkiv")[0]
        art = led.article(ev.article_ids[0])
    r = run("show", ev.id, "--db", db)
    assert r.exit_code == 0
    assert f"event {ev.id}" in r.stdout
    assert "An artillery [[strike]] hit Kharkiv on Monday." in r.stdout
    r = run("show", art.id, "--db", db)
    assert r.exit_code == 0 and "1 events, 0 claims" in r.stdout and "hit Kharkiv" in r.stdout
    r = run("show", "ev_nothing", "--db", db)
    assert r.exit_code == 2 and r.stderr.startswith("warledger: ev_nothing: no event, claim or article")


def test_export_formats(tmp_path, db):
    for fmt_name, name in [("acled-csv", "e.csv"), ("geojson", "e.geojson"), ("jsonl", "e.jsonl"),
                           ("parquet", "e.parquet")]:
        out = tmp_path / name
        r = run("export", "--format", fmt_name, "--out", out, "--db", db)
        assert r.exit_code == 0, r.output
        assert "exported 3 events" in r.stderr
    header = (tmp_path / "e.csv").read_text().splitlines()[0]
    assert header.startswith("event_id_cnty,event_date,year,") and header.endswith(",evidence,id")
    assert len(json.loads((tmp_path / "e.geojson").read_text())["features"]) == 3
    assert len((tmp_path / "e.jsonl").read_text().splitlines()) == 3
    r = run("export", "--format", "jsonl", "--records", "claims", "--out", tmp_path / "c.jsonl", "--db", db)
    assert r.exit_code == 0 and "exported 0 claims" in r.stderr
    r = run("export", "--format", "acled-csv", "--out", tmp_path / "s.csv", "--db", db, "--q", "Odesa")
    assert len((tmp_path / "s.csv").read_text().splitlines()) == 2


def test_export_unknown_format(tmp_path, db):
    r = run("export", "--format", "xlsx", "--out", tmp_path / "x", "--db", db)
    assert r.exit_code == 2
    assert r.stderr == "warledger: unknown --format 'xlsx' (use acled-csv, geojson, jsonl, parquet)\n"
    assert not (tmp_path / "x").exists()


def test_unwritable_db(tmp_path, folder):
    for bad in (tmp_path / "no" / "such" / "dir" / "l.db", tmp_path):
        r = run("ingest", folder, "--db", bad, "--backend", "fake")
        assert r.exit_code == 2
        assert len(r.stderr.splitlines()) == 1 and r.stderr.startswith(f"warledger: {bad}: ")
        assert "Traceback" not in r.output


def test_future_schema_db(tmp_path, folder):
    path = tmp_path / "future.db"
    Ledger(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    for args in (["ingest", folder, "--backend", "fake"], ["events"], ["show", "x"]):
        r = run(*args, "--db", path)
        assert r.exit_code == 2
        assert r.stderr == (f"warledger: {path}: schema version {latest_version() + 1} is newer than "
                            f"this warledger knows ({latest_version()}); upgrade warledger to open it\n")


def test_unknown_backend_is_one_line(tmp_path, folder):
    r = run("ingest", folder, "--db", tmp_path / "l.db", "--backend", "nope")
    assert r.exit_code == 2 and len(r.stderr.splitlines()) == 1 and "unknown backend 'nope'" in r.stderr


# -- real processes ---------------------------------------------------------------------------

SLOW_INGEST = """
import sys, time
from warledger.extract import backends

DELAY = float(sys.argv[1])

class Slow(backends.FakeBackend):
    name = "slow"
    def run(self, article, options):
        time.sleep(DELAY)
        return super().run(article, options)

backends.register("slow", Slow)
sys.argv = ["warledger", "ingest", sys.argv[2], "--db", sys.argv[3], "--backend", "slow",
            "--published", "2023-03-22"]
from warledger.cli import main
main()
"""


def _count(db: Path | str) -> int:
    if isinstance(db, str):  # PostgreSQL
        from warledger.errors import StoreError

        try:
            with Ledger(db, readonly=True, fuse=False) as led:
                return led.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        except StoreError:  # not created yet
            return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def _checked(db: Path | str):
    """The ledger opened for checks (SQLite: its integrity and foreign keys checked first)."""
    if not isinstance(db, str):
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    return Ledger(db, fuse=False)


def test_sigkill_mid_ingest_then_rerun(tmp_path, new_db):
    folder = tmp_path / "many"
    folder.mkdir()
    n = 200
    for i in range(n):
        (folder / f"{i:03}.txt").write_text(f"Dispatch {i}: a missile strike hit district {i} overnight.")
    db = new_db("kill.db")
    proc = subprocess.Popen([sys.executable, "-c", SLOW_INGEST, "0.02", str(folder), str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while _count(db) < 10:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    done = _count(db)
    assert 10 <= done < n  # killed mid-run, with commits behind it
    _checked(db).close()
    rerun = subprocess.run([sys.executable, "-c", SLOW_INGEST, "0", str(folder), str(db)],
                           capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.strip() == f"ingested {n - done} new, {done} already present, 0 failed"
    with _checked(db) as led:
        conn = led.conn
        assert tuple(conn.execute("SELECT COUNT(*), COUNT(DISTINCT external_id) FROM articles").fetchone()) == (n, n)
        assert 1 <= conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] <= n  # fusion may join
        assert conn.execute("SELECT COUNT(*) FROM extractions").fetchone()[0] == n
        # every article has exactly its one event, evidence and extraction
        assert conn.execute(
            "SELECT COUNT(*) FROM articles a WHERE (SELECT COUNT(*) FROM event_articles ea "
            "WHERE ea.article_id = a.id) != 1").fetchone()[0] == 0
    print(f"\nSIGKILL after {done}/{n} articles committed; rerun added {n - done}; integrity ok")


def _round_trip(backend: str, n: int = 1000) -> float:
    ids = [i if i % 3 else f"doc-{i}" for i in range(n)]
    lines = [json.dumps({"id": x, "text": f"Report {i % 250}: a strike hit Kherson on Tuesday.",
                         "published": "2023-03-22"}) for i, x in enumerate(ids)]
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "warledger", "extract", "--input", "-", "--format", "jsonl",
                        "--backend", backend], input="\n".join(lines) + "\n", capture_output=True,
                       text=True, timeout=300)
    elapsed = time.perf_counter() - t0
    assert r.returncode == 0, r.stderr[-2000:]
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert [o["id"] for o in out] == [str(x) for x in ids]
    assert all(set(o) == {"id", "events", "claims"} for o in out)
    return elapsed


def test_extract_jsonl_round_trips_1000_ids_fake():
    elapsed = _round_trip("fake")
    print(f"\n1000-document round trip (fake backend): {elapsed:.2f} s")


def test_extract_jsonl_round_trips_1000_ids_rules():
    pytest.importorskip("warledger.extract.rules")
    elapsed = _round_trip("rules")
    print(f"\n1000-document round trip (rules backend): {elapsed:.2f} s")


def test_ingest_stdin(new_db):
    r = run("ingest", "-", "--db", new_db("s.db"), "--backend", "fake",
            input='{"id": "a", "text": "A strike on Lviv.", "published": "2023-02-01"}\n{"id": "b"}\n')
    assert r.exit_code == 1
    assert r.stdout == "ingested 1 new, 0 already present, 1 failed (<stdin>:2: no 'text' field)\n"


def test_evidence_in_its_sentence():
    from warledger.store.present import highlighted, sentence_around

    text = 'First one. "The strike hit Kyiv!" Third? Yes.\nA new line. Mr'
    s, e = sentence_around(text, text.index("strike"), text.index("strike") + 6)
    assert text[s:e] == '"The strike hit Kyiv!"'
    s, e = sentence_around(text, text.index("Third"), text.index("Yes") + 3)  # spans two sentences
    assert text[s:e] == "Third? Yes."
    s, e = sentence_around(text, len(text) - 2, len(text))
    assert text[s:e] == "Mr"
    assert highlighted("a strike here", 2, 8, False) == "a [[strike]] here"
    rich_text = highlighted("a strike here", 2, 8, True)
    assert [(x.start, x.end, str(x.style)) for x in rich_text.spans] == [(2, 8, "bold reverse")]


def test_two_ingests_at_once_store_each_article_once(tmp_path, new_db):
    folder = tmp_path / "shared"
    folder.mkdir()
    n = 60
    for i in range(n):
        (folder / f"{i:02}.txt").write_text(f"Bulletin {i}: a strike on village {i}.")
    db = new_db("both.db")
    procs = [subprocess.Popen([sys.executable, "-c", SLOW_INGEST, "0.005", str(folder), str(db)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    new = [int(out.split()[1]) for out, _ in outs]
    assert sum(new) == n  # every article stored by exactly one of the two
    with _checked(db) as led:
        conn = led.conn
        assert tuple(conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM articles").fetchone()) == (n, n)
        assert conn.execute("SELECT COUNT(*) FROM extractions").fetchone()[0] == n


def _hostile_ledger(path: Path) -> None:
    from warledger.extract import make_article
    from warledger.models import Event, Evidence, Result

    for i, (claimants, actor) in enumerate([(["Air Force"], "=HYPERLINK(\"http://x\")"),
                                            (['Spokesman "Ihnat"'], "Russia"), ([], "-Ukraine")]):
        a = make_article(f"Dispatch {i}: a strike hit Kherson.")
        s = a.text.index("strike")
        ev = Event(id=f"ev_{i}", article_ids=[a.id], disorder_type="Political violence",
                   event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                   actor1=actor, claimants=claimants, longitude=-1.5, latitude=46.6,
                   evidence=[Evidence(article_id=a.id, start=s, end=s + 6, text="strike")])
        with Ledger(path, fuse=False) as led:
            led.add(Result(articles=[a], events=[ev]))


def test_text_options_are_plain_text(new_db):
    path = new_db("h.db")
    _hostile_ledger(path)

    def ids(*args):
        r = run("events", "--db", path, "--format", "json", *args)
        assert r.exit_code == 0 and "Traceback" not in r.output, r.output
        return [e["id"] for e in json.loads(r.stdout)]

    assert ids("--claimant", '"') == ["ev_1"]  # a quote in a claimant, not the JSON's quotes
    assert ids("--claimant", "%") == [] and ids("--actor", "_") == []
    assert ids("--q", '" ( Kherson* -') == ["ev_0", "ev_1", "ev_2"]
    assert ids("--q", "Kherson\x00") == ["ev_0", "ev_1", "ev_2"]
    assert ids("--actor", "Russia\udcff") == []
    r = run("claims", "--db", path, "--q", 'a" OR b*', "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout) == []


def test_csv_outputs_are_formula_safe(tmp_path, new_db):
    path = new_db("h.db")
    _hostile_ledger(path)
    out = tmp_path / "e.csv"
    r = run("export", "--format", "acled-csv", "--out", out, "--db", path)
    assert r.exit_code == 0, r.output
    rows = {x["id"]: x for x in csv.DictReader(io.StringIO(out.read_text(), newline=""))}
    assert rows["ev_0"]["actor1"] == "'=HYPERLINK(\"http://x\")" and rows["ev_2"]["actor1"] == "'-Ukraine"
    assert rows["ev_2"]["longitude"] == "-1.5"
    r = run("events", "--db", path, "--format", "csv")
    rows = {x["id"]: x for x in csv.DictReader(io.StringIO(r.stdout, newline=""))}
    assert rows["ev_2"]["actor1"] == "'-Ukraine" and rows["ev_2"]["longitude"] == "-1.5"
