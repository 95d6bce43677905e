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
from importlib import resources

import yaml

from ..nlp.numbers_uk_ru import number_words_pattern, parse_number_uk_ru

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


@dataclass(frozen=True)
class Interception:
    start: int
    end: int
    launched: int | None
    destroyed: int | None
    weapon: str | None
    origin: str | None
    spans: list[tuple[int, int, str]]


# --- lexicons -------------------------------------------------------------------------------

def _load_yaml(name: str):
    path = resources.files("warledger") / "data" / "lexicons" / name
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _categories() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for key, patterns in _load_yaml("loss_categories.yaml").items():
        for p in patterns:
            out.append((key, re.compile(rf"(?<![\w-])(?:{p})(?![\w-])", re.I)))
    return out


@lru_cache(maxsize=1)
def _category_alternation() -> tuple[str, dict[str, str]]:
    """One regex alternation over all category names (longer names first), a group each."""
    entries = [(key, p) for key, patterns in _load_yaml("loss_categories.yaml").items()
               for p in patterns]
    entries.sort(key=lambda e: len(e[1]), reverse=True)
    groups = {f"c{i}": key for i, (key, _p) in enumerate(entries)}
    alt = "|".join(f"(?P<c{i}>{p})" for i, (_key, p) in enumerate(entries))
    return alt, groups


@lru_cache(maxsize=1)
def _weapons() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for entry in _load_yaml("interception_weapons.yaml"):
        pat = "|".join(f"(?:{p})" for p in entry["patterns"])
        out.append((entry["name"], re.compile(rf"(?<![\w])(?:{pat})(?![\w])", re.I)))
    return out


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


# --- shared fragments ------------------------------------------------------------------------

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
DASH = r"(?:\s*[‒–—―−]+\s*|\s+-+\s*|-+\s+)"
_UNIT1 = (r"(?:од\.?|одиниць|осіб|ос\.|ед\.?|единиц|человек|чел\.?|units?|pcs\.?|persons|people)"
          r"(?:\s+(?:were\s+liquidated|liquidated|ліквідовано|ликвидировано|знищено|уничтожено))?")
UNIT = rf"{_UNIT1}(?:\s*/\s*{_UNIT1})?"
DAILY = r"\(\s*(?P<daily>[+-]?\s*\d[\d\s,\u00a0\u202f]*)\)"


def _daily(s: str | None) -> int | None:
    return int(re.sub(r"[\s,\u00a0\u202f+]", "", s)) if s else None


HEADER_ABOUT = re.compile(r"approximately|орієнтовно|приблизно|ориентировочно|примерно", re.I)

_ws = re.compile(r"\s+")


def _qualifier(word: str | None) -> str | None:
    if not word:
        return None
    w = _ws.sub(" ", word.strip().lower())
    return _QUAL_MAP.get(w, "at least")


@lru_cache(maxsize=1)
def _num_pattern() -> str:
    return rf"(?:{DIGITS}|{EN_WORDS}|{number_words_pattern()})"


def parse_number(s: str) -> int | None:
    s = s.strip()
    digits = re.sub(r"[\s\u00a0\u202f,]", "", s)
    if digits.isdigit():
        return int(digits)
    v = en_words_to_int(s)
    return v if v is not None else parse_number_uk_ru(s)


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
                           _qualifier(m.group("qual")), daily))
    return items


_MODS = (r"russian|russia['’]s|ukrainian|enemy|enemy['’]s|more|other|additional|occupying|"
         r"invading|units\s+of|pieces\s+of|of\s+the\s+enemy['’]s|ворожих|російських|"
         r"окупантських|одиниц\w*|вражеских|российских|украинских|українських|единиц\w*|"
         r"russian-made|modern|advanced")


@lru_cache(maxsize=1)
def _prose_rx() -> tuple[re.Pattern[str], dict[str, str]]:
    cats, groups = _category_alternation()
    rx = re.compile(
        rf"(?:(?P<qual>{QUAL})\s+)?(?<![\w.,/-])(?P<num>{_num_pattern()})(?:\s*{DAILY})?\s+"
        rf"(?:(?:{_MODS})\s+){{0,3}}"
        rf"(?:{cats})(?![\w-])",
        re.I,
    )
    return rx, groups


