"""The ``rules`` backend: lexicons + patterns + gazetteer, deterministic and model-free.

Per sentence (and clause) it finds an ACLED event type, the literal places, the time, the
casualty figures, the actors and who says it; then it assembles Event records (one per place
when a sentence lists several, one per incident when several sentences tell the same one) and
Claim records (losses, interceptions, casualties, cost, assessments), each with evidence spans.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ..models import Article, Claim, Event, Evidence, Toponym, stable_id
from ..nlp.text import Sentence, clauses, sentences
from ..options import Options
from ..taxonomy import event_type_of
from . import cyrillic
from .attribution import Attribution, claimant_type, find_attributions, find_hedges, is_anaphoric
from .notes import notes_for
from .times import TimeMention, find_times, pick_event_time
from .typing import Typing

RUSSIA = "Military Forces of Russia (2000-)"
UKRAINE = "Military Forces of Ukraine (2019-)"

# A trigger governed by one of these is an aim, a risk or a hypothesis, not a happening.
_IRREALIS = re.compile(
    r"\b(?:trying|seeking|attempting|aiming|planning|plans?|intends?|intending|wants?|wanted|"
    r"threaten(?:s|ed|ing)?|hopes?|hoping|prepar(?:e|es|ing)|vow(?:s|ed)?|ready|going)\s+to\b|"
    r"\b(?:risk|threat|danger|possibility|prospect)\s+of\b|\bcould\b|\bwould\b|\bmight\b|"
    r"\bmay\s+be\b|\bif\b|\bunless\b|\bwithout\b|\bwill\b|\bshould\b",
    re.I,
)
_NEAR_CUE = re.compile(
    r"\b(?:near|outside|outskirts\s+of|close\s+to|vicinity\s+of|around|areas?\s+(?:of|near|around)|"
    r"direction|(?:north|south|east|west)(?:-?(?:east|west))?\s+of|not\s+far\s+from|suburbs?\s+of)\s+"
    r"(?:the\s+)?(?:\w+\s+){0,2}$",
    re.I,
)
_DIRECTIONAL_REF = re.compile(
    r"\b(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
    r"south-east|south-west)\s+of\s+(?:the\s+)?(?:(?:capital|city|town|village|regional\s+centre)\s+)?$",
    re.I,
)
# "Kiev forces", "Ukraine's militants": the place names a side, not where it happens.
_SIDE_AFTER = re.compile(
    r"(?:'s|’s)?\s+(?:forces|troops|soldiers|army|military|government|authorities|regime|"
    r"militants|side|officials|servicem[ae]n|units|artillery|gunners|fighters|saboteurs)\b", re.I)
_SIDE_NOUN_AFTER = re.compile(r"(?:'s|’s)?\s+(?:shelling|shells|strikes?|snipers?|attacks?|"
                              r"offensive|bombardment|missiles?|rockets?|drones?)\b", re.I)
# a day named without a publication date to resolve it against ("on Sunday", "last night")
_DAY_WORDS = re.compile(r"day|night|yesterday|today|tonight|morning|evening|afternoon", re.I)
_PROTEST_FAMILY = ("Peaceful protest", "Protest with intervention", "Violent demonstration",
                   "Excessive force against protesters")
# a front sector named after a town: the fighting along it, not in the town
_FRONT_AFTER = re.compile(r"\s+(?:front(?:line)?|front\s+line|direction|axis|sector|"
                          r"operational\s+(?:zone|area|direction))\b", re.I)
_RIVER_AFTER = re.compile(r"\s+(?:river|riverbank|river\s+bank|reservoir)\b", re.I)
# "the Azov regiment", "Aidar battalion", "regiment Azov": a unit named after a place
_UNIT_AFTER = re.compile(r"\s+(?:battalion|regiment|brigade|bn)\b", re.I)
_UNIT_BEFORE = re.compile(r"\b(?:battalion|regiment|brigade)\s+$", re.I)
_PLANTED = ("Remote explosive/landmine/IED", "Suicide bomb", "Grenade")
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|near|at|outside|around|across|inside)\s+(?:the\s+)?$", re.I)
_SOURCE_TAG_BEFORE = re.compile(r"\s[-–—]\s+$")
_LINE_END = re.compile(r"\s*(?:$|\n)")
# "... - DPR command", "... - Luhansk militia": a source tag naming its office after the place
_TAG_OFFICE_END = re.compile(
    r"\s+(?:(?:people's\s+)?militia|command|spokes(?:man|woman|person)|HQ|headquarters|"
    r"(?:defen[cs]e\s+)?ministry|mission|office|officials?|authorities|media|sources?|agency|"
    r"police|army|governor|administration)\s*(?:$|\n)", re.I)
# "in the west of Donetsk": a part of the place, not a bearing from it
_PART_OF = re.compile(r"\b(?:in|on|at|from)\s+the\s+(?:far\s+)?(?:north|south|east|west|northeast|"
                      r"northwest|southeast|southwest|north-east|north-west|south-east|south-west)"
                      r"(?:ern)?\s+(?:part\s+|outskirts\s+|districts?\s+)?of\s+(?:the\s+)?$", re.I)
_DISTRICT_OF = re.compile(r"(?:\s+(?:city\s+)?district)?\s+(?:of|in)\s+(?:the\s+city\s+of\s+)?(?P<city>[A-Z][\w'’-]+)")
_SURNAME = re.compile(r"^[A-Z][a-z]+(?:ov|ova|ev|eva|yev|in|ina|enko|uk|yuk|chuk|sky|skyi|skiy|ych|ich|ko)$")
_CITY_POSSESSIVE = re.compile(r"(?P<city>[A-Z][\w'’-]+)(?:'s|’s)\s+$")
# Regions news names without a place name, for Ukraine-focused reporting.
_UA_REGION_PHRASES = [
    (re.compile(r"\b(?:E\.\s*Ukraine|east(?:ern)?\s+Ukraine|(?:in|across)\s+(?:the\s+)?(?:rebel(?:-held)?\s+|"
                r"restive\s+|separatist\s+|war-torn\s+|country's\s+)?east\b|JFO\s+(?:zone|area)|ATO\s+(?:zone|area))",
                re.I), "eastern Ukraine"),
    (re.compile(r"\b(?:S\.\s*Ukraine|south(?:ern)?\s+Ukraine|(?:in|across)\s+the\s+south\b)", re.I), "southern Ukraine"),
    (re.compile(r"\b(?:N\.\s*Ukraine|north(?:ern)?\s+Ukraine|(?:in|across)\s+the\s+north\b)", re.I), "northern Ukraine"),
]
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
_LIST_GAP = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*/\s*)$")
_CAPITAL = re.compile(r"\b(?:[Tt]he\s+)?[Cc]apital\b(?!\s+(?:of|city\s+of)\s+[A-Z])(?!\s+[A-Z])")
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


@dataclass
class _Draft:
    sentence: Sentence
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
    by_casualties: bool = False  # typed from its deaths alone (no trigger of its own)


class RulesBackend:
    name = "rules"

    def run(self, article: Article, options: Options) -> tuple[list[Event], list[Claim]]:
        return Assembler(article, options).run()


@lru_cache(maxsize=64)
def _optional(modname: str, attr: str):
    import importlib

    try:
        return getattr(importlib.import_module(modname), attr)
    except (ImportError, AttributeError):
        return None


class Assembler:
    def __init__(self, article: Article, options: Options):
        self.a = article
        self.text = article.text
        self.opt = options
        self.pub: date | None = options.published or article.published
        self.sents = sentences(self.text)
        self.person_words: set[str] = set()  # words of claimants' names, never places
        self.toponyms = self._geoparse()
        self.times = find_times(self.text, self.pub)
        self.claimant_of: dict[int, Attribution | None] = {}
        self.claims: list[Claim] = []
        self.classify = _optional("warledger.extract.typing", "classify")
        self.find_casualties = _optional("warledger.extract.casualties", "find_casualties")
        self.assign_actors = _optional("warledger.extract.actors", "assign_actors")

    # --- mentions --------------------------------------------------------------------
    def _geoparse(self) -> list[Toponym]:
        if not self.opt.geo:
            return []
        geoparse = _optional("warledger.geo", "geoparse")
        if geoparse is None:
            return []
        tops = geoparse(self.text, country_focus=self.opt.country_focus)
        return [t for t in tops if t.text == self.text[t.start:t.end]]

    def _claimants(self) -> None:
        last: Attribution | None = None
        for s in self.sents:
            found = find_attributions(self.text, s.start, s.end)
            for a in found:
                # "mayor Ihor Terekhov": capitalised words after a given name are a surname
                for m in re.finditer(r"\b[A-Z][a-z]+\s+(?P<sur>[A-Z][\w'’-]+)", a.text):
                    self.person_words.add(m.group("sur"))
                if _SURNAME.match(a.claimant):  # "Terekhov said"
                    self.person_words.add(a.claimant)
            if not found and cyrillic.is_cyrillic(s.text):
                hit = cyrillic.find_attribution(s.text)
                if hit is not None:
                    a, b, who = hit
                    found = [Attribution(s.start + a, s.start + b, who, who, claimant_type(who))]
            if found:
                own = found[0]
                self.claimant_of[s.index] = own
                last = own
            elif is_anaphoric(s.text) and last is not None:
                self.claimant_of[s.index] = Attribution(
                    last.start, last.end, last.text, last.claimant, last.claimant_type, True)
            else:
                self.claimant_of[s.index] = None

    def _places_in(self, start: int, end: int) -> list[Toponym]:
        out = []
        for t in self.toponyms:
            if t.role == "metonym" and t.feature_class == "P" and _LOCATIVE_BEFORE.search(self.text, max(0, t.start - 12),
                                                               t.start):
                # "in Beirut's southern suburbs": a place, not a government
                t = t.model_copy(update={"role": "literal"})
            if not (start <= t.start and t.end <= end and t.role == "literal"
                    and t.latitude is not None and t.feature_code != "CONT"
                    and t.feature_class != "H" and t.country_code):
                # an event happens in a country: not in "Europe", "the EU", "the Middle East"
                continue
            if t.feature_class == "P" and _SIDE_AFTER.match(self.text, t.end):
                continue  # "Kiev forces"
            if _RIVER_AFTER.match(self.text, t.end):
                continue  # "across the Dnipro river": the river, not the city
            if _UNIT_AFTER.match(self.text, t.end) or _UNIT_BEFORE.search(
                    self.text, max(0, t.start - 12), t.start):
                continue  # "Azov regiment", "the Dnipro-1 battalion": a unit, not a place
            if t.text in self.person_words:
                continue  # "mayor Ihor Terekhov said ... Terekhov added": a person, not Terekhove
            city = self._city_of_district(t)
            out.append(city if city is not None else t)
        if len(out) > 1:
            # "Woman killed in Kiev shelling in Donetsk", "... in Donbas - Kyiv": a capital
            # naming the side that fired, or a source tag after the headline, is not where
            # it happened when the text names another place
            kept = [t for t in out if not self._side_or_source(t)]
            out = kept or out
        return out

    def _side_or_source(self, t: Toponym) -> bool:
        if _is_capital(t) and _SIDE_NOUN_AFTER.match(self.text, t.end):
            return True
        return _SOURCE_TAG_BEFORE.search(self.text, max(0, t.start - 4), t.start) is not None \
            and (_LINE_END.match(self.text, t.end) is not None
                 or _TAG_OFFICE_END.match(self.text, t.end) is not None)

    def _city_of_district(self, t: Toponym) -> Toponym | None:
        """'the Kyivskyi district of Kharkiv', 'Kharkiv's Kyivskyi district': the city."""
        if not re.search(r"district$", t.text, re.I) and not \
                re.match(r"\s+(?:city\s+)?district\b", self.text[t.end:t.end + 20], re.I):
            return None
        after = _DISTRICT_OF.match(self.text, t.end)
        before = _CITY_POSSESSIVE.search(self.text, max(0, t.start - 40), t.start)
        span = (after.start("city"), after.end("city")) if after else (
            (before.start("city"), before.end("city")) if before else None)
        if span is None:
            return None
        for other in self.toponyms:
            if (other.start, other.end) == span and other.latitude is not None:
                # the district's own words stay the evidence; the place is its city
                return other.model_copy(update={"start": t.start, "end": t.end, "text": t.text,
                                                "role": "literal"})
        return None

    def _capital(self, start: int, end: int) -> list[Toponym]:
        """'the capital' with no name: the capital of the country named just before it ("the
        Sudanese capital", "Syria's capital"), else of the country the story is about (Kyiv
        in Ukraine-focused reporting)."""
        out: list[Toponym] = []
        geocode = _optional("warledger.geo", "geocode")
        if geocode is None:
            return out
        for m in _CAPITAL.finditer(self.text, start, end):
            owner = next((t.country_code for t in self.toponyms
                          if t.feature_code in ("PCLI", "PCL", "PCLD") and t.end <= m.end()
                          and re.fullmatch(r"(?:'s|’s)?\s*", self.text[t.end:m.start()])),
                         None)
            cc = owner or self._story_country()
            if cc is None:
                continue
            from ..geo.countries import capital_of

            cap = capital_of(cc)
            t = _capital_place(cap) if cap else None
            if t is not None and t.latitude is not None and t.country_code == cc:
                out.append(t.model_copy(update={"start": m.start(), "end": m.end(), "text": m.group(),
                                                "role": "literal"}))
        return out

    def _story_country(self) -> str | None:
        """The country most places of the article are in; the focus country when none is."""
        counts = Counter(t.country_code for t in self.toponyms
                         if t.country_code and t.latitude is not None)
        if not counts or counts.get(self.opt.country_focus or "", 0) == max(counts.values()):
            return self.opt.country_focus
        return counts.most_common(1)[0][0]

    # --- events ----------------------------------------------------------------------
    def _event_places(self, s: Sentence, cstart: int, cend: int,
                      allow_country: bool = False) -> list[tuple[Toponym, int]]:
        places = self._places_in(cstart, cend)
        places += [c for c in self._capital(cstart, cend)
                   if not any(p.start <= c.start < p.end for p in places)]
        places.sort(key=lambda t: t.start)
        if not places:
            return self._fallback_places(cstart, cend, [], allow_country)
        scored: list[tuple[Toponym, int]] = []
        for t in places:
            before = self.text[max(s.start, t.start - 45):t.start]
            if _DIRECTIONAL_REF.search(before) and not _PART_OF.search(before):
                continue  # "south of the capital Kyiv": a reference point, not the place
            prec = t.geo_precision or 1
            if _NEAR_CUE.search(before) and prec == 1 and not _PART_OF.search(before):
                prec = 2
            if prec == 1 and _FRONT_AFTER.match(self.text, t.end):
                prec = 2  # "in the Bakhmut direction": somewhere near Bakhmut
            scored.append((t, prec))
        if not scored:
            # "10 km west of Bakhmut" and no other place: near that place (ACLED precision 2)
            refs = [t for t in places if (t.geo_precision or 1) == 1 and t.feature_class == "P"]
            if refs:
                return [(refs[0], 2)]
            return self._fallback_places(cstart, cend, places, allow_country)
        # A coordinated list of places ("near Bakhmut, Bohdanivka, and Predtechy"): one event each.
        groups: list[list[tuple[Toponym, int]]] = [[scored[0]]]
        for prev, cur in zip(scored, scored[1:], strict=False):
            gap = self.text[prev[0].end:cur[0].start]
            if _LIST_GAP.match(gap) and (prev[0].geo_precision or 1) <= 2 and (cur[0].geo_precision or 1) <= 2:
                groups[-1].append(cur)
            else:
                groups.append([cur])
        towns = [g for g in groups if (g[0][0].geo_precision or 1) <= 2]
        if towns:
            best = max(towns, key=len)
            if len(best) > 1:
                return best
            return [towns[0][0]]
        # Only regions: "northern and southern Ukraine" -> region precision.
        regions = [t for t, _ in scored if t.feature_code not in ("PCLI", "PCL", "PCLD")]
        if regions:
            return [(regions[0], 3)]
        return self._fallback_places(cstart, cend, [t for t, _ in scored], allow_country)

    def _fallback_places(self, start: int, end: int, countries: list[Toponym],
                         allow_country: bool) -> list[tuple[Toponym, int]]:
        """No town or region named: a region phrase ('in the east', 'E. Ukraine') for
        Ukraine-focused reporting, else (only when asked: a report of deaths or injuries)
        the focus country itself, both at region precision."""
        if self.opt.country_focus == "UA":
            geocode = _optional("warledger.geo", "geocode")
            for pat, region in _UA_REGION_PHRASES:
                m = pat.search(self.text, start, end)
                if m and geocode is not None:
                    t = geocode(region)
                    if t is not None and t.latitude is not None:
                        return [(t.model_copy(update={"start": m.start(), "end": m.end(),
                                                      "text": m.group(), "role": "literal",
                                                      "geo_precision": 3}), 3)]
        if not allow_country:
            return []
        states = [t for t in countries if t.feature_code in ("PCLI", "PCL", "PCLD")
                  and t.country_code == self.opt.country_focus]
        if not states:
            # "Four civilians were killed in a landmine explosion in Libya on Monday"
            states = [t for t in countries if t.feature_code in ("PCLI", "PCL", "PCLD")
                      and t.role == "literal" and t.latitude is not None]
        if not states and self.opt.country_focus:
            # "Two Ukraine soldiers killed", "Ukrainian troops repelled attacks": the focus
            # country named only as a side still places the event in that country
            states = [t for t in self.toponyms if start <= t.start and t.end <= end
                      and t.country_code == self.opt.country_focus and t.latitude is not None
                      and t.feature_code in ("PCLI", "PCL", "PCLD")]
        return [(states[0], 3)] if states else []

    def _drafts(self, interception_sentences: set[int]) -> list[_Draft]:
        drafts: list[_Draft] = []
        if self.classify is None:
            return drafts
        for s in self.sents:
            if s.index in interception_sentences:
                continue  # the interception claim makes its own event (see _interception_events)
            cyr = cyrillic.is_cyrillic(s.text)
            for c in clauses(self.text, s.start, s.end):
                by_casualties = False
                places = self._event_places(s, c.start, c.end)
                if not places and c.start != s.start:
                    places = self._event_places(s, s.start, s.end)
                if cyr:
                    typing = cyrillic.classify(c.text)
                else:
                    country = _country_name(places[0][0]) if places else None
                    typing = self.classify(c.text, country=country)
                    if typing is None:
                        typing = self._casualty_only(c.text)
                        by_casualties = typing is not None
                if typing is None:
                    continue
                if by_casualties and any(_FRONT_AFTER.match(self.text, p.end) for p, _ in places):
                    continue  # "470 soldiers killed on the Donetsk front": a tally, not an event
                base = c.start
                if typing.sub_event_type in _PROTEST_FAMILY and (c.start, c.end) != (s.start, s.end):
                    # what the police or the crowd did is often told in another clause of the
                    # sentence ("... fired firecrackers at riot police, as they tried to ...")
                    whole = self.classify(s.text, country=country)
                    if whole is not None and whole.sub_event_type in _PROTEST_FAMILY:
                        typing, base = whole, s.start
                t_start, t_end = base + typing.trigger_start, base + typing.trigger_end
                pre = self.text[c.start:t_start]
                if _IRREALIS.search(pre[-60:]):
                    continue
                if not places and (typing.event_type != "Strategic developments" or (
                        typing.sub_event_type == "Agreement" and self._dated(s))) and \
                        (self._has_figures(s) or self._dated(s)) and not self._prev_sets_scene(s):
                    # deaths or injuries, or an incident told with its day, with only the
                    # country named: still an event, at the country (ACLED precision 3)
                    places = self._event_places(s, s.start, s.end, allow_country=True)
                times = [t for t in self.times if s.start <= t.start < s.end]
                ctimes = [t for t in times if c.start <= t.start < c.end] or times
                tm = pick_event_time(self.text, ctimes)
                for place, prec in places or [(None, None)]:
                    drafts.append(_Draft(
                        sentence=s, sub_event_type=typing.sub_event_type, score=typing.score,
                        trigger=(t_start, t_end), place=place, place_precision=prec, time=tm,
                        claimant=self._claimant_for(s, t_start), weapon=typing.weapon,
                        by_casualties=by_casualties,
                    ))
                self._casualties(drafts[-len(places or [None]):], s, c)
        # "A soldier was killed when an IED exploded near the convoy": the deaths belong to
        # the act the sentence names, not to a battle of their own
        acts = {d.sentence.index for d in drafts if not d.by_casualties}
        return [d for d in drafts if not (d.by_casualties and d.sentence.index in acts)]

    def _claimant_for(self, s: Sentence, at: int) -> Attribution | None:
        """The sentence's claimant, unless a semicolon parts it from the act at ``at``
        ("Drone sets depot ablaze in Belgorod; Ukraine reports shelling in Nikopol")."""
        who = self.claimant_of.get(s.index)
        if who is None or who.start < 0:
            return who
        lo, hi = sorted((at, who.start))
        return None if ";" in self.text[lo:hi] else who

    def _dated(self, s: Sentence) -> bool:
        """The sentence tells its incident's day ("on Monday", "on 12 March")."""
        return any(s.start <= t.start < s.end and (t.precision == 1 or (
            t.date is None and _DAY_WORDS.search(t.text))) for t in self.times)

    def _has_figures(self, s: Sentence) -> bool:
        finder = cyrillic.find_casualties if cyrillic.is_cyrillic(s.text) else self.find_casualties
        return bool(finder and finder(s.text))

    def _prev_sets_scene(self, s: Sentence) -> bool:
        """The sentence before, in the same paragraph, names a place (inheritance will use it)."""
        if s.index == 0:
            return False
        prev = self.sents[s.index - 1]
        return prev.paragraph == s.paragraph and bool(self._event_places(prev, prev.start, prev.end))

    def _casualty_only(self, text: str):
        """'Two Ukrainian soldiers killed in the east': deaths or wounds among combatants with
        no other trigger are reported fighting (ACLED: Armed clash), unless the text has the
        marks of an accident, a crime or a disaster."""
        if self.find_casualties is None:
            return None
        m = _COMBATANT.search(text)
        civ = None if m is not None else _CIVILIAN_VICTIMS.search(text)
        if m is None and (civ is None or not _WAR_CUE.search(text)):
            return None
        if not self.find_casualties(text):
            return None
        none_score = _optional("warledger.extract.typing", "none_score")
        if none_score is not None and none_score(text) >= 3.0:
            return None
        if civ is not None:
            # 'Five civilians killed in Donetsk' in a war the text names: an attack on civilians
            return Typing(sub_event_type="Attack", event_type="Violence against civilians",
                          disorder_type="Political violence", score=0.4,
                          trigger_start=civ.start(), trigger_end=civ.end(), weapon=None)
        return Typing(sub_event_type="Armed clash", event_type="Battles",
                      disorder_type="Political violence", score=0.45, trigger_start=m.start(),
                      trigger_end=m.end(), weapon=None)

    def _casualties(self, group: list[_Draft], s: Sentence, c, only_missing: bool = False) -> None:
        if self.find_casualties is None or len(group) != 1:
            return  # figures are split across events only when the text says so
        d = group[0]
        finder = cyrillic.find_casualties if cyrillic.is_cyrillic(s.text) else self.find_casualties
        found = finder(self.text[s.start:s.end])
        if only_missing:  # a follow-up sentence adds the kinds of figure the event lacks
            found = [cas for cas in found if cas.kind not in d.casualty_raw]
        for cas in found:
            start, end = s.start + cas.start, s.start + cas.end
            d.casualty_spans.append((start, end, cas.kind))
            current = d.casualty_raw.get(cas.kind)
            if current is None or cas.value < current[0] and not cas.vague:
                d.casualty_raw[cas.kind] = (cas.value, cas.qualifier)
        if "fatalities" in d.casualty_raw:
            d.fatalities = d.casualty_raw["fatalities"][0]
        if "injuries" in d.casualty_raw:
            d.injuries = d.casualty_raw["injuries"][0]

    def _inherit_places(self, drafts: list[_Draft]) -> list[_Draft]:
        """A placeless event takes the places of the sentence before it in the same paragraph
        when that sentence set the scene without an event of its own; otherwise it is dropped."""
        with_event = {d.sentence.index for d in drafts if d.place is not None}
        out: list[_Draft] = []
        for d in drafts:
            if d.place is not None:
                out.append(d)
                continue
            prev = self.sents[d.sentence.index - 1] if d.sentence.index > 0 else None
            if prev is None or prev.paragraph != d.sentence.paragraph or prev.index in with_event:
                continue
            places = self._event_places(prev, prev.start, prev.end)
            if not places:
                continue
            place, prec = places[0]
            d.place, d.place_precision = place, prec
            if d.time is None:
                d.time = pick_event_time(self.text, [t for t in self.times if prev.start <= t.start < prev.end])
            d.extra_evidence.append((place.start, place.end, "location"))
            out.append(d)
        return out

    def _follow_up_figures(self, drafts: list[_Draft]) -> None:
        """'A missile hit the city. Two people were killed, officials said.': the figures and the
        claimant of a sentence without an event of its own go to the event just before it."""
        if not drafts:
            return
        by_sentence = {d.sentence.index for d in drafts}
        for s in self.sents:
            if s.index in by_sentence:
                continue
            before = [d for d in drafts if d.sentence.index < s.index]
            if not before:
                continue
            d = before[-1]
            if s.paragraph - d.sentence.paragraph > 1 or s.index - d.sentence.index > 2 or \
                    len(d.casualty_raw) == 2:
                continue
            own = self._places_in(s.start, s.end)
            if own and not any(d.place is not None and p.name == d.place.name for p in own):
                continue  # the figures are about somewhere else
            if len([x for x in drafts if x.sentence.index == d.sentence.index]) != 1:
                continue  # several events in that sentence: the text does not say how to split
            had = set(d.casualty_raw)
            self._casualties([d], s, s, only_missing=True)
            if set(d.casualty_raw) - had:
                who = self.claimant_of.get(s.index)
                if who is not None and d.claimant is None:
                    d.claimant = who
                elif who is not None and who.claimant != d.claimant.claimant:
                    d.extra_claimants.append(who)

    def _merge(self, drafts: list[_Draft]) -> list[_Draft]:
        """One incident told in several sentences is one event: same type, place and date."""
        out: list[_Draft] = []
        for d in drafts:
            key_place = (d.place.geonameid or d.place.name) if d.place else None
            twin = None
            for o in out:
                o_place = (o.place.geonameid or o.place.name) if o.place else None
                # an undated telling (a headline) fits the dated one
                same_day = o.time is None or d.time is None or o.time.date == d.time.date
                same_place = o_place == key_place or _contains(o.place, d.place) or \
                    _contains(d.place, o.place)
                if o.sub_event_type == d.sub_event_type and same_place and same_day:
                    twin = o
                    break
            if twin is None:
                out.append(d)
                continue
            if _richer(d, twin):
                # the headline said it first, the body says who reported it and when: the
                # body's telling leads, the headline's words stay as evidence
                out[out.index(twin)] = d
                d, twin = twin, d
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

    # --- claims ----------------------------------------------------------------------
    def _sentence_of(self, pos: int) -> Sentence | None:
        for s in self.sents:
            if s.start <= pos < s.end:
                return s
        return None

    def _ev(self, start: int, end: int, fld: str) -> Evidence:
        return Evidence(article_id=self.a.id, start=start, end=end, text=self.text[start:end], field=fld)

    def _claim_side(self, claimant: Attribution | None, sentence_text: str) -> str | None:
        """The side a claim is about: the first state force the sentence names as its subject
        ("Ukrainian forces likely advanced ... in Russia's Kursk Oblast": Ukraine)."""
        if self.assign_actors is not None:
            from .actors import find_actors

            first = next((m for m in find_actors(sentence_text, "Ukraine") if m.inter == 1
                          and m.name in (RUSSIA, UKRAINE)), None)
            if first is not None:
                return first.name
        if _RUSSIAN_SIDE.search(sentence_text):
            return RUSSIA
        if claimant is not None and re.search(r"Russia|Kremlin|TASS|RIA", claimant.claimant):
            return UKRAINE
        if _UKRAINIAN_SIDE.search(sentence_text):
            return UKRAINE
        return None

    def _tally_claims(self) -> list[tuple[Claim, tuple[int, int]]]:
        out: list[tuple[Claim, tuple[int, int]]] = []
        find_tallies = _optional("warledger.extract.losses", "find_loss_tallies")
        find_inter = _optional("warledger.extract.losses", "find_interceptions")
        for tally in (find_tallies(self.text) if find_tallies else []):
            s = self._sentence_of(tally.start)
            who = self.claimant_of.get(s.index) if s else None
            when = self._claim_time(s)
            evidence = [self._ev(tally.start, tally.end, "quantities")]
            if who:
                evidence.append(self._ev(who.start, who.end, "claimant"))
            quantities = dict(tally.quantities)
            claim = Claim(
                id=stable_id("cl_", self.a.id, "losses", tally.start, tally.end),
                article_id=self.a.id, kind="losses",
                claimant=who.claimant if who else None,
                claimant_type=who.claimant_type if who else None,
                about=self._tally_about(tally, s, who),
                date=when.date if when else (self.pub if tally.period == "cumulative" else None),
                period=tally.period, quantities=quantities, qualifier=tally.qualifier,
                hedge=self._hedge_in(s), text=self._summary("losses", quantities, who),
                evidence=evidence,
            )
            out.append((claim, (tally.start, tally.end)))
        for inter in (find_inter(self.text) if find_inter else []):
            s = self._sentence_of(inter.start)
            who = self.claimant_of.get(s.index) if s else None
            when = self._claim_time(s)
            q: dict[str, int | float] = {}
            if inter.launched is not None:
                q["launched"] = inter.launched
            if inter.destroyed is not None:
                q["destroyed"] = inter.destroyed
            evidence = [self._ev(inter.start, inter.end, "quantities")]
            if who:
                evidence.append(self._ev(who.start, who.end, "claimant"))
            claim = Claim(
                id=stable_id("cl_", self.a.id, "interception", inter.start, inter.end),
                article_id=self.a.id, kind="interception",
                claimant=who.claimant if who else None,
                claimant_type=who.claimant_type if who else None,
                about=self._interception_about(inter, who),
                date=when.date if when else self.pub, period="day", quantities=q, qualifier=None,
                hedge=self._hedge_in(s),
                text=self._summary("interception", q, who, weapon=inter.weapon), evidence=evidence,
            )
            out.append((claim, (inter.start, inter.end)))
        return out

    def _tally_about(self, tally, s: Sentence | None, who: Attribution | None = None) -> str | None:
        hint = getattr(tally, "about_hint", None)
        if hint:
            return RUSSIA if re.search(r"russ|enemy|occup|рос|ворог", hint, re.I) else hint
        # each side tallies the other's losses: a Russian claimant's are Ukraine's and back
        side = _claimant_side(who)
        if side is not None:
            return UKRAINE if side == RUSSIA else RUSSIA
        text = s.text if s else ""
        return self._claim_side(None, text) or (RUSSIA if self.opt.country_focus == "UA" else None)

    def _interception_about(self, inter, who: Attribution | None) -> str | None:
        """Whose weapons were shot down: the weapons' own side if the text says it ("11
        Ukrainian drones"), else the side the claimant fights."""
        words = self.text[inter.start:min(inter.end + 40, len(self.text))]
        if re.search(r"\bUkrain\w*\s+(?:[\w-]+\s+)?(?:drones?|UAVs?|missiles?|rockets?)", words):
            return UKRAINE
        side = _claimant_side(who)
        if side == RUSSIA:
            return UKRAINE
        return RUSSIA if (self.opt.country_focus == "UA") else None

    def _claim_time(self, s: Sentence | None) -> TimeMention | None:
        if s is None:
            return None
        times = [t for t in self.times if s.start <= t.start < s.end]
        if not times:
            prev = [t for t in self.times if t.end <= s.start
                    and self._sentence_of(t.start) is not None
                    and self._sentence_of(t.start).paragraph == s.paragraph]
            times = prev[-1:]
        return pick_event_time(self.text, times)

    def _hedge_in(self, s: Sentence | None) -> str | None:
        if s is None:
            return None
        h = find_hedges(self.text, s.start, s.end)
        return h[0].hedge if h else None

    @staticmethod
    def _summary(kind: str, q: dict, who: Attribution | None, weapon: str | None = None) -> str:
        parts = ", ".join(f"{k} {v}" for k, v in q.items())
        what = f"{kind}: {parts}" + (f" ({weapon})" if weapon else "")
        return f"{who.claimant} claims {what}" if who else what

    def _cost_and_assessment_claims(self, event_sentences: set[int]) -> list[Claim]:
        out: list[Claim] = []
        for s in self.sents:
            who = self.claimant_of.get(s.index)
            if _COST_WORDS.search(s.text):
                for m in _MONEY.finditer(self.text, s.start, s.end):
                    if not (m.group("cur") or m.group("cur2")) or not m.group("num")[0].isdigit():
                        continue
                    try:
                        num = float(m.group("num").replace(",", ""))
                    except ValueError:
                        continue
                    mult = {"trillion": 1e12, "billion": 1e9, "bn": 1e9, "million": 1e6, "mn": 1e6,
                            "m": 1e6}.get((m.group("mult") or "").lower(), 1)
                    cur = (m.group("cur") or m.group("cur2") or "").strip().upper()
                    cur = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "DOLLARS": "USD",
                           "EUROS": "EUR", "HRYVNIAS": "UAH"}.get(cur, cur)
                    q: dict[str, int | float] = {f"amount_{cur.lower()}": num * mult}
                    ratio = re.search(r"(\d+(?:\.\d+)?)\s+times\b", s.text)
                    evidence = [self._ev(m.start(), m.end(), "quantities")]
                    if ratio:
                        q["ratio_to_gdp" if "GDP" in s.text else "ratio"] = float(ratio.group(1))
                        evidence.append(self._ev(s.start + ratio.start(), s.start + ratio.end(), "quantities"))
                    if who:
                        evidence.append(self._ev(who.start, who.end, "claimant"))
                    out.append(Claim(
                        id=stable_id("cl_", self.a.id, "cost", m.start()), article_id=self.a.id,
                        kind="cost", claimant=who.claimant if who else None,
                        claimant_type=who.claimant_type if who else None, about=None, date=None,
                        quantities=q, qualifier=None, hedge=self._hedge_in(s), text=s.text,
                        evidence=evidence))
                    break
                continue
            if who is None or who.anaphoric or s.index in event_sentences:
                continue
            if who.claimant_type in ("intelligence", "military", "government", "international") and \
                    _ASSESS.search(s.text):
                evidence = [self._ev(s.start, s.end, "text"), self._ev(who.start, who.end, "claimant")]
                when = pick_event_time(self.text, [t for t in self.times if s.start <= t.start < s.end])
                out.append(Claim(
                    id=stable_id("cl_", self.a.id, "assessment", s.start), article_id=self.a.id,
                    kind="assessment", claimant=who.claimant, claimant_type=who.claimant_type,
                    about=self._claim_side(who, s.text), date=when.date if when else self.pub,
                    quantities={}, hedge=self._hedge_in(s) or "assessed", text=s.text,
                    evidence=evidence))
        return out

    # --- assembly --------------------------------------------------------------------
    def run(self) -> tuple[list[Event], list[Claim]]:
        self._claimants()
        tally_claims = self._tally_claims()
        inter_sents = {s.index for c, (start, _) in tally_claims if c.kind == "interception"
                       for s in [self._sentence_of(start)] if s is not None}
        drafts = self._drafts(inter_sents)
        drafts += self._interception_events(tally_claims, drafts)
        drafts = self._inherit_places(drafts)
        self._follow_up_figures(drafts)
        drafts = self._merge(drafts)
        events = [self._event(d) for d in drafts]
        claims = [c for c, _ in tally_claims]
        # Link interception claims to the event they qualify.
        linked: list[Claim] = []
        for c in claims:
            if c.kind == "interception":
                ev = next((e for e, d in zip(events, drafts, strict=True)
                           if any(c.id == cid for cid in d.linked_claims)), None)
                if ev is not None:
                    c = c.model_copy(update={"event_id": ev.id})
            linked.append(c)
        claims = linked
        claims += self._casualty_claims(events, drafts)
        claims += self._cost_and_assessment_claims({d.sentence.index for d in drafts})
        return events, claims

    def _interception_events(self, tally_claims, drafts: list[_Draft]) -> list[_Draft]:
        """A wave of drones or missiles of which some were shot down is itself an attack."""
        out: list[_Draft] = []
        for claim, (start, end) in tally_claims:
            if claim.kind != "interception":
                continue
            s = self._sentence_of(start)
            if s is None:
                continue
            launched = claim.quantities.get("launched")
            destroyed = claim.quantities.get("destroyed")
            all_down = launched is not None and destroyed is not None and destroyed >= launched
            missile = re.search(r"missile|rocket|Kalibr|Iskander|Kh-\d+", s.text, re.I)
            sub = ("Disrupted weapons use" if all_down else
                   "Shelling/artillery/missile attack" if missile else "Air/drone strike")
            places = self._event_places(s, s.start, s.end)
            tm = self._claim_time(s)
            weapon = None
            wm = re.search(r"Shahed(?:-13[16])?|Geran(?:-2)?|Kalibr|Kh-\d+|Iskander|cruise missiles?|"
                           r"ballistic missiles?|drones?|missiles?", s.text, re.I)
            if wm:
                weapon = wm.group()
            for place, prec in places or [(None, None)]:
                d = _Draft(sentence=s, sub_event_type=sub, score=0.7, trigger=(start, end),
                           place=place, place_precision=prec, time=tm,
                           claimant=self.claimant_of.get(s.index), weapon=weapon)
                d.linked_claims.append(claim.id)
                out.append(d)
        return out

    def _event(self, d: _Draft) -> Event:
        etype, dtype = event_type_of(d.sub_event_type)
        evidence = [self._ev(d.trigger[0], d.trigger[1], "trigger")]
        if d.place is not None:
            evidence.append(self._ev(d.place.start, d.place.end, "location"))
        if d.time is not None:
            evidence.append(self._ev(d.time.start, d.time.end, "event_date"))
        for s, e, kind in d.casualty_spans:
            evidence.append(self._ev(s, e, kind))
        claimants: list[str] = []
        for att in [d.claimant, *d.extra_claimants]:
            if att is not None and att.claimant not in claimants:
                claimants.append(att.claimant)
                evidence.append(self._ev(att.start, att.end, "claimant"))
        for s, e, kind in d.extra_evidence:
            evidence.append(self._ev(s, e, kind))
        evidence = _unique_evidence(evidence)
        if d.time is not None and d.time.date is not None:
            event_date, tprec = d.time.date, d.time.precision
        elif self.pub is not None:
            event_date, tprec = self.pub, 2
        else:
            event_date, tprec = None, 3
        actor1 = actor2 = inter1 = inter2 = interaction = civ = None
        if self.assign_actors is not None:
            typing = Typing(sub_event_type=d.sub_event_type, event_type=etype, disorder_type=dtype,
                            score=d.score, trigger_start=d.trigger[0] - d.sentence.start,
                            trigger_end=d.trigger[1] - d.sentence.start, weapon=d.weapon)
            actor1, actor2, inter1, inter2, interaction, civ = self.assign_actors(
                d.sentence.text, typing, country=_country_name(d.place) or "Ukraine")
        if actor1 is None and (d.sub_event_type in _PLANTED or (
                etype == "Explosions/Remote violence" and (d.place is None or d.place.country_code != "UA"))):
            # a car bomb, a mine, a grenade (or, outside Ukraine, any strike) with no one named:
            # ACLED's unidentified armed group
            from ..taxonomy import interaction as _interaction

            actor1, inter1 = f"Unidentified Armed Group ({_country_name(d.place) or 'Ukraine'})", 3
            interaction = _interaction(inter1, inter2)
        if actor1 is None and d.place is not None and d.place.country_code == "UA" and \
                etype in ("Explosions/Remote violence", "Battles") and \
                actor2 in (None, UKRAINE, "Civilians (Ukraine)"):
            # strikes and fighting on Ukrainian-held ground with no named attacker: ACLED codes
            # Russian forces; the claimant says so implicitly ("enemy", "Russian terror")
            from ..taxonomy import interaction as _interaction

            actor1, inter1 = RUSSIA, 1
            if actor2 is None and etype == "Battles":
                actor2, inter2 = UKRAINE, 1
            interaction = _interaction(inter1, inter2)
        if etype == "Battles" and actor2 is None and actor1 in (RUSSIA, UKRAINE) and \
                self.opt.country_focus == "UA":
            from ..taxonomy import interaction as _interaction

            actor2, inter2 = (UKRAINE if actor1 == RUSSIA else RUSSIA), 1
            interaction = _interaction(inter1, inter2)
        if d.linked_claims and self.opt.country_focus == "UA":
            # a wave of drones/missiles reported by the side that shot them down: the attacker
            # is the other side (the claim's `about`); the air defence that met the wave is
            # the claimant, not its target, which stays unnamed unless civilians were hit
            from ..taxonomy import interaction as _interaction

            if inter2 != 7:
                actor2, inter2, civ = None, None, None
            actor1, inter1 = RUSSIA, 1
            interaction = _interaction(inter1, inter2)
        place = d.place
        country, iso = _country(place)
        hedges = find_hedges(self.text, d.sentence.start, d.sentence.end)
        ev = Event(
            id=stable_id("ev_", self.a.id, d.sub_event_type, place.geonameid if place else None,
                         place.name if place else None, d.trigger[0]),
            article_ids=[self.a.id], event_date=event_date, time_precision=tprec,
            disorder_type=dtype, event_type=etype, sub_event_type=d.sub_event_type,
            actor1=actor1, actor2=actor2, inter1=inter1, inter2=inter2, interaction=interaction,
            civilian_targeting=civ,
            location=place.name if place else None, admin1=place.admin1 if place else None,
            admin2=place.admin2 if place else None, country=country, iso=iso,
            country_code=place.country_code if place else None,
            latitude=place.latitude if place else None, longitude=place.longitude if place else None,
            geo_precision=d.place_precision if place else None,
            geonameid=place.geonameid if place else None,
            fatalities=d.fatalities, injuries=d.injuries, weapon=d.weapon, claimants=claimants,
            evidence=evidence, notes="", confidence=_confidence(d),
        )
        return ev.model_copy(update={"notes": notes_for(ev, hedges[0].hedge if hedges else None)})

    def _victims(self, d: _Draft, ev: Event) -> str | None:
        """The side the figures are about when their words name it ("killed dozens of Russian
        marines", "two Ukrainian soldiers were wounded")."""
        if self.assign_actors is None:
            return None
        from .actors import find_actors

        country = ev.country or "Ukraine"
        for start, end, _ in d.casualty_spans:
            if cyrillic.is_cyrillic(self.text[start:end]):
                if re.search(r"цивільн|мирн|жител|дит|дет|людей|людин|осіб|человек",
                             self.text[start:end], re.I):
                    return f"Civilians ({country})"
                continue
            window = self.text[start:min(end + 30, d.sentence.end)]
            for m in find_actors(window, country):
                if m.start < end - start:
                    return m.name  # "two Ukrainian soldiers were wounded"
                if re.search(r"\bby\s+(?:the\s+)?$", window[:m.start], re.I):
                    break  # "... killed by Russian shelling": who did it, not who died
                if re.fullmatch(r"\s*(?:of\s+(?:the\s+)?|among\s+(?:the\s+)?)?",
                                window[end - start:m.start], re.I):
                    return m.name  # "killed dozens of Russian marines"
        return None

    def _casualty_claims(self, events: list[Event], drafts: list[_Draft]) -> list[Claim]:
        out: list[Claim] = []
        for ev, d in zip(events, drafts, strict=True):
            if not d.casualty_raw:
                continue
            q = {k: v for k, (v, _) in d.casualty_raw.items()}
            qualifiers = {qual for _, qual in d.casualty_raw.values() if qual}
            evidence = [self._ev(s, e, kind) for s, e, kind in d.casualty_spans]
            if d.claimant:
                evidence.append(self._ev(d.claimant.start, d.claimant.end, "claimant"))
            out.append(Claim(
                id=stable_id("cl_", self.a.id, "casualties", ev.id), article_id=self.a.id,
                event_id=ev.id, kind="casualties",
                claimant=d.claimant.claimant if d.claimant else None,
                claimant_type=d.claimant.claimant_type if d.claimant else None,
                about=self._victims(d, ev) or ev.actor2 or None, date=ev.event_date, period="day",
                quantities=q,
                qualifier=sorted(qualifiers)[0] if qualifiers else None,
                hedge=self._hedge_in(d.sentence),
                text=", ".join(f"{k} {v}" for k, v in q.items()) + (f" at {ev.location}" if ev.location else ""),
                evidence=_unique_evidence(evidence)))
        return out


