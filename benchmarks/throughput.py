"""Words per second of ``warledger.extract`` next to spaCy blank-English tokenization, same run.

The corpus is built from the reference article and the development corpora in
``../shared/corpus`` (UCDP headlines, CASE 2021 snippets, MoD loss statements) when present,
else from a few fixture paragraphs. Usage:

    python benchmarks/throughput.py [--corpus ../shared/corpus] [--docs 400]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pipeline  # noqa: E402  (the benchmark beside this one)

FALLBACK = [
    "Russian forces struck Zaporizhzhia with two missiles on Wednesday, killing one person and "
    "injuring 25 others, officials said. The Ukrainian air force said it shot down 12 of 15 drones.",
    "Ukrainian defenders repelled attacks near Bakhmut and Avdiivka, the General Staff reported.",
]


def build_corpus(root: Path | None, n: int) -> list[str]:
    """The texts of benchmarks/pipeline.py (reference article, CASE snippets, UCDP headlines),
    plus the MoD loss statements; never a corpus text twice (the stages memoise per text)."""
    docs: list[str] = []
    if root and root.is_dir():
        docs = [d for d in pipeline.build_corpus(root, n // 2, n // 4) if d not in pipeline.FALLBACK]
        for f in sorted((root / "losses").glob("*.jsonl")) if (root / "losses").is_dir() else []:
            for line in f.read_text("utf-8").splitlines():
                docs.append(json.loads(line)["text"])
    if not docs:  # no corpus: the fixture paragraphs, repeated (a repeat is a cache hit)
        docs = FALLBACK * (n // len(FALLBACK) + 1)
    return docs[:n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "corpus"))
    ap.add_argument("--docs", type=int, default=400)
    args = ap.parse_args()
    docs = build_corpus(Path(args.corpus), args.docs)
    words = sum(len(d.split()) for d in docs)

    import spacy

    import warledger
    from warledger.geo import get_gazetteer

    get_gazetteer()  # the gazetteer's build or load is not part of the per-document rate
    for d in FALLBACK:  # warm-up (lexicon and place indexes) on texts that are not measured
        warledger.extract(d, published="2023-03-23")

    nlp = spacy.blank("en")
    t0 = time.perf_counter()
    for d in docs:
        nlp(d)
    t_tok = time.perf_counter() - t0

    t0 = time.perf_counter()
    events = 0
    for d in docs:
        events += len(warledger.extract(d, published="2023-03-23").events)
    t_ex = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # (tracemalloc would slow it)

    print(f"documents: {len(docs)}, words: {words}, events: {events}")
    print(f"spaCy blank-English tokenization: {words / t_tok:,.0f} words/s")
    print(f"warledger extract (rules):        {words / t_ex:,.0f} words/s")
    print(f"ratio extract / tokenization:     {t_tok / t_ex:.3f}  (extract is {t_ex / t_tok:.1f}x slower)")
    print(f"peak RSS of this process:         {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
