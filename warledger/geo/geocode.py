"""The main place of a short place description ("Chuhuiv, south of Kharkiv" -> Chuhuiv)."""

from __future__ import annotations

import re

from ..models import Toponym
from .gazetteer import Gazetteer

# "south of X", "30 km from X", "between X and Y": X is a reference point, not the place
_RELATIVE = re.compile(
    r"(?:(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
    r"south-east|south-west)(?:ern)?\s+of|km\s+(?:from|of)|kilometers?\s+(?:from|of)|"
    r"kilometres?\s+(?:from|of)|miles?\s+(?:from|of)|direction\s+of|towards?|from)\s+(?:the\s+)?$",
    re.IGNORECASE)


def geocode(description: str, *, country_focus: str | None = "UA",
            gazetteer: Gazetteer | None = None) -> Toponym | None:
    """The place a short description is about, or None when nothing fits."""
    from .geoparse import geoparse

    if not isinstance(description, str) or not description.strip():
        return None
    tops = [t for t in geoparse(description, country_focus=country_focus, gazetteer=gazetteer,
                             description=True)
            if t.role != "demonym" and t.latitude is not None]
    if not tops:
        return None
    literal = [t for t in tops if t.role == "literal"] or tops

    def rank(t: Toponym) -> tuple:
        relative = bool(_RELATIVE.search(description[max(0, t.start - 40):t.start]))
        continent = t.feature_code == "CONT"
        # a district named after its town ("Chuguevsky district, Kharkiv") is as specific as a town
        district = t.feature_class == "P" and t.geo_precision == 3
        return (continent, relative, (t.geo_precision or 3) >= 3 and not district, t.start)

    # a place outside the oblast/state the description names is a namesake: fall back to
    # another place inside it (the district, then the area itself)
    stated = {t.admin1 for t in literal if t.feature_code == "ADM1" and t.admin1}
    if stated:
        inside = [t for t in literal if t.admin1 in stated]
        if inside:
            return min(inside, key=rank)
    return min(literal, key=rank)
