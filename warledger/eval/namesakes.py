"""``warledger eval namesakes``: a namesake test set generated from the built gazetteer.

Ukraine has dozens of Vesele, Ivanivka and Novooleksandrivka, several in one oblast. From the
gazetteer's own settlements (the KATOTTG register) this builds descriptions that state which
one is meant, and checks that ``geocode`` honours the qualifier:

- ``oblast``: every name borne by settlements in two or more oblasts, as "NAME, X Oblast",
  "NAME in X region" and "NAME, X" for each of those oblasts; right when the place found lies
  in that oblast.
- ``raion``: every name borne by two or more settlements of one oblast in different raions, as
  "NAME, Y Raion" and "NAME in the Y district" for each raion; right when the place found is
  the namesake in that raion.
- ``hromada``: the same for namesakes in different hromadas, "NAME, Z hromada".

No corpus is needed. ``sample`` keeps every k-th case (deterministic) for the quality gate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

FORMS = {
    "oblast": ("{name}, {oblast}", "{name} in {short} region", "{name}, {short}"),
    "raion": ("{name}, {raion}", "{name} in the {rshort} district"),
    "hromada": ("{name}, {hromada}",),
}


def _short(area: str, word: str) -> str:
    return area[: -len(word)].strip() if area.endswith(word) else area


def build_cases(gaz: Any = None) -> dict[str, list[tuple[str, str, str]]]:
    """{kind: [(description, field, expected value)]}: ``field`` is admin1/admin2/admin3."""
    from ..geo import get_gazetteer

    gaz = gaz or get_gazetteer()
    settlements = [p for p in gaz.settlements("UA") if p.admin3 and p.admin1]
    oblasts: dict[str, set[str]] = defaultdict(set)
    within: dict[tuple[str, str], list] = defaultdict(list)
    for p in settlements:
        oblasts[p.name].add(p.admin1)
        within[(p.name, p.admin1)].append(p)
    cases: dict[str, list[tuple[str, str, str]]] = {"oblast": [], "raion": [], "hromada": []}
    for name in sorted(oblasts):
        if len(oblasts[name]) < 2:
            continue
        for oblast in sorted(oblasts[name]):
            short = _short(oblast, " Oblast")
            for form in FORMS["oblast"]:
                cases["oblast"].append((form.format(name=name, oblast=oblast, short=short),
                                        "admin1", oblast))
    for (name, _oblast), places in sorted(within.items()):
        raions = {p.admin2 for p in places if p.admin2}
        if len(raions) >= 2:
            for raion in sorted(raions):
                rshort = _short(raion, " Raion")
                for form in FORMS["raion"]:
                    cases["raion"].append((form.format(name=name, raion=raion, rshort=rshort),
                                           "admin2", raion))
        hromadas = {p.admin3 for p in places}
        if len(hromadas) >= 2:
            for hromada in sorted(hromadas):
                for form in FORMS["hromada"]:
                    cases["hromada"].append((form.format(name=name, hromada=hromada),
                                             "admin3", hromada))
    return cases


def _admin3_of(t: Any, gaz: Any) -> str | None:
    """The hromada of the settlement a toponym was resolved to."""
    from ..geo.translit import norm

    for p in gaz.lookup(norm(t.name), normalized=True):
        if p.lat == t.latitude and p.lon == t.longitude and p.admin2 == t.admin2 \
                and p.admin3:
            return p.admin3
    return None


def score_namesakes(*, sample: int = 1, limit: int | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    misses: int = 0) -> dict[str, Any]:
    """Share of generated descriptions resolved inside the stated oblast / raion / hromada."""
    from ..geo import geocode, get_gazetteer

    gaz = get_gazetteer()
    cases = build_cases(gaz)
    report: dict[str, Any] = {}
    shown: list[dict[str, Any]] = []
    total = sum(len(v[::sample][:limit]) for v in cases.values())
    done = 0
    for kind, items in cases.items():
        items = items[::sample][:limit]
        ok = 0
        for desc, field, want in items:
            t = geocode(desc, gazetteer=gaz)
            if t is None:
                got = None
            elif field == "admin3":
                got = _admin3_of(t, gaz) if t.feature_class == "P" else None
            else:
                got = getattr(t, field)
            hit = got == want and (t is not None and (
                field == "admin1" or t.feature_class == "P"))
            ok += hit
            if not hit and len(shown) < misses:
                shown.append({"description": desc, "want": want,
                              "got": None if t is None else f"{t.name} ({t.admin1}, {t.admin2})"})
            done += 1
            if progress:
                progress(done, total)
        report[f"{kind}_cases"] = len(items)
        report[kind] = round(ok / len(items), 4) if items else 0.0
    if misses:
        report["misses"] = shown
    return report
