"""The web view shows what fusion knows: figures over time and contradictions, page and twin."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "web"))
import web_server  # noqa: E402
from fuse_stories import load  # noqa: E402

from warledger.store import Ledger  # noqa: E402
from warledger.web import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client(new_db_module):
    path = new_db_module("ledger.db")
    with Ledger(path) as ledger:  # fusion on, as `warledger ingest` runs it
        for result in load("sloviansk"):
            ledger.add(result)
        (event,) = ledger.events(limit=None)
    with web_server.running(create_app(path)) as url, httpx.Client(base_url=url, timeout=30) as c:
        c.event_id = event.id
        yield c


def test_contradictions_twin_names_both_claimants(client):
    body = client.get("/contradictions.json").json()
    assert body["count"] >= 1
    pairs = {frozenset(c["claimants"]) for c in body["contradictions"] if c["key"] == "fatalities"}
    assert frozenset({"Pavlo Kyrylenko, regional governor", "Denis Pushilin"}) in pairs
    assert all(c["event_id"] == client.event_id for c in body["contradictions"])


def test_event_twin_and_page_show_figures_over_time(client):
    body = client.get(f"/events/{client.event_id}.json").json()
    assert body["figures"]["range"]["fatalities"] == [3, 9]
    assert body["event"]["fatalities"] == 9
    assert len(body["contradictions"]) >= 1
    page = client.get(f"/events/{client.event_id}").text
    assert 'id="event-figures"' in page and 'id="event-contradictions"' in page
    assert "Denis Pushilin" in page


def test_contradictions_page_and_bad_dates(client):
    page = client.get("/contradictions").text
    assert 'id="contradictions"' in page and "Pavlo Kyrylenko" in page
    assert client.get("/contradictions.json?date_from=2023-13-01").status_code == 400
    empty = client.get("/contradictions.json?date_from=2030-01-01").json()
    assert empty["count"] == 0
