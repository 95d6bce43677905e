"""fuse stage: across articles — near-duplicate articles, one event told many times, the
figures of an event over time, and the claims that contradict each other.

The store calls ``dedup.find_canonical`` and ``fuser.fuse_event`` inside ``Ledger.add``
(``fuser.install`` sets them; ``Ledger(path)`` does so by default).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..store import Ledger

__all__ = ["describe"]


def describe(ledger: Ledger, event_id: str) -> dict[str, Any]:
    """What the fuse stage knows of one event, as JSON: figures (ACLED figure, range, history),
    its contradictions, its member records and the analyst decisions that touch it."""
    from . import contradictions, figures
    from .fuser import member_keys
    from .ops import decisions

    keys = member_keys(ledger, event_id)
    return {
        "event_id": event_id,
        "figures": figures.summary(ledger, event_id),
        "contradictions": [c.to_dict() for c in contradictions.contradictions(ledger, event_ids=[event_id])],
        "records": sorted(keys),
        "decisions": [d for d in decisions(ledger)
                      if event_id in d["event_ids"]  # type: ignore[operator]
                      or any(set(g) & keys for g in d["groups"])],  # type: ignore[union-attr]
    }
