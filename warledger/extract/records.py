"""Records: the Event of each incident (ACLED columns, actors, notes, evidence), the casualty
claims its figures make, and the explainable record of every candidate."""

from __future__ import annotations

import re

from ..models import Candidate as CandidateRecord
from ..models import Claim, Event, Evidence, stable_id
from ..taxonomy import event_type_of
from ..taxonomy import interaction as _interaction
from . import cyrillic
from .attribution import find_hedges
from .candidates import Candidate
from .casualties import claim_quantities
from .mentions import RUSSIA, UKRAINE, Mentions
from .notes import notes_for
from .places import country_name, country_of, optional
from .typing import Typing

_PLANTED = ("Remote explosive/landmine/IED", "Suicide bomb", "Grenade")


def event_id(m: Mentions, d: Candidate) -> str:
    place = d.place
    return stable_id("ev_", m.a.id, d.sub_event_type, place.geonameid if place else None,
                     place.name if place else None, d.trigger[0])


def event_record(m: Mentions, d: Candidate) -> Event:
    etype, dtype = event_type_of(d.sub_event_type)
    evidence = [m.ev(d.trigger[0], d.trigger[1], "trigger")]
    if d.place is not None:
        evidence.append(m.ev(d.place.start, d.place.end, "location"))
    if d.time is not None:
        evidence.append(m.ev(d.time.start, d.time.end, "event_date"))
    for s, e, kind in d.casualty_spans:
        evidence.append(m.ev(s, e, kind))
    claimants: list[str] = []
    for att in [d.claimant, *d.extra_claimants]:
        if att is not None and att.claimant not in claimants:
            claimants.append(att.claimant)
            evidence.append(m.ev(att.start, att.end, "claimant"))
    for s, e, kind in d.extra_evidence:
        evidence.append(m.ev(s, e, kind))
    evidence = unique_evidence(evidence)
    if d.time is not None and d.time.date is not None:
        event_date, tprec = d.time.date, d.time.precision
    elif m.pub is not None:
        event_date, tprec = m.pub, 2
    else:
        event_date, tprec = None, 3
    actor1, actor2, inter1, inter2, interaction, civ = _actors(m, d, etype, dtype)
    place = d.place
    country, iso = country_of(place)
    hedges = find_hedges(m.text, d.sentence.start, d.sentence.end)
    ev = Event(
        id=event_id(m, d),
        article_ids=[m.a.id], event_date=event_date, time_precision=tprec,
        disorder_type=dtype, event_type=etype, sub_event_type=d.sub_event_type,
        actor1=actor1, actor2=actor2, inter1=inter1, inter2=inter2, interaction=interaction,
        civilian_targeting=civ,
        location=place.name if place else None, admin1=place.admin1 if place else None,
        admin2=place.admin2 if place else None, country=country, iso=iso,
        country_code=place.country_code if place else None,
        latitude=place.latitude if place else None, longitude=place.longitude if place else None,
        geo_precision=d.place_precision if place else None,
        uncertainty_km=place.uncertainty_km if place is not None and d.place_precision == 2 else None,
        geonameid=place.geonameid if place else None,
        fatalities=d.fatalities, injuries=d.injuries, weapon=d.weapon, claimants=claimants,
        evidence=evidence, notes="", confidence=confidence(d),
    )
    notes = notes_for(ev, hedges[0].hedge if hedges else None)
    if not claimants and m.page_owner is not None:
        # an official body's own page: its unattributed statements are its claims
        who, _kind, how = m.page_owner
        return ev.model_copy(update={"claimants": [who], "notes": f"{notes} Claimed by {who} ({how})."})
    return ev.model_copy(update={"notes": notes})


