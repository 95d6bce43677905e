"""The map draws how far a village placed at its hromada's centre may lie from that point
(geo_precision 2 with uncertainty_km) as a circle around its marker, in Debian's Chromium
against a real server on 127.0.0.1 and a real SQLite ledger."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "web"))
import web_server  # noqa: E402

from warledger.geo.gazetteer import haversine_km  # noqa: E402
from warledger.models import Article, Event, Evidence, Result, content_hash  # noqa: E402
from warledger.store.ledger import Ledger  # noqa: E402
from warledger.web import create_app  # noqa: E402

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
# (location, lat, lon, geo_precision, uncertainty_km)
PLACES = [("Pisky", 48.24446, 37.61575, 2, 19.0),        # at Ocheretyne hromada's centre
          ("Kramatorsk", 48.73106, 37.56779, 1, None),
          ("Bakhmut", 48.59419, 37.99886, 2, None)]      # precision 2 but no uncertainty known


def _ledger(path: Path) -> None:
    with Ledger(path, fuse=False) as led:
        for i, (name, lat, lon, prec, km) in enumerate(PLACES):
            text = f"Shelling hit {name} on Monday."
            art = Article(id=content_hash(text), text=text, published=dt.date(2016, 5, 2))
            start = text.index(name)
            led.add(Result(articles=[art], events=[Event(
                id=f"ev{i}", article_ids=[art.id], event_date=dt.date(2016, 5, 2),
                disorder_type="Political violence", event_type="Explosions/Remote violence",
                sub_event_type="Shelling/artillery/missile attack", location=name,
                country="Ukraine", latitude=lat, longitude=lon, geo_precision=prec,
                uncertainty_km=km,
                evidence=[Evidence(article_id=art.id, start=start, end=start + len(name),
                                   text=name, field="location")])]))


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = tmp_path_factory.mktemp("uncertainty") / "ledger.db"
    _ledger(path)
    with web_server.running(create_app(path)) as url:
        yield url


@pytest.fixture(scope="module")
def page():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        pg = b.new_context(viewport={"width": 1200, "height": 900}).new_page()
        pg.set_default_timeout(15000)
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.errors = errors
        yield pg
        b.close()


def _box(page, selector: str) -> dict:
    return page.eval_on_selector(selector, "e => { const b = e.getBoundingClientRect(); "
                                           "return {x: b.x + b.width / 2, y: b.y + b.height / 2, "
                                           "w: b.width, h: b.height}; }")


def test_a_precision_2_village_has_its_uncertainty_circle(page, base):
    page.goto(base + "/")
    page.wait_for_selector("body[data-loading='0']")
    page.wait_for_function("() => document.querySelectorAll('path.ev-marker').length === 3")
    circles = page.eval_on_selector_all(
        "path.ev-uncertainty", "els => els.map(e => [e.getAttribute('data-event-id'), "
                               "e.getAttribute('data-km')])")
    # only the village that carries an uncertainty: not the town, not a bare precision 2
    assert circles == [["ev0", "19"]]
    circle = _box(page, "path.ev-uncertainty")
    pisky = _box(page, "path.ev-marker[data-location='Pisky']")
    kramatorsk = _box(page, "path.ev-marker[data-location='Kramatorsk']")
    # centred on its marker
    assert abs(circle["x"] - pisky["x"]) < 2 and abs(circle["y"] - pisky["y"]) < 2
    # and 19 km in radius, on the map's own scale (the two markers' known distance)
    km = haversine_km(*PLACES[0][1:3], *PLACES[1][1:3])
    px_per_km = ((pisky["x"] - kramatorsk["x"]) ** 2 + (pisky["y"] - kramatorsk["y"]) ** 2) ** 0.5 / km
    assert circle["w"] == pytest.approx(2 * 19 * px_per_km, rel=0.08)
    assert page.errors == []


def test_the_popup_says_how_far_the_village_may_lie(page, base):
    page.goto(base + "/")
    page.wait_for_function("() => document.querySelectorAll('path.ev-marker').length === 3")
    page.click("path.ev-marker[data-location='Pisky']")
    page.wait_for_selector(".popup-where")
    assert "within about 19 km" in page.inner_text(".popup-where")


def test_the_json_twin_carries_precision_and_uncertainty(base):
    import json
    import urllib.request

    with urllib.request.urlopen(base + "/events.json?fields=summary") as r:
        events = {e["location"]: e for e in json.load(r)["events"]}
    assert events["Pisky"]["geo_precision"] == 2 and events["Pisky"]["uncertainty_km"] == 19.0
    assert events["Kramatorsk"]["uncertainty_km"] is None
