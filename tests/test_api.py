"""The curated public API is pinned: changing it is a decision, not an accident."""

import json
import subprocess
import sys

import warledger


def test_public_names():
    assert sorted(warledger.__all__) == sorted([
        "Article", "Candidate", "Claim", "Event", "Evidence", "Ledger", "Options", "Result", "Toponym",
        "__version__", "extract", "extract_article", "make_article",
    ])
    for name in warledger.__all__:
        assert getattr(warledger, name) is not None


def test_record_field_names_follow_the_contract():
    assert set(warledger.Event.model_fields) >= {
        "id", "article_ids", "event_date", "time_precision", "disorder_type", "event_type",
        "sub_event_type", "actor1", "actor2", "inter1", "inter2", "interaction",
        "civilian_targeting", "location", "admin1", "admin2", "country", "iso", "latitude",
        "longitude", "geo_precision", "geonameid", "fatalities", "injuries", "weapon",
        "claimants", "evidence", "notes", "confidence"}
    assert set(warledger.Claim.model_fields) >= {
        "id", "article_id", "event_id", "kind", "claimant", "claimant_type", "about", "date",
        "period", "quantities", "qualifier", "hedge", "evidence"}


def test_schema_command_and_python_m():
    out = subprocess.run([sys.executable, "-m", "warledger", "schema"], capture_output=True,
                         text=True, check=True).stdout
    schemas = json.loads(out)
    assert {"Article", "Event", "Claim", "Evidence"} <= set(schemas)
    assert "sub_event_type" in schemas["Event"]["properties"]


def test_same_input_same_ids():
    text = "Russian forces shelled Kharkiv on Monday, killing two civilians, officials said."
    a = warledger.extract(text, published="2023-03-23")
    b = warledger.extract(text, published="2023-03-23")
    assert [e.id for e in a.events] == [e.id for e in b.events]
    assert a.articles[0].id == b.articles[0].id
