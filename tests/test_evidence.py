"""Every event and claim carries evidence whose text equals article.text[start:end]."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import warledger

FIXTURES = Path(__file__).parent / "fixtures" / "extract"

PHRASES = [
    "Russian forces shelled Kharkiv on Monday, killing two civilians.",
    "A drone struck a dormitory in Rzhyshchiv, officials said.",
    "The Ukrainian military said it shot down 16 out of 21 Shahed drones.",
    "Ukrainian defenders repelled attacks near Bakhmut, Bohdanivka and Predtechy.",
    "The General Staff reported that 660 Russian soldiers and 13 tanks were destroyed.",
    "According to British intelligence, Russia likely lost ground near Kreminna.",
    "At least eight people died and seven were injured.",
    "Protesters gathered in Lviv.",
    "  ", "\n", "“Quoted,” he said.", "Ёлки-палки, Запоріжжя!", "$411 billion", "🙂",
]


def _check(result):
    article = result.articles[0]
    for record in [*result.events, *result.claims]:
        assert record.evidence, record
        for ev in record.evidence:
            assert ev.article_id == article.id
            assert article.text[ev.start:ev.end] == ev.text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PHRASES), st.text(max_size=40)), min_size=1, max_size=8),
       st.sampled_from([" ", "\n", "\r\n", " \t"]))
def test_generated_texts(parts, sep):
    text = sep.join(parts)
    if not text.strip():
        return
    _check(warledger.extract(text, published="2023-03-23"))


def test_real_fixture_article():
    text = (FIXTURES / "frontline-report.txt").read_text("utf-8")
    result = warledger.extract(text, published="2023-03-23")
    assert result.events and result.claims
    _check(result)
