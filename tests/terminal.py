"""Run a command the way a person at a terminal does: stdout and stderr each on a pseudo-terminal
of their own (so a test can tell the progress on stderr from the result on stdout)."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time


def start_in_pty(argv: list[str], *, env: dict[str, str] | None = None, cwd: str | None = None,
                 columns: int = 120):
    """Start ``argv`` with a pty as stdout and another as stderr; return a handle for finish()."""
    out_master, out_slave = pty.openpty()
    err_master, err_slave = pty.openpty()
    env = dict(os.environ if env is None else env, COLUMNS=str(columns), LINES="40",
               TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out_slave, stderr=err_slave,
                            env=env, cwd=cwd, close_fds=True)
    os.close(out_slave)
    os.close(err_slave)
    return proc, out_master, err_master


def finish(handle, timeout: float = 600) -> tuple[int, str, str]:
    """Read both terminals until the process ends; ``(returncode, stdout, stderr)``."""
    proc, out_master, err_master = handle
    bufs = {out_master: b"", err_master: b""}
    live = set(bufs)
    deadline = time.monotonic() + timeout
    while live and time.monotonic() < deadline:
        ready, _, _ = select.select(list(live), [], [], 0.2)
        for fd in ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO: the other end closed
                data = b""
            if data:
                bufs[fd] += data
            else:
                live.discard(fd)
        if not ready and proc.poll() is not None:
            break
    if proc.poll() is None:
        proc.kill()
    rc = proc.wait(timeout=10)
    os.close(out_master)
    os.close(err_master)
    return rc, bufs[out_master].decode("utf-8", "replace"), bufs[err_master].decode("utf-8", "replace")


def run_in_pty(argv: list[str], **kw) -> tuple[int, str, str]:
    timeout = kw.pop("timeout", 600)
    return finish(start_in_pty(argv, **kw), timeout=timeout)
