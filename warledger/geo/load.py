"""Add a GeoNames dump (allCountries.zip, XX.zip, the 19-column tab file, alternateNamesV2).

All or nothing: the dump is read in one transaction; the first bad line rolls everything back
and the error names the file and the line.
"""

from __future__ import annotations

import io
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import GazetteerError
from .build import _keep_alt
from .gazetteer import ALTERNATE, HEADS, PRIMARY
from .translit import norm

AREA_CLASSES = {"A", "L", "H"}
BATCH = 20000


def _open_lines(path: Path, prefer: str | None = None) -> Iterator[str]:
    if not path.exists():
        raise GazetteerError(f"{path}: no such file")
    if path.suffix.lower() == ".zip":
        try:
            zf = zipfile.ZipFile(path)
            members = [n for n in zf.namelist() if n.endswith(".txt")
                       and not n.lower().startswith(("readme", "iso-languagecodes"))]
            if prefer:
                members = [n for n in members if prefer in n] or members
            if not members:
                raise GazetteerError(f"{path}: the zip holds no GeoNames .txt file")
            with zf.open(members[0]) as fh:
                yield from io.TextIOWrapper(fh, encoding="utf-8")
        except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as exc:
            raise GazetteerError(f"{path}: not a readable zip file ({exc}); download it again") \
                from exc
        except UnicodeDecodeError as exc:
            raise GazetteerError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    else:
        try:
            with open(path, encoding="utf-8") as fh:
                yield from fh
        except UnicodeDecodeError as exc:
            raise GazetteerError(f"{path}: not UTF-8 text ({exc.reason})") from exc


def _parse_geonames_line(line: str, where: str) -> tuple:
    cols = line.rstrip("\n").split("\t")
    if len(cols) != 19:
        raise GazetteerError(f"{where}: expected 19 tab-separated columns, found {len(cols)} "
                             "(a truncated or non-GeoNames file?)")
    try:
        gid = int(cols[0])
        lat, lon = float(cols[4]), float(cols[5])
        pop = int(cols[14] or 0)
    except ValueError as exc:
        raise GazetteerError(f"{where}: bad number ({exc})") from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise GazetteerError(f"{where}: coordinates out of range ({lat}, {lon})")
    if not cols[1]:
        raise GazetteerError(f"{where}: empty name")
    return gid, cols[1], cols[2], cols[3], lat, lon, cols[6], cols[7], cols[8], cols[10], pop


def load_geonames(target: str | Path, dump: str | Path,
                  alternate_names: str | Path | None = None) -> dict:
    """Merge a GeoNames dump into the gazetteer file ``target``; returns counts."""
    target, dump = Path(target), Path(dump)
    if not target.exists():
        raise GazetteerError(f"no gazetteer at {target}: run `warledger gazetteer build`")
    db = sqlite3.connect(target, isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")
        existing = dict(db.execute(
            "SELECT geonameid, id FROM places WHERE geonameid IS NOT NULL"))
        next_id = (db.execute("SELECT max(id) FROM places").fetchone()[0] or 0) + 1
        added = updated = names = 0
        place_rows, update_rows, name_rows = [], [], []

        def flush():
            db.executemany("INSERT INTO places (id, geonameid, name, lat, lon, fclass, fcode, cc,"
                           " admin1, population, precision, source) "
                           "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", place_rows)
            db.executemany("UPDATE places SET lat=?, lon=?, fclass=?, fcode=?, population=max("
                           "population, ?) WHERE id=?", update_rows)
            db.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", name_rows)
            place_rows.clear()
            update_rows.clear()
            name_rows.clear()

        n = 0
        for n, line in enumerate(_open_lines(dump), 1):
            if not line.strip() or line.startswith("#"):
                continue
            gid, name, ascii_name, alts, lat, lon, fcl, fco, cc, adm1, pop = \
                _parse_geonames_line(line, f"{dump.name} line {n}")
            pid = existing.get(gid)
            if pid is None:
                pid = next_id
                next_id += 1
                existing[gid] = pid
                prec = 3 if fcl in AREA_CLASSES and fco not in ("ADM3", "ADM4") else 1
                place_rows.append((pid, gid, name, lat, lon, fcl, fco, cc, None, pop, prec,
                                   "geonames-dump"))
                added += 1
            else:
                update_rows.append((lat, lon, fcl, fco, pop, pid))
                updated += 1
            for i, alt in enumerate([name, ascii_name, *alts.split(",")]):
                if alt and (i < 2 or _keep_alt(alt)):
                    key = norm(alt)
                    if key:
                        name_rows.append((key, pid, PRIMARY if i == 0 else ALTERNATE))
                        names += 1
            if len(place_rows) + len(update_rows) >= BATCH:
                flush()
        if n == 0:
            raise GazetteerError(f"{dump}: empty file")
        flush()
        if alternate_names is not None:
            names += _load_alternates(db, Path(alternate_names), existing)
        db.execute("CREATE TABLE IF NOT EXISTS heads (w TEXT PRIMARY KEY) WITHOUT ROWID")
        db.execute(HEADS)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('geonames_dump', ?)", (str(dump),))
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    finally:
        db.close()
    return {"added": added, "updated": updated, "names": names}


def _load_alternates(db: sqlite3.Connection, path: Path, ids: dict[int, int]) -> int:
    rows, count = [], 0
    for n, line in enumerate(_open_lines(path, prefer="alternateNames"), 1):
        if not line.strip():
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 4:
            raise GazetteerError(f"{path.name} line {n}: expected at least 4 tab-separated "
                                 f"columns, found {len(cols)}")
        try:
            gid = int(cols[1])
        except ValueError as exc:
            raise GazetteerError(f"{path.name} line {n}: bad geonameid {cols[1]!r}") from exc
        lang, alt = cols[2], cols[3]
        if lang in ("link", "wkdt", "post", "iata", "icao", "faac", "fr_1793", "abbr", "unlc"):
            continue
        pid = ids.get(gid)
        if pid is None or not _keep_alt(alt):
            continue
        rows.append((norm(alt), pid, ALTERNATE))
        count += 1
        if len(rows) >= BATCH:
            db.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", rows)
            rows.clear()
    db.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", rows)
    return count
