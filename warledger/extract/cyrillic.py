"""Basic event typing, casualty figures and attributions for Ukrainian and Russian sentences.

A first version: trigger stems for the common war-reporting events (missile and drone strikes,
shelling, fighting, interceptions), casualty phrases with digits or number words, and the
usual attribution formulas ("за даними ...", "повідомив ...", "по данным ..."). The English
modules stay the reference; these keep Cyrillic reports from being silently empty.
"""

from __future__ import annotations

import re

from ..taxonomy import event_type_of
from .casualties import Casualty
from .typing import Typing

_CYR = re.compile(r"[\u0400-\u04ff]")
_LAT = re.compile(r"[A-Za-z]")


def is_cyrillic(text: str) -> bool:
    """True when most letters of the text are Cyrillic."""
    c = len(_CYR.findall(text))
    return c > 0 and c >= 2 * len(_LAT.findall(text))


# (sub_event_type, weapon, pattern) in priority order; stems cover Ukrainian and Russian forms.
_TRIGGERS: list[tuple[str, str | None, re.Pattern[str]]] = [
    ("Air/drone strike", "drone", re.compile(
        r"\b(?:удар\w*\s+)?(?:дрон\w*|безпілотник\w*|беспилотник\w*|БпЛА|БПЛА|шахед\w*|Shahed|"
        r"ударн\w+\s+(?:дрон|безпілот|беспилот)\w*)", re.I)),
    ("Air/drone strike", "aerial bomb", re.compile(
        r"\b(?:авіаудар\w*|авиаудар\w*|авіабомб\w*|авиабомб\w*|КАБ\w*|авіаці\w+\s+удар\w*|"
        r"авиаци\w+\s+удар\w*|бомбардуван\w*|бомбардировк\w*)", re.I)),
    ("Shelling/artillery/missile attack", "missile", re.compile(
        r"\b(?:ракет\w*|балістичн\w*|баллистическ\w*|Іскандер\w*|Искандер\w*|С-300|Калібр\w*|Калибр\w*)",
        re.I)),
    ("Shelling/artillery/missile attack", "artillery", re.compile(
        r"\b(?:обстріл\w*|обстрел\w*|артилері\w*|артиллери\w*|міномет\w*|минomet\w*|миномет\w*|"
        r"РСЗВ|РСЗО|Град\w*|снаряд\w*)", re.I)),
    ("Armed clash", None, re.compile(
        r"\b(?:бо[їi]\b|бої|бой|бои|боях|боїв|штурм\w*|наступ\w*|атак\w*|відбил\w*|відбива\w*|"
        r"отбил\w*|отража\w*|зіткнен\w*|столкновен\w*|бойов\w+\s+зіткнен\w*)", re.I)),
    ("Remote explosive/landmine/IED", None, re.compile(
        r"\b(?:підрив\w*|подрыв\w*|мін[аиу]\b|мина\b|міни\b|вибухов\w+\s+пристр\w*|СВУ)", re.I)),
]
_STRIKE = re.compile(r"\b(?:удар\w*|атак\w*|влучан\w*|попадан\w*|вибух\w*|взрыв\w*|поцілив\w*)", re.I)
_NEGATIVE = re.compile(r"\b(?:повінь|наводнен\w*|землетрус\w*|землетрясен\w*|ДТП|аварі\w*|авари\w*)", re.I)


def classify(text: str) -> Typing | None:
    """An ACLED sub-event type for a Ukrainian or Russian clause, or None."""
    if _NEGATIVE.search(text):
        return None
    for sub, weapon, pat in _TRIGGERS:
        m = pat.search(text)
        if m is None:
            continue
        if sub == "Shelling/artillery/missile attack" and weapon == "missile" and \
                not (_STRIKE.search(text) or re.search(r"обстр|удар|атак|влуч|попад", text, re.I)):
            continue
        etype, dtype = event_type_of(sub)
        return Typing(sub_event_type=sub, event_type=etype, disorder_type=dtype, score=0.6,
                      trigger_start=m.start(), trigger_end=m.end(), weapon=weapon)
    return None


