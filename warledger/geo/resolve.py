"""Choose the place each mention refers to, and its role (literal, metonym, demonym).

Scores add up simple evidence: how big or important a candidate is, how well the spelling
matches, the country focus, countries/oblasts/raions stated in the document, and closeness to
the other places of the document (the Bohdanivka next to Bakhmut). Each mention is resolved on
its own, so one name that finds nothing never removes the others. What the story's other names
say lives in ``story.py``; which names are kept, and their roles, in ``roles.py``.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from ..models import Toponym
from .gazetteer import (
    ALTERNATE,
    DEMONYM,
    PRIMARY,
    RUSSIAN,
    TRANSLIT,
    Gazetteer,
    Place,
    haversine_km,
)
from .prior import GeoPrior
from .roles import AREA_CODES, _accept, _role
from .story import (
    _across_the_border,
    _county,
    _county_aliases,
    _municipal_after,
    _pair_support,
    _place_counties,
    _weak_voter,
)
from .tokens import Mention, focus_prior, lexicon, tokens
from .translit import norm

FUZZY_MIN_LEN = 5
ANCHOR_MARGIN = 0.0  # only places chosen clearly enough locate the others
CONTEXT_CAP = 6.0  # the most the story's other places add to a candidate
CONTEXT_WEIGHT = 1.0
# a town of the same oblast/state chosen elsewhere in the story: more such names, more weight
SOFT_W0, SOFT_W1 = 0.6, 0.6
DISTRICT_KM = 35.0
PRIOR_WEIGHT = 1.5  # a settlement on the front line over a namesake far from it
PRIOR_TOWN_POP = 20_000
VILLAGE_MAX_POP = 5_000  # "the village of X" names no town of this size or more
# "Stepanovka", the Russian spelling of the Stepanivkas' own name and only another name of
# Stepano-Krynka: a place whose other name it only is loses this much, more than a size or a
# coordinate of its own gives it (the Stepanivka by Shakhtarsk, not Stepano-Krynka)
OTHER_NAME_PENALTY = 2.5
_NONE: frozenset[str] = frozenset()
# "Pobeda village, Novoaydarsky district": the settlement word between a name and its area
_SETTLEMENT_WORD = re.compile(r"^\s*(?:village|town|city|settlement|hamlet)\b", re.IGNORECASE)


def _base_score(p: Place) -> float:
    pop = p.population or 0
    s = 0.55 * math.log10(pop + 10)
    if p.fcode == "PCLI":
        s += 3.0
    elif p.fcode == "ADM1":
        s += 1.8
    if p.kind in (ALTERNATE, RUSSIAN):
        s -= 0.3
    if p.source == "katottg":
        s -= 0.2
    flags = p.flags or ""
    if "capital" in flags:
        s += 1.0
    if "metonym" in flags:
        s += 4.0
    return s


def _fuzzy_candidates(m: Mention, gaz: Gazetteer, focus: str | None, near_ua: bool,
                      context_ok: bool) -> None:
    """Fill ``m.places`` for a name the gazetteer does not know, from close spellings."""
    key = m.key
    if len(key) < FUZZY_MIN_LEN or not key.replace(" ", "").isalpha():
        return
    countries = [c for c in (focus, "UA" if near_ua else None) if c]
    for cc in dict.fromkeys(countries):
        max_d = 1 if len(key) < 7 else 2
        found = gaz.fuzzy_keys(key, country=cc, max_dist=max_d)
        if found:
            best = found[0][1]
            for k, d in found:
                if d == best:
                    m.places.extend(p for p in gaz.lookup(k, normalized=True) if p.cc == cc)
            m.kind, m.edits = "fuzzy", best
            return
        if context_ok and len(key) >= 6:
            found = gaz.fuzzy_keys(key, country=cc, prefix=True)
            if found:
                for k, _d in found[:20]:
                    m.places.extend(p for p in gaz.lookup(k, normalized=True) if p.cc == cc)
                m.kind, m.edits = "prefix", min(d for _, d in found)
                return
    if context_ok and len(key) >= 6:
        found = gaz.fuzzy_keys(key, country=None, max_dist=1)
        if found:
            for k, _d in found:
                m.places.extend(gaz.lookup(k, normalized=True))
            m.kind, m.edits = "fuzzy", found[0][1]


_ADJ_ENDINGS = ("ivskyi", "ivskiy", "ivsky", "ovskiy", "ovsky", "evskiy", "evsky", "skyi", "skiy",
                "skij", "skyy", "sky", "ski", "ska", "ske", "skoe", "skoye", "skogo")


def _district_candidates(m: Mention, gaz: Gazetteer, country: str) -> None:
    """'Novoaydarsky district', 'Starobeshivskiy district': the town the district is named after."""
    from rapidfuzz.distance import Levenshtein

    word = m.key.split(" ")[0]
    for end in _ADJ_ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= 4:
            stem = word[: -len(end)]
            break
    else:
        return
    keys = gaz.fuzzy_keys(stem[: max(4, len(stem) - 2)], country=country, prefix=True)
    best: list[Place] = []
    best_d = 4
    for k, _ in keys:
        d = Levenshtein.distance(k[: len(stem) + 1], stem)
        places = [p for p in gaz.lookup(k, normalized=True)
                  if p.cc == country and p.fclass == "P" and (p.population or 0) >= 1500]
        if places and d < best_d:
            best, best_d = places, d
        elif places and d == best_d:
            best.extend(places)
    if best:
        m.places = best
        m.kind = "district"


def resolve_mentions(text: str, mentions: list[Mention], gaz: Gazetteer, *,
                     country_focus: str | None = "UA", description: bool = False,
                     prior: GeoPrior | None = None) -> list[Toponym]:
    lex = lexicon()
    toks = tokens(text) if mentions else []
    focus = (country_focus or "").upper() or None

    # document context from mentions that are unambiguous enough
    doc_cc: dict[str, float] = {}
    # area -> the names that stated it (a name does not support itself: "Minnesota" the
    # state must not lift Minneota, a town once called Minnesota)
    doc_admin1: dict[str, set[str]] = {}
    doc_admin2: dict[str, set[str]] = {}
    for m in mentions:
        for p in m.places[:1]:
            if p.fcode == "PCLI" and p.cc:
                doc_cc[p.cc] = doc_cc.get(p.cc, 0) + (0.5 if m.kind == "demonym" else 1.0)
            if p.fcode in ("ADM1", "RGN") and p.admin1:
                doc_admin1.setdefault(p.admin1, set()).add(m.key)
                if p.cc:
                    doc_cc[p.cc] = doc_cc.get(p.cc, 0) + 0.5
                    if p.fcode == "ADM1":  # for towns the gazetteer knows no province of
                        doc_admin1.setdefault(_IN_ADM1_OF + p.cc, set()).add(m.key)
            if p.fcode == "ADM2" and p.admin2:
                doc_admin2.setdefault(p.admin2, set()).add(m.key)
    near_ua = focus == "UA" or "UA" in doc_cc
    if description:
        for m in mentions:
            m.cue, m.sent_start = True, False

    # names the gazetteer does not know: close spellings when a cue or a list supports them
    for idx, m in enumerate(mentions):
        if m.places:
            continue
        in_list = _in_list_with_places(idx, mentions, toks)
        if m.key in lex["common_words"] or (m.sent_start and not m.cue):
            continue
        if m.area_hint and near_ua:
            _district_candidates(m, gaz, "UA")
            if m.places:
                continue
        area = _stated_area(idx, mentions, text)
        if m.cue or in_list or m.area_hint or area:
            _fuzzy_candidates(m, gaz, focus, near_ua, context_ok=in_list or m.strong_cue)
            if area and not (m.cue or in_list):
                # "Chuguiev in Kharkiv region": only a close spelling inside the stated area
                m.places = [p for p in m.places if p.admin1 in area]

    _county_aliases(mentions)

    # "Springfield, Ill.", "Kupiansk (Kharkiv oblast)", "Zaporizhia, southern Ukraine": the
    # area named right after a place contains it
    for a, b in zip(mentions, mentions[1:], strict=False):
        between = _SETTLEMENT_WORD.sub("", text[a.end:b.start]).strip()
        if between in (",", "(", ", the", "in", "of", "in the") and b.places:
            if b.kind == "district":
                # "Stepanivka, Shakhtarskyi district": the old raion named after its town
                stated = {k for k, keys in doc_admin1.items() if keys - {b.key}}
                a.extra["district_towns"] = [t for t in b.places
                                             if not stated or t.admin1 in stated]
                _near_district_town(a, gaz)
                continue
            # ("Mykolaivska hromada" names hromadas of several oblasts: all of them)
            areas = [p for p in b.places[:5] if p.fcode in ("PCLI", "ADM1", "ADM2", "RGN")
                     or p.fclass == "A" or (p.population or 0) >= 100_000
                     or _oblast_centre(p)]
            areas += [p for p in b.places[5:40] if p.fcode == "ADM3"]
            if areas:
                a.extra["containers"] = areas

    # names that may well be no place at all vote for no state or country
    for m in mentions:
        m.extra["weak"] = _weak_voter(m, focus)
    # one sense per story: a name that is once a town's ("Jordan Elementary School") is a town
    municipal_keys = {m.key for m in mentions if _municipal_after(m, toks)}
    # first-level areas that many different names of the story could lie in (a local story)
    support: dict[tuple, set[str]] = {}
    for m in mentions:
        if m.kind == "demonym" or m.extra["weak"]:
            continue
        for p in m.places[:60]:
            if p.admin1 and p.fcode not in ("PCLI", "CONT"):
                support.setdefault((p.cc, p.admin1), set()).add(m.key)
    region_support = {k: len(v) for k, v in support.items() if len(v) >= 2}
    # candidates of different names lying close together ("Athens ... Henderson County": the
    # Athens that is the seat of a Henderson County)
    near_support = _pair_support(mentions)
    # pass 1 on each name's own evidence; pass 2, most confident names first, with the places
    # already chosen (updated as it goes, so two names cannot keep flipping each other)
    anchor_of: dict[int, tuple[float, float, str]] = {}
    anchor_count: Counter[tuple[float, float, str]] = Counter()
    soft_admin1: dict[str, set[str]] = {}
    # one name (however often repeated) has no other places to agree with: one pass will do
    rounds = 2 if len({m.key for m in mentions if m.places}) > 1 else 1
    for rnd in range(rounds):
        order = list(range(len(mentions)))
        if rnd:
            order.sort(key=lambda i: -mentions[i].extra.get("margin", 0.0))
        for idx in order:
            m = mentions[idx]
            if not m.places:
                continue
            # the other names' places (a name's own anchors drop out in _score by its key;
            # repeated names add one anchor, so a long list stays linear)
            anchors = list(anchor_count) if rnd else []
            best, best_s, second, runner = None, -1e9, -1e9, None
            seen: set[int] = set()
            own_pop = _own_name_population(m.places)
            # "the Middle East": a world region the gazetteer curates, not a hamlet named so
            world_area = any(q.source == "curated" and not q.cc and q.fclass != "P"
                             for q in m.places)
            # "China", "Italy": a country, not a village named after it
            country = any(q.fcode == "PCLI" for q in m.places)
            # "Jordan Elementary School", "Lebanon City Council": a town's institution
            municipal = country and m.key in municipal_keys
            stated_area = bool(m.extra.get("containers") or m.extra.get("district_towns"))
            facts = m.extra.get("facts")
            if facts is None or facts[0] is not m.places:
                # "Stepanovka": the Russian spelling of the Stepanivkas' own name, and only
                # another name of Stepano-Krynka: the namesakes that bear it win; the prior
                # sorts villages (or towns) among themselves: a village on the front line does
                # not take a town's name from the town (Pavlohrad is not the hamlet)
                facts = m.extra["facts"] = (
                    m.places,
                    focus is not None and any(q.kind == RUSSIAN and q.cc == focus
                                              for q in m.places),
                    prior is not None and any((q.population or 0) >= PRIOR_TOWN_POP
                                              for q in m.places if q.fclass == "P"))
            _, spelled, town_named = facts
            for p in m.places:
                if p.id in seen:
                    continue
                seen.add(p.id)
                # the prior sorts namesakes that bear the name, not a place that once bore it
                # (Bilozerka, once Ivanivka) against the Ivanivkas of today; where a town bears
                # the name it stays out for all (the town's own size and the story decide)
                # a stated area ("X, Pokrovsk raion") outranks the prior: the prior sorts the
                # namesakes inside it
                contained = _container_bonus(p, m)
                use_prior = prior
                if prior is not None and (
                        town_named
                        or stated_area and not contained
                        or p.kind == ALTERNATE and own_pop is not None
                        and _old_name(m.key, p.name)):
                    use_prior = None
                s, ctx = _score(p, m, focus, doc_cc, doc_admin1, doc_admin2, anchors, use_prior)
                s -= _alternate_penalty(p, own_pop, focus)
                if municipal and p.fcode == "PCLI":
                    s -= 6.0
                if spelled and p.kind == ALTERNATE and p.cc == focus and _old_name(m.key, p.name):
                    s -= OTHER_NAME_PENALTY
                if (world_area or country) and p.fclass == "P" \
                        and (p.population or 0) < (HAMLET_POP if world_area else VILLAGE_POP):
                    s -= 3.0
                if p.admin1 and p.fcode != "PCLI":
                    sup = region_support.get((p.cc, p.admin1), 0)
                    if sup >= 2:
                        ctx += 0.4 * min(4, sup - 1)
                ctx += near_support.get(p.id, 0.0)
                if rnd and p.admin1 and p.fcode != "ADM1":
                    own = 1 if m.chosen is not None and m.chosen.admin1 == p.admin1 else 0
                    n_other = len(soft_admin1.get(p.admin1, _NONE)) - own
                    if n_other > 0:
                        ctx += SOFT_W0 + SOFT_W1 * min(3, n_other)
                # the story's other places help, but never as much as a stated oblast/state
                s += min(CONTEXT_WEIGHT * ctx, CONTEXT_CAP) + contained
                if s > best_s:
                    best, best_s, second, runner = p, s, best_s, best
                elif s > second:
                    second, runner = s, p
            m.chosen, m.score = best, best_s
            m.extra["runner_up"] = runner
            m.extra["margin"] = best_s - second if second > -1e9 else 3.0
            if best is not None and best.lat is not None and best.precision <= 2 \
                    and (best.fcode not in AREA_CODES or _county(best)) \
                    and m.extra["margin"] >= ANCHOR_MARGIN and not m.extra["weak"]:
                _set_anchor(anchor_of, anchor_count, idx, (best.lat, best.lon, m.key))
            else:
                _set_anchor(anchor_of, anchor_count, idx, None)
            if best is not None and best.fcode == "ADM1" and best.admin1:
                doc_admin1.setdefault(best.admin1, set()).add(m.key)
        if rnd == 0:  # countries of the places chosen so far (each name counts once: a
            # name said seven times must not outvote the story's other places for itself)
            chosen_cc: dict[str, set[str]] = {}
            for m in mentions:
                if m.chosen is not None and m.chosen.cc and m.kind != "demonym" \
                        and not m.extra["weak"]:
                    chosen_cc.setdefault(m.chosen.cc, set()).add(m.key)
            for cc, keys in chosen_cc.items():
                doc_cc[cc] = max(doc_cc.get(cc, 0), len(keys))
            soft_keys: dict[str, set[str]] = {}
            for m in mentions:  # the oblast/state of a town named in the text
                c = m.chosen
                if c is not None and c.fclass == "P" and c.admin1 and m.kind != "demonym" \
                        and c.precision == 1 and (m.extra.get("margin", 0) > 1.0) \
                        and not m.extra["weak"]:
                    soft_keys.setdefault(c.admin1, set()).add(m.key)
            soft_admin1.update(soft_keys)

    # "Petrovsky district of Donetsk": a district of a city is in that city
    for a, b in zip(mentions, mentions[1:], strict=False):
        c = b.chosen
        if a.kind == "district" and text[a.end:b.start].strip().lower() == "of" \
                and c is not None and c.fclass == "P" and (c.population or 0) >= 100_000:
            a.chosen, a.kind = c, "city_district"
    _place_counties(mentions)
    _across_the_border(mentions, focus)
    final_anchors = list(anchor_count)
    out: list[Toponym] = []

    def named_cc(o: Mention) -> str | None:  # places named, not demonyms
        c = o.chosen
        return c.cc if c is not None and c.cc and o.kind != "demonym" and c.kind != DEMONYM \
            else None

    cc_count = Counter(cc for cc in map(named_cc, mentions) if cc)
    for m in mentions:
        if m.chosen is None:
            continue
        own_cc = named_cc(m)
        story_cc = {cc for cc, k in cc_count.items() if k - (cc == own_cc) > 0}
        if not _accept(m, lex, story_cc):
            continue
        role = _role(m, toks, lex, text)
        out.append(_to_toponym(m, role, _reason(m, final_anchors, prior, doc_admin1)))
    return out


def _reason(m: Mention, anchors, prior: GeoPrior | None, doc_admin1) -> str | None:
    """Why the chosen place and not the runner-up namesake, in a few words (None when the
    name has no other place)."""
    p, other = m.chosen, m.extra.get("runner_up")
    if p is None or other is None or other.id == p.id or m.kind == "demonym":
        return None
    n = len({q.id for q in m.places if q.fclass == p.fclass})
    if n < 2:
        return None  # no namesake of its kind ("Russia" the country, not some hamlet)
    said: list[str] = []
    if _container_bonus(p, m) > 0:
        towns = m.extra.get("district_towns")
        areas = [a for a in m.extra.get("containers", ()) if a.cc == p.cc]
        area = next((a for a in areas if a.fcode == "ADM3" and a.admin3 == p.admin3), None) \
            or next((a for a in areas if a.fcode == "ADM2" and a.admin2 == p.admin2), None) \
            or (areas[0] if areas else None)
        if towns:
            said.append(f"in the stated district, by {towns[0].name}")
        elif area is not None:
            said.append(f"inside the stated {area.name}")
        if _container_bonus(other, m) < _container_bonus(p, m):
            return f"one of {n} places called {m.text}: " + "; ".join(said)
    if p.admin1 and p.admin1 != other.admin1 and doc_admin1.get(p.admin1, _NONE) - {m.key}:
        said.append(f"in {p.admin1}, which the text names")
    elif anchors and p.lat is not None and other.lat is not None and \
            (d := _nearest_km(p.lat, p.lon, anchors, m.key)) is not None and d <= 60 and (
                (d_other := _nearest_km(other.lat, other.lon, anchors, m.key)) is None
                or d_other > d + 10):
        near = min((a for a in anchors if a[2] != m.key),
                   key=lambda a: (a[0] - p.lat) ** 2 + (a[1] - p.lon) ** 2)
        said.append(f"{max(1, round(d))} km from {near[2].title()}, also named")
    elif prior is not None and p.lat is not None and other.lat is not None \
            and p.fclass == "P" and prior.weight(p.lat, p.lon, p.within_km or 0.0) \
            >= prior.weight(other.lat, other.lon, other.within_km or 0.0) + 0.2 \
            and (why := prior.describe(p.lat, p.lon, p.within_km or 0.0)):
        said.append(why)
    elif (p.population or 0) > (other.population or 0):
        said.append("the most populous")
    else:
        said.append(f"before {other.name} ({other.admin1 or other.cc}), no evidence between them")
    return f"one of {n} places called {m.text}: " + "; ".join(said)


_IN_ADM1_OF = "@"  # doc_admin1 key of the country of a stated first-level area
STATED_COUNTRY_AREA = 2.5
HAMLET_POP = 10_000
VILLAGE_POP = 5_000
FOREIGN_MIN = 2
FOREIGN_PENALTY = 1.0
def _set_anchor(anchor_of: dict, anchor_count: Counter, idx: int, anchor: tuple | None) -> None:
    old = anchor_of.pop(idx, None)
    if old is not None:
        anchor_count[old] -= 1
        if not anchor_count[old]:
            del anchor_count[old]
    if anchor is not None:
        anchor_of[idx] = anchor
        anchor_count[anchor] += 1


def _old_name(key: str, name: str) -> bool:
    """Whether a place's other name is no spelling of its own ("Ivanivka" for Bilozerka,
    "Stepanovka" for Stepano-Krynka; not "Luganskoye" for Luhanske)."""
    from rapidfuzz import fuzz

    own = norm(name)
    return key.count(" ") != own.count(" ") or fuzz.ratio(key, own) < 60


def _own_name_population(places) -> int | None:
    """The largest population among places whose own name (or its transliteration) is the key;
    None when the key is only some place's other name."""
    pops = [p.population or 0 for p in places if p.kind in (PRIMARY, TRANSLIT)]
    return max(pops) if pops else None


