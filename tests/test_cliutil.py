"""The command line a newcomer meets: strict dates, ``--published`` in the record, clean help
(switches, usage lines), ``--version``, words instead of ``?``, a summary table or JSON, and the
house rule that stage CLIs share ``cliutil`` rather than import the root ``cli``."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.main import get_command
from typer.testing import CliRunner

import warledger
from warledger.cli import app
from warledger.cliutil import DateError, parse_cli_date

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


# -- dates ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, day", [
    ("2024-06-05", dt.date(2024, 6, 5)),
    ("5 June 2024", dt.date(2024, 6, 5)),
    ("5 Jun 2024", dt.date(2024, 6, 5)),
    ("June 5, 2024", dt.date(2024, 6, 5)),
    ("Sept 30 2023", dt.date(2023, 9, 30)),
    ("  23 March 2023 ", dt.date(2023, 3, 23)),
])
def test_accepted_dates(text, day):
    assert parse_cli_date(text) == day


@pytest.mark.parametrize("text, words", [
    ("05/06/2024", ["ambiguous", "5 June or 6 May 2024", "YYYY-MM-DD", "2024-06-05"]),
    ("06.05.2024", ["ambiguous", "6 May or 5 June 2024"]),
    ("21-05-2024", ["not in an accepted form", "2024-05-21", "21 May 2024"]),
    ("2024/06/05", ["not in an accepted form", "2024-06-05"]),
    ("2023-02-29", ["not a day of the calendar"]),
    ("20240605", ["YYYY-MM-DD"]),
    ("yesterday", ["YYYY-MM-DD"]),
    ("5 Juno 2024", ["YYYY-MM-DD"]),
])
def test_rejected_dates_say_the_accepted_form(text, words):
    with pytest.raises(DateError) as exc:
        parse_cli_date(text)
    msg = str(exc.value)
    assert "\n" not in msg
    for w in words:
        assert w in msg, (w, msg)


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_every_iso_day_round_trips_and_slashes_never_pass(day):
    assert parse_cli_date(day.isoformat()) == day
    with pytest.raises(DateError):
        parse_cli_date(f"{day.day:02d}/{day.month:02d}/{day.year}")


@pytest.mark.parametrize("args", [
    ["brief", "--date", "05/06/2024"],
    ["events", "--from", "21-05-2024"],
    ["claims", "--to", "05/06/2024"],
    ["contradictions", "--from", "05/06/2024"],
    ["export", "--format", "jsonl", "--out", "x.jsonl", "--from", "05/06/2024"],
    ["ingest", "nothing.txt", "--published", "05/06/2024"],
    ["extract", "nothing.txt", "--published", "21-05-2024"],
])
def test_every_date_option_refuses_ambiguous_dates_in_one_line(tmp_path, args):
    db = tmp_path / "l.db"
    from warledger.store import Ledger

    Ledger(db).close()
    r = runner.invoke(app, [*args, "--db", str(db)] if args[0] not in ("extract",) else args)
    assert r.exit_code == 2, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "YYYY-MM-DD" in lines[0] and "Traceback" not in r.output
    option = next(a for a in args if a in ("--date", "--from", "--to", "--published"))
    assert lines[0].startswith(f"warledger: {option} '")


def test_month_in_words_works_on_the_command_line(tmp_path):
    db = tmp_path / "l.db"
    from warledger.store import Ledger

    Ledger(db).close()
    r = run("events", "--db", db, "--from", "5 June 2024", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout) == []


# -- --published lands in the article record -------------------------------------------------------
def test_published_reaches_the_article_record_in_extract_and_ingest(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Russian shelling hit Kharkiv on Wednesday, injuring four people, officials said.")
    jl = tmp_path / "b.jsonl"
    jl.write_text(json.dumps({"id": "own", "published": "2023-01-02",
                              "text": "A drone struck Odesa on Monday."}) + "\n")
    r = run("extract", f, jl, "--published", "2023-03-23", "--format", "json", "--backend", "rules")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    by_id = {a["external_id"]: a for a in data["articles"]}
    assert by_id[str(f)]["published"] == "2023-03-23"     # the option fills the gap
    assert by_id["own"]["published"] == "2023-01-02"       # an input's own date stays
    dates = {e["event_date"] for e in data["events"]}
    assert "2023-03-22" in dates                            # Wednesday before 23 March 2023
    db = tmp_path / "l.db"
    assert run("ingest", f, "--db", db, "--published", "5 March 2023", "--backend", "fake").exit_code == 0
    from warledger.store import Ledger

    with Ledger(db) as led:
        (pub,) = led.conn.execute("SELECT published FROM articles").fetchone()
    assert str(pub) == "2023-03-05"


# -- extract: a table on a terminal, JSON when piped -----------------------------------------------
def test_extract_table_or_json(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Two Russian missiles hit Zaporizhzhia on Wednesday, killing one resident and "
                 "wounding 33, regional officials said.")
    piped = run("extract", f, "--published", "2023-03-23")   # CliRunner: stdout is not a terminal
    assert piped.exit_code == 0 and set(json.loads(piped.stdout)) == {"articles", "events", "claims"}
    table = run("extract", f, "--published", "2023-03-23", "--format", "table")
    assert table.exit_code == 0
    first = " ".join(table.stdout.split("\n\n")[0].split())  # the first paragraph, unwrapped
    assert re.fullmatch(r"1 event and 1 claim from .*a\.txt \(published 2023-03-23, 16 words\)", first)
    assert "killed/injured" in table.stdout and "1/33" in table.stdout and "Zaporizhzhia" in table.stdout
    assert not table.stdout.lstrip().startswith("{")
    bad = run("extract", f, "--format", "xml")
    assert bad.exit_code == 2 and "table, json, jsonl, csv, geojson" in bad.stderr


def test_demo_prints_the_same_summary(tmp_path):
    r = run("demo", "--format", "table")
    assert r.exit_code == 0 and re.match(r"\d+ events and \d+ claims from", r.stdout)


# -- help, usage, switches, version ----------------------------------------------------------------
def _commands(cmd, path=()):
    yield path, cmd
    for name, sub in getattr(cmd, "commands", {}).items():
        yield from _commands(sub, (*path, name))


ALL = [p for p, _ in _commands(get_command(app))]


@pytest.mark.parametrize("path", ALL, ids=[" ".join(p) or "warledger" for p in ALL])
def test_help_reads_clean(path):
    r = run(*path, "--help")
    assert r.exit_code == 0, r.output
    assert "<bool>" not in r.output and "<list[" not in r.output
    usage = next(line for line in r.output.splitlines() if "Usage:" in line)
    assert "{" not in usage and "}" not in usage, usage


def test_usage_lines_name_the_arguments():
    assert "Usage: warledger ingest [OPTIONS] PATHS..." in run("ingest", "--help").output
    assert "Usage: warledger extract [OPTIONS] [PATHS]..." in run("extract", "--help").output
    assert "Usage: warledger show [OPTIONS] ID" in run("show", "--help").output


def test_every_boolean_option_is_a_switch_pair():
    """--flag/--no-flag: a default can always be said back on the command line."""
    found = 0
    for path, cmd in _commands(get_command(app)):
        for p in getattr(cmd, "params", []):
            if getattr(p, "is_flag", False) and p.name not in ("help", "version"):
                found += 1
                assert p.secondary_opts, f"{' '.join(path)} {p.opts}: no --no- form"
    assert found >= 8


def test_version():
    r = run("--version")
    assert r.exit_code == 0 and r.stdout == f"warledger {warledger.__version__}\n"
    import tomllib

    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert warledger.__version__ == meta["project"]["version"]


# -- words, not ? -----------------------------------------------------------------------------------
def test_tables_say_undated_and_unattributed_not_question_marks():
    from rich.console import Console

    from warledger.models import Claim, Event, Evidence
    from warledger.store.present import claims_table, events_table

    span = Evidence(article_id="a1", start=0, end=4, text="said")
    c = Claim(id="cl_1", article_id="a1", kind="cost", quantities={"amount_usd": 61000000000.0,
              "air_defense_systems": 1}, evidence=[span])
    e = Event(id="ev_1", article_ids=["a1"], disorder_type="Political violence", event_type="Battles",
              sub_event_type="Armed clash", evidence=[span], fatalities=3)
    console = Console(width=120, record=True)
    console.print(claims_table([c]))
    console.print(events_table([e]))
    text = console.export_text()
    assert "?" not in text
    assert "undated" in text and "unattributed" in text
    assert "61,000,000,000" in text and "air defense systems 1" in text
    assert "3/–" in text and "– or blank: not stated" in text


def test_show_and_figures_print_no_bare_question_marks(tmp_path):
    db = tmp_path / "l.db"
    f = tmp_path / "a.txt"
    f.write_text("A drone strike hit Kherson. Two people were killed, officials said.")
    assert run("ingest", f, "--db", db, "--backend", "fake").exit_code == 0
    from warledger.store import Ledger

    with Ledger(db) as led:
        ids = [r[0] for r in led.conn.execute("SELECT id FROM events")] + \
              [r[0] for r in led.conn.execute("SELECT id FROM claims")]
    assert ids
    for rid in ids:
        out = run("show", rid, "--db", db)
        assert out.exit_code == 0 and not re.search(r"(^|\s)\?(\s|$)", out.stdout), out.stdout
    for rid in (i for i in ids if i.startswith("ev_")):
        out = run("figures", rid, "--db", db)
        assert not re.search(r"(^|\s)\?(\s|$)", out.stdout), out.stdout


# -- the house rule -----------------------------------------------------------------------------------
def test_stage_clis_import_cliutil_not_the_root_cli():
    offenders = []
    for p in (ROOT / "warledger").rglob("*.py"):
        if p.parent == ROOT / "warledger":
            continue
        src = p.read_text(encoding="utf-8")
        if re.search(r"from \.\.cli import|from warledger\.cli import|import warledger\.cli", src):
            offenders.append(str(p.relative_to(ROOT)))
    assert offenders == []
