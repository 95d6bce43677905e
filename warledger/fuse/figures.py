"""Casualty figures of an event over time: every report, the ACLED-rule figure, the range.

Every figure stays what a claimant said when (a ``casualties`` claim; or, for an article that
gave no claim, the number on the event it extracted). For an event:

* ``history(ledger, id)`` -> the reports in the order they were published;
* ``figure(reports, key)`` -> ACLED's rule: the most conservative credible figure (the minimum;
  "at least N" counts as N), unless a later report **updates** it ("the death toll rose to 9",
  "has climbed to", "revised", or the same claimant later giving a higher number): then the
  latest update stands (earlier and conflicting figures stay in the history and in the
  contradictions);
* ``summary(ledger, id)`` -> {"fatalities", "injuries", "range", "history"} for ``show``/JSON;
* ``refresh(ledger, id)`` writes the figures and the union of claimants onto the event row.

Reports hedged "unconfirmed"/"unverified"/"rumoured" are kept in the history but not used for
the figure.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ..models import Claim, Event
from .match import sentence_around

if TYPE_CHECKING:
    from ..store import Ledger

KEYS = ("fatalities", "injuries")
ALIASES = {
    "fatalities": ("fatalities", "killed", "dead", "deaths", "deaths_civilian", "civilians_killed"),
    "injuries": ("injuries", "injured", "wounded", "civilians_injured"),
}
NOT_CREDIBLE = {"unconfirmed", "unverified", "rumoured", "rumored", "alleged"}
_UPDATE = re.compile(
    r"\b(?:rose|risen|rises|rising|climbed|climbs|increased|increases|jumped|grew|went up|"
    r"has reached|reached|now stands at|revised|updated|raised)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Report:
    """One figure as one claimant gave it, in one article."""

    article_id: str
    published: date | None
    order: int                  # ingestion order of the article (ties on one day)
    claimant: str | None
    fatalities: int | None
    injuries: int | None
    qualifier: str | None
    hedge: str | None
    updating: bool              # the words say the figure replaces an earlier one
    claim_id: str | None = None
    record_id: str | None = None
    text: str | None = None

    def value(self, key: str) -> int | None:
        return getattr(self, key)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["published"] = self.published.isoformat() if self.published else None
        return d


def claim_value(claim: Claim, key: str) -> int | None:
    for k in ALIASES[key]:
        v = claim.quantities.get(k)
        if v is not None:
            return int(v)
    return None


def _says_update(text: str | None) -> bool:
    return bool(text and _UPDATE.search(text))


def _claim_text(claim: Claim, article_text: str | None) -> str:
    parts = []
    for ev in claim.evidence:
        if article_text is not None and ev.end <= len(article_text):
            parts.append(sentence_around(article_text, ev.start, ev.end))
        else:
            parts.append(ev.text)
    return " ".join(parts) or (claim.text or "")


def _event_text(event: Event, article_text: str | None) -> str:
    spans = [e for e in event.evidence if e.field in ("fatalities", "injuries")] or event.evidence
    if article_text is None:
        return " ".join(e.text for e in spans)
    return " ".join(sentence_around(article_text, e.start, e.end) for e in spans)


def reports_from(events: list[tuple[Event, dict[str, Any]]], claims: list[tuple[Claim, dict[str, Any]]]
                 ) -> list[Report]:
    """Reports from raw event records and casualty claims, each with its article's
    ``{"published", "order", "text"}``; a claim outranks its own article's event figure."""
    out: list[Report] = []
    with_claim: set[str] = set()
    for c, art in claims:
        if c.kind != "casualties":
            continue
        f, i = claim_value(c, "fatalities"), claim_value(c, "injuries")
        if f is None and i is None:
            continue
        with_claim.add(c.article_id)
        text = _claim_text(c, art.get("text"))
        out.append(Report(c.article_id, art.get("published"), art.get("order", 0), c.claimant, f, i,
                          c.qualifier, c.hedge, _says_update(text), claim_id=c.id,
                          text=c.text or text[:200]))
    for e, art in events:
        aid = e.article_ids[0] if e.article_ids else art.get("article_id", "")
        if aid in with_claim or (e.fatalities is None and e.injuries is None):
            continue
        text = _event_text(e, art.get("text"))
        out.append(Report(aid, art.get("published"), art.get("order", 0),
                          e.claimants[0] if e.claimants else None, e.fatalities, e.injuries,
                          None, None, _says_update(text), record_id=e.id, text=text[:200]))
    out.sort(key=lambda r: (r.published or date.min, r.order))
    return _mark_implicit_updates(out)


