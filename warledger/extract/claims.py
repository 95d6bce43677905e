"""Claims that are not one located event: loss tallies, interceptions, costs, assessments."""

from __future__ import annotations

import re

from ..models import Claim, stable_id
from ..nlp.text import Sentence
from .attribution import Attribution
from .mentions import RUSSIA, UKRAINE, Mentions
from .places import optional
from .times import pick_event_time

_MONEY = re.compile(
    r"(?P<cur>\$|US\$|€|£|USD\s*|EUR\s*)?(?P<num>\d[\d,.]*)\s*(?P<mult>trillion|billion|million|bn|mn|m)?"
    r"(?:\s*(?P<cur2>dollars|euros|hryvnias|USD|EUR|UAH))?",
    re.I,
)
_COST_WORDS = re.compile(r"\b(?:cost|damage|losses|reconstruction|rebuilding|recovery|aid|worth)\b", re.I)
_ASSESS = re.compile(
    r"\b(?:assess\w*|believe\w*|likely|probably|risk|may\s+be|momentum|intelligence\s+update|"
    r"in\s+decline|on\s+the\s+decline|expects?|warn\w*)\b",
    re.I,
)
_RUSSIAN_SIDE = re.compile(r"\b(?:Russian|Russia'?s?|enemy|occupiers?|invaders?|Wagner|Kremlin)\b", re.I)
_UKRAINIAN_SIDE = re.compile(r"\b(?:Ukrainian|Ukraine'?s?|Kyiv'?s?)\b", re.I)
_RU_CLAIMANT = re.compile(r"\b(?:Russia\w*|Kremlin|TASS|RIA|Moscow|Rosgvardia|Shoigu|Peskov|"
                          r"Konashenkov|Belousov|Putin|Zakharova)\b", re.I)
_UA_CLAIMANT = re.compile(r"\b(?:Ukrain\w*|Kyiv|Kiev|ZSU|AFU|Zelensk\w*|Syrskyi|Zaluzhnyi|"
                          r"Ukrinform|Suspilne)\b", re.I)


def owner_claimed(m: Mentions, claim: Claim) -> Claim:
    """A claim the text attributes to no one, on an official body's own page: the body's."""
    if claim.claimant is not None or m.page_owner is None:
        return claim
    who, kind, how = m.page_owner
    return claim.model_copy(update={"claimant": who, "claimant_type": kind,
                                    "text": f"{who} claims {claim.text} (claimant: {how})"})


def tally_claims(m: Mentions) -> list[tuple[Claim, tuple[int, int]]]:
    """Loss tallies and interception counts, each with the span it was read from."""
    out: list[tuple[Claim, tuple[int, int]]] = []
    find_tallies = optional("warledger.extract.losses", "find_loss_tallies")
    find_inter = optional("warledger.extract.losses", "find_interceptions")
    for tally in (find_tallies(m.text) if find_tallies else []):
        s = m.sentence_of(tally.start)
        who = m.claimant_of.get(s.index) if s else None
        when = m.claim_time(s)
        evidence = [m.ev(tally.start, tally.end, "quantities")]
        if who:
            evidence.append(m.ev(who.start, who.end, "claimant"))
        quantities = dict(tally.quantities)
        claim = Claim(
            id=stable_id("cl_", m.a.id, "losses", tally.start, tally.end),
            article_id=m.a.id, kind="losses",
            claimant=who.claimant if who else None,
            claimant_type=who.claimant_type if who else None,
            about=_tally_about(m, tally, s, who),
            date=when.date if when else (m.pub if tally.period == "cumulative" else None),
            period=tally.period, quantities=quantities, qualifier=tally.qualifier,
            hedge=m.hedge_in(s), text=summary("losses", quantities, who),
            evidence=evidence,
        )
        out.append((claim, (tally.start, tally.end)))
    out = _one_statement(m, out)
    for inter in (find_inter(m.text) if find_inter else []):
        s = m.sentence_of(inter.start)
        who = m.claimant_of.get(s.index) if s else None
        when = m.claim_time(s)
        q: dict[str, int | float] = {}
        if inter.launched is not None:
            q["launched"] = inter.launched
        if inter.destroyed is not None:
            q["destroyed"] = inter.destroyed
        evidence = [m.ev(inter.start, inter.end, "quantities")]
        if who:
            evidence.append(m.ev(who.start, who.end, "claimant"))
        claim = Claim(
            id=stable_id("cl_", m.a.id, "interception", inter.start, inter.end),
            article_id=m.a.id, kind="interception",
            claimant=who.claimant if who else None,
            claimant_type=who.claimant_type if who else None,
            about=_interception_about(m, inter, who),
            date=when.date if when else m.pub, period="day", quantities=q, qualifier=None,
            hedge=m.hedge_in(s),
            text=summary("interception", q, who, weapon=inter.weapon), evidence=evidence,
        )
        out.append((claim, (inter.start, inter.end)))
    return out


