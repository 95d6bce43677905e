"""Near-duplicate articles: MinHash over word shingles, banded into an LSH index.

Exact duplicates never reach this module (an article's id is the hash of its text, so the
store answers "present"). Near duplicates are wire copies with a changed headline, a reordered
or trimmed paragraph, other whitespace: their word 3-shingle sets overlap almost entirely.

* ``signature(text)`` -> 64 MinHash values (stable across runs: crc32 of the shingle, then
  64 universal hash functions ``(a*x + b) mod p``).
* 16 bands of 4 values each are keyed into ``article_lsh``; two texts share a band with
  probability ~0.99 at Jaccard 0.7 and ~0.12 at 0.3, so only true candidates are verified.
* A candidate is a duplicate when the estimated Jaccard is >= ``THRESHOLD`` **and** both texts
  carry the same numbers: a copy that updates a toll ("rose to 9") is a new report, not a
  duplicate, because its claims matter.
* Texts shorter than ``MIN_TOKENS`` words are never near-duplicates (headlines differ by a
  word and mean different things).

``find_canonical(ledger, article)`` is the store's ``dedup`` hook: it writes the article's
signature and band keys (same transaction as the article) and returns the canonical article
id of its duplicate, or None.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ..models import Article
    from ..store import Ledger

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 3
MIN_TOKENS = 25
THRESHOLD = 0.75
_PRIME = (1 << 31) - 1
_WORD = re.compile(r"\w+", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@lru_cache(maxsize=1)
def _perms() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(20230323)  # fixed: signatures must be comparable across runs
    a = rng.integers(1, _PRIME, size=NUM_PERM, dtype=np.uint64)
    b = rng.integers(0, _PRIME, size=NUM_PERM, dtype=np.uint64)
    return a, b


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    toks = tokens(text)
    if len(toks) < k:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i:i + k]) for i in range(len(toks) - k + 1)}


def numbers(text: str) -> str:
    """The numbers a text gives, sorted and de-duplicated, as one string."""
    return " ".join(sorted({n.replace(",", "") for n in _NUMBER.findall(text)}))


def signature(text: str) -> np.ndarray:
    """64 MinHash values (uint32 range) of the text's word 3-shingles."""
    sh = shingles(text)
    if not sh:
        return np.full(NUM_PERM, _PRIME, dtype=np.uint64)
    x = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in sh), dtype=np.uint64, count=len(sh))
    a, b = _perms()
    return ((a[:, None] * x[None, :] + b[:, None]) % _PRIME).min(axis=1)


def band_keys(sig: np.ndarray) -> list[int]:
    """One key per band: crc32 of the band's values (the band number is its own column)."""
    raw = sig.astype("<u8")
    return [zlib.crc32(raw[i * ROWS:(i + 1) * ROWS].tobytes()) for i in range(BANDS)]


def similarity(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(sig_a == sig_b))


def jaccard(text_a: str, text_b: str) -> float:
    """Exact Jaccard similarity of two texts' shingle sets (for checks and tests)."""
    a, b = shingles(text_a), shingles(text_b)
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def is_near_duplicate(text_a: str, text_b: str) -> bool:
    """The same rule as the hook, over two texts."""
    if len(tokens(text_a)) < MIN_TOKENS or len(tokens(text_b)) < MIN_TOKENS:
        return text_a.strip() == text_b.strip()
    if numbers(text_a) != numbers(text_b):
        return False
    return similarity(signature(text_a), signature(text_b)) >= THRESHOLD


def find_canonical(ledger: Ledger, article: Article) -> str | None:
    """The store's dedup hook: index this article, return its canonical duplicate or None."""
    conn = ledger.conn
    text = article.text
    if len(tokens(text)) < MIN_TOKENS:
        return None
    sig = signature(text)
    nums = numbers(text)
    keys = band_keys(sig)
    best: tuple[float, str] | None = None
    seen: set[str] = set()
    rows = conn.execute(
        "SELECT DISTINCT l.article_id, s.minhash, s.numbers, a.canonical_id, a.pk FROM article_lsh l "
        "JOIN article_signatures s ON s.article_id = l.article_id "
        "JOIN articles a ON a.id = l.article_id "
        f"WHERE ({' OR '.join('(l.band = ? AND l.key = ?)' for _ in keys)}) AND l.article_id != ? "
        "ORDER BY a.pk",  # ties go to the earliest article, on either store
        [v for i, k in enumerate(keys) for v in (i, k)] + [article.id],
    ).fetchall()
    for r in rows:
        if r[0] in seen:
            continue
        seen.add(r[0])
        if r[2] != nums:
            continue
        score = similarity(sig, np.frombuffer(r[1], dtype="<u8"))
        if score >= THRESHOLD and (best is None or score > best[0]):
            best = (score, r[3] or r[0])
    conn.execute("INSERT OR REPLACE INTO article_signatures (article_id, minhash, numbers) "
                 "VALUES (?, ?, ?)", (article.id, sig.astype("<u8").tobytes(), nums))
    conn.execute("DELETE FROM article_lsh WHERE article_id = ?", (article.id,))
    conn.executemany("INSERT INTO article_lsh (band, key, article_id) VALUES (?, ?, ?)",
                     [(i, k, article.id) for i, k in enumerate(keys)])
    return best[1] if best else None


def duplicates(ledger: Ledger, article_id: str) -> list[str]:
    """The articles stored as duplicates of this (canonical) one."""
    return [r[0] for r in ledger.conn.execute(
        "SELECT id FROM articles WHERE canonical_id = ? ORDER BY pk", (article_id,))]
