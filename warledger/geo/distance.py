"""Distances the text states: "12 km south of Kurakhove", "(47km north-east of Donetsk)",
"15 kilometres (nine miles) northeast of Lugansk", "20 km from Kramatorsk".

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
    r"(?P<km>\d+(?:[.,]\d+)?)\s*(?P<unit>km|kilomet(?:er|re)s?|miles?)\b"
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

    @property
    def target(self) -> tuple[float, float] | None:
        """The point the text gives (None without a direction)."""
        if self.bearing is None or self.ref.latitude is None:
            return None
        return destination(self.ref.latitude, self.ref.longitude, self.km, self.bearing)

    def describe(self) -> str:
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
        if m.group("unit").lower().startswith("mile"):
            km *= MILE_KM
        if not 0 < km <= 300:
            continue
        word = (m.group("dir") or "").lower().replace("-", "").replace(" ", "")
        out.append(Offset(m.start(), ref.end, round(km, 1), _BEARING.get(word), ref))
    return out


SNAP_KM = 15.0  # a namesake this near the stated point (or more, for long distances) fits


def apply_offset(place: Toponym, offsets: list[Offset], gaz: Gazetteer) -> Toponym:
    """The namesake of ``place`` that lies where a stated distance puts it, placed at the
    stated point when the gazetteer only knows its hromada's centre."""
    from .translit import norm

    usable = [o for o in offsets if o.ref.start != place.start]
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
