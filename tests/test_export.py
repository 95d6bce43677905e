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


# -- CSV formula injection: text cells a spreadsheet would run get a leading ' -------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from warledger.models import Claim  # noqa: E402
from warledger.store.present import CLAIM_CSV_COLUMNS, write_claims_csv  # noqa: E402

FORMULAS = ["=HYPERLINK(\"http://x.example\",\"click\")", "+1+2", "-2+3", "@SUM(A1:A9)", "\tcmd",
            "\rcmd", "=1"]


def _hostile_event(**kw) -> Event:
    a = make_article("A strike hit the town.")
    base = dict(
        id="=ev_1", article_ids=[a.id], event_date=date(2023, 3, 22), disorder_type="+Political violence",
        event_type="-Explosions", sub_event_type="@Shelling", actor1=FORMULAS[0], actor2="+Civilians",
        assoc_actor_1="\tassoc", civilian_targeting="\rCivilian targeting", location="=Zaporizhzhia",
        admin1="@admin", admin2="-admin2", country="=Ukraine", country_code="=UA", weapon="+missile",
        claimants=["=cmd|' /C calc'!A0", "Mayor"], notes="-1 killed", inter1=-1, inter2=7,
        interaction=-17, iso=-804, latitude=-33.8688, longitude=-73.5, fatalities=-2, injuries=-3,
        geo_precision=1, geonameid=-687700, confidence=0.5,
        evidence=[Evidence(article_id=a.id, start=2, end=8, text="strike", field="=x")])
    base.update(kw)
    return Event(**base)


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_acled_csv_neutralises_formulas_in_text_columns_only():
    ev = _hostile_event()
    articles = {ev.article_ids[0]: make_article("A strike hit the town.", source="=evil source")}
    out = io.StringIO()
    fmt.write_acled_csv([ev], out, articles=articles, timestamp=1679500000)
    r = _csv_rows(out.getvalue())[0]
    for col in fmt.CSV_COLUMNS:
        if col not in fmt.NUMERIC_COLUMNS:
            assert not r[col].startswith(fmt.FORMULA_STARTS), (col, r[col])
    assert r["actor1"] == "'" + FORMULAS[0] and r["actor2"] == "'+Civilians"
    assert r["event_id_cnty"] == "'=ev_1" and r["id"] == "'=ev_1"
    assert r["assoc_actor_1"] == "'\tassoc"
    assert r["civilian_targeting"] == "'\nCivilian targeting"  # a bare CR would end the CSV row
    assert r["notes"] == "'-1 killed" and r["source"] == "'=evil source"
    assert r["claimants"] == "'=cmd|' /C calc'!A0; Mayor"
    # numbers stay numbers: a negative longitude is a number, not a formula
    assert (r["latitude"], r["longitude"], r["fatalities"], r["injuries"]) == ("-33.8688", "-73.5", "-2", "-3")
    assert (r["inter1"], r["interaction"], r["iso"], r["geonameid"]) == ("-1", "-17", "-804", "-687700")
    assert float(r["longitude"]) == -73.5 and int(r["fatalities"]) == -2
    # the records themselves (JSON, GeoJSON, Parquet, acled_rows) are untouched
    assert fmt.acled_rows([ev])[0]["actor1"] == FORMULAS[0]


def test_acled_csv_plain_values_unchanged():
    events, articles = _events()
    out = io.StringIO()
    fmt.write_acled_csv(events, out, articles=articles, timestamp=1679500000)
    rows = _csv_rows(out.getvalue())
    assert all("'" not in v for r in rows for k, v in r.items() if k not in ("notes", "evidence"))


def test_claims_csv_neutralises_formulas():
    a = make_article("The General Staff said 540 soldiers were killed.")
    c = Claim(id="cl_x", article_id=a.id, kind="losses", claimant="=General Staff", about="-Russia",
              claimant_type="@military", period="+day", qualifier="\tabout", hedge="\rsaid",
              text="=1+1", quantities={"personnel": -540},
              evidence=[Evidence(article_id=a.id, start=23, end=35, text="540 soldiers")])
    out = io.StringIO()
    assert write_claims_csv([c], out) == 1
    r = _csv_rows(out.getvalue())[0]
    assert list(r) == CLAIM_CSV_COLUMNS
    assert (r["claimant"], r["about"], r["claimant_type"], r["period"]) == (
        "'=General Staff", "'-Russia", "'@military", "'+day")
    assert (r["qualifier"], r["hedge"], r["text"]) == ("'\tabout", "'\nsaid", "'=1+1")
    assert r["quantities"] == '{"personnel": -540}' and r["id"] == "cl_x"


cell_text = st.text(alphabet=st.sampled_from(list("=+-@\t\r\n'\"a1 ;,")), max_size=6)


@settings(max_examples=60, deadline=None)
@given(actor=cell_text, notes=cell_text, location=cell_text, claimant=cell_text,
       lon=st.floats(-180, 180, allow_nan=False), deaths=st.integers(-5, 5))
def test_acled_csv_cells_are_never_formulas(actor, notes, location, claimant, lon, deaths):
    ev = _hostile_event(actor1=actor or None, notes=notes, location=location or None,
                        claimants=[claimant], longitude=lon, fatalities=deaths)
    out = io.StringIO()
    fmt.write_acled_csv([ev], out, timestamp=1)
    r = _csv_rows(out.getvalue())[0]
    for col in fmt.CSV_COLUMNS:
        if col not in fmt.NUMERIC_COLUMNS:
            assert not r[col].startswith(fmt.FORMULA_STARTS), (col, r[col])
    # the value is recoverable: drop the one ' added before a formula start
    for col, value in (("actor1", actor), ("notes", notes), ("location", location), ("claimants", claimant)):
        cell = r[col]
        if cell.startswith("'") and value.startswith(fmt.FORMULA_STARTS):
            cell = cell[1:]
        assert cell == value.replace("\r\n", "\n").replace("\r", "\n"), col
    assert float(r["longitude"]) == lon and int(r["fatalities"]) == deaths
