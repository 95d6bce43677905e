"""Sentences, paragraphs, clauses and number words, all as character spans of the article text.

Sentence boundaries are those of spaCy's blank English pipeline (tokenizer exceptions keep "U.S."
and "Gen." intact) with its rule-based sentencizer, computed without running the pipeline over
the whole text: only pieces with punctuation go to the tokenizer, once each (same results,
several times faster); paragraphs are newline-separated blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MAX_SPACY_CHARS = 200_000  # texts are cut into paragraph chunks below this for spaCy


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence(Span):
    index: int
    paragraph: int


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = MAX_SPACY_CHARS + 10
    return nlp


_PARA_RE = re.compile(r"[^\n]+")


def paragraphs(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), m.group()) for m in _PARA_RE.finditer(text)]


def _chunks(text: str, start: int, end: int):
    """Cut one long paragraph into pieces spaCy can take, at sentence-like boundaries."""
    while end - start > MAX_SPACY_CHARS:
        cut = text.rfind(". ", start, start + MAX_SPACY_CHARS)
        if cut <= start:
            cut = start + MAX_SPACY_CHARS - 1
        yield start, cut + 1
        start = cut + 1
    yield start, end


@lru_cache(maxsize=1)
def _punct() -> tuple[frozenset[str], str]:
    chars = _nlp().get_pipe("sentencizer").punct_chars
    return frozenset(chars), "".join(sorted(chars))


def _one_sentence(chunk: str) -> bool:
    """Whether the sentencizer would leave ``chunk`` whole: it splits only after a token
    that is one of its punctuation characters, so a chunk without one (but at its very end)
    is one sentence, and spaCy need not run."""
    chars, chars_str = _punct()
    return chars.isdisjoint(chunk.rstrip().rstrip(chars_str))


def _sentence_spans(chunk: str) -> list[tuple[int, int]]:
    if _one_sentence(chunk):
        return [(0, len(chunk))]
    return _sentencize(_tokens(chunk))


def spacy_sentence_spans(chunk: str) -> list[tuple[int, int]]:
    """The sentences spaCy's pipeline itself gives (``_sentence_spans`` gives the same)."""
    return [(sent.start_char, sent.end_char) for sent in _nlp()(chunk).sents]


_PIECE = re.compile(r"[^ ]+")  # spaCy splits at the space character only
_Token = tuple[int, int, bool, bool]  # start, end, is a sentence-ending mark, is punctuation


@lru_cache(maxsize=65536)
def _piece_tokens(piece: str) -> tuple[_Token, ...]:
    """spaCy's tokens of one whitespace-free piece: its tokenizer splits the text at spaces
    first and reads each piece on its own, so a piece's tokens never depend on its context."""
    chars, _ = _punct()
    return tuple((t.idx, t.idx + len(t.text), t.text in chars, bool(t.is_punct))
                 for t in _nlp().tokenizer(piece))


def _tokens(chunk: str) -> list[_Token]:
    """The tokens spaCy would make of ``chunk``, asking it only about pieces with punctuation
    (each distinct piece once): a run of letters and digits is a plain word whatever its
    split, and spaces beyond the first are a token of their own, as in spaCy."""
    toks: list[_Token] = []
    prev_end = 0
    for m in _PIECE.finditer(chunk):
        start = m.start()
        if start - prev_end > (1 if toks else 0):
            toks.append((prev_end + (1 if toks else 0), start, False, False))
        piece = m.group()
        if piece.isalnum():
            toks.append((start, m.end(), False, False))
        else:
            toks.extend((start + a, start + b, mark, punct)
                        for a, b, mark, punct in _piece_tokens(piece))
        prev_end = m.end()
    return toks


