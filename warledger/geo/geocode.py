"""The main place of a short place description ("Chuhuiv, south of Kharkiv" -> Chuhuiv)."""

from __future__ import annotations

import math
import re
from datetime import date

from ..models import Toponym
from .distance import apply_offset, offset_point, stated_nearness, stated_offsets
from .gazetteer import Gazetteer, haversine_km
from .prior import GeoPrior

# "south of X", "30 km from X", "between X and Y": X is a reference point, not the place
_RELATIVE = re.compile(
    r"(?:(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
    r"south-east|south-west)(?:ern)?\s+of|km\s+(?:from|of)|kilometers?\s+(?:from|of)|"
    r"kilometres?\s+(?:from|of)|miles?\s+(?:from|of)|direction\s+of|towards?|from)\s+(?:the\s+)?$",
    re.IGNORECASE)


# "Donetsk direction: areas of Slavyansk", "Krest checkpoint near Debaltseve", "Viktor Isakov
# Street": a name that only names a sector, a facility or a street is not the description's place
# when another place is named
_NAMED_AFTER = re.compile(
    r"\s*(?:directions?|checkpoint|check-point|post|street|str\.|avenue|ave\.|boulevard|lane|"
    r"square|highway|road|mine|colliery|plant|factory|works|station|bridge|airport|hospital|"
    r"cemetery|monument|height|hill)\b", re.IGNORECASE)


# "the conflict zone", "in the ATO zone", "line of contact": with a country focus whose war the
# gazetteer curates, the war zone itself (Ukraine: the Donbas war zone of 2014-2022, which is
# also where the front of 2022-2024 runs through Donetsk and Luhansk oblasts)
_WAR_ZONE_WORDS = re.compile(
    r"\b(?:(?:anti-?\s?terrorist|ATO|JFO|joint forces|conflict|war|combat|fighting|hostilities)"
    r"[\"'»”]?\s+(?:operations?\s+)?(?:\((?:ATO|JFO|OOS)\)\s+)?(?:zone|area)"
    r"|(?:zone|area) of (?:the )?[\"'«“?]*anti-?\s?terrorist"
    r"|line of (?:contact|conflict|demarcation)|contact line|front\s?-?line|at the front"
    r"|war-torn (?:separatist )?east|separatist(?:-held)? east)\b", re.IGNORECASE)
WAR_ZONES = {"UA": "ATO zone"}
# areas named in lower case or with quotes, which the name finder does not see
_LOWER_AREAS = {"UA": [
    (re.compile(r"\b(?:south\s+bu[hgz]h?|southern\s+bu[hg]|yuzhnobuzh\w*)\s+operational\s+zone\b",
                re.I), "South Buh direction"),
    (re.compile(r"\b(?:operational\s+command|OK|OC)\W+(?:south|pivden)\b"
                r"|\bsouth(?:ern)?\s+(?:operational\s+zone|front)\b", re.I),
     "Operational Command South"),
]}


def _unnamed_area(description: str, country_focus: str | None,
                  gazetteer: Gazetteer | None) -> Toponym | None:
    """A description with no place name: the focus country's war zone, or an area the name
    finder cannot see ('operational command "South"')."""
    focus = (country_focus or "").upper()
    name = WAR_ZONES.get(focus)
    hit = _WAR_ZONE_WORDS.search(description)
    for pattern, area in _LOWER_AREAS.get(focus, ()):
        found = pattern.search(description)
        if found is not None:
            name, hit = area, found
            break
    if name is None or hit is None:
        return None
    from .gazetteer import get_gazetteer
    from .translit import norm

    gaz = gazetteer or get_gazetteer()
    places = [p for p in gaz.lookup(norm(name), normalized=True) if p.source == "curated"]
    if not places:
        return None
    return _to_toponym(places[0], hit.start(), hit.end(), hit.group(0),
                       f"no place named: {hit.group(0)!r} is the focus country's war zone")


def geocode(description: str, *, country_focus: str | None = "UA",
            gazetteer: Gazetteer | None = None, prior: GeoPrior | None = None,
            on: date | None = None) -> Toponym | None:
    """The place a short description is about, or None when nothing fits.

    ``prior`` (see ``geoparse``) says where fighting is; without one, the focus country's static
    front lines of the day ``on`` (or of the whole war)."""
    from .geoparse import geoparse
    from .prior import default_prior

    if not isinstance(description, str) or not description.strip():
        return None
    if prior is None:
        prior = default_prior(country_focus, on)
    tops = [t for t in geoparse(description, country_focus=country_focus, gazetteer=gazetteer,
                                description=True, prior=prior)
            if t.role != "demonym" and t.latitude is not None]
    if not tops:
        return _unnamed_area(description, country_focus, gazetteer)
    best = _main_place(description, tops, country_focus, gazetteer, prior)
    offsets = stated_offsets(description, tops)
    near = stated_nearness(description, tops)
    if not (offsets or near) or best is None:
        return best
    from .gazetteer import get_gazetteer

    if offsets and best.start == offsets[0].ref.start and not any(
            t.start != best.start and t.feature_class == "P" for t in tops):
        # "25 kilometres north of Donetsk": nothing but the distance and its place
        point = offset_point(offsets[0])
        if point is not None:
            o = offsets[0]
            return point.model_copy(update={"text": description[o.start:o.end]})
        # "10 km from Donetsk": somewhere on that circle
        return best.model_copy(update={
            "geo_precision": 2, "uncertainty_km": offsets[0].km,
            "geo_reason": f"{offsets[0].describe()}, no direction stated"})
    return apply_offset(best, offsets + near, gazetteer or get_gazetteer())


