"""Scorers for event coding: ACLED-format CSVs, CASE 2021 snippets, UCDP headlines, and the
reference article. Each returns a dict whose top-level numbers are the metrics (the quality
gate reads those) plus a few nested details for the tables.

Conventions (shared/corpus/README.md): macro and micro F1 over sub-event types; locations
within 10 and 25 km of the gold coordinate; numbers and dates exact; a missing value counts
as wrong. Big files can be sampled with ``limit``: every k-th row, so the sample is the same
on every run.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..progress import track
from ..taxonomy import SUB_EVENT_TYPES

CASE_CODES = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance", "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike", "ARMED_CLASH": "Armed clash", "ARREST": "Arrests",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack", "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity", "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory", "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established", "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory", "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest", "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "REM_EXPLOS": "Remote explosive/landmine/IED", "SEX_VIOL": "Sexual violence",
    "SUIC_BOMB": "Suicide bomb", "VIOL_DEMONSTR": "Violent demonstration",
}
CASE_NON_ACLED = ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB")
POLITICAL_VIOLENCE = "Political violence"


# --- helpers -------------------------------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def share(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def sample(rows: list[Any], limit: int | None) -> list[Any]:
    """Every k-th row so that at most ``limit`` remain (deterministic)."""
    if not limit or len(rows) <= limit:
        return rows
    step = len(rows) / limit
    return [rows[int(i * step)] for i in range(limit)]


def f1_report(gold: list[str | None], pred: list[str | None], labels: Iterable[str]) -> dict[str, Any]:
    """Macro and micro F1 over ``labels``; a None gold or prediction belongs to no label."""
    labels = list(labels)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        if g == p and g in labels:
            tp[g] += 1
            continue
        if p in labels:
            fp[p] += 1
        if g in labels:
            fn[g] += 1
    per: dict[str, dict[str, float | int]] = {}
    for lab in labels:
        prec = tp[lab] / (tp[lab] + fp[lab]) if tp[lab] + fp[lab] else 0.0
        rec = tp[lab] / (tp[lab] + fn[lab]) if tp[lab] + fn[lab] else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {"support": tp[lab] + fn[lab], "precision": round(prec, 4),
                    "recall": round(rec, 4), "f1": round(f1, 4)}
    present = [lab for lab in labels if per[lab]["support"]]
    macro = sum(float(per[lab]["f1"]) for lab in present) / len(present) if present else 0.0
    t, p_, n_ = sum(tp.values()), sum(fp.values()), sum(fn.values())
    micro_p = t / (t + p_) if t + p_ else 0.0
    micro_r = t / (t + n_) if t + n_ else 0.0
    micro = 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0
    return {"macro_f1": round(macro, 4), "micro_f1": round(micro, 4), "per_label": per}


_BACKEND = {"name": "rules"}


def use_backend(name: str) -> None:
    """The extraction backend the pipeline scorers run ("rules", "llm", "rules+llm", ...)."""
    from ..extract.backends import available

    if name not in available():
        raise InputError(f"unknown backend {name!r} (known: {', '.join(available())})")
    _BACKEND["name"] = name


def _extract(text: str, published: dt.date | None) -> Any:
    from .. import extract

    return extract(text, published=published, backend=_BACKEND["name"])


def _read_csv(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            return list(csv.DictReader(fh, delimiter=delimiter))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: cannot read as CSV ({exc})") from None


def parse_date(value: str, day_first: bool | None = None) -> dt.date | None:
    """ISO dates, and the m/d/Y (or d/m/Y when the first part exceeds 12) of UCDP exports."""
    s = (value or "").strip().split(";")[0].strip()
    if not s:
        return None
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        pass
    m = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", s)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if day_first is None:
            day_first = a > 12
        d, mo = (a, b) if day_first else (b, a)
        try:
            return dt.date(y, mo, d)
        except ValueError:
            return None
    for fmt in ("%d %B %Y", "%d %b %Y", "%B %d, %Y"):
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    return None


def _num(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _within(ev: Any, lat: float | None, lon: float | None, km: float) -> bool:
    if ev is None or lat is None or lon is None:
        return False
    if getattr(ev, "latitude", None) is None or getattr(ev, "longitude", None) is None:
        return False
    return haversine_km(ev.latitude, ev.longitude, lat, lon) <= km


# --- CASE 2021 -------------------------------------------------------------------------


def score_case2021(path: str | Path, *, pipeline: bool = True, limit: int | None = None,
                   progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Typing on CASE 2021 task 2 snippets: macro/micro F1 over the 25 ACLED types, and the
    share of non-ACLED snippets (crime, disasters, diplomacy, attribution) given no
    political-violence event. ``classify`` alone, and (``pipeline``) the full extraction."""
    from ..extract.typing import classify

    rows = _read_csv(Path(path), delimiter="\t")
    if rows and not {"EventSnippet", "SubType"} <= set(rows[0]):
        raise InputError(f"{path}: expected the columns EventSnippet and SubType")
    rows = sample(rows, limit)
    gold: list[str | None] = []
    pred: list[str | None] = []
    pipe: list[str | None] = []
    non_total = non_ok = non_none = pipe_non_ok = 0
    unknown: Counter[str] = Counter()
    for i, row in enumerate(track(rows, "eval case2021")):
        label = row["SubType"].strip()
        text = row["EventSnippet"]
        if label not in CASE_CODES and label not in CASE_NON_ACLED:
            unknown[label] += 1
            continue
        t = classify(text)
        g = CASE_CODES.get(label)
        gold.append(g)
        pred.append(t.sub_event_type if t else None)
        if pipeline:
            res = _extract(text, None)
            first = min(res.events, key=_first_evidence) if res.events else None
            pipe.append(first.sub_event_type if first else None)
            if g is None:
                pipe_non_ok += int(not any(e.disorder_type == POLITICAL_VIOLENCE for e in res.events))
        if g is None:
            non_total += 1
            non_none += int(t is None)
            non_ok += int(t is None or t.disorder_type != POLITICAL_VIOLENCE)
        if progress:
            progress(i + 1, len(rows))
    acled = [(g, p) for g, p in zip(gold, pred, strict=True) if g is not None]
    rep = f1_report([g for g, _ in acled], [p for _, p in acled], SUB_EVENT_TYPES)
    rep_all = f1_report(gold, pred, SUB_EVENT_TYPES)
    out: dict[str, Any] = {
        "snippets": len(gold),
        "acled_snippets": len(acled),
        "macro_f1": rep["macro_f1"],
        "micro_f1": rep["micro_f1"],
        "accuracy": share(sum(g == p for g, p in acled), len(acled)),
        "event_type_accuracy": share(
            sum(p is not None and SUB_EVENT_TYPES[g][0] == SUB_EVENT_TYPES[p][0] for g, p in acled),
            len(acled)),
        "macro_f1_with_non_acled": rep_all["macro_f1"],
        "non_acled_snippets": non_total,
        "non_acled_no_pv_event": share(non_ok, non_total),
        "non_acled_no_event": share(non_none, non_total),
    }
    if pipeline:
        pacled = [(g, p) for g, p in zip(gold, pipe, strict=True) if g is not None]
        prep = f1_report([g for g, _ in pacled], [p for _, p in pacled], SUB_EVENT_TYPES)
        out.update({
            "pipeline_macro_f1": prep["macro_f1"],
            "pipeline_micro_f1": prep["micro_f1"],
            "pipeline_non_acled_no_pv_event": share(pipe_non_ok, non_total),
        })
    out["per_type"] = rep["per_label"]
    out["confusions"] = [
        {"gold": g, "predicted": p, "count": c}
        for (g, p), c in Counter((g, p) for g, p in acled if g != p).most_common(15)
    ]
    if unknown:
        out["unknown_labels"] = dict(unknown)
    return out


