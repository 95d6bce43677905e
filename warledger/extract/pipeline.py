"""``extract``: one article's text in, a Result of sourced events and claims out."""

from __future__ import annotations

from datetime import date, datetime

from ..models import Article, Candidate, Claim, Event, Evidence, Result, content_hash, normalize_text
from ..options import Options
from .backends import get_backend


def make_article(
    text: str,
    *,
    published: date | str | None = None,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    lang: str | None = None,
    author: str | None = None,
    external_id: str | None = None,
) -> Article:
    text = normalize_text(text)
    if lang is None and text:
        from ..nlp.lang import detect_language

        lang = detect_language(text)
    return Article(
        id=content_hash(text), text=text, published=to_date(published), title=title, url=url,
        source=source, lang=lang, author=author, external_id=external_id,
    )


def to_date(value: date | str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = str(value).strip()
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(s, settings={"RETURN_AS_TIMEZONE_AWARE": False})
    if parsed is None:
        raise ValueError(f"cannot read {value!r} as a date (use YYYY-MM-DD)")
    return parsed.date()


def span_ok(article: Article, ev: Evidence) -> bool:
    return (
        ev.article_id == article.id
        and 0 <= ev.start < ev.end <= len(article.text)
        and article.text[ev.start:ev.end] == ev.text
    )


def extract_article(article: Article, options: Options | None = None) -> Result:
    """Run the configured backend over one Article; drop any record whose evidence is off."""
    options = options or Options()
    if options.published is None and article.published is not None:
        options = Options(**{**options.__dict__, "published": article.published})
    warnings: list[str] = []
    if options.published is None:
        warnings.append(
            "no publication date: relative dates ('yesterday', 'on Wednesday') are left "
            "unresolved; pass --published YYYY-MM-DD"
        )
    backend = get_backend(options.backend)
    with_warnings = getattr(backend, "run_with_warnings", None)
    with_candidates = getattr(backend, "run_with_candidates", None)
    candidates: list[Candidate] = []
    if with_warnings is not None:  # backends that can say what they dropped (llm)
        events, claims, said = with_warnings(article, options)
        warnings.extend(said)
    elif with_candidates is not None:  # backends that can say what they weighed (rules)
        events, claims, candidates = with_candidates(article, options)
    else:
        events, claims = backend.run(article, options)
    good_events: list[Event] = []
    for e in events:
        if e.evidence and all(span_ok(article, x) for x in e.evidence):
            good_events.append(e)
        else:
            warnings.append(f"dropped event {e.id}: its evidence does not match the text")
    kept = {e.id for e in good_events}
    good_claims: list[Claim] = []
    for c in claims:
        if c.evidence and all(span_ok(article, x) for x in c.evidence):
            if c.event_id is not None and c.event_id not in kept:
                c = c.model_copy(update={"event_id": None})
            good_claims.append(c)
        else:
            warnings.append(f"dropped claim {c.id}: its evidence does not match the text")
    candidates = [c for c in candidates
                  if span_ok(article, c.sentence) and all(span_ok(article, x) for x in c.evidence)]
    candidates = [c if c.event_id is None or c.event_id in kept
                  else c.model_copy(update={"event_id": None}) for c in candidates]
    return Result(articles=[article], events=good_events, claims=good_claims, warnings=warnings,
                  candidates=candidates)


def extract(
    text: str,
    published: date | str | None = None,
    *,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    backend: str = "rules",
    geo: bool = True,
    external_id: str | None = None,
) -> Result:
    """Extract sourced events and claims from one article's text."""
    article = make_article(
        text, published=published, title=title, url=url, source=source, external_id=external_id
    )
    return extract_article(article, Options(published=article.published, backend=backend, geo=geo))
