"""Tokens for the geoparser (names with their hyphens, apostrophes and abbreviations; sentence
starts), the mention record the finder fills and the resolver reads, and the word lists."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .gazetteer import Place

_TOKEN = re.compile(
    r"(?<![\w.-])[DRI](?=-(?:[A-Z]\.\s?[A-Z]|[A-Z][a-z]{0,4}\.))"  # party of "D-N.Y.", "R-Fla."
    r"|(?:St|Ste|Mt|Ft|Pt)\.(?=\s?[A-Z])"    # St. Petersburg, Mt. Pleasant, Ft. Worth
    r"|(?:[A-Z]\.){2,}[A-Z]?"               # U.S., D.C., U.K.
    r"|[A-Z]\.\s?[A-Z][a-z]\."                # W.Va., W. Va.
    r"|[^\W\d_]+(?:['’ʼ`][^\W\d_]+)*(?:[-‐‑][^\W\d_]+(?:['’ʼ`][^\W\d_]+)*)*"
    r"|\d+(?:[.,]\d+)*"
    r"|[^\w\s]"
)
_PAIR = re.compile(r"^[A-Z][a-z]+(?:an|ish|ese|i|ab)-(?:[A-Z]{2,3}|[A-Z][a-z]+(?:an|ish|ese|i))$")
_CONTRACTION = re.compile(r"['’](?:ll|re|ve|d|m|t)$", re.IGNORECASE)
_SENT_END = {".", "!", "?", "\n", ":", ";", '"', "“", "”"}
MAX_WORDS = 6
_ABBREVIATED = {"mt": "mount", "ft": "fort"}
MAX_TEXT = 2_000_000


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    import yaml

    from .build import data_file

    with open(data_file("lexicon.yaml"), encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    out = {k: frozenset(str(w).lower() for w in v) for k, v in raw.items()
           if isinstance(v, list)}
    out["focus_regions"] = {cc: {k: float(w) for k, w in v.items()}
                            for cc, v in raw.get("focus_regions", {}).items()}
    with open(data_file("common_words.txt"), encoding="utf-8") as fh:
        out["common_words"] = frozenset(
            w.strip() for w in fh if w.strip() and not w.startswith("#"))
    return out


@functools.lru_cache(maxsize=8)
def focus_prior(focus: str) -> dict[str, float]:
    """The lexicon's prior for the focus country's oblasts (its war zone first)."""
    return lexicon()["focus_regions"].get(focus, {})


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    cap: bool
    word: bool
    sent_start: bool
    low: str


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    key: str
    places: list[Place]
    first_tok: int
    last_tok: int
    sent_start: bool = False
    kind: str = "name"          # name | demonym | fuzzy | prefix | unresolved
    edits: int = 0
    direction: str | None = None  # "northern" when the span is "northern Ukraine" and no area is curated
    area_hint: bool = False     # followed by "region", "oblast"...
    cue: bool = False           # preceded by a location cue
    strong_cue: bool = False
    role: str = "literal"
    chosen: Place | None = None
    score: float = 0.0
    extra: dict = field(default_factory=dict)


def tokenize(text: str) -> list[Token]:
    toks: list[Token] = []
    append = toks.append
    sent_start = True
    for m in _TOKEN.finditer(text):
        s = m.group()
        start, end = m.span()
        word = s[0].isalpha()
        if not word:  # punctuation and numbers
            append(Token(start, end, s, False, False, False, s))
            if s in _SENT_END:
                sent_start = True
            continue
        cap = s[0].isupper() or s.isupper()
        hyphen = cap and "-" in s
        if hyphen:
            # "Iranian-made", "Russian-occupied": the name is the part before the hyphen
            head, _, tail = s.partition("-")
            if tail[:1].islower() and tail.split("-")[-1][:1].islower():
                append(Token(start, start + len(head), head, True, True, sent_start,
                             head.lower()))
                append(Token(start + len(head), start + len(head) + 1, "-", False, False,
                             False, "-"))
                s, start = tail, start + len(head) + 1
                cap, sent_start, hyphen = False, False, False
        if len(s) > 3 and s[-2] in "'’ʼ" and s[-1] in "sS" \
                and s[:-2].lower() != "people":  # "Donetsk People's Republic" stays whole
            # "Russia’s": the name, the apostrophe, "s"
            base = s[:-2]
            append(Token(start, start + len(base), base, cap, True, sent_start, base.lower()))
            append(Token(end - 2, end - 1, s[-2], False, False, False, s[-2]))
            append(Token(end - 1, end, s[-1], False, True, False, "s"))
            sent_start = False
            continue
        if hyphen:
            parts = s.split("-")
            if all(part[:1].isupper() for part in parts):
                # "Ivano-Frankivsk", "Nebraska-Lincoln", "D-Raleigh": capitalised parts as
                # tokens one character apart (the gazetteer keys read hyphens as spaces)
                pos = start
                for part in parts:
                    append(Token(pos, pos + len(part), part, True, True,
                                 sent_start and pos == start, part.lower()))
                    pos += len(part) + 1
                sent_start = False
                continue
            if _PAIR.match(s):
                # "Egyptian-US", "Arab-Israeli": two names
                head, _, tail = s.partition("-")
                append(Token(start, start + len(head), head, True, True, sent_start,
                             head.lower()))
                append(Token(start + len(head), start + len(head) + 1, "-", False, False,
                             False, "-"))
                append(Token(start + len(head) + 1, end, tail, True, True, False, tail.lower()))
                sent_start = False
                continue
        append(Token(start, end, s, cap, True, sent_start, s.lower()))
        sent_start = False
    # newlines inside whitespace also start a sentence
    if "\n" in text:
        find = text.find
        for i in range(1, len(toks)):
            t = toks[i]
            if t.word and find("\n", toks[i - 1].end, t.start) >= 0:
                t.sent_start = True
    return toks


@functools.lru_cache(maxsize=4)
def tokens(text: str) -> list[Token]:
    """``tokenize(text)``, shared by ``find_mentions`` and ``resolve_mentions`` for one text
    (read only: callers must not change the list or its tokens)."""
    return tokenize(text)
