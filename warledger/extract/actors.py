"""Actors: mentions in text normalised to ACLED actor names, and who did what to whom.

``find_actors(text, country)`` finds every actor mention ("Russian forces", "the enemy" in a
Ukrainian statement, "Wagner", "residents", "gunmen"...) with its span and ACLED name and
inter code. ``assign_actors(text, typing, country)`` picks actor1 (who acts) and actor2 (who
is acted upon) for one event and derives ``interaction`` and ``civilian_targeting``.

The lexicon is ``data/lexicons/actors.yaml``; a user's ``$WARLEDGER_DATA_DIR/lexicons/
actors.yaml`` (same format) is read first, so its entries win.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..taxonomy import interaction
from .prefix import PrefixIndex

CIVILIAN_TARGETING = "Civilian targeting"


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    text: str
    name: str
    inter: int


@dataclass(frozen=True)
class _Entry:
    regex: re.Pattern[str]
    name: str
    inter: int
    rank: int  # lower wins among equal spans
    group: int = 0  # the regex group that is the mention (0: the whole match)
    country_word: bool = False  # a bare country name: not after "in", "of", ...
    needs: int = -1  # an entry whose regex matches wherever this one does (-1: none)


def _alt(patterns: list[str]) -> str:
    return _alt_of(tuple(patterns))


@lru_cache(maxsize=1024)
def _alt_of(patterns: tuple[str, ...]) -> str:
    """One alternation of the patterns (the same lexicon lists serve every story country)."""
    return "|".join(f"(?:{p})" for p in patterns)


@lru_cache(maxsize=4096)
def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.I)


# "a local police chief reported", "military sources said": a source, not a party to the event
_WEAPON_WORD = re.compile(r"(?:artillery|aviation|warplanes|war planes|fighter jets|jets|aircraft|"
                          r"bombers|helicopters|drones|tanks|mortars)", re.I)
_WEAPON_BEFORE = re.compile(r"\b(?:with|using|from|by|of)\s+(?:heavy\s+|long-range\s+|its\s+|"
                            r"their\s+)?$", re.I)
_WEAPON_AFTER = re.compile(r"\s+(?:shells?|fire|rounds?|strikes?|attacks?|barrages?|shelling|"
                           r"bombs?|missiles?)\b", re.I)
_SOURCE_AFTER = re.compile(
    r"\s*(?:chiefs?|spokes(?:man|woman|person|people)|officials?|sources?|press (?:service|office)|"
    r"statements?|reports?|said|says|stated|reported|announced|claimed|department|"
    r"headquarters|station|intelligence|update|administrations?|commissariats?|enlistment|"
    r"hospitals?|analysts?|experts?|bloggers?|prosecutors?|courts?|tribunals?)\b",
    re.I,
)


def _load(path: Any) -> dict[str, Any]:
    with path.open("r", encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def _user_file() -> str | None:
    base = os.environ.get("WARLEDGER_DATA_DIR")
    if not base:
        return None
    p = os.path.join(base, "lexicons", "actors.yaml")  # a plain stat: this runs per sentence
    return p if os.path.isfile(p) else None


def _merge(base: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key in ("named", "generic"):
        out[key] = list(user.get(key) or []) + list(base.get(key) or [])
    countries = dict(base.get("countries") or {})
    for name, spec in (user.get("countries") or {}).items():
        countries[name] = {**countries.get(name, {}), **spec}
    out["countries"] = countries
    for key in ("military_nouns", "air_force_nouns", "police_nouns", "attack_nouns"):
        out[key] = list(base.get(key) or []) + list(user.get(key) or [])
    return out


@lru_cache(maxsize=8)
def _lexicon(user_path: str | None) -> dict[str, Any]:
    base = _load(resources.files("warledger").joinpath("data/lexicons/actors.yaml"))
    if user_path:
        base = _merge(base, _load(Path(user_path)))
    return base


def military_name(country: str) -> str:
    spec = (_lexicon(_user_file()).get("countries") or {}).get(country) or {}
    return spec.get("military") or f"Military Forces of {country}"


def police_name(country: str) -> str:
    spec = (_lexicon(_user_file()).get("countries") or {}).get(country) or {}
    return spec.get("police") or f"Police Forces of {country}"


_ATTACK_NOUNS = (
    r"(?:missiles?|rockets?|drones?|air ?strikes?|airstrikes?|strikes?|attacks?|shelling|shells?|"
    r"artillery|bombs?|bombing|bombardment|offensive|assaults?|advances?|raids?|aggression|"
    r"invasion|shahed|kamikaze)"
)


_THE = r"(?:the\s+)?"


@lru_cache(maxsize=256)
def _indexed_entries(
    country: str, user_path: str | None
) -> tuple[tuple[_Entry, ...], PrefixIndex, PrefixIndex, dict[int, int]]:
    """The entries, a prefix index over them, and for the entries that start with an optional
    "the ", a prefix index over the rest (which must then begin at some word start)."""
    entries = _entries(country, user_path)
    head, tail = _rx("\0").pattern.split("\0")
    rests: list[re.Pattern[str]] = []
    gate_of: dict[int, int] = {}
    for i, e in enumerate(entries):
        src = e.regex.pattern
        if src.startswith(head + _THE) and src.endswith(tail):
            gate_of[i] = len(rests)
            rests.append(_rx(src[len(head) + len(_THE):len(src) - len(tail)]))
    return entries, _prefix_index(tuple(e.regex for e in entries)), _prefix_index(tuple(rests)), \
        gate_of


@lru_cache(maxsize=64)
def _prefix_index(regexes: tuple[re.Pattern[str], ...]) -> PrefixIndex:
    """One index per list of regexes: countries the lexicon does not list share theirs."""
    return PrefixIndex(list(regexes))


@lru_cache(maxsize=256)  # one per story country (a CASE-like feed names dozens)
def _entries(country: str, user_path: str | None) -> tuple[_Entry, ...]:
    lex = _lexicon(user_path)
    countries: dict[str, dict[str, Any]] = lex.get("countries") or {}
    mil_nouns = _alt(lex.get("military_nouns") or [])
    air_nouns = _alt(lex.get("air_force_nouns") or [])
    pol_nouns = _alt(lex.get("police_nouns") or [])
    out: list[_Entry] = []
    rank = 0
    # "Syrian civilians" matches only where "civilians" does: the generic entry's regex is a
    # cheap test that spares trying the demonym one at every demonym
    needs: dict[int, str] = {}

    def add(pattern: str, name: str, inter: int, group: int = 0, country_word: bool = False) -> None:
        nonlocal rank
        out.append(_Entry(_rx(pattern), name, int(inter), rank, group, country_word))
        rank += 1

    for spec in lex.get("named") or []:
        only = spec.get("only_in")
        if only and country not in only:
            continue
        add(_alt(spec["patterns"]), spec["name"].replace("{country}", country), spec["inter"])
    for cname, spec in countries.items():
        dem = _alt(spec.get("demonyms") or [])
        mil = spec.get("military") or f"Military Forces of {cname}"
        pol = spec.get("police") or f"Police Forces of {cname}"
        if dem:
            add(rf"(?:the\s+)?(?:{dem})(?:\s+|-)(?:[\w-]+\s+)?(?:{air_nouns})", f"{mil} Air Force", 1)
            # "Russian and proxy forces", "Russian and LNR troops": the allies join the demonym
            add(rf"(?:the\s+)?(?:{dem})(?:\s+|-)(?:and\s+(?:proxy|allied|separatist|DNR|LNR|DPR|LPR|"
                rf"Chechen|Belarusian|occupation)\s+)?(?:[\w-]+\s+)?(?:{mil_nouns})", mil, 1)
            add(rf"(?:the\s+)?(?:{dem})(?:\s+|-)(?:{pol_nouns})", pol, 1)
            # "a Russian missile strike": the demonym alone is the mention
            add(rf"({dem})(?=(?:\s+[\w-]+)?\s+{_ATTACK_NOUNS}\b)", mil, 1, group=1)
        if spec.get("names"):
            add(_alt(spec["names"]), mil, 1, country_word=True)
        if country in (spec.get("enemy_in") or []) and spec.get("enemy_words"):
            add(_alt(spec["enemy_words"]), mil, 1)
    home = countries.get(country) or {}
    home_mil = home.get("military") or f"Military Forces of {country}"
    home_pol = home.get("police") or f"Police Forces of {country}"
    for spec in lex.get("generic") or []:
        name = spec["name"].replace("{country}", country)
        pats = _alt(spec["patterns"])
        # "Syrian civilians": the demonym says whose civilians
        for cname, cspec in countries.items():
            if cname == country or not cspec.get("demonyms"):
                continue
            needs[len(out)] = pats
            add(rf"(?:{_alt(cspec['demonyms'])})\s+(?:[\w-]+\s+)?(?:{pats})",
                spec["name"].replace("{country}", cname), spec["inter"])
        add(pats, name, spec["inter"])
    add(rf"(?:the\s+)?(?:{air_nouns})", f"{home_mil} Air Force", 1)
    add(rf"(?:the\s+)?(?:{pol_nouns})", home_pol, 1)
    add(rf"(?:the\s+)?(?:{mil_nouns})", home_mil, 1)
    by_pattern = {e.regex.pattern: i for i, e in reversed(list(enumerate(out)))}
    for i, pats in needs.items():
        j = by_pattern.get(_rx(pats).pattern, -1)
        if j >= 0:
            e = out[i]
            out[i] = _Entry(e.regex, e.name, e.inter, e.rank, e.group, e.country_word, j)
    return tuple(out)


_PLACE_PREP = re.compile(
    r"(?:\b(?:in|into|of|across|to|from|near|throughout|over|inside|within|for|at|on|against|"
    r"eastern|western|northern|southern|central|occupied|east|west|north|south|entire|all|"
    r"visit|visited|visiting|toward|towards)\s+)$",
    re.I,
)


def find_actors(text: str, country: str = "Ukraine") -> list[ActorMention]:
    """Actor mentions in ``text`` (longest first where they overlap), in text order."""
    return list(_find_actors(text, country, _user_file()))  # stages ask again for a sentence


@lru_cache(maxsize=512)
def _find_actors(text: str, country: str, user_path: str | None) -> tuple[ActorMention, ...]:
    cands: list[tuple[int, int, int, _Entry]] = []
    entries, index, rest_index, gate_of = _indexed_entries(country, user_path)
    where = index.positions(text)  # the entries that can match at all, and where
    rests = rest_index.candidates(text) if where is not None else None
    present: dict[int, bool] = {}

    def matches(i: int):
        return index.matches_at(i, text, where[i] if where is not None else None)

    for i, e in enumerate(entries):
        if where is not None and i not in where:
            continue
        if rests is not None and i in gate_of and gate_of[i] not in rests:
            continue  # "the " is there, but not what must follow it
        if e.needs >= 0:
            ok = present.get(e.needs)
            if ok is None:
                j = e.needs
                ok = present[j] = (where is None or j in where) and \
                    next(iter(matches(j)), None) is not None
            if not ok:
                continue
        for m in matches(i):
            s, t = m.span(e.group)
            if s < 0 or s == t:
                continue
            if e.country_word and _PLACE_PREP.search(text[max(0, s - 25):s]):
                continue
            if e.inter in (1, 7) and _SOURCE_AFTER.match(text, t):
                continue  # "military officials said", "residents said": sources, not sides
            if e.inter == 1 and _WEAPON_WORD.fullmatch(text[s:t]) and (
                    _WEAPON_BEFORE.search(text[max(0, s - 20):s])
                    or _WEAPON_AFTER.match(text, t)):
                continue  # "fired on the city with heavy artillery": the means, not a side
            cands.append((s, t, e.rank, e))
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int]] = []
    out: list[ActorMention] = []
    for s, t, _, e in cands:
        if any(s < b and a < t for a, b in taken):
            continue
        taken.append((s, t))
        out.append(ActorMention(s, t, text[s:t], e.name, e.inter))
    out.sort(key=lambda a: a.start)
    # "the Russian defence ministry said its troops...": "its" refers back to that country
    for i, m in enumerate(out):
        if m.inter == 1 and _POSSESSIVE.search(text[max(0, m.start - 8):m.start]):
            owner = _owner_before(text, m.start, country)
            if owner and owner != m.name:
                out[i] = ActorMention(m.start, m.end, m.text, owner, 1)
    return tuple(out)


@lru_cache(maxsize=4)
def _demonym_rxs(user_path: str | None) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each country's demonyms as one regex, with its military's name (built once)."""
    lex = _lexicon(user_path)
    out = []
    for cname, spec in (lex.get("countries") or {}).items():
        dem = spec.get("demonyms") or []
        if dem:
            out.append((_rx(_alt(dem)), spec.get("military") or f"Military Forces of {cname}"))
    return tuple(out)


