"""``eval articles``: the corpus's matching rule on a small folder of our own, with a fake
extractor whose events are fixed, so every figure can be checked by hand."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warledger.cli import app
from warledger.errors import InputError
from warledger.eval import articles
from warledger.models import Claim, Evidence, Result

from test_eval import ev

runner = CliRunner()
D = dt.date(2022, 9, 10)


def _write(folder: Path, doc_id: str, gold: dict, text: str = "Some text.") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{doc_id}.json").write_text(json.dumps(
        {"id": doc_id, "source": "ISW" if doc_id.startswith("isw") else "news",
         "published": "2022-09-10", "text": text}), encoding="utf-8")
    (folder / f"{doc_id}.gold.json").write_text(json.dumps({"id": doc_id, **gold}), encoding="utf-8")


GOLD = {
    "events": [
        {"id": "E1", "required": True, "sub_event_type": ["Armed clash"], "near": [48.59, 38.0],
         "km": 30, "dates": ["2022-09-10"], "fatalities": 3},
        {"id": "E2", "required": True, "sub_event_type": ["Shelling/artillery/missile attack"],
         "near": [47.84, 35.14], "km": 25, "dates": []},
        {"id": "E3", "required": False, "sub_event_type": ["Other"], "near": [50.45, 30.52],
         "km": 40, "dates": ["2022-09-09"]},
    ],
    "claims": [{"id": "C1", "kind": "losses", "claimant_contains": "General Staff",
                "dates": ["2022-09-10"], "quantities": {"personnel": 660}}],
    "forbidden_near": [{"what": "Bell, California", "near": [33.97, -118.19], "km": 50}],
}


def _claim(claimant: str, personnel: int) -> Claim:
    return Claim(id=f"c{personnel}", article_id="a", kind="losses", claimant=claimant,
                 date=D, quantities={"personnel": personnel},
                 evidence=[Evidence(article_id="a", start=0, end=1, text="S")])


def _fake(events, claims=()):
    def run(text, published):
        return Result(articles=[], events=list(events), claims=list(claims))
    return run


def test_rule_by_hand(tmp_path, monkeypatch):
    events = [
        ev("a", "Armed clash", 48.60, 38.01, D, fat=3),            # E1 strict, fatalities right
        ev("b", "Armed clash", 47.85, 35.15, D),                   # E2 place+date only
        ev("c", "Other", 50.46, 30.53, dt.date(2022, 9, 9)),        # optional E3: not counted
        ev("d", "Armed clash", 34.0, -118.2, D),                    # forbidden, spurious
        ev("e", "Armed clash", 48.59, 38.0, dt.date(2022, 9, 1)),   # wrong date: spurious
    ]
    claims = [_claim("General Staff of the Armed Forces of Ukraine", 660), _claim("x", 660)]
    monkeypatch.setattr(articles, "_extract", _fake(events, claims))
    _write(tmp_path / "articles", "isw-x", GOLD)
    rep = articles.score_articles(tmp_path)
    # strict: 1 matched required of 5 events - 1 optional -> P 1/4, R 1/2
    assert rep["strict_precision"] == 0.25 and rep["strict_recall"] == 0.5
    assert rep["strict_f1"] == pytest.approx(2 * 0.25 * 0.5 / 0.75, abs=1e-4)
    # place+date: 2 matched -> P 2/4, R 2/2
    assert rep["place_date_precision"] == 0.5 and rep["place_date_recall"] == 1.0
    assert rep["fatalities_right"] == 1.0 and rep["forbidden_hits"] == 1
    assert rep["claims_found"] == 1.0
    doc = rep["documents"][0]
    assert [m["id"] for m in doc["misses"]] == ["E2"]
    assert len(doc["spurious"]) == 2  # d and e (c matched the optional gold)


def test_nearest_fitting_event_wins_and_is_used_once(tmp_path, monkeypatch):
    gold = {"events": [
        {"id": "E1", "required": True, "sub_event_type": ["Armed clash"], "near": [48.59, 38.0],
         "km": 30, "dates": []},
        {"id": "E2", "required": True, "sub_event_type": ["Armed clash"], "near": [48.70, 38.0],
         "km": 30, "dates": []},
    ]}
    near_e2 = ev("a", "Armed clash", 48.69, 38.0, D)
    near_e1 = ev("b", "Armed clash", 48.58, 38.0, D)
    monkeypatch.setattr(articles, "_extract", _fake([near_e2, near_e1]))
    _write(tmp_path, "isw-y", gold)
    rep = articles.score_articles(tmp_path)
    assert rep["strict_recall"] == 1.0 and rep["strict_precision"] == 1.0


def test_missing_fatalities_count_as_zero_and_claims_need_the_claimant(tmp_path, monkeypatch):
    events = [ev("a", "Armed clash", 48.59, 38.0, D)]
    monkeypatch.setattr(articles, "_extract", _fake(events, [_claim("Russian MoD", 660)]))
    _write(tmp_path, "news-z", GOLD)
    rep = articles.score_articles(tmp_path)
    assert rep["fatalities_right"] == 0.0 and rep["claims_found"] == 0.0
    assert rep["news_strict_precision"] == 1.0


def test_micro_average_over_documents(tmp_path, monkeypatch):
    one = {"events": [{"id": "E1", "required": True, "sub_event_type": ["Armed clash"],
                       "near": [48.59, 38.0], "km": 30, "dates": []}]}
    empty = {"events": []}
    # the same fake events for both documents: the empty one adds 1 spurious event
    monkeypatch.setattr(articles, "_extract", _fake([ev("a", "Armed clash", 48.59, 38.0, D)]))
    _write(tmp_path, "isw-1", one)
    _write(tmp_path, "isw-2", empty)
    rep = articles.score_articles(tmp_path)
    assert rep["strict_precision"] == 0.5 and rep["strict_recall"] == 1.0
    assert articles.score_articles(tmp_path, only="isw-1")["strict_precision"] == 1.0


def test_bad_folders_are_one_line_errors(tmp_path):
    with pytest.raises(InputError, match="no <id>.gold.json"):
        articles.score_articles(tmp_path)
    (tmp_path / "x.gold.json").write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match="no document x.json"):
        articles.score_articles(tmp_path)
    (tmp_path / "x.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="cannot read x.json"):
        articles.score_articles(tmp_path)
    r = runner.invoke(app, ["eval", "articles", "--corpus", str(tmp_path / "nope")])
    assert r.exit_code != 0 and "no such folder" in r.output and "Traceback" not in r.output


def test_cli_on_a_real_extraction(tmp_path):
    text = ("Russian forces shelled Nikopol, Dnipropetrovsk Oblast, on September 10, "
            "killing two civilians, the regional governor said.")
    gold = {"events": [{"id": "E1", "required": True,
                        "sub_event_type": ["Shelling/artillery/missile attack"],
                        "near": [47.57, 34.39], "km": 15, "dates": ["2022-09-10"],
                        "fatalities": 2}]}
    _write(tmp_path / "articles", "news-n", gold, text)
    r = runner.invoke(app, ["eval", "articles", "--corpus", str(tmp_path), "--format", "json"])
    assert r.exit_code == 0, r.output
    rep = json.loads(r.output)
    assert rep["strict_recall"] == 1.0 and rep["strict_precision"] == 1.0
    assert rep["fatalities_right"] == 1.0


def test_gate_runs_articles_with_a_ceiling_on_forbidden_hits(tmp_path, monkeypatch):
    from warledger.eval import gate

    events = [ev("d", "Armed clash", 34.0, -118.2, D), ev("a", "Armed clash", 48.59, 38.0, D)]
    monkeypatch.setattr(articles, "_extract", _fake(events))
    _write(tmp_path / "articles", "isw-g", GOLD)
    rows, _ = gate.run_gate(tmp_path, {"articles.forbidden_hits:max": 1,
                                       "articles.strict_recall": 0.5})
    assert {r.metric: r.status for r in rows} == {"articles.forbidden_hits:max": "ok",
                                                   "articles.strict_recall": "ok"}
    rows, _ = gate.run_gate(tmp_path, {"articles.forbidden_hits:max": 0})
    assert [r.status for r in rows] == ["ABOVE"]
