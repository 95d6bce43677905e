"""The web view in Debian's Chromium (Playwright, headless) against a real server on 127.0.0.1:
markers, the Rzhyshchiv evidence, timeline brushing, the CSV of a filtered view, and XSS."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "web"))
import web_builder  # noqa: E402
import web_server  # noqa: E402

from warledger.web import create_app  # noqa: E402

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
LOCATIONS = {"Rzhyshchiv", "Zaporizhzhia", "Bakhmut", "Kharkiv", "Odesa", web_builder.XSS_LOCATION}


@pytest.fixture(scope="module")
def results():
    return web_builder.results()


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = tmp_path_factory.mktemp("webui") / "ledger.db"
    web_builder.build(path)
    with web_server.running(create_app(path)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


class Watch:
    """What a page did that it should not: dialogs, CSP violations, page errors."""

    def __init__(self, page):
        self.dialogs: list[str] = []
        self.problems: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda m: self.problems.append(m.text)
                if m.type == "error" or "Content Security Policy" in m.text else None)
        page.on("pageerror", lambda e: self.problems.append(str(e)))

    def _dialog(self, d):
        self.dialogs.append(d.message)
        d.dismiss()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.watch = Watch(pg)
    yield pg
    context.close()


def open_map(page, base, query=""):
    page.goto(base + "/" + query)
    page.wait_for_selector("body[data-loading='0']")
    page.wait_for_function("() => document.querySelectorAll('path.ev-marker').length > 0")


def marker_locations(page) -> list[str]:
    return page.eval_on_selector_all("path.ev-marker", "els => els.map(e => e.getAttribute('data-location'))")


def test_map_shows_the_expected_markers_and_basemap(page, base):
    open_map(page, base)
    # the offline borders are drawn on a canvas in their own pane: some of its pixels are painted
    page.wait_for_function("""() => {
      const c = document.querySelector('.leaflet-borders-pane canvas');
      if (!c || !c.width) return false;
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0; for (let i = 3; i < d.length; i += 4 * 16) if (d[i] > 0) n++;
      return n > 1000; }""")
    assert set(marker_locations(page)) == LOCATIONS
    assert page.locator(".marker-cluster").count() == 0  # far apart: no cluster at this zoom
    colors = dict(page.eval_on_selector_all(
        "path.ev-marker", "els => els.map(e => [e.getAttribute('data-location'), e.getAttribute('fill')])"))
    assert colors["Bakhmut"] == "#d62728" and colors["Rzhyshchiv"] == "#ff7f0e"
    assert page.locator("#status").inner_text() == "6 events"
    assert page.locator("#event-list tbody tr").count() == 6
    shots = os.environ.get("WARLEDGER_SCREENSHOT_DIR")
    if shots:
        page.screenshot(path=str(Path(shots) / "map.png"))
    assert page.watch.dialogs == [] and page.watch.problems == []


def test_clicking_rzhyshchiv_opens_its_event_with_the_evidence_highlighted(page, base, results):
    open_map(page, base)
    page.locator("path.ev-marker[data-location='Rzhyshchiv']").click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Air/drone strike" in popup.inner_text()
    popup.locator("a.popup-open").click()
    rz = results["reference"].events[0]
    # the page is there once its DOM is ("load" also waits for every script and style, which
    # a busy machine can delay past the timeout)
    page.wait_for_url(f"**/events/{rz.id}", wait_until="domcontentloaded")
    page.locator(".article-text mark").first.wait_for()
    marks = page.locator(".article-text mark").all_inner_texts()
    assert web_builder.RZHYSHCHIV_SENTENCE in marks
    assert "Rzhyshchiv" in page.locator("#event-title").inner_text()
    assert page.locator("table.claims .claimant").first.inner_text() == "regional police chief"
    assert page.locator("table.claims .hedge").first.inner_text() == "according to"
    assert page.locator("a.source-url").get_attribute("href").startswith("https://news.example.org/")
    shots = os.environ.get("WARLEDGER_SCREENSHOT_DIR")
    if shots:
        page.screenshot(path=str(Path(shots) / "event.png"), full_page=True)
    assert page.watch.dialogs == [] and page.watch.problems == []


def brush(page, first: dt.date, last: dt.date, start: dt.date, end: dt.date) -> None:
    """Drag across the timeline canvas from day ``start`` to day ``end`` (timeline.js geometry)."""
    box = page.locator("#timeline").bounding_box()
    n = (last - first).days + 1
    width = box["width"] - 36 - 8

    def x(day: dt.date) -> float:
        return box["x"] + 36 + ((day - first).days + 0.5) * width / n

    y = box["y"] + box["height"] / 2
    page.mouse.move(x(start), y)
    page.mouse.down()
    page.mouse.move((x(start) + x(end)) / 2, y, steps=3)
    page.mouse.move(x(end), y, steps=3)
    page.mouse.up()


def list_ids(page) -> set[str]:
    return set(page.eval_on_selector_all("#event-list tbody tr", "els => els.map(e => e.dataset.eventId)"))


def test_brushing_the_timeline_filters_list_map_and_csv_export(page, base, results):
    open_map(page, base)
    page.wait_for_function("() => document.getElementById('timeline').width > 0")
    page.wait_for_timeout(300)  # the timeline data arrives after the events
    brush(page, dt.date(2023, 3, 5), dt.date(2023, 3, 22), dt.date(2023, 3, 14), dt.date(2023, 3, 22))
    page.wait_for_function("() => document.querySelectorAll('#event-list tbody tr').length === 4")
    page.wait_for_selector("body[data-loading='0']")
    expected = {e.id for e in results["reference"].events} | {results["odesa"].events[0].id}
    assert list_ids(page) == expected
    assert "date_from=2023-03-14" in page.url and "date_to=2023-03-22" in page.url
    assert set(marker_locations(page)) == {"Rzhyshchiv", "Zaporizhzhia", "Bakhmut", "Odesa"}
    assert page.locator("#status").inner_text() == "4 events"
    # the CSV export of this view has exactly the listed rows
    href = page.locator("#export-csv").get_attribute("href")
    assert "date_from=2023-03-14" in href
    response = page.request.get(base + href)
    assert response.status == 200
    rows = list(csv.DictReader(io.StringIO(response.text())))
    assert {r["event_id_cnty"] for r in rows} == expected and len(rows) == 4
    # a shared link reproduces the view
    page.goto(page.url)
    page.wait_for_selector("body[data-loading='0']")
    assert list_ids(page) == expected
    # the filter form narrows the brushed view further, kept in the URL
    page.select_option("select[name=event_type]", "Battles")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**event_type=Battles**")
    page.wait_for_selector("body[data-loading='0']")
    assert list_ids(page) == {results["reference"].events[2].id}
    assert page.watch.dialogs == [] and page.watch.problems == []


NO_INJECTION = """() => {
  const bad = [];
  if (window.__xss !== undefined) bad.push('window.__xss=' + window.__xss);
  for (const s of document.querySelectorAll('script')) if (!s.src) bad.push('inline script: ' + s.textContent.slice(0, 60));
  for (const e of document.querySelectorAll('*')) {
    for (const a of e.attributes) {
      if (a.name.startsWith('on')) bad.push(e.tagName + ' ' + a.name);
      if ((a.name === 'href' || a.name === 'src') && a.value.trim().toLowerCase().startsWith('javascript:')) bad.push(e.tagName + ' ' + a.value);
    }
  }
  for (const i of document.querySelectorAll('img')) if (i.getAttribute('src') === 'x') bad.push('img src=x');
  return bad;
}"""


def test_xss_payloads_execute_nothing_anywhere(page, base, results):
    xe = results["xss"].events[0]
    xa = results["xss"].articles[0]
    open_map(page, base)
    page.locator("path.ev-marker[data-location^='<img']").click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "<script>window.__xss=8" in popup.inner_text()  # shown as text
    row = page.locator(f"#event-list tr[data-event-id='{xe.id}']")
    assert "<img src=x" in row.inner_text()
    page.wait_for_timeout(300)
    assert page.evaluate(NO_INJECTION) == []
    for path in (f"/events/{xe.id}", f"/articles/{xa.id}", "/claims", "/claims?claimant=%3Cimg",
                 "/?q=%3Cscript%3Ealert(1)%3C/script%3E", "/?actor=%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E",
                 "/events/%3Cscript%3E"):
        page.goto(base + path)
        page.wait_for_load_state("load")
        page.wait_for_timeout(200)
        assert page.evaluate(NO_INJECTION) == [], path
    page.goto(base + f"/events/{xe.id}")
    text = page.locator(".article-text").inner_text()
    assert "<script>window.__xss=4" in text and "&lt;b&gt;bold" in text
    assert page.locator(".source-url").inner_text().startswith("javascript:")  # text, not a link
    assert page.locator("a.source-url").count() == 0
    assert page.watch.dialogs == []


def test_claims_page_draws_tallies_and_charts(page, base):
    page.goto(base + "/claims")
    page.wait_for_load_state("networkidle")
    assert "660" in page.locator("#loss-table").inner_text()
    assert "destroyed: 16" in page.locator("#intercept-table").inner_text()
    # the chart drew something: some pixels are not white
    drawn = page.evaluate("""() => {
      const c = document.querySelector('#loss-charts canvas'), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 200) n++; return n; }""")
    assert drawn > 50
    assert page.watch.dialogs == [] and page.watch.problems == []


def test_the_injection_check_itself_catches_injected_markup(page, base):
    """Guard against a check that cannot fail: injected markup is reported."""
    page.goto(base + "/claims")
    page.wait_for_load_state("load")
    assert page.evaluate(NO_INJECTION) == []
    page.evaluate("""() => { const d = document.createElement('div');
        d.innerHTML = '<img src=x onerror="window.__xss=99"><a href="javascript:void(0)">x</a>';
        document.body.appendChild(d); }""")
    page.wait_for_timeout(200)
    found = page.evaluate(NO_INJECTION)
    assert any("onerror" in f for f in found) and any("javascript:" in f for f in found)
    assert any("img src=x" in f for f in found)
