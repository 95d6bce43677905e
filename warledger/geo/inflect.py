"""Nominative candidates for inflected Ukrainian and Russian place names.

News in Ukrainian and Russian names places in every grammatical case ("по Запоріжжю",
"у Бахмуті", "біля Кремінної", "в Харькове"); the gazetteer holds the nominative. These rules
undo the common noun endings of place names, on keys already normalised by ``translit.norm``
(lower case, ї folded to і, й to и). The candidates are tried in order until one is known.
"""

from __future__ import annotations

import re

_CYR = re.compile(r"[\u0400-\u04ff]")

# (ending of the inflected key, endings of the nominative to try), longest endings first.
_ENDINGS: list[tuple[str, tuple[str, ...]]] = [
    ("ськоі", ("ська", "ське")), ("ському", ("ськ", "ське")), ("ської", ("ська",)),
    ("кою", ("ка",)), ("ці", ("ка",)), ("ки", ("ка",)), ("ку", ("ка",)),
    ("еві", ("ь",)), ("єві", ("й",)),
    ("оі", ("а",)), ("еі", ("я",)), ("іи", ("а", "ии", "")), ("ою", ("а",)), ("ею", ("я", "ь")),
    ("ям", ("я", "ь")), ("ом", ("",)), ("ем", ("ь", "")), ("єм", ("й",)),
    ("ои", ("ая", "а", "ии")), ("ую", ("ая",)), ("ьи", ("ье",)), ("ья", ("ье",)),
    ("ью", ("ье", "ь")), ("ье", ("ье",)),
    ("ю", ("я", "ь", "")), ("і", ("", "я", "а", "ь")), ("у", ("", "а")), ("а", ("", "ь")),
    ("я", ("ь", "и")), ("е", ("", "ь", "а")), ("и", ("а",)), ("ы", ("а",)),
]


def _ikavism(stem: str) -> list[str]:
    """Харков -> Харків, Києв -> Київ (o/e/є in the last closed syllable become і in the nominative)."""
    m = re.search(r"([оеє])([^аеєиіоуюяь]+)$", stem)
    if not m:
        return []
    return [stem[: m.start(1)] + "і" + m.group(2)]


def nominative_candidates(key: str) -> list[str]:
    """Possible nominatives of an inflected Cyrillic key, most likely first (never the key)."""
    if not _CYR.search(key) or len(key) < 4:
        return []
    out: list[str] = []
    for ending, repl in _ENDINGS:
        if key.endswith(ending) and len(key) - len(ending) >= 3:
            stem = key[: len(key) - len(ending)]
            for r in repl:
                cand = stem + r
                for c in (cand, *_ikavism(cand)):
                    if c != key and c not in out:
                        out.append(c)
    return out
