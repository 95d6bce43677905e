"""Close-spelling search over the gazetteer's keys (misspellings and truncated names)."""

from __future__ import annotations

import bisect
import sqlite3


class FuzzyIndex:
    """Keys of one country's places (or of areas and big places worldwide), loaded on first use."""

    def __init__(self, db: sqlite3.Connection):
        self._db = db
        self._keys: dict[str | None, list[str]] = {}

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
        keys = self._load(country)
        if prefix:
            i = bisect.bisect_left(keys, key)
            out = []
            while i < len(keys) and keys[i].startswith(key) and len(out) < 50:
                if keys[i] != key:
                    out.append((keys[i], len(keys[i]) - len(key)))
                i += 1
            return sorted(out, key=lambda kv: kv[1])
        from rapidfuzz import process
        from rapidfuzz.distance import OSA  # an edit or a swap of two letters counts one

        found = process.extract(key, keys, scorer=OSA.distance,
                                score_cutoff=max_dist, limit=10)
        return sorted(((k, int(d)) for k, d, _ in found), key=lambda kv: (kv[1], kv[0]))
