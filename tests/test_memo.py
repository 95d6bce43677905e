"""Memoised finders hand out lists the caller may change without changing later answers."""

from __future__ import annotations

from warledger.extract.casualties import find_casualties
from warledger.extract.interceptions import find_interceptions


def test_interceptions_are_copies():
    text = "Air defence shot down 29 of 35 Shahed drones overnight, the air force said."
    first = find_interceptions(text)
    assert first and first[0].destroyed == 29
    first[0].spans.append((0, 1, "x"))
    first.clear()
    again = find_interceptions(text)
    assert again and (0, 1, "x") not in again[0].spans


def test_casualties_are_copies():
    text = "At least 12 people were killed and 30 wounded."
    first = find_casualties(text)
    assert [c.value for c in first] == [12, 30]
    first.clear()
    assert [c.value for c in find_casualties(text)] == [12, 30]
