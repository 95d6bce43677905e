"""Same incident or not: the rules that decide whether two event records may fuse.

Pure functions over records (plus the sentences their evidence sits in). The decision, in
order (the first failing rule keeps the two apart):

1. **Never within one article.** An article that lists "Bakhmut, Bohdanivka and Predtechy"
   means three places; fusion is across articles only.
2. **Type.** The same ACLED sub-event type fuses. Within Battles the three sub-types fuse
   with each other (one side's "repelled an assault" is the other's "advance"). Across
   *Air/drone strike* and *Shelling/artillery/missile attack* (reporters call cruise missiles
   "airstrikes" and vice versa) they fuse only when the weapon families named in the records or
   their sentences agree (drone/missile/artillery/air); when one family is unknown, only with a
   shared target category. Every other pair of sub-types stays apart.
3. **Date.** The same day fuses. A day apart (midnight raids, "yesterday" in a next-day
   report) fuses only with positive evidence: a shared target category, the same time of day,
   the same death toll (3 or more), or follow-up wording ("death toll rises", "the body of the
   third victim", "died of wounds"). Further apart, up to ``slack(p1) + slack(p2)`` days
   (slack 0 / 1 / 15 for time precision 1 / 2 / 3), only with a shared target category. Week
   precision gets one day of slack, not three: extractors give it to undated reports coded to
   the publication date, and the daily "shelling of Donetsk kills three" reports of consecutive
   days are different incidents (measured on the UCDP headlines: see the issue note).
   Region-precision events fuse only on the same day (regional daily tallies).
4. **Place.** Both town-precise (geo_precision 1): within 15 km (same town, large cities
   included). A "near"/part-of-region place (precision 2, e.g. a village and its hromada
   centre): within 25 km. Region precision (3) fuses only with region precision, same admin1
   (or within 50 km): "strikes across northern Ukraine" never swallows a located strike.
   Without coordinates: the same location name (case-insensitive) in the same country.
5. **Actors.** Known actor1 values must agree (equal, one a prefix of the other: "Military
   Forces of Russia (2000-)" and its "Air Force"; "Unidentified Armed Group" matches anyone;
   Russia's forces and the forces it backs, DPR/LPR/NAF/Wagner, are one side, as reporters
   call them either), and known actor2 values too (civilians hit
   vs a military unit hit are two events); for Battles the unordered actor pairs must.
6. **Text says otherwise.** From the evidence sentences: targets in disjoint categories
   (school vs power plant), different named districts, or times of day that are not neighbours
   (morning vs evening) keep two reports of one town and day apart.

``score`` ranks the candidates that pass: nearer, closer in time, more shared targets first.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources

import yaml

from ..models import Event

BATTLES = "Battles"
STRIKE_TYPES = frozenset({"Air/drone strike", "Shelling/artillery/missile attack"})
DATE_SLACK = {1: 0, 2: 1, 3: 15}
RADIUS_KM = {(1, 1): 15.0, (1, 2): 25.0, (2, 2): 25.0, (3, 3): 50.0}
TIME_ORDER = ["night", "morning", "afternoon", "evening"]
TOWN_KM = 6.0  # two differently named town-precise places further apart are two settlements


_TOKEN = re.compile(r"[\w'’]+(?:-[\w'’]+)*")


@lru_cache(maxsize=1)
def lexicon() -> tuple[dict[tuple[str, ...], list[tuple[str, str]]], int]:
    """The fusion lexicon (targets, times, weapons): each word or phrase (a token tuple) with
    its (section, category) pairs, and the longest phrase length."""
    raw = yaml.safe_load(
        resources.files("warledger").joinpath("data/lexicons/fusion.yaml").read_text("utf-8"))
    table: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for section, cats in raw.items():
        for cat, words in cats.items():
            for w in words:
                table.setdefault(tuple(_TOKEN.findall(str(w).lower())), []).append((section, cat))
    return table, max(len(k) for k in table)


def scan(text: str) -> dict[str, set[str]]:
    """Categories per section of the lexicon words in a text (longest phrase first)."""
    table, longest = lexicon()
    toks = _TOKEN.findall(text.lower())
    found: dict[str, set[str]] = {"targets": set(), "times": set(), "weapons": set()}
    i, n = 0, len(toks)
    while i < n:
        for k in range(min(longest, n - i), 0, -1):
            hits = table.get(tuple(toks[i:i + k]) if k > 1 else (toks[i],))
            if hits is not None:
                for section, cat in hits:
                    found.setdefault(section, set()).add(cat)
                i += k
                break
        else:
            i += 1
    return found


_DISTRICT = re.compile(
    r"\b([A-Z][\w'’-]+)\s+(?:district|raion|neighbou?rhood|microdistrict)\b"
    r"|\b(?:district|neighbou?rhood) of ([A-Z][\w'’-]+)"
    r"|\b(?:the )?(cent(?:er|re)|outskirts|suburbs?) of\b", re.I)
_CLOCK = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)|\b(\d{1,2}):(\d{2})\b", re.I)
_FOLLOWUP = re.compile(
    r"\b(?:death toll|toll|rises to|rose to|risen to|climbed to|body of|bodies of|victims?|"
    r"died of (?:his |her |their )?(?:wounds|injuries)|died in hospital|succumbed)\b", re.I)
_SENT_END = re.compile(r"[.!?](?=\s)|\n")


@dataclass(frozen=True)
class Features:
    """What the evidence sentences of an event say beyond its columns."""

    targets: frozenset[str] = frozenset()
    times: frozenset[str] = frozenset()
    weapons: frozenset[str] = frozenset()
    districts: frozenset[str] = frozenset()
    clocks: frozenset[int] = frozenset()  # minutes after midnight
    followup: bool = False                # "death toll rises", "body of the third victim"

    def union(self, other: Features) -> Features:
        return Features(self.targets | other.targets, self.times | other.times,
                        self.weapons | other.weapons, self.districts | other.districts,
                        self.clocks | other.clocks, self.followup or other.followup)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) of ``text`` that contain ``[start, end)``."""
    lo = 0
    for found in _SENT_END.finditer(text, 0, max(0, start)):
        lo = found.end()
    nxt = _SENT_END.search(text, max(end, start))
    hi = nxt.end() if nxt else len(text)
    return text[lo:hi]


