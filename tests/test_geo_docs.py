"""Document-level disambiguation: the story's own places, old names, contractions."""

from __future__ import annotations

import pytest

from warledger.geo import geocode, geoparse, get_gazetteer
from warledger.geo.gazetteer import ALTERNATE, PRIMARY, Place, haversine_km
from warledger.geo.geoparse import find_mentions
from warledger.geo.resolve import _alternate_penalty, _own_name_population, _score
from warledger.geo.tokens import Mention


@pytest.fixture(scope="module")
def gaz():
    return get_gazetteer()


def _one(tops, text):
    found = [t for t in tops if t.text == text]
    assert found, f"{text!r} not found in {[t.text for t in tops]}"
    return found[0]


def _place(name, kind, pop, cc="US", admin1="Ohio", fcode="PPL"):
    return Place(id=hash((name, kind, pop)) & 0xFFFF, geonameid=None, name=name, lat=40.0,
                 lon=-82.0, fclass="P", fcode=fcode, cc=cc, admin1=admin1, admin2=None,
                 population=pop, precision=1, source="geonames", flags="", kind=kind)


def test_a_town_bearing_the_name_beats_an_old_name():
    # GeoNames lists "Youngstown" as another name of Mount Gilead, Ohio
    places = [_place("Youngstown", PRIMARY, 64_628), _place("Mount Gilead", ALTERNATE, 3_653)]
    own = _own_name_population(places)
    assert own == 64_628
    assert _alternate_penalty(places[1], own, None) > 1.0
    assert _alternate_penalty(places[0], own, None) == 0.0
    # far bigger than any place of that name: Kiev for Kyiv keeps its name
    assert _alternate_penalty(_place("Kyiv", ALTERNATE, 2_900_000, "UA"), 5_000, None) == 0.0
    # only another name: nothing to lose to
    assert _alternate_penalty(places[1], _own_name_population(places[1:]), None) == 0.0
    # the focus country's renamed towns keep their old names
    assert _alternate_penalty(_place("Sokolohirsk", ALTERNATE, 38_000, "UA"), 60_000, "UA") == 0


def test_a_state_does_not_support_its_own_namesakes():
    town = _place("Minneota", ALTERNATE, 1_363, admin1="Minnesota")
    m = Mention(0, 9, "Minnesota", "minnesota", [town], 0, 0)
    by_itself = _score(town, m, None, {}, {"Minnesota": {"minnesota"}}, {}, [])[0]
    by_other = _score(town, m, None, {}, {"Minnesota": {"perham"}}, {}, [])[0]
    assert by_other - by_itself == pytest.approx(2.5)


def test_old_names_in_the_focus_country_still_count(gaz):
    # Pervomaisk (Luhansk oblast), renamed: news still uses the old name
    t = geocode("Pervomaisk town", country_focus="UA")
    assert t is not None and haversine_km(t.latitude, t.longitude, 48.63, 38.55) < 10


@pytest.mark.parametrize("word", ["I'll", "We're", "Don't", "They've"])
def test_contractions_are_no_places(gaz, word):
    text = f"\"{word} stay here,\" said a resident of Columbus, Ohio."
    assert word not in [m.text for m in find_mentions(text, gaz, country_focus=None)]
    assert [t.text for t in geoparse(text, country_focus=None)] == ["Columbus", "Ohio"]


def test_a_titled_surname_is_a_person_everywhere(gaz):
    text = ("Sen. Bob Hughes spoke in Springfield, Illinois, on Monday. Later Hughes met "
            "farmers, and Hughes promised a new road.")
    names = [t.text for t in geoparse(text, country_focus=None)]
    assert "Hughes" not in names
    assert "Springfield" in names and "Illinois" in names


def test_a_small_place_that_speaks_is_a_person(gaz):
    text = ("The council met in Dayton on Monday. \"We need the money,\" Wilkinson said. "
            "Wilkinson has served two terms.")
    names = [t.text for t in geoparse(text, country_focus=None)]
    assert "Wilkinson" not in names and "Dayton" in names


def test_a_city_that_speaks_stays_a_place(gaz):
    # a big city "said" by its government; an office "in Columbia said" is still in Columbia
    text = ("Voters in Gainesville marched. The U.S. Attorney's office in Columbia said the "
            "case is closed. Gainesville says no to the amendment.")
    names = [t.text for t in geoparse(text, country_focus=None)]
    assert names.count("Gainesville") == 2 and "Columbia" in names


def test_a_title_ending_a_sentence_names_no_one(gaz):
    text = "Hyles unseats Turner for Municipal Court Judge. Columbus attorney Hyles won."
    assert "Columbus" in [t.text for t in geoparse(text, country_focus=None)]


@pytest.mark.parametrize("desc,lat,lon", [
    # a district of a city is in the city, not a town named like the district's adjective
    ("Kuibyshevsky district of Donetsk", 48.02, 37.80),
    ("a market in the Kievsky district of Kharkov", 49.98, 36.25),
    # a village of an old raion: the namesake near the raion's town, even when spelt the
    # Russian way ("Peski" for Pisky by Yasynuvata, not Pisky in Mykolaiv oblast)
    ("the village of Peski (Yasinovatsky district)", 48.13, 37.86),
    ("near village Stepanivka, Shakhtarskyi district, Donetsk region", 48.04, 38.45),
])
def test_districts_place_their_villages(gaz, desc, lat, lon):
    t = geocode(desc, country_focus="UA")
    assert t is not None and haversine_km(t.latitude, t.longitude, lat, lon) <= 35, t


def test_a_stated_oblast_keeps_the_district_town_in_it(gaz):
    # "Novoazovsky district" could name towns in another oblast: Donetsk region is stated
    t = geocode("near the village of Shyrokyne, Novoazovsky district, Donetsk region",
                country_focus="UA")
    assert t is not None and t.admin1 == "Donetsk Oblast" and t.geo_precision <= 2


@pytest.mark.parametrize("desc", ["Stanytsya Luganska village", "Stanitsa Luganska"])
def test_two_unknown_words_can_be_a_misspelt_town(gaz, desc):
    t = geocode(desc, country_focus="UA")
    assert t is not None and haversine_km(t.latitude, t.longitude, 48.66, 39.48) <= 10


def test_two_unknown_words_in_prose_stay_unplaced(gaz):
    # no cue, not a close spelling of anything: a name, not a place
    assert geoparse("Zorblat Quenthix spoke on Monday.", country_focus="UA") == []


def test_us_counties_sit_at_their_own_centre(gaz):
    from warledger.geo.build import _us_county_centres

    centres = _us_county_centres()
    lat, lon = centres[("IL", "kane county")]
    assert haversine_km(lat, lon, 41.94, -88.43) < 30  # Kane County, Illinois
    tops = geoparse("Flooding closed roads in Kane County, Illinois, on Monday.",
                    country_focus=None)
    t = _one(tops, "Kane County")
    assert t.geo_precision == 2 and haversine_km(t.latitude, t.longitude, 41.94, -88.43) < 30


def test_a_county_helps_place_its_towns(gaz):
    # a county at its own centre locates the story's towns: Decatur in DeKalb County's state
    tops = geoparse("DeKalb County officials met in Decatur on Monday.", country_focus=None)
    assert _one(tops, "Decatur").admin1 == _one(tops, "DeKalb County").admin1
