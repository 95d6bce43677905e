"""What only the PostgreSQL store has to show: the same migrations as SQLite, version checks,
one-line connection errors, full-text search on tsvector, PostGIS and its plain fallback, NUL
characters, two processes creating one ledger at once."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from datetime import date

import pytest
from conftest import drop_pg_schemas, pg_base_url, pg_url

from warledger.errors import StoreError
from warledger.extract import make_article
from warledger.models import Event, Evidence, Result
from warledger.store import Ledger, schema, schema_pg
from warledger.store.filters import haversine_km

pytestmark = pytest.mark.pg


@pytest.fixture
def schemas():
    made: list[str] = []

    def make(name: str) -> str:
        import uuid

        s = f"t_{name}_{uuid.uuid4().hex[:10]}"
        made.append(s)
        return s

    pg_base_url()
    yield make
    drop_pg_schemas(made)


def _sqlite_shape(path) -> dict[str, list[str]]:
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE '%_fts%'")]
    shape = {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in tables}
    shape["indexes"] = sorted(r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
    conn.close()
    return shape


def _pg_shape(led: Ledger) -> dict[str, list[str]]:
    raw = led.conn.raw
    tables = [r[0] for r in raw.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE' AND table_name NOT LIKE '%_fts' "
        "AND table_name <> 'warledger_schema'")]
    shape = {t: [r[0] for r in raw.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = %s AND column_name <> 'geog' ORDER BY ordinal_position", (t,))]
        for t in tables}
    shape["indexes"] = sorted(r[0] for r in raw.execute(  # those CREATE INDEX made, as SQLite lists
        "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "JOIN pg_namespace n ON n.oid = i.relnamespace WHERE n.nspname = current_schema() "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
        "AND i.relname NOT LIKE '%_fts_gin' AND i.relname <> 'events_geog'"))
    return shape


def test_every_migration_gives_both_stores_the_same_tables_columns_and_indexes(
        tmp_path, schemas, monkeypatch):
    assert [v for v, _ in schema.MIGRATIONS] == [v for v, _ in schema_pg.MIGRATIONS]
    for version in [v for v, _ in schema.MIGRATIONS]:
        monkeypatch.setattr(schema, "MIGRATIONS", [m for m in schema.MIGRATIONS if m[0] <= version])
        monkeypatch.setattr(schema_pg, "MIGRATIONS", [m for m in schema_pg.MIGRATIONS if m[0] <= version])
        path = tmp_path / f"v{version}.db"
        Ledger(path, fuse=False).close()
        with Ledger(pg_url(schemas(f"v{version}")), fuse=False) as led:
            assert schema_pg.current_version(led.conn) == version
            pg_shape = _pg_shape(led)
        monkeypatch.undo()
        lite = _sqlite_shape(path)
        assert sorted(lite) == sorted(pg_shape), version
        for table, cols in lite.items():
            if table == "indexes":
                assert cols == pg_shape[table], version
            else:  # the same columns in the same order
                assert cols == pg_shape[table], (version, table)


def test_an_old_ledger_is_upgraded_and_a_newer_one_refused(schemas, monkeypatch):
    url = pg_url(schemas("old"))
    monkeypatch.setattr(schema_pg, "MIGRATIONS", schema_pg.MIGRATIONS[:1])
    Ledger(url, fuse=False).close()
    monkeypatch.undo()
    with Ledger(url, fuse=False) as led:
        assert schema_pg.current_version(led.conn) == schema_pg.latest_version()
        versions = [r[0] for r in led.conn.execute("SELECT version FROM warledger_schema ORDER BY version")]
        assert versions == list(range(1, schema_pg.latest_version() + 1))
        led.conn.execute("INSERT INTO warledger_schema (version) VALUES (?)", (schema_pg.latest_version() + 7,))
    with pytest.raises(StoreError) as err:
        Ledger(url)
    msg = str(err.value)
    assert "\n" not in msg and "newer" in msg and "schema=" in msg


def test_connection_problems_are_one_line(schemas):
    base = pg_base_url()
    bad_port = "postgresql://nobody@127.0.0.1:1/none"
    for url, words in [(bad_port, "cannot connect to PostgreSQL"),
                       (pg_url("1bad"), "schema='1bad'"),
                       (f"{base.rsplit('/', 1)[0]}/no_such_database_here", "cannot connect")]:
        with pytest.raises(StoreError) as err:
            Ledger(url)
        assert "\n" not in str(err.value) and words in str(err.value), str(err.value)
    with pytest.raises(StoreError, match="no schema"):
        Ledger(pg_url(schemas("never")), readonly=True)
    url = pg_url(schemas("pw")).replace("://", "://u:secret@", 1) if "@" not in base else None
    if url:
        with pytest.raises(StoreError) as err:
            Ledger(url)
        assert "secret" not in str(err.value)


def test_readonly_ledger_refuses_writes_in_one_line(schemas):
    url = pg_url(schemas("ro"))
    a = make_article("A strike on Sumy.")
    with Ledger(url, fuse=False) as led:
        led.add(Result(articles=[a]))
    with Ledger(url, readonly=True, fuse=False) as ro:
        assert ro.has_article(a.id)
        with pytest.raises(StoreError) as err:
            ro.add(Result(articles=[make_article("Another strike.")]))
        assert "\n" not in str(err.value) and "read-only" in str(err.value)
        assert ro.counts()["articles"] == 1  # the connection is usable after the refusal


def _event(article, i: int, lat: float | None, lon: float | None) -> Event:
    s = article.text.index("strike")
    return Event(id=f"ev_{i}", article_ids=[article.id], disorder_type="Political violence",
                 event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                 event_date=date(2023, 3, 1 + i % 28), latitude=lat, longitude=lon,
                 notes=f"Note {i}: drones struck.",
                 evidence=[Evidence(article_id=article.id, start=s, end=s + 6, text="strike")])


def test_postgis_near_equals_the_plain_fallback_and_haversine(schemas):
    url = pg_url(schemas("gis"))
    rnd = random.Random(7)
    points = [(None, None), (91.0, 10.0), (10.0, 200.0)]  # no place, out-of-range coordinates
    points += [(48 + rnd.uniform(-2, 2), 36 + rnd.uniform(-3, 3)) for _ in range(120)]
    points += [(rnd.uniform(-89, 89), rnd.choice([-179.9, 179.9]) + rnd.uniform(-0.05, 0.05))
               for _ in range(20)]  # along the antimeridian
    with Ledger(url, fuse=False) as led:
        if led.postgis is None:
            pytest.skip("PostGIS is not installed on this server (the fallback is tested below)")
        for i, (lat, lon) in enumerate(points):
            a = make_article(f"Report {i}: a strike was reported.")
            led.add(Result(articles=[a], events=[_event(a, i, lat, lon)]))
        assert led.conn.execute("SELECT count(*) FROM events WHERE geog IS NOT NULL").fetchone()[0] \
            == len(points) - 3
    plain_url = url + "&postgis=no"  # the same ledger, read without PostGIS
    with Ledger(url, readonly=True, fuse=False) as gis, \
            Ledger(plain_url, readonly=True, fuse=False) as plain:
        assert gis.postgis and plain.postgis is None
        for _ in range(40):
            lat, lon = rnd.uniform(-60, 60), rnd.choice([rnd.uniform(-180, 180), 179.95, 36.0])
            lat = 48 + rnd.uniform(-2, 2) if lon == 36.0 else lat
            km = rnd.choice([5, 50, 150, 400])
            want = sorted(f"ev_{i}" for i, (la, lo) in enumerate(points)
                          if la is not None and -90 <= la <= 90 and -180 <= lo <= 180
                          and haversine_km(lat, lon, la, lo) <= km)
            got = [e.id for e in gis.events(near=(lat, lon, km), limit=None)]
            assert sorted(got) == want == sorted(e.id for e in plain.events(near=(lat, lon, km), limit=None))
        page = gis.events(near=(48, 36, 400), limit=5, offset=3)
        assert [e.id for e in page] == [e.id for e in plain.events(near=(48, 36, 400), limit=5, offset=3)]


def test_full_text_search_runs_on_tsvector(schemas):
    url = pg_url(schemas("fts"))
    with Ledger(url, fuse=False) as led:
        a = make_article("A strike on Kharkiv overnight; the mayor said two people died.")
        led.add(Result(articles=[a], events=[_event(a, 1, None, None)]))
        assert led.conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == 1
        assert led.conn.execute("SELECT count(*) FROM events_fts WHERE fts @@ "
                                "to_tsquery('simple', 'drones')").fetchone()[0] == 1
        assert [e.id for e in led.events(q="MAYOR said")] == ["ev_1"]
        assert [e.id for e in led.events(q="drones struck")] == ["ev_1"]  # the notes
        assert led.events(q="mayor tanks") == []
        led.conn.execute("UPDATE events SET notes = 'Note: artillery.' WHERE id = 'ev_1'")
        assert led.events(q="drones") == [] and len(led.events(q="artillery")) == 1


def test_nul_characters_are_stored_as_replacement_characters(schemas):
    with Ledger(pg_url(schemas("nul")), fuse=False) as led:
        a = make_article("A strike\x00 on Sumy.")
        assert led.add(Result(articles=[a])) == "new"
        got = led.article(a.id)
        assert got.text == "A strike\ufffd on Sumy." and len(got.text) == len(a.text)
        assert led.add(Result(articles=[a])) == "present"


OPEN = """
import sys
from warledger.store import Ledger
with Ledger(sys.argv[1]) as led:
    print(led.counts()["articles"])
"""


def test_two_processes_creating_one_ledger_migrate_it_once(schemas):
    url = pg_url(schemas("race"))
    procs = [subprocess.Popen([sys.executable, "-c", OPEN, url], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outs
    with Ledger(url, fuse=False) as led:
        rows = [r[0] for r in led.conn.execute("SELECT version FROM warledger_schema ORDER BY version")]
        assert rows == list(range(1, schema_pg.latest_version() + 1))
