"""Fusion across articles over the fixture stories (hand-built records with exact offsets)."""

from __future__ import annotations

import json
import random
from datetime import date

import pytest
from fuse_stories import load, texts
from hypothesis import given, settings
from hypothesis import strategies as st

from warledger.fuse import contradictions, describe, figures
from warledger.fuse.dedup import is_near_duplicate, jaccard
from warledger.fuse.match import event_features, same_incident
from warledger.models import Event, Evidence
from warledger.store import Ledger


def ingest(ledger: Ledger, *stories: str) -> list[str]:
    return [ledger.add(r) for s in stories for r in load(s)]


def snapshot(ledger: Ledger) -> dict:
    return {
        "counts": ledger.counts(),
        "events": [e.model_dump(mode="json") for e in ledger.events(limit=None)],
        "claims": [c.model_dump(mode="json") for c in ledger.claims(limit=None)],
    }


@pytest.fixture
def ledger(new_db):
    with Ledger(new_db()) as led:
        yield led


def only(events: list[Event], location: str) -> list[Event]:
    return [e for e in events if e.location == location]


def test_one_strike_many_articles_is_one_event(ledger):
    assert ingest(ledger, "sloviansk") == ["new"] * 5
    events = ledger.events(limit=None)
    assert len(events) == 1
    ev = events[0]
    arts = {r.articles[0].external_id: r.articles[0].id for r in load("sloviansk")}
    # the wire copy s4 is a near duplicate of s2: linked, not counted
    assert ledger.canonical_id(arts["s4"]) == arts["s2"]
    assert set(ev.article_ids) == {arts[k] for k in ("s1", "s2", "s3", "s5")}
    # ACLED rule: the toll "rose to nine" updates the first "at least five"
    assert ev.fatalities == 9
    assert ev.injuries == 21
    assert {"Pavlo Kyrylenko, regional governor", "Denis Pushilin",
            "State Emergency Service of Ukraine"} <= set(ev.claimants)
    info = figures.summary(ledger, ev.id)
    assert info["fatalities"] == 9
    assert info["range"]["fatalities"] == [3, 9]
    assert info["range"]["injuries"] == [15, 21]
    hist = [(h["claimant"], h["fatalities"]) for h in info["history"] if h["fatalities"] is not None]
    assert hist == [("Pavlo Kyrylenko, regional governor", 5), ("Pavlo Kyrylenko, regional governor", 9),
                    ("Denis Pushilin", 3), ("State Emergency Service of Ukraine", 8)]
    assert [h["published"] for h in info["history"]][-1] == "2023-04-15"
    # evidence of every article is attached, each span matching its article's text
    for x in ev.evidence:
        assert ledger.article(x.article_id).text[x.start:x.end] == x.text


def test_conflicting_claim_is_a_contradiction_but_rising_toll_is_not(ledger):
    ingest(ledger, "sloviansk")
    found = contradictions.contradictions(ledger)
    pairs = {(c.key, frozenset((c.a.claimant, c.b.claimant))) for c in found}
    assert pairs == {
        ("fatalities", frozenset({"Pavlo Kyrylenko, regional governor", "Denis Pushilin"})),
        ("fatalities", frozenset({"Denis Pushilin", "State Emergency Service of Ukraine"})),
    }
    assert all(c.event_id == ledger.events()[0].id for c in found)
    # Pushilin's 3 contradicts both "at least five" and nine; "at least eight" vs nine does not
    assert sorted(c.line() for c in found)[0].startswith("casualties/fatalities")
    assert len([c for c in found if "Pavlo" in (c.a.claimant or "") + (c.b.claimant or "")]) == 2


def test_two_strikes_in_one_city_on_one_day_stay_two(ledger):
    ingest(ledger, "kharkiv")
    kharkiv = only(ledger.events(limit=None), "Kharkiv")
    assert len(kharkiv) == 2
    arts = {r.articles[0].external_id: r.articles[0].id for r in load("kharkiv")}
    by_articles = sorted(sorted(e.article_ids) for e in kharkiv)
    assert by_articles == sorted([sorted([arts["k1"], arts["k3"]]), [arts["k2"]]])


