"""Close-spelling search: the bigram-filtered search returns what one search over all keys does."""

from __future__ import annotations

import random
import sqlite3

from rapidfuzz import process
from rapidfuzz.distance import OSA

from warledger.geo.fuzzy import FuzzyIndex
from warledger.geo.gazetteer import SCHEMA


def _db(keys: list[str]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    for i, k in enumerate(keys):
        db.execute("INSERT INTO places (id, name, cc, fclass, population) VALUES (?, ?, 'UA', 'P', 10)",
                   (i, k))
        db.execute("INSERT INTO names (key, place, kind) VALUES (?, ?, 0)", (k, i))
    return db


def _full_scan(key: str, keys: list[str], max_dist: int) -> list[tuple[str, int]]:
    found = process.extract(key, sorted(keys), scorer=OSA.distance, score_cutoff=max_dist, limit=10)
    return sorted(((k, int(d)) for k, d, _ in found), key=lambda kv: (kv[1], kv[0]))


def test_bucketed_search_equals_a_full_scan():
    rnd = random.Random(7)
    alphabet = "abkov"  # few letters: many ties at the limit of ten
    keys = sorted({"".join(rnd.choice(alphabet) for _ in range(rnd.randint(4, 9)))
                   for _ in range(3000)})
    idx = FuzzyIndex(_db(keys))
    queries = [rnd.choice(keys) for _ in range(60)]
    queries += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(3, 10))) for _ in range(60)]
    many = 0
    for q in queries:
        for d in (1, 2):
            expected = _full_scan(q, keys, d)
            many += len(expected) == 10
            assert idx.match(q, country="UA", max_dist=d) == expected
            assert idx.match(q, country="UA", max_dist=d) == expected  # memoised copy
    assert many > 20  # the limit was reached, so tie-breaking was exercised


def test_prefix_search_and_memo_copies():
    idx = FuzzyIndex(_db(["kyiv", "kyivska", "kyivskyi", "kharkiv"]))
    got = idx.match("kyiv", country="UA", prefix=True)
    assert got == [("kyivska", 3), ("kyivskyi", 4)]
    got.append(("x", 0))  # the caller's list is its own
    assert idx.match("kyiv", country="UA", prefix=True) == [("kyivska", 3), ("kyivskyi", 4)]


def test_bigram_prefilter_loses_no_match():
    # long keys (the bigram bound applies), spaces, non-Latin letters, swaps of neighbours
    rnd = random.Random(11)
    alphabet = "aikno vyшї"
    keys = sorted(k for k in {"".join(rnd.choice(alphabet) for _ in range(rnd.randint(5, 14)))
                              .strip() for _ in range(4000)} if len(k) >= 4)  # as indexed
    idx = FuzzyIndex(_db(keys))
    queries = []
    for _ in range(80):
        k = list(rnd.choice(keys))
        for _ in range(rnd.randint(0, 2)):  # a swap, a change or a deletion
            i = rnd.randrange(len(k))
            op = rnd.choice("swd")
            if op == "s" and i + 1 < len(k):
                k[i], k[i + 1] = k[i + 1], k[i]
            elif op == "w":
                k[i] = rnd.choice(alphabet)
            elif len(k) > 1:
                del k[i]
        queries.append("".join(k))
    nonempty = 0
    for q in queries:
        for d in (1, 2):
            expected = _full_scan(q, keys, d)
            nonempty += bool(expected)
            assert idx.match(q, country="UA", max_dist=d) == expected, (q, d)
    assert nonempty > 100


def test_swap_of_two_letters_is_found():
    idx = FuzzyIndex(_db(["kreminna", "kramatorsk", "kherson"]))
    assert idx.match("kerminna", country="UA", max_dist=1) == [("kreminna", 1)]
    assert idx.match("krmeinna", country="UA", max_dist=1) == [("kreminna", 1)]
    assert idx.match("kerminnaa", country="UA", max_dist=2) == [("kreminna", 2)]