def _main_place(description: str, tops: list[Toponym], country_focus: str | None,
                gazetteer: Gazetteer | None, prior: GeoPrior | None) -> Toponym | None:
    """The description's main place among its toponyms."""
    literal = [t for t in tops if t.role == "literal"] or tops

    focus = (country_focus or "").upper()
    in_focus = any(t.country_code == focus for t in literal)

    def rank(t: Toponym) -> tuple:
        relative = bool(_RELATIVE.search(description[max(0, t.start - 40):t.start])
                        or (_NAMED_AFTER.match(description, t.end)
                            and t.feature_class not in ("T", "H"))
                        or t.text.lower().endswith(("direction", "directions")))
        continent = t.feature_code == "CONT"
        # a district named after its town ("Chuguevsky district, Kharkiv") is as specific as a town
        district = t.feature_class == "P" and t.geo_precision == 3
        # "the Krest checkpoint near Debaltseve": a small foreign namesake of a facility's name
        foreign = in_focus and t.country_code != focus and t.feature_code not in (
            "PCLI", "ADM1", "RGN", "CONT")
        # a town named only as a reference ("in the northwest of Gorlovka (DPR)") is nearer
        # the event than the area the description also names
        return (continent, foreign, (t.geo_precision or 3) >= 3 and not district, relative,
                t.start)

    # a place outside the oblast/state the description names is a namesake: its namesake (or a
    # close spelling) inside that area, else another place inside it (the district, then the
    # area itself); a town just across the line is the town ("Popasna, Donetsk Oblast")
    stated_areas = [t for t in literal if t.admin1 and (
        t.feature_code == "ADM1" or t.name in _OBLAST_LIKE)]
    stated = {t.admin1 for t in stated_areas}
    if stated:
        from .gazetteer import get_gazetteer

        gaz = gazetteer or get_gazetteer()
        inside = [t for t in literal if t.admin1 in stated]
        covered = [(t.start, t.end) for t in tops]

        def across(t: Toponym) -> bool:
            """A town (not a village: a source mislabels the oblast of a known town, not of a
            village) just across the line from a stated area's centre."""
            return t.latitude is not None and any(
                a.latitude is not None and haversine_km(
                    t.latitude, t.longitude, a.latitude, a.longitude) <= ACROSS_KM
                for a in stated_areas) and _population(t, gaz) >= ACROSS_POP

        # a name the gazetteer placed far away, or did not know: its namesake (or a close
        # spelling) inside
        names = [(t.start, t.end, t.text) for t in literal
                 if t.admin1 not in stated and t.feature_code not in _AREA_FCODES
                 and not across(t)]
        names += [(m.start(), m.end(), m.group(0))
                  for m in _CAPITALISED.finditer(description)
                  if not any(a < m.end() and m.start() < b for a, b in covered)
                  and _first_word(m.group(0)) not in _NOT_NAMES]
        for start, end, name in names:
            alt = _namesake_inside(name, stated, gaz, prior)
            if alt is not None:
                why = f"{name} inside the stated {alt.admin1}"
                said = prior.describe(alt.lat, alt.lon, alt.within_km or 0.0) \
                    if prior is not None and alt.lat is not None else None
                inside.append(_to_toponym(alt, start, end, name,
                                          f"{why}; {said}" if said else why))
        best = min(inside, key=rank) if inside else None
        if best is not None and best.feature_code in _AREA_FCODES:
            # only the area itself: a named town near it is the place
            near = [t for t in literal if t.admin1 not in stated
                    and t.feature_code not in _AREA_FCODES and across(t)]
            if near:
                return min(near, key=rank)
        if best is not None:
            return best
    best = min(literal, key=rank)
    if len(literal) == 1 and focus:
        return _front_line_namesake(best, focus, gazetteer, prior) or best
    return best


FRONT_PRIOR = 0.8  # oblasts whose focus prior is at least this are the war's own


