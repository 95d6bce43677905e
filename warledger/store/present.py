"""Showing ledger records to a person: tables, one record's fields, evidence in its sentence."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Sequence
from typing import IO, Any

from ..models import Article, Claim, Event, Evidence

_SENT_END = re.compile(r"(?<=[.!?])([\"'”’)\]]*)\s+|\n+")


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence(s) holding ``text[start:end]`` (a simple boundary rule)."""
    s = 0
    for m in _SENT_END.finditer(text, 0, start):
        s = m.end()
    found = _SENT_END.search(text, max(end - 1, start))
    e = found.start() + len(found.group(1) or "") if found else len(text)
    e = max(e, end)
    while e > end and text[e - 1].isspace():
        e -= 1
    return s, e


def evidence_context(article: Article | None, ev: Evidence) -> tuple[str, int, int]:
    """``(sentence, a, b)``: the sentence around the span and the span's offsets inside it."""
    if article is None or article.text[ev.start:ev.end] != ev.text:
        return ev.text, 0, len(ev.text)
    s, e = sentence_around(article.text, ev.start, ev.end)
    return article.text[s:e], ev.start - s, ev.end - s


def highlighted(sentence: str, a: int, b: int, terminal: bool):
    """A rich Text (bold reverse span) on a terminal, else a plain string with [[...]] marks."""
    if not terminal:
        return f"{sentence[:a]}[[{sentence[a:b]}]]{sentence[b:]}"
    from rich.text import Text

    t = Text(sentence)
    t.stylize("bold reverse", a, b)
    return t


def record_fields(record: Event | Claim | Article) -> list[tuple[str, str]]:
    out = []
    for name, value in record.model_dump(mode="json").items():
        if name in ("evidence", "text") and not isinstance(record, Claim):
            continue
        if name == "evidence":
            continue
        if value is None or value == [] or value == {} or value == "":
            continue
        if isinstance(value, list | dict):
            value = json.dumps(value, ensure_ascii=False)
        out.append((name, str(value)))
    return out


def print_record(console, record: Event | Claim | Article, articles: dict[str, Article],
                 terminal: bool, extra: Sequence[tuple[str, str]] = ()) -> None:
    kind = type(record).__name__.lower()
    console.print(f"{kind} {record.id}", style="bold" if terminal else None)
    width = max((len(k) for k, _ in record_fields(record)), default=0)
    for k, v in [*record_fields(record), *extra]:
        console.print(f"  {k.ljust(width)}  {v}", markup=False, highlight=False,
                      soft_wrap=not terminal)
    evidence = getattr(record, "evidence", None)
    if evidence:
        console.print("evidence:", style="bold" if terminal else None)
        for ev in evidence:
            sentence, a, b = evidence_context(articles.get(ev.article_id), ev)
            label = f"  [{ev.field or 'span'} {ev.article_id}:{ev.start}-{ev.end}] "
            if terminal:
                from rich.text import Text

                console.print(Text.assemble((label, "dim"), highlighted(sentence, a, b, True)))
            else:
                console.print(label + highlighted(sentence, a, b, False), markup=False,
                              highlight=False, soft_wrap=True)
    if isinstance(record, Article):
        console.print("text:", style="bold" if terminal else None)
        console.print(record.text, markup=False, highlight=False, soft_wrap=not terminal)


def _table(columns: Sequence[tuple[str, dict[str, Any]]]):
    from rich import box
    from rich.table import Table

    t = Table(box=box.SIMPLE_HEAD, padding=(0, 0), pad_edge=False, show_edge=False, expand=False,
              caption_justify="left")
    for name, kw in columns:
        t.add_column(name, **{"overflow": "fold", **kw})  # a narrow column wraps, never cuts
    return t


UNDATED = "undated"
NOT_STATED = "–"
UNATTRIBUTED = "unattributed"
EVENTS_CAPTION = ("killed/injured: as the text states them (– or blank: not stated); "
                  "undated: no date could be resolved")
CLAIMS_CAPTION = ("undated: the claim names no date; unattributed: the text says not who claims "
                  "it; (hedge): how the text words it")


def _num(value: int | None) -> str:
    return NOT_STATED if value is None else f"{value:,}"


