"""What every stage's commands share: one-line errors and warnings, strict dates on the command
line, the output-format choice (a table on a terminal, JSON in a pipe), and the Typer classes
that print clean help (switches without ``<bool>``, usage lines with ``PATH...``).

Stage CLIs import from here, never from the root ``cli.py``.
"""

from __future__ import annotations

import calendar
import contextlib
import re
import sys
from datetime import date
from typing import Any, NoReturn

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from . import progress

DATE_METAVAR = "YYYY-MM-DD"
DATE_FORMS = "YYYY-MM-DD (or with the month in words: 5 June 2024, June 5, 2024)"


# -- errors and warnings ---------------------------------------------------------------------
def fail(message: str, code: int = 2) -> NoReturn:
    """Print one line to stderr and exit."""
    progress.echo(f"warledger: {message}")
    raise typer.Exit(code)


def warn(message: str) -> None:
    """One warning line on stderr (above a progress bar if one is showing)."""
    progress.echo(f"warning: {message}")


def note(message: str) -> None:
    """One informational line on stderr (counts after a table, where a file was written)."""
    progress.echo(message)


def is_terminal(stream: Any = None) -> bool:
    """Whether ``stream`` (default stdout) is a terminal a person reads."""
    stream = sys.stdout if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def output_format(format: str | None, *, terminal: str = "table", piped: str = "json") -> str:
    """The format to print: the one asked for, else ``terminal`` when stdout is a terminal and
    ``piped`` when it is a pipe or a file."""
    if format and format != "auto":
        return format
    return terminal if is_terminal() else piped


# -- dates -------------------------------------------------------------------------------------
_MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    for _name in (calendar.month_name[_i], calendar.month_abbr[_i]):
        _MONTHS[_name.lower()] = _i
_MONTHS["sept"] = 9

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})")
_MONTH_DAY = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_NUMERIC = re.compile(r"(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})")


class DateError(ValueError):
    """A date on the command line that is not in an accepted form; str() is the one line."""


def parse_cli_date(value: str) -> date:
    """A date typed on the command line: ISO ``YYYY-MM-DD``, or the month in words (``5 June
    2024``, ``June 5, 2024``, ``5 Jun 2024``). Anything a reader could take two ways
    (``05/06/2024``) or that is not one of those forms raises :class:`DateError`."""
    s = " ".join(str(value).split())
    m = _ISO.fullmatch(s)
    if m:
        return _make(int(m[1]), int(m[2]), int(m[3]), value)
    m = _DAY_MONTH.fullmatch(s)
    if m and m[2].lower() in _MONTHS:
        return _make(int(m[3]), _MONTHS[m[2].lower()], int(m[1]), value)
    m = _MONTH_DAY.fullmatch(s)
    if m and m[1].lower() in _MONTHS:
        return _make(int(m[3]), _MONTHS[m[1].lower()], int(m[2]), value)
    m = _NUMERIC.fullmatch(s)
    if m:
        raise DateError(_numeric_hint(value, m))
    raise DateError(f"{value!r} is not a date in an accepted form: use {DATE_FORMS}")


def _make(y: int, mo: int, d: int, value: str) -> date:
    try:
        return date(y, mo, d)
    except ValueError:
        raise DateError(f"{value!r} is not a day of the calendar: use {DATE_FORMS}") from None


def _numeric_hint(value: str, m: re.Match[str]) -> str:
    a, b, c = (int(x) for x in m.groups())
    if len(m[1]) == 4:  # 2024/06/05: year first, not ISO's dashes
        readings = [(a, b, c)]
    elif len(m[3]) == 4:  # dd/mm/yyyy or mm/dd/yyyy
        readings = [(c, b, a), (c, a, b)]
    else:
        readings = []
    good: list[date] = []
    for y, mo, d in readings:
        with contextlib.suppress(ValueError):
            good.append(date(y, mo, d))
    good = list(dict.fromkeys(good))
    if len(good) == 2:
        x, y = good
        return (f"{value!r} is ambiguous ({x.day} {calendar.month_name[x.month]} or "
                f"{y.day} {calendar.month_name[y.month]} {y.year}?): use {DATE_METAVAR}, "
                f"e.g. {x.isoformat()}, or write the month: {x.day} {calendar.month_name[x.month]} {x.year}")
    if len(good) == 1:
        return (f"{value!r} is not in an accepted form: use {DATE_METAVAR} "
                f"({good[0].isoformat()}?) or write the month ({good[0].day} "
                f"{calendar.month_name[good[0].month]} {good[0].year})")
    return f"{value!r} is not a date in an accepted form: use {DATE_FORMS}"


def parse_date_option(value: str | None, name: str = "--published") -> date | None:
    """The date of option ``name``, None when not given; a one-line error (exit 2) when it is
    not in an accepted form."""
    if value is None:
        return None
    try:
        return parse_cli_date(value)
    except DateError as exc:
        fail(f"{name} {exc}")


# -- help that reads well ----------------------------------------------------------------------
class _Argument(TyperArgument):
    """A positional argument shown as ``PATHS...`` (not ``{paths}...``)."""

    @property
    def display_name_raw(self) -> str:
        return self.metavar or (self.name or "").upper()

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        if not self.required:
            name = f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


class _Switch(TyperOption):
    """A boolean switch: ``--flag`` / ``--no-flag``, no ``<bool>`` after it."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


def _tidy(params: list[Any]) -> list[Any]:
    for p in params:
        if type(p) is TyperArgument:
            p.__class__ = _Argument
        elif type(p) is TyperOption and p.is_flag:
            p.__class__ = _Switch
    return params


class Command(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return _tidy(super().get_params(ctx))


class Group(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _tidy(super().get_params(ctx))


class App(typer.Typer):
    """``typer.Typer`` whose commands and groups print the tidy help above."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", Group)
        kwargs.setdefault("add_completion", False)
        kwargs.setdefault("pretty_exceptions_enable", False)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", Command)
        return super().command(*args, **kwargs)
