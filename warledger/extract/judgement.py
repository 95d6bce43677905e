"""Judgement: whether a candidate tells something that happened, as news, here.

Each candidate leaves with a status and a reason a reader can check against the text:

- ``reported``: an event the text reports; only these become events.
- ``hypothetical``: an aim, plan, threat, forecast, condition or risk ("could", "plans to").
- ``background``: history retold ("the 1945 bombings", "last spring"), or a date far from
  publication that the text does not state as the event's own.
- ``negated``: the text says it did not happen ("did not conduct any ground assaults").
- ``generic``: habitual or general statements, or no place the event can be put at.
- ``tally``: an aggregate ("470 soldiers killed on the Donetsk front"), kept as a claim.
- ``not_a_place``: its only place is a word that is not one here (a weapon, a unit...).
- ``duplicate``: the same incident as another candidate (set by ``incidents``).
"""

from __future__ import annotations

import re

from .candidates import Candidate
from .mentions import Mentions

# A trigger governed by one of these is an aim, a risk or a hypothesis, not a happening.
_IRREALIS = re.compile(
    r"\b(?:trying|seeking|attempting|aiming|planning|plans?|intends?|intending|wants?|wanted|"
    r"threaten(?:s|ed|ing)?|hopes?|hoping|prepar(?:e|es|ing)|vow(?:s|ed)?|ready|going)\s+to\b|"
    r"\b(?:risk|threat|danger|possibility|prospect)\s+of\b|\bcould\b|\bwould\b|\bmight\b|"
    r"\bmay\s+be\b|\bif\b|\bunless\b|\bwithout\b|\bwill\b|\bshould\b",
    re.I,
)


def judge(m: Mentions, cands: list[Candidate]) -> None:
    """Set every candidate's status and reason (in place)."""
    for c in cands:
        if c.linked_claims:
            continue  # a wave of which some were shot down: the claim itself says it happened
        pre = m.text[c.clause[0]:c.trigger[0]][-60:]
        hit = _IRREALIS.search(pre)
        if hit:
            c.drop("hypothetical", f"'{hit.group()}' governs '{_words(m, c.trigger)}'")
            continue
        if c.by_casualties and c.on_front:
            c.drop("tally", "deaths along a front sector, not one incident")
    # "A soldier was killed when an IED exploded near the convoy": the deaths belong to
    # the act the sentence names, not to a battle of their own
    acts = {c.sentence.index for c in cands if c.kept and not c.by_casualties}
    for c in cands:
        if c.kept and c.by_casualties and c.sentence.index in acts:
            c.drop("duplicate", "deaths told with an act in the same sentence: they are that act's")


def _words(m: Mentions, span: tuple[int, int]) -> str:
    return m.text[span[0]:span[1]]
