from hypothesis import given
from hypothesis import strategies as st

from warledger.nlp.text import clauses, parse_number, sentences


def test_sentences_keep_offsets_and_quotes():
    text = 'It added, "Defenders repel attacks near Bakhmut."\nThe U.S. said so. Next one.'
    sents = sentences(text)
    assert [s.text for s in sents] == [
        'It added, "Defenders repel attacks near Bakhmut."', "The U.S. said so.", "Next one."]
    assert all(text[s.start:s.end] == s.text for s in sents)
    assert [s.paragraph for s in sents] == [0, 1, 1]


def test_clauses_split_at_while():
    text = "Russian forces launched airstrikes on Wednesday while Xi Jinping ended a visit to Moscow."
    parts = clauses(text, 0, len(text))
    assert [p.text for p in parts] == [
        "Russian forces launched airstrikes on Wednesday", "Xi Jinping ended a visit to Moscow."]


def test_number_words():
    assert [parse_number(w) for w in ["sixteen", "twenty-one", "1,200", "a dozen", "one", "x"]] == [
        16, 21, 1200, 12, 1, None]


@given(st.text(max_size=300))
def test_sentence_spans_match_any_text(text):
    for s in sentences(text):
        assert text[s.start:s.end] == s.text and s.text.strip() == s.text
