"""The ``rules`` backend: lexicons + patterns + gazetteer, deterministic and model-free.

One article goes through five stages, one module each:

1. ``mentions``: sentences, places, times and claimants, as spans of the text;
2. ``candidates``: every clause that tells of an event, with its places, time and figures;
3. ``judgement``: a status and a reason for each candidate (reported, background,
   hypothetical, negated, generic, tally, not a place, duplicate); only reported ones go on;
4. ``incidents``: one incident per (type, place, day), every telling's evidence kept;
5. ``records``: Event and Claim records (and ``claims`` for tallies, interceptions, costs and
   assessments), with every candidate kept as an explainable record.
"""

from __future__ import annotations

from ..models import Article, Claim, Event
from ..models import Candidate as CandidateRecord
from ..options import Options
from .candidates import find_candidates, interception_candidates
from .claims import cost_and_assessment_claims, owner_claimed, tally_claims
from .incidents import build_incidents
from .judgement import judge
from .mentions import Mentions
from .records import (candidate_records, casualty_claims, discovery_claims, event_record,
                      unplaced_casualty_claims)


class RulesBackend:
    name = "rules"

    def run(self, article: Article, options: Options) -> tuple[list[Event], list[Claim]]:
        events, claims, _ = run_rules(article, options)
        return events, claims

    def run_with_candidates(self, article: Article, options: Options
                            ) -> tuple[list[Event], list[Claim], list[CandidateRecord]]:
        return run_rules(article, options)


def run_rules(article: Article, options: Options
              ) -> tuple[list[Event], list[Claim], list[CandidateRecord]]:
    m = Mentions(article, options)
    tallies = tally_claims(m)
    inter_sents = {s.index for c, (start, _) in tallies if c.kind == "interception"
                   for s in [m.sentence_of(start)] if s is not None}
    cands = find_candidates(m, inter_sents)
    cands += interception_candidates(m, tallies)
    judge(m, cands)
    incidents = build_incidents(m, cands)
    events = [event_record(m, d) for d in incidents]
    claims = [c for c, _ in tallies]
    # Link interception claims to the event they qualify.
    linked: list[Claim] = []
    for c in claims:
        if c.kind == "interception":
            ev = next((e for e, d in zip(events, incidents, strict=True)
                       if any(c.id == cid for cid in d.linked_claims)), None)
            if ev is not None:
                c = c.model_copy(update={"event_id": ev.id})
        linked.append(c)
    claims = linked
    claims += casualty_claims(m, events, incidents)
    claims += unplaced_casualty_claims(m, cands)
    claims += discovery_claims(m, events, incidents, cands)
    claims += cost_and_assessment_claims(m, {d.sentence.index for d in incidents})
    claims = [owner_claimed(m, c) for c in claims]
    kept_ids = {id(d): e.id for d, e in zip(incidents, events, strict=True)}
    return events, claims, candidate_records(m, cands, kept_ids)
