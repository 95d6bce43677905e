"""Find place names in text: gazetteer phrase matching over capitalised tokens plus cues.

``find_mentions`` returns spans with the gazetteer entries they may name; ``resolve.py`` then
picks one place for each and decides its role. ``geoparse`` runs both.
"""

from __future__ import annotations

from datetime import date

from ..models import Toponym
from .gazetteer import AFTER_COMMA, ALTERNATE, DEMONYM, Gazetteer, Place
from .prior import GeoPrior
from .tokens import (
    _ABBREVIATED,
    _CONTRACTION,
    MAX_TEXT,
    MAX_WORDS,
    Mention,
    Token,
    lexicon,
    tokens,
)
from .translit import norm


def _phrase(text: str, toks: list[Token], i: int, j: int) -> str:
    return text[toks[i].start:toks[j].end]


def find_mentions(text: str, gaz: Gazetteer, *, country_focus: str | None = "UA") -> list[Mention]:
    """Spans that name places, with their gazetteer candidates (not yet resolved)."""
    if not text or not text.strip():
        return []
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT]
    lex = lexicon()
    toks = tokens(text)
    n = len(toks)
    mentions: list[Mention] = []
    person_words: set[str] = set()

    def lookup(i: int, j: int) -> tuple[str, list[Place]]:
        key = norm(_phrase(text, toks, i, j))
        if len(key) < 2 or len(key) > 80:
            return key, []
        places = gaz.lookup(key, normalized=True)
        head, _, rest = key.partition(" ")
        if rest and head in _ABBREVIATED:
            # "Mt. Pleasant" is a Mount Pleasant by its own name, not only by another one
            full = gaz.lookup(f"{_ABBREVIATED[head]} {rest}", normalized=True)
            if full:
                ids = {p.id for p in full}
                places = list(full) + [p for p in places if p.id not in ids]
        return key, [p for p in places if p.kind != AFTER_COMMA] if places else []

    i = 0
    while i < n:
        t = toks[i]
        if not t.word:
            i += 1
            continue
        # direction words: "northern Ukraine", "northern and southern Ukraine"
        if t.low in lex["directions"] and i + 1 < n:
            m = _direction_phrase(text, toks, i, lookup, lex, gaz)
            if m is not None:
                mentions.extend(m)
                i = m[-1].extra["group_end"] + 1
                continue
        if not t.cap or t.low in lex["stop_capitalized"] and not _starts_multiword(toks, i) \
                or _CONTRACTION.search(t.text):  # "I'll", "We're", "Don't" name no place
            i += 1
            continue
        # the capitalised sequence starting here
        j = i
        while j + 1 < n and toks[j + 1].cap and toks[j + 1].start - toks[j].end <= 1 \
                and j + 1 - i < MAX_WORDS:
            j += 1
        # connectors: "Isle of Man", "Rostov-on-Don" (already one token), "Bosnia and Herzegovina"
        seq_end = j
        k = j
        while k + 2 < n and toks[k + 1].low in ("of", "and", "de", "upon", "on", "am", "del") \
                and k + 2 - i < MAX_WORDS + 2:
            if toks[k + 2].cap:
                k += 2
            elif toks[k + 1].low == "of" and toks[k + 2].low == "the" and k + 3 < n \
                    and toks[k + 3].cap:
                k += 3  # "Democratic Republic of the Congo"
            else:
                break
        last = max(k, seq_end)
        weak = lex["weak"]
        p = i
        prefix_unknown = False
        emitted = False
        while p <= seq_end:
            found = None
            for end in range(last, p - 1, -1):
                if end == p and (toks[p].low in weak or toks[p].low in lex["stop_capitalized"]):
                    break  # "Two", "Most", "Acting": ordinary words that some hamlet is named
                key, places = lookup(p, end)
                if places:
                    found = (end, key, places)
                    break
            if found is None:
                tp = toks[p]
                if not (tp.low in weak or tp.low in lex["stop_capitalized"]
                        or (tp.sent_start and p == i) or len(tp.text) == 1
                        or (p + 1 < n and text[tp.end:toks[p + 1].start] == "-")):
                    prefix_unknown = True
                p += 1
                continue
            end, key, places = found
            demonym = all(pl.kind == DEMONYM for pl in places)
            at_end = end >= seq_end
            hyphen_after = end + 1 < n and text[toks[end].end:toks[end + 1].start] == "-"
            q = end + 1
            while q + 1 < n and text[toks[q].end:toks[q + 1].start] == "-" and toks[q + 1].word:
                q += 1
            if hyphen_after and not demonym and q == end + 1 and p == end \
                    and (p == 0 or text[toks[p - 1].end:toks[p].start] != "-") \
                    and (not lookup(q, q)[1] or all(pl.kind == ALTERNATE for pl in places)):
                # "Kamenka-Dniprovska", "Al-Shabaab": a two-part name whose second part is no
                # place is one name (the gazetteer may know a close spelling), not its first
                # part ("Desie-Mekane-Selam road" lists places); so is one whose first part is
                # only some place's other name ("Wal-Mart")
                whole = _phrase(text, toks, p, q)
                mentions.append(Mention(toks[p].start, toks[q].end, whole, norm(whole), [],
                                        p, q, sent_start=toks[p].sent_start, kind="unresolved"))
                emitted = True
                p = q + 1
                prefix_unknown = False
                continue
            if prefix_unknown and at_end and not demonym:
                # "Chiquita Raquel Henry": a person's surname that is also a place name (not
                # "Nizhni Lozovoe": a settlement's first word, the two words one name)
                if not _prominent(places) and not (
                        end == i + 1 and toks[i].low in lex["name_modifiers"]):
                    person_words.add(toks[end].low)
                break
            if not at_end and not demonym and not hyphen_after \
                    and not _place_suffix(toks[end + 1].low, lex):
                rest = {toks[x].low for x in range(end + 1, last + 1)}
                # "Slavyansk Donetsk region", "Atlanta Georgia": a place, then a bigger one
                next_is_place = _prominent(lookup(end + 1, end + 1)[1]) and \
                    toks[end + 1].low not in lex["given_names"]
                if not rest & lex["non_place_heads"] and not next_is_place and not (
                        _prominent(places) and key not in lex["given_names"]):
                    # "Vladimir Putin": a person named like a town
                    if seq_end > end:
                        person_words.add(toks[seq_end].low)
                    break
            if all(toks[x].low in lex["directions"] for x in range(p, end + 1)):
                p = end + 1  # "North-East of Mariupol": a direction, not the town North East
                continue
            m = Mention(toks[p].start, toks[end].end, _phrase(text, toks, p, end), key,
                        places, p, end, sent_start=toks[p].sent_start)
            if demonym:
                m.kind = "demonym"
            elif any(pl.kind == DEMONYM for pl in places) and end == p:
                m.kind = "demonym"
                m.places = [pl for pl in places if pl.kind == DEMONYM]
            mentions.append(m)
            emitted = True
            p = end + 1
            prefix_unknown = False
        if not emitted and seq_end == i:
            mentions.append(Mention(t.start, t.end, t.text, norm(t.text), [], i, i,
                                    sent_start=t.sent_start, kind="unresolved"))
        elif not emitted and seq_end == i + 1 and not person_words & {toks[i + 1].low} \
                and not {toks[i].low, toks[i + 1].low} & (weak | lex["stop_capitalized"]):
            # "Stanytsya Luganska": two unknown words, a place only if a close spelling is
            # (resolve decides, and only with a cue)
            mentions.append(Mention(t.start, toks[i + 1].end, _phrase(text, toks, i, i + 1),
                                    norm(_phrase(text, toks, i, i + 1)), [], i, i + 1,
                                    sent_start=t.sent_start, kind="unresolved"))
        i = max(p, seq_end + 1) if emitted else seq_end + 1

    # context of each mention: cues before, suffixes after, persons
    for m in mentions:
        _annotate(m, text, toks, lex)
        if m.area_hint and m.direction is None and m.last_tok > m.first_tok:
            # "Luhansk oblast", "Lugansk region": the area itself when the gazetteer has it
            key = norm(m.text)
            areas = [p for p in gaz.lookup(key, normalized=True) if p.kind != AFTER_COMMA]
            head, _, word = key.rpartition(" ")
            for other in _OBLAST_WORDS if not areas and word in _OBLAST_WORDS else ():
                # "Lugansk province" is the oblast the gazetteer knows as "Lugansk region"
                areas = [p for p in gaz.lookup(f"{head} {other}", normalized=True)
                         if p.kind != AFTER_COMMA and p.fcode == "ADM1"]
                if areas:
                    break
            if not areas and word in _AREA_WORDS_FUZZY and len(head) >= 4:
                # "DeSoto Parish" is De Soto Parish: one edit away, and an area too
                for k, _d in gaz.fuzzy_keys(key, country=None, max_dist=1):
                    areas.extend(p for p in gaz.lookup(k, normalized=True)
                                 if p.kind != AFTER_COMMA and p.fcode in ("ADM1", "ADM2"))
            if areas:
                m.places, m.key = areas, key
    _plural_areas(text, toks, gaz, mentions)
    _sectors(text, toks, gaz, mentions)
    # a surname after a title, or a small place's name that speaks ("Moore said"), is that
    # person everywhere in the story (a big city that "says" is its government)
    named: set[str] = set()
    for w in _titled_surnames(toks, lex):
        if not _prominent(list(gaz.lookup(w, normalized=True))):
            named.add(w)
    for m in mentions:
        j = m.last_tok + 1
        if m.first_tok == m.last_tok and m.kind != "demonym" and j < n and not m.cue \
                and toks[j].low in _SPEECH and not _prominent(m.places) \
                and toks[m.first_tok].low not in lex["common_words"]:
            named.add(toks[m.first_tok].low)
    out = [m for m in mentions
           if m.kind == "demonym" or not _is_person(m, toks, lex, person_words, named)]
    _after_comma_states(text, toks, gaz, out)
    return out


