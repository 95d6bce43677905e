"""Loss tallies and interception claims, with character offsets.

``find_loss_tallies(text)`` reads equipment/personnel loss statements in the forms the press
and Ukraine's General Staff / Ministry of Defence use, in English, Ukrainian and Russian:

* prose: "660 Russian soldiers, 13 tanks, one air defense system, and 11 armored personnel
  carriers were destroyed the previous day";
* lists: "personnel ‒ about 19600 осіб, tanks ‒ 732 од, APV ‒ 1946 од, ...";
* lists with daily increments: "tanks ‒ 1361 (+3)", "танків ‒ 1361 (+3) од.".

``find_interceptions(text)`` reads air-defence claims: "shot down 16 out of 21 Iranian-made
Shahed suicide drones", "all 12 missiles were intercepted", "знищено 16 з 21 шахедів".

Offsets are relative to ``text``. Category names are data (``data/lexicons/loss_categories
.yaml``, ``interception_weapons.yaml``); a list item whose category is not in the lexicon gets
the snake_case of its name when it sits in a list with known categories.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .interceptions import Interception, find_interceptions
from .lossbase import (
    DIGITS,
    QUAL,
    load_yaml,
    num_pattern,
    parse_number,
    qualifier_of,
    sentence_end,
    sentence_start,
    windows,
)
from .prefix import PrefixIndex

__all__ = ["Tally", "Interception", "find_loss_tallies", "find_interceptions", "category_key"]


@dataclass(frozen=True)
class Tally:
    start: int
    end: int
    quantities: dict[str, int]
    daily: dict[str, int]
    qualifier: str | None
    period: str  # "day" | "cumulative"
    period_start: str | None
    about_hint: str | None  # "Russia", "Ukraine", "enemy" or None
    spans: list[tuple[int, int, str]]
    period_end: str | None = None
    qualifiers: dict[str, str] = field(default_factory=dict)


# --- lexicons -------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _categories() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for key, patterns in load_yaml("loss_categories.yaml").items():
        for p in patterns:
            out.append((key, re.compile(rf"(?<![\w-])(?:{p})(?![\w-])", re.I)))
    return out


@lru_cache(maxsize=1)
def _category_alternation() -> tuple[str, dict[str, str]]:
    """One regex alternation over all category names (longer names first), a group each."""
    entries = [(key, p) for key, patterns in load_yaml("loss_categories.yaml").items()
               for p in patterns]
    entries.sort(key=lambda e: len(e[1]), reverse=True)
    groups = {f"c{i}": key for i, (key, _p) in enumerate(entries)}
    alt = "|".join(f"(?P<c{i}>{p})" for i, (_key, p) in enumerate(entries))
    return alt, groups


def category_key(phrase: str) -> str | None:
    """The lexicon key of a category phrase (longest match wins), or None."""
    best: tuple[int, str] | None = None
    for key, rx in _categories():
        for m in rx.finditer(phrase):
            n = m.end() - m.start()
            if best is None or n > best[0]:
                best = (n, key)
    return best[1] if best else None


def _snake(phrase: str) -> str:
    s = re.sub(r"[^\w]+", "_", phrase.strip().lower()).strip("_")
    return s


# --- fragments ------------------------------------------------------------------------------

DASH = r"(?:\s*[‒–—―−]+\s*|\s+-+\s*|-+\s+)"
_UNIT1 = (r"(?:од\.?|одиниць|осіб|ос\.|ед\.?|единиц|человек|чел\.?|units?|pcs\.?|persons|people)"
          r"(?:\s+(?:were\s+liquidated|liquidated|ліквідовано|ликвидировано|знищено|уничтожено))?")
UNIT = rf"{_UNIT1}(?:\s*/\s*{_UNIT1})?"
DAILY = r"\(\s*(?P<daily>[+-]?\s*\d[\d\s,\u00a0\u202f]*)\)"


def _daily(s: str | None) -> int | None:
    return int(re.sub(r"[\s,\u00a0\u202f+]", "", s)) if s else None


HEADER_ABOUT = re.compile(r"approximately|орієнтовно|приблизно|ориентировочно|примерно", re.I)

# --- items -----------------------------------------------------------------------------------

@dataclass
class _Item:
    start: int
    end: int
    key: str
    value: int
    known: bool
    style: str  # "list" | "prose"
    qual: str | None = None
    daily: int | None = None


@lru_cache(maxsize=1)
def _list_rx() -> re.Pattern[str]:
    return re.compile(
        rf"(?P<dash>{DASH}|\s*:\s*)(?:(?P<qual>{QUAL})\s*)?(?P<num>{DIGITS})(?!\.\d)"
        rf"(?:\s*{DAILY})?(?:\s*(?P<unit>{UNIT})(?![\w]))?",
        re.I,
    )


_PHRASE_STOP = set(",;:.\n\t()[]•·▪●|")


def _list_items(text: str) -> list[_Item]:
    items = []
    for m in _list_rx().finditer(text):
        i = m.start()
        j = i
        while j > 0 and text[j - 1] not in _PHRASE_STOP and i - j < 80:
            j -= 1
        phrase = text[j:i]
        lead = re.match(r"[^\w]*(?:(?:and|та|і|и)\s+)?", phrase)
        off = lead.end() if lead else 0
        phrase_clean = phrase[off:].rstrip()
        if not phrase_clean or not re.search(r"[^\W\d_]", phrase_clean):
            continue
        if len(phrase_clean.split()) > 7:
            continue
        key = category_key(phrase_clean)
        known = key is not None
        if key is None:
            if not re.fullmatch(r"[^\W\d_][\w /'’-]*", phrase_clean):
                continue
            key = _snake(phrase_clean)
        value = parse_number(m.group("num"))
        if value is None:
            continue
        daily = _daily(m.group("daily"))
        items.append(_Item(j + off, m.end(), key, value, known, "list",
                           qualifier_of(m.group("qual")), daily))
    return items


_MODS = (r"russian|russia['’]s|ukrainian|enemy|enemy['’]s|more|other|additional|occupying|"
         r"invading|units\s+of|pieces\s+of|of\s+the\s+enemy['’]s|ворожих|російських|"
         r"окупантських|одиниц\w*|вражеских|российских|украинских|українських|единиц\w*|"
         r"russian-made|modern|advanced|military|[a-z]{1,3}-\d{1,4}[a-z]?\w*|"
         r"of\s+the\s+(?:russian|ukrainian)\s+side")


@lru_cache(maxsize=1)
def _prose_rx() -> tuple[re.Pattern[str], dict[str, str]]:
    cats, groups = _category_alternation()
    rx = re.compile(
        rf"(?:(?P<qual>{QUAL}|between)\s+)?(?<![\w.,/-])(?P<num>{num_pattern()})"
        rf"(?:\s*(?:-|–|to|and)\s*{DIGITS})?(?:\s*{DAILY})?\s+"
        rf"(?:(?:{_MODS})\s+){{0,3}}"
        rf"(?:{cats})(?![\w-])",
        re.I,
    )
    return rx, groups


@lru_cache(maxsize=1)
def _surrender_rx() -> re.Pattern[str]:
    """'694 Ukrainian servicemen surrendered', 'nearly 1,000 had surrendered': prisoners taken
    are the other side's personnel losses."""
    return re.compile(
        rf"(?:(?P<qual>{QUAL})\s+)?(?<![\w.,/-])(?P<num>{num_pattern()})\s+(?:(?:{_MODS})\s+){{0,3}}"
        rf"(?:(?:soldiers?|servicem[ae]n|troops|fighters|defenders|marines|personnel)\s+)?"
        rf"(?:(?:had|have|has)\s+)?(?:surrendered|(?:were|was)\s+taken\s+prisoner|laid\s+down\s+(?:their\s+)?arms)",
        re.I)


