"""Transliteration of Ukrainian names (the official KMU-2010 rules) and name normalisation.

KMU-2010 (Cabinet of Ministers resolution no. 55 of 27 January 2010) is the system Ukrainian
road signs, passports and most English-language news use: Харків -> Kharkiv, Запоріжжя ->
Zaporizhzhia, Згурівка -> Zghurivka, Їжакевич -> Yizhakevych. Letters є ї й ю я are written
ye yi y yu ya at the start of a word and ie i i iu ia elsewhere; the soft sign and the apostrophe
are dropped; зг becomes zgh so it is not read as ж.

``russian_variants`` gives the spellings a Russian-language source would use for a Ukrainian
name (Богданівка -> Bogdanovka, Благодатне -> Blagodatnoye): approximate, used only as
extra search keys.
"""

from __future__ import annotations

import re
import unicodedata

_KMU = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia", "'": "", "’": "", "ʼ": "", "`": "",
    # letters of other Cyrillic alphabets that appear in old names
    "ы": "y", "э": "e", "ё": "io", "ъ": "",
}
_KMU_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_APOSTROPHES = "'’ʼ`´‘"


def _is_cyr(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def kmu2010(text: str) -> str:
    """Transliterate Ukrainian Cyrillic with KMU-2010; other characters pass through."""
    out: list[str] = []
    prev_letter = False  # whether the previous character belongs to the same word
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        low = ch.lower()
        if low in _KMU or low in _KMU_INITIAL:
            if low in _APOSTROPHES:
                i += 1
                continue  # dropped, and the word goes on (a word-internal sign)
            if low == "з" and i + 1 < n and text[i + 1].lower() == "г":
                lat = "zgh"
                upper = ch.isupper()
                out.append(lat.capitalize() if upper else lat)
                i += 2
                prev_letter = True
                continue
            lat = _KMU_INITIAL[low] if (not prev_letter and low in _KMU_INITIAL) else _KMU[low]
            if ch.isupper() and lat:
                nxt = text[i + 1] if i + 1 < n else ""
                lat = lat.upper() if (nxt.isupper() and len(lat) > 1) else lat.capitalize()
            out.append(lat)
            prev_letter = True
        else:
            out.append(ch)
            prev_letter = ch.isalpha()
        i += 1
    return "".join(out)


# --- Russian-style spellings of Ukrainian names ------------------------------------------------

_UK_TO_RU_ENDINGS = [
    # (Ukrainian ending, Russian ending), longest first; applied to the last word
    ("ївка", "евка"), ("івське", "овское"), ("івська", "овская"), ("івка", "овка"), ("ське", "ское"), ("цьке", "цкое"), ("ине", "ино"),
    ("не", "ное"), ("ськ", "ск"), ("цьк", "цк"), ("ій", "ий"), ("ий", "ый"), ("ів", "ов"),
    ("е", "ое"), ("їв", "ев"), ("ська", "ская"), ("цька", "цкая"),
]
_UK_TO_RU_LETTERS = {"і": "и", "и": "и", "ї": "йи", "є": "е", "ґ": "г", "'": "ъ", "’": "ъ", "ʼ": "ъ"}


def _ru_letters(s: str) -> str:
    # Russian writes ца where Ukrainian has ця (Станиця, Станица)
    return "".join(_UK_TO_RU_LETTERS.get(c, c) for c in s).replace("ця", "ца")


def _feminine_adjective(word: str) -> str:
    """Крива (Лука) is Кривая, Нижня (Вільхова) Нижняя: the long Russian adjective."""
    if len(word) >= 4 and (word.endswith("ня") or (
            word[-1] == "а" and word[-2] not in "аеєиіїоуюяь'’")):
        return word + "я"
    return word


def ukrainian_to_russian(name: str) -> str:
    """A rough Russian Cyrillic form of a Ukrainian name (Богданівка -> Богдановка)."""
    words = name.lower().split(" ")
    last = words[-1]
    tail = ""
    for uk, ru in _UK_TO_RU_ENDINGS:
        if last.endswith(uk) and len(last) > len(uk) + 1:
            last, tail = last[: -len(uk)], ru
            break
    words[-1] = _ru_letters(last) + tail
    words[:-1] = [_ru_letters(_feminine_adjective(w)) for w in words[:-1]]
    return " ".join(w[:1].upper() + w[1:] for w in words)


_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}


def russian_translit(name: str) -> str:
    """Russian Cyrillic in the loose romanisation English news uses (е -> ye after vowels)."""
    out: list[str] = []
    prev = ""
    for ch in name:
        low = ch.lower()
        if low in _RU:
            lat = _RU[low]
            if low == "е" and (not prev or prev in "аеёиоуыэюяьъ "):
                lat = "ye"
            if low == "ы" and prev == "" :
                lat = "y"
            out.append(lat.capitalize() if ch.isupper() else lat)
        else:
            out.append(ch)
        prev = low if low.isalpha() else " "
    return "".join(out)


