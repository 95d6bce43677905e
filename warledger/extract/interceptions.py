"""Interception claims: "shot down 16 out of 21 Iranian-made Shahed suicide drones",
"air defence destroyed 34 of 36 drones", "all 12 missiles were intercepted", "Ukrainian forces
shot down 5 Kalibr cruise missiles", "знищено 16 з 21 шахедів", "сбито 18 из 20 беспилотников".

``find_interceptions(text)`` returns launched/destroyed counts, the weapon (canonical names
from ``data/lexicons/interception_weapons.yaml``) and its origin, with character offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from .lossbase import load_yaml, num_pattern, parse_number, sentence_end, sentence_start, windows

__all__ = ["Interception", "find_interceptions", "VERB_DOWN", "VERB_DESTROY"]


@dataclass(frozen=True)
class Interception:
    start: int
    end: int
    launched: int | None
    destroyed: int | None
    weapon: str | None
    origin: str | None
    spans: list[tuple[int, int, str]]


@lru_cache(maxsize=1)
def _weapons() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for entry in load_yaml("interception_weapons.yaml"):
        pat = "|".join(f"(?:{p})" for p in entry["patterns"])
        out.append((entry["name"], re.compile(rf"(?<![\w])(?:{pat})(?![\w])", re.I)))
    return out



VERB_DOWN = (r"shot\s+down|downed|intercepted|neutrali[sz]ed|збито|збили|збив|збила|"
             r"перехоплено|перехопили|сбито|сбили|сбиты|перехвачено|перехватили|перехвачены")
VERB_DESTROY = r"destroyed|знищено|знищили|знищила|знищив|уничтожено|уничтожены|уничтожили"
VERB_LAUNCH = (r"launched|fired|used|attacked\s+(?:\w+\s+){0,3}?with|запустил\w*|випустил\w*|"
               r"атакува\w*|застосува\w*|выпустил\w*|атаковал\w*|применил\w*|запустив|випустив")
_OF = r"(?:out\s+of|of|з|із|зі|из)"
_ALL = r"(?:all|усі|всі|все)"
_ORIGIN = (r"Iranian[- ]made|Iranian|Russian[- ]made|North\s+Korean|іранськ\w*|"
           r"іранського\s+виробництва|иранск\w*|иранского\s+производства")
_WMOD = (r"suicide|attack|kamikaze|strike|combat|loitering|ударн\w*|камікадзе|камикадзе|"
         r"російськ\w*|ворож\w*|российск\w*|вражеск\w*|enemy|Russian|Ukrainian|jet-powered|\d{3}")
_BE = r"(?:were|was|have\s+been|had\s+been|has\s+been|було|були|был[иао]?)"
_VERB_CUE = re.compile(rf"(?<!\w)(?:{VERB_DOWN}|{VERB_DESTROY})(?!\w)", re.I)
_AD_CUE = re.compile(r"air\s+defen[cs]e|anti-aircraft|ППО|ПВО|air\s+force|повітрян|воздушн|"
                     r"shot\s+down|intercept|launched|атакува|запусти|випусти", re.I)
_FAMILIES = {
    "drones": {"Shahed-136", "Shahed-131", "Shahed drones", "drones"},
    "missiles": {"Kalibr cruise missiles", "Kh-101 cruise missiles", "Kinzhal missiles",
                 "Iskander missiles", "cruise missiles", "ballistic missiles", "guided missiles",
                 "missiles"},
}


def _family(weapon: str | None) -> str | None:
    return next((f for f, names in _FAMILIES.items() if weapon in names), None)


@lru_cache(maxsize=1)
def _weapon_fragment() -> str:
    heads = "|".join(f"(?:{rx.pattern})" for _, rx in _weapons())
    return (rf"(?:(?P<origin>{_ORIGIN})\s+)?(?P<weapon>(?:(?:{_WMOD}|{heads})[\s-]+){{0,4}}"
            rf"(?:{heads})(?:\s+(?:типу|type)\s+[«\"“]?(?:{heads})[»\"”]?(?:/\d{{3}})?)?)")


@lru_cache(maxsize=1)
def _interception_rxs() -> list[tuple[str, re.Pattern[str]]]:
    weapon = _weapon_fragment()
    n = num_pattern()
    total = r"(?:(?:a\s+total\s+of|in\s+total|загалом|всього|всего)\s+)?"
    fill = r"(?:\s+[\w'’-]+){0,6}?"
    verb = rf"(?P<verb>{VERB_DOWN}|{VERB_DESTROY})"
    tail = r"(?=\s*[.,;:)!?]|\s*$|\s+(?:запущен\w*|випущен\w*|launched|fired|выпущен\w*))"
    pats = [
        ("of", rf"{verb}\s+{total}(?P<d>{n})\s+{_OF}\s+(?:the\s+)?(?:(?:over|more\s+than|about|nearly|"
               rf"some|almost|at\s+least|понад|більше\s+ніж|более)\s+)?(?P<l>{n})\s+{weapon}"),
        ("of_passive", rf"(?P<d>{n})\s+{_OF}\s+(?:the\s+)?(?P<l>{n})\s+{weapon}{fill}\s+"
                       rf"(?:{_BE}\s+)?{verb}"),
        ("of_after", rf"{verb}\s+{total}(?P<d>{n})\s+{weapon}\s+{_OF}\s+(?P<l>{n}){tail}"),
        ("all", rf"{_ALL}\s+(?P<a>{n})\s+{weapon}{fill}\s+(?:{_BE}\s+)?{verb}"),
        ("all_active", rf"{verb}\s+{_ALL}\s+(?:(?:the|of\s+the)\s+)?(?P<a>{n})\s+{weapon}"),
        ("launched", rf"(?:{VERB_LAUNCH})\s+{total}(?P<l>{n})\s+{weapon}[^.]{{0,120}}?"
                     rf"(?:(?P<d>{n})\s+(?:of\s+(?:them|which)|з\s+них|із\s+них|из\s+них)|"
                     rf"(?:of\s+which|з\s+них|із\s+них|из\s+них)\s+(?P<d2>{n}))\s+"
                     rf"(?:{_BE}\s+)?{verb}"),
        ("down", rf"{verb}\s+{total}(?P<d>{n})\s+{weapon}"),
        ("down_passive", rf"(?P<d>{n})\s+{weapon}\s+(?:{_BE}\s+)?(?P<verb>{VERB_DOWN})"),
    ]
    return [(name, re.compile(p, re.I)) for name, p in pats]


@lru_cache(maxsize=1)
def _continuation_rx() -> re.Pattern[str]:
    n = num_pattern()
    return re.compile(
        rf"(?:\s*,\s*|\s+)(?:(?:and|as\s+well\s+as|та|і|й|и)\s+)?(?:(?P<all>{_ALL})\s+)?"
        rf"(?P<d>{n})(?:\s+{_OF}\s+(?:the\s+)?(?P<l>{n}))?\s+{_weapon_fragment()}", re.I)


@lru_cache(maxsize=1)
def _launch_rx() -> re.Pattern[str]:
    return re.compile(rf"(?:{VERB_LAUNCH})\s+(?:(?:a\s+total\s+of|загалом)\s+)?"
                      rf"(?P<l>{num_pattern()})\s+{_weapon_fragment()}", re.I)


def _weapon_name(phrase: str) -> str | None:
    for name, rx in _weapons():
        if rx.search(phrase):
            return name
    return None


def _launches(text: str) -> list[tuple[int, int, int, str | None]]:
    """"launched 40 Shahed drones and 5 Kh-101 missiles": (start, end, count, weapon) each."""
    out = []
    cont = _continuation_rx()
    for m in _launch_rx().finditer(text):
        n = parse_number(m.group("l"))
        if n is not None:
            out.append((m.start("l"), m.end("l"), n, _weapon_name(m.group("weapon"))))
        pos = m.end()
        while (c := cont.match(text, pos)) and not c.group("l") and not c.group("all"):
            n = parse_number(c.group("d"))
            if n is not None:
                out.append((c.start("d"), c.end("d"), n, _weapon_name(c.group("weapon"))))
            pos = c.end()
    return out


def find_interceptions(text: str) -> list[Interception]:
    """Every interception claim in ``text`` (launched/destroyed counts, weapon, origin).

    "shot down 29 drones and three cruise missiles" gives one claim per weapon; a count
    launched that an earlier clause gives ("Russia launched 40 drones ...; air defence
    destroyed 35 drones") completes a claim of the same weapon family.
    """
    # asked twice per text (the loss tallies leave interceptions out): memoised, copies out
    return [replace(x, spans=list(x.spans)) for x in _find_interceptions(text)]


@lru_cache(maxsize=64)
def _find_interceptions(text: str) -> tuple[Interception, ...]:
    return tuple(_interceptions_in(text))


def _interceptions_in(text: str) -> list[Interception]:
    found: list[Interception] = []
    taken: list[tuple[int, int]] = []
    cont = _continuation_rx()
    spans_to_scan = windows(text, _VERB_CUE)
    for name, rx in _interception_rxs():
        for m in (m for a, b in spans_to_scan for m in rx.finditer(text, a, b)):
            if any(not (m.end() <= s or m.start() >= e) for s, e in taken):
                continue
            verb = m.group("verb").lower()
            sent_start = sentence_start(text, m.start())
            sent_end = max(sentence_end(text, m.end()), m.end())
            destroy_only = re.fullmatch(VERB_DESTROY, verb, re.I) is not None
            context = text[max(0, sent_start - 300):sent_end]
            if name == "down" and destroy_only and not _AD_CUE.search(context):
                continue  # "destroyed 5 drones" alone is a loss tally, not an interception
            item = _interception(m, sent_start, sent_end)
            if item is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(item)
            pos = m.end()
            while name in ("down", "all_active", "of") and (c := cont.match(text, pos)):
                if any(not (c.end() <= s or c.start() >= e) for s, e in taken):
                    break
                # A further weapon in the same sentence gets its own span ("three cruise
                # missiles"), so that every claim has distinct evidence.
                start = c.start("all") if c.group("all") else c.start("d")
                item = _interception(c, start, c.end())
                if item is None:
                    break
                taken.append((c.start(), c.end()))
                found.append(item)
                pos = c.end()
    found = _complete_launched(text, found)
    return sorted(found, key=lambda i: (i.start, i.spans[0][0]))


def _complete_launched(text: str, found: list[Interception]) -> list[Interception]:
    if not any(i.launched is None for i in found):
        return found
    launches = _launches(text)
    out = []
    for item in found:
        if item.launched is None and item.destroyed is not None:
            first = min(s for s, _e, _k in item.spans)
            fam = _family(item.weapon)
            near = [la for la in launches
                    if la[1] <= first and first - la[1] <= 600 and fam is not None
                    and _family(la[3]) == fam and la[2] >= item.destroyed]
            if near:
                s, e, n, _w = near[-1]
                item = Interception(
                    start=item.start, end=item.end, launched=n, destroyed=item.destroyed,
                    weapon=item.weapon, origin=item.origin,
                    spans=sorted([*item.spans, (s, e, "launched")]))
        out.append(item)
    return out


def _interception(m: re.Match[str], start: int, end: int) -> Interception | None:
    groups = m.groupdict()
    spans: list[tuple[int, int, str]] = []
    launched = destroyed = None
    if groups.get("a"):
        launched = destroyed = parse_number(groups["a"])
        spans.append((m.start("a"), m.end("a"), "launched"))
        spans.append((m.start("a"), m.end("a"), "destroyed"))
    for g, key in (("l", "launched"), ("d", "destroyed"), ("d2", "destroyed")):
        if groups.get(g):
            value = parse_number(groups[g])
            if key == "launched":
                launched = value
            else:
                destroyed = value
            spans.append((m.start(g), m.end(g), key))
    if groups.get("all") and launched is None:
        launched = destroyed
        spans.append((m.start("d"), m.end("d"), "launched"))
    if launched is not None and destroyed is not None and destroyed > launched:
        return None
    spans.append((m.start("weapon"), m.end("weapon"), "weapon"))
    origin = groups.get("origin")
    if origin:
        spans.append((m.start("origin"), m.end("origin"), "origin"))
    return Interception(
        start=start, end=end, launched=launched, destroyed=destroyed,
        weapon=_weapon_name(groups["weapon"]), origin=origin, spans=sorted(spans))
