"""The ledger store: round trips, idempotence, atomicity, hooks, filters, schema versions."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from warledger.errors import StoreError
from warledger.extract import make_article
from warledger.models import Article, Claim, Event, Evidence, Result, stable_id
from warledger.store import ClaimFilter, EventFilter, Ledger
from warledger.store.schema import latest_version


def span(article: Article, phrase: str, field: str | None = "trigger") -> Evidence:
    start = article.text.index(phrase)
    return Evidence(article_id=article.id, start=start, end=start + len(phrase), text=phrase,
                    field=field)


def event(article: Article, phrase: str, **kw) -> Event:
    base = dict(
        id=stable_id("ev_", article.id, phrase), article_ids=[article.id],
        disorder_type="Political violence", event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack", evidence=[span(article, phrase)],
    )
    base.update(kw)
    return Event(**base)


def claim(article: Article, phrase: str, **kw) -> Claim:
    base = dict(id=stable_id("cl_", article.id, phrase), article_id=article.id, kind="losses",
                evidence=[span(article, phrase, "quantity")])
    base.update(kw)
    return Claim(**base)


@pytest.fixture
def ledger(new_db):
    with Ledger(new_db(), fuse=False) as led:  # the store alone; fuse tests its hooks
        yield led


@pytest.fixture
def sample(reference_like_text):
    a = make_article(reference_like_text, published="2023-03-22", source="Reuters",
                     external_id="ref")
    e1 = event(a, "struck", event_date=date(2023, 3, 22), actor1="Military Forces of Russia (2000-)",
               actor2="Civilians (Ukraine)", location="Zaporizhzhia", country="Ukraine",
               country_code="UA", latitude=47.8388, longitude=35.1396, fatalities=1, injuries=25,
               weapon="missile", claimants=["Zaporizhzhia Regional Military Administration"],
               notes="On 22 March 2023, Russian forces struck Zaporizhzhia with two missiles.",
               confidence=0.8, inter1=1, inter2=7, interaction=17, geo_precision=1, iso=804,
               geonameid=687700)
    e2 = event(a, "shot down", event_date=date(2023, 3, 21), sub_event_type="Disrupted weapons use",
               event_type="Strategic developments", disorder_type="Strategic developments",
               actor1="Military Forces of Ukraine (2019-)", claimants=["Ukrainian Air Force"],
               confidence=0.4, weapon="Shahed-136")
    c1 = claim(a, "540 Russian soldiers", claimant="General Staff of the Armed Forces of Ukraine",
               claimant_type="military", about="Military Forces of Russia (2000-)",
               date=date(2023, 3, 21), period="day",
               quantities={"personnel": 540, "tanks": 7, "apcs": 4}, text="Russia lost 540 soldiers")
    c2 = claim(a, "shot down 12 of 15", kind="interception", event_id=e2.id,
               quantities={"launched": 15, "destroyed": 12, "share": 0.8}, hedge="said")
    return Result(articles=[a], events=[e1, e2], claims=[c1, c2])


def test_round_trip(ledger, sample):
    assert ledger.add(sample, raw_html="<p>page</p>") == "new"
    a = sample.articles[0]
    assert ledger.article(a.id) == a
    for e in sample.events:
        assert ledger.event(e.id) == e
    for c in sample.claims:
        assert ledger.claim(c.id) == c
    assert ledger.events() == sorted(sample.events, key=lambda e: e.event_date)
    assert ledger.raw_html(a.id) == "<p>page</p>"
    assert ledger.has_article(a.id) and not ledger.has_article("nope")
    assert ledger.event("nope") is None and ledger.claim("nope") is None
    assert ledger.articles() == [a]


def test_add_twice_is_present(ledger, sample):
    assert ledger.add(sample) == "new"
    before = ledger.counts()
    assert ledger.add(sample) == "present"
    assert ledger.counts() == before
    assert before["articles"] == 1 and before["events"] == 2 and before["claims"] == 2
    assert before["evidence"] == 4 and before["extractions"] == 4


def test_pragmas_and_schema_version(tmp_path):
    ledger = Ledger(tmp_path / "l.db", fuse=False)
    assert ledger.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert ledger.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert ledger.conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()
    assert ledger.integrity_check() == "ok"


def test_one_transaction_per_article(ledger, sample, reference_like_text):
    other = make_article("A strike on Kherson killed two people.")
    boom = Result(articles=[other], events=[event(other, "strike")])

    def failing_fuser(led, ev):
        raise RuntimeError("fuser crashed")

    ledger.add(sample)
    before = ledger.counts()
    ledger.fuser = failing_fuser
    with pytest.raises(RuntimeError):
        ledger.add(boom)
    assert ledger.counts() == before  # nothing of the failed article was kept
    assert not ledger.has_article(other.id)
    ledger.fuser = None
    assert ledger.add(boom) == "new"
    assert ledger.counts()["articles"] == 2


def test_fuser_attaches_to_existing_event(ledger, sample):
    ledger.add(sample)
    target = sample.events[0]
    other = make_article("Two missiles struck Zaporizhzhia on Wednesday, officials said.")
    dup = event(other, "struck", event_date=date(2023, 3, 22))
    cl = claim(other, "Two missiles", kind="casualties", event_id=dup.id)
    seen = []

    def fuser(led, ev):
        seen.append(ev.id)
        return target.id

    ledger.fuser = fuser
    ledger.add(Result(articles=[other], events=[dup], claims=[cl]))
    assert seen == [dup.id]
    fused = ledger.event(target.id)
    assert fused.article_ids == [sample.articles[0].id, other.id]
    assert [x.article_id for x in fused.evidence] == [sample.articles[0].id, other.id]
    assert ledger.event(dup.id) is None
    assert ledger.claim(cl.id).event_id == target.id  # remapped to the ledger event
    raw = ledger.extractions(other.id)
    assert raw["events"] == [dup] and raw["claims"] == [cl]  # the raw extraction survives
    row = ledger.conn.execute("SELECT ledger_id FROM extractions WHERE record_id = ?",
                              (dup.id,)).fetchone()
    assert row[0] == target.id


def test_dedup_keeps_raw_extractions_only(ledger, sample):
    ledger.add(sample)
    copy = make_article(sample.articles[0].text + " (updated)")
    ev = event(copy, "struck")
    ledger.dedup = lambda led, art: sample.articles[0].id
    assert ledger.add(Result(articles=[copy], events=[ev])) == "new"
    counts = ledger.counts()
    assert counts["events"] == 2 and counts["duplicate_articles"] == 1
    assert ledger.canonical_id(copy.id) == sample.articles[0].id
    assert ledger.extractions(copy.id)["events"] == [ev]


def test_ingest_folder_twice(tmp_path, new_db):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(12):
        (folder / f"{i:02}.txt").write_text(f"Report {i}: a strike on town {i}. Then a second strike.")
    (folder / "dup.txt").write_text("Report 3: a strike on town 3. Then a second strike.")
    (folder / "bad.bin").write_bytes(b"\x00\x01")
    with Ledger(new_db("ledger.db", folder=folder), fuse=False) as led:  # the ledger in the folder is not read
        s1 = led.ingest([str(folder)], backend="fake", published=date(2023, 3, 1))
        c1 = led.counts()
        s2 = led.ingest([str(folder)], backend="fake")
        c2 = led.counts()
    assert (s1.new, s1.present, s1.failed) == (12, 1, [f"{folder / 'bad.bin'}: binary file"])
    assert (s2.new, s2.present) == (0, 13)
    assert c1 == c2
    assert c1["articles"] == 12 and c1["events"] == 24 and c1["evidence"] == 24
    assert s1.line().startswith("ingested 12 new, 1 already present, 1 failed (")


def test_unknown_backend(ledger):
    with pytest.raises(Exception, match="unknown backend 'nope'"):
        ledger.ingest(["x"], backend="nope")


def test_filters(ledger, sample):
    ledger.add(sample)
    far = make_article("Shelling of Kharkiv by artillery. Zaporizhzhia was quiet.", published="2023-04-02")
    ev3 = event(far, "Shelling", event_date=date(2023, 4, 2), latitude=49.9935, longitude=36.2304,
                actor1="Military Forces of Russia (2000-)", confidence=0.6, country="Ukraine",
                notes="Artillery shelled Kharkiv.")
    ledger.add(Result(articles=[far], events=[ev3]))
    e1, e2 = sample.events

    def ids(**kw):
        return [e.id for e in ledger.events(**kw)]

    assert ids() == [e2.id, e1.id, ev3.id]
    assert ids(date_from=date(2023, 3, 22), date_to=date(2023, 3, 31)) == [e1.id]
    assert ids(sub_event_type="disrupted weapons use") == [e2.id]
    assert ids(event_type="Explosions/Remote violence") == [e1.id, ev3.id]
    assert ids(actor="ukraine") == [e2.id, e1.id]  # actor2 "Civilians (Ukraine)" counts
    assert ids(claimant="air force") == [e2.id]
    assert ids(min_confidence=0.6) == [e1.id, ev3.id]
    assert ids(country="UA") == [e1.id] and ids(country="ukraine") == [e1.id, ev3.id]
    assert ids(near=(47.85, 35.10, 10)) == [e1.id]
    assert ids(near=(47.85, 35.10, 300)) == [e1.id, ev3.id]
    # inside the bounding box but outside the circle: the corner of a 20 km box
    assert ids(near=(47.8388 + 0.14, 35.1396 + 0.2, 20)) == []
    assert ids(q="Kharkiv") == [ev3.id]            # article text
    assert ids(q="artillery shelled") == [ev3.id]  # notes
    assert ids(q="Zaporizhzhia") == [e2.id, e1.id, ev3.id]
    assert ids(q='"AND ( NEAR* -') == []           # FTS syntax is quoted, not an error
    assert ids(ids=[ev3.id, e1.id]) == [e1.id, ev3.id] and ids(ids=[]) == []
    assert ids(limit=1, offset=1) == [e1.id]
    assert ids(filt=EventFilter(actor="Russia"), limit=1) == [e1.id]

    def cids(**kw):
        return [c.id for c in ledger.claims(**kw)]

    c1, c2 = sample.claims
    assert set(cids()) == {c1.id, c2.id}
    assert cids(kind="losses") == [c1.id]
    assert cids(claimant="general staff") == [c1.id]
    assert cids(about="Russia") == [c1.id]
    assert cids(event_id=e2.id) == [c2.id]
    assert cids(date_from=date(2023, 3, 21), date_to=date(2023, 3, 21)) == [c1.id]
    assert set(cids(q="Bakhmut")) == {c1.id, c2.id}
    assert cids(filt=ClaimFilter(kind="interception")) == [c2.id]


def test_future_schema_version(tmp_path):
    path = tmp_path / "future.db"
    Ledger(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 7}")
    conn.close()
    with pytest.raises(StoreError) as err:
        Ledger(path)
    msg = str(err.value)
    assert "\n" not in msg and "newer" in msg and str(path) in msg


def test_migrates_an_old_database(tmp_path, monkeypatch):
    from warledger.store import schema

    path = tmp_path / "old.db"
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
    Ledger(path).close()
    monkeypatch.undo()
    with Ledger(path) as led:
        assert led.conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()
        assert led.integrity_check() == "ok"


@pytest.mark.parametrize("case", ["missing-folder", "folder", "not-a-db"])
def test_unusable_db_path(tmp_path, case):
    if case == "missing-folder":
        path = tmp_path / "no" / "such" / "ledger.db"
    elif case == "folder":
        path = tmp_path
    else:
        path = tmp_path / "junk.db"
        path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError) as err:
        Ledger(path)
    assert "\n" not in str(err.value) and str(path) in str(err.value)


def test_readonly(tmp_path, sample, new_db):
    path = new_db()
    with Ledger(path) as led:
        led.add(sample)
    with Ledger(path, readonly=True) as ro:
        assert len(ro.events()) == 2
        with pytest.raises(StoreError):
            ro.add(Result(articles=[make_article("A strike.")]))
    with pytest.raises(StoreError, match="no such ledger"):
        Ledger(tmp_path / "none.db", readonly=True)


# -- property: whatever records go in come out equal ------------------------------------------

small_text = st.text(max_size=25)
opt_text = st.none() | small_text
opt_int = st.none() | st.integers(-(2**40), 2**40)
coord = st.none() | st.floats(-180, 180, allow_nan=False)


@st.composite
def results(draw):
    body = draw(st.text(min_size=3, max_size=80).filter(lambda t: len(t.strip()) >= 3))
    article = make_article(body, published=draw(st.none() | st.dates()), title=draw(opt_text),
                           source=draw(opt_text), external_id=draw(opt_text))
    n = len(article.text)

    def evidence():
        s = draw(st.integers(0, n - 1))
        e = draw(st.integers(s + 1, n))
        return Evidence(article_id=article.id, start=s, end=e, text=article.text[s:e],
                        field=draw(st.none() | st.sampled_from(["trigger", "location", "date"])))

    events = []
    for i in range(draw(st.integers(0, 3))):
        events.append(Event(
            id=f"ev_{article.id}_{i}", article_ids=[article.id], event_date=draw(st.none() | st.dates()),
            time_precision=draw(st.integers(1, 3)), disorder_type=draw(small_text),
            event_type=draw(small_text), sub_event_type=draw(small_text), actor1=draw(opt_text),
            assoc_actor_1=draw(opt_text), actor2=draw(opt_text), assoc_actor_2=draw(opt_text),
            inter1=draw(opt_int), inter2=draw(opt_int), interaction=draw(opt_int),
            civilian_targeting=draw(opt_text), location=draw(opt_text), admin1=draw(opt_text),
            admin2=draw(opt_text), country=draw(opt_text), iso=draw(opt_int),
            country_code=draw(opt_text), latitude=draw(coord), longitude=draw(coord),
            geo_precision=draw(st.none() | st.integers(1, 3)), geonameid=draw(opt_int),
            fatalities=draw(opt_int), injuries=draw(opt_int), weapon=draw(opt_text),
            claimants=draw(st.lists(small_text, max_size=3)),
            evidence=[evidence() for _ in range(draw(st.integers(1, 3)))],
            notes=draw(small_text), confidence=draw(st.floats(0, 1)),
        ))
    claims = []
    for i in range(draw(st.integers(0, 2))):
        claims.append(Claim(
            id=f"cl_{article.id}_{i}", article_id=article.id,
            event_id=draw(st.none() | st.sampled_from([e.id for e in events] or [None])),
            kind=draw(st.sampled_from(["losses", "interception", "casualties", "other"])),
            claimant=draw(opt_text), claimant_type=draw(opt_text), about=draw(opt_text),
            date=draw(st.none() | st.dates()), period=draw(opt_text),
            quantities=draw(st.dictionaries(small_text, st.integers(-(2**53), 2**53)
                                            | st.floats(allow_nan=False, allow_infinity=False),
                                            max_size=4)),
            qualifier=draw(opt_text), hedge=draw(opt_text), text=draw(opt_text),
            evidence=[evidence() for _ in range(draw(st.integers(1, 2)))],
        ))
    return Result(articles=[article], events=events, claims=claims)


def as_stored(result: Result, store: str) -> Result:
    """The records as the store keeps them: PostgreSQL text cannot hold NUL, stored as U+FFFD."""
    if store != "pg":
        return result
    return Result.model_validate_json(result.model_dump_json().replace("\\u0000", "\ufffd"))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(results(), min_size=1, max_size=3))
def test_store_round_trips_any_records(new_db, batch):
    with tempfile.TemporaryDirectory() as d, Ledger(new_db("p.db", folder=Path(d)), fuse=False) as led:
        stored: dict[str, Result] = {}
        batch = [as_stored(r, new_db.store) for r in batch]
        for r in batch:
            if r.articles[0].id in stored:
                assert led.add(r) == "present"
                continue
            assert led.add(r) == "new"
            stored[r.articles[0].id] = r
        for r in stored.values():
            assert led.article(r.articles[0].id) == r.articles[0]
            for e in r.events:
                assert led.event(e.id) == e
            for c in r.claims:
                assert led.claim(c.id) == c
        assert led.integrity_check() == "ok"


def test_a_crashing_hook_fails_one_input_not_the_batch(tmp_path, new_db):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("A strike on Sumy.")
    (folder / "b.txt").write_text("Bad: a strike that the hook cannot take.")
    (folder / "c.txt").write_text("A strike on Lviv.")

    def fuser(led, ev):
        if "Bad" in led.conn.execute("SELECT text FROM articles WHERE id = ?",
                                     (ev.article_ids[0],)).fetchone()[0]:
            raise ValueError("hook bug")
        return None

    with Ledger(new_db(), fuse=False) as led:
        led.fuser = fuser
        s = led.ingest([str(folder)], backend="fake", published=date(2023, 1, 1))
        assert (s.new, s.failed) == (2, [f"{folder / 'b.txt'}: cannot store (ValueError: hook bug)"])
        assert led.counts()["articles"] == 2 and led.integrity_check() == "ok"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet="ab strike.\n\u0416", max_size=30), max_size=8))
def test_ingest_twice_adds_nothing(tmp_path_factory, new_db, texts):
    folder = tmp_path_factory.mktemp("docs")
    for i, t in enumerate(texts):
        (folder / f"{i}.txt").write_text(t, encoding="utf-8")
    distinct = {make_article(t).id for t in texts if t.strip()}
    with Ledger(new_db(f"{folder.name}.db", folder=folder.parent), fuse=False) as led:
        first = led.ingest([str(folder)], backend="fake")
        counts = led.counts()
        second = led.ingest([str(folder)], backend="fake")
        assert led.counts() == counts
    assert counts["articles"] == first.new == len(distinct)
    assert second.new == 0 and second.present == first.new + first.present
    assert len(first.failed) == len(second.failed) == sum(1 for t in texts if not t.strip()) + (not texts)


# -- text filters: the user's text is plain text (no LIKE wildcards, no FTS syntax) -------------

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _contains(hay: str | None, needle: str) -> bool:
    """SQLite's LIKE '%needle%': a substring, case-insensitive for ASCII letters only."""
    return hay is not None and needle.translate(_ASCII_LOWER) in hay.translate(_ASCII_LOWER)


