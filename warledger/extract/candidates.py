"""Candidates: every clause that tells of an event (a trigger the typing lexicon knows, or deaths
among combatants or civilians), with its places, time, claimant and figures.

A candidate is not yet an event: ``judgement`` gives each a status (reported, background,
hypothetical, ...) and a reason, ``incidents`` merges the reported ones, ``records`` builds the
Event and Claim records. Candidates that are not kept stay explainable (``extract --explain``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..models import Toponym
from ..nlp.text import Sentence, clauses
from . import cyrillic
from .attribution import Attribution
from .mentions import FRONT_AFTER, Mentions
from .places import country_name, optional
from .times import TimeMention, pick_event_time
from .typing import Typing

PROTEST_FAMILY = ("Peaceful protest", "Protest with intervention", "Violent demonstration",
                  "Excessive force against protesters")
# Who fights: a death among these with no other trigger is still a battle report.
_COMBATANT = re.compile(
    r"\b(?:soldiers?|servicem[ae]n|servicewom[ae]n|troops|militiam[ae]n|militants?|fighters?|rebels?|"
    r"separatists?|KIA|WIA|marines?|paratroopers?|defenders|combatants?|insurgents?|"
    r"guardsm[ae]n|sappers?|military\s+personnel|militias?|militia\s+members|(?:Kiev|Kyiv|"
    r"Ukrainian|Russian|pro-\w+|government|enemy)\s+(?:forces|military))\b", re.I)
# Civilian victims, and the marks of a war story around them (a side, a front, a truce).
_CIVILIAN_VICTIMS = re.compile(r"\b(?:civilians?|residents?|children|child|women|woman|villagers?|"
                               r"pensioners?|non-combatants?)\b", re.I)
_WAR_CUE = re.compile(
    r"\b(?:forces|troops|army|military|militar\w+|rebels?|separatists?|militants?|militias?|"
    r"invaders?|occupiers?|DPR|LPR|DNR|LNR|APU|AFU|UAF|ZSU|VSU|ATO|JFO|people's\s+republic|"
    r"republic|war|conflict|front(?:-?line)?|ceasefire|cease-fire|truce|hostilities|combat|"
    r"pro-(?:Kiev|Kyiv|Russian|Moscow)|Kiev|Kyiv|Donetsk|Luhansk|Lugansk|Donbass?|"
    r"east(?:ern)?\s+Ukraine|Ukrain\w+|Russi\w+)\b",
    re.I,
)

# "attempted to capture", "fought for control of", "repulsed an attempt to seize": the ground
# did not change hands, the fighting is the event
_ATTEMPT = re.compile(
    r"\b(?:attempt(?:s|ed|ing)?|tr(?:y|ied|ies|ying)|efforts?|sought|seeking|seeks?|fought|"
    r"fighting|battl(?:e|ed|ing))\s+(?:[\w-]+\s+){0,2}?(?:to|for)\s+(?:[\w-]+\s+){0,2}$"
    r"|\bunsuccessful(?:ly)?\s+(?:[\w-]+\s+){0,2}$", re.I)
# a strike that destroyed a depot is the strike, not a seizure of weapons
_DEPOT_STRIKE = re.compile(r"\b(?:struck|hit|destroyed|blew\s+up|targeted|strikes?\s+on)\b[^.;]{0,40}?"
                           r"\b(?:depots?|warehouses?|dumps?|storage)\b", re.I)
_ATTACK_DESTROYED = re.compile(
    r"\b(?:attacks?|strikes?|missiles?|rockets?|shelling|shells|drones?|uavs?|bombs?|airstrikes?|"
    r"artillery|barrages?|salvos?|bombardments?|explosions?|blasts?)\s+(?:[\w-]+\s+){0,2}"
    r"(?:destroyed|damaged|razed|demolished|flattened|hit)\b", re.I)
_STRIKE_SUBJECT = re.compile(
    r"\b(?:the|a|an|this|that|russian|ukrainian)\s+(?:[\w-]+\s+)?(?:strikes?|shelling|bombardment|"
    r"barrage|missile\s+(?:strike|attack)|rocket\s+(?:strike|attack)|air\s*strike|airstrike|drone\s+"
    r"(?:strike|attack)|bombing|explosion|blast)\s+(?:on|in|at|against|near|hit|struck|killed|kills)\b", re.I)
_DIRECT_VIOLENCE = re.compile(r"\b(?:shot|stabbed|executed|tortured|gunmen|beaten|raped|abducted)\b", re.I)
_FORCES = re.compile(r"\b(?:forces|troops|army|military|artillery|strikes?|missiles?|HIMARS|units?)\b", re.I)
# "air and artillery strikes", "artillery and airstrikes": one attack by each means
_AIR_MEANS = re.compile(r"\b(?:air(?:\s*strikes?)?|aerial|aviation|airstrikes?)\b(?=[^.;]{0,60}?\bstrikes?\b|"
                        r"\s*strikes?)|\bairstrikes?\b", re.I)
_FIRE_MEANS = re.compile(r"\b(?:artillery|missile|rocket|MLRS|tube|tank)\b", re.I)
_BOTH_MEANS = re.compile(
    r"\b(?:air|aerial|aviation)(?:,)?\s+(?:and\s+)?(?:artillery|missile|rocket)(?:,?\s+(?:and\s+)?"
    r"(?:artillery|missile|rocket))*\s+strikes\b|\b(?:artillery|missile|rocket)(?:,)?\s+(?:and\s+)?"
    r"(?:air|aerial)(?:,?\s+(?:and\s+)?(?:missile|rocket))*\s+strikes\b|\b(?:artillery|missile|rocket)\s+"
    r"and\s+airstrikes\b|\bairstrikes\s+and\s+(?:[\w-]+,?\s+){0,4}(?:artillery|missiles?|rockets?)\b", re.I)

# bodies found are no killings on the day they are found
_DISCOVERY = re.compile(
    r"\b(?:mass\s+graves?|graves?|bod(?:y|ies)|corpses?|remains|exhum\w+|burial\s+sites?|"
    r"(?:found|discovered)\s+dead)\b", re.I)
# a clause with no verb of its own that goes on placing the act before it
_CONTINUES = re.compile(
    r"\s*(?:and\s+|as\s+well\s+as\s+|also\s+)?(?:to\s+the\s+(?:north|south|east|west|northeast|northwest|"
    r"southeast|southwest)|(?:north|south|east|west|northeast|northwest|southeast|southwest)\s+of|"
    r"near|in|on|around|at|along|toward|towards)\b", re.I)
# where a clause turns from the event to comment on it: places after this are not its places
_COMMENTARY = re.compile(
    r",?\s+(?:indicating|suggesting|signall?ing|showing|meaning|demonstrating|confirming|likely\s+to|"
    r"possibly\s+to|in\s+an\s+effort\s+to|in\s+order\s+to|to\s+support|to\s+set\s+conditions)\b|"
    r"\s+in\s+preparation\s+for\b|,\s+which\s+(?:would|could|may|might|will|is\s+likely|likely)\b|"
    r",\s+(?:as|after)\s+(?:the\s+)?(?:Kremlin|ISW|Russia|Ukraine)\b", re.I)

# statuses a candidate can end with; only "reported" ones become events
STATUSES = ("reported", "background", "hypothetical", "negated", "generic", "tally",
            "not_a_place", "duplicate")


@dataclass
class Candidate:
    sentence: Sentence
    clause: tuple[int, int]
    sub_event_type: str
    score: float
    trigger: tuple[int, int]
    place: Toponym | None
    place_precision: int | None
    time: TimeMention | None
    claimant: Attribution | None
    weapon: str | None = None
    fatalities: int | None = None
    injuries: int | None = None
    casualty_spans: list[tuple[int, int, str]] = field(default_factory=list)
    casualty_raw: dict[str, tuple[int, str | None]] = field(default_factory=dict)
    hedge: str | None = None
    hedge_span: tuple[int, int] | None = None
    actors: tuple = (None, None, None, None, None, None)
    extra_evidence: list[tuple[int, int, str]] = field(default_factory=list)
    extra_claimants: list[Attribution] = field(default_factory=list)
    linked_claims: list[int] = field(default_factory=list)
    attacker: str | None = None  # whose drones or missiles an interception claim says they were
    by_casualties: bool = False  # typed from its deaths alone (no trigger of its own)
    bodies: tuple[int, int, int] | None = None  # bodies found (count, span): a discovery, no deaths
    on_front: bool = False  # a place of its clause is a front sector ("on the Donetsk front")
    status: str = "reported"
    reason: str = ""
    duplicate_of: Candidate | None = None  # the candidate this one was merged into

    def drop(self, status: str, reason: str) -> None:
        """Mark the candidate as not kept (the first judgement that drops it stands)."""
        if self.status == "reported":
            self.status, self.reason = status, reason

    @property
    def kept(self) -> bool:
        return self.status == "reported"


def find_candidates(m: Mentions, interception_sentences: set[int]) -> list[Candidate]:
    """One candidate per (clause, place) that a trigger or a casualty report types."""
    out: list[Candidate] = []
    classify = optional("warledger.extract.typing", "classify")
    if classify is None:
        return out
    for s in m.sents:
        if s.index in interception_sentences:
            continue  # the interception claim makes its own event (see interception_candidates)
        cyr = cyrillic.is_cyrillic(s.text)
        last: tuple[Typing, int] | None = None  # the sentence's last typed clause, and its base
        for c in clauses(m.text, s.start, s.end):
            by_casualties = False
            country = None
            # type first (most clauses tell no event, and need no places); the story's country
            # matters only to who took ground, so territory is typed again once it is known
            if cyr:
                typing = cyrillic.classify(c.text)
            else:
                typing = classify(c.text, country=None)
                if typing is None:
                    typing = casualty_only(m, c.text)
                    by_casualties = typing is not None
            if typing is None and (last is None or not _CONTINUES.match(c.text)):
                continue
            pend = _commentary_cut(m.text, c.start, c.end)
            places = m.event_places(s, c.start, pend)
            if not places and c.start != s.start:
                places = m.event_places(s, s.start, s.end)
            if not cyr and places:
                country = country_name(places[0][0])
                if typing is not None and not by_casualties and typing.event_type == "Battles" \
                        and typing.sub_event_type != "Armed clash" and country:
                    typing = classify(c.text, country=country) or typing
            base = c.start
            if typing is None and last is not None and _CONTINUES.match(c.text):
                # "repelled assaults near Bakhmut; to the northeast of Bakhmut near Soledar,
                # Spirne, and Bakhmutske; ...": the clause goes on telling the same act
                typing, base = last
            if typing is None:
                continue
            if not by_casualties:
                last = (typing, base)
            if typing.sub_event_type in PROTEST_FAMILY and (c.start, c.end) != (s.start, s.end):
                # what the police or the crowd did is often told in another clause of the
                # sentence ("... fired firecrackers at riot police, as they tried to ...")
                whole = classify(s.text, country=country)
                if whole is not None and whole.sub_event_type in PROTEST_FAMILY:
                    typing, base = whole, s.start
            typing = _war_retype(m.text, c.start, base, typing)
            t_start, t_end = base + typing.trigger_start, base + typing.trigger_end
            if pend < c.end and t_start >= pend:
                # the trigger is in the comment part ("..., likely to serve as replacements
                # for units fighting near Kharkiv"): its own places are there
                places = m.event_places(s, pend, c.end)
            if not places and (typing.event_type != "Strategic developments" or (
                    typing.sub_event_type == "Agreement" and m.dated(s))) and \
                    (m.has_figures(s) or m.dated(s)) and not m.prev_sets_scene(s):
                # deaths or injuries, or an incident told with its day, with only the
                # country named: still an event, at the country (ACLED precision 3)
                places = m.event_places(s, s.start, s.end, allow_country=True)
            times = m.times_in(s.start, s.end)
            ctimes = [t for t in times if c.start <= t.start < c.end] or times
            tm = pick_event_time(m.text, ctimes)
            made = []
            on_front = any(FRONT_AFTER.match(m.text, p.end) for p, _ in places)
            for place, prec in places or [(None, None)]:
                made.append(Candidate(
                    sentence=s, clause=(c.start, c.end), sub_event_type=typing.sub_event_type,
                    score=typing.score, trigger=(t_start, t_end), place=place,
                    place_precision=prec, time=tm, claimant=m.claimant_for(s, t_start),
                    weapon=typing.weapon, by_casualties=by_casualties, on_front=on_front,
                ))
            out.extend(made)
            add_casualties(m, made, s)
            other = _second_means(m.text, c.start, c.end, typing)
            if other is not None:
                sub, (a, b) = other
                for place, prec in places:
                    if (prec or 3) > 2:
                        continue  # a region holds one strike wave, not one per means
                    out.append(Candidate(
                        sentence=s, clause=(c.start, c.end), sub_event_type=sub,
                        score=typing.score, trigger=(a, b), place=place, place_precision=prec,
                        time=tm, claimant=m.claimant_for(s, a), weapon=None))
    return out


def casualty_only(m: Mentions, text: str) -> Typing | None:
    """'Two Ukrainian soldiers killed in the east': deaths or wounds among combatants with
    no other trigger are reported fighting (ACLED: Armed clash), unless the text has the
    marks of an accident, a crime or a disaster."""
    if m.find_casualties is None:
        return None
    hit = _COMBATANT.search(text)
    civ = None if hit is not None else _CIVILIAN_VICTIMS.search(text)
    if hit is None and (civ is None or not _WAR_CUE.search(text)):
        return None
    if not m.find_casualties(text):
        return None
    none_score = optional("warledger.extract.typing", "none_score")
    if none_score is not None and none_score(text) >= 3.0:
        return None
    if civ is not None:
        # 'Five civilians killed in Donetsk' in a war the text names: an attack on civilians
        return Typing(sub_event_type="Attack", event_type="Violence against civilians",
                      disorder_type="Political violence", score=0.4,
                      trigger_start=civ.start(), trigger_end=civ.end(), weapon=None)
    return Typing(sub_event_type="Armed clash", event_type="Battles",
                  disorder_type="Political violence", score=0.45, trigger_start=hit.start(),
                  trigger_end=hit.end(), weapon=None)


def add_casualties(m: Mentions, group: list[Candidate], s: Sentence,
                   only_missing: bool = False) -> None:
    """The death and injury figures of sentence ``s``, on the one candidate of ``group``."""
    if m.find_casualties is None or len(group) != 1:
        return  # figures are split across events only when the text says so
    d = group[0]
    finder = cyrillic.find_casualties if cyrillic.is_cyrillic(s.text) else m.find_casualties
    found = finder(m.text[s.start:s.end])
    if only_missing:  # a follow-up sentence adds the kinds of figure the event lacks
        found = [cas for cas in found if cas.kind not in d.casualty_raw]
    for cas in found:
        start, end = s.start + cas.start, s.start + cas.end
        if cas.kind == "fatalities" and _DISCOVERY.search(m.text, max(s.start, start - 40), min(s.end, end + 40)):
            # "a mass grave with 440 bodies", "120 bodies were exhumed": found, not killed that day
            if d.bodies is None or cas.value > d.bodies[0]:
                d.bodies = (cas.value, start, end)
            continue
        d.casualty_spans.append((start, end, cas.kind))
        current = d.casualty_raw.get(cas.kind)
        if current is None or cas.value < current[0] and not cas.vague:
            d.casualty_raw[cas.kind] = (cas.value, cas.qualifier)
    if "fatalities" in d.casualty_raw:
        d.fatalities = d.casualty_raw["fatalities"][0]
    if "injuries" in d.casualty_raw:
        d.injuries = d.casualty_raw["injuries"][0]


def interception_candidates(m: Mentions, tally_claims) -> list[Candidate]:
    """A wave of drones or missiles of which some were shot down is itself an attack."""
    out: list[Candidate] = []
    for claim, (start, end) in tally_claims:
        if claim.kind != "interception":
            continue
        s = m.sentence_of(start)
        if s is None:
            continue
        launched = claim.quantities.get("launched")
        destroyed = claim.quantities.get("destroyed")
        all_down = launched is not None and destroyed is not None and destroyed >= launched
        missile = re.search(r"missile|rocket|Kalibr|Iskander|Kh-\d+", s.text, re.I)
        sub = ("Disrupted weapons use" if all_down else
               "Shelling/artillery/missile attack" if missile else "Air/drone strike")
        places = m.event_places(s, s.start, s.end)
        tm = m.claim_time(s)
        weapon = None
        wm = re.search(r"Shahed(?:-13[16])?|Geran(?:-2)?|Kalibr|Kh-\d+|Iskander|cruise missiles?|"
                       r"ballistic missiles?|drones?|missiles?", s.text, re.I)
        if wm:
            weapon = wm.group()
        for place, prec in places or [(None, None)]:
            d = Candidate(sentence=s, clause=(s.start, s.end), sub_event_type=sub, score=0.7,
                          trigger=(start, end), place=place, place_precision=prec, time=tm,
                          claimant=m.claimant_of.get(s.index), weapon=weapon)
            d.linked_claims.append(claim.id)
            d.attacker = claim.about
            out.append(d)
    return out


def _war_retype(text: str, cstart: int, base: int, typing: Typing) -> Typing:
    """War reporting's own readings of a trigger: an attempted capture is fighting; a strike
    that destroyed a depot is a strike."""
    start = base + typing.trigger_start
    pre = text[cstart:start]
    if typing.sub_event_type in ("Government regains territory", "Non-state actor overtakes territory",
                                 "Non-violent transfer of territory") and _ATTEMPT.search(pre[-60:]):
        return replace(typing, sub_event_type="Armed clash", event_type="Battles")
    if typing.sub_event_type == "Attack":
        clause = text[cstart:base + typing.trigger_end + 40]
        if _STRIKE_SUBJECT.search(clause) and not _DIRECT_VIOLENCE.search(clause):
            # "the strike on Odesa killed three people": the strike's victims, not an attack
            # on civilians by men on the ground
            air = re.search(r"\b(?:drones?|uavs?|air|aerial|bombs?|aircraft|jets?|shaheds?)\b", clause, re.I)
            return replace(typing, sub_event_type="Air/drone strike" if air else
                           "Shelling/artillery/missile attack", event_type="Explosions/Remote violence")
    if typing.sub_event_type == "Looting/property destruction":
        hit = _ATTACK_DESTROYED.search(text, cstart, base + typing.trigger_end + 20)
        if hit:  # "Russian attacks destroyed a TV tower": the strike, not looting
            air = re.search(r"drone|uav|bomb|aircraft|air", hit.group(), re.I)
            return replace(typing, sub_event_type="Air/drone strike" if air else
                           "Shelling/artillery/missile attack", event_type="Explosions/Remote violence")
    if typing.sub_event_type == "Disrupted weapons use":
        clause = text[cstart:base + typing.trigger_end + 40]
        if _DEPOT_STRIKE.search(text, start, base + typing.trigger_end + 40) and _FORCES.search(clause):
            return replace(typing, sub_event_type="Shelling/artillery/missile attack",
                           event_type="Explosions/Remote violence")
    return typing


def _second_means(text: str, start: int, end: int, typing: Typing) -> tuple[str, tuple[int, int]] | None:
    """'air and artillery strikes': the clause tells one attack by each means; the type the
    typing did not choose, with the words that name its means."""
    if typing.sub_event_type not in ("Air/drone strike", "Shelling/artillery/missile attack"):
        return None
    both = _BOTH_MEANS.search(text, start, end)
    if both is None:
        return None
    if typing.sub_event_type == "Air/drone strike":
        hit = _FIRE_MEANS.search(text, both.start(), both.end())
        return ("Shelling/artillery/missile attack", hit.span()) if hit else None
    hit = _AIR_MEANS.search(text, both.start(), both.end())
    return ("Air/drone strike", hit.span()) if hit else None


def _commentary_cut(text: str, start: int, end: int) -> int:
    """Where a clause turns to comment ("..., indicating that they still control the highway
    to Belgorod", "in preparation for the Battle of Severodonetsk"): its places end there."""
    hit = _COMMENTARY.search(text, start + 12, end)
    return hit.start() if hit else end

