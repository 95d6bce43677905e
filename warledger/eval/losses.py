"""Score loss-tally extraction against gold JSONL (``eval losses``).

Each input line is a JSON object with ``text`` and gold figures in ``gold_equipment`` and
``gold_personnel`` (the key names of the gold data set, mapped to ours by ``GOLD_KEYS``).
Scoring follows the corpus conventions: exact match per field, a missing field counts as wrong.

Gold fields that are not loss quantities the text states are excluded and counted in the
report: bookkeeping (``date``, ``day``), ``POW`` (prisoners are not part of the daily loss
statement, the data set takes them from elsewhere) and ``greatest losses direction`` (a place,
not a quantity). ``personnel*`` (the personnel qualifier, e.g. "about") is scored separately.
Any other gold key we do not know is excluded and listed, so new fields show up in the report.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..progress import track

#: gold key (PetroIvaniuk/2022-Ukraine-Russia-War-Dataset naming) -> our loss-tally key
GOLD_KEYS: dict[str, str] = {
    "personnel": "personnel",
    "tank": "tanks",
    "APC": "apcs",
    "field artillery": "artillery",
    "MRL": "mlrs",
    "anti-aircraft warfare": "air_defense_systems",
    "aircraft": "aircraft",
    "helicopter": "helicopters",
    "drone": "uavs",
    "cruise missiles": "cruise_missiles",
    "naval ship": "ships",
    "submarines": "submarines",
    "military auto": "vehicles",
    "vehicles and fuel tanks": "vehicles",  # one General Staff category since May 2022
    "fuel tank": "fuel_tanks",
    "special equipment": "special_equipment",
    "mobile SRBM system": "mobile_srbm_systems",
}
#: gold fields that are not quantities stated in the text (excluded, counted in the report)
EXCLUDED: dict[str, str] = {
    "date": "bookkeeping",
    "day": "bookkeeping",
    "POW": "not in the loss statement text",
    "greatest losses direction": "a place, not a quantity",
}
QUALIFIER_FIELD = "personnel*"


def _predict(text: str) -> tuple[dict[str, int], dict[str, str], str | None]:
    from ..extract.losses import find_loss_tallies

    quantities: dict[str, int] = {}
    qualifiers: dict[str, str] = {}
    qualifier = None
    for tally in sorted(find_loss_tallies(text), key=lambda t: -len(t.quantities)):
        for k, v in tally.quantities.items():
            quantities.setdefault(k, v)
        for k, v in tally.qualifiers.items():
            qualifiers.setdefault(k, v)
        qualifier = qualifier or tally.qualifier
    return quantities, qualifiers, qualifier


def _numbers_in(text: str) -> set[int]:
    return {int(re.sub(r"[\s,]", "", m)) for m in re.findall(r"\d[\d,]*", text)
            if re.sub(r"[\s,]", "", m).isdigit()}


def _read(paths: list[Path]) -> tuple[list[tuple[str, int, dict]], list[str]]:
    rows, errors = [], []
    for path in paths:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: cannot read ({exc.__class__.__name__})") from None
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{path}:{n}: not JSON ({exc.msg})")
                continue
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                errors.append(f"{path}:{n}: no 'text' field")
                continue
            rows.append((str(path), n, row))
    return rows, errors


def score_losses(paths: str | Path | list[str | Path]) -> dict[str, Any]:
    """Per-category exact share, share of fully exact statements, and what was excluded."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    rows, errors = _read([Path(p) for p in paths])
    per_cat: dict[str, Counter] = {}
    excluded: Counter = Counter()
    unknown: Counter = Counter()
    extra: Counter = Counter()
    qual = Counter()
    not_in_text = 0
    statements = exact_statements = 0
    mismatches: list[dict[str, Any]] = []
    for path, n, row in track(rows, "eval losses"):
        gold: dict[str, Any] = {}
        for part in ("gold_equipment", "gold_personnel"):
            if isinstance(row.get(part), dict):
                gold.update(row[part])
        if not gold:
            errors.append(f"{path}:{n}: no gold figures")
            continue
        text = row["text"]
        predicted, qualifiers, tally_qualifier = _predict(text)
        numbers = _numbers_in(text)
        statements += 1
        all_ok = True
        scored_keys = set()
        for gkey, gval in gold.items():
            if gkey in EXCLUDED:
                excluded[gkey] += 1
                continue
            if gkey == QUALIFIER_FIELD:
                got = qualifiers.get("personnel", tally_qualifier)
                qual["n"] += 1
                qual["exact"] += int(got == gval)
                continue
            key = GOLD_KEYS.get(gkey)
            if key is None:
                unknown[gkey] += 1
                continue
            scored_keys.add(key)
            c = per_cat.setdefault(key, Counter())
            c["n"] += 1
            ok = predicted.get(key) == gval
            c["exact"] += int(ok)
            if isinstance(gval, int) and gval not in numbers:
                not_in_text += 1
            if not ok:
                all_ok = False
                if len(mismatches) < 20:
                    mismatches.append({"where": f"{path}:{n}", "category": key,
                                       "gold": gval, "predicted": predicted.get(key)})
        for key in predicted:
            if key not in scored_keys:
                extra[key] += 1
        exact_statements += int(all_ok)
    total = sum(c["n"] for c in per_cat.values())
    exact = sum(c["exact"] for c in per_cat.values())
    return {
        "files": [str(p) for p in paths],
        "statements": statements,
        "statements_fully_exact": exact_statements,
        "statements_fully_exact_share": _share(exact_statements, statements),
        "categories_scored": total,
        "categories_exact": exact,
        "categories_exact_share": _share(exact, total),
        "per_category": {k: {"n": c["n"], "exact": c["exact"], "share": _share(c["exact"], c["n"])}
                         for k, c in sorted(per_cat.items())},
        "personnel_qualifier": {"n": qual["n"], "exact": qual["exact"],
                                "share": _share(qual["exact"], qual["n"])},
        "excluded_gold_fields": {k: {"count": v, "why": EXCLUDED[k]}
                                 for k, v in sorted(excluded.items())},
        "unknown_gold_fields": dict(sorted(unknown.items())),
        "gold_values_not_in_text": not_in_text,
        "predicted_not_in_gold": dict(sorted(extra.items())),
        "mismatches": mismatches,
        "errors": errors,
    }


def _share(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None
