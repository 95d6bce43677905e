"""The namesake a passage means: a village's other places of the same sentence decide.

Front-line reports list villages by the dozen, and Ukraine has dozens of Pavlivkas and
Andriivkas. A report that says "assaults in the directions of Novomykhaylivka, Volodymyrivka,
Pavlivka, and Vodyane, all situated southwest of Donetsk City" or "airstrikes on Andriivka,
Bilohirka, and Lozove ... in northwestern Kherson Oblast" says which ones: the namesake inside
a first-level region the sentence names, else the one near the sentence's other places.

``rechoose`` takes a toponym the geoparser resolved for the whole story, the regions and the
anchor points of its sentence, and returns the namesake the sentence means (with the reason),
or None to keep the story's choice.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from ..models import Toponym
from .gazetteer import Place, get_gazetteer, haversine_km

NEAR_KM = 50.0  # an anchor this close (plus the namesake's own uncertainty) confirms it
CLEARLY_KM = 15.0  # another namesake must be this much nearer the anchors to win


def namesakes(t: Toponym) -> list[Place]:
    """The settlements a toponym's words (or its resolved name) may name."""
    gaz = get_gazetteer()
    seen: dict[int, Place] = {}
    for key in {t.text, t.name or t.text}:
        for p in gaz.lookup(key):
            if p.fclass == "P" and p.lat is not None and (t.country_code is None or p.cc == t.country_code):
                seen.setdefault(p.id, p)
    return list(seen.values())


def _dist(lat: float, lon: float, anchors: Iterable[tuple[float, float]]) -> float:
    return min((haversine_km(lat, lon, a, b) for a, b in anchors), default=float("inf"))


def rechoose(t: Toponym, regions: set[str], anchors: list[tuple[float, float]],
             context: list[tuple[float, float]] | None = None) -> tuple[Toponym, str] | None:
    """The namesake of ``t`` that its sentence means, and why; None to keep ``t``.

    ``regions``: first-level regions the sentence names ("Kherson Oblast"); ``anchors``: the
    coordinates of the sentence's other places (its towns and reference points); ``context``:
    the towns of the paragraph before it, asked only when the sentence's own places settle
    nothing.
    """
    hit = _rechoose(t, regions, anchors)
    if hit is None and context and not regions:
        hit = _rechoose(t, regions, anchors + context)
        if hit is not None:
            return hit[0], hit[1].replace("of its sentence", "of its paragraph")
    return hit


def _rechoose(t: Toponym, regions: set[str], anchors: list[tuple[float, float]]
              ) -> tuple[Toponym, str] | None:
    if t.feature_class != "P" or t.latitude is None or t.longitude is None:
        return None
    if regions and t.admin1 in regions:
        return None
    if not regions and (not anchors or _dist(t.latitude, t.longitude, anchors) <= CLEARLY_KM):
        return None
    options = [p for p in namesakes(t) if (p.lat, p.lon) != (t.latitude, t.longitude)]
    if regions:
        inside = [p for p in options if p.admin1 in regions]
        if not inside:
            return None
        best = min(inside, key=lambda p: (_dist(p.lat, p.lon, anchors) if anchors else 0.0, -p.population))
        return _as(t, best), f"the namesake in {best.admin1}, which its sentence names"
    here = _dist(t.latitude, t.longitude, anchors)
    near = [(d, p) for p in options
            if (d := _dist(p.lat, p.lon, anchors)) <= NEAR_KM + (p.within_km or 0)
            and d + CLEARLY_KM < here]
    if not near:
        return None
    _, best = min(near, key=lambda dp: (dp[0], -dp[1].population))
    return _as(t, best), f"the namesake near the other places of its sentence ({best.admin1 or best.cc})"


def bearing_from(t: Toponym, anchor: Toponym, km: float | None, direction: str | None) -> Toponym:
    """'X, 20 km north of Y' for a village the gazetteer knows only by its hromada's centre:
    the point the text states (Y moved km in that direction), near precision (2)."""
    lat, lon = anchor.latitude, anchor.longitude
    dist = km or 0.0
    if direction and dist:
        dlat, dlon = _DIRECTIONS.get(direction.lower().replace("-", ""), (0.0, 0.0))
        norm = (dlat * dlat + dlon * dlon) ** 0.5 or 1.0
        lat = lat + dist * dlat / norm / 111.0
        lon = lon + dist * dlon / norm / (111.0 * max(0.2, math.cos(math.radians(lat))))
    return t.model_copy(update={"latitude": round(lat, 5), "longitude": round(lon, 5),
                                "geo_precision": 2, "uncertainty_km": max(5.0, dist * 0.3)})


_DIRECTIONS = {"north": (1, 0), "south": (-1, 0), "east": (0, 1), "west": (0, -1),
               "northeast": (1, 1), "northwest": (1, -1), "southeast": (-1, 1), "southwest": (-1, -1)}


def _as(t: Toponym, p: Place) -> Toponym:
    return t.model_copy(update={
        "name": p.name, "latitude": p.lat, "longitude": p.lon, "geonameid": p.geonameid,
        "feature_class": p.fclass, "feature_code": p.fcode, "country_code": p.cc,
        "admin1": p.admin1, "admin2": p.admin2, "geo_precision": p.precision or 1,
        "uncertainty_km": p.within_km})
