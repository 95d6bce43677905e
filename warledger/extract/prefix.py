"""A cheap, exact pre-filter for long lists of word-bounded lexicon regexes.

The lexicons (triggers, weapons, actors) are lists of case-insensitive regexes that start with
a ``(?<!\\w)`` look-behind; run one by one, each scans every position of the text. Most of them
cannot match a given sentence at all. ``PrefixIndex`` reads each regex's parse tree once and
lists the strings (up to ``K`` characters, lower-cased) that any match must start with; a
text's "word-start grams" (the 1- to K-character strings that begin at the start of the text or
right after a non-word character) then tell which regexes can possibly match, and only those
are run. A regex whose start cannot be told (``\\w+`` first, a back-reference...) is always run.

The filter never drops a regex that could match: a match starts at a word start (the
look-behind) and begins with one of the listed strings. It is only used on texts whose
characters are ASCII or have no case and are not digits (curly quotes, dashes...), where
lower-casing is exact and "\\d" is [0-9]; other texts (Cyrillic...) run every regex.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

K = 4  # prefix length
_MAX_STATES = 30000  # beyond this many prefixes a regex is simply always run
_MAX_CLASS = 1200  # a character class larger than this ends the prefix
_ASCII = [chr(i) for i in range(128)]
_DIGITS = frozenset("0123456789")
_NONWORD = re.compile(r"\W")

_State = tuple[str, bool]  # (prefix, complete: the sub-pattern's whole match is this prefix)
_STOP: frozenset[_State] = frozenset({("", False)})


class _TooMany(Exception):
    pass


@cache
def _keys(ch: str) -> frozenset[str]:
    """The lower-cased text characters that a pattern character may match case-insensitively."""
    if ch.isascii():
        return frozenset({ch.lower()})
    out = {ch, ch.lower(), ch.upper(), ch.casefold()}
    out = {c for c in out if len(c) == 1}
    rx = re.compile(re.escape(ch), re.I)
    out.update(a.lower() for a in _ASCII if rx.fullmatch(a))
    return frozenset(out)


def _char_set(op, av) -> frozenset[str] | None:
    """Keys of a one-character node, or None if it is too broad to list."""
    if op is C.LITERAL:
        return _keys(chr(av))
    if op is C.IN:
        out: set[str] = set()
        for iop, iav in av:
            if iop is C.LITERAL:
                out |= _keys(chr(iav))
            elif iop is C.RANGE:
                lo, hi = iav
                if hi - lo > _MAX_CLASS:
                    return None
                for c in range(lo, hi + 1):
                    out |= _keys(chr(c))
            elif iop is C.CATEGORY and iav in (C.CATEGORY_DIGIT, C.CATEGORY_UNI_DIGIT):
                out |= _DIGITS  # texts with other decimal digits are not filtered (grams)
            else:  # NEGATE, CATEGORY (\w, \s: Unicode-wide), ...
                return None
        return frozenset(out)
    return None  # ANY, NOT_LITERAL, ...


def _seq(items, k: int) -> frozenset[_State]:
    states: frozenset[_State] = frozenset({("", True)})
    for op, av in items:
        states = _step(states, op, av, k)
        if not any(c and len(p) < k for p, c in states):
            break
    return states


def _step(states: frozenset[_State], op, av, k: int) -> frozenset[_State]:
    out: set[_State] = set()
    cache: dict[int, frozenset[_State]] = {}
    for p, comp in states:
        if not comp or len(p) >= k:
            out.add((p, False))
            continue
        r = k - len(p)
        node = cache.get(r)
        if node is None:
            node = cache[r] = _node(op, av, r)
        for s, c in node:
            out.add((p + s, c))
    if len(out) > _MAX_STATES:
        raise _TooMany
    return frozenset(out)


def _node(op, av, k: int) -> frozenset[_State]:
    if op in (C.LITERAL, C.IN, C.ANY, C.NOT_LITERAL):
        chars = _char_set(op, av)
        if chars is None:
            return _STOP
        return frozenset((c, True) for c in chars)
    if op is C.SUBPATTERN:
        return _seq(av[-1], k)
    if op is C.ATOMIC_GROUP:
        return _seq(av, k)
    if op is C.BRANCH:
        out: set[_State] = set()
        for alt in av[1]:
            out |= _seq(alt, k)
        return frozenset(out)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        lo, hi, item = av
        states: frozenset[_State] = frozenset({("", True)})
        n = 0
        while n < lo:  # the required copies (a fixpoint ends it early)
            nxt = _step(states, C.SUBPATTERN, (None, 0, 0, item), k)
            n += 1
            if nxt == states:
                break
            states = nxt
        result = set(states)
        while n < hi:  # the optional ones: every count of them is possible
            nxt = _step(states, C.SUBPATTERN, (None, 0, 0, item), k)
            n += 1
            if nxt <= result:
                break
            result |= nxt
            states = nxt
        return frozenset(result)
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return frozenset({("", True)})  # zero-width: no character of the match
    return _STOP  # back-references, conditionals: unknown


def prefixes(rx: re.Pattern[str], k: int = K) -> frozenset[str] | None:
    """Lower-cased strings of at most ``k`` characters one of which starts every match of
    ``rx``; None when that cannot be told (the regex must then always run)."""
    return _prefixes(rx.pattern, rx.flags, k)


@lru_cache(maxsize=8192)
def _prefixes(pattern: str, flags: int, k: int) -> frozenset[str] | None:
    try:
        parsed = _parser.parse(pattern, flags)
        states = _seq(parsed.data, k)
    except (_TooMany, RecursionError):
        return None
    out = frozenset(p for p, _ in states)
    return None if "" in out else out


_SAFE: dict[str, bool] = {}


def _caseless(ch: str) -> bool:
    ok = _SAFE.get(ch)
    if ok is None:
        ok = _SAFE[ch] = ch.lower() == ch and ch.upper() == ch and ch.casefold() == ch \
            and not ch.isnumeric()  # "\d" matches every decimal digit, not only 0-9
    return ok


@lru_cache(maxsize=256)
def _starts(text: str) -> tuple[str, dict[str, list[int]], frozenset[str]] | None:
    """(lower-cased text, its word starts by first character, the 1..K-character strings
    found at word starts), or None if the filter does not apply to the text (a cased or
    numeric non-ASCII character). Word starts are the start of the text and every position
    after a non-word character."""
    if not text.isascii() and not all(_caseless(c) for c in set(text) if not c.isascii()):
        return None
    low = text.lower()
    starts = [0, *(m.end() for m in _NONWORD.finditer(text))]
    if starts[-1] >= len(low):
        starts.pop()
    found: set[str] = set()
    for n in range(1, K + 1):
        found.update([low[i:i + n] for i in starts])
    by_first: dict[str, list[int]] = {}
    for i in starts:
        by_first.setdefault(low[i], []).append(i)
    return low, by_first, frozenset(found)


def grams(text: str) -> dict[str, list[int]] | None:
    """Each 1..K-character string at the text's word starts with its positions (increasing);
    None if the filter does not apply to the text."""
    st = _starts(text)
    if st is None:
        return None
    low, by_first, found = st
    return {g: _positions(low, by_first, g) for g in found}


def _positions(low: str, by_first: dict[str, list[int]], gram: str) -> list[int]:
    """The word starts where ``gram`` begins, increasing."""
    return [p for p in by_first.get(gram[0], ()) if low.startswith(gram, p)]


@lru_cache(maxsize=16384)
def _word_anchored(rx: re.Pattern[str]) -> bool:
    """Whether ``rx`` starts with a look-behind that refuses a word character before it.
    Cached per pattern: parsing is costly and the same patterns recur in per-country indexes."""
    try:
        first = _parser.parse(rx.pattern, rx.flags).data[0]
    except (IndexError, re.error):
        return False
    if first[0] is not C.ASSERT_NOT or first[1][0] != -1:
        return False
    body = list(first[1][1])
    return len(body) == 1 and body[0][0] is C.IN and any(
        op is C.CATEGORY and av in (C.CATEGORY_WORD, C.CATEGORY_UNI_WORD) for op, av in body[0][1])


class PrefixIndex:
    """Which of a list of word-start-anchored regexes can match a text, and where."""

    def __init__(self, regexes: list[re.Pattern[str]]):
        self.regexes = list(regexes)
        self.prefix: list[frozenset[str] | None] = []
        self.by_gram: dict[str, list[int]] = {}
        always = set()
        for i, rx in enumerate(self.regexes):
            pre = prefixes(rx) if _word_anchored(rx) else None
            self.prefix.append(pre)
            if pre is None:
                always.add(i)
                continue
            for g in pre:
                self.by_gram.setdefault(g, []).append(i)
        self.always = frozenset(always)
        self.gram_keys = frozenset(self.by_gram)

    def candidates(self, text: str) -> frozenset[int] | None:
        """Indexes of the regexes that may match ``text``; None means all of them."""
        st = _starts(text)
        if st is None:
            return None
        out = set(self.always)
        by_gram = self.by_gram
        for g in self.gram_keys & st[2]:
            out.update(by_gram[g])
        return frozenset(out)

    def positions(self, text: str) -> dict[int, list[int] | None] | None:
        """For each regex that may match ``text``, the positions where a match may start
        (increasing; None: anywhere). None if the filter does not apply to the text."""
        st = _starts(text)
        if st is None:
            return None
        low, by_first, found = st
        out: dict[int, list[int] | None] = dict.fromkeys(self.always)
        multi: set[int] = set()
        by_gram = self.by_gram
        for g in self.gram_keys & found:
            at = _positions(low, by_first, g)
            for i in by_gram[g]:
                have = out.get(i)
                if have is None:
                    out[i] = at
                else:
                    out[i] = have + at
                    multi.add(i)
        for i in multi:
            out[i] = sorted(set(out[i]))  # type: ignore[arg-type]
        return out

    def matches_at(self, i: int, text: str, positions: list[int] | None):
        """The matches of regex ``i`` that start at ``positions`` (from ``positions()``),
        as ``finditer`` gives them."""
        rx = self.regexes[i]
        if positions is None:
            yield from rx.finditer(text)
            return
        end = 0
        match = rx.match
        for p in positions:
            if p < end:
                continue
            m = match(text, p)
            if m is not None:
                yield m
                end = m.end()

    def finditer(self, i: int, text: str):
        """The matches of regex ``i`` in ``text``, as ``regexes[i].finditer(text)`` gives them,
        trying only the positions where a match can start."""
        rx = self.regexes[i]
        pre = self.prefix[i]
        st = _starts(text) if pre is not None else None
        if st is None or pre is None:
            yield from rx.finditer(text)
            return
        low, by_first, found = st
        hit = [_positions(low, by_first, g) for g in pre & found]
        if not hit:
            return
        positions = hit[0] if len(hit) == 1 else sorted(set().union(*hit))
        end = 0
        match = rx.match
        for p in positions:
            if p < end:
                continue
            m = match(text, p)  # a match is never empty here: every prefix has a character
            if m is not None:
                yield m
                end = m.end()
