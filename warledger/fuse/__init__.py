"""fuse stage: across articles — near-duplicate articles, one event told many times, the
figures of an event over time, and the claims that contradict each other.

The store calls ``dedup.find_canonical`` and ``fuser.fuse_event`` inside ``Ledger.add``
(``fuser.install`` sets them; ``Ledger(path)`` does so by default).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..store import Ledger

__all__ = ["describe", "show_lines"]


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
                      if event_id in d["event_ids"] or any(set(g) & keys for g in d["groups"])],
    }


def show_lines(ledger: Ledger, event_id: str) -> list[tuple[str, str]]:
    """(label, value) lines for ``warledger show ID`` of an event: the figures over time,
    the contradictions, and the analyst decisions (empty for an event with nothing to add)."""
    info = describe(ledger, event_id)
    f = info["figures"]
    out: list[tuple[str, str]] = []
    for key in ("fatalities", "injuries"):
        rng = f["range"][key]
        if rng:
            spread = f" (reports {rng[0]}-{rng[1]})" if rng[0] != rng[1] else ""
            out.append((key, f"{f[key]} by the ACLED rule{spread}"))
    for h in f["history"] if len(f["history"]) > 1 else []:
        vals = ", ".join(f"{k} {h[k]}" for k in ("fatalities", "injuries") if h[k] is not None)
        mark = " (update)" if h["updating"] else ""
        out.append(("reported", f"{h['published'] or 'undated'} {h['claimant'] or 'unattributed'}: "
                                f"{vals}{' ' + h['qualifier'] if h['qualifier'] else ''}{mark}"))
    for c in info["contradictions"]:
        out.append(("contradiction", f"{c['key']}: {c['a']['value']:g} ({c['a']['claimant']}) vs "
                                     f"{c['b']['value']:g} ({c['b']['claimant']})"))
    for d in info["decisions"]:
        out.append(("analyst", f"{d['kind']} {' '.join(d['event_ids'])} ({d['created']})"))
    return out
