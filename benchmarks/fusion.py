"""Fusion of many events: the blocking index against the all-pairs baseline, same run.

Synthetic ledger: ``--incidents`` incidents in 600 towns of a Ukraine-sized box over a year,
each told by 1-5 articles (a few km of jitter, a day off now and then, a varying target
sentence, sometimes the other strike sub-type or region precision), so that many different
incidents share a town and a day. Reports:

* time of ``batch.fuse_records`` (blocking index) over all events (the target: 100,000 events
  in under a minute);
* time of the all-pairs baseline (``fuse_records_naive``) on ``--baseline`` events, the index
  on the same events, their ratio and whether both give the same incidents;
* pairwise precision/recall of the fusion against the synthetic truth;
* optionally (``--ledger N``) the per-event cost of the ledger hook (``Ledger.add`` with
  fusion) on N events.

    python benchmarks/fusion.py [--incidents 40000] [--baseline 1500] [--ledger 2000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from warledger.fuse.batch import fuse_records, fuse_records_naive
from warledger.fuse.match import features_of_text
from warledger.models import Article, Event, Evidence, Result, content_hash

TARGETS = ["an apartment building", "a school", "a hospital", "a power station", "a railway station",
           "a market", "a factory", "a grain silo", "a church", "houses in the private sector"]
TIMES = ["overnight", "in the morning", "in the afternoon", "in the evening", ""]
SUBTYPES = ["Shelling/artillery/missile attack", "Air/drone strike"]
WEAPONS = {"Shelling/artillery/missile attack": ["missile", "artillery", "S-300 missiles", None],
           "Air/drone strike": ["drone", "Shahed drones", "guided aerial bombs", None]}


def synth(n_incidents: int, seed: int = 7) -> tuple[list[Event], list[int], list[str]]:
    rng = random.Random(seed)
    towns = [(rng.uniform(45.5, 51.5), rng.uniform(23.0, 39.5)) for _ in range(600)]
    start = date(2023, 1, 1)
    events, truth, texts = [], [], []
    for inc in range(n_incidents):
        lat, lon = rng.choice(towns)
        day = start + timedelta(days=rng.randrange(365))
        sub = rng.choice(SUBTYPES)
        weapon = rng.choice(WEAPONS[sub])
        target = rng.choice(TARGETS)
        when = rng.choice(TIMES)
        fat = rng.choice([None, 0, 1, 2, 3, 5, 8])
        for rep in range(rng.choice([1, 1, 2, 2, 3, 4, 5])):
            aid = f"a{inc}-{rep}"
            text = f"A strike hit {target} {when}".strip() + "."
            d = day + timedelta(days=rng.choice([0] * 9 + [1]))
            prec = rng.choice([1] * 12 + [2] + [3])
            e = Event.model_construct(
                id=f"e{inc}-{rep}", article_ids=[aid], event_date=d, time_precision=1,
                disorder_type="Political violence", event_type="Explosions/Remote violence",
                sub_event_type=sub if rng.random() > 0.05 else rng.choice(SUBTYPES),
                actor1="Military Forces of Russia (2000-)", actor2=None, location=f"T{lat:.2f}",
                latitude=lat + rng.uniform(-0.03, 0.03), longitude=lon + rng.uniform(-0.04, 0.04),
                geo_precision=prec, weapon=weapon, fatalities=fat, injuries=None, claimants=[],
                geonameid=None, admin1=None, country=None, country_code=None,
                evidence=[Evidence.model_construct(article_id=aid, start=0, end=len(text), text=text,
                                                   field="trigger")],
                notes="", confidence=0.5)
            events.append(e)
            truth.append(inc)
            texts.append(text)
    order = list(range(len(events)))
    rng.shuffle(order)
    return [events[i] for i in order], [truth[i] for i in order], [texts[i] for i in order]


def pairs(groups: list[list[int]]) -> set[tuple[int, int]]:
    out = set()
    for g in groups:
        g = sorted(g)
        for i in range(len(g)):
            for j in range(i + 1, len(g)):
                out.add((g[i], g[j]))
    return out


def score(incidents, events, truth) -> tuple[float, float]:
    pos = {e.id: i for i, e in enumerate(events)}
    pred = pairs([[pos[m.id] for m in inc.members] for inc in incidents])
    by_truth: dict[int, list[int]] = {}
    for i, t in enumerate(truth):
        by_truth.setdefault(t, []).append(i)
    gold = pairs(list(by_truth.values()))
    tp = len(pred & gold)
    return (tp / len(pred) if pred else 1.0), (tp / len(gold) if gold else 1.0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--incidents", type=int, default=40000)
    ap.add_argument("--baseline", type=int, default=1500)
    ap.add_argument("--ledger", type=int, default=0)
    args = ap.parse_args()

    t0 = time.perf_counter()
    events, truth, texts = synth(args.incidents)
    t_synth = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    feats = [features_of_text(t, e.weapon) for t, e in zip(texts, events, strict=True)]
    t_feat, c_feat = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    incidents = fuse_records(events, features=feats)
    t_index, c_index = time.perf_counter() - t0, time.process_time() - c0
    cpu = c_feat + c_index
    p, r = score(incidents, events, truth)
    print(f"events: {len(events):,} (synthetic incidents {args.incidents:,}; built in {t_synth:.1f} s)")
    print(f"text features: {t_feat:.1f} s wall, {c_feat:.1f} s CPU")
    print(f"fusion with the blocking index: {t_index:.1f} s wall, {c_index:.1f} s CPU -> {len(incidents):,} incidents "
          f"({len(events) - len(incidents):,} fused); pairwise precision {p:.3f}, recall {r:.3f}")
    print(f"index + features: {t_index + t_feat:.1f} s wall, {cpu:.1f} s CPU for {len(events):,} events "
          f"({'under' if t_index + t_feat < 60 else 'OVER'} one minute)")

    n = min(args.baseline, len(events))
    sub, sub_f = events[:n], feats[:n]
    t0 = time.perf_counter()
    naive = fuse_records_naive(sub, sub_f)
    t_naive = time.perf_counter() - t0
    t0 = time.perf_counter()
    blocked = fuse_records(sub, features=sub_f)
    t_block = time.perf_counter() - t0
    same = sorted(sorted(m.id for m in i.members) for i in naive) == \
        sorted(sorted(m.id for m in i.members) for i in blocked)
    print(f"baseline (all pairs) on {n:,} events: {t_naive:.2f} s; index on the same: {t_block:.3f} s; "
          f"ratio {t_naive / max(t_block, 1e-9):.0f}x; same incidents: {same}")
    est = t_naive * (len(events) / n) ** 2
    print(f"all-pairs extrapolated to {len(events):,} events: ~{est / 3600:.1f} h "
          f"(index: {t_index:.1f} s, ratio ~{est / t_index:.0f}x)")

    if args.ledger:
        from warledger.store import Ledger

        with tempfile.TemporaryDirectory() as tmp:
            led = Ledger(Path(tmp) / "bench.db")
            k = min(args.ledger, len(events))
            t0 = time.perf_counter()
            for e, text in zip(events[:k], texts[:k], strict=True):
                art = Article(id=content_hash(text + e.id), text=text, published=e.event_date)
                ev = Event.model_validate({**e.model_dump(), "article_ids": [art.id], "evidence": [
                    {"article_id": art.id, "start": 0, "end": len(text), "text": text}]})
                led.add(Result(articles=[art], events=[ev]))
            t_led = time.perf_counter() - t0
            n_ev = led.counts()["events"]
            led.close()
        print(f"ledger (Ledger.add with fusion) on {k:,} events: {t_led:.1f} s "
              f"({1000 * t_led / k:.2f} ms per event) -> {n_ev:,} events")


if __name__ == "__main__":
    main()