def test_reference_like_article_fuses_with_another_outlet(ledger):
    ingest(ledger, "reference")
    events = ledger.events(limit=None)
    assert len(events) == 2  # Zaporizhzhia (two articles) and Rzhyshchiv
    zap = only(events, "Zaporizhzhia")[0]
    assert len(zap.article_ids) == 2
    assert zap.fatalities == 1 and zap.injuries == 25  # most conservative: 25 < "33 others"
    found = contradictions.contradictions(ledger)
    assert [(c.key, c.event_id) for c in found] == [("injuries", zap.id)]
    rz = only(events, "Rzhyshchiv")[0]
    assert rz.fatalities == 8 and rz.article_ids == [load("reference")[0].articles[0].id]


def test_ingesting_everything_twice_changes_nothing(ledger):
    ingest(ledger, "reference", "sloviansk", "kharkiv")
    first = snapshot(ledger)
    assert set(ingest(ledger, "reference", "sloviansk", "kharkiv")) == {"present"}
    assert snapshot(ledger) == first
    assert first["counts"]["events"] == 5


@pytest.mark.parametrize("seed", range(6))
def test_order_of_arrival_does_not_change_the_event(new_db, seed):
    results = load("sloviansk")
    random.Random(seed).shuffle(results)
    with Ledger(new_db("o.db")) as led:
        for r in results:
            led.add(r)
        events = led.events(limit=None)
        assert len(events) == 1
        assert events[0].fatalities == 9
        assert len(events[0].article_ids) == 4
        # whichever report came first, the event gets the actors (and inter codes) others name
        assert events[0].actor1 == "Military Forces of Russia (2000-)" and events[0].interaction == 17
        assert led.counts()["duplicate_articles"] == 1


def test_events_of_one_article_never_fuse(ledger):
    # three repelled attacks near Bakhmut, Bohdanivka and Predtechyne in one statement
    from fuse_stories import build

    text = ("Ukrainian defenders are repelling numerous enemy attacks around the clock in the "
            "areas near Bakhmut, Bohdanivka, and Predtechy, the General Staff said.")
    places = [("Bakhmut", 48.60, 38.00), ("Bohdanivka", 48.63, 38.05), ("Predtechy", 48.53, 37.90)]
    spec = {"key": "gs", "published": date(2023, 3, 23), "text": text, "events": [
        {"id": f"e{i}", "sub_event_type": "Armed clash", "event_date": date(2023, 3, 22),
         "location": name, "latitude": lat, "longitude": lon, "geo_precision": 1,
         "evidence": {"trigger": "repelling", "location": name}}
        for i, (name, lat, lon) in enumerate(places)]}
    ledger.add(build(spec))
    assert len(ledger.events(limit=None)) == 3


def _event(eid, art, sub="Shelling/artillery/missile attack", d=date(2023, 4, 20), lat=49.99,
           lon=36.23, prec=1, text="strike", **kw) -> Event:
    from warledger.taxonomy import event_type_of

    et, dt = event_type_of(sub)
    return Event(id=eid, article_ids=[art], event_date=d, disorder_type=dt, event_type=et,
                 sub_event_type=sub, latitude=lat, longitude=lon, geo_precision=prec,
                 evidence=[Evidence(article_id=art, start=0, end=len(text), text=text)], **kw)