def _alternate_penalty(p: Place, own_pop: int | None, focus: str | None) -> float:
    """An old or other name of a place ("Youngstown" for Mount Gilead, "Maryville" for
    Beeville) loses to a place that bears the name itself, unless it is far bigger (Kiev) or
    in the focus country, whose renamed towns news still calls by their old names (Pervomaisk)."""
    if p.kind != ALTERNATE or own_pop is None or (focus and p.cc == focus):
        return 0.0
    if (p.population or 0) >= 20 * max(own_pop, 1000):
        return 0.0
    return 2.5


def _near_district_town(m: Mention, gaz: Gazetteer) -> None:
    """A village whose stated district has no namesake of it nearby: a close spelling near the
    district's town ("Peski (Yasinovatsky district)" is Pisky by Yasynuvata)."""
    towns = [t for t in m.extra["district_towns"] if t.lat is not None]
    key = m.key
    if not towns or len(key) < 4 or not key.replace(" ", "").isalpha():
        return

    def near(p: Place, km: float) -> bool:
        return p.lat is not None and any(
            haversine_km(p.lat, p.lon, t.lat, t.lon) <= km for t in towns)

    if any(near(p, DISTRICT_KM) for p in m.places):
        return
    found: list[Place] = []
    for k, d in gaz.fuzzy_keys(key, country=towns[0].cc, max_dist=2):
        found.extend(p for p in gaz.lookup(k, normalized=True)
                     if p.fclass == "P" and near(p, 0.7 * DISTRICT_KM))
        if found:
            m.places, m.kind, m.edits = found, "fuzzy", d
            return