def _mark_implicit_updates(reports: list[Report]) -> list[Report]:
    """The same claimant giving a higher figure later is an update too."""
    out: list[Report] = []
    for i, r in enumerate(reports):
        if not r.updating and r.claimant:
            for earlier in reports[:i]:
                if earlier.claimant != r.claimant or \
                        (earlier.published, earlier.order) >= (r.published, r.order):
                    continue
                if any((v := r.value(k)) is not None and (w := earlier.value(k)) is not None
                       and v > w for k in KEYS):
                    r = Report(**{**r.__dict__, "updating": True})
                    break
        out.append(r)
    return out


def figure(reports: list[Report], key: str) -> int | None:
    """ACLED's rule over reports ordered by time (see the module doc)."""
    usable = [r for r in reports if r.value(key) is not None
              and (r.hedge or "").lower() not in NOT_CREDIBLE]
    if not usable:
        return None
    updates = [r for r in usable if r.updating]
    if updates:
        last = max((r.published or date.min, r.order) for r in updates)
        usable = [r for r in updates if (r.published or date.min, r.order) == last]
    return min(v for r in usable if (v := r.value(key)) is not None)


def value_range(reports: list[Report], key: str) -> list[int] | None:
    vals = [v for r in reports if (v := r.value(key)) is not None]
    return [min(vals), max(vals)] if vals else None


# -- over a ledger ---------------------------------------------------------------------------

def _articles(ledger: Ledger, ids: set[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    ids_l = list(ids)
    for i in range(0, len(ids_l), 500):
        chunk = ids_l[i:i + 500]
        for r in ledger.conn.execute(
                f"SELECT id, pk, published, text, source FROM articles WHERE id IN "
                f"({','.join('?' * len(chunk))})", chunk):
            out[r[0]] = {"published": date.fromisoformat(r[2]) if r[2] else None, "order": r[1],
                         "text": r[3], "article_id": r[0], "source": r[4]}
    return out


def member_events(ledger: Ledger, event_id: str) -> list[Event]:
    """The raw extracted events that went into a ledger event."""
    return [Event.model_validate_json(r[0]) for r in ledger.conn.execute(
        "SELECT json FROM extractions WHERE kind = 'event' AND ledger_id = ? ORDER BY pk", (event_id,))]


def event_claims(ledger: Ledger, event_id: str) -> list[Claim]:
    from ..store import ClaimFilter

    return ledger.claims(ClaimFilter(event_id=event_id, limit=None))


def history(ledger: Ledger, event_id: str, extra: list[Event] | None = None) -> list[Report]:
    """Every casualty report about the event, oldest first."""
    members = member_events(ledger, event_id) + list(extra or [])
    claims = event_claims(ledger, event_id)
    arts = _articles(ledger, {a for e in members for a in e.article_ids} | {c.article_id for c in claims})
    return reports_from([(e, arts.get(e.article_ids[0] if e.article_ids else "", {})) for e in members],
                        [(c, arts.get(c.article_id, {})) for c in claims])


def summary(ledger: Ledger, event_id: str) -> dict[str, Any]:
    """The figures of an event as JSON: ACLED figure, range and history per key."""
    reps = history(ledger, event_id)
    return {
        "fatalities": figure(reps, "fatalities"),
        "injuries": figure(reps, "injuries"),
        "range": {k: value_range(reps, k) for k in KEYS},
        "history": [r.to_dict() for r in reps],
    }


def refresh(ledger: Ledger, event_id: str, extra: list[Event] | None = None) -> None:
    """Write the ACLED-rule figures and the union of claimants onto the event row."""
    row = ledger.conn.execute("SELECT claimants FROM events WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        return
    members = member_events(ledger, event_id) + list(extra or [])
    reps = history(ledger, event_id, extra)
    claimants: list[str] = list(json.loads(row[0] or "[]"))
    for e in members:
        for c in e.claimants:
            if c not in claimants:
                claimants.append(c)
    for cl in event_claims(ledger, event_id):
        if cl.kind == "casualties" and cl.claimant and cl.claimant not in claimants:
            claimants.append(cl.claimant)
    values: dict[str, Any] = {"claimants": json.dumps(claimants, ensure_ascii=False)}
    if reps:
        values["fatalities"] = figure(reps, "fatalities")
        values["injuries"] = figure(reps, "injuries")
    sets = ", ".join(f"{k} = ?" for k in values)
    ledger.conn.execute(f"UPDATE events SET {sets} WHERE id = ?", [*values.values(), event_id])
    renote_event(ledger, event_id)


def renote_event(ledger: Ledger, event_id: str) -> None:
    """Rewrite an event's notes from its current fields, so they never contradict them."""
    from ..extract.notes import renote

    ev = ledger.event(event_id)
    if ev is not None:
        ledger.conn.execute("UPDATE events SET notes = ? WHERE id = ?", (renote(ev), event_id))
