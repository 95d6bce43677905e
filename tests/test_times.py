from datetime import date

import pytest

from warledger.extract.times import find_times, pick_event_time

THU = date(2023, 3, 23)


@pytest.mark.parametrize(
    "phrase,expected,precision",
    [
        ("on Wednesday", date(2023, 3, 22), 1),
        ("on Thursday", date(2023, 3, 23), 1),
        ("yesterday", date(2023, 3, 22), 1),
        ("the previous day", date(2023, 3, 22), 1),
        ("During the night on Wednesday", date(2023, 3, 22), 1),
        ("this morning", date(2023, 3, 23), 1),
        ("13 months ago", date(2022, 2, 15), 3),
        ("two weeks ago", date(2023, 3, 9), 2),
        ("last week", date(2023, 3, 16), 2),
        ("on 24 February 2022", date(2022, 2, 24), 1),
        ("on March 3, 2023", date(2023, 3, 3), 1),
        ("on 22.03.2023", date(2023, 3, 22), 1),
        ("2023-03-21", date(2023, 3, 21), 1),
        ("on March 20", date(2023, 3, 20), 1),
        ("in December", date(2022, 12, 15), 3),
    ],
)
def test_phrases_resolve_against_publication(phrase, expected, precision):
    text = f"Shelling hit the town {phrase}, officials said."
    found = find_times(text, THU)
    assert len(found) == 1, found
    t = found[0]
    assert text[t.start:t.end] == t.text
    assert (t.date, t.precision) == (expected, precision)


def test_relative_dates_stay_unresolved_without_publication():
    text = "A drone hit a school on Wednesday; on 2 May 2022 another hit a depot."
    found = find_times(text, None)
    assert [(t.text, t.date) for t in found] == [
        ("on Wednesday", None), ("2 May 2022", date(2022, 5, 2))]
    assert found[0].precision == 3


def test_report_date_is_not_the_event_date_when_another_is_given():
    text = "According to a report issued on Thursday, the depot was hit on Tuesday."
    t = pick_event_time(text, find_times(text, THU))
    assert t.date == date(2023, 3, 21)


def test_distances_are_not_dates():
    assert find_times("The front moved March 12 km west.", THU) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("on 03/12/2023", "2023-03-12"),   # day-first would be after publication: month-first
    ("on 12/03/2023", "2023-03-12"),   # day-first
    ("the day before yesterday", "2023-03-21"),
    ("on the 12th", "2023-03-12"),
    ("on the 28th", "2023-02-28"),     # later than the publication day: last month's
])
def test_more_date_forms(text, expected):
    found = find_times(text, date(2023, 3, 23))
    assert [str(t.date) for t in found] == [expected]


def test_ordinals_that_are_not_days():
    assert find_times("the 3rd brigade attacked on the 12th of March", date(2023, 3, 23))[0].text \
        == "12th of March"
    assert find_times("the 3rd brigade attacked", date(2023, 3, 23)) == []