def _prominent(places: list[Place]) -> bool:
    """A country, a first-level area, a curated area or a city of 200,000 people or more."""
    return any(p.fcode in ("PCLI", "ADM1") or p.source == "curated"
               or (p.population or 0) >= 200_000 for p in places[:3])


def _starts_multiword(toks: list[Token], i: int) -> bool:
    return i + 1 < len(toks) and toks[i + 1].cap and toks[i].low in ("north", "south", "east",
                                                                      "west", "new", "st")


def _place_suffix(low: str, lex) -> bool:
    return low in lex["area_suffixes"] or low in lex["water_suffixes"] or low in (
        "city", "town", "village", "oblast")


def _direction_phrase(text, toks, i, lookup, lex, gaz) -> list[Mention] | None:
    """'northern Ukraine' (a curated area), 'northern and southern Ukraine', 'eastern Donbas'."""
    n = len(toks)
    dirs = [i]
    k = i + 1
    while k + 1 < n and toks[k].low in ("and", ",", "or") and toks[k + 1].low in lex["directions"]:
        dirs.append(k + 1)
        k += 2
    if k >= n or not toks[k].cap:
        return None
    end = k
    while end + 1 < n and toks[end + 1].cap and end + 1 - k < MAX_WORDS:
        end += 1
    base = None
    for e in range(end, k - 1, -1):
        key, places = lookup(k, e)
        if places:
            base = (e, key, places)
            break
    if base is None:
        return None
    e, key, places = base
    if e < end and not _place_suffix(toks[e + 1].low, lex):
        return None
    if all(p.kind == DEMONYM for p in places):
        return None  # "eastern European", "southern Russian"
    last = e
    if last + 1 < n and toks[last + 1].low in lex["area_suffixes"]:
        last += 1
    areas: list[Place] = []
    if last > e:
        # "the southern Kherson region": the oblast, not its city
        areas = _area_places(gaz, f"{text[toks[k].start:toks[e].end]} {toks[last].low}")
    mentions = []
    for d in dirs:
        dword = toks[d].low
        start = toks[d].start
        span_end = toks[last].end if d == dirs[-1] else toks[d].end
        compound = norm(f"{dword} {text[toks[k].start:toks[e].end]}")
        curated = [p for p in gaz.lookup(compound, normalized=True) if p.kind != AFTER_COMMA]
        m = Mention(start, span_end, text[start:span_end], compound,
                    curated or areas or list(places), d, last if d == dirs[-1] else d)
        if not curated:
            m.direction = dword
            m.area_hint = bool(areas)
        m.extra["base_key"] = key
        m.extra["group_end"] = last
        mentions.append(m)
    return mentions


