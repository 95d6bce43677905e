"""Casualty figures in a sentence: who died, who was hurt, how many, how sure.

``find_casualties(text)`` returns every fatality and injury figure with its character span
(relative to ``text``), following ACLED's coding rules:

* only deaths are fatalities; injuries are kept apart;
* "at least N" gives N, "more than N" gives N (the most conservative figure);
* vague words become ACLED's conventional numbers ("dozens" 12, "hundreds" 100, "several"
  or "many" 10, "a few" 3) and are flagged ``vague``;
* a sub-count ("killing 6 civilians, including 2 women") is not a separate figure;
* "no casualties", "no one was killed" give 0.

``conservative(casualties, kind)`` reduces the figures of one event to one number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from text_to_num import text2num

from .prefix import PrefixIndex

Kind = Literal["fatalities", "injuries"]


@dataclass(frozen=True)
class Casualty:
    start: int
    end: int
    text: str
    kind: Kind
    value: int
    raw: str
    qualifier: str | None = None
    vague: bool = False


# --- numbers -------------------------------------------------------------------------

_UNITS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    "eighty|ninety|hundred|thousand"
)
_WORDNUM = rf"(?:(?:{_UNITS})(?:(?:\s+and\s+|[\s-]+)(?:{_UNITS}))*)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
# Vague words and their ACLED values.
VAGUE_VALUES = {
    "dozens": 12, "scores": 12, "hundreds": 100, "thousands": 1000, "several": 10,
    "many": 10, "numerous": 10, "a few": 3, "few": 3, "a number of": 10, "multiple": 10,
    "some": 3,
}
_VAGUE = r"(?:dozens|scores|hundreds|thousands|several|many|numerous|a\s+few|a\s+number\s+of|multiple)"
_EXACT_ARTICLE = r"(?:a\s+dozen|a\s+hundred|a\s+thousand)"
_NUM = rf"(?:{_EXACT_ARTICLE}|{_DIGITS}|{_WORDNUM}|{_VAGUE})"

_QUALIFIERS = {
    "at least": "at least", "no fewer than": "at least", "no less than": "at least",
    "more than": "at least", "over": "at least", "upwards of": "at least", "at minimum": "at least",
    "about": "about", "around": "about", "nearly": "about", "almost": "about",
    "approximately": "about", "roughly": "about", "some": "about", "an estimated": "about",
    "estimated": "about", "close to": "about", "some of": None,
    "up to": "up to", "as many as": "up to",
}
_QUAL = (
    r"(?:at\s+least|no\s+fewer\s+than|no\s+less\s+than|more\s+than|over|upwards\s+of|"
    r"about|around|nearly|almost|approximately|roughly|some|an\s+estimated|estimated|"
    r"close\s+to|up\s+to|as\s+many\s+as)"
)

# --- the words around them -----------------------------------------------------------

_DEATH_VERB = (
    r"(?:(?:were|was|have\s+been|has\s+been|had\s+been|are|is|being|got|reportedly|reported|"
    r"later|also|all|allegedly|confirmed|feared|believed\s+to\s+have|believed|said\s+to\s+have|said|"
    r"have|has|had)\s+){0,3}"
    r"(?P<dverb>killed|dead|died|die|dies|shot\s+dead|gunned\s+down|slain|murdered|executed|"
    r"beheaded|perished|lost\s+their\s+lives|lost\s+his\s+life|lost\s+her\s+life|"
    r"burned\s+to\s+death|burnt\s+to\s+death|stabbed\s+to\s+death|beaten\s+to\s+death|"
    r"hacked\s+to\s+death|lynched|massacred|slaughtered|deaths|fatalities|bodies|corpses|"
    r"lives\s+lost|casualties\s+dead|KIA|among\s+the\s+dead|among\s+those\s+killed)"
)
_INJURY_VERB = (
    r"(?:(?:were|was|have\s+been|has\s+been|had\s+been|are|is|being|got|reportedly|reported|"
    r"later|also|all|allegedly|seriously|critically|badly|severely|slightly|lightly|others|"
    r"have|has|had)\s+){0,3}"
    r"(?P<iverb>wounded|injured|hurt|injuries|maimed|hospitali[sz]ed|wounds|WIA|among\s+the\s+(?:injured|wounded))"
)
# Words allowed between a number and its verb ("eight people had died", "two Ukrainian
# soldiers were wounded"); event and weapon nouns are not victims.
_NOUN_WORD = r"(?:\d+-[A-Za-z][A-Za-z-]*|[A-Za-z][A-Za-z'’.-]*)"
_NOT_VICTIM = re.compile(
    r"\b(?:attacks?|strikes?|airstrikes?|blasts?|explosions?|bombs?|bombings?|missiles?|rockets?|"
    r"shells?|mortars?|drones?|mines?|shelling|raids?|clashes|fighting|gunfire|ambush(?:es)?|"
    r"incidents?|days?|hours?|weeks?|months?|years?|times|tanks?|vehicles?|houses?|homes?|"
    r"buildings?|km|kilometers?|kilometres?|miles?|percent|per|cent|of|the|and|or|to|in|on|"
    r"at|by|after|before|while|when|which|who|that|with|from|as|said|says|say)\b",
    re.I,
)
_SUBCOUNT_BEFORE = re.compile(
    r"(?:including|includ(?:es|ed)|among\s+(?:them|whom|those)|of\s+(?:whom|them|which)|"
    r"among\s+the\s+dead|among\s+the\s+victims|incl\.)\s*(?:at\s+least\s+|some\s+)?$",
    re.I,
)
_AGE_AFTER = re.compile(r"^[\s-]*(?:year|years|yr|month|months|-year|%|percent|per\s+cent)", re.I)

_PAT_SUBJECT = re.compile(
    rf"(?<![\w])(?:(?P<qual>{_QUAL})\s+)?(?P<num>{_NUM}|an?)(?![\w-])(?:\s+of(?=\s))?"
    rf"(?P<noun>(?:\s+(?!(?:were|was|have|has|had|are|is|being|got)\b){_NOUN_WORD}){{0,4}}?)"
    rf"(?:\s*,\s*(?:including|among\s+them|most\s+of\s+them|mostly|aged)[^,.;]{{1,50}},)?"
    rf"\s+(?:(?:more|others|other\s+people)\s+)?(?:{_DEATH_VERB}|{_INJURY_VERB})(?![\w-])",
    re.I,
)
_PAT_OBJECT = re.compile(
    rf"(?<![\w-])(?P<verb>killing|killed|kills|kill|wounding|wounded|wounds|injuring|injured|"
    rf"injures|claimed|claiming|left|leaving)"
    rf"\s+(?:(?P<qual>{_QUAL})\s+)?(?P<num>{_NUM})(?![\w-])",
    re.I,
)
_OBJ_WORD = re.compile(r"\s+([A-Za-z][A-Za-z'’-]*)")
_PAT_TOLL = re.compile(
    rf"(?<![\w-])(?P<head>death\s+toll|toll|number\s+of\s+(?:[\w'’-]+\s+){{0,3}}?(?:dead|deaths|"
    rf"fatalities|victims|killed)|fatalities|injury\s+toll|number\s+of\s+(?:[\w'’-]+\s+){{0,3}}?"
    rf"(?:injured|wounded))"
    rf"(?:\s+[\w'’.-]+){{0,18}}?\s+(?:rose|rises|risen|climbed|climbs|jumped|reached|reaches|stands|stood|"
    rf"increased|is|was|has\s+reached|has\s+risen|had\s+risen|to|at|of|hit)"
    rf"(?:\s+(?:to|at))?\s+(?:(?P<qual>{_QUAL})\s+)?(?P<num>{_NUM})(?![\w-])",
    re.I,
)
_PAT_UNNUMBERED = re.compile(
    r"(?<![\w-])(?:there\s+(?:are|were|have\s+been)\s+(?:dead|deaths|fatalities|people\s+killed)|"
    r"(?:are|were)\s+dead\s+and\s+(?:wounded|injured))(?![\w-])",
    re.I,
)
_PAT_NONE = re.compile(
    r"(?<![\w-])(?:no\s+(?:casualties|victims|one\s+was\s+(?:hurt|harmed)|"
    r"reports?\s+of\s+casualties|immediate\s+reports?\s+of\s+casualties)|"
    r"without\s+(?:any\s+)?casualties|nobody\s+was\s+(?:hurt|harmed)|"
    r"there\s+were\s+no\s+(?:casualties|victims))(?![\w-])",
    re.I,
)
_PAT_NONE_KIND = re.compile(
    r"(?<![\w-])(?:no\s+(?:one|body)\s+was\s+(?P<k1>killed|injured|wounded|hurt)|"
    r"nobody\s+was\s+(?P<k2>killed|injured|wounded)|"
    r"no\s+(?P<k3>deaths|fatalities|injuries|dead|wounded|injured)\s+(?:were|was|have|had|reported)|"
    r"(?:there\s+were\s+|with\s+|caused\s+|causing\s+)no\s+(?P<k4>deaths|fatalities|injuries))"
    r"(?![\w-])",
    re.I,
)


def parse_number(raw: str) -> tuple[int, bool] | None:
    """The value of a number phrase and whether it is vague ("dozens" -> (12, True))."""
    s = re.sub(r"\s+", " ", raw.strip().lower())
    if not s:
        return None
    if s in ("a", "an"):
        return 1, False
    if s in VAGUE_VALUES:
        return VAGUE_VALUES[s], True
    if s.startswith(("a ", "an ")):
        s = "one " + s.split(" ", 1)[1]
    if s == "one dozen":
        return 12, False
    if re.fullmatch(r"[\d,]+", s):
        return int(s.replace(",", "")), False
    try:
        return int(text2num(s, "en")), False
    except (ValueError, TypeError):
        pass
    # "one hundred and twenty" style that text2num refused: sum the parts it can read
    try:
        return int(text2num(s.replace(" and ", " "), "en")), False
    except (ValueError, TypeError):
        return None


def _qualifier(raw: str | None) -> str | None:
    if not raw:
        return None
    return _QUALIFIERS.get(re.sub(r"\s+", " ", raw.lower()))


def _victim_noun_ok(noun: str) -> bool:
    noun = noun.strip()
    if not noun:
        return True
    noun = re.sub(r"\b\d+-(?:year|month)s?-old\b", "", noun)
    # "civilians and troops", "people in Donetsk republic": still the victims
    noun = re.sub(r"\band\s+(?=(?:people|troops|soldiers|civilians|children|women|men|"
                  r"servicemen|policemen|militiamen|fighters|residents|others)\b)", "", noun)
    noun = re.sub(r"\b(?:in|from|of)\s+(?:the\s+)?(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[a-z])\w*)?", "", noun)
    if re.search(r"\d", noun):
        return False
    return _NOT_VICTIM.search(noun) is None


def _preceded_by_subcount(text: str, start: int) -> bool:
    return _SUBCOUNT_BEFORE.search(text[max(0, start - 40):start]) is not None


def _is_year_or_age(text: str, m: re.Match[str]) -> bool:
    num = m.group("num")
    noun = m.groupdict().get("noun") or ""
    if re.fullmatch(r"(?:19|20)\d\d", num) and not _PERSON.search(noun):
        return True
    if re.search(r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
                 r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+$",
                 text[max(0, m.start("num") - 12):m.start("num")]):
        return True  # "on July 10 killed ...": a day of the month, not a count
    return _AGE_AFTER.match(text[m.end("num"):m.end("num") + 12]) is not None


# Words one of which every match of a pattern contains (lower-case substrings of its required
# verb or head): a pattern whose words are all absent from an ASCII text is not run.
_HARM_WORDS = ("kill", "dead", "die", "gunned", "slain", "murder", "execut", "behead", "perish",
               "lost", "lynch", "massacr", "slaughter", "death", "fatalit", "bodies", "corpse",
               "lives", "kia", "wound", "injur", "hurt", "maim", "hospitali", "wia")
_GATES = {
    "subject": _HARM_WORDS,  # _PAT_SUBJECT and _PAT_SINGULAR: a _DEATH_VERB or _INJURY_VERB
    "object": ("kill", "wound", "injur", "claim", "left", "leaving"),
    "object_one": ("kill", "wound", "injur"),
    "one_died": ("die", "succumb"),
    "named_died": ("kill", "die", "dead"),
    "a_dead": ("dead",),
    "toll": ("toll", "number", "fatalit"),
    "unnumbered": ("there", "dead"),
    "none": ("casualt", "victim", "hurt", "harm"),
    "none_kind": ("kill", "injur", "wound", "hurt", "death", "fatalit", "dead"),
}


def _scan(rx: re.Pattern[str], text: str, low: str | None, gate: str, where=None):
    """``rx.finditer(text)``, or nothing when the text lacks every word of the gate; with
    ``where`` (``PrefixIndex.positions``), tried only where a match can start."""
    if low is not None and not any(w in low for w in _GATES[gate]):
        return ()
    if where is not None:
        index, number = _index()
        i = number[rx]
        return index.matches_at(i, text, where[i]) if i in where else ()
    return rx.finditer(text)


@lru_cache(maxsize=1)
def _index() -> tuple[PrefixIndex, dict[re.Pattern[str], int]]:
    pats = [_PAT_SUBJECT, _PAT_OBJECT, _PAT_SINGULAR, _PAT_OBJECT_ONE, _PAT_ONE_DIED,
            _PAT_NAMED_DIED, _PAT_TOLL, _PAT_UNNUMBERED, _PAT_NONE, _PAT_NONE_KIND, _PAT_A_DEAD]
    return PrefixIndex(pats), {rx: i for i, rx in enumerate(pats)}


def find_casualties(text: str) -> list[Casualty]:
    """Every fatality and injury figure in ``text``, in text order, without overlaps."""
    return list(_find_casualties(text))  # the pipeline asks again for the same sentence


@lru_cache(maxsize=256)
def _find_casualties(text: str) -> tuple[Casualty, ...]:
    return tuple(_casualties_in(text))


def _casualties_in(text: str) -> list[Casualty]:
    found: list[Casualty] = []
    # lower-casing is exact for ASCII only (re.I also folds "ſ", "K"...): else no gate
    low = text.lower() if text.isascii() else None
    where = _index()[0].positions(text)

    def add(start: int, end: int, kind: Kind, raw: str, qual: str | None) -> None:
        parsed = parse_number(raw)
        if parsed is None:
            return
        value, vague = parsed
        q = _qualifier(qual)
        if qual and qual.lower() == "some" and vague:
            q = None
        found.append(Casualty(start, end, text[start:end], kind, value, raw, q, vague))

    for m in _scan(_PAT_SUBJECT, text, low, "subject", where):
        num = m.group("num")
        if _is_year_or_age(text, m) or _preceded_by_subcount(text, m.start()):
            continue
        noun = m.group("noun") or ""
        if num.lower() in ("a", "an") and (not noun.strip() or not _PERSON.search(noun)):
            continue
        if not _victim_noun_ok(noun):
            continue
        after = text[m.end():m.end() + 25]
        if m.group("dverb"):
            verb = m.group("dverb").lower()
            # "two missiles killed 5": an active verb with its own object is not a count
            if verb == "killed" and re.match(rf"\s+(?:{_QUAL}\s+)?(?:{_NUM})\b", after, re.I):
                continue
            if re.match(r"\s+and\s+(?:wounded|injured)\b", after, re.I):
                continue
            kind: Kind = "fatalities"
        else:
            verb = m.group("iverb").lower()
            if verb in ("wounded", "injured") and re.match(
                rf"\s+(?:{_QUAL}\s+)?(?:{_NUM})\b", after, re.I
            ):
                continue
            kind = "injuries"
        add(m.start(), m.end(), kind, num, m.group("qual"))

    for m in _scan(_PAT_OBJECT, text, low, "object", where):
        if _is_year_or_age(text, m):
            continue
        verb = m.group("verb").lower()
        # the object's words: "killing 6 civilians", "claimed 7 lives", "left 3 dead"
        words: list[str] = []
        end = m.end("num")
        pos = end
        while len(words) < 4:
            w = _OBJ_WORD.match(text, pos)
            if not w or _NOT_VICTIM.fullmatch(w.group(1)):
                break
            words.append(w.group(1).lower())
            pos = w.end()
            if w.group(1).lower() in ("lives", "dead", "wounded", "injured"):
                break
        last = words[-1] if words else ""
        if verb in ("claimed", "claiming"):
            if last != "lives":
                continue
            kind: Kind = "fatalities"
        elif verb in ("left", "leaving"):
            if last == "dead":
                kind = "fatalities"
            elif last in ("wounded", "injured"):
                kind = "injuries"
            else:
                continue
        elif verb.startswith("kill"):
            kind = "fatalities"
        else:
            kind = "injuries"
        if words:
            end = pos
        add(m.start(), end, kind, m.group("num"), m.group("qual"))

    for m in _scan(_PAT_SINGULAR, text, low, "subject", where):
        if _preceded_by_subcount(text, m.start()):
            continue
        if re.match(rf"\s+(?:{_QUAL}\s+)?(?:{_NUM})\b", text[m.end():m.end() + 25], re.I):
            continue
        value = 2 if m.group("noun").lower() == "couple" else 1
        kind = "fatalities" if m.group("dverb") else "injuries"
        found.append(Casualty(m.start("noun"), m.end(), text[m.start("noun"):m.end()], kind,
                              value, m.group("noun"), None, False))

    for rx, gate in ((_PAT_OBJECT_ONE, "object_one"), (_PAT_ONE_DIED, "one_died")):
        for m in _scan(rx, text, low, gate, where):
            if rx is _PAT_OBJECT_ONE and re.match(
                rf"\s*(?:{_QUAL}\s+)?(?:{_NUM})\b", text[m.end("verb"):m.end("verb") + 30], re.I
            ):
                continue
            if rx is _PAT_ONE_DIED:
                gap = m.group("gap")
                if re.search(rf"\b(?:{_WORDNUM}|{_VAGUE}|said|says|told|reported|claimed|people|"
                             rf"persons|others|and|killed|dead)\b", gap, re.I):
                    continue
            if _preceded_by_subcount(text, m.start()):
                continue
            verb = m.group("verb").lower()
            kind = "injuries" if verb.startswith(("wound", "injur")) else "fatalities"
            found.append(Casualty(m.start(), m.end(), m.group(0), kind, 1, m.group("noun"), None,
                                  False))
    for m in _scan(_PAT_NAMED_DIED, text, low, "named_died", where):
        found.append(Casualty(m.start(), m.end(), m.group(0), "fatalities", 1, m.group(0), None,
                              False))

    if low is None or "kill" in low:
        found.extend(_named_victims(text))

    for m in _scan(_PAT_A_DEAD, text, low, "a_dead", where):
        # "there is a dead man": one death, told as a thing seen
        found.append(Casualty(m.start(), m.end(), m.group(0), "fatalities", 1, m.group(0), None,
                              False))

    for m in _scan(_PAT_TOLL, text, low, "toll", where):
        if _is_year_or_age(text, m):
            continue
        head = m.group("head").lower()
        kind = "injuries" if ("injur" in head or "wounded" in head) else "fatalities"
        add(m.start(), m.end(), kind, m.group("num"), m.group("qual"))

    # deaths reported without a number: ACLED's figure for a small event (3), flagged vague
    for m in _scan(_PAT_UNNUMBERED, text, low, "unnumbered", where):
        found.append(Casualty(m.start(), m.end(), m.group(0), "fatalities", 3, m.group(0), None,
                              True))

    for m in _scan(_PAT_NONE, text, low, "none", where):
        found.append(Casualty(m.start(), m.end(), m.group(0), "fatalities", 0, m.group(0), None))
        found.append(Casualty(m.start(), m.end(), m.group(0), "injuries", 0, m.group(0), None))
    for m in _scan(_PAT_NONE_KIND, text, low, "none_kind", where):
        k = next(g for g in (m.group("k1"), m.group("k2"), m.group("k3"), m.group("k4")) if g)
        kind = "fatalities" if k.lower() in ("killed", "deaths", "fatalities", "dead") else "injuries"
        found.append(Casualty(m.start(), m.end(), m.group(0), kind, 0, m.group(0), None))

    return _dedupe(found)


_PERSON = re.compile(
    r"\b(?:people|troops|others|children|women|men|person|man|woman|boy|girl|child|baby|infant|teenager|civilian|soldier|serviceman|"
    r"servicewoman|officer|policeman|policewoman|guard|resident|worker|farmer|student|"
    r"journalist|reporter|protester|demonstrator|activist|fighter|militant|rebel|member|"
    r"commander|driver|passenger|pedestrian|villager|youth|teen|girl|elderly|pensioner|doctor|"
    r"nurse|volunteer|local|trooper|marine|sailor|pilot|gunman|attacker|suspect|priest|"
    r"official|employee|shepherd|herder|fisherman|citizen|national|mother|father|son|daughter|"
    r"wife|husband|colleague|paramedic|rescuer|firefighter|mp|deputy|mayor|leader|chief)s?\b",
    re.I,
)


_SINGULAR_NOUNS = (
    r"person|man|woman|boy|girl|child|baby|teenager|civilian|soldier|serviceman|servicewoman|"
    r"officer|policeman|policewoman|guard|resident|worker|farmer|student|journalist|reporter|"
    r"protester|demonstrator|activist|fighter|militant|militiaman|rebel|commander|driver|"
    r"passenger|pedestrian|villager|volunteer|trooper|pilot|priest|official|employee|citizen|"
    r"paramedic|rescuer|firefighter|mayor|couple"
)
_PAT_SINGULAR = re.compile(
    rf"(?<![\w-])(?P<noun>{_SINGULAR_NOUNS})"
    r"(?:\s+(?:of|from)\s+(?:the\s+)?(?-i:[A-Z])[\w'’-]+)?"
    r"(?:\s+(?:was|has\s+been|had\s+been|is|reportedly|allegedly|later))*"
    rf"\s+(?:{_DEATH_VERB}|{_INJURY_VERB})(?![\w-])",
    re.I,
)
_PAT_OBJECT_ONE = re.compile(
    rf"(?<![\w-])(?P<verb>killing|killed|kills|kill|wounding|wounded|wounds|injuring|injured|injures)"
    rf"\s+(?:(?:a|an|one)\s+)?(?:[\w-]+\s+)?(?P<noun>(?:{_SINGULAR_NOUNS}))(?![\w-])",
    re.I,
)
_PAT_ONE_DIED = re.compile(
    rf"(?<![\w-])(?:(?:a|an|one)\s+)?(?:[\w'’-]+\s+){{0,2}}?(?P<noun>(?:{_SINGULAR_NOUNS}))\b"
    rf"(?P<gap>[^.;!?\d]{{0,130}}?)\b(?P<verb>died|dies|has\s+died|succumbed)\b",
    re.I,
)
_PAT_NAMED_DIED = re.compile(
    r"(?<![\w-])\d{1,3}[- ]?(?:y\.\s?o\.|years?[- ]old|-year-old)\s+(?:[A-Z][\w'’-]+\s+){1,3}"
    r"(?:was\s+|has\s+been\s+)?(?P<verb>killed|died|shot\s+dead)\b",
)

_PAT_A_DEAD = re.compile(
    r"(?<![\w-])(?:there\s+(?:is|was)\s+)?(?:a|one)\s+dead\s+(?:man|woman|person|civilian|child|"
    r"boy|girl|resident|soldier|serviceman)(?![\w-])",
    re.I,
)


_RANK_WORD = (r"(?:General|Colonel|Major|Captain|Lieutenant|Sergeant|Admiral|Commander|Brigadier|Vice|"
              r"Rear|Capt\.|Col\.|Gen\.|Maj\.|Lt\.)")
_NAME_WORD = rf"(?!{_RANK_WORD}\b)[A-Z][a-z'’-]+"
_NAMED_PERSON = re.compile(
    rf"\b(?:{_RANK_WORD}\s+)+(?:(?:1st|2nd|3rd)\s+Rank\s+)?{_NAME_WORD}\s+{_NAME_WORD}")
_KILLED_LIST = re.compile(r"\b(?:killed|killing|kills|eliminated|eliminating)\s+(?P<list>[^.;]{5,400})")
_LIST_END = re.compile(r",?\s+(?:though|but|while|who|which|according|as)\b|\s+in\s+(?:a|an|the)\s+\w+\s+(?:strike|attack)")


def _named_victims(text: str) -> list[Casualty]:
    """'killed Division Commander Colonel Aleksei Gorobets, Deputy Commander Colonel Sergey
    Kens, and ... Lieutenant Colonel Alexander Gordeev': three deaths, one per named officer."""
    out: list[Casualty] = []
    for m in _KILLED_LIST.finditer(text):
        part = m.group("list")
        cut = _LIST_END.search(part)
        if cut:
            part = part[:cut.start()]
        people = list(_NAMED_PERSON.finditer(part))
        if not people or people[0].start() > 90:
            continue
        # the named people must make a list: only descriptors and separators between them
        if any(re.search(r"\b(?:and\s+(?:wounded|injured)|said|reported)\b", part[a.end():b.start()])
               for a, b in zip(people, people[1:], strict=False)):
            continue
        start, end = m.start(), m.start("list") + people[-1].end()
        out.append(Casualty(start, end, text[start:end], "fatalities", len(people),
                            str(len(people)), None, False))
    return out