def _text_filter_ledger(path: Path, names: list[list[str]]) -> tuple[Ledger, list[Event], list[Claim]]:
    """One article per entry: an event whose claimants/actors are the names, and a claim per name."""
    led = Ledger(path, fuse=False)
    events, claims = [], []
    for i, group in enumerate(names):
        a = make_article(f"Report {i}: a strike was reported.")
        ev = event(a, "strike", id=f"ev_{i}", claimants=group, actor1=group[0] if group else None,
                   assoc_actor_2="; ".join(group[1:]) or None)
        cls = [claim(a, "strike", id=f"cl_{i}_{k}", claimant=name, about=name[::-1])
               for k, name in enumerate(group)]
        led.add(Result(articles=[a], events=[ev], claims=cls))
        events.append(ev)
        claims += cls
    return led, events, claims


TRICKY = ['"', "\\", '", "', "[", "]", "%", "_", "\\%", "'", ",", " ", "Air", "air force", "é", "É"]


def test_claimant_filter_matches_claimant_strings_not_json(new_db):
    names = [["Ukrainian Air Force"], [], ['Spokesman "Ihnat"'], ["C:\\army\\press"],
             ["100% sure", "under_score"], ["Général Staff", "Mayor"]]
    led, events, _ = _text_filter_ledger(new_db("c.db"), names)
    with led:
        def ids(text):
            return [e.id for e in led.events(claimant=text)]

        assert ids('"') == ["ev_2"]         # was: every event with a claimant (JSON quotes)
        assert ids("\\") == ["ev_3"]        # was: the JSON escape of the quote in ev_2 too
        assert ids('", "') == []            # was: ev_4 and ev_5 (two claimants in the JSON text)
        assert ids("[") == [] and ids("]") == []
        assert ids("%") == ["ev_4"] and ids("_") == ["ev_4"]  # literal, not wildcards
        assert ids("air force") == ["ev_0"] and ids("sure") == ["ev_4"] and ids("mayor") == ["ev_5"]
        # the same for the claim claimant, the claim's about and the actors
        assert [c.id for c in led.claims(claimant='"')] == ["cl_2_0"]
        assert [c.id for c in led.claims(claimant="%")] == ["cl_4_0"]
        assert [c.id for c in led.claims(about="_")] == ["cl_4_1"]
        assert [e.id for e in led.events(actor="%")] == ["ev_4"]
        assert [e.id for e in led.events(actor="\\")] == ["ev_3"]