def features_of_text(text: str, weapon: str | None = None) -> Features:
    cats = scan(text)
    weapons = frozenset(cats["weapons"])
    if weapon:  # the record's own weapon outranks other words in the sentence
        weapons = frozenset(scan(weapon)["weapons"]) or weapons
    districts = frozenset(_norm_district(next(g for g in m if g)) for m in _DISTRICT.findall(text)) \
        if any(w in text for w in ("istrict", "raion", "eighbo", "ent", "utskirts", "uburb")) \
        else frozenset()
    clocks = set()
    for m in (_CLOCK.finditer(text) if any(c.isdigit() for c in text) else ()):
        if m.group(1):
            h, mi, ampm = int(m.group(1)), int(m.group(2) or 0), m.group(3).lower()
            if h > 12:
                continue
            h = h % 12 + (12 if ampm.startswith("p") else 0)
        else:
            h, mi = int(m.group(4)), int(m.group(5))
            if h > 23 or mi > 59:
                continue
        clocks.add(h * 60 + mi)
    return Features(frozenset(cats["targets"]), frozenset(cats["times"]), weapons, districts,
                    frozenset(clocks), bool(_FOLLOWUP.search(text)))


def _norm_district(name: str) -> str:
    name = name.lower().replace("’", "'")
    if name.startswith("suburb"):
        return "outski"  # suburbs and outskirts: one part of town
    return name[:6]


def event_features(event: Event, texts: dict[str, str] | None = None) -> Features:
    """Features of an event from its evidence sentences (or the evidence words alone)."""
    parts: list[str] = []
    seen: set[tuple[str, int, int]] = set()
    for ev in event.evidence:
        text = (texts or {}).get(ev.article_id)
        if text is None:
            parts.append(ev.text)
            continue
        sent = sentence_around(text, ev.start, ev.end)
        key = (ev.article_id, text.find(sent), len(sent))
        if key not in seen:
            seen.add(key)
            parts.append(sent)
    return features_of_text(" ".join(parts), event.weapon)


