"""Exports: ACLED column order, GeoJSON geometry, JSONL and Parquet round trips."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from warledger.export import formats as fmt
from warledger.extract import make_article
from warledger.models import Event, Evidence

# ACLED's CSV columns in ACLED's order, as its codebook gives them.
ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,"
    "source,source_scale,notes,fatalities,tags,timestamp"
)
OUR_COLUMNS = "injuries,weapon,claimants,confidence,geonameid,country_code,article_ids,evidence,id"


def _events():
    a = make_article("Russian forces struck Zaporizhzhia with two missiles, killing one.",
                     source="Reuters", url="https://example.org/x")
    b = make_article("Shelling in the Kherson region, officials said.", url="https://news.example.com/k")
    ev_a = Evidence(article_id=a.id, start=15, end=21, text=a.text[15:21], field="trigger")
    located = Event(
        id="ev_1", article_ids=[a.id, b.id], event_date=date(2023, 3, 22), disorder_type="Political violence",
        event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
        actor1="Military Forces of Russia (2000-)", actor2="Civilians (Ukraine)", inter1=1, inter2=7,
        interaction=17, civilian_targeting="Civilian targeting", location="Zaporizhzhia",
        admin1="Zaporizhia", country="Ukraine", iso=804, country_code="UA", latitude=47.8388,
        longitude=35.1396, geo_precision=1, geonameid=687700, fatalities=1, injuries=33,
        weapon="missile", claimants=["Regional Military Administration", "Reuters"],
        evidence=[ev_a], notes="On 22 March 2023, Russian forces struck Zaporizhzhia, \"killing\" 1.",
        confidence=0.85,
    )
    ev_b = Evidence(article_id=b.id, start=0, end=8, text="Shelling")
    unlocated = Event(id="ev_2", article_ids=[b.id], disorder_type="Political violence",
                      event_type="Explosions/Remote violence",
                      sub_event_type="Shelling/artillery/missile attack", evidence=[ev_b])
    return [located, unlocated], {a.id: a, b.id: b}


def test_acled_csv_column_order():
    events, articles = _events()
    out = io.StringIO()
    assert fmt.write_acled_csv(events, out, articles=articles, timestamp=1679500000) == 2
    header = out.getvalue().splitlines()[0]
    assert header == ACLED_HEADER + "," + OUR_COLUMNS
    assert fmt.CSV_COLUMNS[:31] == ACLED_HEADER.split(",")


def test_acled_csv_values():
    events, articles = _events()
    out = io.StringIO()
    fmt.write_acled_csv(events, out, articles=articles, timestamp=1679500000)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    r = rows[0]
    assert (r["event_id_cnty"], r["event_date"], r["year"], r["time_precision"]) == (
        "ev_1", "2023-03-22", "2023", "1")
    assert (r["inter1"], r["inter2"], r["interaction"], r["iso"], r["region"]) == ("1", "7", "17", "804", "Europe")
    assert (r["latitude"], r["longitude"], r["fatalities"], r["injuries"]) == ("47.8388", "35.1396", "1", "33")
    assert r["source"] == "Reuters; news.example.com"  # article source, else the URL's host
    assert r["notes"] == events[0].notes  # quotes and commas survive CSV quoting
    assert r["claimants"] == "Regional Military Administration; Reuters"
    assert r["timestamp"] == "1679500000" and r["admin3"] == "" and r["id"] == "ev_1"
    assert [Evidence(**x) for x in json.loads(r["evidence"])] == events[0].evidence
    empty = rows[1]
    assert (empty["event_date"], empty["year"], empty["latitude"], empty["fatalities"]) == ("", "", "", "0")
    assert empty["source"] == "news.example.com"
    # without articles the source column is blank, nothing fails
    assert fmt.acled_rows(events)[0]["source"] == ""


def test_geojson_keeps_unlocated_events_with_null_geometry():
    events, _ = _events()
    gj = fmt.geojson(events)
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == 2
    f1, f2 = gj["features"]
    assert f1["geometry"] == {"type": "Point", "coordinates": [35.1396, 47.8388]}  # lon, lat
    assert f1["id"] == "ev_1" and f1["properties"]["sub_event_type"] == events[0].sub_event_type
    assert f2["geometry"] is None
    json.dumps(gj)  # serialisable as is
    assert Event.model_validate(f1["properties"]) == events[0]


def test_jsonl_round_trip():
    events, articles = _events()
    out = io.StringIO()
    assert fmt.write_jsonl(events + list(articles.values()), out) == 4
    lines = out.getvalue().splitlines()
    assert [Event.model_validate_json(x) for x in lines[:2]] == events
    assert fmt.write_jsonl([{"id": 1, "d": date(2023, 1, 1)}], io.StringIO()) == 1


def test_parquet_round_trip(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    events, _ = _events()
    path = tmp_path / "events.parquet"
    assert fmt.write_parquet(events, path) == 2
    table = pq.read_table(path)
    assert table.num_rows == 2
    assert table.column_names == list(Event.model_fields)
    assert table.schema.field("event_date").type == pa.date32()
    assert table.schema.field("latitude").type == pa.float64()
    assert table.schema.field("claimants").type == pa.list_(pa.string())
    back = [Event.model_validate(r) for r in table.to_pylist()]
    assert back == events
    assert fmt.write_parquet([], tmp_path / "empty.parquet") == 0