def _sentencize(toks: list[_Token]) -> list[tuple[int, int]]:
    """spaCy's sentencizer rule: after a sentence-ending mark, the next token that is not
    punctuation (closing quotes and brackets stay behind) starts a new sentence."""
    if not toks:
        return []
    spans: list[tuple[int, int]] = []
    first = 0
    seen = False
    for i, (_, _, mark, punct) in enumerate(toks):
        if seen and not punct and not mark:
            spans.append((toks[first][0], toks[i - 1][1]))
            first, seen = i, False
        elif mark:
            seen = True
    spans.append((toks[first][0], toks[-1][1]))
    return spans


def sentences(text: str) -> list[Sentence]:
    """Sentences with offsets into ``text``; leading/trailing spaces are not part of a span."""
    out: list[Sentence] = []
    for p_index, para in enumerate(paragraphs(text)):
        for c_start, c_end in _chunks(text, para.start, para.end):
            for a, b in _sentence_spans(text[c_start:c_end]):
                s = c_start + a
                e = c_start + b
                while s < e and text[s].isspace():
                    s += 1
                while e > s and text[e - 1].isspace():
                    e -= 1
                if e > s:
                    out.append(Sentence(s, e, text[s:e], len(out), p_index))
    return _merge_quote_splits(text, out)


def _merge_quote_splits(text: str, sents: list[Sentence]) -> list[Sentence]:
    """Re-join a sentence split right after an opening quote's comma ('It added, "X.' + '"')."""
    merged: list[Sentence] = []
    for s in sents:
        if merged and (s.text in {'"', "”", "’", "'"} or len(s.text) <= 2) and \
                merged[-1].paragraph == s.paragraph:
            prev = merged.pop()
            merged.append(Sentence(prev.start, s.end, text[prev.start:s.end], prev.index, prev.paragraph))
            continue
        merged.append(s)
    return [Sentence(s.start, s.end, s.text, i, s.paragraph) for i, s in enumerate(merged)]


# Clause boundaries at which one sentence may report two separate happenings.
_CLAUSE_RE = re.compile(
    r"(?:;\s+|;(?=[A-Z0-9\"“])|,?\s+while\s+|,\s+as\s+(?=[A-Z])|,\s+whereas\s+|\s+meanwhile,?\s+|"
    r",?\s+but\s+(?=(?:\w+ly\s+)?[a-z]+ed\b)|,\s+and\s+that\s+)", re.I
)


def clauses(text: str, start: int, end: int) -> list[Span]:
    """Split text[start:end] at clause boundaries ('; ', ' while ') into spans."""
    spans: list[Span] = []
    pos = start
    for m in _CLAUSE_RE.finditer(text, start, end):
        if m.start() - pos >= 12:
            spans.append(Span(pos, m.start(), text[pos:m.start()]))
            pos = m.end()
    spans.append(Span(pos, end, text[pos:end]))
    return [s for s in spans if s.text.strip()]


_UNITS = {
    "zero": 0, "no": 0, "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "both": 2, "pair": 2,
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
    "hundred": 100, "thousand": 1000,
}
NUMBER_WORD = (
    r"(?:\d[\d,.]*|(?:(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|thousand|dozen|a|an)(?:[\s-]+(?:and\s+)?"
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|thousand|dozen))*))"
)


def parse_number(words: str) -> int | None:
    """'16' / '1,200' / 'sixteen' / 'twenty-one' / 'a dozen' / 'two hundred' -> int."""
    w = words.strip().lower()
    if not w:
        return None
    digits = w.replace(",", "")
    if re.fullmatch(r"\d+", digits):
        return int(digits)
    if re.fullmatch(r"\d+\.\d+", digits):
        return int(float(digits))
    total, current, ok = 0, 0, True
    for tok in re.split(r"[\s-]+", w):
        if tok == "and":
            continue
        if tok not in _UNITS:
            ok = False
            break
        v = _UNITS[tok]
        if v in (100, 1000):
            current = max(current, 1) * v
            if v == 1000:
                total, current = total + current, 0
        elif v == 12 and tok == "dozen":
            current = max(current, 1) * 12
        else:
            current += v
    if ok:
        return total + current
    try:
        from text_to_num import text2num

        return int(text2num(w.replace(" and ", " "), "en"))
    except Exception:
        return None