def _actors(m: Mentions, d: Candidate, etype: str, dtype: str):
    actor1 = actor2 = inter1 = inter2 = interaction = civ = None
    assign_actors = optional("warledger.extract.actors", "assign_actors")
    if assign_actors is not None:
        typing = Typing(sub_event_type=d.sub_event_type, event_type=etype, disorder_type=dtype,
                        score=d.score, trigger_start=d.trigger[0] - d.sentence.start,
                        trigger_end=d.trigger[1] - d.sentence.start, weapon=d.weapon)
        actor1, actor2, inter1, inter2, interaction, civ = assign_actors(
            d.sentence.text, typing, country=country_name(d.place) or "Ukraine")
    if actor1 is None and (d.sub_event_type in _PLANTED or (
            etype == "Explosions/Remote violence" and (d.place is None or d.place.country_code != "UA"))):
        # a car bomb, a mine, a grenade (or, outside Ukraine, any strike) with no one named:
        # ACLED's unidentified armed group
        actor1, inter1 = f"Unidentified Armed Group ({country_name(d.place) or 'Ukraine'})", 3
        interaction = _interaction(inter1, inter2)
    if actor1 is None and d.place is not None and d.place.country_code == "UA" and \
            etype in ("Explosions/Remote violence", "Battles") and \
            actor2 in (None, UKRAINE, "Civilians (Ukraine)"):
        # strikes and fighting on Ukrainian-held ground with no named attacker: ACLED codes
        # Russian forces; the claimant says so implicitly ("enemy", "Russian terror")
        actor1, inter1 = RUSSIA, 1
        if actor2 is None and etype == "Battles":
            actor2, inter2 = UKRAINE, 1
        interaction = _interaction(inter1, inter2)
    if etype == "Battles" and actor2 is None and actor1 in (RUSSIA, UKRAINE) and \
            m.opt.country_focus == "UA":
        actor2, inter2 = (UKRAINE if actor1 == RUSSIA else RUSSIA), 1
        interaction = _interaction(inter1, inter2)
    if d.linked_claims and m.opt.country_focus == "UA":
        # a wave of drones/missiles reported by the side that shot them down: the attacker
        # is the other side (the claim's `about`); the air defence that met the wave is
        # the claimant, not its target, which stays unnamed unless civilians were hit
        if inter2 != 7:
            actor2, inter2, civ = None, None, None
        actor1, inter1 = (d.attacker if d.attacker in (RUSSIA, UKRAINE) else RUSSIA), 1
        interaction = _interaction(inter1, inter2)
    return actor1, actor2, inter1, inter2, interaction, civ


def victims(m: Mentions, d: Candidate, ev: Event) -> str | None:
    """The side the figures are about when their words name it ("killed dozens of Russian
    marines", "two Ukrainian soldiers were wounded")."""
    if optional("warledger.extract.actors", "assign_actors") is None:
        return None
    from .actors import find_actors

    country = ev.country or "Ukraine"
    for start, end, _ in d.casualty_spans:
        if cyrillic.is_cyrillic(m.text[start:end]):
            if re.search(r"цивільн|мирн|жител|дит|дет|людей|людин|осіб|человек",
                         m.text[start:end], re.I):
                return f"Civilians ({country})"
            continue
        window = m.text[start:min(end + 30, d.sentence.end)]
        for a in find_actors(window, country):
            if a.start < end - start:
                return a.name  # "two Ukrainian soldiers were wounded"
            if re.search(r"\bby\s+(?:the\s+)?$", window[:a.start], re.I):
                break  # "... killed by Russian shelling": who did it, not who died
            if re.fullmatch(r"\s*(?:of\s+(?:the\s+)?|among\s+(?:the\s+)?)?",
                            window[end - start:a.start], re.I):
                return a.name  # "killed dozens of Russian marines"
    return None


def casualty_claims(m: Mentions, events: list[Event], incidents: list[Candidate]) -> list[Claim]:
    out: list[Claim] = []
    for ev, d in zip(events, incidents, strict=True):
        if not d.casualty_raw:
            continue
        q = claim_quantities({k: v for k, (v, _) in d.casualty_raw.items()})
        qualifiers = {qual for _, qual in d.casualty_raw.values() if qual}
        evidence = [m.ev(s, e, kind) for s, e, kind in d.casualty_spans]
        if d.claimant:
            evidence.append(m.ev(d.claimant.start, d.claimant.end, "claimant"))
        out.append(Claim(
            id=stable_id("cl_", m.a.id, "casualties", ev.id), article_id=m.a.id,
            event_id=ev.id, kind="casualties",
            claimant=d.claimant.claimant if d.claimant else None,
            claimant_type=d.claimant.claimant_type if d.claimant else None,
            about=victims(m, d, ev) or ev.actor2 or None, date=ev.event_date, period="day",
            quantities=q,
            qualifier=sorted(qualifiers)[0] if qualifiers else None,
            hedge=m.hedge_in(d.sentence),
            text=", ".join(f"{k} {v}" for k, v in q.items()) + (f" at {ev.location}" if ev.location else ""),
            evidence=unique_evidence(evidence)))
    return out