def _container_bonus(p: Place, m: Mention) -> float:
    towns = m.extra.get("district_towns")
    if towns and p.lat is not None and p.fclass == "P":
        d = min((haversine_km(p.lat, p.lon, t.lat, t.lon) for t in towns if t.lat is not None),
                default=None)
        if d is not None:
            return 4.0 if d <= DISTRICT_KM else 4.0 * math.exp(-(d - DISTRICT_KM) / 25)
    best = 0.0
    for area in m.extra.get("containers", ()):
        if area.cc != p.cc or area.id == p.id:
            continue
        if area.fcode == "PCLI" or (area.fcode == "RGN" and not area.admin1):
            best = max(best, 2.0)
        elif area.fcode == "ADM3" and area.admin3:
            # "X, Ocheretyne hromada": its own hromada, else a little for its raion/oblast
            best = max(best, 4.5 if area.admin3 == p.admin3 else
                       2.0 if area.admin2 and area.admin2 == p.admin2 else
                       1.5 if area.admin1 and area.admin1 == p.admin1 else 0.0)
        elif area.fcode == "ADM2" and area.admin2 and p.cc == "UA" and area.source == "katottg":
            # "X, Pokrovsk raion": a namesake in another raion of the oblast only half counts,
            # unless it lies in the former (pre-2020, smaller) raion of that name, around the
            # same town, as reporting still names them ("Novohryhorivka, Bakhmut district")
            old_raion = p.lat is not None and area.lat is not None and _flat_km(
                p.lat, p.lon, area.lat, area.lon) <= DISTRICT_KM + 0.5 * (p.within_km or 0.0)
            best = max(best, 4.0 if area.admin2 == p.admin2 or old_raion else
                       2.0 if area.admin1 and area.admin1 == p.admin1 else 0.0)
        elif area.fcode == "ADM2" and area.admin2 and area.admin2 == p.admin2:
            best = max(best, 4.0)
        elif area.admin1 and area.admin1 == p.admin1:
            # "Pervomaiskoye, Kharkiv": an oblast's centre stands for its oblast
            best = max(best, 4.0 if area.fclass == "A" or _oblast_centre(area) else 2.0)
        elif area.fclass == "P" and p.admin1 == f"{area.name} Oblast":
            best = max(best, 4.0)  # "X, Kyiv": Kyiv Oblast (the city is an area of its own)
    return best


