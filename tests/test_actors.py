"""Actor mentions normalised to ACLED names; actor1/actor2, interaction, civilian targeting."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from warledger.extract.actors import assign_actors, find_actors
from warledger.extract.typing import classify

RU = "Military Forces of Russia (2000-)"
UA = "Military Forces of Ukraine (2019-)"


def names(text: str, country: str = "Ukraine") -> list[str]:
    return [m.name for m in find_actors(text, country)]


def test_state_forces_by_demonym_and_name():
    assert names("Russian forces advanced") == [RU]
    assert names("Ukrainian defenders held the line") == [UA]
    assert names("the Armed Forces of Ukraine reported") == [UA]
    assert names("Russia launched 21 drones") == [RU]
    assert names("the Russian air force struck") == [RU + " Air Force"]


def test_the_enemy_is_russia_only_in_ukrainian_statements():
    assert names("the enemy shelled the village", "Ukraine") == [RU]
    assert "Military Forces of Russia (2000-)" not in names("the enemy shelled the village", "Syria")


def test_country_name_as_place_is_not_an_actor():
    assert names("fighting in eastern Ukraine") == []
    assert names("Russia launched drones") == [RU]
    assert names("Russia said") == []  # a source, not a party


def test_named_groups_and_generic_actors():
    assert names("Wagner mercenaries stormed the town") == ["Wagner Group"]
    assert names("residents were evacuated") == ["Civilians (Ukraine)"]
    assert names("gunmen opened fire", "Nigeria") == ["Unidentified Armed Group (Nigeria)"]
    assert names("protesters gathered", "Georgia") == ["Protesters (Georgia)"]
    assert names("police detained them") == ["Police Forces of Ukraine (2019-)"]
    assert names("Syrian civilians fled", "Turkey") == ["Civilians (Syria)"]


def test_offsets():
    text = "On Wednesday Russian troops shelled homes in Kherson."
    for m in find_actors(text):
        assert text[m.start:m.end] == m.text


def test_assign_strike_on_civilians():
    text = "Russian forces struck residential buildings in Zaporizhzhia with two missiles."
    a1, a2, i1, i2, inter, ct = assign_actors(text, classify(text), "Ukraine")
    assert (a1, a2, i1, i2, inter, ct) == (RU, "Civilians (Ukraine)", 1, 7, 17, "Civilian targeting")


def test_assign_battle_and_passive():
    text = "Ukrainian defenders repelled an assault by Wagner fighters near Bakhmut."
    a1, a2, i1, i2, inter, ct = assign_actors(text, classify(text), "Ukraine")
    assert a1 == "Wagner Group" and a2 == UA and inter == 18 and ct is None


def test_assign_protest_and_riot():
    text = "Police fired tear gas at protesters in Tbilisi."
    a1, a2, i1, i2, inter, ct = assign_actors(text, classify(text), "Georgia")
    assert (a1, a2, inter) == ("Protesters (Georgia)", "Police Forces of Georgia", 16)
    text = "Rioters torched cars and threw stones at the police."
    a1, a2, i1, i2, inter, ct = assign_actors(text, classify(text), "France")
    assert a1 == "Rioters (France)" and i1 == 5 and i2 == 1 and inter == 15


def test_assign_attack_on_civilians_defaults_actor2():
    text = "Gunmen opened fire on a bus, killing nine."
    a1, a2, i1, i2, inter, ct = assign_actors(text, classify(text), "Nigeria")
    assert a1 == "Unidentified Armed Group (Nigeria)" and a2 == "Civilians (Nigeria)"
    assert inter == 37 and ct == "Civilian targeting"


def test_possessive_refers_to_the_named_state():
    text = "The Russian defence ministry said its troops captured Soledar."
    assert names(text)[-1] == RU


def test_user_lexicon(tmp_path, monkeypatch):
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "actors.yaml").write_text(
        "named:\n  - {name: 'Kraken Regiment', inter: 1, patterns: ['kraken(?: unit)?']}\n",
        encoding="utf-8",
    )
    assert names("the Kraken unit attacked") == []
    monkeypatch.setenv("WARLEDGER_DATA_DIR", str(tmp_path))
    assert names("the Kraken unit attacked") == ["Kraken Regiment"]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_never_crashes(text):
    for m in find_actors(text):
        assert text[m.start:m.end] == m.text
    a1, a2, i1, i2, inter, ct = assign_actors(text, classify(text))
    assert (a1 is None) == (i1 is None)
