"""Whether a resolved name is kept (weak single words that are more likely ordinary words or
names are dropped), and its role: literal, metonym ("Washington criticized") or demonym."""

from __future__ import annotations

from .gazetteer import ALTERNATE, DEMONYM
from .tokens import Mention
from .translit import norm

AREA_CODES = {"PCLI", "ADM1", "ADM2", "RGN", "CONT"}


def _accept(m: Mention, lex, story_cc: frozenset[str] | set[str] = frozenset()) -> bool:
    """Drop weak single-word matches that are more likely ordinary words or names."""
    p = m.chosen
    if m.kind == "demonym" or m.area_hint or m.direction:
        return True
    if m.kind in ("fuzzy", "prefix"):
        return m.score > 2.0
    if m.kind == "district":
        return True
    single = m.first_tok == m.last_tok
    big = p.fcode in AREA_CODES or p.fclass in ("H", "L") or (p.population or 0) >= 100_000
    if single and p.kind == ALTERNATE and not m.cue and p.cc not in story_cc \
            and story_cc and p.source != "curated" and (m.key in lex["common_words"] or (
                (p.population or 0) < 100_000 and _unlike(m.key, p.name))):
        # "Bus" (Batumi) in a story about Donetsk, "Part" (Perth), "Taliban" (a Turkish
        # village): a word that is only some place's other name, in a country the story's
        # other places are not in, names it only after a cue
        return False
    if single and m.text.isupper() and len(m.text) <= 5:
        # "US", "UK", "DPR", "D.C." are curated; "GDP", "SUV" (Suva) are no places
        return any(q.source == "curated" for q in m.places)
    if single and m.sent_start and not m.cue and story_cc and p.cc not in story_cc \
            and (m.key in lex["common_words"] or m.key in lex["big_common_words"]):
        # "Man killed in eastern Ukraine": the word, not Man in Côte d'Ivoire
        return False
    if single and m.key in lex["common_words"]:
        # "Spas, Lviv Raion": a word followed by the area it lies in names a place there
        return big or (m.strong_cue and not m.sent_start) or _inside_container(m)
    if single and m.sent_start and not big and not m.cue:
        return m.score >= 2.0
    return True


def _inside_container(m: Mention) -> bool:
    p = m.chosen
    return p is not None and p.fclass == "P" and any(
        a.cc == p.cc and a.fcode in ("ADM1", "ADM2", "ADM3") and (
            (a.fcode == "ADM3" and a.admin3 == p.admin3)
            or (a.fcode == "ADM2" and a.admin2 == p.admin2)
            or (a.fcode == "ADM1" and a.admin1 == p.admin1))
        for a in m.extra.get("containers", ()))


def _unlike(key: str, name: str) -> bool:
    """Whether a name looks nothing like a place's own name ("Taliban" for Bozhüyük), unlike a
    spelling of it ("Trivandrum" aside, most other names are spellings)."""
    from rapidfuzz import fuzz

    return fuzz.ratio(key, norm(name)) < 50


def _role(m: Mention, toks, lex, text: str) -> str:
    p = m.chosen
    if m.kind == "demonym" or p.kind == DEMONYM:
        return "demonym"
    if "metonym" in (p.flags or ""):
        return "metonym"
    flags = p.flags or ""
    is_polity = p.fcode == "PCLI" or "capital" in flags or (
        p.fclass == "P" and (p.population or 0) >= 1_000_000)
    if not is_polity or m.direction:
        return "literal"
    j = m.last_tok + 1
    n = len(toks)
    # "Moscow's offensive" (not "Moscow's suburbs")
    if j + 1 < n and toks[j].text in ("'", "’") and toks[j + 1].low == "s":
        k = j + 2
        while k < n and toks[k].low in ("own", "new", "full", "military", "ongoing"):
            k += 1
        if k < n and toks[k].word and toks[k].low not in lex["possessive_place_nouns"]:
            return "metonym"
        return "literal"
    # "Washington criticized", "Moscow, which regards", "Kyiv should acknowledge"
    k = j
    if k + 1 < n and toks[k].text == "," and toks[k + 1].low in ("which", "who"):
        k += 2
    while k < n and toks[k].low in ("also", "has", "have", "had", "already", "now", "again",
                                     "repeatedly", "reportedly", "officially", "then", "not"):
        if toks[k].low in ("has", "have", "had") and k + 1 < n and \
                toks[k + 1].low in ("been",):
            break
        k += 1
    if k < n and toks[k].low in lex["metonym_verbs"]:
        if not (toks[k].low in ("is", "was", "has", "had", "have") and k == j):
            return "metonym"
        if k + 1 < n and toks[k + 1].low in ("said", "urged", "demanded", "warned", "called",
                                             "refused", "insisted", "accused", "rejected"):
            return "metonym"
    # "urged Beijing to", "pressure Russia into"
    b = m.first_tok - 1
    if b >= 0 and toks[b].low in lex["metonym_preceders"]:
        if toks[b].low in ("with", "against", "between", "support") and m.cue:
            # "talks with Moscow" is political, "fighting against ... in" is not decidable here
            pass
        if j < n and toks[j].low in ("to", "into", "and", "over", "for", ",", "."):
            return "metonym"
    return "literal"