def _flat_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    coslat = math.cos(math.radians(lat1))
    return 111.195 * math.hypot(lat2 - lat1, (lon2 - lon1) * coslat)


def _oblast_centre(area: Place) -> bool:
    """A city that gives its name to its first-level area (Kharkiv, Rivne, Donetsk)."""
    return area.fclass == "P" and bool(area.admin1) and area.admin1 in (
        f"{area.name} Oblast", f"{area.name} Region")


def _stated_area(idx: int, mentions: list[Mention], text: str) -> set[str]:
    """The first-level areas named right after mention ``idx`` ("X in Kharkiv region",
    "X, Donetsk oblast"), when the next mention names one."""
    if idx + 1 >= len(mentions):
        return set()
    a, b = mentions[idx], mentions[idx + 1]
    between = _SETTLEMENT_WORD.sub("", text[a.end:b.start]).strip()
    if between not in (",", "(", "in", ", in") or not b.area_hint:
        return set()
    return {p.admin1 for p in b.places if p.fcode == "ADM1" and p.admin1}


def _in_list_with_places(idx: int, mentions: list[Mention], toks) -> bool:
    """Whether mention ``idx`` stands in a list ('Bakhmut, Bohdanivka, and Predtechy')."""
    m = mentions[idx]
    for j in (idx - 1, idx + 1):
        if 0 <= j < len(mentions) and mentions[j].places:
            o = mentions[j]
            lo, hi = (o.last_tok, m.first_tok) if j < idx else (m.last_tok, o.first_tok)
            between = [toks[k].low for k in range(lo + 1, hi)]
            if between and len(between) <= 3 and all(w in (",", "and", "or") for w in between):
                return True
    return False


