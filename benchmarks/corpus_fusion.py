"""Ingest the development corpora into a fresh ledger and look at what fusion did.

Inputs (``--corpus``, default ``../shared/corpus``): the reference article (published
2023-03-23), the MoD loss statements (JSONL), the CASE 2021 snippets (TSV, no date) and the
UCDP GED source headlines (each headline of a UCDP event row is one article, published on its
source date by its source office). Prints the counts of articles, duplicates, extracted and
stored events, fused events and contradictions, and how many fused events join headlines of
one UCDP event row (a proxy for "right"); writes ``--sample`` fused events with every member
article and its evidence to ``--out`` for hand inspection.

    python benchmarks/corpus_fusion.py [--corpus ../shared/corpus] [--ucdp 4000] [--sample 30]
        [--out fusion-sample.md] [--db ledger.db]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from warledger.extract import extract_article, make_article
from warledger.fuse.contradictions import contradictions
from warledger.options import Options
from warledger.store import Ledger


def docs(root: Path, n_ucdp: int):
    """(text, published, source, origin) for every document of the corpora."""
    ref = root / "reference-article.txt"
    if ref.is_file():
        yield ref.read_text("utf-8"), "2023-03-23", "reference", "reference"
    mod = root / "losses" / "mod-loss-texts-2022-04-05.jsonl"
    if mod.is_file():
        for i, line in enumerate(mod.read_text("utf-8").splitlines()):
            if line.strip():
                d = json.loads(line)
                yield d["text"], d.get("date"), "Ministry of Defence of Ukraine", f"mod:{i}"
    case = root / "event-types" / "case2021-task2-test.tsv"
    if case.is_file():
        with case.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                yield row["EventSnippet"], None, "CASE 2021", f"case:{row['id']}"
    ucdp = root / "ucdp" / "ucdp-ged-ukraine.csv"
    if ucdp.is_file():
        with ucdp.open(encoding="utf-8") as fh:
            for k, row in enumerate(csv.DictReader(fh)):
                if k >= n_ucdp:
                    break
                heads = [h.strip() for h in (row["source_headline"] or "").split(";")]
                dates = (row["source_date"] or "").split(";")
                offices = (row["source_office"] or "").split(";")
                if len(dates) != len(heads):
                    dates = [row["date_start"]] * len(heads)
                if len(offices) != len(heads):
                    offices = [row["source_office"]] * len(heads)
                for h, d, o in zip(heads, dates, offices, strict=True):
                    if len(h) > 15:
                        yield h, d.strip() or row["date_start"], o.strip(), f"ucdp:{row['id']}"


def main() -> None:
    here = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=here.parent.parent / "shared" / "corpus")
    ap.add_argument("--ucdp", type=int, default=4000, help="at most this many UCDP rows")
    ap.add_argument("--sample", type=int, default=30)
    ap.add_argument("--out", type=Path, default=Path("fusion-sample.md"))
    ap.add_argument("--db", type=Path, default=None)
    args = ap.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"no corpus at {args.corpus}")

    tmp = tempfile.TemporaryDirectory()
    db = args.db or Path(tmp.name) / "corpus.db"
    origins: dict[str, set[str]] = defaultdict(set)
    n_docs = failed = raw_events = 0
    t0 = time.perf_counter()
    with Ledger(db) as led:
        for text, published, source, origin in docs(args.corpus, args.ucdp):
            n_docs += 1
            try:
                art = make_article(text, published=published, source=source, external_id=origin)
            except ValueError:
                art = make_article(text, source=source, external_id=origin)
            origins[art.id].add(origin)
            if led.has_article(art.id):
                continue
            try:
                res = extract_article(art, Options(published=art.published, backend="rules"))
            except Exception as exc:  # count and go on, like ingest does
                failed += 1
                print(f"failed {origin}: {type(exc).__name__}: {exc}")
                continue
            raw_events += len(res.events)
            led.add(res)
        elapsed = time.perf_counter() - t0
        c = led.counts()
        fused = led.conn.execute(
            "SELECT event_id, COUNT(*) FROM event_articles GROUP BY event_id HAVING COUNT(*) > 1").fetchall()
        stored_raw = led.conn.execute(
            "SELECT COUNT(*) FROM extractions WHERE kind = 'event' AND ledger_id IS NOT NULL").fetchone()[0]
        contra = contradictions(led)
        # UCDP proxy: a fused event whose articles all come from UCDP rows is "consistent" when
        # one UCDP row cites all of them
        consistent = judged = 0
        for eid, _n in fused:
            arts = [r[0] for r in led.conn.execute(
                "SELECT article_id FROM event_articles WHERE event_id = ?", (eid,))]
            sets = [{o for o in origins.get(a, ()) if o.startswith("ucdp:")} for a in arts]
            if all(sets):
                judged += 1
                if set.intersection(*sets):
                    consistent += 1
        print(f"documents: {n_docs:,} in {elapsed:.0f} s ({failed} failed)")
        print(f"articles: {c['articles']:,} ({c['duplicate_articles']:,} near duplicates of another)")
        print(f"extracted events: {raw_events:,}; stored from non-duplicate articles: {stored_raw:,}; "
              f"ledger events: {c['events']:,}")
        print(f"fused events (more than one article): {len(fused):,}, absorbing "
              f"{stored_raw - c['events']:,} extracted events")
        print(f"claims: {c['claims']:,}; contradictions: {len(contra):,}")
        if judged:
            print(f"UCDP proxy: {consistent}/{judged} fused events of UCDP headlines join headlines "
                  f"cited by one UCDP event ({100 * consistent / judged:.0f}%)")
        # recall proxy: pairs of articles cited by one UCDP row (each with a stored event) that
        # share a ledger event
        events_of: dict[str, set[str]] = defaultdict(set)
        for eid, aid in led.conn.execute("SELECT event_id, article_id FROM event_articles"):
            events_of[aid].add(eid)
        by_row: dict[str, list[str]] = defaultdict(list)
        for aid, orig in origins.items():
            if aid in events_of:
                for o in orig:
                    if o.startswith("ucdp:"):
                        by_row[o].append(aid)
        pairs = shared = 0
        for arts in by_row.values():
            for i in range(len(arts)):
                for j in range(i + 1, len(arts)):
                    pairs += 1
                    shared += bool(events_of[arts[i]] & events_of[arts[j]])
        if pairs:
            print(f"UCDP recall proxy: {shared}/{pairs} pairs of headlines cited by one UCDP row "
                  f"share a ledger event ({100 * shared / pairs:.0f}%)")
        rng = random.Random(30)
        sample = rng.sample(fused, min(args.sample, len(fused)))
        lines = [f"# {len(sample)} sample fusions from {db.name}\n"]
        for k, (eid, n) in enumerate(sample, 1):
            ev = led.event(eid)
            lines.append(f"## {k}. {eid}: {ev.sub_event_type}, {ev.event_date}, {ev.location} "
                         f"({ev.latitude}, {ev.longitude}, precision {ev.geo_precision}), {n} articles, "
                         f"fatalities {ev.fatalities}\n")
            arts = led.articles_by_id(ev.article_ids)
            for aid in ev.article_ids:
                a = arts[aid]
                spans = "; ".join(f"{x.field}={x.text!r}" for x in ev.evidence if x.article_id == aid)
                lines.append(f"- `{aid}` {sorted(origins.get(aid, []))} {a.published} {a.source}: "
                             f"{a.text[:300]!r}\n  evidence: {spans}")
            lines.append("\nverdict: \n")
        args.out.write_text("\n".join(lines), "utf-8")
        print(f"sample of {len(sample)} fusions written to {args.out}")
        for x in contra[:10]:
            print("  contradiction:", x.line())


if __name__ == "__main__":
    main()
