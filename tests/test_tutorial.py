"""docs/tutorial.md, run as written: every ```bash block (except those marked as not run) goes
into one bash script, run from a folder that has the repository's examples/ (as a checkout's top
folder has), with this venv's commands first on PATH. The blocks are read from the markdown
itself, so the tutorial cannot drift from what the tool does."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "tutorial.md"
SKIP = "<!-- not run by tests/test_tutorial.py"
BLOCK = re.compile(r"(?P<before>[^\n]*)\n```bash\n(?P<code>.*?)\n```", re.S)


def blocks() -> list[str]:
    out = []
    for m in BLOCK.finditer(DOC.read_text(encoding="utf-8")):
        if not m["before"].startswith(SKIP):
            out.append(m["code"])
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_blocks_are_found():
    found = blocks()
    text = "\n".join(found)
    for command in ("warledger ingest examples/reports", "warledger serve", "events.json",
                    "warledger brief", "warledger export --format acled-csv", "pd.read_csv"):
        assert command in text, command
    assert not any("pip install" in b for b in found)  # the install block is the one left out


def test_the_tutorial_runs_as_written(tmp_path):
    work = tmp_path / "checkout"
    work.mkdir()
    (work / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    port = str(free_port())
    parts = ["set -euo pipefail", "trap 'kill $(jobs -p) 2>/dev/null || true' EXIT"]
    for i, code in enumerate(blocks()):
        parts.append(f"echo '### block {i}'")
        parts.append(code.replace("8765", port))
    script = "\n".join(parts) + "\n"
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
               WARLEDGER_PROGRESS="plain")
    if shutil.which("curl", path=env["PATH"]) is None:  # a minimal curl -s URL for bare systems
        shim = tmp_path / "bin"
        shim.mkdir()
        (shim / "curl").write_text(
            f"#!{sys.executable}\nimport sys, time, urllib.request\nurl = sys.argv[-1]\n"
            "for _ in range(40):\n    try:\n        sys.stdout.write(urllib.request.urlopen(url)"
            ".read().decode()); break\n    except OSError:\n        time.sleep(0.5)\n")
        (shim / "curl").chmod(0o755)
        env["PATH"] = f"{shim}{os.pathsep}{env['PATH']}"
    res = subprocess.run(["bash", "-c", script], cwd=work, env=env, capture_output=True,
                         text=True, timeout=600)
    assert res.returncode == 0, f"{res.stdout[-3000:]}\n--- stderr\n{res.stderr[-3000:]}"
    out = dict(re.findall(r"### block (\d+)\n(.*?)(?=### block \d+\n|\Z)", res.stdout, re.S))
    code = dict(enumerate(blocks()))

    def output_of(command: str) -> str:
        return next(out[str(i)] for i, c in code.items() if command in c)

    # 1. one report: piped, so JSON; the first event's notes and evidence
    first = output_of("| python3 -c")
    assert "On 22 March 2023" in first
    # 2. the folder, then the tables and one record's evidence
    assert "ingested 5 new, 0 already present, 0 failed" in output_of("warledger ingest")
    tables = output_of("warledger events --db")
    assert "Rzhyshchiv" in tables and "Bakhmut" in tables and "total to date" in tables
    assert "evidence:" in output_of("warledger show") and "[[" in output_of("warledger show")
    # 3. the JSON twin of the map
    twin = json.loads(output_of("events.json").strip().splitlines()[-1])
    assert twin["count"] >= 1 and all(e["event_type"] == "Battles" for e in twin["events"])
    # 4. the brief
    assert (work / "brief-2023-03-23" / "brief.md").is_file()
    assert "# Situation brief" in output_of("warledger brief")
    # 5. pandas read the ACLED CSV
    frame = output_of("pd.read_csv")
    assert "Zaporizhzhia" in frame and "Explosions/Remote violence" in frame
    assert (work / "first-hour.csv").read_text(encoding="utf-8").startswith("event_id_cnty,")
    assert "warledger: first run: building the gazetteer" not in res.stdout  # progress: stderr
