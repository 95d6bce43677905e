"""What a named place stands for in its text, before any clause asks: no place at all (a
weapon, a unit, a person: the not-a-place lexicon), a facility standing for its town, a capital,
a city rather than a village of its name, a country; each looked up once per process.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..models import Toponym

# what makes a word of the not-a-place lexicon a place after all
_PLACE_CUE_BEFORE = re.compile(r"\b(?:village|town|city|settlement|hamlet|township)\s+of\s+$", re.I)
_PLACE_CUE_AFTER = re.compile(
    r"(?:,\s+(?:[A-Z][\w'’-]+\s+){1,2}(?:Oblast|[Rr]egion|[Pp]rovince|[Kk]rai|[Rr]epublic|[Rr]aion)\b"
    r"|\s+(?:Oblast|region|raion|district|hromada|village|town)\b)")
_KINDS = {"organisations": "an organisation or unit", "companies": "a company or maker",
          "weapons": "a weapon or aircraft", "media": "a media outlet", "axes": "a front axis"}


@lru_cache(maxsize=1)
def not_place_words() -> tuple[dict[str, str], frozenset[str]]:
    """The not-a-place lexicon: word -> what it names, and the given names."""
    from ..data import load_lexicon

    data = load_lexicon("not_places.yaml") or {}
    words: dict[str, str] = {}
    for key, kind in _KINDS.items():
        for w in data.get(key) or []:
            words.setdefault(str(w), kind)
    return words, frozenset(str(w) for w in data.get("given_names") or [])


def not_a_place(text: str, t: Toponym) -> str | None:
    """Why the toponym ``t`` is not a place here (a weapon, a unit, a surname...), or None."""
    words, given = not_place_words()
    last = t.text.split()[-1] if t.text.split() else t.text
    kind = words.get(t.text) or words.get(last)
    if kind is not None:
        if _PLACE_CUE_BEFORE.search(text, max(0, t.start - 30), t.start) or \
                _PLACE_CUE_AFTER.match(text, t.end):
            return None
        return f"'{t.text}' is {kind} (lexicon not_places)"
    before = re.search(r"\b([A-Z][a-z]+)\s+$", text[max(0, t.start - 20):t.start])
    if before and before.group(1) in given and " " not in t.text:
        return f"'{before.group(1)} {t.text}' is a person"
    after = re.match(r"\s+[A-Z][a-z]+(?:ov|ova|ev|eva|in|ina|enko|uk|yuk|chuk|sky|skyi|skiy|ych|ich|ko|"
                     r"ak|yak|ets|iv|yan|shvili|dze)\b", text[t.end:t.end + 30])
    if t.text in given and after:
        return f"'{t.text}{after.group()}' is a person"
    return None


@lru_cache(maxsize=64)
def optional(modname: str, attr: str):
    """A function of a stage that may be absent (geo, typing...), or None."""
    import importlib

    try:
        return getattr(importlib.import_module(modname), attr)
    except (ImportError, AttributeError):
        return None


@lru_cache(maxsize=1024)
def geocoded(description: str) -> Toponym | None:
    """A description's place, looked up once per process (the gazetteer does not change under a
    running extraction; ``reset_gazetteer`` users rebuild in a new process)."""
    from ..geo import geocode

    return geocode(description)


def is_capital(t: Toponym) -> bool:
    """Whether the place is its country's capital (which news uses for the government)."""
    if t.feature_code == "PPLC":
        return True
    if t.feature_class != "P" or not t.country_code or not t.name:
        return False
    from ..geo.countries import capital_of

    cap = capital_of(t.country_code) or ""
    return cap.lower() == t.name.lower()


def country_name(place: Toponym | None) -> str | None:
    return country_of(place)[0]


def country_of(place: Toponym | None) -> tuple[str | None, int | None]:
    if place is None or not place.country_code:
        return None, None
    info_fn = optional("warledger.geo", "country_info")
    if info_fn is None:
        return None, None
    info = info_fn(place.country_code) or {}
    return info.get("name"), info.get("iso_numeric")


def is_big(t: Toponym) -> bool:
    """A city (a capital of a country or region, or 20,000 people or more): never swapped for
    a village of the same name, and an anchor for the villages around it."""
    if t.feature_code in ("PPLC", "PPLA", "PPLA2"):
        return True
    if not t.name or t.geonameid is None:
        return False
    return _populous(t.name, t.geonameid)


@lru_cache(maxsize=8192)
def _populous(name: str, geonameid: int) -> bool:
    lookup = optional("warledger.geo", "get_gazetteer")
    if lookup is None:
        return False
    for p in lookup().lookup(name):
        if p.geonameid == geonameid:
            return (p.population or 0) >= 20000
    return False


@lru_cache(maxsize=1)
def _facility_patterns() -> tuple[re.Pattern[str] | None, tuple[str, ...]]:
    """All facility patterns as one regex (a group each, in lexicon order) and their places."""
    from ..data import load_lexicon

    parts, places = [], []
    for entry in load_lexicon("facilities.yaml") or []:
        try:
            pattern, place = str(entry[0]), str(entry[1])
            re.compile(pattern)
        except (re.error, IndexError, TypeError, KeyError):
            continue  # a broken user entry is skipped, not fatal
        parts.append(f"(?P<f{len(places)}>{pattern})")
        places.append(place)
    if not parts:
        return None, ()
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)", re.I), tuple(places)


def facilities_in(text: str) -> list[Toponym]:
    """Facilities named instead of their town (lexicon facilities.yaml), as toponyms of that
    town spanning the facility's words."""
    rx, places = _facility_patterns()
    if rx is None or optional("warledger.geo", "geocode") is None:
        return []
    out: list[Toponym] = []
    for hit in rx.finditer(text):
        which = next((k for k, v in hit.groupdict().items() if v is not None and re.fullmatch(r"f\d+", k)), None)
        t = geocoded(places[int(which[1:])]) if which else None
        if t is not None and t.latitude is not None:
            out.append(t.model_copy(update={"start": hit.start(), "end": hit.end(),
                                            "text": hit.group(), "role": "literal"}))
    return out


def named_city(text: str, t: Toponym) -> Toponym | None:
    """'Mykolaiv City': the city of that name, not a village the story's context preferred."""
    if not re.match(r"\s+City\b", text[t.end:t.end + 8]):
        return None
    lookup = optional("warledger.geo", "get_gazetteer")
    if lookup is None:
        return None
    cities = [p for p in lookup().lookup(t.text) if p.fclass == "P" and (p.population or 0) >= 50000
              and p.lat is not None]
    if not cities:
        return None
    best = max(cities, key=lambda p: p.population or 0)
    if best.geonameid == t.geonameid:
        return None
    return t.model_copy(update={
        "name": best.name, "latitude": best.lat, "longitude": best.lon, "geonameid": best.geonameid,
        "feature_class": best.fclass, "feature_code": best.fcode, "country_code": best.cc,
        "admin1": best.admin1, "admin2": best.admin2, "geo_precision": 1, "uncertainty_km": None})
