"""Claims about the same quantity that disagree beyond their qualifiers.

Two claims are about the same quantity when they share the event (``event_id``) and kind —
or, for claims tied to no event (daily loss tallies, interceptions), the kind, date, period
and the side they are about — and give a value for the same key ("fatalities", "tanks").

Each value is read as an interval by its qualifier: "at least N" -> [N, inf), "up to N" /
"at most" -> [0, N], "about N" -> N +/- 20 % (at least +/- 1), otherwise exactly N. Two claims
contradict when their intervals do not overlap, unless the later one updates the earlier
(the same claimant raising a toll; the words "rose to", "revised"... in the later claim; an
interim earlier figure, "already", "so far"; or update wording on the same day, when the order
of two reports is unknown: see ``figures``).
"at least 5" vs 7 is no contradiction; 7 vs 3 from two claimants is.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ..models import Claim
from .figures import ALIASES, _claim_text, _says_update

if TYPE_CHECKING:
    from ..store import Ledger

_KEY_OF = {alias: key for key, aliases in ALIASES.items() for alias in aliases}
LOWER = {"at least", "more than", "over", "no fewer than", "not less than", "minimum"}
UPPER = {"up to", "at most", "less than", "fewer than", "no more than", "under", "maximum"}
ABOUT = {"about", "around", "approximately", "some", "nearly", "almost", "roughly", "estimated"}
# an interim figure ("427 dead have already been exhumed", "so far") is updated by a higher one
_INTERIM = re.compile(r"\b(?:already|so far|as of now|preliminar\w*|to date|at the moment)\b", re.I)


def interval(value: float, qualifier: str | None) -> tuple[float, float]:
    q = (qualifier or "").strip().lower()
    if q in LOWER:
        return (value, math.inf)
    if q in UPPER:
        return (0.0, value)
    if q in ABOUT:
        d = max(1.0, abs(value) * 0.2)
        return (value - d, value + d)
    return (value, value)


def disagree(a: float, qa: str | None, b: float, qb: str | None) -> bool:
    lo1, hi1 = interval(a, qa)
    lo2, hi2 = interval(b, qb)
    return hi1 < lo2 or hi2 < lo1


@dataclass(frozen=True)
class Side:
    claim_id: str
    article_id: str
    claimant: str | None
    value: float
    qualifier: str | None
    date: dt.date | None
    published: dt.date | None
    text: str | None
    source: str | None = None   # the article's source, to tell unattributed claims apart

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        for k in ("date", "published"):
            d[k] = d[k].isoformat() if d[k] else None
        return d

    def label(self) -> str:
        q = f"{self.qualifier} " if self.qualifier else ""
        v = int(self.value) if float(self.value).is_integer() else self.value
        who = self.claimant or (f"unattributed, {self.source}" if self.source else "unattributed")
        return f"{q}{v} ({who})"


@dataclass(frozen=True)
class Contradiction:
    kind: str
    key: str
    event_id: str | None
    a: Side
    b: Side

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "event_id": self.event_id,
                "a": self.a.to_dict(), "b": self.b.to_dict(),
                "claimants": [self.a.claimant, self.b.claimant]}

    def line(self) -> str:
        where = f"event {self.event_id}" if self.event_id else "no event"
        return f"{self.kind}/{self.key} ({where}): {self.a.label()} vs {self.b.label()}"


def _group_key(c: Claim) -> tuple[Any, ...]:
    if c.event_id:
        return ("event", c.event_id, c.kind)
    return ("free", c.kind, c.date, c.period, c.about)


def _normal_key(kind: str, k: str) -> str:
    return _KEY_OF.get(k, k) if kind == "casualties" else k


def find(claims: list[tuple[Claim, dict[str, Any]]]) -> list[Contradiction]:
    """Contradictions among claims, each with its article's {"published", "order", "text"}."""
    groups: dict[tuple[Any, ...], list[tuple[Claim, dict[str, Any]]]] = defaultdict(list)
    for c, art in claims:
        if c.kind in ("assessment", "other") or not c.quantities:
            continue
        if c.event_id is None and (c.date is None or c.kind == "casualties"):
            continue  # unlinked casualty counts and undated tallies are not one quantity
        groups[_group_key(c)].append((c, art))
    out: list[Contradiction] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda x: (x[1].get("published") or date.min, x[1].get("order", 0)))
        for i, (ca, arta) in enumerate(members):
            for cb, artb in members[i + 1:]:
                if ca.article_id == cb.article_id:
                    continue
                if cb.claimant and ca.claimant == cb.claimant:
                    continue  # one claimant's figures over time are its history, not a dispute
                text_a, text_b = _claim_text(ca, arta.get("text")), _claim_text(cb, artb.get("text"))
                later_updates = _says_update(text_b)
                both_updates = arta.get("published") == artb.get("published") and \
                    _says_update(text_a) and later_updates  # two updates of one day, order unknown
                for ka, va in ca.quantities.items():
                    key = _normal_key(ca.kind, ka)
                    for kb, vb in cb.quantities.items():
                        if _normal_key(cb.kind, kb) != key:
                            continue
                        if not disagree(float(va), ca.qualifier, float(vb), cb.qualifier):
                            continue
                        lower_text = text_a if float(va) < float(vb) else text_b
                        if (later_updates and float(vb) > float(va)) or both_updates \
                                or _INTERIM.search(lower_text):
                            continue  # a toll being updated is its history, not a dispute
                        out.append(Contradiction(
                            ca.kind, key, ca.event_id,
                            _side(ca, arta, va), _side(cb, artb, vb)))
    out.sort(key=lambda c: (c.event_id or "", c.kind, c.key, c.a.claim_id, c.b.claim_id))
    return out