def discovery_claims(m: Mentions, events: list[Event], incidents: list[Candidate],
                     cands: list[Candidate]) -> list[Claim]:
    """Bodies found (mass graves, exhumations, bodies recovered) are a claim of what was found,
    with no deaths on any day: ``{"bodies_found": N}``, about the event of the discovery if any."""
    out: list[Claim] = []
    ids = {id(d): e.id for e, d in zip(events, incidents, strict=True)}
    seen: set[tuple[int, int]] = set()
    for d in [*incidents, *cands]:
        if d.bodies is None:
            continue
        n, start, end = d.bodies
        if (start, end) in seen:
            continue
        seen.add((start, end))
        evidence = [m.ev(start, end, "quantities")]
        if d.claimant:
            evidence.append(m.ev(d.claimant.start, d.claimant.end, "claimant"))
        when = d.time.date if d.time is not None and d.time.date is not None else m.pub
        out.append(Claim(
            id=stable_id("cl_", m.a.id, "bodies", start, end), article_id=m.a.id,
            event_id=ids.get(id(d)), kind="casualties",
            claimant=d.claimant.claimant if d.claimant else None,
            claimant_type=d.claimant.claimant_type if d.claimant else None, about=None,
            date=when, period="cumulative", quantities={"bodies_found": n}, qualifier=None,
            hedge=m.hedge_in(d.sentence),
            text=f"bodies found {n}" + (f" at {d.place.name}" if d.place is not None else "") +
            " (a discovery: no deaths are dated by it)", evidence=unique_evidence(evidence)))
    return out


def unplaced_casualty_claims(m: Mentions, cands: list[Candidate]) -> list[Claim]:
    """Figures of a telling that is no event of its own — a toll, a count with no place
    ("officials claimed Ukrainian forces killed seven residents") — stay as a casualties claim
    of whoever says it, with no event and no death on the map."""
    out: list[Claim] = []
    seen: set[tuple[int, tuple]] = set()
    for d in cands:
        if d.status not in ("tally", "generic") or not d.casualty_raw:
            continue
        q = claim_quantities({k: v for k, (v, _) in d.casualty_raw.items()})
        key = (d.sentence.index, tuple(sorted(q.items())))
        if key in seen:
            continue
        seen.add(key)
        qualifiers = {qual for _, qual in d.casualty_raw.values() if qual}
        evidence = [m.ev(s, e, kind) for s, e, kind in d.casualty_spans]
        if d.claimant:
            evidence.append(m.ev(d.claimant.start, d.claimant.end, "claimant"))
        when = d.time.date if d.time is not None and d.time.date is not None else m.pub
        out.append(Claim(
            id=stable_id("cl_", m.a.id, "casualties", d.sentence.start, key[1]), article_id=m.a.id,
            kind="casualties", claimant=d.claimant.claimant if d.claimant else None,
            claimant_type=d.claimant.claimant_type if d.claimant else None, about=None,
            date=when, period="cumulative" if d.status == "tally" else "day", quantities=q,
            qualifier=sorted(qualifiers)[0] if qualifiers else None, hedge=m.hedge_in(d.sentence),
            text=", ".join(f"{k} {v}" for k, v in q.items()) + f" ({d.reason})",
            evidence=unique_evidence(evidence)))
    return out


def candidate_records(m: Mentions, cands: list[Candidate], kept_ids: dict[int, str]) -> list[CandidateRecord]:
    """Every candidate as a record: its status, its reason and the event it became or joined."""
    out: list[CandidateRecord] = []
    for c in cands:
        target = c
        while target.duplicate_of is not None:
            target = target.duplicate_of
        evidence = [m.ev(c.trigger[0], c.trigger[1], "trigger")]
        if c.place is not None:
            evidence.append(m.ev(c.place.start, c.place.end, "location"))
        if c.time is not None:
            evidence.append(m.ev(c.time.start, c.time.end, "event_date"))
        # the values are the extractor's own (spans checked later): no validation pass needed
        out.append(CandidateRecord.model_construct(
            id=stable_id("cand_", m.a.id, c.sub_event_type, c.trigger[0], c.place.start if c.place else None),
            article_id=m.a.id, status=c.status, reason=c.reason or "kept",
            sub_event_type=c.sub_event_type, location=c.place.name if c.place else None,
            event_date=c.time.date if c.time is not None else None,
            event_id=kept_ids.get(id(target)),
            sentence=m.ev(c.sentence.start, c.sentence.end, "sentence"), evidence=unique_evidence(evidence)))
    return out


def unique_evidence(items: list[Evidence]) -> list[Evidence]:
    seen: set[tuple[int, int, str | None]] = set()
    out = []
    for e in items:
        key = (e.start, e.end, e.field)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def confidence(d: Candidate) -> float:
    c = 0.35 + 0.3 * min(1.0, d.score)
    if d.place is not None:
        c += 0.15 if (d.place_precision or 3) <= 2 else 0.05
    if d.time is not None:
        c += 0.05
    if d.claimant is not None:
        c += 0.1
    if d.hedge:
        c -= 0.1
    return round(max(0.05, min(0.95, c)), 2)
