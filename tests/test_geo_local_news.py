"""Local (US) news: the rules that pick the local namesake and keep names of people and
ordinary words out, on the real compiled gazetteer. Passages are written for these tests."""

from __future__ import annotations

import os

import pytest

from warledger.geo import geoparse, get_gazetteer


@pytest.fixture(scope="session")
def gaz():
    assert os.environ.get("WARLEDGER_DATA_DIR"), "tests must not write the user's data dir"
    return get_gazetteer()


def _parse(gaz, text: str) -> dict[str, tuple]:
    return {t.text: (t.name, t.admin1, t.country_code)
            for t in geoparse(text, country_focus=None, gazetteer=gaz)}


def test_names_before_counties_are_the_counties_of_one_state(gaz):
    got = _parse(gaz, "Volunteers in Douglas, Sarpy and Lancaster counties will help the food "
                      "bank this spring.")
    assert got["Douglas"] == ("Douglas County", "Nebraska", "US")
    assert got["Sarpy"][:2] == ("Sarpy County", "Nebraska")
    assert got["Lancaster"][:2] == ("Lancaster County", "Nebraska")
    got = _parse(gaz, "Floods closed roads in Becker, Clay and Otter Tail counties on Monday.")
    assert {v[1] for v in got.values()} == {"Minnesota"}
    assert got["Becker"][0] == "Becker County"


def test_a_town_and_a_county_named_together_are_neighbours(gaz):
    got = _parse(gaz, "Athens police booked the man into the Henderson County jail on Tuesday.")
    assert got["Athens"] == ("Athens", "Texas", "US")
    assert got["Henderson County"][1] == "Texas"
    got = _parse(gaz, "A Paris man was taken to the Henry County jail after the crash.")
    assert got["Paris"] == ("Paris", "Tennessee", "US")


def test_state_after_a_party_letter(gaz):
    got = _parse(gaz, "Rep. Jane Doe, D-N.Y., and Sen. John Roe, R-Fla., wrote the bill with "
                      "Rep. Ann Poe, D-W. Va.")
    assert got["N.Y."][1] == "New York"
    assert got["Fla."][1] == "Florida"
    assert got["W. Va."][1] == "West Virginia"
    assert not any(k.startswith("D") and "-" in k for k in got)


def test_an_abbreviation_after_its_city_stays(gaz):
    got = _parse(gaz, "A patient was taken to a hospital in Washington, D.C. on Friday; another "
                      "was seen in Rockville, Maryland.")
    assert got["D.C."][1] == "District of Columbia"
    assert got["Washington"][1] == "District of Columbia"
