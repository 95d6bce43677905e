"""Contradictions kept in the ledger as claims arrive equal those computed from every claim,
on both stores, whatever the order of arrival, after analyst splits and merges, after a re-run
of fusion, and in a ledger written without the fuse hooks (rebuilt on the next write)."""

from __future__ import annotations

import random
from datetime import date

import pytest
from fuse_stories import load

from warledger.fuse import disputes, ops
from warledger.fuse.contradictions import computed, contradictions
from warledger.store import Ledger


def dicts(found) -> list[dict]:
    return [c.to_dict() for c in found]


def check(led: Ledger) -> int:
    """The table answers every question as the computation from all claims does."""
    assert disputes.state(led) == "current"
    everything = dicts(computed(led))
    assert dicts(disputes.stored(led)) == everything
    events = [e.id for e in led.events(limit=None)]
    assert dicts(disputes.stored(led, event_ids=events[:3])) == dicts(computed(led, event_ids=events[:3]))
    for lo, hi in [(date(2023, 3, 20), date(2023, 3, 22)), (None, date(2023, 3, 21)), (date(2023, 3, 23), None)]:
        assert dicts(disputes.stored(led, date_from=lo, date_to=hi)) == \
            dicts(computed(led, date_from=lo, date_to=hi))
    return len(everything)


@pytest.mark.parametrize("seed", range(3))
def test_the_table_equals_the_computation_in_any_order(new_db, seed):
    results = [r for s in ("sloviansk", "kharkiv", "reference") for r in load(s)]
    random.Random(seed).shuffle(results)
    with Ledger(new_db()) as led:
        for r in results:
            led.add(r)
            check(led)
        assert check(led) >= 3  # the Sloviansk toll is disputed
        rows = led.conn.execute("SELECT COUNT(*) FROM contradictions").fetchone()[0]
        assert rows == len(computed(led))


def test_split_merge_and_refuse_keep_the_table_right(new_db):
    with Ledger(new_db()) as led:
        for s in ("sloviansk", "kharkiv"):
            for r in load(s):
                led.add(r)
        before = check(led)
        ev = next(e for e in led.events(limit=None) if e.location == "Sloviansk")
        ids = ops.split(led, ev.id)
        assert check(led) < before  # the claims now sit on four events
        ops.merge(led, ids[0], ids[1])
        check(led)
        ops.refuse(led)
        check(led)


def test_a_ledger_written_without_hooks_is_rebuilt_once(new_db):
    db = new_db()
    with Ledger(db) as led:
        for r in load("sloviansk"):
            led.add(r)
        assert len(contradictions(led)) == 3
    with Ledger(db, fuse=False) as led:  # a writer without the fuse stage's hooks
        led.add(next(r for r in load("reference") + load("kharkiv") if r.claims))
        assert disputes.state(led) == "stale"
        led.conn.execute("DELETE FROM contradictions")  # as an older warledger left it
    with Ledger(db, readonly=True) as ro:  # a reader cannot rebuild: it computes
        assert dicts(contradictions(ro)) == dicts(computed(ro)) and len(computed(ro)) == 3
        assert disputes.state(ro) == "stale"
    with Ledger(db) as led:
        assert len(contradictions(led)) == 3 and disputes.state(led) == "current"
        assert led.conn.execute("SELECT COUNT(*) FROM contradictions").fetchone()[0] == 3
        check(led)
