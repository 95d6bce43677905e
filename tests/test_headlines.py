"""Wire headlines through the whole pipeline: one short line, one event, its figures."""

from __future__ import annotations

import pytest

import warledger


def _only_event(text: str, published: str = "2015-02-02"):
    res = warledger.extract(text, published=published)
    assert len(res.events) == 1, [(e.sub_event_type, e.location) for e in res.events]
    return res.events[0]


def test_civilians_killed_in_a_war_city_is_an_attack():
    ev = _only_event("Five civilians killed in Ukraine's Donetsk: city officials")
    assert ev.sub_event_type == "Attack"
    assert ev.event_type == "Violence against civilians"
    assert ev.fatalities == 5
    assert ev.location == "Donetsk"
    assert ev.latitude == pytest.approx(48.0, abs=0.2)


def test_civilian_deaths_without_a_war_are_no_event():
    res = warledger.extract("Three women killed when a bus overturned on the highway",
                            published="2015-02-02")
    assert res.events == []


def test_militia_deaths_are_a_battle():
    ev = _only_event("One militia killed in Donetsk Republic - spokesman")
    assert ev.sub_event_type == "Armed clash"
    assert ev.fatalities == 1


def test_shelled_village_headline():
    ev = _only_event("Woman killed as Kiev forces shell village near Horlivka - source")
    assert ev.sub_event_type == "Shelling/artillery/missile attack"
    assert ev.fatalities == 1
    assert ev.location == "Horlivka"


@pytest.mark.parametrize(("text", "place", "precision"), [
    # the capital names the side that fired; the event is where the shells fell
    ("Woman killed in Kiev shelling in Donetsk - Mayor's Office", "Donetsk", 1),
    # a source tag after the headline is not a place of the event
    ("One Ukrainian serviceman killed, 2 wounded near Avdiivka in past 24 hours - Kyiv",
     "Avdiivka", 2),
    # "in the west of Donetsk" is inside Donetsk
    ("A man died under the fire of the Armed Forces of Ukraine in the west of Donetsk",
     "Donetsk", 1),
    # a bearing from the only place named: near it
    ("Russian troops attacked positions 10 km west of Bakhmut", "Bakhmut", 2),
    # the capital as the place itself
    ("Three killed in Kyiv shelling", "Kyiv", 1),
    # a unit named after a place is not where it fought
    ("Fighters of the Aidar battalion shelled Shchastia, killing two.", "Shchastia", 1),
    ("Two DPR servicemen killed in attack by Ukrainian regiment Azov",
     "Donetsk People's Republic", 3),
    # a source tag naming its office after the place is not the event's place
    ("Five militants killed in clashes in Donetsk region - Mariupol police", "Donetsk Oblast", 3),
    # a front sector, not the town it is named after
    ("Two Ukrainian soldiers were killed in the Kupiansk direction on Monday",
     "Kupiansk direction", 3),
])
def test_where_a_headline_puts_the_event(text, place, precision):
    ev = _only_event(text)
    assert (ev.location, ev.geo_precision) == (place, precision)


def test_an_incident_with_its_day_in_a_country_only_is_kept_at_country_precision():
    res = warledger.extract(
        "Thousands of protesters staged rallies across Chile on Saturday.", published="2020-01-06")
    assert [(e.sub_event_type, e.location, e.geo_precision) for e in res.events] == [
        ("Peaceful protest", "Chile", 3)]


def test_a_country_without_a_day_or_figures_is_not_an_event_place():
    res = warledger.extract("Protesters have long rallied against the government in Chile.",
                            published="2020-01-06")
    assert res.events == []


def test_no_event_in_a_supranational_region():
    res = warledger.extract("Thousands of farmers protested across the European Union on Monday.",
                            published="2020-01-06")
    assert all(e.location != "European Union" for e in res.events)


def test_a_drone_wave_met_by_air_defence_has_no_invented_target():
    res = warledger.extract("Ukraine's air force said it shot down 16 of the 21 Shahed drones "
                            "Russia launched overnight at Kyiv region.", published="2023-03-22")
    ev = next(e for e in res.events if e.sub_event_type == "Air/drone strike")
    assert ev.actor1 == "Military Forces of Russia (2000-)"
    assert ev.actor2 is None and ev.interaction == 10
    assert "against" not in ev.notes and "carried out an air/drone strike" in ev.notes


def test_shelled_positions_name_the_target():
    ev = _only_event("Russian forces shelled Ukrainian positions near Bakhmut on Monday.",
                     published="2023-03-22")
    assert (ev.actor1, ev.actor2) == ("Military Forces of Russia (2000-)",
                                      "Military Forces of Ukraine (2019-)")


def test_a_city_in_the_possessive_after_in_is_a_place():
    res = warledger.extract("Two suicide bombers blew themselves up killing several people in "
                            "Beirut's southern suburbs on Tuesday.", published="2015-11-13")
    assert [(e.sub_event_type, e.location) for e in res.events] == [("Suicide bomb", "Beirut")]