def _unique_evidence(items: list[Evidence]) -> list[Evidence]:
    seen: set[tuple[int, int, str | None]] = set()
    out = []
    for e in items:
        key = (e.start, e.end, e.field)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


_RU_CLAIMANT = re.compile(r"\b(?:Russia\w*|Kremlin|TASS|RIA|Moscow|Rosgvardia|Shoigu|Peskov|"
                          r"Konashenkov|Belousov|Putin|Zakharova)\b", re.I)
_UA_CLAIMANT = re.compile(r"\b(?:Ukrain\w*|Kyiv|Kiev|ZSU|AFU|Zelensk\w*|Syrskyi|Zaluzhnyi|"
                          r"Ukrinform|Suspilne)\b", re.I)


def _claimant_side(who: Attribution | None) -> str | None:
    if who is None:
        return None
    if _RU_CLAIMANT.search(who.claimant):
        return RUSSIA
    if _UA_CLAIMANT.search(who.claimant):
        return UKRAINE
    return None


@lru_cache(maxsize=256)
def _capital_place(name: str) -> Toponym | None:
    """A capital's place, looked up once per process (the gazetteer does not change under a
    running extraction; ``reset_gazetteer`` users rebuild in a new process)."""
    from ..geo import geocode

    return geocode(name)


def _contains(region: Toponym | None, place: Toponym | None) -> bool:
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


def _richer(d: _Draft, other: _Draft) -> bool:
    """Whether ``d`` tells the same incident with more: a claimant, a day, figures."""
    def info(x: _Draft) -> tuple[int, int, int]:
        return (int(x.claimant is not None), int(x.time is not None and x.time.precision == 1),
                len(x.casualty_raw))
    return info(d) > info(other)


def _is_capital(t: Toponym) -> bool:
    """Whether the place is its country's capital (which news uses for the government)."""
    if t.feature_code == "PPLC":
        return True
    if t.feature_class != "P" or not t.country_code or not t.name:
        return False
    from ..geo.countries import capital_of

    cap = capital_of(t.country_code) or ""
    return cap.lower() == t.name.lower()


def _country_name(place: Toponym | None) -> str | None:
    return _country(place)[0]


def _country(place: Toponym | None) -> tuple[str | None, int | None]:
    if place is None or not place.country_code:
        return None, None
    info_fn = _optional("warledger.geo", "country_info")
    if info_fn is None:
        return None, None
    info = info_fn(place.country_code) or {}
    return info.get("name"), info.get("iso_numeric")


def _confidence(d: _Draft) -> float:
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
