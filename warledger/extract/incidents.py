"""Incidents: the reported candidates of one text, grouped so that one incident is one event.

A placeless candidate takes the place of the sentence that set its scene; figures told in the
next sentence join the event before them; the same incident told several times (headline,
summary, body) is merged into one candidate that keeps every telling's evidence. Merged
candidates leave with status ``duplicate`` and point at the one they joined.
"""

from __future__ import annotations

import re

from ..models import Toponym
from .candidates import Candidate, add_casualties
from .mentions import Mentions
from .times import pick_event_time


def build_incidents(m: Mentions, cands: list[Candidate]) -> list[Candidate]:
    """The kept candidates, one per incident, in text order of their first telling."""
    told = {c.sentence.index for c in cands}  # sentences that tell an act of their own
    kept = inherit_places(m, [c for c in cands if c.kept])
    follow_up_figures(m, kept, told)
    return merge(kept, m.text)


def inherit_places(m: Mentions, cands: list[Candidate]) -> list[Candidate]:
    """A placeless event takes the places of the sentence before it in the same paragraph
    when that sentence set the scene without an event of its own; otherwise it is dropped."""
    with_event = {d.sentence.index for d in cands if d.place is not None}
    out: list[Candidate] = []
    for d in cands:
        if d.place is not None:
            out.append(d)
            continue
        prev = m.sents[d.sentence.index - 1] if d.sentence.index > 0 else None
        if prev is None or prev.paragraph != d.sentence.paragraph or prev.index in with_event:
            d.drop("generic", "names no place, and no sentence before it in its paragraph does")
            continue
        places = m.event_places(prev, prev.start, prev.end)
        if not places:
            d.drop("generic", "names no place, and no sentence before it in its paragraph does")
            continue
        place, prec = places[0]
        d.place, d.place_precision = place, prec
        if d.time is None:
            d.time = pick_event_time(m.text, m.times_in(prev.start, prev.end))
        d.extra_evidence.append((place.start, place.end, "location"))
        out.append(d)
    return out


def follow_up_figures(m: Mentions, cands: list[Candidate], told: set[int] | None = None) -> None:
    """'A missile hit the city. Two people were killed, officials said.': the figures and the
    claimant of a sentence that tells no act of its own go to the event just before it (a
    sentence that tells another act, even one not kept, keeps its figures: they are that act's)."""
    if not cands:
        return
    by_sentence = {d.sentence.index for d in cands} | (told or set())
    for s in m.sents:
        if s.index in by_sentence:
            continue
        before = [d for d in cands if d.sentence.index < s.index]
        if not before:
            continue
        d = before[-1]
        if s.paragraph - d.sentence.paragraph > 1 or s.index - d.sentence.index > 2 or \
                len(d.casualty_raw) == 2:
            continue
        own = m.places_in(s.start, s.end)
        if own and not any(d.place is not None and p.name == d.place.name for p in own):
            continue  # the figures are about somewhere else
        if len([x for x in cands if x.sentence.index == d.sentence.index]) != 1:
            continue  # several events in that sentence: the text does not say how to split
        had = set(d.casualty_raw)
        add_casualties(m, [d], s, only_missing=True)
        if set(d.casualty_raw) - had:
            who = m.claimant_of.get(s.index)
            if who is not None and d.claimant is None:
                d.claimant = who
            elif who is not None and who.claimant != d.claimant.claimant:
                d.extra_claimants.append(who)


