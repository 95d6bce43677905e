"""The ``llm`` backend: any OpenAI-compatible chat endpoint (Ollama, llama.cpp server, vLLM,
a hosted API) asked for JSON-schema-constrained output, every answer checked against the text.

    WARLEDGER_LLM_URL=http://127.0.0.1:11434/v1 WARLEDGER_LLM_MODEL=qwen2.5:7b \\
        warledger extract --backend llm article.txt

Config (``Options.extra`` keys win over environment variables):

=============  =======================  ==================================================
extra key      environment variable     meaning
=============  =======================  ==================================================
llm_url        WARLEDGER_LLM_URL        base URL, e.g. http://127.0.0.1:11434/v1 (required)
llm_model      WARLEDGER_LLM_MODEL      model name (required)
llm_key        WARLEDGER_LLM_KEY        API key, sent as a Bearer token (optional)
llm_timeout    WARLEDGER_LLM_TIMEOUT    seconds per request (default 120)
llm_max_chars  WARLEDGER_LLM_MAX_CHARS  longer texts are sent in paragraph chunks (12000)
llm_mode       WARLEDGER_LLM_MODE       ``llm`` (default) or ``hybrid`` (as backend ``rules+llm``)
=============  =======================  ==================================================

Backends: ``llm`` (the model finds the events and claims) and ``rules+llm`` (the rules backend
first; the model only re-types the rules' events of the classes rules are weak at and adds
events in sentences with a violence/protest cue where rules found none).

What fails: a missing URL/model, an unreachable server, an HTTP error, a timeout or an answer
that is not JSON of the schema makes ``run`` raise a one-line ``WarledgerError`` (in hybrid
mode: a warning, and the rules' records stand). A quote that is not in the text, a number not
written in its quote, an unknown type: that record or field is dropped with a one-line warning
(logged to ``warledger.llm``; ``run_with_warnings`` returns them).
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..errors import WarledgerError
from ..models import Article, Claim, Event
from ..options import Options
from ..taxonomy import event_type_of, interaction
from . import llm_schema as S

log = logging.getLogger("warledger.llm")

# Classes the rules backend types poorly (issue 4): the model re-types these in hybrid mode.
WEAK = ("Peaceful protest", "Protest with intervention", "Excessive force against protesters",
        "Violent demonstration", "Mob violence", "Looting/property destruction",
        "Non-state actor overtakes territory")
_CUE = re.compile(
    r"\b(?:kill\w*|dead|died|deaths?|wound\w*|injur\w*|attack\w*|clash\w*|fight\w*|shell\w*|"
    r"strik\w*|struck|bomb\w*|explo\w*|shot|shoot\w*|fir(?:ed|ing)\s+(?:on|at)|protest\w*|"
    r"demonstrat\w*|rall(?:y|ies|ied)|march(?:ed|es)?|riot\w*|mob|looted|loot\w*|torch\w*|"
    r"set\s+fire|burn(?:ed|t)|storm(?:ed|ing)|seiz\w*|captur\w*|overr[au]n|took\s+control|"
    r"abduct\w*|kidnap\w*|lynch\w*|vandal\w*|ransack\w*)\b", re.I)


class LLMError(WarledgerError):
    """The model endpoint cannot give a usable answer (one line: what failed, what to do)."""


@dataclass(frozen=True)
class LLMConfig:
    url: str
    model: str
    key: str | None = None
    timeout: float = 120.0
    max_chars: int = 12_000
    max_tokens: int = 4096
    retries: int = 1
    mode: str = "llm"

    @property
    def endpoint(self) -> str:
        u = self.url.rstrip("/")
        if u.endswith("/chat/completions"):
            return u
        if urlsplit(u).path in ("", "/"):
            u += "/v1"  # "http://127.0.0.1:11434": the OpenAI-compatible API lives under /v1
        return u + "/chat/completions"


def config_from(options: Options | None = None) -> LLMConfig:
    """The endpoint settings from ``options.extra`` and the environment; a one-line error
    saying what to set when the URL or the model is missing."""
    extra = dict(options.extra) if options is not None else {}

    def get(key: str, env: str, default: Any = None) -> Any:
        v = extra.get(key)
        if v is None or v == "":
            v = os.environ.get(env) or default
        return v

    url, model = get("llm_url", "WARLEDGER_LLM_URL"), get("llm_model", "WARLEDGER_LLM_MODEL")
    missing = [n for n, v in (("WARLEDGER_LLM_URL", url), ("WARLEDGER_LLM_MODEL", model)) if not v]
    if missing:
        raise LLMError(
            f"the llm backend needs {' and '.join(missing)} (e.g. WARLEDGER_LLM_URL="
            "http://127.0.0.1:11434/v1 WARLEDGER_LLM_MODEL=qwen2.5:7b for Ollama); see docs/llm.md")
    if not re.match(r"https?://", str(url)):
        raise LLMError(f"WARLEDGER_LLM_URL {url!r} is not an http(s) URL (e.g. http://127.0.0.1:11434/v1)")
    try:
        timeout = float(get("llm_timeout", "WARLEDGER_LLM_TIMEOUT", 120.0))
        max_chars = int(get("llm_max_chars", "WARLEDGER_LLM_MAX_CHARS", 12_000))
        max_tokens = int(get("llm_max_tokens", "WARLEDGER_LLM_MAX_TOKENS", 4096))
        retries = int(get("llm_retries", "WARLEDGER_LLM_RETRIES", 1))
    except (TypeError, ValueError) as exc:
        raise LLMError(f"llm settings: a number was expected ({exc})") from None
    mode = str(get("llm_mode", "WARLEDGER_LLM_MODE", "llm"))
    if mode not in ("llm", "hybrid"):
        raise LLMError(f"llm_mode {mode!r} is unknown (use llm or hybrid)")
    return LLMConfig(url=str(url), model=str(model), key=get("llm_key", "WARLEDGER_LLM_KEY"),
                     timeout=max(0.1, timeout), max_chars=max(500, max_chars),
                     max_tokens=max(256, max_tokens), retries=max(0, retries), mode=mode)


# --- the request -------------------------------------------------------------------------

def request_body(cfg: LLMConfig, text: str, published: Any = None) -> dict[str, Any]:
    return {
        "model": cfg.model,
        "messages": [{"role": "system", "content": S.prompt()},
                     {"role": "user", "content": S.user_message(text, published)}],
        "temperature": 0,
        "max_tokens": cfg.max_tokens,
        "response_format": S.response_format(),
    }


def _server_message(resp: Any) -> str:
    try:
        data = resp.json()
        err = data.get("error") if isinstance(data, dict) else None
        msg = err.get("message") if isinstance(err, dict) else err
        if msg:
            return S.short(str(msg), 120)
    except ValueError:
        pass
    return S.short(resp.text or resp.reason_phrase or "", 120)


def ask(cfg: LLMConfig, text: str, published: Any = None) -> Any:
    """POST one chat completion; the message content (a JSON string, usually). Raises LLMError."""
    import httpx

    headers = {"Authorization": f"Bearer {cfg.key}"} if cfg.key else {}
    body = request_body(cfg, text, published)
    url = cfg.endpoint
    for attempt in range(cfg.retries + 1):
        last = attempt == cfg.retries
        try:
            resp = httpx.post(url, json=body, headers=headers, timeout=cfg.timeout)
        except httpx.TimeoutException:
            if last:
                raise LLMError(f"llm: no answer from {url} within {cfg.timeout:g} s "
                               "(raise WARLEDGER_LLM_TIMEOUT or use a smaller model)") from None
        except httpx.HTTPError as exc:
            if last:
                raise LLMError(f"llm: cannot reach {url} ({type(exc).__name__}: "
                               f"{S.short(str(exc), 80)}); is the server running?") from None
        else:
            if resp.status_code < 400:
                break
            if last or resp.status_code not in (408, 429, 500, 502, 503, 504):
                hint = " (check WARLEDGER_LLM_KEY)" if resp.status_code in (401, 403) else (
                    " (check WARLEDGER_LLM_URL and WARLEDGER_LLM_MODEL)" if resp.status_code == 404 else "")
                raise LLMError(f"llm: {url} answered HTTP {resp.status_code}: "
                               f"{_server_message(resp)}{hint}")
        time.sleep(0.5 * (attempt + 1))
    try:
        data = resp.json()
        choice = data["choices"][0]
        content = choice["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise LLMError(f"llm: {url} did not answer like an OpenAI-compatible chat endpoint: "
                       f"{S.short(resp.text, 80)!r}") from None
    if content is None or content == "":
        why = choice.get("finish_reason") if isinstance(choice, dict) else None
        raise LLMError(f"llm: the model gave an empty answer (finish_reason {why!r})")
    if isinstance(choice, dict) and choice.get("finish_reason") == "length":
        raise LLMError("llm: the model's answer was cut off (raise WARLEDGER_LLM_MAX_TOKENS or "
                       "lower WARLEDGER_LLM_MAX_CHARS)")
    return content


def chunks(text: str, max_chars: int) -> list[tuple[int, int]]:
    """(start, end) pieces of at most ``max_chars``, cut at paragraph ends where possible."""
    out: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + max_chars)
        if end < len(text):
            for mark in ("\n", ". ", " "):
                cut = text.rfind(mark, start, end)
                if cut > start + max_chars // 3:
                    end = cut + 1
                    break
        out.append((start, end))
        start = end
    return out


# --- the backends ------------------------------------------------------------------------

def llm_extract(article: Article, options: Options, cfg: LLMConfig | None = None,
                grounder: Any = None) -> tuple[list[Event], list[Claim], list[str]]:
    """The model's events and claims for one article, each checked against the text, and the
    warnings (one line each). Raises LLMError when no part of the text got a usable answer."""
    from .llm_records import Grounder

    cfg = cfg or config_from(options)
    if not article.text.strip():
        return [], [], []
    g = grounder if grounder is not None else Grounder(article, options)
    events: dict[str, Event] = {}
    claims: dict[str, Claim] = {}
    pieces = chunks(article.text, cfg.max_chars)
    errors: list[str] = []
    for lo, hi in pieces:
        try:
            content = ask(cfg, article.text[lo:hi], options.published or article.published)
            ev_items, cl_items, warns = S.read_answer(content)
        except (LLMError, S.AnswerError) as exc:
            msg = str(exc) if str(exc).startswith("llm: ") else f"llm: {exc}"
            errors.append(msg)
            g.warnings.append(msg + (f" (characters {lo}-{hi}; their records are missing)"
                                     if len(pieces) > 1 else ""))
            continue
        g.warnings.extend(f"llm: {w}" for w in warns)
        for n, item in enumerate(ev_items, 1):
            made = g.event(item, n, lo, hi)
            if made is None:
                continue
            ev, cas = made
            events.setdefault(ev.id, ev)
            if cas is not None:
                claims.setdefault(cas.id, cas)
        for n, item in enumerate(cl_items, 1):
            c = g.claim(item, n, lo, hi)
            if c is not None and not _covered(c, claims.values()):
                claims.setdefault(c.id, c)
    if errors and len(errors) == len(pieces):
        raise LLMError(errors[0])
    warnings = [w if w.startswith("llm: ") else f"llm: {w}" for w in g.warnings]
    return list(events.values()), list(claims.values()), warnings


def _covered(c: Claim, others) -> bool:
    """A casualties claim whose words an event's casualties claim already cites."""
    if c.kind != "casualties":
        return False
    spans = [(e.start, e.end) for o in others if o.kind == "casualties" for e in o.evidence
             if e.field in ("fatalities", "injuries")]
    return any(s < e.end and e.start < t for e in c.evidence if e.field == "quantities"
               for s, t in spans)


