"""Analyst corrections (split, merge, re-run of fusion), contradiction rules and the commands."""

from __future__ import annotations

import json
from datetime import date

import pytest
from fuse_stories import load
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from warledger.cli import app
from warledger.errors import StoreError
from warledger.fuse import ops
from warledger.fuse.contradictions import disagree, find
from warledger.models import Claim, Evidence
from warledger.store import Ledger

runner = CliRunner()


@pytest.fixture
def db(new_db):
    path = new_db()
    with Ledger(path) as led:
        for story in ("sloviansk", "kharkiv"):
            for r in load(story):
                led.add(r)
    return path


def _sloviansk(led: Ledger):
    return next(e for e in led.events(limit=None) if e.location == "Sloviansk")


def test_split_takes_articles_out_and_a_rerun_keeps_them_apart(db):
    with Ledger(db) as led:
        ev = _sloviansk(led)
        pushilin = next(r.articles[0].id for r in load("sloviansk") if r.articles[0].source == "TASS")
        ids = ops.split(led, ev.id, [pushilin], note="other side's version")
        assert len(ids) == 2 and ids[0] == ev.id
        kept, apart = led.event(ids[0]), led.event(ids[1])
        assert pushilin not in kept.article_ids and apart.article_ids == [pushilin]
        assert apart.fatalities == 3 and kept.fatalities == 9
        assert "Denis Pushilin" not in kept.claimants
        assert all(x.article_id == pushilin for x in apart.evidence)
        assert [c.event_id for c in led.claims(limit=None) if c.article_id == pushilin] == [apart.id]
        assert ops.decisions(led)[0]["kind"] == "split"
        before = len(led.events(limit=None))
        out = ops.refuse(led)
        assert out["events"] == before
        groups = sorted(sorted(e.article_ids) for e in led.events(limit=None) if e.location == "Sloviansk")
        assert [pushilin] in groups and len(groups) == 2


def test_merge_joins_two_events_and_a_rerun_keeps_them_together(db):
    with Ledger(db) as led:
        a, b = [e for e in led.events(limit=None) if e.location == "Kharkiv"]
        ops.merge(led, a.id, b.id)
        assert led.event(b.id) is None
        assert set(led.event(a.id).article_ids) == set(a.article_ids) | set(b.article_ids)
        ops.refuse(led)
        kharkiv = [e for e in led.events(limit=None) if e.location == "Kharkiv"]
        assert len(kharkiv) == 1 and len(kharkiv[0].article_ids) == 3


def test_refuse_without_decisions_reproduces_the_ledger(db):
    with Ledger(db) as led:
        before = sorted(sorted(e.article_ids) for e in led.events(limit=None))
        fat = sorted((e.fatalities or 0) for e in led.events(limit=None))
        out = ops.refuse(led)
        assert out == {"records": 7, "events": 3, "fused": 4}  # 8 articles, one a duplicate
        assert sorted(sorted(e.article_ids) for e in led.events(limit=None)) == before
        assert sorted((e.fatalities or 0) for e in led.events(limit=None)) == fat


def test_bad_operations_are_one_line_errors(db):
    with Ledger(db) as led:
        with pytest.raises(StoreError, match="no event"):
            ops.split(led, "ev_nope")
        single = next(e for e in led.events(limit=None) if len(e.article_ids) == 1)
        with pytest.raises(StoreError, match="one article"):
            ops.split(led, single.id)
        with pytest.raises(StoreError, match="two different"):
            ops.merge(led, single.id, single.id)


def test_qualifiers():
    assert not disagree(5, "at least", 7, None)
    assert disagree(7, None, 3, None)
    assert not disagree(10, "about", 11, None)
    assert disagree(10, "up to", 12, None)
    assert not disagree(3, None, 3, None)


def _claim(cid, art, claimant, n, qualifier=None, kind="casualties", event="ev1", key="fatalities",
           text=None, published=None):
    text = text or f"{n} killed"
    return (Claim(id=cid, article_id=art, event_id=event, kind=kind, claimant=claimant,
                  quantities={key: n}, qualifier=qualifier,
                  evidence=[Evidence(article_id=art, start=0, end=len(text), text=text)]),
            {"published": published, "order": int(art[1:]), "text": text})


