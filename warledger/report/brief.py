"""``warledger brief``: a situation report drafted from the ledger, every line sourced.

``collect(ledger, day, days=1, region=None)`` gathers the period's records into a ``Brief``.
The period is ``days`` days up to ``day``; an event belongs to it when it happened in it or
was first reported in it (a brief of 23 March carries the strikes of the night before, as the
articles of 23 March tell them). Claims likewise, by their date or their article's.
(plain data); ``write(brief, out_dir, fmt)`` renders it to ``brief.md`` or ``brief.html``
with ``map.png`` (the period's events), ``chart.png`` (events per day over the 30 days to
``day``) and ``records/`` — one JSON file per event and claim the brief cites, plus
``records/period.json`` listing every record behind the headline figures — so each sentence
links to the ledger records it came from (and names the ``warledger show ID`` command).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..models import Article, Claim, Event

if TYPE_CHECKING:
    from ..store import Ledger

MAIN_EVENTS = 15
REPORT_LAG = 7   # an event reported in the period may have happened up to a week before it
CHART_DAYS = 30


@dataclass
class Item:
    """One main event of the brief: its sentence and where it comes from."""

    event: Event
    sentence: str
    sources: list[dict[str, Any]]
    figures: dict[str, Any]
    link: str

    @property
    def figure_note(self) -> str:
        """A sentence on the figures across reports, when the reports differ."""
        f = self.figures
        parts = []
        for key, word in (("fatalities", "deaths"), ("injuries", "injuries")):
            rng = f["range"].get(key)
            if rng and rng[0] != rng[1]:
                parts.append(f"{word} {rng[0]} to {rng[1]} (ACLED-rule figure {f[key]})")
        if not parts:
            return ""
        return f" Reports differ ({len(f['history'])} reports): " + "; ".join(parts) + "."


@dataclass
class Brief:
    day: date
    days: int
    region: str | None
    events: list[Event]
    items: list[Item]
    by_type: list[tuple[str, int]]
    by_sub_type: list[tuple[str, int]]
    strikes_by_region: list[tuple[str, int]]
    civilian: dict[str, int]
    claims: list[Claim]
    contradictions: list[Any]
    chart_counts: dict[date, Counter[str]]
    articles: dict[str, Article]
    records: dict[str, Any] = field(default_factory=dict)

    @property
    def start(self) -> date:
        return self.day - timedelta(days=self.days - 1)

    @property
    def period(self) -> str:
        if self.days == 1:
            return _long(self.day)
        return f"{_long(self.start)} to {_long(self.day)}"


def _long(d: date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def _in_region(e: Event, region: str | None) -> bool:
    if not region:
        return True
    r = region.lower()
    return any(r in (v or "").lower() for v in (e.admin1, e.admin2, e.location, e.country, e.country_code))


def _actor(name: str | None) -> str:
    if not name:
        return "unidentified forces"
    table = {"Military Forces of Russia": "Russian forces", "Military Forces of Ukraine": "Ukrainian forces"}
    for k, v in table.items():
        if name.startswith(k):
            return v
    return name


VERBS = {
    "Air/drone strike": "carried out an air/drone strike on",
    "Shelling/artillery/missile attack": "shelled or fired missiles at",
    "Armed clash": "clashed with {other} near",
    "Government regains territory": "regained territory near",
    "Non-state actor overtakes territory": "took territory near",
    "Disrupted weapons use": "intercepted weapons over",
    "Attack": "attacked civilians in",
}


def sentence(e: Event) -> str:
    """One ACLED-style sentence for an event: its notes, or one built from its columns."""
    if e.notes.strip():
        text = e.notes.strip()
    else:
        when = f"On {_long(e.event_date)}" if e.event_date else "On an unknown date"
        if e.time_precision == 2 and e.event_date:
            when = f"In the week of {_long(e.event_date)}"
        elif e.time_precision == 3 and e.event_date:
            when = f"In {e.event_date.strftime('%B %Y')}"
        verb = VERBS.get(e.sub_event_type, f"were involved in an event ({e.sub_event_type}) in")
        verb = verb.format(other=_actor(e.actor2))
        place = e.location or "an unknown place"
        if e.admin1 and e.admin1 != e.location:
            place += f" ({e.admin1})"
        if e.geo_precision == 3:
            place = f"the area of {place}"
        text = f"{when}, {_actor(e.actor1)} {verb} {place}"
        if e.weapon:
            text += f" (weapon: {e.weapon})"
        text += "."
    casualty = []
    if e.fatalities is not None:
        casualty.append(f"{e.fatalities} killed")
    if e.injuries is not None:
        casualty.append(f"{e.injuries} injured")
    if casualty and not any(w in text for w in ("kill", "injur", "dead", "died")):
        text += f" Reported casualties: {', '.join(casualty)}."
    return text


def _sources(e: Event, articles: dict[str, Article]) -> list[dict[str, Any]]:
    out = []
    for aid in e.article_ids:
        a = articles.get(aid)
        label = (a.title or a.source or a.external_id) if a else None
        url = a.url if a and a.url and a.url.lower().startswith(("http://", "https://")) else None
        out.append({"article_id": aid, "title": a.title if a else None, "source": a.source if a else None,
                    "url": url, "label": label or f"article {aid}",
                    "published": a.published.isoformat() if a and a.published else None})
    return out


def collect(ledger: Ledger, day: date, days: int = 1, region: str | None = None,
            main: int = MAIN_EVENTS) -> Brief:
    """Everything the brief says, from the ledger."""
    from ..fuse import contradictions as C
    from ..fuse import figures
    from ..store import ClaimFilter, EventFilter

    start = day - timedelta(days=days - 1)
    chart_start = day - timedelta(days=CHART_DAYS - 1)
    window = [e for e in ledger.events(EventFilter(date_from=min(start - timedelta(days=REPORT_LAG),
                                                                 chart_start),
                                                   date_to=day, limit=None)) if _in_region(e, region)]
    recent = [e for e in window if e.event_date and e.event_date >= start - timedelta(days=REPORT_LAG)]
    articles = ledger.articles_by_id({a for e in recent for a in e.article_ids})

    def in_period(e: Event) -> bool:  # happened in the period, or first reported in it
        if e.event_date and start <= e.event_date <= day:
            return True
        return any((a := articles.get(x)) is not None and a.published is not None
                   and start <= a.published <= day for x in e.article_ids)
    events = [e for e in recent if in_period(e)]
    from .charts import per_day

    chart = per_day(window, day, CHART_DAYS)
    by_type = Counter(e.event_type for e in events)
    by_sub = Counter(e.sub_event_type for e in events)
    strikes = Counter((e.admin1 or e.location or "unknown") for e in events
                      if e.event_type == "Explosions/Remote violence")
    # the headline figures count the period's own events, each once: those that happened in
    # it or the night before it (reported in it); an older event told again in the period is
    # listed, not summed again, and bodies found are no deaths (they carry none)
    own = {e.id: e for e in events if e.event_date and start - timedelta(days=1) <= e.event_date <= day}
    civ = [e for e in own.values() if e.disorder_type == "Political violence" and (
        e.civilian_targeting or (e.actor2 or "").startswith("Civilians"))]
    civilian = {"events": len(civ), "fatalities": sum(e.fatalities or 0 for e in civ),
                "injuries": sum(e.injuries or 0 for e in civ)}
    ranked = sorted(events, key=lambda e: (-(e.fatalities or 0), -(e.injuries or 0),
                                           -len(e.article_ids), e.event_date or day, e.id))
    items = [Item(e, sentence(e), _sources(e, articles), figures.summary(ledger, e.id),
                  f"records/{e.id}.json") for e in ranked[:main]]
    claims = [c for kind in ("losses", "interception")
              for c in ledger.claims(ClaimFilter(kind=kind, date_from=start - timedelta(days=REPORT_LAG),
                                                 date_to=day, limit=None))]
    claim_articles = ledger.articles_by_id({c.article_id for c in claims})
    claims = [c for c in claims if (c.date and start <= c.date <= day) or (
        (a := claim_articles.get(c.article_id)) is not None and a.published is not None
        and start <= a.published <= day)]
    if region:
        ids = {e.id for e in events}
        claims = [c for c in claims if c.event_id is None or c.event_id in ids]
    ids = {e.id for e in events}
    found = [c for c in C.contradictions(ledger, date_from=start - timedelta(days=REPORT_LAG), date_to=day)
             if (c.event_id in ids) or (c.event_id is None and not region
                                        and any(x.date and start <= x.date <= day for x in (c.a, c.b)))]
    articles.update(claim_articles)
    return Brief(day, days, region, events, items, by_type.most_common(), by_sub.most_common(),
                 strikes.most_common(), civilian, claims, found, chart, articles)


def _quantities(c: Claim) -> str:
    return ", ".join(f"{k.replace('_', ' ')} {int(v) if float(v).is_integer() else v}"
                     for k, v in c.quantities.items())


def records(ledger: Ledger, brief: Brief) -> dict[str, Any]:
    """The JSON files behind the brief's links: one per cited event and claim, plus the period."""
    from ..fuse import describe

    out: dict[str, Any] = {}
    for it in brief.items:
        e = it.event
        out[f"{e.id}.json"] = {
            "event": e.model_dump(mode="json"),
            "fusion": describe(ledger, e.id),
            "claims": [c.model_dump(mode="json") for c in ledger.claims(event_id=e.id, limit=None)],
            "articles": it.sources,
            "show": f"warledger show {e.id}",
        }
    for c in brief.claims:
        a = brief.articles.get(c.article_id)
        out[f"{c.id}.json"] = {"claim": c.model_dump(mode="json"),
                               "article": a.model_dump(mode="json", exclude={"text"}) if a else None,
                               "show": f"warledger show {c.id}"}
    for con in brief.contradictions:  # the claims on both sides, and their event
        for side in (con.a, con.b):
            found = ledger.claim(side.claim_id)
            if found is not None and f"{found.id}.json" not in out:
                out[f"{found.id}.json"] = {"claim": found.model_dump(mode="json"),
                                           "show": f"warledger show {found.id}"}
        if con.event_id and f"{con.event_id}.json" not in out:
            ev = ledger.event(con.event_id)
            if ev is not None:
                out[f"{ev.id}.json"] = {"event": ev.model_dump(mode="json"),
                                        "fusion": describe(ledger, ev.id), "show": f"warledger show {ev.id}"}
    out["period.json"] = {
        "day": brief.day.isoformat(), "days": brief.days, "region": brief.region,
        "events": [{"id": e.id, "event_date": e.event_date.isoformat() if e.event_date else None,
                    "event_type": e.event_type, "sub_event_type": e.sub_event_type,
                    "location": e.location, "admin1": e.admin1, "fatalities": e.fatalities,
                    "injuries": e.injuries, "civilian_targeting": e.civilian_targeting,
                    "actor2": e.actor2} for e in brief.events],
        "chart": {d.isoformat(): dict(c) for d, c in sorted(brief.chart_counts.items())},
        "contradictions": [c.to_dict() for c in brief.contradictions],
    }
    return out