def _one_statement(m: Mentions, tallies: list[tuple[Claim, tuple[int, int]]]
                   ) -> list[tuple[Claim, tuple[int, int]]]:
    """'Russia has had 70,000-80,000 casualties, Kahl said. ... He also added that Russia has
    lost 3,000-4,000 armored vehicles.': one claimant's figures told in neighbouring sentences
    about the same side are one statement, one claim."""
    out: list[tuple[Claim, tuple[int, int]]] = []
    for claim, span in tallies:
        if out:
            prev, (pstart, _pend) = out[-1]
            a, b = m.sentence_of(pstart), m.sentence_of(span[0])
            if (claim.claimant and claim.claimant == prev.claimant and claim.about == prev.about
                    and a is not None and b is not None and 0 < b.index - a.index <= 3
                    and b.paragraph - a.paragraph <= 2
                    and not set(claim.quantities) & set(prev.quantities)):
                q = {**prev.quantities, **claim.quantities}
                merged = prev.model_copy(update={
                    "quantities": q,
                    "period": "cumulative" if "cumulative" in (prev.period, claim.period) else prev.period,
                    "date": prev.date or claim.date,
                    "text": summary("losses", q, None).replace("losses:", f"{prev.claimant} claims losses:"),
                    "evidence": [*prev.evidence, *[e for e in claim.evidence
                                                   if (e.start, e.end) not in {(x.start, x.end) for x in prev.evidence}]]})
                out[-1] = (merged, (pstart, span[1]))
                continue
        out.append((claim, span))
    return out


def claim_side(claimant: Attribution | None, sentence_text: str) -> str | None:
    """The side a claim is about: the first state force the sentence names as its subject
    ("Ukrainian forces likely advanced ... in Russia's Kursk Oblast": Ukraine)."""
    if optional("warledger.extract.actors", "assign_actors") is not None:
        from .actors import find_actors

        first = next((a for a in find_actors(sentence_text, "Ukraine") if a.inter == 1
                      and a.name in (RUSSIA, UKRAINE)), None)
        if first is not None:
            return first.name
    if _RUSSIAN_SIDE.search(sentence_text):
        return RUSSIA
    if claimant is not None and re.search(r"Russia|Kremlin|TASS|RIA", claimant.claimant):
        return UKRAINE
    if _UKRAINIAN_SIDE.search(sentence_text):
        return UKRAINE
    return None


def _tally_about(m: Mentions, tally, s: Sentence | None, who: Attribution | None = None) -> str | None:
    hint = getattr(tally, "about_hint", None)
    if hint:
        return RUSSIA if re.search(r"russ|enemy|occup|рос|ворог", hint, re.I) else hint
    # each side tallies the other's losses: a Russian claimant's are Ukraine's and back
    side = claimant_side(who)
    if side is not None:
        return UKRAINE if side == RUSSIA else RUSSIA
    text = s.text if s else ""
    return claim_side(None, text) or (RUSSIA if m.opt.country_focus == "UA" else None)