_AREA_PLURALS = {"regions": "region", "oblasts": "oblast", "provinces": "province",
                 "governorates": "governorate", "directions": "direction",
                 "counties": "county", "parishes": "parish"}
_AREA_FCODES = ("ADM1", "ADM2", "RGN")


def _area_places(gaz: Gazetteer, phrase: str) -> list[Place]:
    """The areas ``phrase`` ("Kherson region", "Kursk oblast") names in the gazetteer."""
    return [p for p in gaz.lookup(norm(phrase), normalized=True)
            if p.kind != AFTER_COMMA and p.fcode in _AREA_FCODES]


def _plural_areas(text: str, toks: list[Token], gaz: Gazetteer, mentions: list[Mention]) -> None:
    """'the Odesa and Mykolaiv regions', 'the Belgorod, Kursk and Bryansk regions': each name
    of a list before a plural area word is that area (the span stays on the name)."""
    n = len(toks)
    for idx, m in enumerate(mentions):
        j = m.last_tok + 1
        if m.kind == "demonym" or j >= n or toks[j].low not in _AREA_PLURALS:
            continue
        word = _AREA_PLURALS[toks[j].low]
        group = [m]
        k = idx
        while k > 0:
            prev = mentions[k - 1]
            between = [t.low for t in toks[prev.last_tok + 1:group[0].first_tok]]
            if not between or len(between) > 2 or not set(between) <= {",", "and"} \
                    or prev.kind == "demonym":
                break
            group.insert(0, prev)
            k -= 1
        if len(group) < 2:
            continue
        for g in group:
            if g.direction is not None:
                first = g.last_tok
                while first > g.first_tok and toks[first - 1].cap:
                    first -= 1
                name = text[toks[first].start:toks[g.last_tok].end]
            else:
                name = g.text
            areas = _area_places(gaz, f"{name} {word}")
            if areas:
                g.places, g.area_hint = areas, True
                if g.direction is None:
                    g.key = norm(f"{name} {word}")


