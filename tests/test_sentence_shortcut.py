"""A paragraph left whole without running spaCy is one that spaCy's sentencizer leaves whole."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from warledger.nlp import text as T

PIECES = ["Russian", "forces", "shelled", "Kherson", "U.S.", "3.5", "km", ".", "!", "?", "…", "।",
          '"', "”", ")", "(", ",", ";", ":", "-", " ", "  ", "\t", "Dr.", "said", "’s", "1,200",
          "\u00a0", "e.g.", "p.m.", "?!", "...", "'", "A.", "x.com", "—"]


def _spacy_spans(chunk: str) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in T._nlp()(chunk).sents]


def _stripped(chunk: str, spans):
    out = []
    for a, b in spans:
        while a < b and chunk[a].isspace():
            a += 1
        while b > a and chunk[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14), st.sampled_from(["", " ", "."]))
def test_shortcut_agrees_with_the_sentencizer(pieces, sep):
    chunk = sep.join(pieces) if sep == "." else " ".join(pieces) + sep
    if not chunk.strip():
        return
    assert _stripped(chunk, T._sentence_spans(chunk)) == _stripped(chunk, _spacy_spans(chunk))


def test_shortcut_is_taken_only_without_inner_sentence_punctuation():
    assert T._one_sentence("Ukraine: 3 killed in shelling of Kherson")
    assert T._one_sentence("Three civilians killed in Kherson.  ")
    assert not T._one_sentence("Kherson was shelled. Two died.")
    assert not T._one_sentence("Officials in the U.S. said so")  # spaCy decides
    assert T.sentences("Kherson shelled. Two died.")[1].text == "Two died."


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=18),
       st.lists(st.sampled_from([" ", "  ", ""]), min_size=18, max_size=18))
def test_piecewise_tokens_give_spacys_sentences(pieces, gaps):
    """The sentences found by tokenizing only the pieces with punctuation are spaCy's own."""
    chunk = "".join(p + g for p, g in zip(pieces, gaps, strict=False))
    if not chunk.strip():
        return
    assert _stripped(chunk, T._sentencize(T._tokens(chunk))) == \
        _stripped(chunk, T.spacy_sentence_spans(chunk))