def merge(cands: list[Candidate], m_text: str = "") -> list[Candidate]:
    """One incident told in several sentences is one event: same type, place and date; and a
    town's fall told as its capture and as the defenders' withdrawal, days apart, is one."""
    out: list[Candidate] = []
    for d in cands:
        key_place = (d.place.geonameid or d.place.name) if d.place else None
        twin = None
        why = "the same incident (type, place and day) as another telling"
        for o in out:
            o_place = (o.place.geonameid or o.place.name) if o.place else None
            # an undated telling (a headline) fits the dated one
            same_day = o.time is None or d.time is None or o.time.date == d.time.date
            same_place = o_place == key_place or contains(o.place, d.place) or \
                contains(d.place, o.place)
            if o.sub_event_type == d.sub_event_type and same_place and same_day:
                twin = o
                break
            if same_place and _one_fall(m_text, o, d):
                twin = o  # "captured Soledar", "withdrew from Soledar": one town's fall
                why = "the same town's fall, told as its capture and as the withdrawal from it"
                break
        if twin is None:
            out.append(d)
            continue
        if _is_region(twin) and not _is_region(d) or (_family(twin, m_text) == "withdrawal"
                                                      and _family(d, m_text) == "capture"):
            # "strikes in Kherson Oblast" told before "a depot in Blahodativka": the town is the
            # incident; the region's telling joins it (a later town of the region stays its own)
            out[out.index(twin)] = d
            d, twin = twin, d
        elif _richer(d, twin) and _is_region(d) == _is_region(twin):
            # the headline said it first, the body says who reported it and when: the
            # body's telling leads, the headline's words stay as evidence
            out[out.index(twin)] = d
            d, twin = twin, d
        d.drop("duplicate", why)
        d.duplicate_of = twin
        twin.extra_evidence.append((d.trigger[0], d.trigger[1], "trigger"))
        if d.place:
            twin.extra_evidence.append((d.place.start, d.place.end, "location"))
        if d.claimant and (twin.claimant is None or d.claimant.claimant != twin.claimant.claimant):
            twin.extra_claimants.append(d.claimant)
        if twin.fatalities is None and d.fatalities is not None:
            twin.fatalities, twin.casualty_spans = d.fatalities, twin.casualty_spans + d.casualty_spans
        if twin.injuries is None and d.injuries is not None:
            twin.injuries = d.injuries
    return out


def contains(region: Toponym | None, place: Toponym | None) -> bool:
    """'Russia's Belgorod region' and 'the town of Valuyki' in it: the same telling, the town
    being the more exact (first-level divisions only: a wave over "northern Ukraine" is not
    one town's strike)."""
    if region is None or place is None or region.feature_code != "ADM1":
        return False
    if region.country_code != place.country_code or (place.geo_precision or 1) >= 3:
        return False
    if region.admin1 and place.admin1:
        return region.admin1 == place.admin1
    if None in (region.latitude, region.longitude, place.latitude, place.longitude):
        return False
    from ..geo.gazetteer import haversine_km

    # no first-level division known for the town (outside Ukraine): near the region's centre
    return haversine_km(region.latitude, region.longitude, place.latitude, place.longitude) <= 150


def _richer(d: Candidate, other: Candidate) -> bool:
    """Whether ``d`` tells the same incident with more: a claimant, a day, figures."""
    def info(x: Candidate) -> tuple[int, int, int]:
        return (int(x.claimant is not None), int(x.time is not None and x.time.precision == 1),
                len(x.casualty_raw))
    return info(d) > info(other)


def _is_region(c: Candidate) -> bool:
    return c.place is not None and (c.place_precision or 1) >= 3


_CAPTURE = ("Non-state actor overtakes territory", "Government regains territory",
            "Non-violent transfer of territory")
_WITHDRAW = re.compile(r"withdr|retreat|pull(?:ed|s|ing)?\s+(?:back|out)|left|abandon|fled", re.I)


def _family(c: Candidate, text: str) -> str | None:
    if c.sub_event_type in _CAPTURE:
        return "capture"
    if c.sub_event_type == "Change to group/activity" and text and \
            _WITHDRAW.search(text[c.trigger[0]:c.trigger[1]]):
        return "withdrawal"
    return None


def _one_fall(text: str, a: Candidate, b: Candidate) -> bool:
    """Two tellings of one town changing hands within three days."""
    fa, fb = _family(a, text), _family(b, text)
    if fa is None or fb is None or (fa == fb == "withdrawal"):
        return False
    da = a.time.date if a.time is not None else None
    db = b.time.date if b.time is not None else None
    return da is None or db is None or abs((da - db).days) <= 3