def _windows(text: str, cue: re.Pattern[str]) -> list[tuple[int, int]]:
    """The sentences holding a match of ``cue``, merged: the only places worth a slow regex."""
    out: list[tuple[int, int]] = []
    for m in cue.finditer(text):
        if out and m.start() < out[-1][1]:
            continue
        a = _sentence_start(text, m.start())
        b = max(_sentence_end(text, m.end()), m.end())
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _prose_items(text: str) -> list[_Item]:
    rx, groups = _prose_rx()
    items = []
    for m in (m for a, b in _windows(text, LOSS_CUE) for m in rx.finditer(text, a, b)):
        key = next(groups[g] for g in groups if m.group(g) is not None)
        value = parse_number(m.group("num"))
        if value is None:
            continue
        start = m.start("qual") if m.group("qual") else m.start("num")
        items.append(_Item(start, m.end(), key, value, True, "prose", _qualifier(m.group("qual")),
                           _daily(m.group("daily"))))
    return items


# --- statements ------------------------------------------------------------------------------

_GAP_VERB = (r"(?:also\s+)?(?:destroyed|killed|eliminated|wiped\s+out|knocked\s+out|lost|"
             r"знищили|знищено|знищив|ліквідували|уничтожили|уничтожено|потеряли|потеряла|втратили)")
_GAP = re.compile(rf"[^\w]*(?:(?:and|as\s+well\s+as|plus|та|і|й|и|а\s+також)(?!\w)[^\w]*"
                  rf"(?:{_GAP_VERB}(?!\w)[^\w]*)?)?", re.I)
_SENT_END = re.compile(r"[.!?](?=\s|$)|\n")
LOSS_CUE = re.compile(
    r"destroy|kill|eliminat|liquidat|lost|losses|loss|neutrali[sz]|wiped|knocked\s+out|"
    r"знищ|ліквід|втрат|вбит|уничтож|ликвид|потер|убит", re.I)