def _side(c: Claim, art: dict[str, Any], value: float) -> Side:
    return Side(c.id, c.article_id, c.claimant, value, c.qualifier, c.date, art.get("published"),
                c.text or (c.evidence[0].text if c.evidence else None), art.get("source"))


def contradictions(ledger: Ledger, *, event_ids: list[str] | None = None,
                   date_from: date | None = None, date_to: date | None = None) -> list[Contradiction]:
    """Every contradiction in the ledger (or among the claims of some events / some dates):
    from the table kept up to date as claims arrive (``disputes``), or, in a read-only ledger
    whose table is behind, computed from the claims."""
    from . import disputes

    if disputes.ensure_current(ledger):
        return disputes.stored(ledger, event_ids=event_ids, date_from=date_from, date_to=date_to)
    return computed(ledger, event_ids=event_ids, date_from=date_from, date_to=date_to)


def computed(ledger: Ledger, *, event_ids: list[str] | None = None,
             date_from: date | None = None, date_to: date | None = None) -> list[Contradiction]:
    """The same, computed from every claim (what the table must always equal)."""
    from ..store import ClaimFilter
    from .figures import _articles

    if event_ids is not None:
        claims: list[Claim] = []
        for eid in event_ids:
            claims += ledger.claims(ClaimFilter(event_id=eid, limit=None))
    else:
        claims = ledger.claims(ClaimFilter(limit=None))
    if date_from or date_to:
        ev_dates = _event_dates(ledger, {c.event_id for c in claims if c.event_id})

        def inside(c: Claim) -> bool:
            d = ev_dates.get(c.event_id) if c.event_id else c.date
            d = d or c.date
            return d is not None and (date_from is None or d >= date_from) and \
                (date_to is None or d <= date_to)
        claims = [c for c in claims if inside(c)]
    arts = _articles(ledger, {c.article_id for c in claims})
    return find([(c, arts.get(c.article_id, {})) for c in claims])


def _event_dates(ledger: Ledger, ids: set[str]) -> dict[str, date | None]:
    out: dict[str, date | None] = {}
    ids_l = list(ids)
    for i in range(0, len(ids_l), 500):
        chunk = ids_l[i:i + 500]
        for r in ledger.conn.execute(
                f"SELECT id, event_date FROM events WHERE id IN ({','.join('?' * len(chunk))})", chunk):
            out[r[0]] = date.fromisoformat(r[1]) if r[1] else None
    return out