def km(a: Event, b: Event) -> float | None:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)  # type: ignore[arg-type]
    dp = p2 - p1
    dl = math.radians(b.longitude - a.longitude)  # type: ignore[operator]
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def radius_km(p1: int | None, p2: int | None) -> float | None:
    """How far apart two places may be for one incident; None: never by distance alone."""
    lo, hi = sorted((p1 or 2, p2 or 2))
    return RADIUS_KM.get((lo, hi))  # (1,3) and (2,3) are absent: region precision fuses only with itself


def max_day_gap(a: Event, b: Event) -> int:
    return DATE_SLACK.get(a.time_precision, 0) + DATE_SLACK.get(b.time_precision, 0)


def types_compatible(a: Event, b: Event, fa: Features, fb: Features) -> tuple[bool, str]:
    if a.sub_event_type == b.sub_event_type:
        return True, "same sub-event type"
    if a.event_type == b.event_type == BATTLES:
        return True, "battles"
    if {a.sub_event_type, b.sub_event_type} == STRIKE_TYPES:
        if fa.weapons and fb.weapons:
            if fa.weapons & fb.weapons:
                return True, "strike types with the same weapon"
            return False, "different weapons"
        if fa.targets & fb.targets:
            return True, "strike types, weapon unknown, same target"
        return False, "air vs shelling without a weapon or target in common"
    return False, f"{a.sub_event_type} vs {b.sub_event_type}"


def _other_place(a: Event, b: Event) -> bool:
    if a.geonameid and b.geonameid:
        return a.geonameid != b.geonameid
    return bool(a.location and b.location and a.location.lower() != b.location.lower())


_SIDES = (
    ("civilians", re.compile(r"^civilians\b|^protesters\b", re.I)),
    ("russia", re.compile(r"russia|novorossiya|donetsk people|luhansk people|lugansk people|\bdpr\b|"
                          r"\blpr\b|wagner|kadyrov", re.I)),
    ("ukraine", re.compile(r"ukrain|azov", re.I)),
)


def side(actor: str) -> str | None:
    """The side of the war an ACLED actor name stands for (Russia and the forces it backs are
    one side: reporters call the same unit "Russian forces" or "pro-Russian rebels")."""
    for name, pattern in _SIDES:
        if pattern.search(actor):
            return name
    return None


def _actor_ok(x: str | None, y: str | None) -> bool:
    if not x or not y:
        return True
    x, y = x.lower(), y.lower()
    if x == y or x.startswith(y) or y.startswith(x):
        return True
    if x.startswith("unidentified") or y.startswith("unidentified"):
        return True  # ACLED's name for an unknown perpetrator
    sx, sy = side(x), side(y)
    return sx is not None and sx == sy


def actors_compatible(a: Event, b: Event) -> bool:
    if a.event_type == b.event_type == BATTLES:
        pa = {x for x in (a.actor1, a.actor2) if x}
        pb = {x for x in (b.actor1, b.actor2) if x}
        if len(pa) == 2 and len(pb) == 2:
            return all(any(_actor_ok(x, y) for y in pb) for x in pa)
        return True
    # strikes: the same attacker, and the same kind of target side ("Civilians (Ukraine)" is
    # not "Military Forces of Ukraine": one side's "shelling killed civilians" and the other's
    # "our artillery destroyed a mortar crew" in one region on one day are two events)
    return _actor_ok(a.actor1, b.actor1) and _actor_ok(a.actor2, b.actor2)


def disputed_blame(a: Event, b: Event, fa: Features, fb: Features) -> bool:
    """Each side blames the other for the same strike ("a Ukrainian air defence missile fell on
    the building", says the Russian-installed head): one incident whose perpetrator is disputed,
    when the victims agree, the targets agree, the dates are the same day, and no claimant
    is shared. The disagreement stays visible in the claims and their claimants."""
    if a.event_type != "Explosions/Remote violence" or b.event_type != a.event_type:
        return False
    if not (a.actor1 and b.actor1) or side(a.actor1) == side(b.actor1):
        return False
    if not _actor_ok(a.actor2, b.actor2) or a.event_date != b.event_date:
        return False
    return not set(a.claimants) & set(b.claimants) and bool(fa.targets & fb.targets)


