"""Loss tallies and interceptions (extract/losses.py), number words, and ``eval losses``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from warledger.extract.lossbase import en_words_to_int
from warledger.extract.losses import (
    category_key,
    find_interceptions,
    find_loss_tallies,
)
from warledger.nlp.numbers_uk_ru import parse_number_uk_ru, words_to_int

FIX = Path(__file__).parent / "fixtures" / "losses"

REFERENCE_STYLE = (
    "Shelling continued near the front line. The Ukrainian army reported that 480 Russian "
    "soldiers, 9 tanks, one air defense system, and 14 armored personnel carriers were "
    "destroyed the previous day. Alarms sounded overnight in the capital."
)

MOD_STYLE = (
    "The total combat losses of the enemy from 24.02 to 03.04 were approximately: personnel ‒ "
    "about 17800 осіб, tanks ‒ 614 од, APV ‒ 1735 од, artillery systems – 311 од, MLRS ‒ 96 "
    "од, Anti-aircraft warfare systems ‒ 54 од, aircraft – 143 од, helicopters – 134 од, "
    "vehicles ‒ 1220 од, boats / cutters ‒ 7 од, fuel tanks ‒ 76, UAV operational-tactical "
    "level ‒ 94. special equipment ‒ 22. mobile SRBM system ‒ 4. Russian enemy suffered the "
    "greatest losses (of the past day) in the Izium direction."
)

GS_TOTALS = {
    "personnel": 171160, "tanks": 3604, "apcs": 6949, "artillery": 2660, "mlrs": 518,
    "air_defense_systems": 277, "aircraft": 305, "helicopters": 290, "uavs": 2207,
    "cruise_missiles": 911, "ships": 18, "submarines": 0, "vehicles": 5460,
    "special_equipment": 267,
}
GS_DAILY = {
    "personnel": 600, "tanks": 11, "apcs": 11, "artillery": 10, "mlrs": 0,
    "air_defense_systems": 0, "aircraft": 0, "helicopters": 0, "uavs": 12,
    "cruise_missiles": 0, "ships": 0, "submarines": 0, "vehicles": 8, "special_equipment": 1,
}


def only(items):
    assert len(items) == 1, items
    return items[0]


def test_reference_style_prose_tally():
    t = only(find_loss_tallies(REFERENCE_STYLE))
    assert t.quantities == {"personnel": 480, "tanks": 9, "air_defense_systems": 1, "apcs": 14}
    assert t.period == "day"
    assert t.daily == {}
    assert t.about_hint == "Russia"
    assert t.qualifier is None
    stmt = REFERENCE_STYLE[t.start:t.end]
    assert stmt.startswith("The Ukrainian army reported") and stmt.endswith("previous day.")
    texts = {key: REFERENCE_STYLE[s:e] for s, e, key in t.spans}
    assert texts == {
        "personnel": "480 Russian soldiers", "tanks": "9 tanks",
        "air_defense_systems": "one air defense system",
        "apcs": "14 armored personnel carriers",
    }


def test_mod_style_list_with_unit_words_and_unknown_category():
    t = only(find_loss_tallies(MOD_STYLE))
    assert t.quantities == {
        "personnel": 17800, "tanks": 614, "apcs": 1735, "artillery": 311, "mlrs": 96,
        "air_defense_systems": 54, "aircraft": 143, "helicopters": 134, "vehicles": 1220,
        "ships": 7, "fuel_tanks": 76, "uavs": 94, "special_equipment": 22,
        "mobile_srbm_systems": 4,
    }
    assert t.period == "cumulative"
    assert (t.period_start, t.period_end) == ("24.02", "03.04")
    assert t.qualifier == "about" and t.qualifiers == {"personnel": "about"}
    assert t.about_hint == "enemy"
    assert MOD_STYLE[t.start:t.end].endswith("mobile SRBM system ‒ 4.")
    for s, e, key in t.spans:
        assert str(t.quantities[key]) in MOD_STYLE[s:e]


def test_unlisted_category_in_a_list_gets_a_snake_case_key():
    text = "Enemy losses over the day: tanks ‒ 4, APV ‒ 9, pontoon bridges ‒ 2."
    t = only(find_loss_tallies(text))
    assert t.quantities == {"tanks": 4, "apcs": 9, "pontoon_bridges": 2}
    assert t.period == "day"


@pytest.mark.parametrize("name", ["gs_en", "gs_uk", "gs_ru"])
def test_general_staff_statement_in_three_languages_gives_the_same_figures(name):
    text = (FIX / f"{name}.txt").read_text(encoding="utf-8")
    t = only(find_loss_tallies(text))
    assert t.quantities == GS_TOTALS
    assert t.daily == GS_DAILY
    assert t.period == "cumulative"
    assert (t.period_start, t.period_end) == ("24.02.22", "23.03.23")
    assert t.qualifier == "about"
    assert t.about_hint == "enemy"
    assert t.start == 0  # the header line "... склали:" belongs to the statement


@pytest.mark.parametrize("dash", ["‒", "–", "—", "-", "―"])
def test_every_dash_variant(dash):
    text = f"personnel {dash} about 30700 (+200), tanks {dash} 1361 (+3) од, MLRS {dash} 210 (+1)."
    t = only(find_loss_tallies(text))
    assert t.quantities == {"personnel": 30700, "tanks": 1361, "mlrs": 210}
    assert t.daily == {"personnel": 200, "tanks": 3, "mlrs": 1}


def test_ukrainian_and_russian_prose():
    uk = "За минулу добу захисники знищили 540 окупантів, 7 танків та 4 бойові броньовані машини."
    t = only(find_loss_tallies(uk))
    assert t.quantities == {"personnel": 540, "tanks": 7, "apcs": 4}
    assert t.period == "day" and t.about_hint == "Russia"
    ru = "Россия потеряла двести военнослужащих и пять танков за сутки."
    t = only(find_loss_tallies(ru))
    assert t.quantities == {"personnel": 200, "tanks": 5}
    assert t.period == "day"


def test_not_a_tally():
    assert find_loss_tallies("The strike killed 12 people and destroyed two buildings.") == []
    assert find_loss_tallies("Firefighters counted 13 tanks of water.") == []
    # a weapon name with a hyphen is not "Shahed ‒ 136"
    assert find_loss_tallies("Air defence shot down a Shahed-136 and a Kh-101.") == []


def test_interception_is_not_counted_as_lost_drones():
    text = "The Ukrainian military stated it shot down 16 out of 21 Iranian-made Shahed suicide drones."
    assert find_loss_tallies(text) == []
    i = only(find_interceptions(text))
    assert (i.launched, i.destroyed) == (21, 16)
    assert i.weapon == "Shahed drones" and i.origin == "Iranian-made"
    assert text[i.start:i.end] == text
    spans = {key: text[s:e] for s, e, key in i.spans}
    assert spans == {"destroyed": "16", "launched": "21", "origin": "Iranian-made",
                     "weapon": "Shahed suicide drones"}


@pytest.mark.parametrize("text, launched, destroyed, weapon", [
    ("Ukrainian air defence destroyed 34 of 36 drones overnight.", 36, 34, "drones"),
    ("All 12 missiles were intercepted, the air force said.", 12, 12, "missiles"),
    ("Ukrainian forces shot down 5 Kalibr cruise missiles.", None, 5, "Kalibr cruise missiles"),
    ("Вночі сили ППО знищено 16 з 21 шахедів.", 21, 16, "Shahed drones"),
    ("Сили ППО збили 16 з 21 ударного БпЛА типу Shahed-136.", 21, 16, "Shahed-136"),
    ("Ночью сбито 18 из 20 беспилотников.", 20, 18, "drones"),
    ("It downed twenty-five of the 30 drones.", 30, 25, "drones"),
    ("Russia launched 40 drones overnight, 35 of them were shot down.", 40, 35, "drones"),
    ("Сили ППО збили 30 ракет з 34.", 34, 30, "missiles"),
    ("Ukraine's air defenses intercepted all 24 drones launched by Russia overnight.", 24, 24,
     "drones"),
    ("У ніч на 23 березня противник атакував 21 ударним БпЛА типу Shahed-136/131. Загалом "
     "знищено 16 ударних БпЛА.", 21, 16, "drones"),
])
def test_interception_forms(text, launched, destroyed, weapon):
    i = only(find_interceptions(text))
    assert (i.launched, i.destroyed, i.weapon) == (launched, destroyed, weapon)


def test_interceptions_of_several_weapons_in_one_sentence():
    text = "Збито 14 крилатих ракет Х-101 та 7 ударних БпЛА."
    found = find_interceptions(text)
    assert [(i.destroyed, i.weapon) for i in found] == [(14, "Kh-101 cruise missiles"),
                                                        (7, "drones")]
    assert text[found[0].start:found[0].end] == text
    assert text[found[1].start:found[1].end] == "7 ударних БпЛА"  # distinct evidence


def test_two_tallies_in_one_sentence_have_distinct_spans():
    text = "The army destroyed 5 tanks in Bakhmut, while near Avdiivka it destroyed 3 tanks."
    a, b = find_loss_tallies(text)
    assert (a.quantities, b.quantities) == ({"tanks": 5}, {"tanks": 3})
    assert (a.start, a.end) != (b.start, b.end)


def test_destroyed_drones_without_air_defence_is_a_loss_tally():
    text = "In the past day the army destroyed 5 tanks and 12 drones of the enemy."
    assert find_interceptions(text) == []
    assert only(find_loss_tallies(text)).quantities == {"tanks": 5, "uavs": 12}


def test_category_lexicon_longest_match():
    assert category_key("vehicles and fuel tanks") == "vehicles"
    assert category_key("fuel tanks") == "fuel_tanks"
    assert category_key("автомобільної техніки та цистерн з ПММ") == "vehicles"
    assert category_key("Anti-aircraft warfare systems") == "air_defense_systems"
    assert category_key("casualty reports") is None


@pytest.mark.parametrize("words, value", [
    ("один", 1), ("дві", 2), ("двох", 2), ("шістнадцять", 16), ("двадцять одна", 21),
    ("п'ятсот сорок", 540), ("п’ятсот сорок", 540), ("дві тисячі триста", 2300),
    ("тысяча двести", 1200), ("двадцати одного", 21), ("сто", 100), ("тисяча", 1000),
])
def test_uk_ru_number_words(words, value):
    assert words_to_int(words) == value


def test_number_parsing_edges():
    assert words_to_int("танків") is None
    assert parse_number_uk_ru("30 700") == 30700
    assert en_words_to_int("two hundred and forty-one") == 241
    assert en_words_to_int("one") == 1
    assert en_words_to_int("tanks") is None


CATEGORY_NAMES = {
    "en": {"personnel": "personnel", "tanks": "tanks", "apcs": "APV", "artillery":
           "artillery systems", "mlrs": "MLRS", "uavs": "UAV operational-tactical level",
           "vehicles": "vehicles and fuel tanks", "special_equipment": "special equipment"},
    "uk": {"personnel": "особового складу", "tanks": "танків", "apcs":
           "бойових броньованих машин", "artillery": "артилерійських систем", "mlrs": "РСЗВ",
           "uavs": "БпЛА оперативно-тактичного рівня",
           "vehicles": "автомобільної техніки та цистерн з ПММ",
           "special_equipment": "спеціальної техніки"},
}


@settings(max_examples=60, deadline=None)
@given(
    lang=st.sampled_from(["en", "uk"]),
    dash=st.sampled_from(["‒", "–", "—", "-"]),
    values=st.lists(st.tuples(st.integers(0, 400000), st.integers(0, 999)), min_size=8,
                    max_size=8),
    sep=st.sampled_from([", ", ",\n", ";\n", " , "]),
    unit=st.sampled_from(["", " од", " од."]),
)
def test_generated_lists_read_back(lang, dash, values, sep, unit):
    names = CATEGORY_NAMES[lang]
    parts = [f"{name} {dash} {total} (+{day}){unit}"
             for (key, name), (total, day) in zip(names.items(), values, strict=False)]
    text = "Total losses of the enemy: " + sep.join(parts) + "."
    t = only(find_loss_tallies(text))
    assert t.quantities == {k: v[0] for k, v in zip(names, values, strict=False)}
    assert t.daily == {k: v[1] for k, v in zip(names, values, strict=False)}
    for s, e, _key in t.spans:
        assert 0 <= s < e <= len(text)


# --- eval losses -------------------------------------------------------------------------------

def _write_gold(path: Path) -> None:
    rows = [
        {"text": MOD_STYLE,
         "gold_equipment": {"date": "2022-04-03", "day": 39, "tank": 614, "APC": 1735,
                            "field artillery": 311, "MRL": 96, "anti-aircraft warfare": 54,
                            "aircraft": 143, "helicopter": 134, "military auto": 1220,
                            "naval ship": 7, "fuel tank": 76, "drone": 94,
                            "special equipment": 22, "mobile SRBM system": 4,
                            "greatest losses direction": "Izium"},
         "gold_personnel": {"personnel": 17800, "personnel*": "about", "POW": 400}},
        {"text": "personnel ‒ about 30700 (+200), tanks ‒ 1361 (+3), APV ‒ 2700 (+5).",
         "gold_equipment": {"tank": 1361, "APC": 2701, "vehicles and fuel tanks": 10},
         "gold_personnel": {"personnel": 30700, "personnel*": "about"}},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
                    + "\n{broken\n", encoding="utf-8")


def test_score_losses(tmp_path):
    from warledger.eval.losses import score_losses

    gold = tmp_path / "gold.jsonl"
    _write_gold(gold)
    r = score_losses(gold)
    assert r["statements"] == 2
    assert r["statements_fully_exact"] == 1
    assert r["categories_scored"] == 14 + 4
    assert r["categories_exact"] == 16  # APC 2700 vs 2701; vehicles missing counts as wrong
    assert r["per_category"]["apcs"] == {"n": 2, "exact": 1, "share": 0.5}
    assert r["per_category"]["vehicles"] == {"n": 2, "exact": 1, "share": 0.5}
    assert r["personnel_qualifier"] == {"n": 2, "exact": 2, "share": 1.0}
    assert r["excluded_gold_fields"]["POW"]["count"] == 1
    assert r["excluded_gold_fields"]["greatest losses direction"]["count"] == 1
    assert r["gold_values_not_in_text"] == 2  # 2701 and 10 are not in the text
    assert len(r["errors"]) == 1 and ":3: not JSON" in r["errors"][0]


def test_eval_losses_command(tmp_path):
    from warledger.cli import app

    gold = tmp_path / "gold.jsonl"
    _write_gold(gold)
    runner = CliRunner()
    res = runner.invoke(app, ["eval", "losses", str(gold), "--format", "json"])
    assert res.exit_code == 1  # the broken line
    report = json.loads(res.stdout)
    assert report["categories_exact"] == 16
    res = runner.invoke(app, ["eval", "losses", str(gold)])
    assert "statements fully exact: 1/2" in res.stdout
    res = runner.invoke(app, ["eval", "losses", str(tmp_path / "missing.jsonl")])
    assert res.exit_code == 2
    assert "no such file" in res.stderr and "Traceback" not in res.stderr


def test_soldiers_killed_is_a_casualty_not_a_tally():
    assert find_loss_tallies("Two Ukrainian soldiers killed, four wounded in Donbas.") == []
    t = only(find_loss_tallies("Russian forces lost more than 200 servicemen in the past day."))
    assert t.quantities == {"personnel": 200} and t.qualifier == "at least"


@pytest.mark.parametrize("text, hint", [
    ("Armed Forces of Ukraine lost more than 100 servicemen in a day, Moscow said.", "Ukraine"),
    ("Russian troops destroyed about 85 Ukrainian soldiers and two tanks.", "Ukraine"),
    ("The Armed Forces of Ukraine destroyed 77 invaders and six tanks.", "Russia"),
    ("Russian artillery destroyed 18 military personnel of the Armed Forces of Ukraine.",
     "Ukraine"),
    ("The enemy lost more than 200 soldiers in the past day.", "enemy"),
    ("Russian troops destroyed up to 40 soldiers and a howitzer.", None),
])
def test_about_hint(text, hint):
    assert only(find_loss_tallies(text)).about_hint == hint


def test_model_numbers_are_not_counts():
    text = "Ukrainian forces destroyed a K-52 helicopter, two M777 artillery systems and 40 invaders."
    t = only(find_loss_tallies(text))
    assert t.quantities == {"personnel": 40}


def test_russian_mod_cumulative_prose():
    text = ("Всего с начала проведения специальной военной операции уничтожены: 413 самолетов, "
            "223 вертолета, 3829 беспилотных летательных аппаратов, 415 зенитных ракетных "
            "комплексов, 8614 танков и других боевых бронированных машин, 1115 боевых машин "
            "реактивных систем залпового огня, 4540 орудий полевой артиллерии и минометов, "
            "9332 единицы специальной военной автомобильной техники.")
    t = only(find_loss_tallies(text))
    assert t.quantities == {
        "aircraft": 413, "helicopters": 223, "uavs": 3829, "air_defense_systems": 415,
        "tanks_and_armored_vehicles": 8614, "mlrs": 1115, "artillery": 4540, "vehicles": 9332,
    }
    assert t.period == "cumulative"


def test_wire_prose_with_daily_increments_and_thousands_separators():
    text = ("Russia's combat losses in Ukraine from February 24, 2022 to March 23, 2023 are "
            "estimated at about 171,160 (+1,200) personnel, 3,604 (+11) tanks, 518 MLRS and 267 "
            "(+1) units of special equipment, the General Staff reports.")
    t = only(find_loss_tallies(text))
    assert t.quantities == {"personnel": 171160, "tanks": 3604, "mlrs": 518,
                            "special_equipment": 267}
    assert t.daily == {"personnel": 1200, "tanks": 11, "special_equipment": 1}
    assert (t.period, t.period_start, t.period_end) == ("cumulative", "February 24, 2022",
                                                         "March 23, 2023")
    assert t.about_hint == "Russia" and t.qualifiers == {"personnel": "about"}


def test_launched_count_from_an_earlier_clause_completes_each_weapon():
    text = ("The Air Force said Russia launched 40 Shahed drones and 5 Kh-101 missiles overnight; "
            "air defence destroyed 35 drones and all 5 missiles.")
    got = [(i.launched, i.destroyed, i.weapon) for i in find_interceptions(text)]
    assert got == [(40, 35, "drones"), (5, 5, "missiles")]
    first = find_interceptions(text)[0]
    assert (text.index("40"), text.index("40") + 2, "launched") in first.spans


def test_no_launch_count_of_another_weapon_family():
    text = "Russia launched 40 missiles overnight. Air defence shot down 12 drones."
    assert [(i.launched, i.destroyed) for i in find_interceptions(text)] == [(None, 12)]


@given(st.integers(0, 10_000_000))
def test_digits_with_separators_read_back(n):
    from warledger.extract.lossbase import parse_number

    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n
    assert parse_number(f"{n:,}".replace(",", "\u00a0")) == n


def test_ukrainian_statement_gives_the_same_claims_as_its_english_twin():
    import warledger

    def claims(name):
        text = (FIX / f"{name}.txt").read_text(encoding="utf-8")
        result = warledger.extract(text, published="2023-03-23", geo=False)
        return [(c.kind, c.quantities, c.period, c.qualifier, c.about, c.date)
                for c in result.claims if c.kind == "losses"]

    en = claims("gs_en")
    assert en and en[0][1] == GS_TOTALS
    assert claims("gs_uk") == en
    assert claims("gs_ru") == en


FRAGMENTS = [
    "tanks ‒ 5 (+1) од,", "personnel – about 300", "(+", "од.", "shot down", "16 out of 21",
    "Shahed drones", "знищено 16 з 21 шахедів", "всі 12 ракет", "з 24.02 по", "13 tanks",
    "one air defense system", ", and ", ":\n", "Kh-101", "1,2", "(+1,000)", "K-52", "—", "all",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=12))
def test_never_raises_and_spans_stay_inside(parts):
    text = " ".join(parts)
    for t in find_loss_tallies(text):
        assert 0 <= t.start <= t.end <= len(text)
        assert all(t.start <= s < e <= t.end for s, e, _k in t.spans)
        assert set(t.quantities) == {k for _s, _e, k in t.spans}
        assert all(isinstance(v, int) and v >= 0 for v in t.quantities.values())
    for i in find_interceptions(text):
        assert 0 <= i.start <= i.end <= len(text)
        assert all(0 <= s < e <= len(text) for s, e, _k in i.spans)
        if i.launched is not None and i.destroyed is not None:
            assert i.destroyed <= i.launched