_NUM = (r"(?P<n>\d+|одн[аеоу]\w*|один|дв[аiіео]\w*|три|трьох|трое|троє|четверо|семеро|чотир\w*|четыр\w*|п.ят\w*|пят\w*|"
        r"шіст\w*|шест\w*|сім\w*|сем\w*|вісім\w*|восем\w*|дев.ят\w*|девят\w*|десят\w*)")
_QUAL = r"(?P<q>щонайменше|щонайменш|не\s+менше\s+ніж|не\s+менее|как\s+минимум|принаймні|близько|около|до)?\s*"
_PEOPLE = r"(?:\s+(?:людин[аиу]?|людей|осіб|особи|мирн\w+|цивільн\w+|человек\w*|мирных|жител\w*|дит\w+|детей))?"
_DEAD = r"(?:загинул\w*|загинув|загибл\w*|вбит\w*|убит\w*|погиб\w*|загиблих|погибших|смерт\w*)"
_HURT = r"(?:поранен\w*|поранено|травмован\w*|ранен\w*|ранены|постраждал\w*|пострадал\w*)"
_PATTERNS = [
    ("fatalities", re.compile(rf"{_QUAL}{_NUM}{_PEOPLE}\s+(?:\w+\s+)?{_DEAD}", re.I)),
    ("fatalities", re.compile(rf"{_DEAD}\s+{_QUAL}{_NUM}{_PEOPLE}", re.I)),
    ("injuries", re.compile(rf"{_QUAL}{_NUM}{_PEOPLE}\s+(?:\w+\s+)?{_HURT}", re.I)),
    ("injuries", re.compile(rf"{_HURT}\s+(?:ще\s+|еще\s+)?{_QUAL}{_NUM}{_PEOPLE}", re.I)),
]


def _value(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    try:
        from ..nlp.numbers_uk_ru import parse_number as parse_cyr
    except ImportError:
        parse_cyr = None
    if parse_cyr is not None:
        v = parse_cyr(word)
        if v is not None:
            return int(v)
    w = word.lower()
    for stem, v in (("одн", 1), ("один", 1), ("дв", 2), ("три", 3), ("трьох", 3), ("трое", 3),
                    ("троє", 3), ("четверо", 4), ("семеро", 7),
                    ("чотир", 4), ("четыр", 4), ("п'ят", 5), ("п’ят", 5), ("пят", 5), ("шіст", 6),
                    ("шест", 6), ("сім", 7), ("сем", 7), ("вісім", 8), ("восем", 8), ("дев", 9),
                    ("десят", 10)):
        if w.startswith(stem):
            return v
    return None


def find_casualties(text: str) -> list[Casualty]:
    out: list[Casualty] = []
    for kind, pat in _PATTERNS:
        for m in pat.finditer(text):
            if any(m.start() < c.end and c.start < m.end() for c in out):
                continue
            v = _value(m.group("n"))
            if v is None:
                continue
            q = (m.group("q") or "").lower()
            qual = "at least" if q and ("менш" in q or "мен" in q or "мінім" in q or "принаймні" in q) \
                else ("about" if q in ("близько", "около") else ("up to" if q == "до" else None))
            s, e = m.start(), m.end()
            while s < e and text[s].isspace():
                s += 1
            out.append(Casualty(s, e, text[s:e], kind, v, m.group("n"), qual))
    return sorted(out, key=lambda c: c.start)


_ATTR = re.compile(
    r"(?:за\s+(?:даними|словами|інформацією)|по\s+(?:данным|словам|информации)|як\s+повідоми\w*|"
    r"как\s+сообщи\w*|повідоми\w*|повідомляє|сообщи\w*|сообщает|заяви\w*|написа\w*)\s+"
    r"(?:(?:у|в|во)\s+)?(?P<who>[\w’'\-]+(?:\s+[\w’'\-]+){0,5}?)(?=[,.;:]|\s+(?:у|в)\s+(?:Telegram|телеграм)|$)",
    re.I,
)


def find_attribution(text: str) -> tuple[int, int, str] | None:
    """(start, end, claimant) of the first attribution formula in a Cyrillic sentence."""
    m = _ATTR.search(text)
    if m is None:
        return None
    return m.start("who"), m.end("who"), m.group("who")