def _first_evidence(ev: Any) -> int:
    return min((x.start for x in ev.evidence), default=0)


# --- UCDP headlines --------------------------------------------------------------------

_DEATH_WORD = re.compile(
    r"\b(?:kill(?:ed|s|ing)?|dead|die[sd]?|death|deaths|dying|shot|slain|lives|bodies|KIA)\b", re.I
)
_A_NUMBER = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|dozens?|man|woman|soldier|civilian|child|boy|girl)\b",
    re.I,
)


def ucdp_rows(path: str | Path) -> tuple[list[dict[str, str]], dict[str, int]]:
    """The rows scored, and how many were left out and why.

    UCDP lists every source headline of an event, joined by ';', and splits one report's
    deaths over several events. We score a row only when (1) its headline field holds one
    headline, (2) no other row carries the same headline (UCDP did not split that report),
    and (3) the headline states a death count (a death word and a number or a singular
    person: the rule reads the headline only, never the gold). The location and date
    figures use the same rows.
    """
    rows = _read_csv(Path(path))
    if rows and "source_headline" not in rows[0]:
        raise InputError(f"{path}: expected a UCDP GED CSV with a source_headline column")
    counts = Counter(r["source_headline"].strip() for r in rows)
    kept: list[dict[str, str]] = []
    why: Counter[str] = Counter()
    for r in rows:
        h = r["source_headline"].strip()
        if not h:
            why["no headline"] += 1
        elif ";" in h:
            why["several headlines"] += 1
        elif counts[h] > 1:
            why["headline split over several events"] += 1
        elif not (_DEATH_WORD.search(h) and _A_NUMBER.search(h)):
            why["headline states no death count"] += 1
        else:
            kept.append(r)
    return kept, dict(why)


