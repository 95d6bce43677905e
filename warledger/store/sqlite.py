"""Opening a SQLite ledger file: WAL mode, foreign keys, a busy timeout, one-line errors."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..errors import StoreError


def connect(path: Path, readonly: bool) -> sqlite3.Connection:
    name = str(path)
    if path.is_dir():
        raise StoreError(f"{name}: is a folder, not a database file (give --db FILE)")
    if readonly:
        if not path.exists():
            raise StoreError(f"{name}: no such ledger (create it with warledger ingest)")
        uri = "file:" + _uri_path(path) + "?mode=ro"
    else:
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.exists():
            raise StoreError(f"{name}: cannot create the database: folder {parent} does not exist")
        if not path.exists() and not os.access(parent, os.W_OK):
            raise StoreError(f"{name}: cannot create the database: folder {parent} is not writable")
        if path.exists() and not os.access(path, os.W_OK):
            raise StoreError(f"{name}: database file is not writable (use --db elsewhere)")
        uri = "file:" + _uri_path(path)
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30,
                               check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"{name}: cannot open the database ({exc})") from exc
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 30000")
        if not readonly:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        msg = str(exc)
        if "not a database" in msg or "malformed" in msg:
            raise StoreError(f"{name}: not a warledger database ({msg})") from exc
        if "readonly" in msg or "read-only" in msg or "unable to open" in msg:
            raise StoreError(f"{name}: database is not writable ({msg})") from exc
        raise StoreError(f"{name}: cannot open the database ({msg})") from exc
    return conn


def _uri_path(path: Path) -> str:
    from urllib.parse import quote

    return quote(str(path.absolute()), safe="/:")


