"""Ukrainian and Russian reports: language, places in any grammatical case, figures, claimants."""

import math
from pathlib import Path

import pytest

import warledger
from warledger.extract import cyrillic
from warledger.geo import geoparse
from warledger.geo.inflect import nominative_candidates

FIX = Path(__file__).parent / "fixtures" / "cyrillic"
ZAPORIZHZHIA = (47.84, 35.14)


def _km(lat, lon, ref):
    dlat, dlon = math.radians(lat - ref[0]), math.radians(lon - ref[1])
    h = math.sin(dlat / 2) ** 2 + math.cos(math.radians(lat)) * math.cos(math.radians(ref[0])) * math.sin(dlon / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def test_ukrainian_strike_on_zaporizhzhia():
    result = warledger.extract((FIX / "zaporizhzhia-uk.txt").read_text("utf-8"), published="2023-03-23")
    assert result.articles[0].lang == "uk"
    (event,) = result.events
    assert event.sub_event_type == "Shelling/artillery/missile attack"
    assert _km(event.latitude, event.longitude, ZAPORIZHZHIA) < 15
    assert (event.fatalities, event.injuries) == (1, 33)
    assert str(event.event_date) == "2023-03-22"
    assert any("Малашко" in c for c in event.claimants)
    (claim,) = [c for c in result.claims if c.kind == "casualties"]
    assert claim.quantities == {"killed": 1, "injured": 33} and claim.event_id == event.id


def test_russian_strike_on_zaporozhye():
    result = warledger.extract((FIX / "zaporizhzhia-ru.txt").read_text("utf-8"), published="2023-03-23")
    assert result.articles[0].lang == "ru"
    (event,) = result.events
    assert event.location == "Zaporizhzhia"
    assert (event.fatalities, event.injuries) == (2, 12)


@pytest.mark.parametrize("form,name", [
    ("Запоріжжю", "Zaporizhzhia"), ("Бахмуті", "Bakhmut"), ("Кремінної", "Kreminna"),
    ("Харкові", "Kharkiv"), ("Авдіївці", "Avdiivka"), ("Запорожью", "Zaporizhzhia"),
])
def test_inflected_place_names_resolve(form, name):
    (top,) = [t for t in geoparse(f"Удар по {form}.") if t.role == "literal"]
    assert top.name == name and top.text == form


def test_nominative_candidates():
    assert "запоріжжя" in nominative_candidates("запоріжжю")
    assert "харків" in nominative_candidates("харкова")
    assert nominative_candidates("kharkiv") == []


def test_casualties_and_typing():
    s = "Внаслідок обстрілу загинули щонайменше три людини, ще п'ятеро поранені."
    t = cyrillic.classify(s)
    assert t is not None and t.sub_event_type == "Shelling/artillery/missile attack"
    figs = {(c.kind, c.value, c.qualifier) for c in cyrillic.find_casualties(s)}
    assert ("fatalities", 3, "at least") in figs
    assert cyrillic.classify("Через повінь евакуювали село.") is None


def test_collective_numerals_and_the_claimant_after_a_preposition():
    import warledger

    text = ("У понеділок російські війська обстріляли Херсон з реактивних систем залпового "
            "вогню. Загинули двоє цивільних, ще п'ятеро отримали поранення, повідомив начальник "
            "обласної військової адміністрації Олександр Прокудін.\n\n"
            "Сили ППО збили 15 з 17 ударних безпілотників типу Shahed, повідомили в Повітряних "
            "силах ЗСУ.")
    res = warledger.extract(text, published="2023-08-14")
    kherson = next(e for e in res.events if e.location == "Kherson")
    assert (kherson.fatalities, kherson.injuries) == (2, 5)
    cas = next(c for c in res.claims if c.kind == "casualties")
    assert cas.about == "Civilians (Ukraine)"
    inter = next(c for c in res.claims if c.kind == "interception")
    assert inter.claimant.startswith("Повітряних силах")
