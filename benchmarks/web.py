"""Benchmark of the web view over a large ledger.

Builds a ledger of N synthetic events (default 100,000, spread over one year and over Ukraine,
added through ``Ledger.add`` like real extractions), starts ``warledger serve``'s app with uvicorn
on 127.0.0.1 and measures:

- ``/events.json`` for a one-week filter (the figure the issue asks for: < 200 ms), against a
  baseline measured in the same run: the store call alone (``Ledger.events`` with the same filter)
  and a trivial HTTP request (``/stats.json``), so the ratio shows what the web layer adds;
- ``/events.json?fields=summary&limit=5000`` (what the map page asks for) and ``/timeline.json``
  over the whole ledger;
- with Chromium present: the map page until its markers are drawn, and how long the page then
  takes to answer a script call and a zoom (responsiveness).

    python benchmarks/web.py [--events 100000] [--runs 15] [--db PATH] [--no-browser]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "web"))

from warledger.models import Article, Event, Evidence, Result, content_hash, stable_id  # noqa: E402
from warledger.store import EventFilter, Ledger  # noqa: E402

TYPES = [("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Explosions/Remote violence", "Air/drone strike"), ("Battles", "Armed clash"),
         ("Strategic developments", "Disrupted weapons use"), ("Violence against civilians", "Attack")]
PLACES = [("Bakhmut", 48.5956, 38.0003), ("Kharkiv", 49.9935, 36.2304), ("Zaporizhzhia", 47.8388, 35.1396),
          ("Kherson", 46.6354, 32.6169), ("Odesa", 46.4825, 30.7233), ("Kyiv", 50.4501, 30.5234),
          ("Avdiivka", 48.1394, 37.7497), ("Kramatorsk", 48.7389, 37.5848), ("Sumy", 50.9077, 34.7981)]
START = dt.date(2023, 1, 1)
PER_ARTICLE = 100


def build(path: Path, n: int, seed: int = 7) -> float:
    rnd = random.Random(seed)
    t0 = time.perf_counter()
    with Ledger(path, fuse=False) as ledger:  # raw inserts: fusion is not what is measured
        made = 0
        while made < n:
            k = min(PER_ARTICLE, n - made)
            sentences = []
            for i in range(k):
                place = PLACES[rnd.randrange(len(PLACES))]
                sentences.append(f"Report {made + i}: shelling near {place[0]} on day {rnd.randrange(365)}.")
            text = "\n".join(sentences)
            art = Article(id=content_hash(text), text=text, published=START, source="bench", title=f"batch {made}")
            events = []
            pos = 0
            for i, sentence in enumerate(sentences):
                etype, sub = TYPES[rnd.randrange(len(TYPES))]
                name, lat, lon = PLACES[rnd.randrange(len(PLACES))]
                day = START + dt.timedelta(days=rnd.randrange(365))
                events.append(Event(
                    id=stable_id("ev_", art.id, i), article_ids=[art.id], event_date=day,
                    disorder_type="Political violence", event_type=etype, sub_event_type=sub,
                    actor1="Military Forces of Russia (2000-)", inter1=1, location=name, country="Ukraine",
                    country_code="UA", iso=804, latitude=lat + rnd.uniform(-0.3, 0.3),
                    longitude=lon + rnd.uniform(-0.3, 0.3), geo_precision=1,
                    fatalities=rnd.choice([None, 0, 1, 2, 5]), claimants=["General Staff"],
                    confidence=round(rnd.uniform(0.3, 1.0), 2), notes=f"Synthetic event {made + i} near {name}.",
                    evidence=[Evidence(article_id=art.id, start=pos, end=pos + len(sentence), text=sentence,
                                       field="trigger")]))
                pos += len(sentence) + 1
            ledger.add(Result(articles=[art], events=events))
            made += k
    return time.perf_counter() - t0


def timed(fn, runs: int) -> list[float]:
    fn()  # warm up
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def fmt(ms: list[float]) -> str:
    return f"median {statistics.median(ms):7.1f} ms  p90 {sorted(ms)[int(0.9 * (len(ms) - 1))]:7.1f} ms"


def browser_figures(base: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = b.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(120_000)
        t = time.perf_counter()
        page.goto(base + "/")
        page.wait_for_selector("body[data-loading='0']")
        page.wait_for_function("() => document.querySelectorAll('.marker-cluster, path.ev-marker').length > 0")
        loaded = (time.perf_counter() - t) * 1000
        page.wait_for_timeout(500)
        rtt = timed(lambda: page.evaluate("() => performance.now()"), 10)
        t = time.perf_counter()
        page.evaluate("""() => new Promise(done => {
            const m = document.getElementById('map');
            document.querySelector('.leaflet-control-zoom-in').click();
            setTimeout(done, 0); })""")
        page.wait_for_timeout(400)  # the zoom animation (250 ms) and re-clustering
        page.evaluate("() => performance.now()")
        zoom = (time.perf_counter() - t) * 1000
        status = page.locator("#status").inner_text()
        b.close()
    return {"map_ready_ms": loaded, "script_rtt_ms": statistics.median(rtt), "zoom_ms": zoom, "status": status}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--db", type=Path, default=None, help="reuse/keep the ledger here")
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("WARLEDGER_DATA_DIR", tempfile.mkdtemp(prefix="warledger-bench-"))

    path = args.db or Path(tempfile.mkdtemp(prefix="warledger-webbench-")) / "ledger.db"
    if not path.exists():
        secs = build(path, args.events)
        print(f"built {args.events} events in {secs:.1f} s -> {path}")
    import httpx
    import web_server

    from warledger.web import basemap, create_app

    t = time.perf_counter()
    basemap.countries_gzip()  # built once per data dir; the server would build it in a thread
    print(f"basemap built/read in {time.perf_counter() - t:.1f} s (once; cached in the data dir)")

    with Ledger(path, readonly=True, fuse=False) as ledger:
        total = ledger.counts()["events"]
        week = EventFilter(date_from=dt.date(2023, 6, 1), date_to=dt.date(2023, 6, 7))
        n_week = len(ledger.events(week))
        store_ms = timed(lambda: ledger.events(week), args.runs)
    print(f"ledger: {total} events; one week (2023-06-01..07): {n_week} events (limit 1000)")

    with web_server.running(create_app(path)) as base, httpx.Client(base_url=base, timeout=120) as c:
        q = {"date_from": "2023-06-01", "date_to": "2023-06-07"}
        assert c.get("/events.json", params=q).status_code == 200
        stats_ms = timed(lambda: c.get("/stats.json"), args.runs)
        week_ms = timed(lambda: c.get("/events.json", params=q), args.runs)
        week_sum_ms = timed(lambda: c.get("/events.json", params={**q, "fields": "summary", "total": "1"}), args.runs)
        map_ms = timed(lambda: c.get("/events.json", params={"fields": "summary", "total": "1", "limit": "5000"}), 5)
        tl_ms = timed(lambda: c.get("/timeline.json"), 5)
        print(f"baseline  Ledger.events(one week)             {fmt(store_ms)}")
        print(f"baseline  GET /stats.json                     {fmt(stats_ms)}")
        print(f"GET /events.json one week (full records)      {fmt(week_ms)}   "
              f"x{statistics.median(week_ms) / statistics.median(store_ms):.2f} of the store call")
        print(f"GET /events.json one week, summary+total      {fmt(week_sum_ms)}")
        print(f"GET /events.json 5000 summaries (map page)    {fmt(map_ms)}")
        print(f"GET /timeline.json all {total} events       {fmt(tl_ms)}")
        verdict = "PASS" if statistics.median(week_ms) < 200 else "FAIL"
        print(f"one-week /events.json under 200 ms: {verdict}")
        if not args.no_browser and os.path.exists("/usr/bin/chromium"):
            b = browser_figures(base)
            print(f"map page: markers drawn after {b['map_ready_ms']:.0f} ms ({b['status']}); "
                  f"script round trip then {b['script_rtt_ms']:.1f} ms; zoom in + recluster {b['zoom_ms']:.0f} ms")


if __name__ == "__main__":
    main()
