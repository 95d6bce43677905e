"""Casualty figures: ACLED's counting rules on short phrases."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warledger.extract.casualties import conservative, find_casualties, parse_number


def figures(text: str) -> list[tuple[str, int]]:
    return [(c.kind, c.value) for c in find_casualties(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at least one person was killed and 33 others injured",
         [("fatalities", 1), ("injuries", 33)]),
        ("at least eight people had died and seven were injured",
         [("fatalities", 8), ("injuries", 7)]),
        ("warplanes pounded the village, killing 6 civilians, including 2 women",
         [("fatalities", 6)]),
        ("Five dead as police launch assault on protesters", [("fatalities", 5)]),
        ("activists say one shot dead", [("fatalities", 1)]),
        ("two soldiers were wounded", [("injuries", 2)]),
        ("The gunmen killed 3 and injured 10.", [("fatalities", 3), ("injuries", 10)]),
        ("The attack left 3 dead and 12 wounded", [("fatalities", 3), ("injuries", 12)]),
        ("Twelve Ukrainian nationalist fighters killed in ambush", [("fatalities", 12)]),
        ("A man was killed in the shelling", [("fatalities", 1)]),
        ("the death toll rose to 14", [("fatalities", 14)]),
        ("the blast claimed 7 lives", [("fatalities", 7)]),
        ("killing at least twenty-one people", [("fatalities", 21)]),
        ("Two missiles killed 5 people", [("fatalities", 5)]),
        ("1,200 people were killed", [("fatalities", 1200)]),
        ("One KIA, six WIA in the past day", [("fatalities", 1), ("injuries", 6)]),
        ("Militiaman killed in shelling", [("fatalities", 1)]),
        ("a 45-year-old man was injured", [("injuries", 1)]),
    ],
)
def test_figures(text, expected):
    assert figures(text) == expected


def test_vague_words_use_acled_values():
    (c,) = find_casualties("dozens killed in attack")
    assert (c.kind, c.value, c.vague) == ("fatalities", 12, True)
    (c,) = find_casualties("hundreds of people were killed")  # "of" breaks the subject rule
    assert c.value == 100 and c.vague


def test_qualifiers():
    (c,) = find_casualties("more than 100 soldiers killed")
    assert (c.value, c.qualifier) == (100, "at least")
    (c,) = find_casualties("up to 30 people died")
    assert (c.value, c.qualifier) == (30, "up to")
    (c,) = find_casualties("about 40 people were injured")
    assert (c.kind, c.value, c.qualifier) == ("injuries", 40, "about")


def test_no_casualties_is_zero():
    got = figures("There were no casualties.")
    assert ("fatalities", 0) in got and ("injuries", 0) in got
    assert figures("No one was killed.") == [("fatalities", 0)]


def test_not_casualties():
    assert figures("In 2014 killed") == []
    assert figures("Three tanks were destroyed") == []
    assert figures("The 45-year-old suspect was arrested") == []
    assert figures("Covid cases rose to 1,000") == []


def test_offsets_point_at_the_words():
    text = "Officials said on Wednesday that at least eight people had died and seven were injured."
    for c in find_casualties(text):
        assert text[c.start:c.end] == c.text
    assert find_casualties(text)[0].text == "at least eight people had died"


def test_conservative():
    cs = find_casualties("At least 8 dead. Later the death toll rose to 10. Dozens were injured.")
    assert conservative(cs, "fatalities") == 10
    assert conservative(cs, "injuries") == 12
    assert conservative([], "fatalities") is None


def test_parse_number():
    assert parse_number("twenty-one") == (21, False)
    assert parse_number("a dozen") == (12, False)
    assert parse_number("dozens") == (12, True)
    assert parse_number("1,200") == (1200, False)
    assert parse_number("one hundred and twenty") == (120, False)
    assert parse_number("banana") is None


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=99_999), st.sampled_from(["killed", "wounded"]))
def test_any_number_round_trips(n, verb):
    text = f"Officials said {n} people were {verb} in the attack."
    (c,) = find_casualties(text)
    assert c.value == n
    assert c.kind == ("fatalities" if verb == "killed" else "injuries")
    assert text[c.start:c.end] == c.text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_never_crashes_and_spans_are_exact(text):
    for c in find_casualties(text):
        assert text[c.start:c.end] == c.text
        assert c.value >= 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("violates ceasefire 18 times in past week, killing militiaman", [("fatalities", 1)]),
        ("The army killed a civilian in the region", [("fatalities", 1)]),
        ("Army fire kills civilian in Lugansk", [("fatalities", 1)]),
        ("Gorlovka woman, wounded in the morning during shelling, dies - mayor",
         [("fatalities", 1)]),
        ("Death toll from the military’s shelling of the town rises to two", [("fatalities", 2)]),
        ("Number of residents killed in shelling rises to seven - mayor", [("fatalities", 7)]),
        ("21y.o. Ihor Tychyna died in hospital", [("fatalities", 1)]),
        ("A man said that five people died", [("fatalities", 5)]),
    ],
)
def test_singular_and_toll_phrasings(text, expected):
    assert [(k, v) for k, v in figures(text) if k == "fatalities"] == expected


def test_lists_of_victims_and_asides():
    assert figures("19 civilians and troops killed in 24 hours") == [("fatalities", 19)]
    assert figures("Eight people in Donetsk republic killed by shelling") == [("fatalities", 8)]
    assert figures("Two people, including a veteran, died due to shelling") == [("fatalities", 2)]
    assert figures("Two missiles and a drone killed 5") == [("fatalities", 5)]


def test_deaths_without_a_number_are_vague():
    (c,) = find_casualties("the enemy shelled six regions, there are dead and wounded")
    assert (c.kind, c.value, c.vague) == ("fatalities", 3, True)
    cs = find_casualties("There were dead. Later the toll rose to 7.")
    assert conservative(cs, "fatalities") == 7


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the victims' side named after them
        ("Thirteen rescuers of the DPR were killed , nine were injured",
         [("fatalities", 13), ("injuries", 9)]),
        ("During the day one serviceman of the DPR was killed", [("fatalities", 1)]),
        # reported speech squeezed into a headline
        ("Two civilians said killed as rebels breach ceasefire", [("fatalities", 2)]),
        # a death told as a thing seen
        ("Invaders shelled the region again: there is a dead man, three people were wounded",
         [("fatalities", 1), ("injuries", 3)]),
        # a toll after a long subject
        ("The death toll in the center of Donetsk due to the shelling of the Armed Forces of "
         "Ukraine increased to two", [("fatalities", 2)]),
    ],
)
def test_headline_forms(text, expected):
    assert figures(text) == expected


def test_dead_adjective_needs_a_person():
    assert figures("a dead end for the talks") == []
    assert figures("the dead zone near the river") == []


def test_named_officers_killed_are_counted_one_each():
    text = ("Ukrainian strikes on a Russian base in Kherson City on July 10 killed Division Commander "
            "Colonel Aleksei Gorobets, Deputy Commander Colonel Sergey Kens, and Deputy Artillery "
            "Commander Lieutenant Colonel Alexander Gordeev.")
    found = find_casualties(text)
    assert [(c.kind, c.value) for c in found] == [("fatalities", 3)]
    assert found[0].text.endswith("Alexander Gordeev")
    one = find_casualties("A missile strike killed Major General Andrei Sukhovetsky near Kyiv.")
    assert [(c.kind, c.value) for c in one] == [("fatalities", 1)]


def test_a_day_of_the_month_before_killed_is_no_count():
    found = find_casualties("The strike on July 10 killed two soldiers.")
    assert [(c.kind, c.value) for c in found] == [("fatalities", 2)]
