"""``warledger brief``: sections, pictures, and every listed event linked to its records."""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from fuse_stories import load
from typer.testing import CliRunner

from warledger.cli import app
from warledger.report.brief import collect, sentence
from warledger.store import Ledger

runner = CliRunner()
PNG = b"\x89PNG\r\n\x1a\n"
MD_SECTIONS = ["# Situation brief: 23 March 2023", "## Headline figures", "## Map", "## Events per day",
               "## Main events", "## Loss and interception claims", "## Contradictions"]


@pytest.fixture(scope="module")
def db(new_db_module):
    path = new_db_module("l.db")
    with Ledger(path) as led:
        for story in ("reference", "sloviansk", "kharkiv"):
            for r in load(story):
                led.add(r)
    return path


def _brief(db, tmp_path, fmt, *extra):
    out = tmp_path / fmt
    r = runner.invoke(app, ["brief", "--date", "2023-03-23", "--format", fmt, "--out", str(out),
                            "--db", str(db), *extra])
    assert r.exit_code == 0, r.output
    return out


def test_markdown_brief_sections_pictures_and_links(db, tmp_path):
    out = _brief(db, tmp_path, "md")
    text = (out / "brief.md").read_text("utf-8")
    positions = [text.index(s) for s in MD_SECTIONS]
    assert positions == sorted(positions)
    for pic in ("map.png", "chart.png"):
        assert f"]({pic})" in text
        assert (out / pic).read_bytes()[:8] == PNG and (out / pic).stat().st_size > 5000
    main = text[text.index("## Main events"):text.index("## Loss and interception claims")]
    items = re.findall(r"^\d+\. .+\n   Record: \[(ev_\w+)\]\(records/(ev_\w+)\.json\)", main, re.M)
    assert len(items) == 2  # Zaporizhzhia (two articles fused) and Rzhyshchiv; Sloviansk is April
    with Ledger(db) as led:
        for shown, linked in items:
            assert shown == linked
            data = json.loads((out / "records" / f"{linked}.json").read_text("utf-8"))
            assert data["event"]["id"] == linked
            assert data["show"] == f"warledger show {linked}"
            event = led.event(linked)
            assert event is not None and {a["article_id"] for a in data["articles"]} == set(event.article_ids)
            for aid in event.article_ids:
                assert f"`{aid}`" in main  # every source article is named
    # every record link in the brief resolves to a file
    for target in set(re.findall(r"\]\((records/[^)]+)\)", text)):
        assert (out / target).is_file(), target
    assert "Rzhyshchiv" in main and "Zaporizhzhia" in main
    assert "injuries 25 to 33 (ACLED-rule figure 25)" in main
    # headline figures trace to the period's records
    period = json.loads((out / "records" / "period.json").read_text("utf-8"))
    assert len(period["events"]) == 2
    assert "**Civilian casualties:** 9 killed and 32 injured in 2 events" in text
    assert "**Strikes by region:** Zaporizhzhia 1, Kyiv 1" in text or "**Strikes by region:** Kyiv 1, Zaporizhzhia 1" in text
    claims = text[text.index("## Loss and interception claims"):text.index("## Contradictions")]
    assert "Ukrainian army" in claims and "personnel 660" in claims
    assert "Ukrainian military" in claims and "launched 21, destroyed 16" in claims
    contra = text[text.index("## Contradictions"):]
    assert "at least 33 (officials)" in contra and "25 (Yurii Malashko, regional governor)" in contra


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.imgs, self.items, self.sections = [], [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "href" in a:
            self.hrefs.append((a["href"], a.get("class")))
        if tag == "img":
            self.imgs.append(a["src"])
        if tag == "li" and (a.get("id") or "").startswith("ev_"):
            self.items.append(a["id"])
        if tag == "section":
            self.sections.append(a["id"])


def test_html_brief_sections_pictures_and_links(db, tmp_path):
    out = _brief(db, tmp_path, "html")
    p = _Links()
    p.feed((out / "brief.html").read_text("utf-8"))
    assert p.sections == ["headline", "map", "chart", "events", "claims", "contradictions"]
    assert p.imgs == ["map.png", "chart.png"]
    assert all((out / i).read_bytes()[:8] == PNG for i in p.imgs)
    record_links = [h for h, cls in p.hrefs if cls == "record"]
    assert len(p.items) == 2 and record_links == [f"records/{i}.json" for i in p.items]
    for href, _ in p.hrefs:
        if href.startswith("records/"):
            assert (out / href).is_file(), href


def test_region_and_period_filters(db, tmp_path):
    with Ledger(db) as led:
        b = collect(led, date(2023, 3, 23), region="Kyiv")
        assert [e.location for e in b.events] == ["Rzhyshchiv"]
        assert b.contradictions == []
        april = collect(led, date(2023, 4, 21), days=8)
        assert sorted(e.location for e in april.events) == ["Kharkiv", "Kharkiv", "Sloviansk"]
        assert april.items[0].event.location == "Sloviansk"  # most deaths first
        assert len(april.contradictions) == 3
        assert sum(april.chart_counts[d]["Explosions/Remote violence"] for d in april.chart_counts) == 3  # 23 March to 21 April
        ev = april.items[0].event
        assert sentence(ev.model_copy(update={"notes": ""})).startswith(
            "On 14 April 2023, Russian forces shelled or fired missiles at Sloviansk (Donetsk)")


def test_bad_options_are_one_line_errors(db, tmp_path):
    r = runner.invoke(app, ["brief", "--date", "2023-03-23", "--format", "pdf", "--db", str(db)])
    assert r.exit_code == 2 and "use md or html" in r.output
    r = runner.invoke(app, ["brief", "--date", "someday soon-ish", "--db", str(db)])
    assert r.exit_code == 2 and "--date" in r.output
    r = runner.invoke(app, ["brief", "--date", "2023-03-23", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 2 and "no such ledger" in r.output and "Traceback" not in r.output


def test_empty_period_still_writes_a_brief(db, tmp_path):
    out = tmp_path / "empty"
    r = runner.invoke(app, ["brief", "--date", "2022-01-01", "--out", str(out), "--db", str(db)])
    assert r.exit_code == 0
    text = (out / "brief.md").read_text("utf-8")
    assert "No events recorded for this period." in text and (out / "map.png").exists()


def test_html_escapes_what_the_articles_say(tmp_path):
    from fuse_stories import build

    spec = {"key": "x", "published": date(2023, 3, 23), "title": "<script>alert(1)</script>",
            "text": "A <b>drone</b> strike hit Rzhyshchiv, police said.",
            "events": [{"id": "e", "sub_event_type": "Air/drone strike", "event_date": date(2023, 3, 22),
                        "location": "Rzhyshchiv", "latitude": 49.97, "longitude": 31.04,
                        "geo_precision": 1, "notes": "On 22 March 2023, a <b>drone</b> struck.",
                        "evidence": {"trigger": "strike"}}]}
    with Ledger(tmp_path / "x.db") as led:
        led.add(build(spec))
    out = tmp_path / "out"
    r = runner.invoke(app, ["brief", "--date", "2023-03-23", "--format", "html", "--out", str(out),
                            "--db", str(tmp_path / "x.db")])
    assert r.exit_code == 0, r.output
    html = (out / "brief.html").read_text("utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;" in html and "<b>drone" not in html


def test_headline_counts_the_periods_own_deaths_once(tmp_path):
    """A mass grave found in the period is no killing in it, and a strike of last week told
    again today is listed but not summed: only the day's own events count, each once."""
    import warledger

    texts = [
        ("Russian forces shelled Kherson on 10 May 2024, killing three civilians, the regional "
         "governor said.", "2024-05-10"),
        ("Investigators found a mass grave with 440 bodies of civilians in Izium on 10 May 2024, "
         "the regional governor said.", "2024-05-10"),
        ("A week ago, on 3 May 2024, a Russian missile strike on Odesa killed five civilians, "
         "officials said on Friday.", "2024-05-10"),
    ]
    path = tmp_path / "h.db"
    with Ledger(path) as led:
        for text, published in texts:
            led.add(warledger.extract(text, published=published))
        b = collect(led, date(2024, 5, 10))
    assert b.civilian["fatalities"] == 3 and b.civilian["events"] == 1
    izium = [e for e in b.events if e.location == "Izium"]
    assert izium and izium[0].fatalities is None  # the discovery stays an event, with no deaths