def test_rules_region_precision_weapons_days_and_actors():
    a = _event("a", "A")
    assert same_incident(a, _event("b", "B")).ok
    assert not same_incident(a, _event("b", "A")).ok  # same article
    # region precision never swallows a located strike, but fuses with region precision
    assert not same_incident(a, _event("b", "B", prec=3)).ok
    assert same_incident(_event("a", "A", prec=3), _event("b", "B", prec=3, lat=50.1)).ok
    # 15 km for towns, 25 km for a village and its hromada centre
    assert not same_incident(a, _event("b", "B", lat=50.19)).ok          # ~22 km
    assert same_incident(a, _event("b", "B", lat=50.19, prec=2)).ok
    # air/drone vs shelling: only with the same weapon family
    drone = _event("b", "B", sub="Air/drone strike", weapon="Shahed-136")
    assert not same_incident(_event("a", "A", weapon="missile"), drone).ok
    assert same_incident(_event("a", "A", weapon="Kh-101 cruise missile"),
                         _event("b", "B", sub="Air/drone strike", weapon="missile")).ok
    assert not same_incident(a, _event("b", "B", sub="Armed clash")).ok
    # a day apart only with positive evidence (same target)
    assert not same_incident(a, _event("b", "B", d=date(2023, 4, 21))).ok
    school = "a missile hit a school"
    assert same_incident(_event("a", "A", text=school),
                         _event("b", "B", d=date(2023, 4, 21), text=school)).ok
    # week precision: a day or two of slack, only when the target agrees
    assert not same_incident(a, _event("b", "B", d=date(2023, 4, 21), time_precision=2)).ok
    assert same_incident(_event("a", "A", text=school, time_precision=2),
                         _event("b", "B", d=date(2023, 4, 22), time_precision=2, text=school)).ok
    assert not same_incident(_event("a", "A", text=school, time_precision=2),
                             _event("b", "B", d=date(2023, 4, 23), time_precision=2, text=school)).ok
    assert same_incident(_event("a", "A", fatalities=3),
                         _event("b", "B", d=date(2023, 4, 21), time_precision=2, fatalities=3)).ok
    assert not same_incident(_event("a", "A", fatalities=3, time_precision=2),
                             _event("b", "B", d=date(2023, 4, 21), time_precision=2, fatalities=15)).ok
    # follow-up wording links a next-day report; regional tallies of two days never fuse
    assert same_incident(a, _event("b", "B", d=date(2023, 4, 21), text="the death toll rose to 4")).ok
    assert not same_incident(_event("a", "A", prec=3, text=school),
                             _event("b", "B", prec=3, d=date(2023, 4, 21), text=school)).ok
    # actors: prefix compatible, different forces not; battles compare the pair unordered
    ru, ua = "Military Forces of Russia (2000-)", "Military Forces of Ukraine (2019-)"
    assert same_incident(_event("a", "A", actor1=ru), _event("b", "B", actor1=ru + " Air Force")).ok
    assert not same_incident(_event("a", "A", actor1=ru), _event("b", "B", actor1=ua)).ok
    nafo = "NAF: United Armed Forces of Novorossiya"
    assert same_incident(_event("a", "A", actor1=ru), _event("b", "B", actor1=nafo)).ok
    assert same_incident(_event("a", "A", actor1="Unidentified Armed Group (Ukraine)"),
                         _event("b", "B", actor1=ru)).ok
    assert not same_incident(_event("a", "A", actor1=ru, actor2="Civilians (Ukraine)"),
                             _event("b", "B", actor1=ru, actor2=ua)).ok
    assert same_incident(_event("a", "A", actor1=ru, actor2="Civilians (Ukraine)"),
                         _event("b", "B", actor1=ru)).ok
    assert same_incident(_event("a", "A", sub="Armed clash", actor1=ru, actor2=ua),
                         _event("b", "B", sub="Government regains territory", actor1=ua, actor2=ru)).ok


def test_texts_that_name_other_targets_districts_or_times_keep_apart():
    def ev(eid, text):
        return _event(eid, eid.upper(), text=text)

    fe = event_features
    school = ev("a", "A missile hit a school in the Kyivskyi district")
    plant = ev("b", "Missiles struck a power station in the north")
    other_district = ev("c", "A missile hit a school in the Shevchenkivskyi district")
    same = ev("d", "A school in Kharkiv's Kyivskyi district was damaged by a missile")
    assert not same_incident(school, plant, fe(school), fe(plant)).ok
    assert not same_incident(school, other_district).ok
    assert same_incident(school, same).ok
    centre = ev("i", "The death toll in the center of Donetsk rose to two")
    kuibyshev = ev("j", "One person died in the shelling of the Kuibyshevsky district of Donetsk")
    assert "district" in same_incident(centre, kuibyshev).reason
    # two named towns ~9 km apart are two places, a town's jittered coordinates are one
    donetsk = _event("k", "K", lat=48.023, lon=37.802, location="Donetsk", geonameid=709717)
    makiivka = _event("l", "L", lat=48.048, lon=37.926, location="Makiivka", geonameid=701822)
    assert "two named places" in same_incident(donetsk, makiivka).reason
    assert same_incident(donetsk, _event("m", "M", lat=48.03, lon=37.83, location="Donetsk")).ok
    morning = ev("e", "In the morning a missile exploded")
    evening = ev("f", "In the evening a missile exploded")
    assert "time" in same_incident(morning, evening).reason
    # "said in the evening" does not separate reports that share a target
    assert same_incident(ev("g", "A missile hit a house in the morning"),
                         ev("h", "A house was hit, the governor said in the evening")).ok