def _dedupe(items: list[Casualty]) -> list[Casualty]:
    """Keep the longer of overlapping figures of the same kind; order by position."""
    items = sorted(items, key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[Casualty] = []
    for c in items:
        clash = False
        for k in kept:
            overlap = c.start < k.end and k.start < c.end
            if overlap and (k.kind == c.kind or _same_number(k, c)):
                clash = True
                break
        if not clash:
            kept.append(c)
    return sorted(kept, key=lambda c: (c.start, c.kind))


def _same_number(a: Casualty, b: Casualty) -> bool:
    return a.raw == b.raw and a.raw not in ("",) and a.value != 0


# A casualties claim says what the text says: "killed" and "injured"; the event keeps ACLED's
# ``fatalities`` and ``injuries``.
CLAIM_KEYS = {"fatalities": "killed", "injuries": "injured"}


def claim_quantities(figures: dict[str, int]) -> dict[str, int]:
    """Event figure names -> a casualties claim's quantity names."""
    return {CLAIM_KEYS.get(k, k): v for k, v in figures.items()}


def conservative(casualties: list[Casualty], kind: Kind) -> int | None:
    """One event's figure of ``kind`` by ACLED's rule, or None when the text gives none.

    Figures restating one toll ("at least 8 dead ... the toll rose to 10") are not added up:
    the largest precise figure is the latest credible toll, and the vague ones only count when
    no precise one exists (then the smallest, the most conservative).
    """
    figures = [c for c in casualties if c.kind == kind]
    if not figures:
        return None
    precise = [c.value for c in figures if not c.vague]
    if precise:
        return max(precise)
    return min(c.value for c in figures)
