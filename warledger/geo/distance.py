"""Distances the text states: "12 km south of Kurakhove", "(47km north-east of Donetsk)",
"15 kilometres (nine miles) northeast of Lugansk", "20 km from Kramatorsk", and nearness:
"Novodvirske village, near Ilovaisk town", "Lozove on the outskirts of Donetsk", "Nevelske
(neighbourhood of Donetsk)", "Leninske, 800 meters from Horlivka".

``stated_offsets`` finds them with the reference place the geoparser resolved; ``apply_offset``
uses one to choose a namesake of the described place (the one that lies where the text says)
and, for a village the gazetteer only knows by its hromada's centre, to place it at the point
the text gives.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..models import Toponym
from .gazetteer import Gazetteer, haversine_km

_OFFSET = re.compile(
    r"(?P<km>\d+(?:[.,]\d+)?)\s*(?P<unit>km|kilomet(?:er|re)s?|miles?|m|met(?:er|re)s?)\b"
    r"(?:\s*\([^)]{0,30}\))?\s*"
    r"(?P<dir>(?:north|south)(?:[- ]?(?:east|west))?|east|west)?(?:ern)?\s*"
    r"(?:of|from|outside)\s+", re.IGNORECASE)
_BEARING = {"north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0, "south": 180.0,
            "southwest": 225.0, "west": 270.0, "northwest": 315.0}
MILE_KM = 1.609344
REF_GAP = 60  # characters between "of" and the reference place ("of the rebel capital Donetsk")


@dataclass(frozen=True)
class Offset:
    start: int
    end: int
    km: float
    bearing: float | None  # degrees from north; None for "20 km from X"
    ref: Toponym
    near: bool = False  # "X near T", "X on the outskirts of T": X lies at T, give or take

    @property
    def target(self) -> tuple[float, float] | None:
        """The point the text gives (None without a direction)."""
        if self.ref.latitude is None:
            return None
        if self.near:
            return self.ref.latitude, self.ref.longitude
        if self.bearing is None:
            return None
        return destination(self.ref.latitude, self.ref.longitude, self.km, self.bearing)

    def describe(self) -> str:
        if self.near:
            return f"near {self.ref.name}"
        if self.bearing is None:
            return f"{self.km:g} km from {self.ref.name}"
        return f"{self.km:g} km {_compass(self.bearing)} of {self.ref.name}"


def _compass(bearing: float) -> str:
    return {0: "N", 45: "NE", 90: "E", 135: "SE", 180: "S", 225: "SW", 270: "W",
            315: "NW"}[int(bearing) % 360]


def destination(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    """The point ``km`` from (lat, lon) in the direction ``bearing`` (flat earth: the
    distances stated in news are tens of km)."""
    b = math.radians(bearing)
    dlat = km * math.cos(b) / 111.195
    dlon = km * math.sin(b) / (111.195 * max(0.01, math.cos(math.radians(lat))))
    return round(lat + dlat, 5), round(lon + dlon, 5)


def stated_offsets(text: str, tops: list[Toponym]) -> list[Offset]:
    """Every "N km (direction) of/from PLACE" whose PLACE the geoparser resolved."""
    out = []
    for m in _OFFSET.finditer(text):
        ref = next((t for t in tops if m.end() <= t.start <= m.end() + REF_GAP
                    and t.latitude is not None and t.role != "demonym"), None)
        if ref is None:
            continue
        km = float(m.group("km").replace(",", "."))
        unit = m.group("unit").lower()
        if unit.startswith("mile"):
            km *= MILE_KM
        elif unit.startswith("m"):
            km /= 1000.0  # metres
        if not 0 < km <= 300:
            continue
        word = (m.group("dir") or "").lower().replace("-", "").replace(" ", "")
        bearing = _BEARING.get(word)
        out.append(Offset(m.start(), ref.end, round(km, 1), bearing, ref,
                          near=bearing is None and km <= 3.0))
    return out


# "X near (the town of) T", "X on the outskirts of T", "X (a suburb / neighbourhood of T)":
# X lies at T, within a few km; only said of a place named before it
_NEAR = re.compile(
    r"\b(?:near|close\s+to|next\s+to|outside|on\s+the\s+outskirts\s+of|(?:in\s+)?the\s+outskirts\s+of"
    r"|(?:a\s+|the\s+)?(?:suburb|neighbou?rhood|district|microdistrict|part)\s+of)\s+"
    r"(?:the\s+)?(?:(?:occupied|government-controlled|frontline|front-line)\s+)?"
    r"(?:(?:town|city|village|settlement|urban-type\s+settlement)\s+(?:of\s+)?)?",
    re.IGNORECASE)
_FACILITY = re.compile(r"\s*(?:mine|colliery|plant|factory|works|station|cemetery)\b", re.I)
_POSSESSIVE = re.compile(r"['’]s\s*$")
NEAR_KM = 10.0  # "X near T", "on the outskirts of T": X within about this of T


def stated_nearness(text: str, tops: list[Toponym]) -> list[Offset]:
    """Every "near T" (and its kin) right after a place, whose T the geoparser resolved to a
    settlement the gazetteer locates (a town, not an area): X lies at T, give or take."""
    out = []
    for m in _NEAR.finditer(text):
        ref = next((t for t in tops if t.start == m.end()), None)
        if ref is None or text[ref.end:ref.end + 1] in ("-", "\u2010", "\u2011") \
                or _POSSESSIVE.search(text, 0, m.start()):
            continue  # "the Kiev-controlled port", "Donetsk's suburb of Oktyabrsky"
        if _FACILITY.match(text, ref.end):
            continue  # "near the Proletarskaya mine": a facility named after a town
        if ref.latitude is None or ref.role == "demonym" \
                or ref.feature_class != "P" or (ref.geo_precision or 1) != 1:
            continue
        if not any(t.end <= m.start() and t is not ref for t in tops):
            continue  # "near T" opens the description: T is its place
        out.append(Offset(m.start(), ref.end, 0.0, None, ref, near=True))
    return out


SNAP_KM = 15.0  # a namesake this near the stated point (or more, for long distances) fits


def apply_offset(place: Toponym, offsets: list[Offset], gaz: Gazetteer) -> Toponym:
    """The namesake of ``place`` that lies where a stated distance puts it, placed at the
    stated point when the gazetteer only knows its hromada's centre."""
    from .translit import norm

    usable = [o for o in offsets if o.ref.start != place.start
              and (not o.near or place.end <= o.start)]
    if not usable or place.feature_class != "P":
        return place
    o = usable[0]
    target = o.target
    slack = max(SNAP_KM, 0.5 * o.km)

    def misfit(lat: float, lon: float) -> float:
        if target is not None:
            return haversine_km(lat, lon, *target)
        return abs(haversine_km(lat, lon, o.ref.latitude, o.ref.longitude) - o.km)

    cands = [p for p in gaz.lookup(norm(place.text), normalized=True)
             if p.fclass == "P" and p.lat is not None and p.cc == place.country_code]
    best = min(cands, key=lambda p: misfit(p.lat, p.lon) - (p.within_km or 0.0), default=None)
    chosen = place
    moved = False
    if best is not None and misfit(best.lat, best.lon) - (best.within_km or 0.0) <= slack \
            and (best.lat, best.lon) != (place.latitude, place.longitude) \
            and misfit(best.lat, best.lon) < misfit(place.latitude, place.longitude):
        chosen = place.model_copy(update={
            "name": best.name, "latitude": best.lat, "longitude": best.lon,
            "geonameid": best.geonameid, "admin1": best.admin1, "admin2": best.admin2,
            "geo_precision": best.precision or 1,
            "uncertainty_km": best.within_km if best.precision == 2 else None})
        moved = True
    said = f"{o.describe()}, as the text states"
    if o.near and target is not None:
        return _near(place, chosen, moved, o, cands, said)
    if target is not None and chosen.geo_precision == 2 and chosen.latitude is not None and \
            haversine_km(chosen.latitude, chosen.longitude, *target) \
            <= (chosen.uncertainty_km or 0.0) + 0.3 * o.km:
        # only its hromada's centre is known: the point the text gives is better
        return chosen.model_copy(update={
            "latitude": target[0], "longitude": target[1],
            "uncertainty_km": round(max(3.0, 0.25 * o.km), 1),
            "geo_reason": f"placed {said} (the gazetteer knows only its hromada's centre)"})
    if moved:
        return chosen.model_copy(update={"geo_reason": f"the {chosen.name} {said}"})
    return chosen


