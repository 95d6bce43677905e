"""Shared pieces of the loss-tally and interception readers: lexicon files, numbers in
English/Ukrainian/Russian (digits, "1,361", "30 700", "thirteen", "двадцять одна"),
qualifiers, sentence bounds and cue windows. Offsets are always relative to the text given.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from ..nlp.numbers_uk_ru import number_words_pattern, parse_number_uk_ru


def load_yaml(name: str):
    path = resources.files("warledger") / "data" / "lexicons" / name
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --- numbers ---------------------------------------------------------------------------------

_EN_UNITS = {w: i for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"])}
_EN_TENS = {w: 10 * (i + 2) for i, w in enumerate(
    ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])}
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
EN_NUMBER_WORDS = "|".join(sorted([*_EN_UNITS, *_EN_TENS, *_EN_SCALES], key=len, reverse=True))


def en_words_to_int(s: str) -> int | None:
    """"one" -> 1, "two hundred and forty-one" -> 241, "three thousand" -> 3000."""
    tokens = [t for t in re.split(r"[\s-]+", s.lower().strip()) if t and t != "and"]
    if not tokens:
        return None
    total = current = 0
    for tok in tokens:
        if tok in _EN_UNITS:
            current += _EN_UNITS[tok]
        elif tok in _EN_TENS:
            current += _EN_TENS[tok]
        elif tok == "hundred":
            current = (current or 1) * 100
        elif tok in _EN_SCALES:
            total += (current or 1) * _EN_SCALES[tok]
            current = 0
        else:
            return None
    return total + current


# --- fragments ------------------------------------------------------------------------

DIGITS = r"\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?![\d.,]\d)|\d+"
EN_WORDS = rf"(?<![\w-])(?:{EN_NUMBER_WORDS})(?:(?:\s+and\s+|[\s-]+)(?:{EN_NUMBER_WORDS}))*(?![\w-])"
QUAL = (r"about|approximately|around|roughly|nearly|almost|some|up\s+to|at\s+least|more\s+than|"
        r"over|близько|приблизно|майже|понад|щонайменше|не\s+менше|до|около|примерно|почти|"
        r"более|свыше|не\s+менее|как\s+минимум")
_QUAL_MAP = {
    "about": "about", "approximately": "about", "around": "about", "roughly": "about",
    "nearly": "about", "almost": "about", "some": "about", "близько": "about",
    "приблизно": "about", "майже": "about", "около": "about", "примерно": "about",
    "почти": "about", "up to": "up to", "до": "up to",
}
_ws = re.compile(r"\s+")


def qualifier_of(word: str | None) -> str | None:
    if not word:
        return None
    w = _ws.sub(" ", word.strip().lower())
    return _QUAL_MAP.get(w, "at least")


@lru_cache(maxsize=1)
def num_pattern() -> str:
    return rf"(?:{DIGITS}|{EN_WORDS}|{number_words_pattern()})"


def parse_number(s: str) -> int | None:
    s = s.strip()
    digits = re.sub(r"[\s\u00a0\u202f,]", "", s)
    if digits.isdigit():
        return int(digits)
    v = en_words_to_int(s)
    return v if v is not None else parse_number_uk_ru(s)


# --- sentences -------------------------------------------------------------------------------

_SENT_END = re.compile(r"[.!?](?=\s|$)|\n")


def sentence_start(text: str, pos: int, limit: int = 600) -> int:
    """Start of the sentence holding ``pos`` (a line ending in ":" joins the next line)."""
    k = pos
    while k > 0 and pos - k < limit:
        c = text[k - 1]
        if c == "\n" or (c in ".!?" and text[k:k + 1].isspace()):
            if c == "\n" and pos - k < 5:
                b = k - 1
                while b > 0 and text[b - 1] in " \t\r\n":
                    b -= 1
                if b > 0 and text[b - 1] == ":":
                    k = b  # "... склали:\n особового складу ‒ ..."
                    continue
            break
        k -= 1
    while k < pos and text[k].isspace():
        k += 1
    return k


def sentence_end(text: str, pos: int, limit: int = 1000) -> int:
    m = _SENT_END.search(text, pos, pos + limit)
    if m is None:
        return len(text) if len(text) - pos <= limit else pos
    return m.end() if m.group() != "\n" else m.start()


def windows(text: str, cue: re.Pattern[str]) -> list[tuple[int, int]]:
    """The sentences holding a match of ``cue``, merged: the only places worth a slow regex."""
    out: list[tuple[int, int]] = []
    for m in cue.finditer(text):
        if out and m.start() < out[-1][1]:
            continue
        a = sentence_start(text, m.start())
        b = max(sentence_end(text, m.end()), m.end())
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out
