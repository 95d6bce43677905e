"""Full-length articles against hand-made gold (``warledger eval articles``).

The rule is the corpus's own (``articles/README.md``), implemented exactly:

1. An extracted event *fits* a gold event when its point lies within ``km`` of ``near``, its
   ``event_date`` is one of ``dates`` (any when empty) and, in strict mode, its
   ``sub_event_type`` is one of the gold's. Place+date mode drops the type test.
2. Matching is greedy and one-to-one: required gold first, in file order, each taking the
   nearest still-unmatched fitting event; then optional gold the same way.
3. precision = matched-to-required / (events - matched-to-optional); recall = required matched /
   required. Counts are summed over documents before dividing (micro average).
4. Fatalities: on matched required gold with ``fatalities``, the share whose event's figure
   equals it (a missing figure counts as 0).
5. Forbidden hits: (event, forbidden entry) pairs with the event within the entry's ``km``.
6. Claims: a gold claim is found when some claim has its ``kind``, a ``date`` in its ``dates``,
   every gold quantity equal and, where given, a ``claimant`` containing ``claimant_contains``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..progress import track
from .coding import _extract, haversine_km


@dataclass
class DocScore:
    id: str
    kind: str  # isw or news
    events: int = 0
    required: int = 0
    matched: dict[str, int] = field(default_factory=dict)  # mode -> matched to required
    optional: dict[str, int] = field(default_factory=dict)  # mode -> matched to optional
    fat_total: int = 0
    fat_right: int = 0
    forbidden: int = 0
    claims_gold: int = 0
    claims_found: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)  # required gold not matched (strict)
    spurious: list[dict[str, Any]] = field(default_factory=list)  # events matched to nothing
    forbidden_hits: list[dict[str, Any]] = field(default_factory=list)
    claims_missed: list[str] = field(default_factory=list)


MODES = ("strict", "place_date")


def load_documents(corpus: Path) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(document, gold) pairs of ``corpus/articles`` (or of ``corpus`` itself), by id."""
    folder = corpus / "articles" if (corpus / "articles").is_dir() else corpus
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    out = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        doc_path = gold_path.with_name(gold_path.name[: -len(".gold.json")] + ".json")
        if not doc_path.is_file():
            raise InputError(f"{gold_path}: no document {doc_path.name} beside it")
        try:
            doc = json.loads(doc_path.read_text(encoding="utf-8"))
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"{gold_path.parent}: cannot read {doc_path.name}: {exc}") from None
        out.append((doc, gold))
    if not out:
        raise InputError(f"{folder}: no <id>.gold.json files")
    return out


def _fits(ev: Any, g: dict[str, Any], strict: bool) -> float | None:
    """The distance in km when ``ev`` fits gold ``g``, else None."""
    if ev.latitude is None or ev.longitude is None:
        return None
    lat, lon = g["near"]
    km = haversine_km(ev.latitude, ev.longitude, lat, lon)
    if km > g["km"]:
        return None
    dates = g.get("dates") or []
    if dates and (ev.event_date is None or ev.event_date.isoformat() not in dates):
        return None
    if strict and ev.sub_event_type not in g["sub_event_type"]:
        return None
    return km


def match(events: list[Any], gold: list[dict[str, Any]], strict: bool) -> dict[int, int]:
    """Greedy one-to-one matching: gold index -> event index."""
    taken: set[int] = set()
    out: dict[int, int] = {}
    order = [i for i, g in enumerate(gold) if g.get("required", True)] + \
        [i for i, g in enumerate(gold) if not g.get("required", True)]
    for gi in order:
        best: tuple[float, int] | None = None
        for ei, ev in enumerate(events):
            if ei in taken:
                continue
            km = _fits(ev, gold[gi], strict)
            if km is not None and (best is None or km < best[0]):
                best = (km, ei)
        if best is not None:
            taken.add(best[1])
            out[gi] = best[1]
    return out


def _claim_found(gc: dict[str, Any], claims: list[Any]) -> bool:
    for c in claims:
        if c.kind != gc["kind"]:
            continue
        dates = gc.get("dates") or []
        if dates and (c.date is None or c.date.isoformat() not in dates):
            continue
        q = c.quantities or {}
        if any(q.get(k) is None or float(q[k]) != float(v) for k, v in gc.get("quantities", {}).items()):
            continue
        want = gc.get("claimant_contains")
        if want and want.lower() not in (c.claimant or "").lower():
            continue
        return True
    return False


def _brief(ev: Any) -> dict[str, Any]:
    return {"type": ev.sub_event_type, "place": ev.location, "admin1": ev.admin1,
            "date": ev.event_date.isoformat() if ev.event_date else None,
            "fatalities": ev.fatalities,
            "evidence": next((x.text for x in ev.evidence if x.field == "trigger"), None)}