def hybrid_extract(article: Article, options: Options, cfg: LLMConfig | None = None
                   ) -> tuple[list[Event], list[Claim], list[str]]:
    """Rules first; the model re-types the rules' events of the weak classes and adds events
    in cue sentences where rules found none. A model failure leaves the rules' records."""
    from .backends import get_backend
    from .llm_records import Grounder

    events, claims = get_backend("rules").run(article, options)
    cfg = cfg or config_from(options)
    g = Grounder(article, options)
    if not g.sents:
        return events, claims, []

    def trigger_sentences(ev: Event) -> set[int]:
        trig = [x for x in ev.evidence if x.field == "trigger"] or [_trigger(ev)]
        return {g.sentence_at(x.start).index for x in trig}

    with_event = set().union(*(trigger_sentences(e) for e in events)) if events else set()
    weak = [e for e in events if e.sub_event_type in WEAK]
    cue = {s.index for s in g.sents if s.index not in with_event and _CUE.search(s.text)}
    if not weak and not cue:
        return events, claims, []
    try:
        model_events, _, warnings = llm_extract(article, options, cfg, grounder=g)
    except LLMError as exc:
        return events, claims, [f"{exc}; the rules' records are kept"]
    by_sentence: dict[int, list[Event]] = {}
    for m in model_events:
        trig = _trigger(m)
        by_sentence.setdefault(g.sentence_at(trig.start).index, []).append(m)
    renamed: dict[str, str] = {}
    out: list[Event] = []
    for e in events:
        if e.sub_event_type in WEAK:
            hits = [m for i in sorted(trigger_sentences(e)) for m in by_sentence.get(i, [])]
            if hits and hits[0].sub_event_type != e.sub_event_type:
                new = _retyped(g, e, hits[0])
                renamed[e.id] = new.id
                e = new
        out.append(e)
    ids = {e.id for e in out}
    told = {(e.sub_event_type, e.geonameid or e.location, e.event_date) for e in out}
    for i in sorted(cue):
        for m in by_sentence.get(i, []):
            key = (m.sub_event_type, m.geonameid or m.location, m.event_date)
            if m.id not in ids and key not in told:  # not an incident the rules already have
                out.append(m)
                ids.add(m.id)
                told.add(key)
    claims = [c.model_copy(update={"event_id": renamed[c.event_id]})
              if c.event_id in renamed else c for c in claims]
    return out, claims, warnings