_OBLAST_WORDS = ("oblast", "region", "province", "obl")
_AREA_WORDS_FUZZY = frozenset({"county", "parish", "oblast", "region", "province", "district",
                               "raion", "rayon"})
_SECTOR_WORDS = frozenset({"direction", "directions"})


def _sectors(text: str, toks: list[Token], gaz: Gazetteer, mentions: list[Mention]) -> None:
    """'the Nikolaev-Kryvyi Rih direction', 'the Yuzhno-Donetsk and Zaporozhye directions': a
    front sector the gazetteer curates, named by up to four words before "direction" (the
    words alone would be the towns the sector is named after), or by a direction word ("the
    southern direction")."""
    n = len(toks)
    lex = lexicon()
    directions = lex["directions"]
    taken = [False] * n
    found_any = False
    word = "direction"
    for j in range(1, n):
        if toks[j].low not in _SECTOR_WORDS:
            continue
        end = j
        while True:
            found = None
            for size in range(min(4, end), 0, -1):
                first = end - size
                if not all(toks[x].word and (toks[x].cap or toks[x].low in directions)
                           for x in range(first, end)):
                    continue
                phrase = f"{text[toks[first].start:toks[end - 1].end]} {word}"
                areas = [p for p in _area_places(gaz, phrase) if p.source == "curated"]
                if areas:
                    found = (first, areas)
                    break
            if found is None:
                break
            first, areas = found
            last = j if end == j else end - 1
            for x in range(first, last + 1):
                taken[x] = True
            found_any = True
            m = Mention(toks[first].start, toks[last].end, text[toks[first].start:toks[last].end],
                        norm(f"{text[toks[first].start:toks[end - 1].end]} {word}"), areas,
                        first, last, sent_start=toks[first].sent_start, area_hint=True)
            _annotate(m, text, toks, lex)
            m.extra["sector"] = True
            mentions.append(m)
            # "the Yuzhno-Donetsk and Zaporozhye directions": the names before "and" too
            if toks[j].low != "directions" or first < 2 or toks[first - 1].low not in ("and", ","):
                break
            end = first - 1
    if found_any:  # the sectors replace the names inside them
        mentions[:] = [m for m in mentions if m.extra.get("sector") or not any(
            taken[x] for x in range(m.first_tok, m.last_tok + 1))]
        mentions.sort(key=lambda m: m.start)


