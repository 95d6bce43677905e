"""Progress of slow steps (building the gazetteer, ingesting many files, evaluations, the
brief, exports), shown on **stderr only** so that stdout stays clean for pipes.

Library code marks its slow steps with :func:`task` or :func:`track`; nothing is shown until a
front end turns progress on with :func:`enable` (the command line does; ``import warledger``
from Python stays silent). Three modes:

- ``rich``: live Rich progress bars (a spinner, the step, ``done/total``, elapsed time), which
  vanish when the step ends; chosen when stderr is a terminal;
- ``plain``: one plain line per step that lasts (a line when it starts if it is known to be slow,
  then at most one status line every few seconds, and a closing line) for logs and CI;
- ``off``: nothing.

``WARLEDGER_PROGRESS=rich|plain|off`` overrides the choice.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO, Any, TypeVar

T = TypeVar("T")

MODES = ("rich", "plain", "off")
ENV = "WARLEDGER_PROGRESS"
PLAIN_FIRST = 2.0   # a step shorter than this prints nothing in plain mode (unless announced)
PLAIN_EVERY = 10.0  # at most one plain status line per step this often
PLAIN_NOTE_GAP = 0.5  # an announced step's new status is printed unless one was just printed

_mode = "off"
_lock = threading.RLock()
_live: Any = None   # the shared rich.progress.Progress while any rich task is open
_open = 0


def enable(mode: str = "auto") -> str:
    """Turn progress on for this process and return the mode chosen ("auto": rich when stderr
    is a terminal, else plain; the environment variable WARLEDGER_PROGRESS wins)."""
    global _mode
    env = os.environ.get(ENV, "").strip().lower()
    if env in MODES:
        mode = env
    if mode == "auto":
        mode = "rich" if _isatty(sys.stderr) else "plain"
    if mode not in MODES:
        raise ValueError(f"progress mode {mode!r}: use one of {', '.join(MODES)} or auto")
    _mode = mode
    return mode


def disable() -> None:
    enable("off")


def current_mode() -> str:
    return _mode


def _isatty(stream: IO[str] | None) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):
        return False


def _elapsed(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds < 60 else f"{int(seconds // 60)} min {int(seconds % 60)} s"


def echo(line: str) -> None:
    """Print one line to stderr without tearing a live progress display."""
    with _lock:
        if _live is not None:
            _live.console.print(line, markup=False, highlight=False, soft_wrap=True)
            return
    stream = sys.stderr
    stream.write(line + "\n")
    stream.flush()


def stderr_console() -> Any:
    """A Rich console on stderr that prints above live progress bars when they show."""
    with _lock:
        if _live is not None:
            return _live.console
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def out(line: str) -> None:
    """Print one line of results to stdout; while bars are live on the same terminal, above
    them (so the two do not tear each other)."""
    with _lock:
        if _live is not None and _isatty(sys.stdout):
            _live.console.print(line, markup=False, highlight=False, soft_wrap=True)
            return
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class Task:
    """One step being shown. ``advance()`` counts items; ``update()`` changes its words."""

    def __init__(self, description: str, total: int | None, announce: bool,
                 done: str | None = None) -> None:
        self.description = description
        self.done = done
        self.total = total
        self.completed = 0
        self.status = ""
        self.announce = announce
        self.started = time.monotonic()
        self._printed = 0.0  # monotonic time of the last plain line (0: none yet)
        self._rich_id: Any = None

    # -- what callers use ----------------------------------------------------------------------
    def advance(self, n: int = 1) -> None:
        self.completed += n
        self._refresh()

    def update(self, *, description: str | None = None, total: int | None = None,
               status: str | None = None) -> None:
        if description is not None:
            self.description = description
        if total is not None:
            self.total = total
        if status is not None:
            self.status = status
        recent = self._printed and time.monotonic() - self._printed < PLAIN_NOTE_GAP
        self._refresh(force_plain=status is not None and self.announce and not recent)

    def note(self, status: str) -> None:
        """Say what the step is doing now (e.g. which source a build reads); a callback."""
        self.update(status=status)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    # -- display -------------------------------------------------------------------------------
    def _words(self) -> str:
        return f"{self.description}: {self.status}" if self.status else self.description

    def _count(self) -> str:
        if self.total:
            return f"{self.completed}/{self.total}"
        return str(self.completed) if self.completed else ""

    def _start(self) -> None:
        if _mode == "plain" and self.announce:
            self._plain(f"{self._words()} ...")
        elif _mode == "rich":
            _rich_open(self)

    def _refresh(self, force_plain: bool = False) -> None:
        if _mode == "rich" and self._rich_id is not None:
            with _lock:
                if _live is not None:
                    _live.update(self._rich_id, description=self._words(), total=self.total,
                                 completed=self.completed, count=self._count())
        elif _mode == "plain":
            now = time.monotonic()
            due = (now - self.started >= PLAIN_FIRST and
                   (not self._printed or now - self._printed >= PLAIN_EVERY))
            if force_plain or due:
                count = self._count()
                if count and not self.total:
                    count += " done"
                self._plain(f"{self._words()}{': ' + count if count else ''} "
                            f"({_elapsed(now - self.started)})")

    def _end(self, failed: bool) -> None:
        if _mode == "rich":
            _rich_close(self)
        if failed or not (self._printed or (self.announce and _mode == "rich")):
            return
        if self.done:
            self._plain(self.done.format(elapsed=_elapsed(self.elapsed)))
            return
        count = self._count()
        self._plain(f"{self.description}: done{' (' + count + ')' if count else ''} "
                    f"in {_elapsed(self.elapsed)}")

    def _plain(self, text: str) -> None:
        self._printed = time.monotonic()
        echo(f"warledger: {text}")


class _Quiet(Task):
    def _refresh(self, force_plain: bool = False) -> None:
        pass


@contextmanager
def task(description: str, total: int | None = None, *, announce: bool = False,
         done: str | None = None) -> Iterator[Task]:
    """Show a step while the block runs. ``announce``: the step is known to be slow (a first
    gazetteer build), so it is said when it starts (plain mode) and when it ends (both modes);
    ``done``: the closing line then, with ``{elapsed}`` for the time it took."""
    t = (Task(description, total, announce, done) if _mode != "off"
         else _Quiet(description, total, False))
    if _mode != "off":
        t._start()
    failed = True
    try:
        yield t
        failed = False
    finally:
        if _mode != "off":
            t._end(failed)


def track(items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    """Iterate over ``items`` showing how many are done (``total`` from ``len()`` if it has one)."""
    if total is None:
        try:
            total = len(items)  # type: ignore[arg-type]
        except TypeError:
            total = None
    with task(description, total) as t:
        for item in items:
            yield item
            t.advance()


# -- the shared Rich display -------------------------------------------------------------------
def _rich_open(t: Task) -> None:
    global _live, _open
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    with _lock:
        if _live is None:
            console = Console(stderr=True, force_terminal=True)
            _live = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                             BarColumn(bar_width=30), TextColumn("{task.fields[count]}"),
                             TimeElapsedColumn(), console=console, transient=True,
                             redirect_stdout=False, redirect_stderr=False)
            _live.start()
        _open += 1
        t._rich_id = _live.add_task(t._words(), total=t.total, count=t._count())


def _rich_close(t: Task) -> None:
    global _live, _open
    with _lock:
        if _live is None or t._rich_id is None:
            return
        _live.remove_task(t._rich_id)
        t._rich_id = None
        _open -= 1
        if _open <= 0:
            _live.stop()
            _live, _open = None, 0


class Bar:
    """The ``add_task`` / ``advance`` / ``stop`` face of :func:`task`, for code written against
    Rich's ``Progress`` (``Ledger.ingest(progress=True)``). Asked for explicitly, it shows even
    when no front end enabled progress (then as ``auto`` would)."""

    def __init__(self) -> None:
        self._tasks: dict[int, Any] = {}
        self._restore = _mode
        if _mode == "off":
            enable("auto")

    def add_task(self, description: str, total: int | None = None) -> int:
        cm = task(description, total)
        key = len(self._tasks)
        self._tasks[key] = (cm, cm.__enter__())
        return key

    def advance(self, key: int, n: int = 1) -> None:
        self._tasks[key][1].advance(n)

    def stop(self) -> None:
        global _mode
        for cm, _t in reversed(list(self._tasks.values())):
            cm.__exit__(None, None, None)
        self._tasks.clear()
        _mode = self._restore


def bar() -> Bar:
    return Bar()
