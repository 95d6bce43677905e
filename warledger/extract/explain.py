"""What the extractor weighed and why: the candidates that did not become events (and, for one
event, the tellings that made it), for ``extract --explain`` and ``show --why``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..models import Candidate, Event

_ORDER = {"hypothetical": 0, "background": 1, "negated": 2, "generic": 3, "tally": 4,
          "not_a_place": 5, "duplicate": 6, "reported": 7}


def dropped(candidates: Iterable[Candidate]) -> list[Candidate]:
    """The candidates that did not become an event of their own, by status then text order."""
    out = [c for c in candidates if c.status != "reported"]
    return sorted(out, key=lambda c: (_ORDER.get(c.status, 9), c.sentence.start))


def of_event(candidates: Iterable[Candidate], ev: Event) -> list[Candidate]:
    """The candidates that made ``ev`` or were merged into it (same id, or its trigger words)."""
    spans = {(x.article_id, x.start, x.end) for x in ev.evidence if x.field == "trigger"}
    out = []
    for c in candidates:
        trig = next((x for x in c.evidence if x.field == "trigger"), None)
        if c.event_id == ev.id or (trig is not None and (trig.article_id, trig.start, trig.end) in spans):
            out.append(c)
    return out


def summary_line(candidates: list[Candidate]) -> str:
    counts = Counter(c.status for c in candidates)
    parts = [f"{n} {status.replace('_', ' ')}" for status, n in
             sorted(counts.items(), key=lambda kv: _ORDER.get(kv[0], 9))]
    return f"{len(candidates)} candidates: " + ", ".join(parts) if parts else "no candidates"


def table(candidates: list[Candidate], title: str):
    """A Rich table: status, reason, type, place, date and the trigger in its sentence."""
    from rich.table import Table
    from rich.text import Text

    t = Table(title=title, show_lines=False)
    for col in ("status", "reason", "type", "place", "date", "words"):
        t.add_column(col, overflow="fold")
    for c in candidates:
        trig = next((x for x in c.evidence if x.field == "trigger"), None)
        words = Text(c.sentence.text)
        if trig is not None:
            a, b = trig.start - c.sentence.start, trig.end - c.sentence.start
            if 0 <= a < b <= len(c.sentence.text):
                words.stylize("bold reverse", a, b)
        t.add_row(c.status.replace("_", " "), c.reason, c.sub_event_type, c.location or "-",
                  c.event_date.isoformat() if c.event_date else "-", words)
    return t


def as_json(candidates: list[Candidate]) -> list[dict]:
    return [c.model_dump(mode="json") for c in candidates]