def test_a_weekday_without_a_publication_date_still_dates_a_country_level_incident():
    res = warledger.extract("Hundreds of protesters marched across Chile on Sunday.")
    assert [(e.location, e.geo_precision) for e in res.events] == [("Chile", 3)]


def test_deaths_in_a_sentence_with_an_act_belong_to_that_act():
    res = warledger.extract("A soldier was killed while two others were injured when an improvised "
                            "explosive device exploded near a convoy in Mastung on Monday.",
                            published="2020-01-08")
    assert [(e.sub_event_type, e.fatalities, e.injuries) for e in res.events] == [
        ("Remote explosive/landmine/IED", 1, 2)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Protesters marched through downtown Beirut on Saturday, and some threw stones at the riot "
     "police, who responded with tear gas.", "Violent demonstration"),
    ("Thousands of protesters rallied in Lagos on Monday, as police fired tear gas to disperse "
     "them.", "Protest with intervention"),
])
def test_what_police_or_crowd_did_in_another_clause_types_the_protest(text, expected):
    ev = _only_event(text, published="2020-01-06")
    assert ev.sub_event_type == expected


ARTICLE = """Russian strikes kill four in Kharkiv as fighting rages near Avdiivka

KYIV, Oct 12 (Reuters) - Russian missiles struck an apartment block in the northeastern city of \
Kharkiv early on Thursday, killing four people and wounding 11, regional governor Oleh \
Syniehubov said.

Russia's defence ministry said its forces had taken the village of Klishchiivka near Bakhmut, a \
claim Kyiv denied. The ministry also claimed that 470 Ukrainian soldiers were killed on the \
Donetsk front.
"""


def test_headline_and_body_tell_one_strike_and_the_body_leads():
    res = warledger.extract(ARTICLE, published="2023-10-12")
    kharkiv = [e for e in res.events if e.location == "Kharkiv"]
    assert len(kharkiv) == 1
    ev = kharkiv[0]
    assert ev.sub_event_type == "Shelling/artillery/missile attack"
    assert (ev.fatalities, ev.injuries, ev.time_precision) == (4, 11, 1)
    assert ev.claimants == ["regional governor Oleh Syniehubov"]
    assert ev.actor2 == "Civilians (Ukraine)" and "at civilians" in ev.notes
    cas = [c for c in res.claims if c.kind == "casualties" and c.event_id == ev.id]
    assert [c.claimant for c in cas] == ["regional governor Oleh Syniehubov"]


def test_a_front_tally_is_not_an_event_but_a_taken_village_is():
    res = warledger.extract(ARTICLE, published="2023-10-12")
    assert not any(e.fatalities == 470 for e in res.events)
    assert not any(e.location == "Donetsk" for e in res.events)
    taken = [e for e in res.events if e.location == "Klishchiivka"]
    assert [e.sub_event_type for e in taken] == ["Non-state actor overtakes territory"]
    assert taken[0].actor1 == "Military Forces of Russia (2000-)"


ARTICLE2 = """Drone attack sets fuel depot ablaze in Russia's Belgorod region; Ukraine reports shelling \
in Nikopol

A Ukrainian drone struck a fuel depot in the town of Valuyki in Russia's Belgorod region \
overnight, setting it on fire, Governor Vyacheslav Gladkov said on Sunday. No one was hurt, he said.

Across the Dnipro river, Russian troops fired on the city of Nikopol with heavy artillery and \
drones on Saturday, damaging 15 houses and a gas pipeline, according to Serhiy Lysak, head of the \
Dnipropetrovsk regional military administration. Two men, aged 47 and 63, were wounded.
"""


def test_headline_events_merge_into_the_body_ones_they_summarise():
    res = warledger.extract(ARTICLE2, published="2023-09-10")
    got = sorted((e.location, e.sub_event_type) for e in res.events)
    assert got == [("Nikopol", "Shelling/artillery/missile attack"),
                   ("Valuyki", "Air/drone strike")]
    valuyki = next(e for e in res.events if e.location == "Valuyki")
    # the headline's other half ("Ukraine reports ...") is not this strike's claimant
    assert valuyki.claimants == ["Governor Vyacheslav Gladkov"]
    assert (valuyki.fatalities, valuyki.injuries) == (0, 0)


def test_river_weapon_and_ages_do_not_mislead():
    res = warledger.extract(ARTICLE2, published="2023-09-10")
    nikopol = next(e for e in res.events if e.location == "Nikopol")
    assert not any(e.location == "Dnipro" for e in res.events)  # the river, not the city
    assert nikopol.actor2 == "Civilians (Ukraine)"  # "with heavy artillery" is no side
    assert nikopol.injuries == 2  # "Two men, aged 47 and 63, were wounded"
    assert nikopol.event_date.isoformat() == "2023-09-09"