@lru_cache(maxsize=1)
def _category_index() -> PrefixIndex:
    return PrefixIndex([rx for _, rx in _categories()])


def _prose_windows(text: str) -> list[tuple[int, int]]:
    """The loss-cue sentences in which a category name can begin at a word start (the prose
    pattern needs one after a number; the others cannot match)."""
    index = _category_index()
    return [(a, b) for a, b in windows(text, LOSS_CUE) if index.candidates(text[a:b]) != frozenset()]


def _prose_items(text: str) -> list[_Item]:
    rx, groups = _prose_rx()
    items = []
    cue_windows = windows(text, LOSS_CUE)
    index = _category_index()
    prose_windows = [(a, b) for a, b in cue_windows if index.candidates(text[a:b]) != frozenset()]
    for m in (m for a, b in prose_windows for m in rx.finditer(text, a, b)):
        # one category group takes part in a match, and it closes last: m.lastgroup
        last = m.lastgroup
        if last in groups and m.group(last) is not None:
            key = groups[last]
        else:
            key = next(groups[g] for g in groups if m.group(g) is not None)
        value = parse_number(m.group("num"))
        if value is None:
            continue
        start = m.start("qual") if m.group("qual") else m.start("num")
        items.append(_Item(start, m.end(), key, value, True, "prose", qualifier_of(m.group("qual")),
                           _daily(m.group("daily"))))
    for a, b in cue_windows:
        if "surrender" not in text[a:b].lower() and "prisoner" not in text[a:b].lower() and \
                "arms" not in text[a:b].lower():
            continue
        for m in _surrender_rx().finditer(text, a, b):
            value = parse_number(m.group("num"))
            if value is None or any(i.start <= m.start("num") < i.end for i in items):
                continue
            start = m.start("qual") if m.group("qual") else m.start("num")
            items.append(_Item(start, m.end(), "personnel", value, True, "prose",
                               qualifier_of(m.group("qual"))))
    return sorted(items, key=lambda i: i.start)