def test_contradiction_rules():
    assert find([_claim("c1", "a1", "police", 5, "at least"), _claim("c2", "a2", "mayor", 7)]) == []
    found = find([_claim("c1", "a1", "police", 7), _claim("c2", "a2", "army", 3)])
    assert [(c.a.claimant, c.b.claimant) for c in found] == [("police", "army")]
    # one claimant's rising toll is history, not a dispute
    assert find([_claim("c1", "a1", "police", 3), _claim("c2", "a2", "police", 7)]) == []
    # different events never compare; "killed" is the same quantity as "fatalities"
    assert find([_claim("c1", "a1", "x", 7), _claim("c2", "a2", "y", 3, event="ev2")]) == []
    assert len(find([_claim("c1", "a1", "x", 7), _claim("c2", "a2", "y", 3, key="killed")])) == 1
    # a later "rose to" from anyone, two same-day updates, or an interim figure: no dispute
    d = date(2022, 9, 18)
    assert find([_claim("c1", "a1", "x", 3), _claim("c2", "a2", "y", 5, text="toll rose to 5")]) == []
    assert find([_claim("c1", "a1", None, 4, text="toll rises to 4", published=d),
                 _claim("c2", "a2", None, 3, text="toll rises to 3", published=d)]) == []
    assert find([_claim("c1", "a1", None, 447, text="447 bodies found"),
                 _claim("c2", "a2", None, 427, text="427 dead have already been exhumed")]) == []
    # but an update does not silence another claimant's lower figure
    assert len(find([_claim("c1", "a1", "x", 9, text="toll rose to 9", published=d),
                     _claim("c2", "a2", "y", 3, published=d)])) == 1


def test_commands(db, tmp_path):
    r = runner.invoke(app, ["contradictions", "--db", str(db), "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert len(data) == 3 and all("Denis Pushilin" in d["claimants"] for d in data)
    r = runner.invoke(app, ["contradictions", "--db", str(db)])
    assert r.exit_code == 0 and "Pushilin" in r.stdout
    with Ledger(db) as led:
        ev = _sloviansk(led)
        k1, k2 = [e.id for e in led.events(limit=None) if e.location == "Kharkiv"]
    r = runner.invoke(app, ["figures", ev.id, "--db", str(db), "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["figures"]["fatalities"] == 9
    r = runner.invoke(app, ["figures", ev.id, "--db", str(db)])
    assert "fatalities 9 (range [3, 9])" in r.stdout
    r = runner.invoke(app, ["split", ev.id, "--db", str(db)])
    assert r.exit_code == 0 and "into 4 events" in r.stdout
    r = runner.invoke(app, ["merge", k1, k2, "--db", str(db)])
    assert r.exit_code == 0 and f"merged {k2} into {k1}" in r.stdout
    r = runner.invoke(app, ["fuse", "--db", str(db)])
    assert r.exit_code == 0 and "-> 5 events" in r.stdout
    r = runner.invoke(app, ["split", "ev_missing", "--db", str(db)])
    assert r.exit_code == 2 and "no event ev_missing" in r.output and "Traceback" not in r.output
    r = runner.invoke(app, ["contradictions", "--db", str(tmp_path / "nope.db")])
    assert r.exit_code == 2 and "no such ledger" in r.output


QUALIFIERS = st.sampled_from([None, "at least", "up to", "about", "more than", "nearly"])


@given(st.integers(0, 500), QUALIFIERS, st.integers(0, 500), QUALIFIERS)
def test_disagreement_is_symmetric_and_equal_values_agree(a, qa, b, qb):
    assert disagree(a, qa, b, qb) == disagree(b, qb, a, qa)
    assert not disagree(a, qa, a, qa)
    if qa == "at least" and b >= a:
        assert not disagree(a, qa, b, qb)


def test_show_lines_for_the_store_show_command(db):
    from warledger.fuse import show_lines

    with Ledger(db) as led:
        ev = _sloviansk(led)
        lines = dict((k, v) for k, v in show_lines(led, ev.id) if k != "reported")
        assert lines["fatalities"] == "9 by the ACLED rule (reports 3-9)"
        assert sum(1 for k, _ in show_lines(led, ev.id) if k == "contradiction") == 3
        assert sum(1 for k, _ in show_lines(led, ev.id) if k == "reported") == 5


def test_unlinked_loss_claims_contradict_only_for_the_same_day_and_side():
    def loss(cid, art, claimant, n, day="2023-03-22", about="Russia"):
        c, a = _claim(cid, art, claimant, n, kind="losses", event=None, key="tanks")
        return c.model_copy(update={"date": date.fromisoformat(day),
                                    "about": about, "period": "day"}), a

    assert len(find([loss("c1", "a1", "General Staff", 13), loss("c2", "a2", "Russian MoD", 2)])) == 1
    assert find([loss("c1", "a1", "General Staff", 13), loss("c2", "a2", "MoD", 2, day="2023-03-23")]) == []
    assert find([loss("c1", "a1", "General Staff", 13), loss("c2", "a2", "MoD", 2, about="Ukraine")]) == []


def test_acled_figure_rules():
    from datetime import date

    from warledger.fuse.figures import Report, figure

    def rep(order, n, claimant="police", updating=False, hedge=None, day=date(2023, 4, 14)):
        return Report("a", day, order, claimant, n, None, None, hedge, updating)

    assert figure([rep(1, 5), rep(2, 7, "mayor")], "fatalities") == 5      # most conservative
    assert figure([rep(1, 5), rep(2, 9, updating=True), rep(3, 3, "army")], "fatalities") == 9
    assert figure([rep(1, 2, hedge="unconfirmed"), rep(2, 6)], "fatalities") == 6
    assert figure([], "fatalities") is None