name_text = st.text(alphabet=st.sampled_from(list("aA é_%\\\"',[]{}:-=")), max_size=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.lists(name_text.filter(str.strip), max_size=3), min_size=1, max_size=5),
       queries=st.lists(st.sampled_from(TRICKY) | name_text.filter(bool), min_size=1, max_size=6))
def test_text_filters_are_plain_substrings(new_db, names, queries):
    with tempfile.TemporaryDirectory() as d:
        led, events, claims = _text_filter_ledger(new_db("p.db", folder=Path(d)), names)
        with led:
            for text in queries:
                assert [e.id for e in led.events(claimant=text)] == [
                    e.id for e in events if any(_contains(c, text) for c in e.claimants)], text
                assert [e.id for e in led.events(actor=text)] == [
                    e.id for e in events if _contains(e.actor1, text) or _contains(e.assoc_actor_2, text)]
                assert sorted(c.id for c in led.claims(claimant=text)) == sorted(
                    c.id for c in claims if _contains(c.claimant, text))
                assert sorted(c.id for c in led.claims(about=text)) == sorted(
                    c.id for c in claims if _contains(c.about, text))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=30) | st.sampled_from(
    ["\x00", "a\x00b", '"', '" ""', "NEAR(a b", "a:b", "^x", "* OR", "AND", '"unterminated', "-x",
     "x\x00\"y", "{notes}: a"]))