_VILLAGE_WORDS = frozenset({"village", "villages", "hamlet", "settlement", "settlements"})


def _annotate(m: Mention, text: str, toks: list[Token], lex) -> None:
    j = m.last_tok + 1
    # "the village of X", "X village": the text says how big it is
    b = m.first_tok - 1
    if b >= 1 and toks[b].low == "of" and toks[b - 1].low in _VILLAGE_WORDS \
            or b >= 0 and toks[b].low in _VILLAGE_WORDS \
            or j < len(toks) and toks[j].low in _VILLAGE_WORDS:
        m.extra["village"] = True
    if j < len(toks):
        low = toks[j].low
        if low in lex["area_suffixes"] and m.kind != "demonym":
            m.area_hint = True
            if m.direction is None and low not in ("state", "area", "republic"):
                m.end = toks[j].end
                m.text = text[m.start:m.end]
                m.last_tok = j
        elif low in lex["water_suffixes"]:
            m.extra["water"] = low
    p = m.first_tok - 1
    if p >= 0 and toks[p].low == "the":
        p -= 1
    if p >= 0:
        low = toks[p].low
        if low in lex["location_cues"]:
            m.cue = True
        if low in lex["strong_cues"] or (low == "of" and p > 0 and toks[p - 1].low in
                                         lex["strong_cues"]):
            m.strong_cue = True
            m.cue = True
        if low in ("of",) and p > 0 and toks[p - 1].low in ("outskirts", "village", "town",
                                                           "city", "region", "suburbs"):
            m.strong_cue = True


_LOCATIVE = frozenset({"in", "near", "at", "outside", "outskirts", "across", "around",
                       "through", "into", "toward", "towards", "via", "between"})
_SPEECH = frozenset({"said", "told", "added", "explained", "noted", "wrote", "asked",
                     "testified", "recalled", "agreed", "answered", "replied"})