def _figure(value: Any) -> str:
    """A claimed figure for a person: 43,900 / 2.6 / 411,000,000,000 (no '4.11e11', no '.0')."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _day(d) -> str:
    return d.isoformat() if d else UNDATED


def _place(e: Event) -> str:
    bits = [b for b in (e.location, e.admin1 if e.admin1 != e.location else None) if b]
    return ", ".join(bits)


def events_table(events: Sequence[Event], *, caption: bool = True):
    t = _table([("id", {"no_wrap": True}), ("date", {"no_wrap": True}), ("sub-event", {"min_width": 15}),
                ("actor1", {"min_width": 13}), ("location", {"min_width": 14}),
                ("killed/\ninjured", {"justify": "right", "no_wrap": True}),
                ("claimants", {"min_width": 12})])
    if caption and events:
        t.caption = EVENTS_CAPTION
    for e in events:
        hurt = ("" if e.fatalities is None and e.injuries is None
                else f"{_num(e.fatalities)}/{_num(e.injuries)}")
        t.add_row(e.id, _day(e.event_date), _breakable(e.sub_event_type), _short_actor(e.actor1),
                  _place(e), hurt, "; ".join(e.claimants) or UNATTRIBUTED)
    return t


def claims_table(claims: Sequence[Claim], *, caption: bool = True):
    t = _table([("id", {"no_wrap": True}), ("date", {"no_wrap": True}), ("kind", {}),
                ("claimant (hedge)", {}), ("about", {}), ("figures", {})])
    if caption and claims:
        t.caption = CLAIMS_CAPTION
    for c in claims:
        items = [f"{k.replace('_', ' ')} {_figure(v)}" for k, v in c.quantities.items()]
        qty = ", ".join(items[:4]) + (f" (+{len(items) - 4} more)" if len(items) > 4 else "")
        notes = [n for n in (c.qualifier, "total to date" if c.period == "cumulative" else None) if n]
        if notes and qty:
            qty += f" ({', '.join(notes)})"
        who = (c.claimant or UNATTRIBUTED) + (f" ({c.hedge})" if c.hedge else "")
        t.add_row(c.id, _day(c.date), c.kind, who, _short_actor(c.about), qty)
    return t


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _article_line(a: Article) -> str:
    name = a.external_id or a.title or a.id
    words = len(a.text.split())
    when = f"published {a.published.isoformat()}" if a.published else "no publication date"
    return f"{name} ({when}, {words:,} words)"


def extract_summary(articles: Sequence[Article], events: Sequence[Event],
                    claims: Sequence[Claim]) -> list[Any]:
    """What ``warledger extract`` prints on a terminal, as Rich renderables in order: where
    the text came from, the events table, the claims table, and how to get the full records.
    A new section (an explanation, say) is one more item in this list."""
    from rich.text import Text

    out: list[Any] = []
    head = Text()
    head.append(f"{_count(len(events), 'event')} and {_count(len(claims), 'claim')}", style="bold")
    if len(articles) == 1:
        head.append(f" from {_article_line(articles[0])}")
    else:
        head.append(f" from {len(articles)} articles")
    out.append(head)
    for a in articles[:10] if len(articles) > 1 else []:
        out.append(Text(f"  {_article_line(a)}"))
    if len(articles) > 10:
        out.append(Text(f"  ... and {len(articles) - 10} more"))
    if events:
        out.append(Text("\nEvents", style="bold"))
        out.append(events_table(events))
    if claims:
        out.append(Text("\nClaims", style="bold"))
        out.append(claims_table(claims))
    out.append(Text("\nEvery record with its evidence: --format json (the JSON is printed "
                    "when the output is piped); what was read but not kept, and why: --explain. "
                    "Keep them: warledger ingest PATH, then warledger events / show ID / serve.",
                    style="dim"))
    return out


def print_extract_summary(console, articles: Sequence[Article], events: Sequence[Event],
                          claims: Sequence[Claim]) -> None:
    for part in extract_summary(articles, events, claims):
        console.print(part)


def _breakable(text: str) -> str:
    """Long slash-joined words ("Shelling/artillery/missile") get a space after each slash so a
    narrow column wraps them at the slashes."""
    return " ".join(w.replace("/", "/ ") if len(w) > 14 else w for w in text.split(" "))


def _short_actor(name: str | None) -> str:
    if not name:
        return ""
    return re.sub(r"^Military Forces of (\w+).*$", r"\1 forces", name)


CLAIM_CSV_COLUMNS = ["id", "article_id", "event_id", "kind", "claimant", "claimant_type", "about",
                     "date", "period", "quantities", "qualifier", "hedge", "text", "evidence"]


def write_claims_csv(claims: Iterable[Claim], fp: IO[str]) -> int:
    """Claims as CSV (all columns text, made formula-safe for spreadsheets); return the count."""
    from ..export.formats import safe_row

    w = csv.DictWriter(fp, fieldnames=CLAIM_CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    n = 0
    for c in claims:
        d: dict[str, Any] = c.model_dump(mode="json")
        d["quantities"] = json.dumps(d["quantities"], ensure_ascii=False)
        d["evidence"] = json.dumps(d["evidence"], ensure_ascii=False)
        w.writerow(safe_row({k: ("" if d.get(k) is None else d[k]) for k in CLAIM_CSV_COLUMNS}))
        n += 1
    return n