def test_any_search_text_is_words_never_an_error(ledger, sample, text):
    if not ledger.has_article(sample.articles[0].id):
        ledger.add(sample)
    ledger.events(q=text)  # no sqlite error: NUL used to end the FTS string ("unterminated")
    ledger.claims(q=text)
    ledger.events(actor=text, claimant=text, country=text, event_type=text)
    ledger.claims(claimant=text, about=text, kind=text, event_id=text)


def test_search_words_are_not_fts_operators(ledger, reference_like_text):
    a = make_article("Shelling hit Kharkiv OR nearby villages; NEAR the front, said the mayor.")
    b = make_article("Shelling hit Kharkiv overnight.")
    ev_a, ev_b = event(a, "Shelling", id="ev_a"), event(b, "Shelling", id="ev_b")
    ledger.add(Result(articles=[a], events=[ev_a]))
    ledger.add(Result(articles=[b], events=[ev_b]))
    assert [e.id for e in ledger.events(q="Kharkiv OR nearby")] == ["ev_a"]  # OR is a word
    assert [e.id for e in ledger.events(q="Kharkiv")] == ["ev_a", "ev_b"]
    assert [e.id for e in ledger.events(q="NEAR ( Kharkiv front )")] == ["ev_a"]  # NEAR a word too
    assert [e.id for e in ledger.events(q="Kharkiv -")] == ["ev_a", "ev_b"]  # no NOT
    assert [e.id for e in ledger.events(q="Khar*")] == []  # no prefix queries
    assert [e.id for e in ledger.events(q="text:Kharkiv")] == []  # no column filters
    assert ledger.events(q="a\x00b") == [] and ledger.claims(q="\x00") == []


