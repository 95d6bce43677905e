"""The keyword gates of find_casualties skip a pattern only when it cannot match."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from warledger.extract import casualties as C

GATED = {
    "subject": [C._PAT_SUBJECT, C._PAT_SINGULAR], "object": [C._PAT_OBJECT],
    "object_one": [C._PAT_OBJECT_ONE], "one_died": [C._PAT_ONE_DIED],
    "named_died": [C._PAT_NAMED_DIED], "toll": [C._PAT_TOLL], "unnumbered": [C._PAT_UNNUMBERED],
    "none": [C._PAT_NONE], "none_kind": [C._PAT_NONE_KIND],
}


def _alternatives(pattern: str) -> list[str]:
    """Every plain word of a pattern's source (letters only): the words a match is made of."""
    return sorted(set(re.findall(r"[A-Za-z]{2,}", pattern)))


WORDS = sorted({w for rxs in GATED.values() for rx in rxs for w in _alternatives(rx.pattern)}
               | {"3", "12", "a", "one", "two", "people", "Ivan", "Petrenko", "25-year-old", ",", "."})


# short texts of numbers and pattern words: most of them are near-matches of some pattern
SHORT = ["3", "12", "two", "a", "one", "man", "no", "there", "were", "toll"] * 8 + WORDS


@settings(max_examples=600, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12),
                 st.lists(st.sampled_from(SHORT), min_size=2, max_size=4)), st.booleans())
def test_a_pattern_that_matches_has_a_gate_word(words, upper):
    text = " ".join(words)
    if upper:
        text = text.upper()
    low = text.lower()
    for gate, rxs in GATED.items():
        for rx in rxs:
            if rx.search(text):
                assert any(w in low for w in C._GATES[gate]), (gate, text)


def test_gated_and_ungated_results_agree():
    texts = [
        "At least 12 people were killed and 30 wounded in the shelling, officials said.",
        "A 45-year-old Ivan Petrenko was killed. The death toll rose to 14.",
        "There were no casualties. No one was injured. A man later died in hospital.",
        "Peace talks resumed in Geneva on Monday.",
        "Seven people were KILLED in Kyiv’s suburb",  # not ASCII: no gate at all
    ]
    for t in texts:
        got = C.find_casualties(t)
        saved = C._GATES.copy()
        try:
            for k in C._GATES:
                C._GATES[k] = ("",)  # "" is in every text: every pattern runs
            C._find_casualties.cache_clear()
            assert C._casualties_in(t) == got
        finally:
            C._GATES.update(saved)
