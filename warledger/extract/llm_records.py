"""The ``llm`` backend's answer made into the ledger's records, checked against the text.

``Grounder(article, options)`` turns the model's event and claim items (see ``llm_schema``)
into the same Event and Claim records the rules backend makes: every quote is looked up in the
article (``find_quote``) and becomes an Evidence span, or is dropped; numbers must be written in
their quote; places go through the project's geoparser/geocoder, dates through ``times``,
actors through ``actors``, claimants and hedges through ``attribution``. Each drop is one line
in ``Grounder.warnings``. No quote, no record.
"""

from __future__ import annotations

import re
from datetime import date

from ..models import Article, Claim, Event, Evidence, Toponym, stable_id
from ..nlp.text import Sentence, sentences
from ..options import Options
from ..taxonomy import event_type_of, interaction
from .llm_schema import find_quote, nearest, number_in
from .llm_schema import short as _short
from .notes import notes_for
from .times import find_times, pick_event_time

MAX_PEOPLE = 10_000  # killed or injured in one event: more is not a figure we trust from a model
WINDOW = 2  # an event's other quotes lie within this many sentences of its trigger
_PROTEST = ("Peaceful protest", "Protest with intervention", "Excessive force against protesters")
_RIOT = ("Violent demonstration", "Mob violence")
_NOT_TARGETING = _PROTEST + ("Agreement", "Change to group/activity", "Disrupted weapons use",
                             "Headquarters or base established", "Other",
                             "Non-violent transfer of territory")
_NEAR = re.compile(r"^(?:near|outside|around|close\s+to|not\s+far\s+from|on\s+the\s+outskirts\s+of|"
                   r"outskirts\s+of|in\s+the\s+vicinity\s+of|(?:north|south|east|west)\w*\s+of)\s",
                   re.I)
# a sentence that talks to the model, not about the world ("ignore previous instructions")
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier|"
    r"your)\s+(?:instructions|prompts?|rules)|\byou\s+are\s+now\b|^\s*(?:system|assistant)\s*:|"
    r"\b(?:output|report|return|generate|add)\s+(?:an?\s+|the\s+)?(?:new\s+)?(?:events?|records?|"
    r"json)\b", re.I | re.M)
_AT_LEAST = re.compile(r"\b(?:at\s+least|more\s+than|over|no\s+fewer\s+than)\b", re.I)
_ABOUT = re.compile(r"\b(?:about|around|approximately|nearly|some|roughly)\b", re.I)
_UP_TO = re.compile(r"\bup\s+to\b", re.I)


