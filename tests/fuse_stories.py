"""Load tests/fixtures/fuse/stories.yaml into records (Results) with exact evidence offsets."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from warledger.extract.pipeline import make_article
from warledger.models import Claim, Event, Evidence, Result, stable_id
from warledger.taxonomy import event_type_of, interaction

STORIES = Path(__file__).parent / "fixtures" / "fuse" / "stories.yaml"


def _span(article_id: str, text: str, phrase: str, field: str | None) -> Evidence:
    nth = 1
    if "#" in phrase:
        phrase, n = phrase.rsplit("#", 1)
        nth = int(n)
    start = -1
    for _ in range(nth):
        start = text.find(phrase, start + 1)
    if start < 0:
        raise ValueError(f"phrase not in text: {phrase!r}")
    return Evidence(article_id=article_id, start=start, end=start + len(phrase), text=phrase,
                    field=field)


def build(spec: dict[str, Any]) -> Result:
    """One article spec -> Result(articles=[...], events=[...], claims=[...])."""
    art = make_article(spec["text"], published=spec.get("published"), title=spec.get("title"),
                       source=spec.get("source"), url=spec.get("url"),
                       external_id=spec.get("key"))
    ids: dict[str, str] = {}
    events = []
    for e in spec.get("events", []):
        e = dict(e)
        local = e.pop("id")
        ev_id = stable_id("ev_", art.id, local)
        ids[local] = ev_id
        evidence = [_span(art.id, art.text, p, f) for f, p in e.pop("evidence").items()]
        et, dt = event_type_of(e["sub_event_type"])
        inter1 = 1 if e.get("actor1") else None
        inter2 = 7 if (e.get("actor2") or "").startswith("Civilians") else None
        events.append(Event(id=ev_id, article_ids=[art.id], event_type=et, disorder_type=dt,
                            evidence=evidence, inter1=inter1, inter2=inter2,
                            interaction=interaction(inter1, inter2), **e))
    claims = []
    for c in spec.get("claims", []):
        c = dict(c)
        local = c.pop("id")
        ev = c.pop("event", None)
        evidence = [_span(art.id, art.text, p, "claim") for p in c.pop("evidence")]
        claims.append(Claim(id=stable_id("cl_", art.id, local), article_id=art.id,
                            event_id=ids.get(ev) if ev else None, evidence=evidence, **c))
    return Result(articles=[art], events=events, claims=claims)


def load(story: str) -> list[Result]:
    data = yaml.safe_load(STORIES.read_text("utf-8"))
    return [build(s) for s in data[story]]


def texts(story: str) -> list[tuple[str, date]]:
    data = yaml.safe_load(STORIES.read_text("utf-8"))
    return [(s["text"], s["published"]) for s in data[story]]