def _titled_surnames(toks: list[Token], lex) -> set[str]:
    """The last word of every name a title introduces ("Sen. Jones", "Mayor Jim Moore"), and
    the first of a longer one: the same word alone elsewhere in the story is that person too."""
    out: set[str] = set()
    titles = lex["person_titles"]
    n = len(toks)
    for i, t in enumerate(toks):
        if t.low not in titles or not t.word or t.low == "st.":
            continue
        j = i + 1
        if j < n and toks[j].text == "." and len(t.text) <= 4 and toks[j].start == t.end:
            j += 1  # "Sen. Jones", not "... a judge. Columbus"
        k = j
        while k < n and k - j < 3 and toks[k].cap and toks[k].word \
                and toks[k].start - toks[k - 1].end <= 1:
            k += 1
        if k - j >= 1 and toks[k - 1].low not in titles:
            out.add(toks[k - 1].low)
            if k - j >= 2 and toks[j].low not in titles:
                out.add(toks[j].low)  # "the Rev. Roy Jones ... Roy said": the given name too
    return out


def _is_person(m: Mention, toks: list[Token], lex, person_words: set[str],
               named: set[str] = frozenset()) -> bool:
    """After a title; or a word the story uses as a name: ``person_words`` (a surname after an
    unknown given name) unless a cue precedes, ``named`` (after a title elsewhere, or speaking)
    unless a locative precedes ("in Moore" is the town, "Smith and Moore" the person)."""
    p = m.first_tok - 1
    if p >= 0 and toks[p].low.rstrip(".") in lex["person_titles"] and toks[p].word \
            and m.kind != "demonym":
        return True
    if m.first_tok != m.last_tok:
        return False
    low = toks[m.first_tok].low
    if low in person_words and not m.cue:
        return True
    if low not in named:
        return False
    b = m.first_tok - 1
    if b >= 0 and toks[b].low == "the":
        b -= 1
    return not (m.strong_cue or (b >= 0 and toks[b].low in _LOCATIVE))


def _party_dash(toks: list[Token], i: int) -> bool:
    """'Rep. Smith, D-N.Y.': a state abbreviation after a party letter and a dash."""
    return toks[i - 1].text == "-" and toks[i - 2].text in ("D", "R", "I") \
        and toks[i - 2].end == toks[i - 1].start and toks[i - 1].end == toks[i].start


def _after_comma_states(text: str, toks: list[Token], gaz: Gazetteer, out: list[Mention]) -> None:
    """'Springfield, Ill.' / 'Atlanta, GA': state abbreviations after a comma and a place."""
    by_tok = {m.first_tok: m for m in out}
    for i in range(2, len(toks)):
        t = toks[i]
        if not t.cap or not (toks[i - 1].text == "," and toks[i - 2].cap
                             or _party_dash(toks, i)):
            continue
        span_end = t.end
        if span_end < len(text) and text[span_end] == "." and not t.text.endswith("."):
            span_end += 1
        cands = [p for p in gaz.lookup(text[t.start:span_end]) if p.kind == AFTER_COMMA]
        if not cands:
            continue
        # "Washington, D.C.": the area the abbreviation stands for, not a city also called so
        cands = [p for p in cands if p.fclass == "A"] or cands
        m = Mention(t.start, span_end, text[t.start:span_end], norm(t.text), cands, i, i)
        m.cue = True
        old = by_tok.get(i)
        if old is not None:
            out.remove(old)
        out.append(m)
    out.sort(key=lambda m: m.start)


def geoparse(text: str, *, country_focus: str | None = "UA",
             gazetteer: Gazetteer | None = None, description: bool = False,
             prior: GeoPrior | None = None, on: date | None = None) -> list[Toponym]:
    """Place names in ``text`` with the places they refer to and their roles.

    ``description=True`` reads ``text`` as a place description ("Vodiane", "near Pisky
    village, Donetsk"): every capitalised word there is meant as a place.
    """
    from .gazetteer import get_gazetteer
    from .resolve import resolve_mentions

    if not isinstance(text, str) or not text.strip():
        return []
    gaz = gazetteer or get_gazetteer()
    mentions = find_mentions(text, gaz, country_focus=country_focus)
    if prior is None:
        from .prior import default_prior

        prior = default_prior(country_focus, on)
    return resolve_mentions(text, mentions, gaz, country_focus=country_focus,
                            description=description, prior=prior)