def _trigger(e: Event):
    return next((x for x in e.evidence if x.field == "trigger"), e.evidence[0])


def _retyped(g, e: Event, m: Event) -> Event:
    """The rules' event ``e`` with the model's sub-event type (and the actors that type
    implies), keeping its place, date and figures; the model's trigger joins the evidence."""
    from ..models import stable_id
    from .llm_records import _NOT_TARGETING
    from .notes import renote

    sub = m.sub_event_type
    etype, dtype = event_type_of(sub)
    trig = _trigger(e)
    s = g.sentence_at(trig.start)
    actors, spans = g.actors(s, sub, (trig.start, trig.end), None, None, e.country or "Ukraine")
    a1, a2, i1, i2 = actors
    mtrig = _trigger(m)
    evidence = list(e.evidence)
    if all((x.start, x.end) != (mtrig.start, mtrig.end) for x in evidence):
        evidence.append(mtrig)
    new = e.model_copy(update={
        "id": stable_id("ev_", g.a.id, sub, e.geonameid, e.location, trig.start),
        "sub_event_type": sub, "event_type": etype, "disorder_type": dtype,
        "actor1": a1, "actor2": a2, "inter1": i1, "inter2": i2, "interaction": interaction(i1, i2),
        "civilian_targeting": "Civilian targeting" if i2 == 7 and sub not in _NOT_TARGETING else None,
        "evidence": evidence,
    })
    return new.model_copy(update={"notes": renote(new)})


class LLMBackend:
    """``llm`` (or, with ``hybrid=True``, ``rules+llm``): see the module docstring."""

    def __init__(self, hybrid: bool = False):
        self.hybrid = hybrid
        self.name = "rules+llm" if hybrid else "llm"

    def run_with_warnings(self, article: Article, options: Options
                          ) -> tuple[list[Event], list[Claim], list[str]]:
        cfg = config_from(options)
        if self.hybrid or cfg.mode == "hybrid":
            return hybrid_extract(article, options, cfg)
        return llm_extract(article, options, cfg)

    def run(self, article: Article, options: Options) -> tuple[list[Event], list[Claim]]:
        events, claims, warnings = self.run_with_warnings(article, options)
        where = article.external_id or article.id
        for w in warnings:
            if log.hasHandlers():
                log.warning("%s: %s", where, w)
            else:  # no logging set up (the CLI): the same one line as the CLI's own warnings
                print(f"warning: {where}: {w}", file=sys.stderr)
        return events, claims