# --- statements ------------------------------------------------------------------------------

_GAP_VERB = (r"(?:also\s+)?(?:destroyed|killed|eliminated|wiped\s+out|knocked\s+out|lost|"
             r"знищили|знищено|знищив|ліквідували|уничтожили|уничтожено|потеряли|потеряла|втратили)")
_GAP = re.compile(rf"[^\w]*(?:(?:and|as\s+well\s+as|plus|та|і|й|и|а\s+також)(?!\w)[^\w]*"
                  rf"(?:{_GAP_VERB}(?!\w)[^\w]*)?)?", re.I)
LOSS_CUE = re.compile(
    r"destroy|kill|eliminat|liquidat|lost|losses|loss|neutrali[sz]|wiped|knocked\s+out|"
    r"captur|seiz|surrender|casualt|suffer|"
    r"знищ|ліквід|втрат|вбит|уничтож|ликвид|потер|убит", re.I)
# Words that make personnel-only figures a loss tally rather than a casualty count.
TALLY_CUE = re.compile(
    r"destroy|eliminat|liquidat|\blost\b|losses|neutrali[sz]|wiped\s+out|surrender|captur|"
    r"suffered|casualties\s+of\s+war|so\s+far\s+in\s+the|знищ|ліквід|втрат|"
    r"уничтож|ликвид|потер", re.I)
DAY_CUE = re.compile(
    r"previous\s+day|past\s+day|last\s+day|past\s+24\s+hours|last\s+24\s+hours|over\s+the\s+day|"
    r"yesterday|overnight|during\s+the\s+day|за\s+(?:минулу\s+|останню\s+)?добу|"
    r"за\s+(?:прошедшие\s+|последние\s+)?сутки|минулої\s+доби", re.I)
