"""What the ``llm`` backend asks a model for, and how it checks the answer against the text.

* ``answer_schema()``: the JSON Schema sent as ``response_format`` (events with the 25 ACLED
  sub-event types as an enum, claims), in the strict form OpenAI-compatible servers accept.
* ``prompt()``: the system prompt, a data file (``data/llm/prompt.md``).
* ``read_answer(content)``: the model's message content -> (event items, claim items,
  warnings); a bad item is one warning, the others stay.
* ``find_quote(text, quote)``: where a quote occurs in the text, exactly or up to whitespace,
  case, and quote/dash styles; spans are real offsets into ``text`` on word boundaries.
* ``number_in(quote, value)``: whether the number the model gives is written in its quote.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from ..nlp.text import NUMBER_WORD, parse_number
from ..taxonomy import SUB_EVENT_TYPES

CLAIM_KINDS = ("losses", "interception", "casualties", "territory", "cost", "assessment", "other")
EVENT_QUOTES = ("trigger_quote", "place_quote", "date_quote", "actor1_quote", "actor2_quote",
                "fatalities_quote", "injuries_quote")
MAX_QUOTE = 600  # a quote longer than this is a paraphrase of a paragraph, not evidence
MAX_ITEMS = 60  # per answer: more is a runaway generation


def _nullable(kind: str) -> dict[str, Any]:
    return {"type": [kind, "null"]}


@lru_cache(maxsize=1)
def answer_schema() -> dict[str, Any]:
    """The JSON Schema of the answer (strict: every property required, no others)."""
    event_props: dict[str, Any] = {
        "sub_event_type": {"type": "string", "enum": list(SUB_EVENT_TYPES)},
        "trigger_quote": {"type": "string"},
        "place_quote": _nullable("string"),
        "date_quote": _nullable("string"),
        "actor1_quote": _nullable("string"),
        "actor2_quote": _nullable("string"),
        "fatalities": _nullable("integer"),
        "fatalities_quote": _nullable("string"),
        "injuries": _nullable("integer"),
        "injuries_quote": _nullable("string"),
    }
    claim_props: dict[str, Any] = {
        "kind": {"type": "string", "enum": list(CLAIM_KINDS)},
        "claimant_quote": _nullable("string"),
        "claim_quote": {"type": "string"},
        "about": _nullable("string"),
    }

    def obj(props: dict[str, Any]) -> dict[str, Any]:
        return {"type": "object", "properties": props, "required": list(props),
                "additionalProperties": False}

    return obj({
        "events": {"type": "array", "items": obj(event_props)},
        "claims": {"type": "array", "items": obj(claim_props)},
    })


def response_format() -> dict[str, Any]:
    return {"type": "json_schema",
            "json_schema": {"name": "warledger_events", "strict": True, "schema": answer_schema()}}


@lru_cache(maxsize=1)
def prompt() -> str:
    return resources.files("warledger").joinpath("data/llm/prompt.md").read_text("utf-8")


def user_message(text: str, published: Any = None) -> str:
    pub = f"Publication date: {published}\n" if published else ""
    return f"{pub}ARTICLE START\n{text}\nARTICLE END"


# --- reading the answer ------------------------------------------------------------------

_FENCE = re.compile(r"^\s*```(?:json)?\s*(?P<body>.*?)\s*```\s*$", re.S)


def short(value: Any, n: int = 60) -> str:
    """A value as at most ``n`` characters on one line (for warnings)."""
    s = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


class AnswerError(ValueError):
    """The answer as a whole cannot be read (not JSON, not an object with lists)."""


def read_answer(content: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """The model's content -> (event items, claim items, warnings); raises AnswerError if the
    whole answer is unusable. Items keep only the schema's fields, typed."""
    if isinstance(content, str):
        m = _FENCE.match(content)
        raw = m.group("body") if m else content
        try:
            data = json.loads(raw)
        except ValueError:
            raise AnswerError(f"the model's answer is not JSON: {short(content)!r}") from None
    else:
        data = content
    if not isinstance(data, dict):
        raise AnswerError(f"the model's answer is not a JSON object: {short(data)!r}")
    warnings: list[str] = []
    lists = {}
    for key in ("events", "claims"):
        value = data.get(key, [])
        if value is None:
            value = []
        if not isinstance(value, list):
            raise AnswerError(f"the model's answer has {key!r} that is not a list: {short(value)!r}")
        if len(value) > MAX_ITEMS:
            warnings.append(f"the model returned {len(value)} {key}; only the first {MAX_ITEMS} are read")
            value = value[:MAX_ITEMS]
        lists[key] = value
    read: dict[str, list[dict[str, Any]]] = {"events": [], "claims": []}
    for key, check in (("events", _event_item), ("claims", _claim_item)):
        for i, item in enumerate(lists[key], 1):
            ok, why = check(item)
            if ok is None:
                warnings.append(f"{key[:-1]} {i} dropped: {why}")
            else:
                read[key].append(ok)
    events, claims = read["events"], read["claims"]
    return events, claims, warnings


def _str_or_none(v: Any) -> str | None:
    return v.strip() or None if isinstance(v, str) else None


