"""The lexicon pre-filter never drops a regex that can match (warledger.extract.prefix)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from warledger.extract import actors, typing
from warledger.extract.prefix import PrefixIndex, grams, prefixes


def _wrap(p: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{p})(?![\w])", re.I)


def test_prefixes_of_simple_patterns():
    assert prefixes(_wrap("war|combat"), 3) == frozenset({"war", "com"})
    assert prefixes(_wrap("is"), 3) == frozenset({"is"})
    assert prefixes(_wrap("(?:heavy |fierce )?fighting"), 3) == frozenset({"hea", "fie", "fig"})
    assert prefixes(_wrap("x{0,2}y"), 3) == frozenset({"y", "xy", "xxy"})
    assert prefixes(_wrap("fab-\\d+"), 3) == frozenset({"fab"})
    assert prefixes(_wrap("(?-i:[A-C])\\w+"), 3) == frozenset({"a", "b", "c"})
    # a start that cannot be listed: always run
    assert prefixes(_wrap("(?:[\\w'-]+ ){0,4}positions?"), 3) is None
    assert prefixes(_wrap("\\w+ing"), 3) is None


def test_case_variants_and_non_ascii_texts():
    idx = PrefixIndex([_wrap("strike"), _wrap("“strike"), _wrap("war")])
    assert idx.candidates("AIR STRIKE hit") == frozenset({0})
    # curly quotes have no case: the filter applies
    assert idx.candidates("it was a “strike” – he said") == frozenset({0, 1})
    assert not idx.candidates("Russia’s attack")
    # a cased non-ASCII letter (the Kelvin sign folds to "k"): no filtering at all
    assert idx.candidates("\u212aiev strike") is None
    assert grams("Ab, cd") == {"a": [0], "ab": [0], "ab,": [0], "ab, ": [0], " ": [3], " c": [3],
                               " cd": [3], "c": [4], "cd": [4]}
    assert idx.candidates("peace talks") == frozenset()


def _lexicon_regexes() -> list[re.Pattern[str]]:
    types, none, in_protest = typing._lexicon(None)
    out = [p.regex for table in (types, none, in_protest) for ps in table.values() for p in ps]
    out += [rx for _, rx in typing._weapons(None)]
    out += [e.regex for e in actors._entries("Ukraine", None)]
    out += [e.regex for e in actors._entries("Nigeria", None)]
    return out


REGEXES = _lexicon_regexes()
INDEX = PrefixIndex(REGEXES)
WORDS = [
    "Russian", "forces", "shelled", "the", "air", "strike", "airstrikes", "killed", "Clashes",
    "protesters", "police", "fired", "tear", "gas", "recaptured", "town", "drone", "IED",
    "exploded", "enemy", "Ukraine's", "gunmen", "abducted", "villagers", "war", "’s", "—",
    "U.S.", "troops", "FAB-500", "suicide", "bomber", "Wagner", "militants", "seized", "two",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14),
       st.lists(st.sampled_from([" ", " ", ", ", "-", ". ", "'", "\n", "’"]), min_size=14, max_size=14),
       st.booleans())
def test_candidates_keep_every_matching_regex(words, seps, upper):
    text = "".join(w + s for w, s in zip(words, seps, strict=False))
    if upper:
        text = text.upper()
    cand = INDEX.candidates(text)
    assert cand is not None
    where = INDEX.positions(text)
    assert where is not None and set(where) == cand
    for i, rx in enumerate(REGEXES):
        if rx.search(text):
            assert i in cand, (rx.pattern[:80], text)
        spans = [m.span() for m in rx.finditer(text)]
        assert [m.span() for m in INDEX.finditer(i, text)] == spans, (rx.pattern[:80], text)
        got = [m.span() for m in INDEX.matches_at(i, text, where[i])] if i in where else []
        assert got == spans, (rx.pattern[:80], text)


def test_only_word_anchored_regexes_are_filtered():
    idx = PrefixIndex([re.compile("war", re.I), _wrap("war")])
    assert idx.always == frozenset({0})
    assert [m.span() for m in idx.finditer(0, "postwar war")] == [(4, 7), (8, 11)]
    assert [m.span() for m in idx.finditer(1, "postwar war")] == [(8, 11)]


def test_filtered_typing_equals_a_full_scan():
    text = "Russian forces shelled the town; an air strike killed two civilians near Kherson."
    types, none, in_protest = typing._lexicon(None)
    full = {t: typing._hits(text, pats) for t, pats in types.items()}
    assert typing.type_scores(text)[0] == full


def test_digits_are_listed_and_other_decimal_digits_turn_the_filter_off():
    rx = _wrap("\\d+ killed")
    assert prefixes(rx, 3) >= {"12 ", "123", "3 k"}
    idx = PrefixIndex([rx])
    assert [m.span() for m in idx.finditer(0, "then 12 killed")] == [(5, 14)]
    # Arabic-Indic digits are "\d" too: no filtering for such a text
    assert idx.candidates("\u0663 killed") is None
    assert [m.span() for m in idx.finditer(0, "\u0663 killed")] == [(0, 8)]
