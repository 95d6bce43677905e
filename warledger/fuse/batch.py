"""Fusion of a list of event records in memory, with a spatial/temporal blocking index.

The same incremental rule as the ledger hook (each event, in order, joins the best compatible
earlier incident or starts a new one; ``match.same_incident`` decides), without a database:
for exports, evaluations and the benchmark. Candidates come from a grid of cells
(``CELL_LAT`` x ``CELL_LON`` degrees) and time buckets per time precision (a day, a week, a
month), so each event is compared with the few incidents near it in space and time, not with
all of them: O(n) for a ledger of a given density instead of O(n^2).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from ..models import Event
from .match import DATE_SLACK, Features, event_features, same_incident

CELL_LAT = 0.5
CELL_LON = 0.8
MAX_RADIUS_KM = 50.0
BUCKET_DAYS = {1: 1, 2: 7, 3: 31}
MAX_LAT = MAX_RADIUS_KM / 111.0 + 0.01


class Incident:
    """A group of records fused into one: the first record stands for it, with all features."""

    __slots__ = ("id", "event", "features", "members", "articles", "lat", "lon")

    def __init__(self, id: int, event: Event, features: Features) -> None:
        self.id = id
        self.event = event
        self.lat = event.latitude
        self.lon = event.longitude
        self.features = features
        self.members = [event]
        self.articles = set(event.article_ids)

    def add(self, event: Event, features: Features) -> None:
        self.members.append(event)
        self.features = self.features.union(features)
        self.articles.update(event.article_ids)


class BlockIndex:
    """Incidents by (time precision, time bucket, grid cell); unlocated ones by place name."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int, int, int], list[Incident]] = defaultdict(list)
        self.named: dict[tuple[int, str], list[Incident]] = defaultdict(list)

    @staticmethod
    def cell(lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / CELL_LAT), math.floor(lon / CELL_LON)

    def put(self, inc: Incident) -> None:
        e = inc.event
        if e.event_date is None:
            return
        tp = e.time_precision
        b = e.event_date.toordinal() // BUCKET_DAYS.get(tp, 1)
        if e.latitude is not None and e.longitude is not None:
            cy, cx = self.cell(e.latitude, e.longitude)
            self.cells[(tp, b, cy, cx)].append(inc)
        elif e.location:
            self.named[(e.event_date.toordinal(), e.location.lower())].append(inc)

    def near(self, e: Event) -> Iterable[Incident]:
        if e.event_date is None:
            return
        day = e.event_date.toordinal()
        slack = DATE_SLACK.get(e.time_precision, 0)
        if e.latitude is None or e.longitude is None:
            if e.location:
                for d in range(day - slack - 16, day + slack + 17):
                    yield from self.named.get((d, e.location.lower()), ())
            return
        cy, cx = self.cell(e.latitude, e.longitude)
        ry = math.ceil(MAX_RADIUS_KM / 111.0 / CELL_LAT)
        rx = math.ceil(MAX_RADIUS_KM / (111.0 * max(0.1, math.cos(math.radians(e.latitude)))) / CELL_LON)
        for tp, size in BUCKET_DAYS.items():
            gap = slack + DATE_SLACK[tp] + 1
            for b in range((day - gap) // size, (day + gap) // size + 1):
                for y in range(cy - ry, cy + ry + 1):
                    for x in range(cx - rx, cx + rx + 1):
                        found = self.cells.get((tp, b, y, x))
                        if found:
                            yield from found


def fuse_records(events: list[Event], texts: dict[str, str] | None = None,
                 features: list[Features] | None = None) -> list[Incident]:
    """Fuse records in the given order; return the incidents (each with its member records)."""
    index = BlockIndex()
    incidents: list[Incident] = []
    for i, e in enumerate(events):
        fe = features[i] if features is not None else event_features(e, texts)
        lat, lon = e.latitude, e.longitude
        dlon_max = (MAX_RADIUS_KM / (111.0 * max(0.1, math.cos(math.radians(lat)))) + 0.01
                    if lat is not None else 0.0)
        near = (inc for inc in index.near(e)
                if lat is None or lon is None or inc.lat is None or inc.lon is None
                or (abs(inc.lat - lat) <= MAX_LAT and abs(inc.lon - lon) <= dlon_max))  # box test
        best = _best_incident(e, fe, near)
        if best is not None:
            best.add(e, fe)
        else:
            inc = Incident(len(incidents), e, fe)
            incidents.append(inc)
            index.put(inc)
    return incidents


def fuse_records_naive(events: list[Event], features: list[Features]) -> list[Incident]:
    """The same rule without the index: every event against every incident (the baseline)."""
    incidents: list[Incident] = []
    for e, fe in zip(events, features, strict=True):
        best = _best_incident(e, fe, incidents)
        if best is not None:
            best.add(e, fe)
        else:
            incidents.append(Incident(len(incidents), e, fe))
    return incidents


def _best_incident(e: Event, fe: Features, candidates) -> Incident | None:
    """The candidate incident the same-incident rule scores highest for ``e`` (none from one of
    its own articles), or None."""
    best: tuple[float, Incident] | None = None
    for inc in candidates:
        if inc.articles & set(e.article_ids):
            continue
        v = same_incident(e, inc.event, fe, inc.features)
        if v.ok and (best is None or v.score > best[0]):
            best = (v.score, inc)
    return best[1] if best else None
