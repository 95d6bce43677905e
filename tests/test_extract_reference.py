"""The reference article pins what extraction must yield.

Always: a front-line report written for these tests (same constructions as the reference
article, other figures). When ../shared/corpus is beside the checkout (CI), also the real
reference article against its expected JSON.
"""

import json
import math
from pathlib import Path

import pytest

import warledger

FIX = Path(__file__).parent / "fixtures" / "extract"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def km(a, b):
    (la1, lo1), (la2, lo2) = a, b
    p1, p2 = math.radians(la1), math.radians(la2)
    dp, dl = p2 - p1, math.radians(lo2 - lo1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def event_matches(e, spec):
    if e.sub_event_type not in spec["sub_event_type"] or e.latitude is None:
        return False
    if km((e.latitude, e.longitude), spec["near"]) > spec["km"]:
        return False
    if str(e.event_date) not in spec["dates"]:
        return False
    for key in ("fatalities", "injuries", "geo_precision"):
        if key in spec and getattr(e, key) != spec[key]:
            return False
    want = spec.get("claimant_contains")
    return want is None or any(want in c for c in e.claimants)


def claim_matches(c, spec):
    return (c.kind == spec["kind"] and str(c.date) in spec["dates"]
            and all(c.quantities.get(k) == v for k, v in spec["quantities"].items()))


def check(result, expected, only=None):
    missing = []
    for spec in expected["events"]:
        if only and spec["id"] not in only:
            continue
        if not any(event_matches(e, spec) for e in result.events):
            missing.append(spec["id"])
    for spec in expected["claims"]:
        if not any(claim_matches(c, spec) for c in result.claims):
            missing.append(spec["id"])
    forbidden = [
        (f["what"], e.location) for f in expected["forbidden_near"] for e in result.events
        if e.latitude is not None and km((e.latitude, e.longitude), f["near"]) <= f["km"]]
    return missing, forbidden


def summary(result):
    return "\n".join(f"{e.sub_event_type} | {e.location} | {e.event_date} | {e.fatalities}/{e.injuries}"
                     f" | {e.claimants}" for e in result.events)


def assert_yields(text_path, expected_path):
    expected = json.loads(expected_path.read_text("utf-8"))
    result = warledger.extract(text_path.read_text("utf-8"), published=expected["published"])
    missing, forbidden = check(result, expected)
    assert not missing, f"missing {missing}; got:\n{summary(result)}"
    assert not forbidden, forbidden


def test_frontline_fixture_yields_every_event_and_claim():
    assert_yields(FIX / "frontline-report.txt", FIX / "frontline-report.expected.json")


def test_extracting_twice_is_identical():
    text = (FIX / "frontline-report.txt").read_text("utf-8")
    a = warledger.extract(text, published="2023-03-23").to_dict()
    b = warledger.extract(text, published="2023-03-23").to_dict()
    assert a == b


def test_no_publication_date_keeps_records_and_warns():
    text = (FIX / "frontline-report.txt").read_text("utf-8")
    result = warledger.extract(text)
    assert result.events
    assert any("publication date" in w for w in result.warnings)
    assert all(e.event_date is None or e.time_precision >= 1 for e in result.events)


@pytest.mark.skipif(not (SHARED / "reference-article.txt").is_file(), reason="needs ../shared/corpus")
def test_reference_article():
    assert_yields(SHARED / "reference-article.txt", SHARED / "reference-article.expected.json")