def _owner_before(text: str, at: int, country: str) -> str | None:
    """The state whose demonym comes last before ``at`` in the same sentence."""
    sentence_start = max(text.rfind(".", 0, at), text.rfind(";", 0, at)) + 1
    best: tuple[int, str] | None = None
    for rx, military in _demonym_rxs(_user_file()):
        for m in rx.finditer(text, sentence_start, at):
            if best is None or m.start() > best[0]:
                best = (m.start(), military)
    return best[1] if best else None


# --- who did it to whom --------------------------------------------------------------

_PROTEST = ("Peaceful protest", "Protest with intervention", "Excessive force against protesters")
_RIOT = ("Violent demonstration", "Mob violence")
_VAC = ("Attack", "Abduction/forced disappearance", "Sexual violence")
_REMOTE = (
    "Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
    "Suicide bomb", "Grenade", "Chemical weapon",
)
_BY = re.compile(r"\bby\s+(?:the\s+)?$", re.I)
_POSSESSIVE = re.compile(r"\b(?:its|their|his)\s+$", re.I)


def assign_actors(
    text: str, typing: Any = None, country: str = "Ukraine"
) -> tuple[str | None, str | None, int | None, int | None, int | None, str | None]:
    """(actor1, actor2, inter1, inter2, interaction, civilian_targeting) for one event.

    ``typing`` is a ``warledger.extract.typing.Typing`` (or None): its trigger splits the
    clause into the doer (before an active verb, after "by") and the target.
    """
    mentions = find_actors(text, country)
    sub = getattr(typing, "sub_event_type", None)
    trig = getattr(typing, "trigger_start", None)
    trig_end = getattr(typing, "trigger_end", None)
    civ = f"Civilians ({country})"

    def first(pred: Any, items: list[ActorMention]) -> ActorMention | None:
        return next((m for m in items if pred(m)), None)

    agents = [m for m in mentions if m.inter != 7]
    civilians = [m for m in mentions if m.inter == 7]
    a1: ActorMention | None = None
    passive: list[ActorMention] = []
    if trig is not None:
        passive = [m for m in agents if m.start >= (trig_end or trig)
                   and _BY.search(text[max(0, m.start - 12):m.start])]
        before = [m for m in agents if m.end <= trig]
        a1 = passive[0] if passive else (before[-1] if before else None)
    if a1 is None and not (sub in _REMOTE and trig is not None):
        # (a bomb's victims named after it are not who planted it)
        a1 = first(lambda m: True, agents)
    actor1 = a1.name if a1 else None
    inter1 = a1.inter if a1 else None
    actor2: str | None = None
    inter2: int | None = None

    if sub in _PROTEST:
        actor1, inter1 = f"Protesters ({country})", 6
        if sub != "Peaceful protest":
            pol = first(lambda m: m.inter == 1, agents)
            actor2 = pol.name if pol else police_name(country)
            inter2 = 1
    elif sub in _RIOT:
        rioter = first(lambda m: m.inter in (5, 6), agents)
        actor1 = f"Rioters ({country})" if rioter is None or rioter.inter == 6 else rioter.name
        inter1 = 5
        other = first(lambda m: m.name != actor1 and m.inter in (1, 2, 3, 4), agents)
        if other is not None:
            actor2, inter2 = other.name, other.inter
        elif civilians:
            actor2, inter2 = civ, 7
    else:
        others = [m for m in agents if m.name != actor1]
        if trig is not None:
            after = [m for m in others if m.start >= trig]
            target = after[0] if after else (others[0] if others else None)
            if sub in _REMOTE and not passive and not after:
                # "Ukraine's air force said it shot down 16 of the drones Russia launched":
                # a side named before an active strike is not what it struck
                target = None
        else:
            target = others[0] if others else None
        if sub in _VAC or (civilians and (target is None or target.inter == 1 and sub in _REMOTE
                                          and target.start < (trig or 0))):
            if civilians or sub in _VAC:
                actor2, inter2 = civ, 7
                first_civ = civilians[0] if civilians else None
                if first_civ is not None:
                    actor2 = first_civ.name
        elif target is not None:
            actor2, inter2 = target.name, target.inter
        if actor1 is not None and actor1 == actor2:
            actor2, inter2 = None, None
        if sub == "Arrests" and actor1 is None:
            actor1, inter1 = police_name(country), 1

    targeting = None
    if inter2 == 7 and sub not in _PROTEST and sub not in (
        "Agreement", "Change to group/activity", "Headquarters or base established",
        "Disrupted weapons use", "Other", "Non-violent transfer of territory",
    ):
        targeting = CIVILIAN_TARGETING
    if actor1 is None and actor2 is not None and inter2 != 7:
        actor1, inter1, actor2, inter2 = actor2, inter2, None, None
    return actor1, actor2, inter1, inter2, interaction(inter1, inter2), targeting