def russian_variants(ukrainian_name: str) -> list[str]:
    """Latin spellings a Russian-language source might use for a Ukrainian Cyrillic name."""
    ru = ukrainian_to_russian(ukrainian_name)
    forms = {ru}
    low = ukrainian_name.lower()
    for variant in _stem_variants(low):
        forms.add(ukrainian_to_russian(variant))
    if low.endswith(("ове", "еве", "єве")) and len(low) > 5:
        # a possessive name (Зайцеве, Іванове) is Зайцево, Иваново in Russian
        forms.add((_ru_letters(low[:-1]) + "о").capitalize())
    for form in list(forms):
        if "йи" in form:
            forms.add(form.replace("йи", "и"))  # Троїцьке is Троицкое
        if form.startswith("Мико"):
            forms.add("Нико" + form[4:])  # Миколаївка is Николаевка (Mykola, Nikolai)
        if form.endswith(("горовка", "силовка")):
            forms.add(form[:-4] + "ьевка")  # Василівка is Васильевка, Григорівка Григорьевка
    for form in list(forms):
        if form.startswith("Олекс"):
            # Олександрівка is Александровка (Oleksandr, Aleksandr)
            forms.add("Алекс" + form[5:])
    for form in list(forms):
        if "иевк" in form and not form.startswith("Олекс"):
            # Андріївка is Андреевка in Russian (Андрій, Андрей); Олексіївка only as Алексеевка
            forms.add(form.replace("иевк", "еевк"))
    out = {russian_translit(f) for f in forms}
    for form in list(out):
        if form.startswith("Aleks"):
            out.add("Alex" + form[5:])  # Alexandrovka, Alexeyevka
    # adjectival neuter endings are written -oye, -oe or -oie
    for form in list(out):
        if form.endswith("oye"):
            out.add(form[:-3] + "oe")
        if form.endswith("iy"):
            out.add(form[:-2] + "y")
        # е after a vowel is written -ye-, -ie- or -e- (Chuguyev, Chuguiev, Chuguev)
        yes = _YE_AFTER_VOWEL.sub(r"\1ie", form)
        if yes != form:
            out.add(yes)
            out.add(_YE_AFTER_VOWEL.sub(r"\1e", form))
        # й before a consonant is also written -i- (Zaytsevo, Zaitsevo)
        yi = _Y_BEFORE_CONSONANT.sub("i", form)
        if yi != form:
            out.add(yi)
    return sorted(out)


def _stem_variants(low: str) -> list[str]:
    """The Ukrainian name with the stem's last і written as Russian е or о (Піски is Пески,
    Сокільники Сокольники, Рідкодуб Редкодуб), and я after an apostrophe as е (Кам'янка is
    Каменка); only in the last word, before the ending the Russian form changes anyway."""
    head, _, last = low.rpartition(" ")
    cut = len(last)
    for uk, _ru in _UK_TO_RU_ENDINGS:
        if last.endswith(uk) and len(last) > len(uk) + 1:
            cut = len(last) - len(uk)
            break
    stem, ending = last[:cut], last[cut:]
    out = []
    i = stem.rfind("і")
    if i > 0:
        for vowel in ("е", "о"):
            out.append(stem[:i] + vowel + stem[i + 1:] + ending)
    for apostrophe in _APOSTROPHES:
        if apostrophe + "я" in last:
            out.append(last.replace(apostrophe + "я", "е"))
    return [f"{head} {w}" if head else w for w in out]


_YE_AFTER_VOWEL = re.compile(r"(?<=\w)([aeiouy])ye", re.IGNORECASE)
_Y_BEFORE_CONSONANT = re.compile(r"(?<=[aeou])y(?=[bcdfghjklmnpqrstvwxz])")


# --- normalisation ------------------------------------------------------------------------------



_ASCII_DROP = str.maketrans({"'": None, "`": None, ".": None, "-": " ", "_": " ", "/": " "})
_DROP = {ord(c): None for c in _APOSTROPHES + ".\u00b7"}
_DROP.update({ord(c): " " for c in "-_/\u2010\u2011\u2012\u2013\u2014\u2015"})
_DROP.update({c: None for c in range(0x300, 0x370)})  # combining diacritical marks
_DROP.update({c: None for c in (0x1AB0, 0x1DC0, 0x20D0, 0xFE20) for c in range(c, c + 0x30)})


def norm(name: str) -> str:
    """The search key of a name: lower case, no accents/apostrophes/dots, hyphens as spaces."""
    if name.isascii():
        s = name.lower().translate(_ASCII_DROP)
    else:
        s = unicodedata.normalize("NFKD", name).lower().translate(_DROP)
    return " ".join(s.split()) if ("  " in s or s[:1] == " " or s[-1:] == " ") else s


def has_cyrillic(s: str) -> bool:
    return any(_is_cyr(c) for c in s)