ARTICLE3 = """Ukraine and Russia exchanged 95 prisoners of war each on Tuesday in a deal brokered by \
the United Arab Emirates, Ukraine's coordination headquarters for the treatment of POWs said.

Hours earlier, a car bomb killed a Russian-installed official in the occupied port city of \
Berdiansk, Russian state news agency TASS reported.

Meanwhile, Russian forces kept up their assault on Vuhledar, where Ukrainian officials said \
fierce fighting killed dozens of Russian marines over the weekend.
"""


def test_a_dated_prisoner_exchange_is_an_agreement_in_the_country():
    res = warledger.extract(ARTICLE3, published="2023-02-07")
    agr = [e for e in res.events if e.sub_event_type == "Agreement"]
    assert [(e.location, e.geo_precision, e.event_date.isoformat()) for e in agr] == [
        ("Ukraine", 3, "2023-02-07")]
    assert "reached an agreement with" in agr[0].notes


def test_a_car_bomb_with_no_one_named_is_an_unidentified_group():
    res = warledger.extract(ARTICLE3, published="2023-02-07")
    bomb = next(e for e in res.events if e.location == "Berdiansk")
    assert bomb.sub_event_type == "Remote explosive/landmine/IED"
    assert bomb.actor1 == "Unidentified Armed Group (Ukraine)" and bomb.inter1 == 3
    assert bomb.fatalities == 1


def test_a_casualty_claim_is_about_the_side_that_died():
    res = warledger.extract(ARTICLE3, published="2023-02-07")
    ev = next(e for e in res.events if e.location == "Vuhledar")
    claim = next(c for c in res.claims if c.kind == "casualties" and c.event_id == ev.id)
    assert claim.about == "Military Forces of Russia (2000-)"
    assert claim.claimant == "Ukrainian officials" and claim.quantities == {"killed": 12}


SUDAN = """KHARTOUM, May 3 (Reuters) - Heavy fighting erupted again in Khartoum on Wednesday as the \
paramilitary Rapid Support Forces shelled the army headquarters, residents said.

At least 12 civilians were killed when artillery shells hit a market in Omdurman, a local \
doctors' committee said.
"""


def test_a_story_outside_ukraine_keeps_its_own_actors_and_local_sources():
    res = warledger.extract(SUDAN, published="2023-05-03")
    by_place = {e.location: e for e in res.events}
    assert by_place["Khartoum"].actor1 == "RSF: Rapid Support Forces"
    assert by_place["Khartoum"].claimants == ["residents"]
    om = by_place["Omdurman"]
    # "artillery shells" are the weapon, not Sudan's army; no attacker is named
    assert (om.actor1, om.actor2) == ("Unidentified Armed Group (Sudan)", "Civilians (Sudan)")
    assert om.fatalities == 12 and om.claimants == ["local doctors' committee"]
    assert all(e.country == "Sudan" for e in res.events)


@pytest.mark.parametrize(("text", "place"), [
    ("Heavy fighting erupted in the Sudanese capital on Wednesday as the paramilitary Rapid "
     "Support Forces shelled the army headquarters.", "Khartoum"),
    ("Syrian warplanes bombed a market in the capital on Monday, killing five.", "Damascus"),
    ("Two people were killed in the capital when a missile hit a building on Monday.", "Kyiv"),
])
def test_the_capital_is_the_story_countrys(text, place):
    ev = _only_event(text, published="2023-05-03")
    assert ev.location == place


def test_each_side_tallies_the_others_losses():
    text = ("The Russian Ministry of Defence claimed that Russian troops repelled six Ukrainian "
            "assaults near Korenevo and destroyed 12 tanks and 9 armoured personnel carriers.")
    res = warledger.extract(text, published="2024-08-21")
    losses = [c for c in res.claims if c.kind == "losses"]
    assert [(c.about, c.quantities) for c in losses] == [
        ("Military Forces of Ukraine (2019-)", {"tanks": 12, "apcs": 9})]


def test_an_assessment_is_about_the_side_it_describes():
    text = ("Ukrainian forces likely made marginal advances northeast of Sudzha in Russia's Kursk "
            "Oblast on August 20, the Institute for the Study of War said.")
    res = warledger.extract(text, published="2024-08-21")
    assess = [c for c in res.claims if c.kind == "assessment"]
    assert assess and assess[0].about == "Military Forces of Ukraine (2019-)"


@pytest.mark.parametrize(("text", "expected"), [
    ("A Ukrainian strike on a bridge near Glushkovo destroyed the crossing on Monday.",
     "Shelling/artillery/missile attack"),
])
def test_a_sides_strike_on_a_target(text, expected):
    ev = _only_event(text, published="2024-08-21")
    assert ev.sub_event_type == expected and ev.actor1 == "Military Forces of Ukraine (2019-)"