CUM_CUE = re.compile(
    r"\btotal\b|\bsince\b|\bfrom\s+\d{1,2}\.\d{2}|\boverall\b|\bso\s+far\b|\bto\s+date\b|"
    r"загальн|з\s+початку|з\s+24|всего|с\s+начала|с\s+24|от\s+24|общие|за\s+весь\s+период", re.I)
_DATE = r"\d{1,2}\.\d{2}(?:\.\d{2,4})?"
_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
           r"December)")
PERIOD_START = re.compile(
    rf"(?:from|since|з|із|с|от)\s+(?:the\s+)?({_DATE}|{_MONTHS}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|"
    rf"\d{{1,2}}\s+{_MONTHS}(?:\s+\d{{4}})?)", re.I)
PERIOD_END = re.compile(
    rf"(?:to|till|until|по|до)\s+(?:the\s+)?({_DATE}|{_MONTHS}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|"
    rf"\d{{1,2}}\s+{_MONTHS}(?:\s+\d{{4}})?)", re.I)
_RUSSIA = re.compile(r"russia|росі|рф\b|окупант|рашист|россий|росс|оккупант|invader|occupier|"
                     r"occupant|rashist|orcs\b", re.I)
_UKRAINE = re.compile(r"ukrain|україн|украин|ЗСУ|ВСУ|AFU\b|APU\b", re.I)
_ENEMY = re.compile(r"enemy|ворог|противник", re.I)
_CLAIMANT_NOUN = re.compile(
    r"\s*(?:army|military|forces|armed\s+forces|general\s+staff|ministry|defen[cs]e|officials?|"
    r"government|president|air\s+force|командуван|генштаб|міноборон|минобороны|армі|арми)", re.I)


_SIDES = ((_RUSSIA, "Russia"), (_UKRAINE, "Ukraine"), (_ENEMY, "enemy"))
_OF_SIDE = re.compile(r"\s*(?:of|від|из|у)\s+(?:the\s+)?(?:armed\s+forces\s+of\s+)?(?:the\s+)?(\w+)",
                      re.I)


def _side(word: str) -> str | None:
    for rx, name in _SIDES:
        if rx.match(word):
            return name
    return None


def _about(text: str, items_text: str, prefix: str, after: str) -> str | None:
    """Whose losses: the side named in the items, right after them, or in the lead-in."""
    for rx, name in _SIDES:
        if rx.search(items_text):
            return name
    m = _OF_SIDE.match(after)
    if m and _side(m.group(1)):
        return _side(m.group(1))
    m = re.search(r"(?:losses|втрати|потери)\s+(?:of\s+)?(?:the\s+)?(?:armed\s+forces\s+of\s+)?"
                  r"(?:the\s+)?(\w+)", prefix, re.I)
    if m and _side(m.group(1)):
        return _side(m.group(1))
    m = re.search(r"(\w+)['’]s?\s+(?:\w+\s+)?(?:losses|casualties)", prefix, re.I)
    if m and _side(m.group(1)):
        return _side(m.group(1))  # "Russia's combat losses"
    best = None
    for rx, name in _SIDES:
        for m in rx.finditer(prefix):
            rest = prefix[m.end():]
            if re.search(r"(?:\bin|\bnear|\bу|\bв|\bна)\s+(?:the\s+)?$", prefix[:m.start()], re.I):
                continue  # "losses in Ukraine": a place
            if _LOSER_VERB.search(rest):
                return name  # "Armed Forces of Ukraine lost ...", "the enemy lost ..."
            if _AGENT_VERB.search(rest):
                continue  # "Russian troops destroyed ...": the side that inflicted the losses
            word_end = re.match(r"\w*", rest).end() + m.end()
            if _CLAIMANT_NOUN.match(prefix, word_end):
                continue  # "Ukrainian army reported": the claimant, not the loser
            if best is None or m.start() > best[0]:
                best = (m.start(), name)
    return best[1] if best else None


