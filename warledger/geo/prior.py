"""Where fighting is: a prior over places that breaks ties between namesakes.

Two kinds, one small interface (``weight(lat, lon)`` in 0..1 and ``describe(lat, lon)``):

- ``FrontLinePrior``, static, from ``data/front_lines.tsv``: the line of contact of 2015-2022,
  the battles of 2014, the fronts of 2022-2023, each active in its period (``on=`` a date keeps
  the features of that day; without a date every feature counts). A settlement within a few km
  of an active line weighs 1, and the weight halves about every 14 km beyond.
- ``PointsPrior``: the places of a ledger's own events of the surrounding weeks (built by the
  caller from its store: geo never reads a store), over a static prior it falls back to; one
  event nearby counts half, each more one half of the rest.

``geoparse``/``geocode`` take ``prior=``; without one, the focus country's static prior is
used (Ukraine's front lines; none for other countries).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol, runtime_checkable

KM_PER_DEG = 111.195
NEAR_KM = 5.0      # within this of an active line: full weight
DECAY_KM = 20.0    # beyond it the weight falls as exp(-(d - NEAR_KM) / DECAY_KM)
_CELL = 20         # the static prior is evaluated once per 1/20 degree cell (~5 km)


@runtime_checkable
class GeoPrior(Protocol):
    """How likely an event of the war is at a point (0..1), and why, in a few words."""

    def weight(self, lat: float, lon: float, within_km: float = 0.0) -> float: ...

    def describe(self, lat: float, lon: float, within_km: float = 0.0) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Feature:
    id: str
    start: date
    end: date
    weight: float
    parts: tuple[tuple[tuple[float, float], ...], ...]
    label: str


def _segment_km(lat: float, lon: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance from a point to a segment, on the plane tangent at the point (accurate to a
    fraction of a percent at the tens of km that matter here)."""
    coslat = math.cos(math.radians(lat))
    ax, ay = (a[1] - lon) * coslat, a[0] - lat
    bx, by = (b[1] - lon) * coslat, b[0] - lat
    dx, dy = bx - ax, by - ay
    seg2 = dx * dx + dy * dy
    t = 0.0 if seg2 == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / seg2))
    px, py = ax + t * dx, ay + t * dy
    return KM_PER_DEG * math.sqrt(px * px + py * py)


FAR_KM = 150.0  # beyond this the weight is nil (e^-7): a part's bounding box is distance enough


@functools.lru_cache(maxsize=None)
def _boxes(parts: tuple[tuple[tuple[float, float], ...], ...]) -> tuple[tuple[float, float, float, float], ...]:
    """Each part's bounding box (lat0, lat1, lon0, lon1)."""
    return tuple((min(p[0] for p in part), max(p[0] for p in part),
                  min(p[1] for p in part), max(p[1] for p in part)) for part in parts)


def _box_km(lat: float, lon: float, box: tuple[float, float, float, float]) -> float:
    """A lower bound of the distance from the point to anything in the box."""
    lat0, lat1, lon0, lon1 = box
    dlat = max(lat0 - lat, 0.0, lat - lat1)
    dlon = max(lon0 - lon, 0.0, lon - lon1) * math.cos(math.radians(min(abs(lat), 89.0)))
    return KM_PER_DEG * math.hypot(dlat, dlon) * 0.99


def _feature_km(f: Feature, lat: float, lon: float) -> float:
    best = math.inf
    for part, box in zip(f.parts, _boxes(f.parts), strict=True):
        near = _box_km(lat, lon, box)
        if near > FAR_KM:
            best = min(best, near)  # too far to weigh: the lower bound stands for the distance
            continue
        if near >= best:
            continue  # nothing in this part can be nearer
        if len(part) == 1:
            best = min(best, _segment_km(lat, lon, part[0], part[0]))
        for a, b in zip(part, part[1:], strict=False):
            best = min(best, _segment_km(lat, lon, a, b))
    return best


def _decay(km: float) -> float:
    return 1.0 if km <= NEAR_KM else math.exp(-(km - NEAR_KM) / DECAY_KM)


_LABELS = {
    "contact": "the 2015-2022 line of contact",
    "donbas": "the battles of 2014",
    "front": "the front of {year}",
    "north": "the northern front of 2022",
}


def _label(fid: str) -> str:
    head, _, year = fid.partition("-")
    return _LABELS.get(head, fid).format(year=year)