def _interception_about(m: Mentions, inter, who: Attribution | None) -> str | None:
    """Whose weapons were shot down: the weapons' own side if the text says it ("11
    Ukrainian drones"), else the side the claimant fights."""
    words = m.text[inter.start:min(inter.end + 40, len(m.text))]
    if re.search(r"\bUkrain\w*\s+(?:[\w-]+\s+)?(?:drones?|UAVs?|missiles?|rockets?)", words):
        return UKRAINE
    side = claimant_side(who)
    if side == RUSSIA:
        return UKRAINE
    return RUSSIA if (m.opt.country_focus == "UA") else None


def summary(kind: str, q: dict, who: Attribution | None, weapon: str | None = None) -> str:
    parts = ", ".join(f"{k} {v}" for k, v in q.items())
    what = f"{kind}: {parts}" + (f" ({weapon})" if weapon else "")
    return f"{who.claimant} claims {what}" if who else what


def cost_and_assessment_claims(m: Mentions, event_sentences: set[int]) -> list[Claim]:
    out: list[Claim] = []
    for s in m.sents:
        who = m.claimant_of.get(s.index)
        if _COST_WORDS.search(s.text):
            for mm in _MONEY.finditer(m.text, s.start, s.end):
                if not (mm.group("cur") or mm.group("cur2")) or not mm.group("num")[0].isdigit():
                    continue
                try:
                    num = float(mm.group("num").replace(",", ""))
                except ValueError:
                    continue
                mult = {"trillion": 1e12, "billion": 1e9, "bn": 1e9, "million": 1e6, "mn": 1e6,
                        "m": 1e6}.get((mm.group("mult") or "").lower(), 1)
                cur = (mm.group("cur") or mm.group("cur2") or "").strip().upper()
                cur = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "DOLLARS": "USD",
                       "EUROS": "EUR", "HRYVNIAS": "UAH"}.get(cur, cur)
                q: dict[str, int | float] = {f"amount_{cur.lower()}": num * mult}
                ratio = re.search(r"(\d+(?:\.\d+)?)\s+times\b", s.text)
                evidence = [m.ev(mm.start(), mm.end(), "quantities")]
                if ratio:
                    q["ratio_to_gdp" if "GDP" in s.text else "ratio"] = float(ratio.group(1))
                    evidence.append(m.ev(s.start + ratio.start(), s.start + ratio.end(), "quantities"))
                if who:
                    evidence.append(m.ev(who.start, who.end, "claimant"))
                out.append(Claim(
                    id=stable_id("cl_", m.a.id, "cost", mm.start()), article_id=m.a.id,
                    kind="cost", claimant=who.claimant if who else None,
                    claimant_type=who.claimant_type if who else None, about=None, date=None,
                    quantities=q, qualifier=None, hedge=m.hedge_in(s), text=s.text,
                    evidence=evidence))
                break
            continue
        if who is None or who.anaphoric or s.index in event_sentences:
            continue
        if who.claimant_type in ("intelligence", "military", "government", "international") and \
                _ASSESS.search(s.text):
            evidence = [m.ev(s.start, s.end, "text"), m.ev(who.start, who.end, "claimant")]
            when = pick_event_time(m.text, m.times_in(s.start, s.end))
            out.append(Claim(
                id=stable_id("cl_", m.a.id, "assessment", s.start), article_id=m.a.id,
                kind="assessment", claimant=who.claimant, claimant_type=who.claimant_type,
                about=claim_side(who, s.text), date=when.date if when else m.pub,
                quantities={}, hedge=m.hedge_in(s) or "assessed", text=s.text,
                evidence=evidence))
    return out


def claimant_side(who: Attribution | None) -> str | None:
    if who is None:
        return None
    if _RU_CLAIMANT.search(who.claimant):
        return RUSSIA
    if _UA_CLAIMANT.search(who.claimant):
        return UKRAINE
    return None