_LOSER_VERB = re.compile(r"\b(?:lost|loses|losing|suffered)\b|втратил|втрачає|потерял|теряет", re.I)
_AGENT_VERB = re.compile(
    r"\b(?:destroyed|destroys|eliminated|killed|liquidated|neutrali[sz]ed|wiped\s+out|shot\s+down)"
    r"\b|знищил|знищив|ліквідувал|уничтожил|ликвидировал", re.I)


def _group(items: list[_Item], text: str) -> list[list[_Item]]:
    groups: list[list[_Item]] = []
    for it in items:
        if groups:
            prev = groups[-1][-1]
            gap = text[prev.end:it.start]
            if len(gap) <= 40 and _GAP.fullmatch(gap):
                groups[-1].append(it)
                continue
        groups.append([it])
    return groups


def find_loss_tallies(text: str, *, exclude: list[tuple[int, int]] | None = None) -> list[Tally]:
    """Every loss tally in ``text``; ``exclude`` spans (e.g. interceptions) are skipped."""
    if exclude is None:
        exclude = [(i.start, i.end) for i in find_interceptions(text)]
    list_items = _list_items(text)
    taken = [(i.start, i.end) for i in list_items]

    def free(a: int, b: int, spans) -> bool:
        return all(b <= s or a >= e for s, e in spans)

    prose = [i for i in _prose_items(text) if free(i.start, i.end, taken)]
    prose = [i for i in prose if free(i.start, i.end, exclude) or i.key not in _AERIAL]
    items = sorted(list_items + prose, key=lambda i: i.start)
    out = []
    for grp in _group(items, text):
        known = [i for i in grp if i.known]
        if not known:
            continue
        if len(known) < 2:
            grp = known
        start = sentence_start(text, grp[0].start)
        end = max(sentence_end(text, grp[-1].end), grp[-1].end)
        stmt = text[start:end]
        if len(grp) == 1 and not LOSS_CUE.search(stmt):
            continue
        if grp[0].style == "prose" and not LOSS_CUE.search(stmt):
            continue
        if {i.key for i in grp} == {"personnel"} and not TALLY_CUE.search(stmt):
            continue  # "two soldiers killed" is a casualty figure, not a loss tally
        quantities: dict[str, int] = {}
        daily: dict[str, int] = {}
        quals: dict[str, str] = {}
        spans: list[tuple[int, int, str]] = []
        for it in grp:
            if it.key in quantities:
                continue
            quantities[it.key] = it.value
            if it.daily is not None:
                daily[it.key] = it.daily
            if it.qual:
                quals[it.key] = it.qual
            spans.append((it.start, it.end, it.key))
        prefix = text[start:grp[0].start]
        qualifier = "about" if HEADER_ABOUT.search(prefix) else next(iter(quals.values()), None)
        if daily or CUM_CUE.search(stmt):
            period = "cumulative"
        elif DAY_CUE.search(stmt):
            period = "day"
        else:
            period = "cumulative" if grp[0].style == "list" else "day"
        ps = PERIOD_START.search(prefix) or PERIOD_START.search(stmt)
        pe = PERIOD_END.search(prefix[ps.end():] if ps and ps.end() <= len(prefix) else prefix)
        items_text = text[grp[0].start:grp[-1].end]
        if any((t.start, t.end) == (start, end) for t in out):
            start, end = grp[0].start, grp[-1].end  # two tallies in one sentence: own spans
        out.append(Tally(
            start=start, end=end, quantities=quantities, daily=daily, qualifier=qualifier,
            period=period, period_start=ps.group(1) if ps else None,
            about_hint=_about(text, items_text, prefix, text[grp[-1].end:grp[-1].end + 80]),
            spans=spans,
            period_end=pe.group(1) if pe else None, qualifiers=quals,
        ))
    return out


_AERIAL = {"uavs", "cruise_missiles", "aircraft", "helicopters"}