def _front_line_namesake(t: Toponym, focus: str, gazetteer: Gazetteer | None,
                         prior: GeoPrior | None) -> Toponym | None:
    """A bare village name and nothing else ("Vodiane", "near Pisky"): with no story around it,
    a description of war is about the namesake where the fighting is (the prior: the front
    lines, or the ledger's recent events) rather than a bigger namesake far from it."""
    from .gazetteer import get_gazetteer
    from .translit import norm

    if prior is None or t.country_code != focus or t.feature_class != "P" \
            or t.latitude is None:
        return None
    gaz = gazetteer or get_gazetteer()
    if _population(t, gaz) >= FRONT_MAX_POP:
        return None  # a town: its own name
    own = prior.weight(t.latitude, t.longitude, t.uncertainty_km or 0.0)
    cands = [p for p in gaz.lookup(norm(t.text), normalized=True)
             if p.cc == focus and p.fclass == "P" and p.lat is not None]
    if not cands:
        return None
    p = max(cands, key=lambda p: _namesake_score(p, prior))
    if prior.weight(p.lat, p.lon, p.within_km or 0.0) < own + FRONT_MARGIN:
        return None
    said = prior.describe(p.lat, p.lon, p.within_km or 0.0)
    return _to_toponym(p, t.start, t.end, t.text,
                       f"one of {len(cands)} places called {t.text}: {said}" if said else None)


def _namesake_score(p, prior: GeoPrior | None) -> float:
    """How likely a namesake is the one meant, with nothing but the prior and its size."""
    s = 0.55 * math.log10((p.population or 0) + 10) + (0.5 if p.precision == 1 else 0.0)
    if prior is not None and p.lat is not None:
        s += NAMESAKE_PRIOR_WEIGHT * prior.weight(p.lat, p.lon, p.within_km or 0.0)
    return s


FRONT_MARGIN = 0.2
NAMESAKE_PRIOR_WEIGHT = 2.0
FRONT_MAX_POP = 20_000
ACROSS_KM = 120.0  # how far from a stated oblast's centre a town of the next oblast may lie
ACROSS_POP = 10_000


def _population(t: Toponym, gaz: Gazetteer) -> int:
    """The population of the gazetteer place a toponym was resolved to (0 if unknown)."""
    from .translit import norm

    return max((p.population or 0 for p in gaz.lookup(norm(t.text), normalized=True)
                if p.lat == t.latitude and p.lon == t.longitude), default=0)


_OBLAST_LIKE = frozenset({"Donetsk People's Republic", "Luhansk People's Republic"})
_AREA_FCODES = frozenset({"ADM1", "ADM2", "RGN", "PCLI", "CONT"})
# a capitalised word or two the name finder left unresolved ("the village of Nadezhdynka")
_CAPITALISED = re.compile(r"\b[A-Z][a-z’'-]{3,}(?:[ -][A-Z][a-z’'-]{2,})?\b")
_NOT_NAMES = frozenset({
    "village", "town", "city", "settlement", "near", "area", "areas", "region", "oblast", "obl",
    "district", "raion", "province", "checkpoint", "street", "the", "unknown", "height", "hill",
    "south", "north", "east", "west", "border", "outskirts", "community", "hromada", "people",
    "republic", "direction", "front", "zone", "mine", "station", "military", "ukrainian",
    "russian", "donbas", "donbass"})


def _first_word(s: str) -> str:
    return s.lower().split(" ")[0].split("-")[0]


def _namesake_inside(name: str, stated: set[str], gaz: Gazetteer, prior: GeoPrior | None = None):
    """The most populous settlement called ``name`` (or a close spelling of it) inside one of
    the ``stated`` first-level areas."""
    from .translit import norm

    key = norm(name)
    if len(key) < 4:
        return None

    def inside(keys) -> list:
        return [p for k in keys for p in gaz.lookup(k, normalized=True)
                if p.admin1 in stated and p.fclass == "P" and p.lat is not None]

    found = inside([key])
    if not found and len(key) >= 6 and key.replace(" ", "").isalpha():
        ccs = {p.cc for p in gaz.lookup(key, normalized=True)} | {"UA"}
        for cc in sorted(c for c in ccs if c):
            found = inside([k for k, _d in gaz.fuzzy_keys(key, country=cc,
                                                             max_dist=1 if len(key) < 8 else 2)])
            if found:
                break
    if not found:
        return None
    return max(found, key=lambda p: _namesake_score(p, prior))


def _to_toponym(p, start: int, end: int, text: str, reason: str | None = None) -> Toponym:
    return Toponym(start=start, end=end, text=text, name=p.name, latitude=p.lat,
                   longitude=p.lon, geonameid=p.geonameid, feature_class=p.fclass,
                   feature_code=p.fcode, country_code=p.cc, admin1=p.admin1, admin2=p.admin2,
                   geo_precision=p.precision or 1, uncertainty_km=p.within_km,
                   role="literal", score=0.5, geo_reason=reason)
