"""Close-spelling search over the gazetteer's keys (misspellings and truncated names)."""

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
                rows = self._db.execute(
                    "SELECT DISTINCT n.key FROM names n JOIN places p ON p.id = n.place "
                    "WHERE p.cc = ? AND n.kind < 4", (country,))
            else:
                rows = self._db.execute(
                    "SELECT DISTINCT n.key FROM names n JOIN places p ON p.id = n.place "
                    "WHERE (p.population >= 100000 OR p.fclass IN ('A', 'L', 'H')) "
                    "AND n.kind < 4")
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

        # an edit changes the length by one at most: only keys of a near length can be close.
        # Within the limit of 10, ties go to the earlier key in sorted order, i.e. the smaller
        # key: the same ten as one search over all keys.
        by_len = self._lengths(country)
        found: list[tuple[str, int]] = []
        for n in range(len(key) - max_dist, len(key) + max_dist + 1):
            group = by_len.get(n)
            if group:
                found.extend((k, int(d)) for k, d, _ in process.extract(
                    key, group, scorer=OSA.distance, score_cutoff=max_dist, limit=10))
        return sorted(found, key=lambda kv: (kv[1], kv[0]))[:10]
