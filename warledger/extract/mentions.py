"""The mentions of one document: sentences, places, times and claimants, each a span of the text,
and where in a clause an event happens.

This is the first stage of the rules backend (mentions -> candidates -> judgement -> incidents
-> records). ``Mentions`` is built once per article and read by the later stages. What a name
stands for before any clause asks (no place, a facility's town, a capital, a city) is
``places``; who says it, and whose page it is, ``attribution``.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from ..models import Article, Evidence, Toponym
from ..nlp.text import Sentence, sentences
from ..options import Options
from . import cyrillic
from .attribution import Attribution, claimant_type, find_attributions, find_hedges, is_anaphoric, page_owner
from .places import facilities_in, geocoded, is_big, is_capital, named_city, not_a_place, optional
from .times import TimeMention, find_times, pick_event_time

RUSSIA = "Military Forces of Russia (2000-)"
UKRAINE = "Military Forces of Ukraine (2019-)"

NEAR_CUE = re.compile(
    r"\b(?:near|outside|outskirts\s+of|close\s+to|vicinity\s+of|around|areas?\s+(?:of|near|around)|"
    r"direction|(?:north|south|east|west)(?:-?(?:east|west))?\s+of|not\s+far\s+from|suburbs?\s+of)\s+"
    r"(?:the\s+)?(?:\w+\s+){0,2}$",
    re.I,
)
DIRECTIONAL_REF = re.compile(
    r"\b(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
    r"south-east|south-west)\s+of\s+(?:the\s+)?(?:(?:capital|city|town|village|regional\s+centre)\s+)?$",
    re.I,
)
# "Kiev forces", "Ukraine's militants": the place names a side, not where it happens.
SIDE_AFTER = re.compile(
    r"(?:\s+and\s+[A-Z][\w'’-]+)?(?:'s|’s)?\s+(?:(?:proxy|separatist|militia|republic|"
    r"people['’]s|occupation|puppet)\s+)?(?:forces|troops|soldiers|army|military|government|authorities|regime|"
    r"militants|side|officials|servicem[ae]n|units|artillery|gunners|fighters|saboteurs)\b", re.I)
SIDE_NOUN_AFTER = re.compile(r"(?:'s|’s)?\s+(?:shelling|shells|strikes?|snipers?|attacks?|"
                             r"offensive|bombardment|missiles?|rockets?|drones?)\b", re.I)
# a day named without a publication date to resolve it against ("on Sunday", "last night")
DAY_WORDS = re.compile(r"day|night|yesterday|today|tonight|morning|evening|afternoon", re.I)
# a front sector named after a town: the fighting along it, not in the town
FRONT_AFTER = re.compile(r"\s+(?:front(?:line)?|front\s+line|direction|axis|sector|"
                         r"operational\s+(?:zone|area|direction))\b", re.I)
RIVER_AFTER = re.compile(r"\s+(?:river|riverbank|river\s+bank|reservoir)\b", re.I)
# "the Azov regiment", "Aidar battalion", "regiment Azov": a unit named after a place
UNIT_AFTER = re.compile(r"\s+(?:battalion|regiment|brigade|bn)\b", re.I)
UNIT_BEFORE = re.compile(r"\b(?:battalion|regiment|brigade)\s+$", re.I)
LOCATIVE_BEFORE = re.compile(r"\b(?:in|near|at|outside|around|across|inside)\s+(?:the\s+)?$", re.I)
SOURCE_TAG_BEFORE = re.compile(r"\s[-–—]\s+$")
LINE_END = re.compile(r"\s*(?:$|\n)")
# "... - DPR command", "... - Luhansk militia": a source tag naming its office after the place
TAG_OFFICE_END = re.compile(
    r"\s+(?:(?:people's\s+)?militia|command|spokes(?:man|woman|person)|HQ|headquarters|"
    r"(?:defen[cs]e\s+)?ministry|mission|office|officials?|authorities|media|sources?|agency|"
    r"police|army|governor|administration)\s*(?:$|\n)", re.I)
# "in the west of Donetsk": a part of the place, not a bearing from it
PART_OF = re.compile(r"\b(?:in|on|at|from)\s+the\s+(?:far\s+)?(?:north|south|east|west|northeast|"
                     r"northwest|southeast|southwest|north-east|north-west|south-east|south-west)"
                     r"(?:ern)?\s+(?:part\s+|outskirts\s+|districts?\s+)?of\s+(?:the\s+)?$", re.I)
DISTRICT_OF = re.compile(r"(?:\s+(?:city\s+)?district)?\s+(?:of|in)\s+(?:the\s+city\s+of\s+)?(?P<city>[A-Z][\w'’-]+)")
SURNAME = re.compile(r"^[A-Z][a-z]+(?:ov|ova|ev|eva|yev|in|ina|enko|uk|yuk|chuk|sky|skyi|skiy|ych|ich|ko)$")
CITY_POSSESSIVE = re.compile(r"(?P<city>[A-Z][\w'’-]+)(?:'s|’s)\s+$")
# Regions news names without a place name, for Ukraine-focused reporting.
UA_REGION_PHRASES = [
    (re.compile(r"\b(?:E\.\s*Ukraine|east(?:ern)?\s+Ukraine|(?:in|across)\s+(?:the\s+)?(?:rebel(?:-held)?\s+|"
                r"restive\s+|separatist\s+|war-torn\s+|country's\s+)?east\b|JFO\s+(?:zone|area)|ATO\s+(?:zone|area))",
                re.I), "eastern Ukraine"),
    (re.compile(r"\b(?:S\.\s*Ukraine|south(?:ern)?\s+Ukraine|(?:in|across)\s+the\s+south\b)", re.I), "southern Ukraine"),
    (re.compile(r"\b(?:N\.\s*Ukraine|north(?:ern)?\s+Ukraine|(?:in|across)\s+the\s+north\b)", re.I), "northern Ukraine"),
]
LIST_GAP = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*/\s*)$")
CAPITAL = re.compile(r"\b(?:[Tt]he\s+)?[Cc]apital\b(?!\s+(?:of|city\s+of)\s+[A-Z])(?!\s+[A-Z])")
STATES = ("PCLI", "PCL", "PCLD")
_DISTANCE_REF = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*-?\s*(?:km|kms|kilometers?|kilometres?|miles?|mi)\s+(?:\(\d+\s*(?:km|miles?)\)\s+)?"
    r"(?:(?:to\s+the\s+)?(?:north|south|east|west|northeast|northwest|southeast|southwest|"
    r"north-east|north-west|south-east|south-west)(?:ern)?\s+)?(?:of|from)\s+(?:the\s+)?"
    r"(?:(?:city|town|village|capital)\s+(?:of\s+)?)?$", re.I)
_ORIGIN_BEFORE = re.compile(r"\b(?:forces|troops|units|positions|advance|attack(?:ed|s)?)\s+from\s+(?:the\s+)?$"
                            r"|\bacross\s+the\s+[\w\s]{0,30}?\s+from\s+$", re.I)
# "the Dnipropetrovsk regional military administration", "Kharkiv city council": an office
_OFFICE_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:(?:regional|oblast|city|district|raion|state|military|civil[- ]military|police)\s+){0,3}"
    r"(?:administration|council|police|governor|prosecutor|prosecutors|emergency\s+service|ombudsman|"
    r"mayor|authorities|officials|health\s+department|department)\b", re.I)
# "the Minsk meeting", "Istanbul talks": a place that names a diplomatic process
_TALKS_AFTER = re.compile(r"\s+(?:meeting|talks|summit|format|agreements?|accords?|process|protocol|"
                          r"negotiations|conference|peace\s+talks|memorandum)\b", re.I)
# a capital as the subject of what a government does or says
_GOVERNMENT_VERB = re.compile(
    r"(?:['’]s)?\s+(?:(?:has|have|had|is|was|will|would|also|now|still|then)\s+)?(?:says?|said|accuse[sd]?|claim(?:s|ed)?|"
    r"grapples?|grappled|insist(?:s|ed)?|den(?:y|ies|ied)|warn(?:s|ed)?|wants?|wanted|demand(?:s|ed)?|"
    r"announce[sd]?|refuse[sd]?|reject(?:s|ed)?|blame[sd]?|urge[sd]?|agree[sd]?|sign(?:s|ed)?|hopes?|"
    r"believes?|fears?|plans?|seeks?|sought|sees|saw|points?|pointed|responds?|responded|retaliat\w+|"
    r"condemn(?:s|ed)?|vow(?:s|ed)?|threaten(?:s|ed)?|insisted|struggles?|faces?|faced|decided|decides|"
    r"considers?|recogni[sz]e[sd]?|supports?|backs?|reacts?|reacted|appeals?|asked|asks)\b", re.I)
# "the eastern Ukrainian city", "the frontline town" (not "the city of X", "the city council")
_THE_CITY = re.compile(
    r"\bthe\s+(?:(?:[a-z]+|[A-Z][a-z]+(?:ian|ese|i|an))[\s-]+){0,3}(?:city|town|village|settlement)\b"
    r"(?!\s+(?:of|council|hall|centre|center|administration|authorities|officials|mayor|'s|’s))")
_ROAD_AFTER = re.compile(r"(?:\s*[-–]\s*[A-Z][\w'’-]+)?\s+(?:highway|road|motorway|railway|rail\s+line|"
                         r"railroad|route|line|ground\s+line|GLOC)s?\b", re.I)
_LOCATIVE_ANY = re.compile(r"\b(?:in|near|at|outside|around|across|inside|on|over|into|of|struck|hit|"
                           r"shelled|attacked|targeted|bombed|toward|towards|to)\s+(?:the\s+)?(?:capital\s+|city\s+of\s+)?$",
                           re.I)
# "X, 20km directly north of Y", "X (south of Y)", "X near Y": the text's own bearing
_BEARING_AFTER = re.compile(
    r"\s*[,(]?\s*(?:(?:about|approximately|some|roughly|around|just|only)\s+)?(?:(?P<km>\d+(?:[.,]\d+)?)\s*-?\s*"
    r"(?:km|kilometers?|kilometres?)\s+)?(?:(?:directly|due|just)\s+)?(?:(?P<dir>north|south|east|west|"
    r"northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)\s+of|near)\s+"
    r"(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?(?P<tail>[A-Z])", re.I)
NEAR_BEFORE = re.compile(r"\b(?:near|around|outside)\s+(?:the\s+)?$", re.I)


class Mentions:
    """Everything the later stages read about one article: its sentences, the places, times and
    claimants found in it, and the evidence spans they make."""

    def __init__(self, article: Article, options: Options):
        self.a = article
        self.text = article.text
        self.opt = options
        self.pub: date | None = options.published or article.published
        self.sents = sentences(self.text)
        self.person_words: set[str] = set()  # words of claimants' names, never places
        self.not_places: dict[tuple[int, int], str] = {}  # toponym span -> why it is none
        self.attribution_spans: list[tuple[int, int]] = []  # "head of the Dnipropetrovsk ... administration"
        self.toponyms = self._geoparse()
        self.geo_reasons: dict[tuple[int, int], str] = {}  # toponym span -> why this namesake
        self._places_memo: dict[tuple, list[tuple[Toponym, int]]] = {}
        self._passage_namesakes()
        self._the_city()
        self.times = find_times(self.text, self.pub)
        self.claimant_of: dict[int, Attribution | None] = {}
        self.find_casualties = optional("warledger.extract.casualties", "find_casualties")
        self.find_claimants()
        self.page_owner = page_owner(article)  # (claimant, type, how we know) or None

    # --- places ------------------------------------------------------------------------
    def _geoparse(self) -> list[Toponym]:
        if not self.opt.geo:
            return []
        geoparse = optional("warledger.geo", "geoparse")
        if geoparse is None:
            return []
        tops = geoparse(self.text, country_focus=self.opt.country_focus,
                        prior=self.opt.geo_prior, on=self.pub)
        facilities = facilities_in(self.text)
        out = list(facilities)
        for t in tops:
            if any(f.start < t.end and t.start < f.end for f in facilities):
                continue  # "Zaporizhzhia" in "the Zaporizhzhia NPP": the facility's town is the place
            if t.text != self.text[t.start:t.end]:
                continue
            why = not_a_place(self.text, t) if t.latitude is not None else None
            if why is not None:
                self.not_places[(t.start, t.end)] = why
                continue
            out.append(t)
        return sorted(out, key=lambda t: t.start)

    def _passage_namesakes(self) -> None:
        """A village the story resolved far from its sentence's other places, or outside the
        region the sentence names, is the namesake the sentence means (geo.passage)."""
        rechoose = optional("warledger.geo.passage", "rechoose")
        if rechoose is None or not self.toponyms:
            return
        by_sentence: dict[int, list[int]] = {}
        j = 0
        for i, t in enumerate(self.toponyms):
            while j < len(self.sents) and self.sents[j].end <= t.start:
                j += 1
            if j < len(self.sents):
                by_sentence.setdefault(j, []).append(i)
        big_in_paragraph: dict[int, list[tuple[float, float]]] = {}
        towns_in_paragraph: dict[int, list[tuple[float, float]]] = {}
        for si in sorted(by_sentence):
            s = self.sents[si]
            idx = [i for i in by_sentence[si] if self.toponyms[i].role == "literal"
                   and self.toponyms[i].latitude is not None]
            regions = {self.toponyms[i].admin1 for i in idx
                       if self.toponyms[i].feature_code == "ADM1" and self.toponyms[i].admin1}
            paragraph = big_in_paragraph.setdefault(s.paragraph, [])
            for i in idx:
                t = self.toponyms[i]
                if t.feature_class != "P" or is_big(t):
                    continue
                city = named_city(self.text, t)
                if city is not None:
                    self.toponyms[i] = city
                    self.geo_reasons[(t.start, t.end)] = "'City' after the name: the city, not a village"
                    continue
                anchors = [(o.latitude, o.longitude) for k in idx if k != i
                           for o in [self.toponyms[k]] if o.feature_class == "P"
                           and o.name != t.name and o.latitude is not None]
                context = paragraph + (towns_in_paragraph.get(s.paragraph, []) if len(anchors) < 2 else [])
                hit = rechoose(t, regions, anchors, context)
                if hit is not None:
                    self.toponyms[i], self.geo_reasons[(t.start, t.end)] = hit
                self._stated_bearing(i, idx)
            paragraph.extend((self.toponyms[i].latitude, self.toponyms[i].longitude) for i in idx
                             if self.toponyms[i].feature_class == "P" and is_big(self.toponyms[i]))
            towns_in_paragraph.setdefault(s.paragraph, []).extend(
                (self.toponyms[i].latitude, self.toponyms[i].longitude) for i in idx
                if self.toponyms[i].feature_class == "P" and (self.toponyms[i].geo_precision or 1) == 1)

    def _the_city(self) -> None:
        """'missiles slammed into it ... in the eastern Ukrainian city': the town last named
        before it (within a few sentences) is the place the phrase points back to."""
        added: list[Toponym] = []
        low = self.text.lower()
        if not any(w in low for w in ("city", "town", "village", "settlement")):
            return
        for hit in _THE_CITY.finditer(self.text):
            if any(t.role == "literal" and (t.start <= hit.start() < t.end or hit.start() <= t.start < hit.end())
                   for t in self.toponyms):
                continue
            before = [t for t in self.toponyms if t.end <= hit.start() and hit.start() - t.end <= 600
                      and t.role == "literal" and t.feature_class == "P" and t.latitude is not None
                      and (t.geo_precision or 1) <= 2 and not SIDE_AFTER.match(self.text, t.end)]
            if not before:
                continue
            ante = before[-1]
            added.append(ante.model_copy(update={"start": hit.start(), "end": hit.end(), "text": hit.group()}))
            self.geo_reasons[(hit.start(), hit.end())] = f"points back to {ante.text}, named just before"
        if added:
            self.toponyms = sorted(self.toponyms + added, key=lambda t: t.start)

    def _stated_bearing(self, i: int, idx: list[int]) -> None:
        """'Charivne south of Tavriiske', 'Tetyanivka, 20km directly north of Slovyansk': a
        village known only by its hromada's far centre is where the text puts it."""
        t = self.toponyms[i]
        if (t.uncertainty_km or 0) < 15:
            return
        hit = _BEARING_AFTER.match(self.text, t.end)
        if hit is None:
            return
        at = hit.start("tail")  # the neighbour's name starts where the bearing ends
        anchor = next((self.toponyms[k] for k in idx if self.toponyms[k].start == at), None)
        if anchor is None or anchor.feature_class != "P" or (anchor.uncertainty_km or 0) >= 15 \
                or anchor.latitude is None:
            return
        from ..geo.gazetteer import haversine_km
        from ..geo.passage import bearing_from

        km = float(hit.group("km").replace(",", ".")) if hit.group("km") else None
        if haversine_km(t.latitude, t.longitude, anchor.latitude, anchor.longitude) > \
                (t.uncertainty_km or 0) + (km or 0) + 15:
            return  # the stated neighbour is not near this namesake's area: another village
        self.toponyms[i] = bearing_from(t, anchor, km, hit.group("dir"))
        self.geo_reasons[(t.start, t.end)] = (
            f"placed by the text's own bearing from {anchor.name} (the gazetteer knows the village "
            f"only by its hromada's centre)")

    def find_claimants(self) -> None:
        last: Attribution | None = None
        for s in self.sents:
            found = find_attributions(self.text, s.start, s.end)
            for a in found:
                self.attribution_spans.append((a.start, a.end))
                # "mayor Ihor Terekhov": capitalised words after a given name are a surname
                for m in re.finditer(r"\b[A-Z][a-z]+\s+(?P<sur>[A-Z][\w'’-]+)", a.text):
                    self.person_words.add(m.group("sur"))
                if SURNAME.match(a.claimant):  # "Terekhov said"
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

    def places_in(self, start: int, end: int) -> list[Toponym]:
        out = []
        for t in self.toponyms:
            if t.role == "metonym" and t.feature_class == "P" and LOCATIVE_BEFORE.search(self.text, max(0, t.start - 12),
                                                              t.start):
                # "in Beirut's southern suburbs": a place, not a government
                t = t.model_copy(update={"role": "literal"})
            if not (start <= t.start and t.end <= end and t.role == "literal"
                    and t.latitude is not None and t.feature_code != "CONT"
                    and t.feature_class != "H" and t.country_code):
                # an event happens in a country: not in "Europe", "the EU", "the Middle East"
                continue
            if t.feature_class == "P" and SIDE_AFTER.match(self.text, t.end):
                continue  # "Kiev forces"
            if RIVER_AFTER.match(self.text, t.end):
                continue  # "across the Dnipro river": the river, not the city
            if is_capital(t) and _GOVERNMENT_VERB.match(self.text, t.end) and not _LOCATIVE_ANY.search(
                    self.text, max(0, t.start - 20), t.start):
                continue  # "as Kyiv grapples with shortages", "Moscow says": the government
            if UNIT_AFTER.match(self.text, t.end) or UNIT_BEFORE.search(
                    self.text, max(0, t.start - 12), t.start):
                continue  # "Azov regiment", "the Dnipro-1 battalion": a unit, not a place
            if t.text in self.person_words:
                continue  # "mayor Ihor Terekhov said ... Terekhov added": a person, not Terekhove
            city = self.city_of_district(t)
            out.append(city if city is not None else t)
        if len(out) > 1:
            # "Woman killed in Kiev shelling in Donetsk", "... in Donbas - Kyiv": a capital
            # naming the side that fired, or a source tag after the headline, is not where
            # it happened when the text names another place
            kept = [t for t in out if not self.side_or_source(t)]
            out = kept or out
            # "according to the head of the Dnipropetrovsk administration": who says it
            kept = [t for t in out if not any(a <= t.start and t.end <= b for a, b in self.attribution_spans)
                    and not _OFFICE_AFTER.match(self.text, t.end)]
            if any(t.feature_class == "P" for t in kept):
                out = kept
            # "Kiev points at Moscow over air strike", "Minsk talks": a capital with no word of
            # place before it stands for its government when the clause names another town
            kept = [t for t in out if not (is_capital(t) and not _LOCATIVE_ANY.search(
                self.text, max(0, t.start - 20), t.start)) and not _TALKS_AFTER.match(self.text, t.end)]
            if any(t.feature_class == "P" for t in kept):
                out = kept
        return out

    def side_or_source(self, t: Toponym) -> bool:
        if is_capital(t) and SIDE_NOUN_AFTER.match(self.text, t.end):
            return True
        return SOURCE_TAG_BEFORE.search(self.text, max(0, t.start - 4), t.start) is not None \
            and (LINE_END.match(self.text, t.end) is not None
                 or TAG_OFFICE_END.match(self.text, t.end) is not None)

    def city_of_district(self, t: Toponym) -> Toponym | None:
        """'the Kyivskyi district of Kharkiv', 'Kharkiv's Kyivskyi district': the city."""
        if not re.search(r"district$", t.text, re.I) and not \
                re.match(r"\s+(?:city\s+)?district\b", self.text[t.end:t.end + 20], re.I):
            return None
        after = DISTRICT_OF.match(self.text, t.end)
        before = CITY_POSSESSIVE.search(self.text, max(0, t.start - 40), t.start)
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

    def capital(self, start: int, end: int) -> list[Toponym]:
        """'the capital' with no name: the capital of the country named just before it ("the
        Sudanese capital", "Syria's capital"), else of the country the story is about (Kyiv
        in Ukraine-focused reporting)."""
        out: list[Toponym] = []
        geocode = optional("warledger.geo", "geocode")
        if geocode is None:
            return out
        for m in CAPITAL.finditer(self.text, start, end):
            owner = next((t.country_code for t in self.toponyms
                          if t.feature_code in STATES and t.end <= m.end()
                          and re.fullmatch(r"(?:'s|’s)?\s*", self.text[t.end:m.start()])),
                         None)
            cc = owner or self.story_country()
            if cc is None:
                continue
            from ..geo.countries import capital_of

            cap = capital_of(cc)
            t = geocoded(cap) if cap else None
            if t is not None and t.latitude is not None and t.country_code == cc:
                out.append(t.model_copy(update={"start": m.start(), "end": m.end(), "text": m.group(),
                                                "role": "literal"}))
        return out

    def story_country(self) -> str | None:
        """The country most places of the article are in; the focus country when none is."""
        counts = Counter(t.country_code for t in self.toponyms
                         if t.country_code and t.latitude is not None)
        if not counts or counts.get(self.opt.country_focus or "", 0) == max(counts.values()):
            return self.opt.country_focus
        return counts.most_common(1)[0][0]

    def event_places(self, s: Sentence, cstart: int, cend: int,
                     allow_country: bool = False) -> list[tuple[Toponym, int]]:
        key = (s.index, cstart, cend, allow_country)
        hit = self._places_memo.get(key)
        if hit is None:
            hit = self._places_memo[key] = self._event_places(s, cstart, cend, allow_country)
        return list(hit)

    def _event_places(self, s: Sentence, cstart: int, cend: int,
                      allow_country: bool = False) -> list[tuple[Toponym, int]]:
        """Where an event told in ``cstart..cend`` happens: (place, ACLED geo precision) pairs.

        Every town or village the clause puts the event at is a place of its own ("assaults
        near Soledar, Spirne, and Bakhmutske"); a place named only to locate another ("10km
        northeast of Bakhmut", "(across the Dnipro River from Enerhodar)", "south of the capital
        Kyiv") is a reference, used only when the clause names no other; a region names the
        place only when no town is named ("missile strikes on Odesa and Mykolaiv Oblasts").
        """
        places = self.places_in(cstart, cend)
        places += [c for c in self.capital(cstart, cend)
                   if not any(p.start <= c.start < p.end for p in places)]
        places.sort(key=lambda t: t.start)
        if not places:
            return self.fallback_places(cstart, cend, [], allow_country)
        scored: list[tuple[Toponym, int]] = []
        refs: list[Toponym] = []
        for t in places:
            before = self.text[max(s.start, t.start - 45):t.start]
            if self._reference(t, places, s.start, cstart):
                refs.append(t)
                continue
            prec = t.geo_precision or 1
            if NEAR_CUE.search(before) and prec == 1 and not PART_OF.search(before):
                prec = 2
            if prec == 1 and FRONT_AFTER.match(self.text, t.end):
                prec = 2  # "in the Bakhmut direction": somewhere near Bakhmut
            scored.append((t, prec))
        regions_listed = self._oblast_list(scored, cend)
        if regions_listed:
            return regions_listed
        towns = [(t, p) for t, p in scored if (t.geo_precision or 1) <= 2]
        if towns:
            return _distinct(towns)
        ref_towns = [t for t in refs if (t.geo_precision or 1) == 1 and t.feature_class == "P"]
        if not scored:
            # "10 km west of Bakhmut" and no other place: near that place (ACLED precision 2);
            # "north of Kharkiv City, south of Bakhmut, and west of Donetsk City": near each
            if ref_towns:
                return _distinct([(t, 2) for t in ref_towns])
            return self.fallback_places(cstart, cend, places, allow_country)
        # "strikes west of Hulyaipole, and in Dnipropetrovsk and Odesa oblasts": near the town,
        # and in each region
        near_ref = [(ref_towns[0], 2)] if ref_towns else []
        # Only regions: "northern and southern Ukraine" -> region precision; a list of
        # first-level regions ("in Kyiv, Odesa, and Zaporizhzhia oblasts") -> each of them.
        regions = [t for t, _ in scored if t.feature_code not in STATES]
        if regions:
            first = [t for t in regions if t.feature_code in ("ADM1", "ADM2")]
            if len(first) > 1:
                return near_ref + _distinct([(t, 3) for t in first])
            return near_ref + [(regions[0], 3)]
        return self.fallback_places(cstart, cend, [t for t, _ in scored], allow_country)

    def _oblast_list(self, scored: list[tuple[Toponym, int]], cend: int) -> list[tuple[Toponym, int]]:
        """'in Kyiv, Odesa, Vinnytsia, and Zaporizhia oblasts': a list that ends in a region
        word is a list of regions, each named by its centre's name."""
        geocode = optional("warledger.geo", "geocode")
        if geocode is None or len(scored) < 2:
            return []
        last = scored[-1][0]
        tail = re.match(r"\s*(?P<w>Oblasts?|oblasts?|regions|provinces)\b", self.text[last.end:cend])
        if last.feature_code != "ADM1" and tail is None:
            return []
        if last.feature_code == "ADM1" and not re.search(r"(?:Oblast|region|province)s?$", last.text, re.I):
            return []
        chain = [scored[-1]]
        for prev, cur in zip(reversed(scored[:-1]), reversed(scored[1:]), strict=False):
            if not LIST_GAP.match(self.text[prev[0].end:cur[0].start]):
                break
            chain.insert(0, prev)
        if len(chain) < 2:
            return []
        out = []
        for t, _ in chain:
            if t.feature_code == "ADM1":
                out.append((t, 3))
                continue
            region = geocoded(f"{t.text} Oblast")
            if region is None or region.feature_code != "ADM1" or region.latitude is None:
                return []  # not a list of regions after all
            out.append((region.model_copy(update={"start": t.start, "end": t.end, "text": t.text,
                                                  "role": "literal"}), 3))
        return _distinct(out)

    def _qualifies(self, t: Toponym, others: list[Toponym]) -> bool:
        """'X, Donetsk' / 'X, Kherson Oblast' in apposition to a town: the region that says which
        X (ACLED's "location, admin1" style), not a second place; 'X, Kharkiv, and Izium' is a list."""
        prev = next((p for p in others if p.end <= t.start
                     and re.fullmatch(r"\s*,\s*", self.text[p.end:t.start])), None)
        if prev is None or prev.feature_class != "P" or not prev.admin1:
            return False
        if re.match(r"\s*,?\s*(?:and|or)\b", self.text[t.end:t.end + 8]):
            return False
        if t.feature_code == "ADM1":
            return t.admin1 == prev.admin1 or t.name == prev.admin1
        region = prev.admin1.lower()
        words = {t.text.lower(), (t.name or "").lower()}
        return any(w and region.startswith(w + " ") for w in words) or \
            region.startswith(_oblast_stem(t.text))

    def _reference(self, t: Toponym, places: list[Toponym], sstart: int, cstart: int) -> bool:
        """Whether ``t`` is named only to locate another place or the event."""
        text = self.text
        before = text[max(sstart, t.start - 45):t.start]
        if DIRECTIONAL_REF.search(before) and not PART_OF.search(before):
            return True  # "south of the capital Kyiv", "northeast of Bakhmut"
        if _DISTANCE_REF.search(before):
            return True  # "10km northeast of Bakhmut", "40 km from Kharkiv City"
        others = [p for p in places if p is not t]
        if not others:
            return False
        if self._qualifies(t, others):
            return True  # "Kurakhove, Donetsk, killing 3": the oblast, by its centre's name
        opened = text.rfind("(", max(cstart, t.start - 60), t.start)
        if opened >= 0 and text.find(")", opened, t.start) < 0 and any(
                p.end <= opened and re.fullmatch(r"\s*", text[p.end:opened]) for p in others):
            return True  # "Soledar (10km northeast of Bakhmut)", "(across the river from X)"
        if _ROAD_AFTER.match(text, t.end):
            return True  # "the Izyum-Slovyansk highway", "the Bakhmut-Siversk road": a road
        if FRONT_AFTER.match(text, t.end) and any(
                p.feature_class == "P" and not FRONT_AFTER.match(text, p.end) for p in others):
            return True  # "reconnaissance in the Bakhmut direction and airstrikes near Soledar"
        if _ORIGIN_BEFORE.search(before) and any(p.start > t.end for p in others):
            return True  # "forces from Kozacha Lopan ... near Udy"
        if NEAR_BEFORE.search(before) and any(
                p.start > t.end and re.match(r"\s*(?:City\s+)?(?:in|at)\s+(?:the\s+)?$",
                                             text[t.end:p.start]) for p in others):
            return True  # "near Kherson City in the Chornobaivka area": the area is the place
        return False

    def fallback_places(self, start: int, end: int, countries: list[Toponym],
                        allow_country: bool) -> list[tuple[Toponym, int]]:
        """No town or region named: a region phrase ('in the east', 'E. Ukraine') for
        Ukraine-focused reporting, else (only when asked: a report of deaths or injuries)
        the focus country itself, both at region precision."""
        if self.opt.country_focus == "UA":
            geocode = optional("warledger.geo", "geocode")
            for pat, region in UA_REGION_PHRASES:
                m = pat.search(self.text, start, end)
                if m and geocode is not None:
                    t = geocode(region)
                    if t is not None and t.latitude is not None:
                        return [(t.model_copy(update={"start": m.start(), "end": m.end(),
                                                      "text": m.group(), "role": "literal",
                                                      "geo_precision": 3}), 3)]
        if not allow_country:
            return []
        states = [t for t in countries if t.feature_code in STATES
                  and t.country_code == self.opt.country_focus]
        if not states:
            # "Four civilians were killed in a landmine explosion in Libya on Monday"
            states = [t for t in countries if t.feature_code in STATES
                      and t.role == "literal" and t.latitude is not None]
        if not states and self.opt.country_focus:
            # "Two Ukraine soldiers killed", "Ukrainian troops repelled attacks": the focus
            # country named only as a side still places the event in that country
            states = [t for t in self.toponyms if start <= t.start and t.end <= end
                      and t.country_code == self.opt.country_focus and t.latitude is not None
                      and t.feature_code in STATES]
        return [(states[0], 3)] if states else []

    # --- sentences, claimants, times -----------------------------------------------------
    def claimant_for(self, s: Sentence, at: int) -> Attribution | None:
        """The sentence's claimant, unless a semicolon parts it from the act at ``at``
        ("Drone sets depot ablaze in Belgorod; Ukraine reports shelling in Nikopol")."""
        who = self.claimant_of.get(s.index)
        if who is None or who.start < 0:
            return who
        lo, hi = sorted((at, who.start))
        return None if ";" in self.text[lo:hi] else who

    def dated(self, s: Sentence) -> bool:
        """The sentence tells its incident's day ("on Monday", "on 12 March")."""
        return any(s.start <= t.start < s.end and (t.precision == 1 or (
            t.date is None and DAY_WORDS.search(t.text))) for t in self.times)

    def has_figures(self, s: Sentence) -> bool:
        finder = cyrillic.find_casualties if cyrillic.is_cyrillic(s.text) else self.find_casualties
        return bool(finder and finder(s.text))

    def prev_sets_scene(self, s: Sentence) -> bool:
        """The sentence before, in the same paragraph, names a place (inheritance will use it)."""
        if s.index == 0:
            return False
        prev = self.sents[s.index - 1]
        return prev.paragraph == s.paragraph and bool(self.event_places(prev, prev.start, prev.end))

    def sentence_of(self, pos: int) -> Sentence | None:
        for s in self.sents:
            if s.start <= pos < s.end:
                return s
        return None

    def times_in(self, start: int, end: int) -> list[TimeMention]:
        return [t for t in self.times if start <= t.start < end]

    def claim_time(self, s: Sentence | None) -> TimeMention | None:
        if s is None:
            return None
        times = self.times_in(s.start, s.end)
        if not times:
            prev = [t for t in self.times if t.end <= s.start
                    and self.sentence_of(t.start) is not None
                    and self.sentence_of(t.start).paragraph == s.paragraph]
            times = prev[-1:]
        return pick_event_time(self.text, times)

    def hedge_in(self, s: Sentence | None) -> str | None:
        if s is None:
            return None
        h = find_hedges(self.text, s.start, s.end)
        return h[0].hedge if h else None

    def ev(self, start: int, end: int, fld: str) -> Evidence:
        return Evidence(article_id=self.a.id, start=start, end=end, text=self.text[start:end], field=fld)


def _distinct(pairs: list[tuple[Toponym, int]]) -> list[tuple[Toponym, int]]:
    """One pair per place (a name said twice in a clause is one place)."""
    seen: set = set()
    out = []
    for t, p in pairs:
        key = (t.geonameid, t.name, t.latitude, t.longitude)
        if key in seen:
            continue
        seen.add(key)
        out.append((t, p))
    return out


def _oblast_stem(word: str) -> str:
    """'Dnipropetrovsk' -> 'dnipropetrovsk oblast': the oblast a centre's name stands for."""
    return word.strip().lower() + " oblast"
