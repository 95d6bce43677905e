"""Ukrainian and Russian number words -> ints ("двадцять одна" = 21, "дві тисячі" = 2000).

The words and their case forms are data (``data/lexicons/numbers_uk_ru.yaml``).
``NUMBER_WORDS_RE`` matches a run of such words in running text; ``words_to_int`` reads it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'"})


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, int], dict[str, int]]:
    path = resources.files("warledger") / "data" / "lexicons" / "numbers_uk_ru.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    values = {str(k).lower(): int(v) for k, v in data["values"].items()}
    scales = {str(k).lower(): int(v) for k, v in data["scales"].items()}
    return values, scales


def _word_alternation() -> str:
    values, scales = _lexicon()
    words = sorted(set(values) | set(scales), key=len, reverse=True)
    alts = [re.escape(w).replace("'", "['’ʼ`]") for w in words]
    return "(?:" + "|".join(alts) + ")"


@lru_cache(maxsize=1)
def number_words_pattern() -> str:
    """A regex fragment (no groups) matching one or more number words in a row."""
    w = _word_alternation()
    return rf"(?<![\w'’]){w}(?:\s+(?:і\s+|и\s+)?{w})*(?![\w'’])"


def words_to_int(text: str) -> int | None:
    """Read a run of Ukrainian/Russian number words; None if any word is not one."""
    values, scales = _lexicon()
    tokens = [t for t in re.split(r"\s+", text.lower().translate(_APOSTROPHES).strip()) if t]
    tokens = [t for t in tokens if t not in ("і", "и")]
    if not tokens:
        return None
    total = 0
    current = 0
    seen = False
    for tok in tokens:
        if tok in values:
            current += values[tok]
            seen = True
        elif tok in scales:
            scale = scales[tok]
            total += (current or 1) * scale
            current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def parse_number_uk_ru(text: str) -> int | None:
    """Digits ("30 700", "1,361") or number words in Ukrainian/Russian -> int."""
    s = text.strip()
    digits = re.sub(r"[\s\u00a0\u202f,]", "", s)
    if digits.isdigit():
        return int(digits)
    return words_to_int(s)


parse_number = parse_number_uk_ru  # the name other stages import