UNKNOWN_THERE_KM = 40.0  # "X near T" and no X within this of T: the gazetteer lacks this X
UNKNOWN_MAX_POP = 10_000  # a town of this size or more is never moved to T


def _near(place: Toponym, chosen: Toponym, moved: bool, o: Offset, cands: list,
          said: str) -> Toponym:
    """"X near T": a village the gazetteer knows only by its hromada's centre lies where the
    disc around that centre (its uncertainty) meets the disc of "near T"; a small place of
    which no namesake lies anywhere near T is one the gazetteer does not know: near T."""
    t_lat, t_lon = o.ref.latitude, o.ref.longitude
    if t_lat is None or t_lon is None:
        return chosen
    pop = max((p.population or 0 for p in cands
               if (p.lat, p.lon) == (place.latitude, place.longitude)), default=0)
    here = place.latitude is not None and haversine_km(
        place.latitude, place.longitude, t_lat, t_lon) <= (place.uncertainty_km or 0.0) \
        + UNKNOWN_THERE_KM
    if pop < UNKNOWN_MAX_POP and not here and o.ref.country_code == place.country_code \
            and not any(
            haversine_km(p.lat, p.lon, t_lat, t_lon) <= (p.within_km or 0.0) + UNKNOWN_THERE_KM
            for p in cands):
        # "Maiorsk near Horlivka": no place of that name lies there
        return place.model_copy(update={
            "name": place.text, "latitude": t_lat, "longitude": t_lon, "geonameid": None,
            "admin1": o.ref.admin1, "admin2": o.ref.admin2, "country_code": o.ref.country_code,
            "geo_precision": 2, "uncertainty_km": NEAR_KM,
            "geo_reason": f"placed {said} (no {place.text} the gazetteer knows lies there)"})
    u = chosen.uncertainty_km or 0.0
    if chosen.geo_precision == 2 and u and chosen.latitude is not None:
        d = haversine_km(t_lat, t_lon, chosen.latitude, chosen.longitude)
        if d <= u + 2 * NEAR_KM:
            # along the line from T to the centre, the middle of where both discs hold
            lo, hi = max(-NEAR_KM, d - u), min(NEAR_KM, d + u)
            x = min(max((lo + hi) / 2, 0.0), d)
            f = x / d if d else 0.0
            lat = round(t_lat + f * (chosen.latitude - t_lat), 5)
            lon = round(t_lon + f * (chosen.longitude - t_lon), 5)
            return chosen.model_copy(update={
                "latitude": lat, "longitude": lon,
                "uncertainty_km": round(max(3.0, (hi - lo) / 2), 1),
                "geo_reason": f"placed {said}, within {u:g} km of its hromada's centre (the "
                              "gazetteer knows only that)"})
    if moved:
        return chosen.model_copy(update={"geo_reason": f"the {chosen.name} {said}"})
    return chosen


def offset_point(o: Offset) -> Toponym | None:
    """A description that gives only a distance and a direction from a place ("25 kilometres
    north of Donetsk"): the point it gives, at precision 2."""
    target = o.target
    if target is None:
        return None
    ref = o.ref
    return ref.model_copy(update={
        "start": o.start, "end": o.end, "name": o.describe(), "latitude": target[0],
        "longitude": target[1], "geonameid": None, "feature_class": "P", "feature_code": "PPL",
        "geo_precision": 2, "uncertainty_km": round(max(3.0, 0.25 * o.km), 1),
        "geo_reason": f"the point {o.describe()}, as the text states"})