def _score(p: Place, m: Mention, focus, doc_cc, doc_admin1, doc_admin2,
           anchors, prior: GeoPrior | None = None) -> tuple[float, float]:
    """(evidence score, context score): the story's other places add up in the second."""
    s = _base_score(p)
    ctx = 0.0
    if m.kind == "fuzzy":
        s -= 0.8 * m.edits
    elif m.kind == "prefix":
        s -= 1.0
    if focus and p.cc == focus:
        s += 1.5
        if p.fclass == "P" and p.admin1:
            oblast = focus_prior(focus).get(p.admin1, 0.0)
            s += oblast if p.precision == 1 else 0.5 * oblast
        if prior is not None and p.fclass == "P" and p.lat is not None:
            s += PRIOR_WEIGHT * prior.weight(p.lat, p.lon, p.within_km or 0.0)
    if p.source == "curated" and p.fcode not in ("PCLI", "ADM1"):
        s += 1.0  # curated regions, rivers and seas over same-named hamlets
    if p.fcode == "PCLI" and doc_cc and p.cc not in doc_cc and max(doc_cc.values()) >= 3:
        s -= 1.0  # "Georgia" in a story full of US places
    elif anchors and p.fclass == "P" and p.cc and doc_cc and p.cc != focus:
        # "London" in a story whose other places are all in Canada: a town of a country no
        # other name of the story lies in, against a country several other names lie in
        own_cc = m.chosen.cc if m.chosen is not None else None
        if doc_cc.get(p.cc, 0) - (p.cc == own_cc) <= 0 and max(
                n - (c == own_cc) for c, n in doc_cc.items()) >= FOREIGN_MIN:
            s -= FOREIGN_PENALTY
    if p.fcode == "ADM1" and p.cc in doc_cc and doc_cc[p.cc] >= 2:
        ctx += 1.0
    if p.cc and p.cc in doc_cc and p.fcode != "PCLI":
        own = 1 if m.chosen is not None and m.chosen.cc == p.cc else 0
        n_other = doc_cc[p.cc] - own
        if n_other > 0:
            ctx += 0.5 + min(2.0, 0.4 * n_other)
    if p.admin1 and p.fcode != "ADM1" and doc_admin1.get(p.admin1, _NONE) - {m.key}:
        s += 2.5
    elif not p.admin1 and p.cc and p.fclass == "P" and p.kind != ALTERNATE \
            and doc_admin1.get(_IN_ADM1_OF + p.cc, _NONE) - {m.key}:
        s += STATED_COUNTRY_AREA  # "Ontario" stated, a Canadian London
    if p.admin2 and p.fcode != "ADM2" and doc_admin2.get(p.admin2, _NONE) - {m.key}:
        s += 2.0
    if m.area_hint:
        if p.fcode in ("ADM1", "ADM2", "RGN", "PCLI"):
            s += 3.0
    elif m.direction is None and p.fcode in ("ADM2",) and p.source == "katottg":
        s -= 2.0  # a bare "Bakhmut" is the town, not its raion
    if m.extra.get("water"):
        s += 3.0 if p.fclass == "H" else -5.0
    if m.extra.get("village") and p.fclass == "P" and (p.population or 0) >= VILLAGE_MAX_POP:
        s -= 1.0  # "the village of Troitske": not the town of that name
    if anchors and p.lat is not None and (p.fcode not in AREA_CODES or _county(p)):
        d = _nearest_km(p.lat, p.lon, anchors, m.key)
        if d is not None:
            ctx += 2.0 * math.exp(-d / 60.0)
    return s, ctx


