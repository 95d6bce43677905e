"""Close-spelling search over the gazetteer's keys (misspellings and truncated names).

A bigram index narrows the keys to those that can be within the edit limit; the exact
distance (rapidfuzz OSA) then decides, so results equal a scan over all keys.
"""

from __future__ import annotations

import bisect
import sqlite3


class FuzzyIndex:
    """Keys of one country's places (or of areas and big places worldwide), loaded on first use."""

    def __init__(self, db: sqlite3.Connection):
        self._db = db
        self._keys: dict[str | None, list[str]] = {}
        self._by_len: dict[str | None, dict[int, list[str]]] = {}
        self._memo: dict[tuple, list[tuple[str, int]]] = {}
        self._gram_index: dict[str | None, _GramIndex] = {}

    def _lengths(self, country: str | None) -> dict[int, list[str]]:
        """The keys by length, each list in the sorted order of ``_load``."""
        by_len = self._by_len.get(country)
        if by_len is None:
            by_len = {}
            for k in self._load(country):
                by_len.setdefault(len(k), []).append(k)
            self._by_len[country] = by_len
        return by_len

    def _load(self, country: str | None) -> list[str]:
        keys = self._keys.get(country)
        if keys is None:
            if country:
                # (hromadas are named with their word, "X hromada": no misspelling to mend)
                rows = self._db.execute(
                    "SELECT DISTINCT n.key FROM names n JOIN places p ON p.id = n.place "
                    "WHERE p.cc = ? AND n.kind < 4 AND p.fcode IS NOT 'ADM3'", (country,))
            else:
                rows = self._db.execute(
                    "SELECT DISTINCT n.key FROM names n JOIN places p ON p.id = n.place "
                    "WHERE (p.population >= 100000 OR p.fclass IN ('A', 'L', 'H')) "
                    "AND n.kind < 4 AND p.fcode IS NOT 'ADM3'")
            keys = sorted(r[0] for r in rows if len(r[0]) >= 4)
            self._keys[country] = keys
        return keys

    def match(self, key: str, *, country: str | None, max_dist: int = 2,
              prefix: bool = False) -> list[tuple[str, int]]:
        """Keys within ``max_dist`` edits, nearest first; with ``prefix``, keys extending ``key``."""
        memo_key = (key, country, max_dist, prefix)
        hit = self._memo.get(memo_key)
        if hit is None:
            hit = self._match(key, country=country, max_dist=max_dist, prefix=prefix)
            if len(self._memo) >= 20000:
                self._memo.clear()
            self._memo[memo_key] = hit
        return list(hit)

    def _grams(self, country: str | None) -> _GramIndex:
        gi = self._gram_index.get(country)
        if gi is None:
            gi = _GramIndex(self._load(country))
            self._gram_index[country] = gi
        return gi

    def _match(self, key: str, *, country: str | None, max_dist: int,
               prefix: bool) -> list[tuple[str, int]]:
        if prefix:
            keys = self._load(country)
            i = bisect.bisect_left(keys, key)
            out: list[tuple[str, int]] = []
            while i < len(keys) and keys[i].startswith(key) and len(out) < 50:
                if keys[i] != key:
                    out.append((keys[i], len(keys[i]) - len(key)))
                i += 1
            return sorted(out, key=lambda kv: kv[1])
        from rapidfuzz import process
        from rapidfuzz.distance import OSA  # an edit or a swap of two letters counts one

        cands = self._grams(country).candidates(key, max_dist)
        if cands is None:  # too short for the bigram bound: every key of a near length
            by_len = self._lengths(country)
            cands = [k for n in range(len(key) - max_dist, len(key) + max_dist + 1)
                     for k in by_len.get(n, ())]
        # every match, nearest first and then in key order: the same ten as a full scan
        found = [(k, int(d)) for k, d, _ in process.extract(
            key, cands, scorer=OSA.distance, score_cutoff=max_dist, limit=None)]
        return sorted(found, key=lambda kv: (kv[1], kv[0]))[:10]


class _GramIndex:
    """Which keys share letter pairs with a query: a key within ``d`` edits (an edit or a swap
    of two neighbours each) of the query keeps all but ``3 * d`` of the query's distinct
    bigrams (with ``^``/``$`` at the ends), so only keys sharing that many need a distance.

    Built with numpy in one pass: each bigram is a 42-bit code (two code points), postings are
    the sorted unique (code, key) pairs."""

    _ID_BITS = 22

    def __init__(self, keys: list[str]):
        import numpy as np

        self._keys = keys
        n = len(keys)
        self._lens = np.fromiter((len(k) for k in keys), dtype=np.int64, count=n)
        if n == 0 or n >= 1 << self._ID_BITS:
            self._codes = np.zeros(0, dtype=np.int64)
            self._ids = np.zeros(0, dtype=np.int64)
            self._first = np.zeros(1, dtype=np.int64)
            return
        cp = np.frombuffer("".join(f"^{k}$" for k in keys).encode("utf-32-le"),
                           dtype=np.uint32).astype(np.int64)
        owner = np.repeat(np.arange(n, dtype=np.int64), self._lens + 2)
        same = owner[:-1] == owner[1:]
        codes = (cp[:-1][same] << 21) | cp[1:][same]
        pairs = _sorted_unique((codes << self._ID_BITS) | owner[:-1][same])
        self._ids = pairs & ((1 << self._ID_BITS) - 1)
        code_of = pairs >> self._ID_BITS
        first = np.flatnonzero(np.concatenate(([True], code_of[1:] != code_of[:-1])))
        self._codes = code_of[first]
        self._first = np.append(first, len(pairs))

    def candidates(self, key: str, max_dist: int) -> list[str] | None:
        import numpy as np

        grams = _bigrams(key)
        need = len(grams) - 3 * max_dist
        if need < 1:
            return None
        q = np.fromiter(((ord(g[0]) << 21) | ord(g[1]) for g in grams), dtype=np.int64,
                        count=len(grams))
        pos = np.searchsorted(self._codes, q)
        inside = pos < len(self._codes)
        pos, q = pos[inside], q[inside]
        pos = pos[self._codes[pos] == q]  # the query's bigrams that some key has
        if len(pos) < need:
            return []
        lists = [self._ids[self._first[i]:self._first[i + 1]] for i in pos]
        counts = np.bincount(np.concatenate(lists), minlength=len(self._keys))
        ok = (counts >= need) & (np.abs(self._lens - len(key)) <= max_dist)
        keys = self._keys
        return [keys[i] for i in np.flatnonzero(ok)]


def _sorted_unique(a):
    """``np.unique`` by one sort (numpy's own is several times slower on a million ints)."""
    import numpy as np

    a = np.sort(a)
    if len(a) < 2:
        return a
    return a[np.concatenate(([True], a[1:] != a[:-1]))]


def _bigrams(key: str) -> set[str]:
    padded = f"^{key}$"
    return {padded[i:i + 2] for i in range(len(padded) - 1)}
