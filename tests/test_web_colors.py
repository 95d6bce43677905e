"""One colour per event type (warledger/taxonomy.py) on the web map, its legend, the timeline
and the brief's map and chart; the claims page draws daily figures and running totals apart,
one labelled series per claimant. Map, timeline and claims in Debian's Chromium."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "web"))
import web_builder  # noqa: E402
import web_server  # noqa: E402
from test_web_browser import browser, open_map, page  # noqa: E402,F401  (fixtures)

from warledger.models import Article, Claim, Evidence, Result, content_hash, stable_id  # noqa: E402
from warledger.store import Ledger  # noqa: E402
from warledger.taxonomy import EVENT_TYPE_COLORS, EVENT_TYPES  # noqa: E402
from warledger.web import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GS = "General Staff of the Armed Forces of Ukraine"
TOTALS = ("On 21 March the General Staff put Russia's losses since the invasion at about 171,000 "
          "personnel. On 22 March it said the total had reached 171,660 personnel.")


def rgb(hex_color: str) -> tuple[int, int, int]:
    return tuple(int(hex_color[i:i + 2], 16) for i in (1, 3, 5))


def totals_result() -> Result:
    art = Article(id=content_hash(TOTALS), text=TOTALS, published=dt.date(2023, 3, 22), lang="en",
                  source="example", title="Totals")
    claims = []
    for day, words, value in ((21, "about 171,000", 171000), (22, "171,660", 171660)):
        start = TOTALS.index(words)
        claims.append(Claim(
            id=stable_id("cl_", art.id, day), article_id=art.id, kind="losses", claimant=GS,
            claimant_type="military", about=web_builder.RUSSIA, date=dt.date(2023, 3, day),
            period="cumulative", quantities={"personnel": value}, hedge="said",
            evidence=[Evidence(article_id=art.id, start=start, end=start + len(words), text=words,
                               field="quantities")]))
    return Result(articles=[art], events=[], claims=claims)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = tmp_path_factory.mktemp("colors") / "ledger.db"
    web_builder.build(path)
    with Ledger(path, fuse=False) as ledger:
        ledger.add(totals_result())
    with web_server.running(create_app(path)) as url:
        yield url


def test_colours_are_defined_once():
    from warledger.report import charts

    assert set(EVENT_TYPE_COLORS) == set(EVENT_TYPES)
    assert len(set(EVENT_TYPE_COLORS.values())) == len(EVENT_TYPE_COLORS)
    assert charts.COLORS is EVENT_TYPE_COLORS
    for js in (ROOT / "warledger" / "web" / "static").glob("*.js"):
        src = js.read_text(encoding="utf-8")
        assert "Explosions/Remote violence" not in src and "#d62728" not in src, js.name


def test_map_legend_markers_and_timeline_use_the_shared_colours(page, base):  # noqa: F811
    open_map(page, base)
    fills = dict(page.eval_on_selector_all(
        "path.ev-marker", "els => els.map(e => [e.getAttribute('data-location'), e.getAttribute('fill')])"))
    assert fills["Bakhmut"] == EVENT_TYPE_COLORS["Battles"]
    assert fills["Rzhyshchiv"] == EVENT_TYPE_COLORS["Explosions/Remote violence"]
    legend = dict(page.eval_on_selector_all(
        "#legend .legend-item", "els => els.map(e => [e.textContent.trim(), "
                                "getComputedStyle(e.querySelector('.dot')).backgroundColor])"))
    assert set(legend) == set(EVENT_TYPES)
    for t, css in legend.items():
        assert css == "rgb({}, {}, {})".format(*rgb(EVENT_TYPE_COLORS[t])), t
    # the timeline: 1 battle and 5 explosions are drawn, so explosions' colour covers more pixels
    page.wait_for_function("() => { const c = document.getElementById('timeline'); return c && c.width > 0; }")
    counts = page.evaluate("""(cols) => {
      const c = document.getElementById('timeline');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const out = {}; cols.forEach(k => out[k] = 0);
      for (let i = 0; i < d.length; i += 4) {
        const k = d[i] + ',' + d[i + 1] + ',' + d[i + 2];
        if (k in out) out[k]++;
      }
      return out; }""", [",".join(map(str, rgb(c))) for c in EVENT_TYPE_COLORS.values()])
    battles = counts[",".join(map(str, rgb(EVENT_TYPE_COLORS["Battles"])))]
    explosions = counts[",".join(map(str, rgb(EVENT_TYPE_COLORS["Explosions/Remote violence"])))]
    assert battles > 20 and explosions > 3 * battles, counts
    assert page.watch.problems == []


def test_claims_chart_separates_daily_figures_from_running_totals(page, base):  # noqa: F811
    page.goto(base + "/claims")
    page.wait_for_selector("#loss-charts figure")
    figs = page.eval_on_selector_all("#loss-charts figure", "els => els.map(e => [e.getAttribute('data-period'), "
                                     "e.querySelector('figcaption').textContent])")
    assert figs == [["day", "Daily figures"], ["cumulative", "Cumulative totals"]]
    series = page.eval_on_selector_all(
        "#loss-charts li", "els => els.map(e => [e.closest('figure').getAttribute('data-period'), "
                           "e.dataset.claimant, e.dataset.period, +e.dataset.points, +e.dataset.last, "
                           "e.textContent, getComputedStyle(e.querySelector('.swatch')).backgroundColor])")
    daily = [s for s in series if s[0] == "day"]
    total = [s for s in series if s[0] == "cumulative"]
    assert [s[1:5] for s in daily] == [[GS, "day", 1, 660]]
    assert [s[1:5] for s in total] == [[GS, "cumulative", 2, 171660]]
    assert daily[0][5] == f"{GS} — daily" and total[0][5] == f"{GS} — cumulative"
    assert daily[0][6] == total[0][6]  # one claimant, one colour across the charts
    ymax = dict(page.eval_on_selector_all("#loss-charts canvas", "els => els.map(e => "
                                          "[e.getAttribute('data-period'), +e.getAttribute('data-ymax')])"))
    assert ymax == {"day": 660, "cumulative": 171660}  # the daily line is not squashed to zero
    ymin = dict(page.eval_on_selector_all("#loss-charts canvas", "els => els.map(e => "
                                          "[e.getAttribute('data-period'), +e.getAttribute('data-ymin')])"))
    assert ymin["day"] == 0 and 170000 < ymin["cumulative"] < 171000  # a total shows its growth
    drawn = page.evaluate("""() => Array.from(document.querySelectorAll('#loss-charts canvas')).map(c => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 200) n++; return n; })""")
    assert all(n > 50 for n in drawn), drawn
    # the table says what each period is, in words
    assert "total to date" in page.locator("#loss-table").inner_text()
    assert "one day" in page.locator("#loss-table").inner_text()
    inter = page.eval_on_selector_all("#intercept-charts li", "els => els.map(e => e.textContent)")
    assert inter == ["Ukrainian Air Force — period not stated"]  # not called daily
    assert page.watch.dialogs == [] and page.watch.problems == []


def _pixels(path) -> list[tuple[int, int, int]]:
    from PIL import Image

    img = Image.open(path).convert("RGB")
    flat = getattr(img, "get_flattened_data", None) or img.getdata
    return list(flat())


def test_brief_chart_and_map_use_the_shared_colours(tmp_path):
    from collections import Counter

    from warledger.report.charts import map_png, timeline_png

    battle, explosion = (rgb(EVENT_TYPE_COLORS[t]) for t in ("Battles", "Explosions/Remote violence"))
    day = dt.date(2023, 3, 22)
    counts = {day - dt.timedelta(days=i): Counter({"Battles": 3, "Explosions/Remote violence": 6})
              for i in range(5)}
    timeline_png(counts, tmp_path / "chart.png", "t")
    pixels = Counter(_pixels(tmp_path / "chart.png"))
    assert pixels[battle] > 100 and pixels[explosion] > 1.5 * pixels[battle], (pixels[battle], pixels[explosion])

    def near(colours, c):
        return any(all(abs(a - b) <= 40 for a, b in zip(p, c, strict=True)) for p in colours)

    events = [e for r in web_builder.results().values() for e in r.events]
    for kind, colour, other in (("Battles", battle, explosion), ("Explosions/Remote violence", explosion, battle)):
        only = [e for e in events if e.event_type == kind]
        map_png(only, tmp_path / "map.png", "m")
        colours = set(_pixels(tmp_path / "map.png"))  # markers: alpha 0.8 over the map
        assert near(colours, colour) and not near(colours, other), kind