def score_document(doc: dict[str, Any], gold: dict[str, Any], result: Any) -> DocScore:
    events, claims = list(result.events), list(result.claims)
    gevents = gold.get("events", [])
    s = DocScore(id=doc.get("id") or gold.get("id") or "?",
                 kind="isw" if str(doc.get("source", "")).startswith("ISW") else "news")
    s.events = len(events)
    s.required = sum(1 for g in gevents if g.get("required", True))
    for mode in MODES:
        m = match(events, gevents, strict=(mode == "strict"))
        s.matched[mode] = sum(1 for gi in m if gevents[gi].get("required", True))
        s.optional[mode] = sum(1 for gi in m if not gevents[gi].get("required", True))
        if mode == "strict":
            for gi, ei in m.items():
                g = gevents[gi]
                if g.get("required", True) and "fatalities" in g:
                    s.fat_total += 1
                    s.fat_right += int((events[ei].fatalities or 0) == g["fatalities"])
            for gi, g in enumerate(gevents):
                if g.get("required", True) and gi not in m:
                    s.misses.append({"id": g.get("id"), "what": g.get("what")})
        else:
            used = set(m.values())
            s.spurious = [_brief(ev) for ei, ev in enumerate(events) if ei not in used]
    for f in gold.get("forbidden_near", []):
        lat, lon = f["near"]
        for ev in events:
            if ev.latitude is not None and ev.longitude is not None and \
                    haversine_km(ev.latitude, ev.longitude, lat, lon) <= f["km"]:
                s.forbidden += 1
                s.forbidden_hits.append({"forbidden": f.get("what"), **_brief(ev)})
    s.claims_gold = len(gold.get("claims", []))
    for gc in gold.get("claims", []):
        if _claim_found(gc, claims):
            s.claims_found += 1
        else:
            s.claims_missed.append(f"{gc.get('id')}: {gc.get('kind')} {gc.get('quantities')}")
    return s


def _prf(matched: int, events: int, optional: int, gold_matched: int, required: int) -> dict[str, float | None]:
    denom = events - optional
    p = matched / denom if denom > 0 else None
    r = gold_matched / required if required else None
    f = None
    if p is not None and r is not None:
        f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return {"precision": _round(p), "recall": _round(r), "f1": _round(f)}


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 4)


def totals(scores: list[DocScore]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    events = sum(s.events for s in scores)
    required = sum(s.required for s in scores)
    for mode in MODES:
        matched = sum(s.matched[mode] for s in scores)
        optional = sum(s.optional[mode] for s in scores)
        prf = _prf(matched, events, optional, matched, required)
        for k, v in prf.items():
            out[f"{mode}_{k}"] = v
    fat_total = sum(s.fat_total for s in scores)
    out["fatalities_right"] = _round(sum(s.fat_right for s in scores) / fat_total) if fat_total else None
    out["forbidden_hits"] = sum(s.forbidden for s in scores)
    cg = sum(s.claims_gold for s in scores)
    out["claims_found"] = _round(sum(s.claims_found for s in scores) / cg) if cg else None
    out["events"] = events
    out["required"] = required
    out["matched_strict"] = sum(s.matched["strict"] for s in scores)
    out["matched_place_date"] = sum(s.matched["place_date"] for s in scores)
    out["fatalities_gold"] = fat_total
    out["claims_gold"] = cg
    return out


def score_articles(corpus: str | Path, *, only: str | None = None) -> dict[str, Any]:
    """Every document of the corpus's ``articles`` folder, scored by the corpus rule.

    ``only`` limits to ids containing that text (a look at one kind of document); the
    figures are then of those documents alone.
    """
    pairs = load_documents(Path(corpus))
    if only:
        pairs = [(d, g) for d, g in pairs if only in (d.get("id") or "")]
        if not pairs:
            raise InputError(f"no document id contains {only!r}")
    scores: list[DocScore] = []
    for doc, gold in track(pairs, "eval articles"):
        published = doc.get("published") or gold.get("published")
        pub = dt.date.fromisoformat(published[:10]) if published else None
        result = _extract(doc.get("text") or "", pub)
        scores.append(score_document(doc, gold, result))
    report: dict[str, Any] = totals(scores)
    for kind in ("isw", "news"):
        sub = [s for s in scores if s.kind == kind]
        if sub:
            t = totals(sub)
            for k in ("strict_precision", "strict_recall", "place_date_precision", "forbidden_hits"):
                report[f"{kind}_{k}"] = t[k]
            report[f"{kind}_events"] = t["events"]
    report["documents"] = [
        {"id": s.id, "events": s.events, "required": s.required,
         **{f"{mode}_matched": s.matched[mode] for mode in MODES},
         **{f"{mode}_optional": s.optional[mode] for mode in MODES},
         **{f"{mode}_{k}": v for mode in MODES for k, v in _prf(
             s.matched[mode], s.events, s.optional[mode], s.matched[mode], s.required).items()},
         "fatalities": f"{s.fat_right}/{s.fat_total}" if s.fat_total else None,
         "forbidden": s.forbidden, "claims": f"{s.claims_found}/{s.claims_gold}" if s.claims_gold else None,
         "misses": s.misses, "spurious": s.spurious, "forbidden_hits": s.forbidden_hits,
         "claims_missed": s.claims_missed}
        for s in scores]
    return report
