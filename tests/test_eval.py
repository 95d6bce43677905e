"""The coding scorers and the quality gate on small fixtures (a fake extractor where the
figures must be exact)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warledger.cli import app
from warledger.errors import InputError
from warledger.eval import coding, gate
from warledger.models import Claim, Event, Evidence, Result

FIX = Path(__file__).parent / "fixtures" / "coding"
runner = CliRunner()


def ev(text: str, sub: str, lat=None, lon=None, date=None, fat=None, inj=None, actor1=None):
    from warledger.taxonomy import event_type_of

    et, dis = event_type_of(sub)
    return Event(id="e" + str(abs(hash((text, sub)))), article_ids=["a"], event_date=date,
                 disorder_type=dis, event_type=et, sub_event_type=sub, latitude=lat,
                 longitude=lon, fatalities=fat, injuries=inj, actor1=actor1,
                 evidence=[Evidence(article_id="a", start=0, end=1, text=text[:1])])


def test_f1_report_by_hand():
    gold = ["A", "A", "B", None]
    pred = ["A", "B", "B", "B"]
    rep = coding.f1_report(gold, pred, ["A", "B"])
    # A: P 1, R .5 -> F1 .6667; B: tp 1 fp 2 fn 0 -> P 1/3 R 1 -> .5
    assert rep["per_label"]["A"]["f1"] == pytest.approx(0.6667, abs=1e-4)
    assert rep["per_label"]["B"]["f1"] == pytest.approx(0.5)
    assert rep["macro_f1"] == pytest.approx((2 / 3 + 0.5) / 2, abs=1e-4)
    # micro: tp 2, fp 2, fn 1 -> P .5 R .6667 -> .5714
    assert rep["micro_f1"] == pytest.approx(0.5714, abs=1e-4)


def test_haversine_and_dates():
    assert coding.haversine_km(50.45, 30.52, 50.45, 30.52) == 0
    assert coding.haversine_km(50.45, 30.52, 49.84, 24.03) == pytest.approx(468, abs=5)
    assert coding.parse_date("8/14/2014 12:00:00 AM", False) == dt.date(2014, 8, 14)
    assert coding.parse_date("27/01/2014") == dt.date(2014, 1, 27)
    assert coding.parse_date("2014-01-22;2014-01-25") == dt.date(2014, 1, 22)
    assert coding.parse_date("") is None
    assert coding.sample(list(range(10)), 3) == [0, 3, 6]
    assert coding.sample(list(range(3)), 10) == [0, 1, 2]


def test_case2021_typing_figures():
    rep = coding.score_case2021(FIX / "case.tsv", pipeline=False)
    assert rep["snippets"] == 6 and rep["acled_snippets"] == 4
    assert rep["non_acled_snippets"] == 2
    assert rep["non_acled_no_pv_event"] == 1.0
    # row 6 is gold Armed clash but says Agreement: 3 of 4 right
    assert rep["accuracy"] == 0.75
    assert 0 < rep["macro_f1"] < 1


def test_case2021_bad_file(tmp_path):
    p = tmp_path / "x.tsv"
    p.write_text("a\tb\n1\t2\n", encoding="utf-8")
    with pytest.raises(InputError):
        coding.score_case2021(p, pipeline=False)
    with pytest.raises(InputError):
        coding.score_case2021(tmp_path / "missing.tsv")


def test_ucdp_rows_and_figures(monkeypatch):
    rows, why = coding.ucdp_rows(FIX / "ucdp.csv")
    assert [r["id"] for r in rows] == ["1", "2"]
    assert why == {"headline states no death count": 1, "several headlines": 1,
                   "headline split over several events": 2}
    seen = {}

    def fake(text, published):
        seen[text] = published
        if text.startswith("Two"):
            return Result(events=[ev(text, "Shelling/artillery/missile attack", 48.01, 37.81,
                                     dt.date(2014, 8, 14), 2)])
        return Result(events=[ev(text, "Armed clash", 49.0, 39.3, dt.date(2014, 8, 16), 5)])

    monkeypatch.setattr(coding, "_extract", fake)
    rep = coding.score_ucdp(FIX / "ucdp.csv")
    assert rep["rows"] == 2
    assert rep["deaths_exact"] == 0.5 and rep["location_within_25km"] == 0.5
    assert rep["date_exact"] == 0.5
    assert rep["deaths_exact_casualties_only"] == 0.5  # "Five" != 4
    assert seen["Five soldiers killed near Luhansk"] == dt.date(2014, 8, 16)
    # headroom: row 1 states UCDP's 2, row 2 says "Five" where UCDP has 4
    assert rep["headline_states_deaths"] == 0.5 and rep["deaths_exact_where_stated"] == 1.0
    # both headlines name a place near UCDP's point; only row 1's event is there
    assert rep["headline_names_place_within_25km"] == 1.0
    assert rep["location_within_25km_where_named"] == 0.5


@pytest.mark.parametrize(("headline", "numbers"), [
    ("Five civilians killed in Donetsk, 12 wounded", {5, 12}),
    ("Woman killed as forces shell village", {1}),
    ("Dozens killed in heavy fighting", {12}),
    ("Fighting rages in the east", set()),
])
def test_headline_numbers(headline, numbers):
    assert coding.headline_numbers(headline) == numbers


def test_events_scorer(monkeypatch):
    def fake(text, published):
        assert published > dt.date(2023, 3, 22)
        if "Zaporizhzhia" in text:
            return Result(events=[ev(text, "Shelling/artillery/missile attack", 47.85, 35.15,
                                     dt.date(2023, 3, 22), 1,
                                     actor1="Military Forces of Russia (2000-)")])
        if "Bakhmut" in text:
            return Result(events=[ev(text, "Attack", 48.9, 38.0, dt.date(2023, 3, 21))])
        return Result()

    monkeypatch.setattr(coding, "_extract", fake)
    rep = coding.score_events(FIX / "acled.csv")
    assert rep["rows"] == 3
    assert rep["sub_event_accuracy"] == pytest.approx(1 / 3, abs=1e-3)
    assert rep["event_type_accuracy"] == pytest.approx(1 / 3, abs=1e-3)
    assert rep["location_within_10km"] == pytest.approx(1 / 3, abs=1e-3)
    assert rep["location_within_25km"] == pytest.approx(1 / 3, abs=1e-3)
    # fatalities: row1 1==1, row2 gold 0 and none given -> exact, row3 no event -> wrong
    assert rep["fatalities_exact"] == pytest.approx(2 / 3, abs=1e-3)
    assert rep["fatalities_exact_where_positive"] == 0.5
    assert rep["event_date_exact"] == pytest.approx(2 / 3, abs=1e-3)
    assert rep["actor1_match"] == pytest.approx(1 / 3, abs=1e-3)


def test_events_rejects_other_csv(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="ACLED"):
        coding.score_events(p)


def test_reference_scorer(monkeypatch):
    def fake(text, published):
        assert published == dt.date(2023, 3, 23)
        good = ev(text, "Shelling/artillery/missile attack", 50.01, 30.01, dt.date(2023, 3, 22), 2)
        bad = ev(text, "Armed clash", 40.0, 20.0)
        c = Claim(id="c", article_id="a", kind="interception", date=dt.date(2023, 3, 22),
                  quantities={"launched": 6, "destroyed": 5},
                  evidence=[Evidence(article_id="a", start=0, end=1, text="O")])
        return Result(events=[good, bad], claims=[c])

    monkeypatch.setattr(coding, "_extract", fake)
    rep = coding.score_reference(FIX / "reference.txt", FIX / "reference.expected.json")
    status = {d["id"]: d["pass"] for d in rep["details"]}
    assert status == {"E1": True, "E2": False, "C1": True, "not Betaville": False}
    assert rep["pass_rate"] == 0.5 and rep["claims_pass_rate"] == 1.0


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    (corpus / "event-types").mkdir(parents=True)
    shutil.copy(FIX / "case.tsv", corpus / "event-types" / "case2021-task2-test.tsv")
    return corpus


def test_gate_passes_and_fails(tmp_path):
    corpus = _corpus(tmp_path)
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"case2021.accuracy": 0.5, "ucdp.deaths_exact": 0.9}))
    res = runner.invoke(app, ["eval", "gate", "--corpus", str(corpus), "--floors", str(floors),
                              "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout[res.stdout.index("{"):])
    status = {r["metric"]: r["status"] for r in data["rows"]}
    assert status == {"case2021.accuracy": "ok", "ucdp.deaths_exact": "skipped"}
    floors.write_text(json.dumps({"case2021.accuracy": 0.99}))
    res = runner.invoke(app, ["eval", "gate", "--corpus", str(corpus), "--floors", str(floors)])
    assert res.exit_code == 1
    assert "BELOW" in res.stdout


def test_gate_reports_a_crash(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path)

    def boom(*a, **k):
        raise RuntimeError("kaput")

    monkeypatch.setattr(coding, "score_case2021", boom)
    rows, raw = gate.run_gate(corpus, {"case2021.macro_f1": 0.1})
    assert [r.status for r in rows] == ["ERROR"]
    assert "kaput" in raw["errors"]["case2021"]


def test_gate_bad_floors(tmp_path):
    corpus = _corpus(tmp_path)
    floors = tmp_path / "floors.json"
    floors.write_text("{not json")
    res = runner.invoke(app, ["eval", "gate", "--corpus", str(corpus), "--floors", str(floors)])
    assert res.exit_code == 2 and "not JSON" in res.output
    assert "Traceback" not in res.output


def test_cli_case2021_json(tmp_path):
    res = runner.invoke(app, ["eval", "case2021", str(FIX / "case.tsv"), "--no-pipeline",
                              "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["acled_snippets"] == 4
    res = runner.invoke(app, ["eval", "case2021", str(tmp_path / "nope.tsv")])
    assert res.exit_code == 2 and "no such file" in res.output


def test_pipeline_scorers_run_the_chosen_backend():
    try:
        coding.use_backend("fake")
        res = coding._extract("Artillery strike on the town. Nothing else.", dt.date(2023, 3, 1))
        assert [e.sub_event_type for e in res.events] == ["Shelling/artillery/missile attack"]
        assert res.events[0].location is None  # the fake backend places nothing: not the rules
    finally:
        coding.use_backend("rules")
    with pytest.raises(InputError, match="unknown backend"):
        coding.use_backend("nope")