def _int_or_none(v: Any) -> int | None | str:
    if v is None:
        return None
    if isinstance(v, bool):
        return "bad"
    if isinstance(v, int):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str) and re.fullmatch(r"\s*\d{1,9}\s*", v):
        return int(v)
    return "bad"


def _event_item(item: Any) -> tuple[dict[str, Any] | None, str]:
    if not isinstance(item, dict):
        return None, f"not an object: {short(item)!r}"
    sub = item.get("sub_event_type")
    if sub not in SUB_EVENT_TYPES:
        return None, f"{short(sub)!r} is not an ACLED sub-event type"
    out: dict[str, Any] = {"sub_event_type": sub}
    for key in EVENT_QUOTES:
        out[key] = _str_or_none(item.get(key))
    if out["trigger_quote"] is None:
        return None, "no trigger_quote"
    for key in ("fatalities", "injuries"):
        n = _int_or_none(item.get(key))
        out[key] = None if n == "bad" else n
    return out, ""


def _claim_item(item: Any) -> tuple[dict[str, Any] | None, str]:
    if not isinstance(item, dict):
        return None, f"not an object: {short(item)!r}"
    quote = _str_or_none(item.get("claim_quote"))
    if quote is None:
        return None, "no claim_quote"
    kind = item.get("kind")
    return {"kind": kind if kind in CLAIM_KINDS else "other", "claim_quote": quote,
            "claimant_quote": _str_or_none(item.get("claimant_quote")),
            "about": _str_or_none(item.get("about"))}, ""


# --- grounding quotes in the text --------------------------------------------------------

_CLASSES = {"'": "['’‘`´]", "’": "['’‘`´]", "‘": "['’‘`´]", "`": "['’‘`´]",
            '"': "[\"“”„«»]", "“": "[\"“”„«»]", "”": "[\"“”„«»]",
            "-": "[-‐‑–—]", "–": "[-‐‑–—]", "—": "[-‐‑–—]"}


def _clean_quote(quote: str) -> str:
    q = quote.strip()
    # the model's own quotation marks around the span, and an ellipsis it added
    q = q.strip("\"“”«»").strip()
    q = re.sub(r"^(?:\.\.\.|…)\s*|\s*(?:\.\.\.|…)$", "", q)
    return q


def _loose(q: str) -> re.Pattern[str]:
    parts = []
    for tok in q.split():
        parts.append("".join(_CLASSES.get(ch, re.escape(ch)) for ch in tok))
    return re.compile(r"\s+".join(parts), re.I)


def _bounded(text: str, start: int, end: int) -> bool:
    if start > 0 and text[start].isalnum() and text[start - 1].isalnum():
        return False
    return not (end < len(text) and text[end - 1].isalnum() and text[end].isalnum())


def find_quote(text: str, quote: str | None, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
    """Every (start, end) in ``text[lo:hi]`` where ``quote`` occurs: exactly, else up to
    whitespace, letter case and quote/dash styles. Matches start and end on word boundaries."""
    hi = len(text) if hi is None else hi
    if not quote:
        return []
    q = _clean_quote(quote)
    if len(q) < 2 or len(q) > MAX_QUOTE or not any(ch.isalnum() for ch in q):
        return []
    out: list[tuple[int, int]] = []
    pos = text.find(q, lo, hi)
    while pos >= 0:
        if _bounded(text, pos, pos + len(q)):
            out.append((pos, pos + len(q)))
        pos = text.find(q, pos + 1, hi)
    if out:
        return out
    q = q.rstrip(".,;:")  # a full stop the model added (or dropped)
    if len(q) < 2:
        return []
    rx = _loose(q)
    m = rx.search(text, lo, hi)
    while m is not None:
        if m.end() > m.start() and _bounded(text, m.start(), m.end()):
            out.append((m.start(), m.end()))
        m = rx.search(text, m.start() + 1, hi)
    return out


def nearest(spans: list[tuple[int, int]], anchor: int) -> tuple[int, int] | None:
    """The span closest to ``anchor`` (a character offset)."""
    if not spans:
        return None
    return min(spans, key=lambda s: (0 if s[0] <= anchor < s[1] else min(abs(s[0] - anchor),
                                                                         abs(s[1] - anchor)), s[0]))


_VAGUE = {"dozen": 12, "dozens": 12, "scores": 12, "hundreds": 100, "thousands": 1000,
          "several": 10, "many": 10, "numerous": 10, "few": 3, "no": 0, "none": 0, "nobody": 0,
          "zero": 0}
_NUMBER = re.compile(rf"(?<![\w]){NUMBER_WORD}(?![\w])", re.I)


def number_in(quote: str, value: int) -> bool:
    """Whether ``value`` is written in ``quote`` (digits, number words, or an ACLED vague word)."""
    for m in _NUMBER.finditer(quote):
        if parse_number(m.group()) == value:
            return True
        # "1,200" read as one number; "5-6" or "two or three": any written number counts
        for part in re.split(r"[^\w,]+", m.group()):
            if part and parse_number(part) == value:
                return True
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", quote)}
    return any(_VAGUE.get(w) == value for w in words)