def render(brief: Brief, fmt: str, map_info: dict[str, Any] | None = None) -> str:
    """The brief as Markdown or HTML text."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("warledger.report", "templates"),
                      autoescape=select_autoescape(enabled_extensions=("html", "html.j2"),
                                                   default_for_string=False),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["q"] = _quantities
    env.filters["mdcell"] = lambda s: str(s if s is not None else "-").replace("|", "\\|").replace("\n", " ")
    tpl = env.get_template("brief.md.j2" if fmt == "md" else "brief.html.j2")
    return tpl.render(b=brief, map_info=map_info or {}, chart_days=CHART_DAYS)


def write(ledger: Ledger, brief: Brief, out_dir: Path, fmt: str = "md") -> dict[str, Path]:
    """Write the brief, its two pictures and its records into ``out_dir``."""
    from ..progress import task
    from .charts import map_png, timeline_png

    if fmt not in ("md", "html"):
        raise ValueError(f"unknown format {fmt!r} (use md or html)")
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "records").mkdir(exist_ok=True)
    region = f" — {brief.region}" if brief.region else ""
    map_path, chart_path = out_dir / "map.png", out_dir / "chart.png"
    with task(f"writing the brief into {out_dir}", total=4) as step:
        step.note("drawing the map")
        info = map_png(brief.events, map_path, f"Events, {brief.period}{region}")
        step.advance()
        step.note("drawing the chart")
        timeline_png(brief.chart_counts, chart_path,
                     f"Events per day, {CHART_DAYS} days to {_long(brief.day)}{region}")
        step.advance()
        step.note("writing the cited records")
        for name, data in records(ledger, brief).items():
            (out_dir / "records" / name).write_text(json.dumps(data, indent=2, ensure_ascii=False), "utf-8")
        step.advance()
        step.note(f"brief.{fmt}")
        doc = out_dir / f"brief.{fmt}"
        doc.write_text(render(brief, fmt, info), "utf-8")
        step.advance()
    return {"brief": doc, "map": map_path, "chart": chart_path, "records": out_dir / "records"}
