"""geo stage: the offline gazetteer and the geoparser.

    from warledger.geo import geoparse, geocode, get_gazetteer, country_info
    geoparse("Shelling near Bakhmut and Bohdanivka")   # -> [Toponym, ...]
    geocode("Chuhuiv, south of Kharkiv")                # -> Toponym (Chuhuiv)
"""

from __future__ import annotations

from .countries import country_info
from .gazetteer import ATTRIBUTION, Gazetteer, Place, get_gazetteer, reset_gazetteer
from .geocode import geocode
from .geoparse import geoparse

__all__ = ["ATTRIBUTION", "Gazetteer", "Place", "country_info", "geocode", "geoparse",
           "get_gazetteer", "reset_gazetteer"]