def test_undecodable_command_line_text_is_no_error(ledger, sample):
    ledger.add(sample)
    bad = "Kyiv\udcff"  # what Python makes of a byte that is not UTF-8 in argv
    assert ledger.events(actor=bad) == [] and ledger.events(ids=[bad]) == []
    assert ledger.claims(claimant=bad) == [] and ledger.claims(q=bad + " zzyzx") == []
    assert len(ledger.events(q=bad)) == 2  # the bad byte is no letter: the word is "Kyiv"


def test_claim_search_is_every_word_of_the_claim_text(ledger):
    a = make_article("Officials gave figures.")
    c = claim(a, "figures", id="cl_w", text="Russia lost 540 soldiers")
    ledger.add(Result(articles=[a], claims=[c]))
    assert [x.id for x in ledger.claims(q="lost soldiers")] == ["cl_w"]  # was: whole phrase only
    assert [x.id for x in ledger.claims(q='"Russia" 540')] == ["cl_w"]
    assert ledger.claims(q="lost tanks") == []
    assert [x.id for x in ledger.claims(q="officials")] == ["cl_w"]  # the article's text


# -- reading builds records without re-validating them --------------------------------------

def test_reading_does_not_revalidate(ledger, sample, monkeypatch):
    ledger.add(sample)

    def validating(*a, **kw):
        raise AssertionError("a stored record was validated again on reading")

    for cls in (Event, Claim):
        monkeypatch.setattr(cls, "model_validate", classmethod(validating))
    monkeypatch.setattr(Evidence, "__init__", validating)
    events = ledger.events()
    claims = ledger.claims()
    monkeypatch.undo()
    assert events == sorted(sample.events, key=lambda e: e.event_date)
    assert sorted(claims, key=lambda c: c.id) == sorted(sample.claims, key=lambda c: c.id)