@functools.lru_cache(maxsize=1)
def _features() -> tuple[Feature, ...]:
    from .build import data_file

    out = []
    with open(data_file("front_lines.tsv"), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            fid, start, end, weight, geometry = line.rstrip("\n").split("\t")[:5]
            parts = tuple(
                tuple((float(v.split(",")[0]), float(v.split(",")[1]))
                      for v in part.strip().split(";") if v.strip())
                for part in geometry.split("|"))
            out.append(Feature(fid, date.fromisoformat(start), date.fromisoformat(end),
                               float(weight), parts, _label(fid)))
    return tuple(out)


class FrontLinePrior:
    """The static prior: distance to the lines the fighting ran along (on a date, or ever)."""

    def __init__(self, on: date | None = None, features: Iterable[Feature] | None = None):
        feats = tuple(_features() if features is None else features)
        self.on = on
        self.features = tuple(f for f in feats if on is None or f.start <= on <= f.end)
        self._cache: dict[tuple[int, int], tuple[tuple[float, float, str], ...]] = {}
        self._weights: dict[tuple[int, int, float], float] = {}

    def _cell(self, lat: float, lon: float) -> tuple[tuple[float, float, str], ...]:
        """(weight, km, label) of each active feature, at the centre of the point's cell."""
        key = (round(lat * _CELL), round(lon * _CELL))
        hit = self._cache.get(key)
        if hit is None:
            clat, clon = key[0] / _CELL, key[1] / _CELL
            hit = self._cache[key] = tuple(
                (f.weight, _feature_km(f, clat, clon), f.label) for f in self.features)
        return hit

    def weight(self, lat: float, lon: float, within_km: float = 0.0) -> float:
        """0..1; ``within_km``: the place may lie that far from the point (a village placed
        at its hromada's centre), so it counts as up to half that distance nearer."""
        key = (round(lat * _CELL), round(lon * _CELL), within_km)
        w = self._weights.get(key)
        if w is None:
            slack = 0.5 * within_km
            w = self._weights[key] = max(
                (fw * _decay(km - slack) for fw, km, _ in self._cell(lat, lon)), default=0.0)
        return w

    def describe(self, lat: float, lon: float, within_km: float = 0.0) -> str | None:
        slack = 0.5 * within_km
        best = max(self._cell(lat, lon), key=lambda f: f[0] * _decay(f[1] - slack),
                   default=None)
        if best is None or best[0] * _decay(best[1] - slack) < 0.05:
            return None
        return f"{max(1, round(best[1]))} km from {best[2]}"


@functools.lru_cache(maxsize=64)
def front_line_prior(on: date | None = None) -> FrontLinePrior:
    """The shared static prior (of a day, or of the whole war)."""
    return FrontLinePrior(on)


def default_prior(country_focus: str | None, on: date | None = None) -> GeoPrior | None:
    """The static prior of the focus country (Ukraine's front lines), else None."""
    return front_line_prior(on) if (country_focus or "").upper() == "UA" else None


POINT_KM = 15.0  # a ledger event this far from a candidate still counts a little (e^-1)
_GRID = 0.25     # degrees: the ledger's points are bucketed for the look-up


class PointsPrior:
    """The places of a ledger's own recent events: a candidate near them wins ties. Where
    they say nothing, the static ``fallback`` still does."""

    def __init__(self, points: Iterable[tuple[float, float]], *,
                 fallback: GeoPrior | None = None, label: str = "the ledger's events"):
        self.fallback = fallback
        self.label = label
        self._grid: dict[tuple[int, int], list[tuple[float, float]]] = {}
        n = 0
        for lat, lon in points:
            if lat is None or lon is None:
                continue
            self._grid.setdefault((int(lat // _GRID), int(lon // _GRID)), []).append((lat, lon))
            n += 1
        self.n = n

    def _near(self, lat: float, lon: float) -> tuple[float, int]:
        """(distance to the nearest point in km, points within POINT_KM)."""
        ci, cj = int(lat // _GRID), int(lon // _GRID)
        coslat = math.cos(math.radians(lat))
        best, count = math.inf, 0
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                for a, b in self._grid.get((ci + di, cj + dj), ()):
                    d = KM_PER_DEG * math.hypot(a - lat, (b - lon) * coslat)
                    best = min(best, d)
                    count += d <= POINT_KM
        return best, count

    def own_weight(self, lat: float, lon: float, within_km: float = 0.0) -> float:
        """Near the ledger's events: a single one (which may itself be a namesake error) counts
        half, two three quarters, and so on."""
        d, count = self._near(lat, lon)
        if d == math.inf:
            return 0.0
        return math.exp(-max(0.0, d - 0.5 * within_km) / POINT_KM) * (1.0 - 0.5 ** max(1, count))

    def weight(self, lat: float, lon: float, within_km: float = 0.0) -> float:
        w = self.own_weight(lat, lon, within_km)
        if self.fallback is not None:
            w = max(w, self.fallback.weight(lat, lon, within_km))
        return w

    def describe(self, lat: float, lon: float, within_km: float = 0.0) -> str | None:
        own = self.own_weight(lat, lon, within_km)
        base = self.fallback.weight(lat, lon, within_km) if self.fallback is not None else 0.0
        if own >= base and own >= 0.05:
            d, count = self._near(lat, lon)
            many = f", {count} of them within {POINT_KM:g} km" if count > 1 else ""
            return f"{max(1, round(d))} km from {self.label}{many}"
        if self.fallback is not None:
            return self.fallback.describe(lat, lon, within_km)
        return None


__all__ = ["GeoPrior", "FrontLinePrior", "PointsPrior", "default_prior", "front_line_prior"]
