"""One registry for the backends that find events and claims in an article.

A backend is anything with a ``name`` and ``run(article, options) -> (events, claims)``.
Every span a backend returns is checked against the article text by ``pipeline.extract``:
no evidence, no record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from ..models import Article, Claim, Event
from ..options import Options


class Backend(Protocol):
    name: str

    def run(self, article: Article, options: Options) -> tuple[list[Event], list[Claim]]: ...


_REGISTRY: dict[str, Callable[[], Backend]] = {}
_INSTANCES: dict[str, Backend] = {}


def register(name: str, factory: Callable[[], Backend]) -> None:
    _REGISTRY[name] = factory
    _INSTANCES.pop(name, None)


def get_backend(name: str) -> Backend:
    if name not in _INSTANCES:
        if name not in _REGISTRY:
            known = ", ".join(sorted(_REGISTRY))
            raise KeyError(f"unknown backend {name!r} (known: {known})")
        _INSTANCES[name] = _REGISTRY[name]()
    return _INSTANCES[name]


def available() -> list[str]:
    return sorted(_REGISTRY)


class FakeBackend:
    """A backend for tests: one event per sentence containing the word 'strike'."""

    name = "fake"

    def run(self, article: Article, options: Options) -> tuple[list[Event], list[Claim]]:
        from ..models import Evidence, stable_id

        events = []
        pos = 0
        for part in article.text.split("."):
            idx = part.find("strike")
            if idx >= 0:
                start = pos + idx
                ev = Evidence(article_id=article.id, start=start, end=start + 6, text="strike",
                              field="trigger")
                events.append(Event(
                    id=stable_id("ev_", article.id, start), article_ids=[article.id],
                    event_date=options.published, disorder_type="Political violence",
                    event_type="Explosions/Remote violence",
                    sub_event_type="Shelling/artillery/missile attack", evidence=[ev]))
            pos += len(part) + 1
        return events, []


def _rules() -> Backend:
    from .rules import RulesBackend

    return RulesBackend()


def _llm() -> Backend:
    from .llm import LLMBackend

    return LLMBackend()


def _rules_llm() -> Backend:
    from .llm import LLMBackend

    return LLMBackend(hybrid=True)


register("rules", _rules)
register("fake", FakeBackend)
register("llm", _llm)
register("rules+llm", _rules_llm)