def _no_negative_zero(value):
    """SQLite keeps -0.0 in a REAL column as 0 (equal, but dumped as "-0.0" vs "0.0")."""
    if isinstance(value, float) and value == 0:
        return 0.0
    if isinstance(value, dict):
        return {k: _no_negative_zero(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_negative_zero(v) for v in value]
    return value


def _same_record(got, want) -> None:
    import warnings

    from pydantic import TypeAdapter

    assert got == want
    validated = type(want).model_validate(got.model_dump())  # what reading used to build
    adapter = TypeAdapter(list[type(want)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pydantic warns when a field holds the wrong type
        assert got.model_dump(mode="json") == validated.model_dump(mode="json")
        assert got.model_dump_json() == validated.model_dump_json()
        assert adapter.dump_json([got]) == adapter.dump_json([validated])
        assert got.model_dump(mode="json") == _no_negative_zero(want.model_dump(mode="json"))
        assert got.model_dump() == want.model_dump()
    assert validated == got and repr(validated) == repr(got)
    for name in type(want).model_fields:
        assert type(getattr(got, name)) is type(getattr(want, name)), name
    assert got.model_fields_set == set(type(want).model_fields)
    # still a usable record: frozen, copyable
    with pytest.raises(ValidationError, match="frozen"):
        got.id = "other"
    assert got.model_copy(update={"id": "x"}).id == "x"


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(results(), min_size=1, max_size=3))
def test_constructed_records_dump_like_validated_ones(new_db, batch):
    with tempfile.TemporaryDirectory() as d, Ledger(new_db("p.db", folder=Path(d)), fuse=False) as led:
        want_events: dict[str, Event] = {}
        want_claims: dict[str, Claim] = {}
        batch = [as_stored(r, new_db.store) for r in batch]
        for r in batch:
            if led.add(r) == "new":
                want_events.update((e.id, e) for e in r.events)
                want_claims.update((c.id, c) for c in r.claims)
        for got in led.events(limit=None):
            _same_record(got, want_events.pop(got.id))
            for x, y in zip(got.evidence, led.event(got.id).evidence, strict=True):
                _same_record(x, y)
        for got in led.claims(limit=None):
            _same_record(got, want_claims.pop(got.id))
        assert want_events == {} and want_claims == {}


def test_numbers_left_in_the_wrong_kind_read_as_the_field_type(tmp_path, sample):
    ledger = Ledger(tmp_path / "l.db", fuse=False)  # SQLite's loose column types (PostgreSQL's are strict)
    ledger.add(sample)
    e1 = sample.events[0]
    # what a raw UPDATE (fuse figures) could leave: a fractional count, an integer coordinate
    ledger.conn.execute("UPDATE events SET fatalities = 2.5, latitude = 48, confidence = 1 WHERE id = ?",
                        (e1.id,))
    got = ledger.event(e1.id)
    assert (got.fatalities, got.latitude, got.confidence) == (2, 48.0, 1.0)
    assert type(got.fatalities) is int and type(got.latitude) is float and type(got.confidence) is float


# -- schema 4: events by (date, type) ------------------------------------------------------------

def test_date_type_index_serves_filters_and_the_timeline(tmp_path, monkeypatch):
    from warledger.store import schema

    path = tmp_path / "v3.db"
    monkeypatch.setattr(schema, "MIGRATIONS", [m for m in schema.MIGRATIONS if m[0] <= 3])
    Ledger(path, fuse=False).close()
    monkeypatch.undo()
    with Ledger(path, fuse=False) as led:  # upgraded from 3
        assert led.conn.execute("PRAGMA user_version").fetchone()[0] == latest_version() >= 4
        indexes = {r[0]: r[1] for r in led.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'")}
        assert "events_date_type" in indexes and "events_date" not in indexes

        def plan(sql, args=()):
            return " | ".join(r[3] for r in led.conn.execute("EXPLAIN QUERY PLAN " + sql, args))

        assert "COVERING INDEX events_date_type" in plan(
            "SELECT event_date, event_type, COUNT(*) FROM events GROUP BY event_date, event_type")
        assert "TEMP B-TREE" not in plan(
            "SELECT event_date, event_type, COUNT(*) FROM events GROUP BY event_date, event_type")
        assert "events_date_type" in plan("SELECT * FROM events e WHERE e.event_date >= ? AND "
                                          "e.event_date <= ?", ("2023-01-01", "2023-01-07"))
        assert led.integrity_check() == "ok"


def test_builder_is_model_construct_for_full_records(sample):
    from pydantic import BaseModel, Field

    from warledger.store.rows import builder

    for record in [*sample.events, *sample.claims, sample.events[0].evidence[0]]:
        cls = type(record)
        values = dict(record.__dict__)
        fast, slow = builder(cls)(dict(values)), cls.model_construct(**values)
        assert fast == slow == record and repr(fast) == repr(slow)
        assert fast.model_fields_set == slow.model_fields_set == set(cls.model_fields)
        assert fast.model_dump_json() == slow.model_dump_json()
        assert fast.__pydantic_extra__ is slow.__pydantic_extra__
        assert fast.__pydantic_private__ is slow.__pydantic_private__
        fast.model_fields_set.add("x")  # each record has its own fields-set
        assert "x" not in builder(cls)(dict(values)).model_fields_set

    class Aliased(BaseModel):
        a: int = Field(alias="A")

    assert builder(Aliased)({"A": 1}).a == 1  # falls back to model_construct