# Words that make personnel-only figures a loss tally rather than a casualty count.
TALLY_CUE = re.compile(
    r"destroy|eliminat|liquidat|\blost\b|losses|neutrali[sz]|wiped\s+out|знищ|ліквід|втрат|"
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


def _sentence_start(text: str, pos: int, limit: int = 600) -> int:
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


def _sentence_end(text: str, pos: int, limit: int = 1000) -> int:
    m = _SENT_END.search(text, pos, pos + limit)
    if m is None:
        return len(text) if len(text) - pos <= limit else pos
    return m.end() if m.group() != "\n" else m.start()


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
        start = _sentence_start(text, grp[0].start)
        end = max(_sentence_end(text, grp[-1].end), grp[-1].end)
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


# --- interceptions ---------------------------------------------------------------------------

VERB_DOWN = (r"shot\s+down|downed|intercepted|neutrali[sz]ed|збито|збили|збив|збила|"
             r"перехоплено|перехопили|сбито|сбили|сбиты|перехвачено|перехватили|перехвачены")
VERB_DESTROY = r"destroyed|знищено|знищили|знищила|знищив|уничтожено|уничтожены|уничтожили"
VERB_LAUNCH = (r"launched|fired|used|attacked\s+(?:\w+\s+){0,3}?with|запустил\w*|випустил\w*|"
               r"атакува\w*|застосува\w*|выпустил\w*|атаковал\w*|применил\w*|запустив|випустив")
_OF = r"(?:out\s+of|of|з|із|зі|из)"
_ALL = r"(?:all|усі|всі|все)"
_ORIGIN = (r"Iranian[- ]made|Iranian|Russian[- ]made|North\s+Korean|іранськ\w*|"
           r"іранського\s+виробництва|иранск\w*|иранского\s+производства")
_WMOD = (r"suicide|attack|kamikaze|strike|combat|loitering|ударн\w*|камікадзе|камикадзе|"
         r"російськ\w*|ворож\w*|российск\w*|вражеск\w*|enemy|Russian|jet-powered|\d{3}")
_BE = r"(?:were|was|have\s+been|had\s+been|has\s+been|було|були|был[иао]?)"
_VERB_CUE = re.compile(rf"(?<!\w)(?:{VERB_DOWN}|{VERB_DESTROY})(?!\w)", re.I)
_AD_CUE = re.compile(r"air\s+defen[cs]e|anti-aircraft|ППО|ПВО|air\s+force|повітрян|воздушн|"
                     r"shot\s+down|intercept|launched|атакува|запусти|випусти", re.I)
_FAMILIES = {
    "drones": {"Shahed-136", "Shahed-131", "Shahed drones", "drones"},
    "missiles": {"Kalibr cruise missiles", "Kh-101 cruise missiles", "Kinzhal missiles",
                 "Iskander missiles", "cruise missiles", "ballistic missiles", "guided missiles",
                 "missiles"},
}


def _family(weapon: str | None) -> str | None:
    return next((f for f, names in _FAMILIES.items() if weapon in names), None)


@lru_cache(maxsize=1)
def _weapon_fragment() -> str:
    heads = "|".join(f"(?:{rx.pattern})" for _, rx in _weapons())
    return (rf"(?:(?P<origin>{_ORIGIN})\s+)?(?P<weapon>(?:(?:{_WMOD}|{heads})[\s-]+){{0,4}}"
            rf"(?:{heads})(?:\s+(?:типу|type)\s+[«\"“]?(?:{heads})[»\"”]?(?:/\d{{3}})?)?)")


@lru_cache(maxsize=1)
def _interception_rxs() -> list[tuple[str, re.Pattern[str]]]:
    weapon = _weapon_fragment()
    n = _num_pattern()
    total = r"(?:(?:a\s+total\s+of|in\s+total|загалом|всього|всего)\s+)?"
    fill = r"(?:\s+[\w'’-]+){0,6}?"
    verb = rf"(?P<verb>{VERB_DOWN}|{VERB_DESTROY})"
    tail = r"(?=\s*[.,;:)!?]|\s*$|\s+(?:запущен\w*|випущен\w*|launched|fired|выпущен\w*))"
    pats = [
        ("of", rf"{verb}\s+{total}(?P<d>{n})\s+{_OF}\s+(?:the\s+)?(?P<l>{n})\s+{weapon}"),
        ("of_passive", rf"(?P<d>{n})\s+{_OF}\s+(?:the\s+)?(?P<l>{n})\s+{weapon}{fill}\s+"
                       rf"(?:{_BE}\s+)?{verb}"),
        ("of_after", rf"{verb}\s+{total}(?P<d>{n})\s+{weapon}\s+{_OF}\s+(?P<l>{n}){tail}"),
        ("all", rf"{_ALL}\s+(?P<a>{n})\s+{weapon}{fill}\s+(?:{_BE}\s+)?{verb}"),
        ("all_active", rf"{verb}\s+{_ALL}\s+(?:(?:the|of\s+the)\s+)?(?P<a>{n})\s+{weapon}"),
        ("launched", rf"(?:{VERB_LAUNCH})\s+{total}(?P<l>{n})\s+{weapon}[^.]{{0,120}}?"
                     rf"(?:(?P<d>{n})\s+(?:of\s+(?:them|which)|з\s+них|із\s+них|из\s+них)|"
                     rf"(?:of\s+which|з\s+них|із\s+них|из\s+них)\s+(?P<d2>{n}))\s+"
                     rf"(?:{_BE}\s+)?{verb}"),
        ("down", rf"{verb}\s+{total}(?P<d>{n})\s+{weapon}"),
        ("down_passive", rf"(?P<d>{n})\s+{weapon}\s+(?:{_BE}\s+)?(?P<verb>{VERB_DOWN})"),
    ]
    return [(name, re.compile(p, re.I)) for name, p in pats]


@lru_cache(maxsize=1)
def _continuation_rx() -> re.Pattern[str]:
    n = _num_pattern()
    return re.compile(
        rf"(?:\s*,\s*|\s+)(?:(?:and|as\s+well\s+as|та|і|й|и)\s+)?(?:(?P<all>{_ALL})\s+)?"
        rf"(?P<d>{n})(?:\s+{_OF}\s+(?:the\s+)?(?P<l>{n}))?\s+{_weapon_fragment()}", re.I)


@lru_cache(maxsize=1)
def _launch_rx() -> re.Pattern[str]:
    return re.compile(rf"(?:{VERB_LAUNCH})\s+(?:(?:a\s+total\s+of|загалом)\s+)?"
                      rf"(?P<l>{_num_pattern()})\s+{_weapon_fragment()}", re.I)


def _weapon_name(phrase: str) -> str | None:
    for name, rx in _weapons():
        if rx.search(phrase):
            return name
    return None


def _launches(text: str) -> list[tuple[int, int, int, str | None]]:
    """"launched 40 Shahed drones and 5 Kh-101 missiles": (start, end, count, weapon) each."""
    out = []
    cont = _continuation_rx()
    for m in _launch_rx().finditer(text):
        n = parse_number(m.group("l"))
        if n is not None:
            out.append((m.start("l"), m.end("l"), n, _weapon_name(m.group("weapon"))))
        pos = m.end()
        while (c := cont.match(text, pos)) and not c.group("l") and not c.group("all"):
            n = parse_number(c.group("d"))
            if n is not None:
                out.append((c.start("d"), c.end("d"), n, _weapon_name(c.group("weapon"))))
            pos = c.end()
    return out


def find_interceptions(text: str) -> list[Interception]:
    """Every interception claim in ``text`` (launched/destroyed counts, weapon, origin).

    "shot down 29 drones and three cruise missiles" gives one claim per weapon; a count
    launched that an earlier clause gives ("Russia launched 40 drones ...; air defence
    destroyed 35 drones") completes a claim of the same weapon family.
    """
    found: list[Interception] = []
    taken: list[tuple[int, int]] = []
    cont = _continuation_rx()
    windows = _windows(text, _VERB_CUE)
    for name, rx in _interception_rxs():
        for m in (m for a, b in windows for m in rx.finditer(text, a, b)):
            if any(not (m.end() <= s or m.start() >= e) for s, e in taken):
                continue
            verb = m.group("verb").lower()
            sent_start = _sentence_start(text, m.start())
            sent_end = max(_sentence_end(text, m.end()), m.end())
            destroy_only = re.fullmatch(VERB_DESTROY, verb, re.I) is not None
            context = text[max(0, sent_start - 300):sent_end]
            if name == "down" and destroy_only and not _AD_CUE.search(context):
                continue  # "destroyed 5 drones" alone is a loss tally, not an interception
            item = _interception(m, sent_start, sent_end)
            if item is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(item)
            pos = m.end()
            while name in ("down", "all_active", "of") and (c := cont.match(text, pos)):
                if any(not (c.end() <= s or c.start() >= e) for s, e in taken):
                    break
                # A further weapon in the same sentence gets its own span ("three cruise
                # missiles"), so that every claim has distinct evidence.
                start = c.start("all") if c.group("all") else c.start("d")
                item = _interception(c, start, c.end())
                if item is None:
                    break
                taken.append((c.start(), c.end()))
                found.append(item)
                pos = c.end()
    found = _complete_launched(text, found)
    return sorted(found, key=lambda i: (i.start, i.spans[0][0]))


def _complete_launched(text: str, found: list[Interception]) -> list[Interception]:
    if not any(i.launched is None for i in found):
        return found
    launches = _launches(text)
    out = []
    for item in found:
        if item.launched is None and item.destroyed is not None:
            first = min(s for s, _e, _k in item.spans)
            fam = _family(item.weapon)
            near = [la for la in launches
                    if la[1] <= first and first - la[1] <= 600 and fam is not None
                    and _family(la[3]) == fam and la[2] >= item.destroyed]
            if near:
                s, e, n, _w = near[-1]
                item = Interception(
                    start=item.start, end=item.end, launched=n, destroyed=item.destroyed,
                    weapon=item.weapon, origin=item.origin,
                    spans=sorted([*item.spans, (s, e, "launched")]))
        out.append(item)
    return out


def _interception(m: re.Match[str], start: int, end: int) -> Interception | None:
    groups = m.groupdict()
    spans: list[tuple[int, int, str]] = []
    launched = destroyed = None
    if groups.get("a"):
        launched = destroyed = parse_number(groups["a"])
        spans.append((m.start("a"), m.end("a"), "launched"))
        spans.append((m.start("a"), m.end("a"), "destroyed"))
    for g, key in (("l", "launched"), ("d", "destroyed"), ("d2", "destroyed")):
        if groups.get(g):
            value = parse_number(groups[g])
            if key == "launched":
                launched = value
            else:
                destroyed = value
            spans.append((m.start(g), m.end(g), key))
    if groups.get("all") and launched is None:
        launched = destroyed
        spans.append((m.start("d"), m.end("d"), "launched"))
    if launched is not None and destroyed is not None and destroyed > launched:
        return None
    spans.append((m.start("weapon"), m.end("weapon"), "weapon"))
    origin = groups.get("origin")
    if origin:
        spans.append((m.start("origin"), m.end("origin"), "origin"))
    return Interception(
        start=start, end=end, launched=launched, destroyed=destroyed,
        weapon=_weapon_name(groups["weapon"]), origin=origin, spans=sorted(spans))
