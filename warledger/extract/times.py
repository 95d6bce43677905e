"""Time mentions: absolute dates in common English forms and relative ones against publication.

Each mention keeps its span. ``precision`` follows ACLED's time_precision: 1 day, 2 week,
3 month. A relative expression with no publication date stays unresolved (``date`` None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..nlp.text import NUMBER_WORD, parse_number

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
MONTHS_CYR = {
    "січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6, "липня": 7,
    "серпня": 8, "вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}
WEEKDAYS_CYR = {
    "понеділок": 0, "вівторок": 1, "середу": 2, "середа": 2, "четвер": 3, "п'ятницю": 4,
    "п’ятницю": 4, "п'ятниця": 4, "суботу": 5, "субота": 5, "неділю": 6, "неділя": 6,
    "понедельник": 0, "вторник": 1, "среду": 2, "среда": 2, "четверг": 3, "пятницу": 4,
    "пятница": 4, "субботу": 5, "суббота": 5, "воскресенье": 6,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}

_MON = (r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|"
        r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"


@dataclass(frozen=True)
class TimeMention:
    start: int
    end: int
    text: str
    date: date | None
    precision: int
    relative: bool


def _pattern(name: str, body: str) -> tuple[str, re.Pattern[str]]:
    return name, re.compile(body, re.I)


_PATTERNS = [
    _pattern("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b"),
    _pattern("dmy_num", r"\b(?P<day>[0-3]?\d)[./](?P<m>[01]?\d)[./](?P<year>(?:19|20)\d\d)\b"),
    _pattern("dmy", rf"\b{_DAY}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?\b"),
    _pattern("mdy", rf"\b{_MON}\s+{_DAY}(?:,?\s+{_YEAR})?\b(?!\s*(?:km|kilomet|miles|%))"),
    _pattern("my", rf"\b(?:in\s+|since\s+|during\s+)?(?:early\s+|mid-?|late\s+)?{_MON}(?:\s+{_YEAR})\b"),
    _pattern("month", r"\bin\s+(?:early\s+|mid-?|late\s+)?(?P<mon>January|February|March|April|June|July|"
                      r"August|September|October|November|December)\b(?!\s+\d)"),
    _pattern("weekday", r"\b(?:(?:during\s+|in\s+)?the\s+(?:night|morning|evening|afternoon)\s+"
                        r"(?:on|of)\s+|(?:on|late|early|last|since|by|until)\s+)?"
                        r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
                        r"(?:'s)?(?:\s+(?:night|morning|evening|afternoon))?\b"),
    _pattern("day_before_yesterday", r"\b(?:the\s+)?day\s+before\s+yesterday\b"),
    _pattern("ordinal_day", r"\b(?:on|since|until|by)\s+the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b"
                            r"(?!\s+(?:of\s+)?(?:January|February|March|April|May|June|July|"
                            r"August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|"
                            r"Jul|Aug|Sep|Sept|Oct|Nov|Dec|century|anniversary|day|time|floor|"
                            r"brigade|army|division|regiment|battalion))"),
    _pattern("yesterday", r"\b(?:yesterday|last\s+night|overnight|(?:on\s+)?the\s+previous\s+(?:day|night)|"
                          r"the\s+day\s+before)\b"),
    _pattern("today", r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+today|"
                      r"on\s+the\s+same\s+day)\b"),
    _pattern("dmy_cyr", r"(?<![\w])(?P<day>[0-3]?\d)\s+(?P<monc>" + "|".join(MONTHS_CYR) +
             r")(?:\s+(?P<year>(?:19|20)\d\d))?"),
    _pattern("weekday_cyr", r"(?<![\w])(?:(?:у|в|во)\s+(?:ніч\s+на\s+|ночь\s+на\s+)?)(?P<wdc>" +
             "|".join(WEEKDAYS_CYR) + r")(?![\w])"),
    _pattern("yesterday_cyr", r"(?<![\w])(?:вчора|учора|вчера|минулої\s+ночі|прошлой\s+ночью|"
             r"напередодні|накануне)(?![\w])"),
    _pattern("today_cyr", r"(?<![\w])(?:сьогодні|сегодня|цього\s+ранку|этим\s+утром|вранці|утром)(?![\w])"),
    _pattern("ago", rf"\b(?P<n>{NUMBER_WORD})\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b"),
    _pattern("last_unit", r"\b(?P<which>last|this|past|previous)\s+(?P<unit>week|month|weekend)\b"),
]


_MONTH_STEM = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")
_DIGIT = re.compile(r"\d")
# Cheap tests of a text (segment, lower-cased, ASCII-only?) that every match of a pattern
# passes: a pattern whose test fails is not run (same results, less work).
_GATES = {
    "iso": lambda seg, low, a: _DIGIT.search(seg) is not None,
    "dmy_num": lambda seg, low, a: _DIGIT.search(seg) is not None,
    "dmy": lambda seg, low, a: _MONTH_STEM.search(low) is not None,
    "mdy": lambda seg, low, a: _MONTH_STEM.search(low) is not None,
    "my": lambda seg, low, a: _MONTH_STEM.search(low) is not None,
    "month": lambda seg, low, a: _MONTH_STEM.search(low) is not None,
    "weekday": lambda seg, low, a: "day" in low,
    "day_before_yesterday": lambda seg, low, a: "yesterday" in low,
    "ordinal_day": lambda seg, low, a: _DIGIT.search(seg) is not None,
    "yesterday": lambda seg, low, a: any(w in low for w in ("yesterday", "night", "previous",
                                                              "day before")),
    "today": lambda seg, low, a: any(w in low for w in ("today", "tonight", "this", "same day")),
    "dmy_cyr": lambda seg, low, a: not a,
    "weekday_cyr": lambda seg, low, a: not a,
    "yesterday_cyr": lambda seg, low, a: not a,
    "today_cyr": lambda seg, low, a: not a,
    "ago": lambda seg, low, a: "ago" in low,
    "last_unit": lambda seg, low, a: "week" in low or "month" in low,
}


def _year_for(month: int, day: int, published: date | None) -> int | None:
    if published is None:
        return None
    year = published.year
    try:
        if date(year, month, day) > published + timedelta(days=7):
            year -= 1
    except ValueError:
        return None
    return year


def _safe_date(y: int | None, m: int, d: int) -> date | None:
    if y is None:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _resolve(name: str, m: re.Match[str], published: date | None) -> tuple[date | None, int, bool] | None:
    g = m.groupdict()
    if name == "iso":
        d = _safe_date(int(g["year"]), int(g["m"]), int(g["day"]))
        return (d, 1, False) if d else None
    if name == "dmy_num":
        # day first, as most of the world writes it, unless that lies after the publication
        # and the month-first reading does not ("03/12/2023" in a March 2023 report)
        d = _safe_date(int(g["year"]), int(g["m"]), int(g["day"]))
        us = _safe_date(int(g["year"]), int(g["day"]), int(g["m"]))
        if published is not None and us is not None and us <= published and (
                d is None or d > published):
            d = us
        return (d, 1, False) if d else None
    if name == "day_before_yesterday":
        return (published - timedelta(days=2) if published else None), (1 if published else 3), True
    if name == "ordinal_day":
        if published is None:
            return None, 3, True
        day = int(g["day"])
        d = _safe_date(published.year, published.month, day)
        if d is None or d > published:  # "on the 28th" early in a month: last month's
            y, mo = divmod(published.year * 12 + published.month - 2, 12)
            d = _safe_date(y, mo + 1, day)
        return (d, 1, True) if d else None
    if name in ("dmy", "mdy"):
        month = MONTHS[g["mon"].lower().rstrip(".")]
        day = int(g["day"])
        if not 1 <= day <= 31:
            return None
        year = int(g["year"]) if g.get("year") else _year_for(month, day, published)
        d = _safe_date(year, month, day)
        if year is not None and d is None:
            return None
        return d, (1 if d else 3), not g.get("year")
    if name in ("my", "month"):
        month = MONTHS[g["mon"].lower().rstrip(".")]
        year = int(g["year"]) if g.get("year") else _year_for(month, 1, published)
        d = _safe_date(year, month, 15)
        return d, 3, not g.get("year")
    if name == "dmy_cyr":
        month = MONTHS_CYR[g["monc"].lower()]
        day = int(g["day"])
        year = int(g["year"]) if g.get("year") else _year_for(month, day, published)
        d = _safe_date(year, month, day)
        return (d, 1 if d else 3, not g.get("year")) if (d or year is None) else None
    if name == "weekday_cyr":
        if published is None:
            return None, 3, True
        back = (published.weekday() - WEEKDAYS_CYR[g["wdc"].lower()]) % 7
        return published - timedelta(days=back), 1, True
    if name == "yesterday_cyr":
        return (published - timedelta(days=1) if published else None), (1 if published else 3), True
    if name == "today_cyr":
        return published, (1 if published else 3), True
    if name == "weekday":
        if published is None:
            return None, 3, True
        wd = WEEKDAYS[g["wd"].lower()]
        back = (published.weekday() - wd) % 7
        return published - timedelta(days=back), 1, True
    if name == "yesterday":
        return (published - timedelta(days=1) if published else None), (1 if published else 3), True
    if name == "today":
        return published, (1 if published else 3), True
    if name == "ago":
        n = parse_number(g["n"])
        if n is None or published is None:
            return None, 3, True
        unit = g["unit"].lower().rstrip("s")
        if unit == "day":
            return published - timedelta(days=n), 1, True
        if unit == "week":
            return published - timedelta(days=7 * n), 2, True
        if unit == "month":
            y, mo = divmod(published.year * 12 + published.month - 1 - n, 12)
            return _safe_date(y, mo + 1, 15), 3, True
        return None, 3, True
    if name == "last_unit":
        if published is None:
            return None, 3, True
        unit = g["unit"].lower()
        which = g["which"].lower()
        if unit == "week":
            return (published - timedelta(days=7 if which != "this" else 0)), 2, True
        if unit == "weekend":
            back = (published.weekday() - 5) % 7 or 7
            return published - timedelta(days=back), 2, True
        y, mo = divmod(published.year * 12 + published.month - 1 - (0 if which == "this" else 1), 12)
        return _safe_date(y, mo + 1, 15), 3, True
    return None


def find_times(text: str, published: date | None, start: int = 0, end: int | None = None) -> list[TimeMention]:
    """All time mentions in text[start:end], non-overlapping, earliest pattern wins on ties."""
    end = len(text) if end is None else end
    found: list[TimeMention] = []
    taken: list[tuple[int, int]] = []
    seg = text[start:end]
    low = seg.lower()
    ascii_only = seg.isascii()
    for name, pat in _PATTERNS:
        gate = _GATES.get(name)
        if gate is not None and (ascii_only or name.endswith("_cyr")) and \
                not gate(seg, low, ascii_only):
            continue  # the words every match of this pattern needs are absent
        for m in pat.finditer(text, start, end):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            res = _resolve(name, m, published)
            if res is None:
                continue
            d, prec, rel = res
            found.append(TimeMention(m.start(), m.end(), m.group(), d, prec, rel))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda t: t.start)


_REPORT_CONTEXT = re.compile(
    r"\b(?:report(?:ed)?|said|stated|statement|update|issued|published|announced|told|noted)\b[^.,;]{0,25}$",
    re.I,
)


def pick_event_time(text: str, mentions: list[TimeMention]) -> TimeMention | None:
    """The mention that dates the happening rather than the report ('a report issued on Thursday')."""
    if not mentions:
        return None
    scored = []
    for t in mentions:
        before = text[max(0, t.start - 60):t.start]
        report_like = bool(_REPORT_CONTEXT.search(before))
        scored.append((report_like, t.precision, t.start, t))
    scored.sort(key=lambda x: (x[0], x[1], x[2]))
    return scored[0][3]