_PERSON_ONE = re.compile(r"\b(?:a|an|one)?\s*(?:man|woman|soldier|civilian|child|boy|girl|person|"
                         r"serviceman|militiaman|resident)\b", re.I)


def headline_numbers(text: str) -> set[int]:
    """Every number a headline states (digits, number words, a lone person = 1): what a
    reader of the headline alone could give as a death count."""
    from ..extract.casualties import _NUM, parse_number

    out: set[int] = set()
    for m in re.finditer(rf"(?<![\w-]){_NUM}(?![\w-])", text, re.I):
        parsed = parse_number(m.group(0))
        if parsed is not None:
            out.add(parsed[0])
    if _PERSON_ONE.search(text):
        out.add(1)
    return out


def _names_place_near(text: str, lat: float | None, lon: float | None) -> bool:
    """Whether the headline names (as a literal place) somewhere within 25 km of the point."""
    if lat is None or lon is None:
        return False
    from ..geo import geoparse

    found = geoparse(text)
    tops = getattr(found, "toponyms", found)
    return any(t.role == "literal" and t.latitude is not None
               and haversine_km(t.latitude, t.longitude, lat, lon) <= 25 for t in tops)


def score_ucdp(path: str | Path, *, limit: int | None = None,
               progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """UCDP GED headlines through the pipeline: deaths exact vs ``best``, location within
    25 km, date exact. The publication date given is the row's own ``source_date``."""
    from ..extract.casualties import conservative, find_casualties

    rows, left_out = ucdp_rows(path)
    rows = sample(rows, limit)
    deaths = deaths_cas = loc25 = loc10 = date_ok = with_event = 0
    # headroom: rows whose headline states UCDP's figure / names a place near UCDP's point
    stated = stated_ok = named = named_ok = 0
    misses: list[dict[str, Any]] = []
    for i, r in enumerate(track(rows, "eval ucdp")):
        text = r["source_headline"].strip()
        gold_deaths = int(float(r.get("best") or 0))
        published = parse_date(r.get("source_date", ""), None) or parse_date(r.get("date_end", ""))
        res = _extract(text, published)
        events = sorted(res.events, key=_first_evidence)
        with_event += int(bool(events))
        figs = [e.fatalities for e in events if e.fatalities is not None]
        got = max(figs) if figs else (0 if events else None)
        deaths += int(got == gold_deaths)
        cas = conservative(find_casualties(text), "fatalities")
        deaths_cas += int((cas or 0) == gold_deaths)
        lat, lon = _num(r.get("latitude")), _num(r.get("longitude"))
        located = next((e for e in events if e.latitude is not None), None)
        loc25 += int(_within(located, lat, lon, 25))
        loc10 += int(_within(located, lat, lon, 10))
        gold_date = parse_date(r.get("date_start", ""), False)
        date_ok += int(any(e.event_date == gold_date for e in events[:1]))
        if gold_deaths in headline_numbers(text):
            stated += 1
            stated_ok += int(got == gold_deaths)
        if _names_place_near(text, lat, lon):
            named += 1
            named_ok += int(_within(located, lat, lon, 25))
        if got != gold_deaths and len(misses) < 15:
            misses.append({"headline": text[:120], "gold": gold_deaths, "predicted": got})
        if progress:
            progress(i + 1, len(rows))
    n = len(rows)
    return {
        "rows": n,
        "deaths_exact": share(deaths, n),
        "deaths_exact_casualties_only": share(deaths_cas, n),
        "location_within_25km": share(loc25, n),
        "location_within_10km": share(loc10, n),
        "date_exact": share(date_ok, n),
        "with_event": share(with_event, n),
        "headline_states_deaths": share(stated, n),
        "deaths_exact_where_stated": share(stated_ok, stated),
        "headline_names_place_within_25km": share(named, n),
        "location_within_25km_where_named": share(named_ok, named),
        "left_out": left_out,
        "misses": misses,
    }


# --- ACLED-format CSV ------------------------------------------------------------------


def score_events(path: str | Path, *, delay_days: int = 7, limit: int | None = None,
                 progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Any ACLED-format CSV with ``notes``: extract from the notes with a publication date
    ``delay_days`` after the event (so the date must come from the text) and compare the
    first event found with the row."""
    rows = _read_csv(Path(path))
    need = {"notes", "event_date", "sub_event_type"}
    if rows and not need <= set(rows[0]):
        missing = ", ".join(sorted(need - set(rows[0])))
        raise InputError(f"{path}: not an ACLED-format CSV (missing {missing})")
    rows = sample([r for r in rows if (r.get("notes") or "").strip()], limit)
    gold_t: list[str | None] = []
    pred_t: list[str | None] = []
    ev_type = loc10 = loc25 = fat = fat_pos = fat_pos_n = date_ok = actor_ok = 0
    bad_rows = 0
    for i, r in enumerate(track(rows, "eval events")):
        gdate = parse_date(r["event_date"])
        gsub = r["sub_event_type"].strip()
        if gdate is None or gsub not in SUB_EVENT_TYPES:
            bad_rows += 1
            continue
        res = _extract(r["notes"], gdate + dt.timedelta(days=delay_days))
        events = sorted(res.events, key=_first_evidence)
        e = events[0] if events else None
        gold_t.append(gsub)
        pred_t.append(e.sub_event_type if e else None)
        ev_type += int(e is not None and e.event_type == SUB_EVENT_TYPES[gsub][0])
        lat, lon = _num(r.get("latitude")), _num(r.get("longitude"))
        loc10 += int(_within(e, lat, lon, 10))
        loc25 += int(_within(e, lat, lon, 25))
        gf = int(_num(r.get("fatalities")) or 0)
        pf = (e.fatalities or 0) if e is not None else None
        fat += int(pf == gf)
        if gf > 0:
            fat_pos_n += 1
            fat_pos += int(pf == gf)
        date_ok += int(e is not None and e.event_date == gdate)
        ga = (r.get("actor1") or "").strip().lower()
        actor_ok += int(e is not None and bool(ga) and (e.actor1 or "").strip().lower() == ga)
        if progress:
            progress(i + 1, len(rows))
    n = len(gold_t)
    rep = f1_report(gold_t, pred_t, SUB_EVENT_TYPES)
    return {
        "rows": n,
        "bad_rows": bad_rows,
        "sub_event_accuracy": share(sum(g == p for g, p in zip(gold_t, pred_t, strict=True)), n),
        "sub_event_macro_f1": rep["macro_f1"],
        "event_type_accuracy": share(ev_type, n),
        "location_within_10km": share(loc10, n),
        "location_within_25km": share(loc25, n),
        "fatalities_exact": share(fat, n),
        "fatalities_exact_where_positive": share(fat_pos, fat_pos_n),
        "event_date_exact": share(date_ok, n),
        "actor1_match": share(actor_ok, n),
        "per_type": rep["per_label"],
    }


# --- the reference article -------------------------------------------------------------


def _event_ok(e: Any, spec: dict[str, Any]) -> bool:
    if e.sub_event_type not in spec.get("sub_event_type", [e.sub_event_type]):
        return False
    if "near" in spec:
        lat, lon = spec["near"]
        if not _within(e, lat, lon, float(spec.get("km", 25))):
            return False
    if "dates" in spec and (e.event_date is None or e.event_date.isoformat() not in spec["dates"]):
        return False
    for key in ("fatalities", "injuries"):
        if key in spec and getattr(e, key) != spec[key]:
            return False
    if "claimant_contains" in spec:
        want = spec["claimant_contains"].lower()
        if not any(want in c.lower() for c in e.claimants):
            return False
    return True


def _claim_ok(c: Any, spec: dict[str, Any]) -> bool:
    if c.kind != spec.get("kind", c.kind):
        return False
    if "dates" in spec and (c.date is None or c.date.isoformat() not in spec["dates"]):
        return False
    return all(c.quantities.get(k) == v for k, v in (spec.get("quantities") or {}).items())


def score_reference(text_path: str | Path, expected_path: str | Path) -> dict[str, Any]:
    """Each expected event and claim found (pass/fail), and no event in a forbidden place."""
    try:
        text = Path(text_path).read_text(encoding="utf-8")
        expected = json.loads(Path(expected_path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"{exc.filename}: no such file") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{expected_path}: not JSON ({exc})") from None
    published = parse_date(expected.get("published", ""))
    res = _extract(text, published)
    items: list[dict[str, Any]] = []
    for spec in expected.get("events", []):
        ok = any(_event_ok(e, spec) for e in res.events)
        items.append({"id": spec.get("id"), "kind": "event", "pass": ok,
                      "what": ", ".join(spec.get("sub_event_type", []))})
    for spec in expected.get("claims", []):
        ok = any(_claim_ok(c, spec) for c in res.claims)
        items.append({"id": spec.get("id"), "kind": "claim", "pass": ok, "what": spec.get("kind")})
    for spec in expected.get("forbidden_near", []):
        lat, lon = spec["near"]
        bad = [e for e in res.events if _within(e, lat, lon, float(spec.get("km", 25)))]
        items.append({"id": f"not {spec.get('what')}", "kind": "forbidden", "pass": not bad,
                      "what": f"no event within {spec.get('km')} km"})
    passed = sum(i["pass"] for i in items)
    out: dict[str, Any] = {
        "items": len(items),
        "passed": passed,
        "pass_rate": share(passed, len(items)),
        "events_found": len(res.events),
    }
    for kind, key in (("event", "events"), ("claim", "claims"), ("forbidden", "forbidden")):
        ks = [i for i in items if i["kind"] == kind]
        out[f"{key}_pass_rate"] = share(sum(i["pass"] for i in ks), len(ks))
    out["details"] = items
    return out