def texts_conflict(fa: Features, fb: Features) -> str | None:
    """Why the sentences say two incidents, or None. Times of day are weaker evidence than
    targets ("the governor said in the evening" is about the report): they separate two
    reports only when no target category is shared."""
    if fa.targets and fb.targets and not fa.targets & fb.targets:
        return "different targets: " + "/".join(sorted(fa.targets)) + " vs " + "/".join(sorted(fb.targets))
    if fa.districts and fb.districts and not fa.districts & fb.districts:
        return "different districts"
    if fa.targets & fb.targets:
        return None
    if fa.clocks and fb.clocks and min(abs(x - y) for x in fa.clocks for y in fb.clocks) > 180:
        return "different times"
    if fa.times and fb.times and not fa.times & fb.times:
        ia = {TIME_ORDER.index(t) for t in fa.times}
        ib = {TIME_ORDER.index(t) for t in fb.times}
        if all(min((x - y) % 4, (y - x) % 4) > 1 for x in ia for y in ib):
            return "different times of day"
    return None


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str
    score: float = 0.0
    details: dict[str, object] = field(default_factory=dict)


def same_incident(a: Event, b: Event, fa: Features | None = None,
                  fb: Features | None = None) -> Verdict:
    """May ``a`` and ``b`` be one incident? (``fa``/``fb``: their text features.)"""
    fa = fa or event_features(a)
    fb = fb or event_features(b)
    if set(a.article_ids) & set(b.article_ids):
        return Verdict(False, "same article")
    ok, why = types_compatible(a, b, fa, fb)
    if not ok:
        return Verdict(False, why)
    if a.event_date is None or b.event_date is None:
        return Verdict(False, "no date")
    gap = abs((a.event_date - b.event_date).days)
    allowed = max_day_gap(a, b)
    if gap:
        shared_target = bool(fa.targets & fb.targets)
        later = fa if a.event_date > b.event_date else fb  # the follow-up is the later report
        positive = shared_target or bool(fa.times & fb.times) or later.followup or (
            (a.fatalities or 0) >= 3 and a.fatalities == b.fatalities)
        if 3 in (a.geo_precision, b.geo_precision):
            return Verdict(False, f"region-precision events {gap} days apart")
        if gap == 1 and not positive:
            return Verdict(False, "a day apart with nothing else in common")
        if gap > 1 and not (shared_target and gap <= allowed):
            return Verdict(False, f"{gap} days apart")
    dist = km(a, b)
    p1, p2 = a.geo_precision, b.geo_precision
    if dist is None:
        if not a.location or not b.location or a.location.lower() != b.location.lower():
            return Verdict(False, "no coordinates and different place names")
        if (a.country_code or a.country) != (b.country_code or b.country):
            return Verdict(False, "different countries")
        dist, radius = 0.0, 1.0
    else:
        found_radius = radius_km(p1, p2)
        if found_radius is None:
            return Verdict(False, "region precision fuses only with region precision")
        radius = found_radius
        if 3 in (p1, p2) and a.admin1 and b.admin1 and a.admin1 != b.admin1 and dist > 0:
            return Verdict(False, "different regions")
        if dist > radius:
            return Verdict(False, f"{dist:.0f} km apart")
        if p1 == p2 == 1 and dist > TOWN_KM and _other_place(a, b):
            return Verdict(False, f"two named places {dist:.0f} km apart")
    if not actors_compatible(a, b) and not disputed_blame(a, b, fa, fb):
        return Verdict(False, "different actors")
    conflict = texts_conflict(fa, fb)
    if conflict:
        return Verdict(False, conflict)
    score = (1.0 - dist / radius) + (1.0 - gap / (allowed + 2)) + len(fa.targets & fb.targets) * 0.5
    if a.geonameid and a.geonameid == b.geonameid:
        score += 0.5
    if a.sub_event_type == b.sub_event_type:
        score += 0.25
    return Verdict(True, why, score, {"km": round(dist, 1), "days": gap})


def day(d: date | None) -> int | None:
    return d.toordinal() if d else None