class Grounder:
    def __init__(self, article: Article, options: Options):
        self.a = article
        self.text = article.text
        self.opt = options
        self.pub: date | None = options.published or article.published
        self.sents = sentences(self.text)
        self.toponyms = self._geoparse()
        self.times = find_times(self.text, self.pub)
        self.warnings: list[str] = []
        self._used_triggers: set[tuple[int, int]] = set()

    # --- helpers -------------------------------------------------------------------
    def _geoparse(self) -> list[Toponym]:
        if not self.opt.geo:
            return []
        from ..geo import geoparse

        pub = self.opt.published or self.a.published
        return [t for t in geoparse(self.text, country_focus=self.opt.country_focus,
                                    prior=self.opt.geo_prior, on=pub)
                if t.text == self.text[t.start:t.end]]

    def _ev(self, start: int, end: int, fld: str) -> Evidence:
        return Evidence(article_id=self.a.id, start=start, end=end, text=self.text[start:end],
                        field=fld)

    def sentence_at(self, pos: int) -> Sentence:
        for s in self.sents:
            if s.start <= pos < s.end:
                return s
        # between sentences (a newline): the next one, else the last
        return next((s for s in self.sents if s.start >= pos), self.sents[-1])

    def _window(self, s: Sentence, lo: int, hi: int) -> tuple[int, int]:
        first = self.sents[max(0, s.index - WINDOW)]
        last = self.sents[min(len(self.sents) - 1, s.index + WINDOW)]
        return max(lo, first.start), min(hi, last.end)

    def _country_name(self, cc: str | None) -> str | None:
        if not cc:
            return None
        from ..geo import country_info

        return (country_info(cc) or {}).get("name")

    # --- events ----------------------------------------------------------------------
    def event(self, item: dict, n: int, lo: int = 0, hi: int | None = None
              ) -> tuple[Event, Claim | None] | None:
        """One model event item -> (Event, its casualties Claim or None), or None (warned)."""
        hi = len(self.text) if hi is None else hi
        sub = item["sub_event_type"]
        trig_spans = find_quote(self.text, item["trigger_quote"], lo, hi)
        if not trig_spans or not self.sents:
            self.warnings.append(f"event {n} dropped: its trigger_quote "
                                 f"{_short(item['trigger_quote'])!r} is not in the text")
            return None
        trig = self._pick_trigger(item, trig_spans, lo, hi)
        s = self.sentence_at(trig[0])
        if _INSTRUCTION.search(s.text):
            self.warnings.append(f"event {n} dropped: its trigger is in a sentence that reads as "
                                 "instructions to a model, not news")
            return None
        self._used_triggers.add(trig)
        wlo, whi = self._window(s, lo, hi)
        spans: dict[str, tuple[int, int] | None] = {}
        for key in ("place_quote", "date_quote", "actor1_quote", "actor2_quote",
                    "fatalities_quote", "injuries_quote"):
            spans[key] = nearest(find_quote(self.text, item[key], wlo, whi), trig[0])
            if item[key] and spans[key] is None:
                self.warnings.append(f"event {n}: {key} {_short(item[key])!r} is not in the text "
                                     "near its trigger; dropped")
        figures: dict[str, tuple[int, tuple[int, int]]] = {}
        for kind in ("fatalities", "injuries"):
            value, span = item[kind], spans[f"{kind}_quote"]
            if value is None:
                continue
            quote = self.text[span[0]:span[1]] if span else ""
            if not 0 <= value <= MAX_PEOPLE:
                self.warnings.append(f"event {n}: {kind} {value} is not a plausible figure; dropped")
            elif span is None or not number_in(quote, value):
                self.warnings.append(f"event {n}: {kind} {value} is not written in its quote; dropped")
            else:
                figures[kind] = (value, span)
        place, prec, place_span = self._place(spans["place_quote"], s)
        etype, dtype = event_type_of(sub)
        cc = place.country_code if place else self.opt.country_focus
        country = self._country_name(place.country_code if place else None)
        actor_country = self._country_name(cc) or "Ukraine"
        actors, actor_spans = self.actors(s, sub, trig, spans["actor1_quote"],
                                          spans["actor2_quote"], actor_country)
        when = self._date(spans["date_quote"], s)
        from .attribution import find_attributions, find_hedges
        from .typing import find_weapon

        who = next(iter(find_attributions(self.text, s.start, s.end)), None)
        hedges = find_hedges(self.text, s.start, s.end)
        evidence = [self._ev(*trig, "trigger")]
        if place_span:
            evidence.append(self._ev(*place_span, "location"))
        if when is not None:
            evidence.append(self._ev(when.start, when.end, "event_date"))
        evidence += [self._ev(sp[0], sp[1], f) for f, sp in actor_spans]
        evidence += [self._ev(sp[0], sp[1], kind) for kind, (_, sp) in figures.items()]
        if who is not None:
            evidence.append(self._ev(who.start, who.end, "claimant"))
        if when is not None and when.date is not None:
            event_date, tprec = when.date, when.precision
        elif self.pub is not None:
            event_date, tprec = self.pub, 2
        else:
            event_date, tprec = None, 3
        a1, a2, i1, i2 = actors
        ev = Event(
            id=stable_id("ev_", self.a.id, sub, place.geonameid if place else None,
                         place.name if place else None, trig[0]),
            article_ids=[self.a.id], event_date=event_date, time_precision=tprec,
            disorder_type=dtype, event_type=etype, sub_event_type=sub,
            actor1=a1, actor2=a2, inter1=i1, inter2=i2, interaction=interaction(i1, i2),
            civilian_targeting="Civilian targeting" if i2 == 7 and sub not in _NOT_TARGETING else None,
            location=place.name if place else None, admin1=place.admin1 if place else None,
            admin2=place.admin2 if place else None, country=country,
            iso=self._iso(place), country_code=place.country_code if place else None,
            latitude=place.latitude if place else None, longitude=place.longitude if place else None,
            geo_precision=prec if place else None, geonameid=place.geonameid if place else None,
            fatalities=figures["fatalities"][0] if "fatalities" in figures else None,
            injuries=figures["injuries"][0] if "injuries" in figures else None,
            weapon=find_weapon(s.text), claimants=[who.claimant] if who else [],
            evidence=_unique(evidence), notes="",
            confidence=round(0.45 + (0.15 if place and (prec or 3) <= 2 else 0.05 if place else 0)
                             + (0.05 if when else 0) + (0.1 if who else 0)
                             - (0.1 if hedges else 0), 2),
        )
        ev = ev.model_copy(update={"notes": notes_for(ev, hedges[0].hedge if hedges else None)})
        return ev, self._casualty_claim(ev, figures, who, hedges)

    def _pick_trigger(self, item: dict, spans: list[tuple[int, int]], lo: int, hi: int
                      ) -> tuple[int, int]:
        """Of several places the trigger words occur, the one nearest the event's other quotes
        (and not already another event's trigger)."""
        if len(spans) == 1:
            return spans[0]
        others = [find_quote(self.text, item[k], lo, hi) for k in
                  ("place_quote", "date_quote", "actor1_quote", "actor2_quote", "fatalities_quote")]

        def cost(sp: tuple[int, int]) -> tuple[int, int, int]:
            d = sum(min(abs(o[0] - sp[0]) for o in occ) for occ in others if occ)
            return (int(sp in self._used_triggers), d, sp[0])

        return min(spans, key=cost)

    def _place(self, span: tuple[int, int] | None, s: Sentence
               ) -> tuple[Toponym | None, int | None, tuple[int, int] | None]:
        """The place of the model's place quote: a literal toponym the geoparser found inside
        it, else the quote geocoded; with no quote, the sentence's first literal place."""
        if not self.opt.geo:
            return None, None, None

        def usable(t: Toponym) -> bool:
            return (t.role == "literal" and t.latitude is not None and bool(t.country_code)
                    and t.feature_code != "CONT" and t.feature_class != "H")

        near = False
        if span is not None:
            quote = self.text[span[0]:span[1]]
            near = bool(_NEAR.match(quote))
            inside = [t for t in self.toponyms if span[0] <= t.start and t.end <= span[1] and usable(t)]
            if inside:
                t = min(inside, key=lambda t: (t.geo_precision or 3, t.start))
                return t, self._precision(t, near), (t.start, t.end)
            from ..geo import geocode

            # "Moscow said", "Iranian-made": the geoparser read the name as a government or a
            # demonym here, so the quote does not locate the event
            figurative = any(t.start < span[1] and span[0] < t.end and t.role != "literal"
                             for t in self.toponyms)
            coded = None if figurative else geocode(quote, country_focus=self.opt.country_focus)
            if coded is not None and usable(coded) and quote[coded.start:coded.end] == coded.text:
                start, end = span[0] + coded.start, span[0] + coded.end
                coded = coded.model_copy(update={"start": start, "end": end})
                return coded, self._precision(coded, near), (start, end)
        in_sentence = [t for t in self.toponyms if s.start <= t.start < s.end and usable(t)]
        if in_sentence:
            t = min(in_sentence, key=lambda t: (t.geo_precision or 3, t.start))
            return t, self._precision(t, False), (t.start, t.end)
        return None, None, None

    @staticmethod
    def _precision(t: Toponym, near: bool) -> int:
        prec = t.geo_precision or 1
        return 2 if near and prec == 1 else prec

    def _iso(self, place: Toponym | None) -> int | None:
        if place is None or not place.country_code:
            return None
        from ..geo import country_info

        return (country_info(place.country_code) or {}).get("iso_numeric")

    def _date(self, span: tuple[int, int] | None, s: Sentence):
        if span is not None:
            found = find_times(self.text, self.pub, span[0], span[1])
            if found:
                return pick_event_time(self.text, found)
        return pick_event_time(self.text, [t for t in self.times if s.start <= t.start < s.end])

    def actors(self, s: Sentence, sub: str, trig: tuple[int, int], q1: tuple[int, int] | None,
               q2: tuple[int, int] | None, country: str):
        """(actor1, actor2, inter1, inter2) and the spans that support them: the rules'
        reading of the sentence, overridden by the model's actor quotes where the actor
        lexicon knows them."""
        from .actors import assign_actors, find_actors
        from .typing import Typing

        etype, dtype = event_type_of(sub)
        typing = Typing(sub_event_type=sub, event_type=etype, disorder_type=dtype, score=0.6,
                        trigger_start=trig[0] - s.start, trigger_end=trig[1] - s.start)
        a1, a2, i1, i2, _, _ = assign_actors(s.text, typing, country=country)
        spans: list[tuple[str, tuple[int, int]]] = []

        def known(q: tuple[int, int] | None):
            if q is None:
                return None
            found = find_actors(self.text[q[0]:q[1]], country)
            return (found[0], (q[0] + found[0].start, q[0] + found[0].end)) if found else None

        m1, m2 = known(q1), known(q2)
        crowd = sub in _PROTEST or sub in _RIOT
        if m1 is not None and (not crowd or m1[0].inter in (5, 6)):
            a1, i1 = m1[0].name, m1[0].inter
            if sub in _RIOT and i1 == 6:
                a1, i1 = f"Rioters ({country})", 5
            spans.append(("actor1", m1[1]))
        if m2 is not None and m2[0].name != a1:
            a2, i2 = m2[0].name, m2[0].inter
            spans.append(("actor2", m2[1]))
        if a1 is not None and a1 == a2:
            a2, i2 = None, None
        return (a1, a2, i1, i2), spans

    def _casualty_claim(self, ev: Event, figures, who, hedges) -> Claim | None:
        if not figures:
            return None
        from .casualties import claim_quantities

        q = claim_quantities({k: v for k, (v, _) in figures.items()})
        words = " ".join(self.text[sp[0]:sp[1]] for _, sp in figures.values())
        qualifier = ("at least" if _AT_LEAST.search(words) else "up to" if _UP_TO.search(words)
                     else "about" if _ABOUT.search(words) else None)
        evidence = [self._ev(sp[0], sp[1], k) for k, (_, sp) in figures.items()]
        if who is not None:
            evidence.append(self._ev(who.start, who.end, "claimant"))
        return Claim(
            id=stable_id("cl_", self.a.id, "casualties", ev.id), article_id=self.a.id,
            event_id=ev.id, kind="casualties", claimant=who.claimant if who else None,
            claimant_type=who.claimant_type if who else None, about=ev.actor2,
            date=ev.event_date, period="day", quantities=q, qualifier=qualifier,
            hedge=hedges[0].hedge if hedges else None,
            text=", ".join(f"{k} {v}" for k, v in q.items()) + (f" at {ev.location}" if ev.location else ""),
            evidence=_unique(evidence))

    # --- claims ----------------------------------------------------------------------
    def claim(self, item: dict, n: int, lo: int = 0, hi: int | None = None) -> Claim | None:
        hi = len(self.text) if hi is None else hi
        spans = find_quote(self.text, item["claim_quote"], lo, hi)
        if not spans or not self.sents:
            self.warnings.append(f"claim {n} dropped: its claim_quote "
                                 f"{_short(item['claim_quote'])!r} is not in the text")
            return None
        span = spans[0]
        s = self.sentence_at(span[0])
        wlo, whi = self._window(s, lo, hi)
        from .attribution import claimant_type, find_attributions, find_hedges

        who_span = nearest(find_quote(self.text, item["claimant_quote"], wlo, whi), span[0])
        if item["claimant_quote"] and who_span is None:
            self.warnings.append(f"claim {n}: claimant_quote {_short(item['claimant_quote'])!r} "
                                 "is not in the text near the claim; dropped")
        claimant = ctype = None
        if who_span is not None:
            att = next((a for a in find_attributions(self.text, s.start, s.end)
                        if a.start < who_span[1] and who_span[0] < a.end), None)
            if att is not None:
                claimant, ctype, who_span = att.claimant, att.claimant_type, (att.start, att.end)
            else:
                claimant = re.sub(r"^(?:the|a|an)\s+", "", self.text[who_span[0]:who_span[1]], flags=re.I)
                ctype = claimant_type(claimant)
        kind = item["kind"]
        quote = self.text[span[0]:span[1]]
        evidence = [self._ev(*span, "quantities" if kind in ("losses", "interception", "casualties",
                                                             "cost") else "text")]
        if who_span is not None:
            evidence.append(self._ev(*who_span, "claimant"))
        country = self._country_name(self.opt.country_focus) or "Ukraine"
        about = None
        if item["about"]:
            from .actors import find_actors

            found = find_actors(item["about"], country)
            about = found[0].name if found else None
        when = pick_event_time(self.text, [t for t in self.times if s.start <= t.start < s.end])
        hedges = find_hedges(self.text, s.start, s.end)
        return Claim(
            id=stable_id("cl_", self.a.id, kind, span[0], span[1]), article_id=self.a.id,
            kind=kind, claimant=claimant, claimant_type=ctype, about=about,
            date=when.date if when else self.pub, period="day" if kind != "assessment" else None,
            quantities=_quantities(kind, quote), qualifier=None,
            hedge=hedges[0].hedge if hedges else ("assessed" if kind == "assessment" else None),
            text=quote, evidence=evidence)


def _quantities(kind: str, quote: str) -> dict[str, int | float]:
    """The figures of a claim, read by the rules' own finders from the quoted words."""
    q: dict[str, int | float] = {}
    if kind == "losses":
        from .losses import find_loss_tallies

        for tally in find_loss_tallies(quote):
            q.update(tally.quantities)
    elif kind == "interception":
        from .losses import find_interceptions

        for inter in find_interceptions(quote)[:1]:
            if inter.launched is not None:
                q["launched"] = inter.launched
            if inter.destroyed is not None:
                q["destroyed"] = inter.destroyed
    elif kind == "casualties":
        from .casualties import conservative, find_casualties

        found = find_casualties(quote)
        for k, name in (("fatalities", "killed"), ("injuries", "injured")):
            v = conservative(found, k)
            if v is not None:
                q[name] = v
    return q


def _unique(items: list[Evidence]) -> list[Evidence]:
    seen: set[tuple[int, int, str | None]] = set()
    out = []
    for e in items:
        if (e.start, e.end, e.field) not in seen:
            seen.add((e.start, e.end, e.field))
            out.append(e)
    return out
