"""Attributions: who says it ("according to British military intelligence", "officials reported")
and how it is hedged ("likely", "reportedly"), as spans of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..data import load_lexicon
from ..models import Article


@dataclass(frozen=True)
class Attribution:
    start: int
    end: int
    text: str
    claimant: str
    claimant_type: str
    anaphoric: bool = False


@dataclass(frozen=True)
class Hedge:
    start: int
    end: int
    text: str
    hedge: str


VERBS = (
    r"reported|reports|report|said|says|stated|states|claimed|claims|announced|announces|noted|"
    r"notes|added|adds|tweeted|wrote|writes|told|confirmed|confirms|estimated|estimate|estimates|"
    r"believes|believe|assessed|assesses|agreed|warned|warns|posted|informed|indicated|"
    r"declared|insisted|alleged|accused|denied|mentioned|specified|clarified|wrote on Telegram"
)
_AUX = r"(?:has\s+|have\s+|had\s+|also\s+|later\s+|earlier\s+|on\s+\w+\s+)?"
_SUBJECT_VERB = re.compile(
    rf"(?P<subj>[A-Z\u0410-\u042f\u0404\u0406\u0407][^.;:!?\"“”]{{1,120}}?|officials|authorities|police|"
    rf"rescuers|residents|witnesses)\s+{_AUX}(?P<verb>{VERBS})\b"
)
_ACCORDING = re.compile(
    r"\baccording\s+to\s+(?:(?:a|an|the)\s+(?:\w+\s+){0,3}?(?:report|statement|update|post|"
    r"message|data|figures|estimate|assessment)s?\s+(?:issued\s+|published\s+|released\s+|posted\s+)?"
    r"(?:by|from)\s+)?(?P<who>[^,.;\"“”]{2,90}?)(?=\s+on\s+(?:Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday)|\s+(?:this|last|yesterday|today)\b|[,.;\"“”]|$)",
    re.I,
)
_SAID_X = re.compile(
    r"[,\"”]\s*(?P<verb>said|says|reported|wrote|told reporters|added)\s+(?P<who>(?:the\s+)?[A-Z][^.;\"“”]{2,90}?)(?=[.;]|$)"
)
_ANAPHOR = re.compile(
    r"^\s*(?:(?P<pron>It|He|She|They)\s+(?:also\s+)?(?:added|said|stated|noted|reported|wrote|"
    r"claimed|mentioned|continued)|The\s+(?P<doc>statement|report|update|ministry|message|"
    r"post|command|agency|staff|governor|military)\b[^.]{0,30}?\b(?:also\s+)?(?:said|added|"
    r"mentioned|noted|stated|reported|claimed|read))",
)
_CLAUSE_BREAK = re.compile(r"(?:,\s*(?:where|while|and|but|as|after|when|which)\s+|\bthat\s+|;\s*)", re.I)
_DETERMINER = re.compile(r"^(?:the|a|an|its|his|her|their)\s+", re.I)
_NOT_CLAIMANT = re.compile(
    r"^(?:it|he|she|they|this|that|there|which|who|what|we|i|you|one|some|many|most|"
    r"however|meanwhile|also|in|on|at|during|after|before|since|when|while|as)$",
    re.I,
)


@lru_cache(maxsize=1)
def _type_words() -> list[tuple[str, re.Pattern[str]]]:
    lex = load_lexicon("claimants.yaml")
    out = []
    for ctype, words in lex.items():
        alts = "|".join(sorted((re.escape(str(w)) for w in words), key=len, reverse=True))
        flags = 0 if ctype == "media" else re.I
        out.append((ctype, re.compile(rf"\b(?:{alts})\b", flags)))
    return out


def claimant_type(name: str) -> str:
    for ctype, pat in _type_words():
        if pat.search(name):
            return ctype
    if re.match(r"^[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+", name):
        return "official"  # a named person: treated as an official source unless the lexicon says more
    return "other"


def _clean(who: str) -> str:
    who = who.strip(" ,\"“”'")
    who = re.sub(r"’s?$|'s?$", "", who)
    who = _DETERMINER.sub("", who)
    return who.strip()


def _plausible(who: str) -> bool:
    words = who.split()
    if not words or len(words) > 12 or _NOT_CLAIMANT.match(words[0]) and len(words) == 1:
        return False
    if _NOT_CLAIMANT.match(who):
        return False
    return bool(re.search(r"[A-Z\u0400-\u04ff]", who)) or claimant_type(who) != "other"


def find_attributions(text: str, start: int, end: int) -> list[Attribution]:
    """Attributions inside text[start:end] (a sentence)."""
    found: list[Attribution] = []
    sent = text[start:end]
    for m in _ACCORDING.finditer(sent):
        who = _clean(m.group("who"))
        if _plausible(who):
            s = start + m.start("who") + m.group("who").find(who.split()[0])
            found.append(_make(text, s, who))
    for m in _SUBJECT_VERB.finditer(sent):
        subj = m.group("subj")
        # keep only the part after the last clause break ("..., where officials reported")
        cut = 0
        for b in _CLAUSE_BREAK.finditer(subj):
            cut = b.end()
        raw = subj[cut:]
        raw, offset = _last_comma_segment(raw)
        cut += offset
        led = re.search(r"\b(?:led|prompted|caused|forced|pushed)\s+(?P<x>.+?)\s+to\s*$", raw)
        if led:  # "... has led British military intelligence to believe"
            cut += led.start("x")
            raw = led.group("x")
        elif re.search(r"\b(?:has|have|had|is|are|was|were|will|would|to)\s*$|\b(?:has|have|had)\s+\w+ed\b", raw):
            continue
        if re.search(r"\baccording\s+to\b|\b(?:a|an|the|this|that)\s*$", raw, re.I):
            continue  # "according to a report": the noun, not the verb
        who = _clean(raw)
        if not who or not _plausible(who) or len(who.split()) > 9:
            continue
        if _ANAPHOR.match(sent[m.start():]):
            continue
        s = start + m.start("subj") + cut + raw.find(who[:10])
        found.append(_make(text, s, who))
    for m in _SAID_X.finditer(sent):
        who = _clean(m.group("who"))
        if _plausible(who):
            s = start + m.start("who") + m.group("who").find(who[:10])
            found.append(_make(text, s, who))
    return sorted(_dedupe(found), key=lambda a: a.start)


_NAME = re.compile(r"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3}")


def _last_comma_segment(raw: str) -> tuple[str, int]:
    """The subject is what follows the last comma ('Two were killed, the governor' -> 'the
    governor'), except an appositive after a name ('Andrii Nebytov, a local police chief,')."""
    parts = raw.split(",")
    while len(parts) > 1 and not parts[-1].strip():
        parts.pop()
    if len(parts) == 1:
        return raw, 0
    last = parts[-1]
    if re.match(r"\s*(?:a|an|the)\s", last, re.I) and _NAME.fullmatch(parts[-2].strip()):
        keep = parts[-2] + "," + last
    else:
        keep = last
    idx = raw.rfind(keep)
    return raw[idx:], idx


def _make(text: str, s: int, who: str) -> Attribution:
    e = s + len(who)
    if text[s:e] != who:  # the cleaned name is not verbatim (a possessive was dropped): re-find it
        idx = text.find(who, max(0, s - 5))
        s, e = (idx, idx + len(who)) if idx >= 0 else (s, s)
    name = re.sub(r"\s*,\s*(?:a|an|the)\s+", ", ", who)
    return Attribution(s, e, text[s:e], name, claimant_type(name))


def _dedupe(items: list[Attribution]) -> list[Attribution]:
    out: list[Attribution] = []
    for a in items:
        if a.end <= a.start:
            continue
        if any(a.start < b.end and b.start < a.end for b in out):
            continue
        out.append(a)
    return out


def is_anaphoric(sentence: str) -> bool:
    """'It added, ...' / 'The statement also mentioned ...': the claimant is the previous one."""
    return bool(_ANAPHOR.match(sentence))


@lru_cache(maxsize=1)
def _hedge_re() -> tuple[re.Pattern[str], dict[str, str]]:
    lex = {str(k).lower(): str(v) for k, v in load_lexicon("hedges.yaml").items()}
    alts = "|".join(sorted(map(re.escape, lex), key=len, reverse=True))
    return re.compile(rf"\b(?:{alts})\b", re.I), lex


def find_hedges(text: str, start: int, end: int) -> list[Hedge]:
    pat, lex = _hedge_re()
    return [Hedge(m.start(), m.end(), m.group(), lex[m.group().lower()])
            for m in pat.finditer(text, start, end)]


@lru_cache(maxsize=1)
def _official_sources() -> tuple[tuple[str, str, frozenset[str], frozenset[str]], ...]:
    """(claimant, type, hosts, names), lower-cased once."""
    from ..data import load_lexicon

    out = []
    for e in load_lexicon("official_sources.yaml") or []:
        if not isinstance(e, dict) or not e.get("claimant"):
            continue
        out.append((str(e["claimant"]), str(e.get("type") or "official"),
                    frozenset(str(h).lower().removeprefix("www.") for h in e.get("hosts") or []),
                    frozenset(str(n).strip().lower() for n in e.get("names") or [])))
    return tuple(out)


def page_owner(article: Article) -> tuple[str, str, str] | None:
    """The official body whose own page or feed the article is, by its URL or source name:
    (claimant, claimant type, how it is known)."""
    if not article.url and not article.source:
        return None
    from urllib.parse import urlsplit

    host = path_host = ""
    if article.url:
        try:
            parts = urlsplit(article.url)
        except ValueError:
            parts = None
        if parts is not None and parts.hostname:
            host = parts.hostname.lower().removeprefix("www.")
            first = parts.path.strip("/").split("/", 1)[0]
            path_host = f"{host}/{first}".lower() if first else host
    source = (article.source or "").strip().lower()
    for who, kind, hosts, names in _official_sources():
        if host and (host in hosts or path_host in hosts or any(host.endswith("." + h) for h in hosts if "/" not in h)):
            return who, kind, f"the page's publisher, by its address {path_host if path_host in hosts else host}"
        if source and source in names:
            return who, kind, f"the page's publisher, by its source name '{article.source}'"
    return None