def test_near_duplicates():
    (s2, _), (s4, _) = texts("sloviansk")[1], texts("sloviansk")[3]
    assert is_near_duplicate(s2, s4)
    assert jaccard(s2, s4) > 0.8
    # a copy that changes a figure is a new report, not a duplicate
    assert not is_near_duplicate(s2, s2.replace("Twenty-one people", "23 people"))
    assert not is_near_duplicate(s2, texts("sloviansk")[0][0])
    # a wire copy under another headline (the headline as the first line of the text)
    body = s2.split(". ", 1)[1]
    assert is_near_duplicate("Sloviansk toll rises to nine\n" + body, "Nine dead in Sloviansk\n" + body)
    # short texts (headlines) are never near duplicates of each other
    assert not is_near_duplicate("Russian shelling kills two in Kherson",
                                 "Russian shelling kills two in Kherson region")


def test_describe_gives_figures_contradictions_and_records(ledger):
    ingest(ledger, "sloviansk")
    ev = ledger.events()[0]
    info = describe(ledger, ev.id)
    json.dumps(info)  # JSON-ready
    assert info["figures"]["fatalities"] == 9
    assert len(info["contradictions"]) == 3  # 3 vs "at least 5", 3 vs 9, 3 vs "at least 8"
    assert len(info["records"]) == 4


@pytest.mark.slow
def test_end_to_end_through_the_extractor(new_db):
    import warledger

    with Ledger(new_db("e2e.db")) as led:
        for story in ("sloviansk", "kharkiv", "reference"):
            for text, published in texts(story):
                led.add(warledger.extract(text, published=published))
        events = led.events(limit=None)
        sloviansk = [e for e in events if e.location == "Sloviansk"]
        assert len(sloviansk) == 1 and len(sloviansk[0].article_ids) == 4
        assert sloviansk[0].fatalities == 9
        assert len([e for e in events if e.location == "Kharkiv"]) == 2
        assert len(only(events, "Zaporizhzhia")[0].article_ids) == 2
        assert any("Pushilin" in (c.a.claimant or "") + (c.b.claimant or "")
                   for c in contradictions.contradictions(led))


@pytest.mark.slow
def test_ingesting_the_stories_twice_through_the_pipeline_changes_nothing(tmp_path, new_db):
    files = []
    for story in ("reference", "sloviansk", "kharkiv"):
        for i, (text, published) in enumerate(texts(story)):
            path = tmp_path / f"{story}-{i}.txt"
            path.write_text(text, "utf-8")
            files.append((path, published))
    with Ledger(new_db("twice.db")) as led:
        first = [led.ingest([str(p)], published=d).new for p, d in files]
        assert sum(first) == len(files)
        snap = snapshot(led)
        again = [led.ingest([str(p)], published=d) for p, d in files]
        assert sum(s.new for s in again) == 0 and sum(s.present for s in again) == len(files)
        assert snapshot(led) == snap
        assert snap["counts"]["duplicate_articles"] == 1  # the wire copy


WORDS = ["missile", "strike", "city", "residents", "killed", "injured", "officials", "said", "building", "rescuers", "rubble", "night", "morning", "regional", "governor", "reported", "damaged", "houses", "power", "station", "school", "hospital", "drones", "air", "defence", "shot", "down", "attack", "forces", "shelling", "village", "district", "emergency"]
PARAGRAPH = st.lists(st.sampled_from(WORDS), min_size=30, max_size=45).map(" ".join)


@settings(max_examples=30, deadline=None)
@given(st.lists(PARAGRAPH, min_size=3, max_size=6), st.randoms(use_true_random=False))
def test_reordered_paragraphs_are_near_duplicates(paragraphs, rnd):
    text = "\n".join(paragraphs)
    shuffled = paragraphs[:]
    rnd.shuffle(shuffled)
    assert is_near_duplicate(text, "\n".join(shuffled))
    assert not is_near_duplicate(text, text + "\nThe toll rose to 17.")  # a new figure
