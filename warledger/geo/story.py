"""What the story's other names say about a name: candidates of different names lying close
together, a county named in full and then bare, a town's institutions, names that may be no
place at all, county centres, and villages across the border of a foreign oblast's story."""

from __future__ import annotations

import dataclasses

from .gazetteer import ALTERNATE, Place, haversine_km
from .tokens import Mention

PAIR_KM = 40.0
PAIR_W = 1.0
PAIR_CAP = 3.0
_CELL = 1.0  # degrees: a grid cell is wider than PAIR_KM in latitude


def _pair_points(p: Place) -> bool:
    return p.lat is not None and p.fcode not in ("PCLI", "ADM1", "CONT", "RGN") \
        and (p.fclass == "P" or _county(p))


def _pair_support(mentions: list[Mention]) -> dict[int, float]:
    """Place id -> support from other names of the story that have a candidate within
    PAIR_KM of it; a name with many candidates (Springfield) is weaker evidence."""
    by_key: dict[str, dict[int, Place]] = {}
    area_keys: set[str] = set()  # "D.C.", "Georgia": names of an area first, not of a town
    voters: set[str] = set()
    for m in mentions:
        if m.kind == "demonym" or not m.places:
            continue
        if m.places[0].fcode in ("PCLI", "ADM1"):
            area_keys.add(m.key)
        if not m.extra.get("weak"):
            voters.add(m.key)
        d = by_key.setdefault(m.key, {})
        for p in m.places:
            if _pair_points(p):
                d[p.id] = p
    if len(by_key) < 2:
        return {}
    grid: dict[tuple[int, int], list[tuple[str, Place]]] = {}
    for key, places in by_key.items():
        for p in places.values():
            grid.setdefault((int(p.lat // _CELL), int(p.lon // _CELL)), []).append((key, p))
    weight = {k: 1.0 / (1.0 + 0.05 * len(v)) for k, v in by_key.items()}
    out: dict[int, float] = {}
    for key, places in by_key.items():
        if key in area_keys:
            continue
        for p in places.values():
            ci, cj = int(p.lat // _CELL), int(p.lon // _CELL)
            seen: set[str] = set()
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    for k2, q in grid.get((ci + di, cj + dj), ()):
                        if k2 == key or k2 in seen or q.id == p.id or k2 not in voters \
                                or (q.geonameid and q.geonameid == p.geonameid):
                            continue  # a place called by two names is no evidence of itself
                        if haversine_km(p.lat, p.lon, q.lat, q.lon) <= PAIR_KM:
                            seen.add(k2)
            if seen:
                out[p.id] = min(PAIR_CAP, PAIR_W * sum(weight[k] for k in seen))
    return out


_COUNTY_WORDS = (" county", " parish")
ALIAS_KM = 50.0


def _county_aliases(mentions: list[Mention]) -> None:
    """'DeKalb County ... DeKalb police': a bare name that the story also gives as a county
    (parish) names that county, or a town of its name inside it; it is the same name as the
    county's for the context of the story (it does not vote for itself)."""
    counties: dict[str, tuple[str, list[Place]]] = {}
    for m in mentions:
        if m.kind == "demonym" or not m.places:
            continue
        for word in _COUNTY_WORDS:
            if m.key.endswith(word):
                areas = [p for p in m.places if p.fcode == "ADM2"]
                if areas:
                    counties[m.key[: -len(word)]] = (m.key, areas)
    if not counties:
        return
    for m in mentions:
        hit = counties.get(m.key)
        if hit is None or m.kind == "demonym" or m.area_hint or m.direction:
            continue
        key, areas = hit
        pts = [a for a in areas if a.lat is not None and a.precision <= 2]
        inside = [p for p in m.places if p.fclass == "P" and p.lat is not None and any(
            haversine_km(p.lat, p.lon, a.lat, a.lon) <= ALIAS_KM for a in pts)]
        m.places = list(areas) + inside
        m.key = key
        m.kind = "name"


_MUNICIPAL_ONE = frozenset({"elementary", "township", "mayor", "councilman", "councilwoman",
                            "alderman", "aldermen", "selectmen"})
_MUNICIPAL_TWO = frozenset({("city", "council"), ("city", "hall"), ("middle", "school"),
                            ("high", "school"), ("school", "district"), ("school", "board"),
                            ("police", "department"), ("fire", "department"),
                            ("town", "council"), ("village", "board")})


def _municipal_after(m: Mention, toks) -> bool:
    """Whether the words after a name make it a town's institution ("Jordan Elementary
    School", "Lebanon Police Department", "Jordan middle school")."""
    j = m.last_tok + 1
    if j >= len(toks):
        return False
    if toks[j].low in _MUNICIPAL_ONE:
        return True
    return j + 1 < len(toks) and (toks[j].low, toks[j + 1].low) in _MUNICIPAL_TWO


def _weak_voter(m: Mention, focus: str | None) -> bool:
    """A name known only as some foreign place's other name ("Wal" of Wal-Mart, "Julia"): it
    may be resolved, but it says nothing about the state or country of the story."""
    if m.kind == "demonym" or not m.places or m.area_hint or m.direction:
        return False
    return all(p.kind == ALTERNATE and p.cc != focus for p in m.places)


def _county(p: Place) -> bool:
    """A US county placed at its own centre: small enough to locate its neighbours."""
    return p.source == "us_counties" and p.precision == 2


def _place_counties(mentions: list[Mention]) -> None:
    """A county known only by its state's centre takes the story's nearest town of that state."""
    towns = [m.chosen for m in mentions if m.chosen is not None and m.chosen.fclass == "P"
             and m.chosen.precision == 1 and m.chosen.lat is not None]
    for m in mentions:
        c = m.chosen
        if c is None or c.fcode != "ADM2" or c.source != "us_counties" or c.precision != 3:
            continue
        same = [t for t in towns if t.admin1 == c.admin1 and t.cc == c.cc]
        if same:
            m.chosen = dataclasses.replace(c, lat=same[0].lat, lon=same[0].lon)


BORDER_KM = 75.0  # how near a story's places in a foreign oblast its villages lie


def _across_the_border(mentions: list[Mention], focus: str | None) -> None:
    """A story set in a foreign oblast ("Russia's Kursk Oblast ... near Sudzha") that states no
    oblast of the focus country: a village of the focus country ("Martynovka", a Martynivka's
    Russian spelling, or a Crimean village named so) far from the story's places there is the
    namesake near them, or none that the gazetteer knows."""
    if not focus:
        return
    chosen = [m.chosen for m in mentions if m.chosen is not None and m.kind != "demonym"]
    areas = {(c.cc, c.admin1) for c in chosen if c.fcode == "ADM1" and c.admin1 and c.cc}
    if not areas or any(cc == focus for cc, _ in areas):
        return
    pts = [(c.lat, c.lon) for c in chosen if c.fclass == "P" and c.lat is not None
           and (c.cc, c.admin1) in areas]
    if not pts:
        return

    def near(p: Place) -> bool:
        return p.lat is not None and min(haversine_km(p.lat, p.lon, a, b) for a, b in pts) \
            <= BORDER_KM

    for m in mentions:
        c = m.chosen
        if c is None or m.kind == "demonym" or c.cc != focus or c.fclass != "P" \
                or (c.population or 0) >= 20_000 or near(c):
            continue
        close = [p for p in m.places if p.fclass == "P" and near(p)]
        m.chosen = max(close, key=lambda p: p.population or 0) if close else None