def _nearest_km(lat: float, lon: float, anchors, own_key: str) -> float | None:
    """Distance to the nearest anchor of another name: the flat-earth formula, which is
    within a fraction of a percent of the great circle at the distances that count here (the
    closeness weight is ~0 beyond a few hundred km)."""
    coslat = math.cos(math.radians(lat))
    best = None
    for a, b, k in anchors:
        if k == own_key:
            continue
        dy = a - lat
        dx = (b - lon) * coslat
        d2 = dx * dx + dy * dy
        if best is None or d2 < best:
            best = d2
    return None if best is None else 111.195 * math.sqrt(best)


def _to_toponym(m: Mention, role: str, reason: str | None = None) -> Toponym:
    p = m.chosen
    precision = p.precision or 1
    if m.kind == "district":
        precision = 3
    elif m.kind == "city_district":
        precision = 2
    if m.direction:
        precision = 3 if p.fcode in AREA_CODES or p.precision == 3 else 2
    conf = 1.0 / (1.0 + math.exp(-(m.extra.get("margin", 0.0) - 0.5)))
    if m.kind in ("fuzzy", "prefix"):
        conf *= 0.8
    name = p.name
    if m.kind == "district":
        name = f"{p.name} district"
    if m.direction and p.fcode in AREA_CODES:
        name = f"{m.direction.capitalize()} {p.name}" if p.fcode == "PCLI" else p.name
    return Toponym(
        start=m.start, end=m.end, text=m.text, name=name, latitude=p.lat, longitude=p.lon,
        geonameid=p.geonameid, feature_class=p.fclass, feature_code=p.fcode,
        country_code=p.cc, admin1=p.admin1, admin2=p.admin2, geo_precision=precision,
        uncertainty_km=p.within_km if precision == 2 else None, role=role, score=round(conf, 3),
        geo_reason=reason,
    )


__all__ = ["resolve_mentions", "norm"]
