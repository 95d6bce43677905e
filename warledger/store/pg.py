"""PostgreSQL under the Ledger: a connection that speaks the SQL the rest of warledger writes.

Every stage reads and writes the ledger through ``ledger.conn.execute(sql, params)`` with
SQLite's SQL. Over SQLite that is the plain ``sqlite3`` connection (nothing in between, so the
embedded store behaves exactly as before). Over PostgreSQL it is a ``PgConnection``: a psycopg 3
connection behind the same small surface (``execute``, ``executemany``, ``in_transaction``,
rows readable by index and by column name, ``rowcount``) that rewrites the few SQLite idioms
the code base uses into PostgreSQL's, once per distinct statement (cached):

=========================================  ===================================================
SQLite                                      PostgreSQL
=========================================  ===================================================
``?`` placeholders                          ``%s`` (a literal ``%`` doubled)
``BEGIN IMMEDIATE`` (one writer at a time)  ``BEGIN`` + ``pg_advisory_xact_lock`` (the ledger's
                                            write lock, released at COMMIT/ROLLBACK)
``INSERT OR IGNORE INTO t ...``             ``INSERT INTO t ... ON CONFLICT DO NOTHING``
``INSERT OR REPLACE INTO t (c...) ...``     ``... ON CONFLICT (key) DO UPDATE SET c = EXCLUDED.c``
``x = ? COLLATE NOCASE``                    ``lower(x) = lower(%s)``
``LIKE`` (case-insensitive for ASCII)       ``ILIKE``
``LIMIT ?`` with -1 for "no limit"          ``LIMIT NULLIF(%s, -1)``
``json_each(col) j`` over a JSON list       ``json_array_elements_text(col) AS j(value)``
``x IS ?`` (equal, NULL equal to NULL)      ``x IS NOT DISTINCT FROM %s``
``julianday(x)``                            ``(x)::date - DATE '2000-01-01'`` (days)
``t.pk IN (SELECT rowid FROM T_fts WHERE    ``t.pk IN (SELECT pk FROM T_fts WHERE fts @@
T_fts MATCH ?)`` (FTS5)                     websearch_to_tsquery('simple', %s))`` (a tsvector
                                            table kept by triggers, with a GIN index)
=========================================  ===================================================

Values come back as SQLite gives them: dates as ISO text, JSON columns as text, so the record
builders in ``rows.py`` serve both stores. Text columns use the "C" collation, so ORDER BY on
ids sorts byte-wise as in SQLite. A NUL character, which PostgreSQL text cannot hold, is stored
as U+FFFD (same length, so evidence offsets still point at the same words).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..errors import StoreError

PREFIXES = ("postgresql://", "postgres://")
WRITE_LOCK = 0x57A7_1ED6  # the ledger's write lock (pg_advisory_xact_lock key)
MIGRATE_LOCK = 0x57A7_1ED7

# INSERT OR REPLACE needs the conflict target PostgreSQL asks for: each table's unique key.
UPSERT_KEYS: dict[str, tuple[str, ...]] = {
    "raw_pages": ("article_id",),
    "extractions": ("article_id", "kind", "record_id"),
    "article_signatures": ("article_id",),
}


def is_url(target: object) -> bool:
    return isinstance(target, str) and target.lower().startswith(PREFIXES)


def available() -> bool:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return False
    return True


def errors() -> tuple[type[BaseException], ...]:
    """The exception classes a failing PostgreSQL statement raises (empty without psycopg)."""
    try:
        import psycopg
    except ImportError:
        return ()
    return (psycopg.Error,)


def wants_postgis(url: str) -> bool:
    """False when the URL says ``postgis=no`` (or off/false/0): use the plain fallback."""
    for k, v in parse_qsl(urlsplit(url).query):
        if k == "postgis":
            return v.lower() not in ("no", "off", "false", "0")
    return True


def split_url(url: str) -> tuple[str, str | None]:
    """``(conninfo, schema)``: warledger's own ``schema=NAME`` query parameter taken out of the
    URL (several ledgers in one database, each in its schema); the rest goes to libpq as is."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = None
    rest = []
    for k, v in query:
        if k == "schema":
            schema = v
        elif k == "postgis":
            continue
        else:
            rest.append((k, v))
    if schema is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", schema):
        raise StoreError(f"schema={schema!r}: use letters, digits and _ (at most 63, not first a digit)")
    scheme = "postgresql" if parts.scheme.lower() in ("postgresql", "postgres") else parts.scheme
    return urlunsplit((scheme, parts.netloc, parts.path, urlencode(rest), parts.fragment)), schema


def display(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit((parts.scheme, f"{user}:***@{host}", parts.path, parts.query, parts.fragment))


# -- SQL translation ------------------------------------------------------------------------------

_FTS = re.compile(r"(\w+)\.pk IN \(SELECT rowid FROM (\w+)_fts WHERE \2_fts MATCH \?\)")
_NOCASE = re.compile(r"([\w.]+) = \? COLLATE NOCASE")
_JSON_EACH = re.compile(r"json_each\(([\w.]+)\) (\w+)")
_JULIANDAY = re.compile(r"julianday\(([^()]*)\)")
_LIMIT = re.compile(r"\bLIMIT \?")
_LIKE = re.compile(r"\bLIKE\b")
_IS_PARAM = re.compile(r"\bIS \?")
_OR_IGNORE = re.compile(r"^\s*INSERT OR IGNORE INTO", re.I)
_OR_REPLACE = re.compile(r"^\s*INSERT OR REPLACE INTO (\w+) \(([^)]*)\)", re.I)
_QUOTED = re.compile(r"('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\")")


@lru_cache(maxsize=2048)
def translate(sql: str) -> str:
    """SQLite's SQL (as warledger writes it) -> PostgreSQL's, with psycopg's %s placeholders."""
    s = _FTS.sub(r"\1.pk IN (SELECT pk FROM \2_fts WHERE fts @@ websearch_to_tsquery('simple', ?))", sql)
    s = _NOCASE.sub(r"lower(\1) = lower(?)", s)
    s = _JSON_EACH.sub(r"json_array_elements_text(\1) AS \2(value)", s)
    s = _JULIANDAY.sub(r"((\1)::date - DATE '2000-01-01')", s)
    s = _LIMIT.sub("LIMIT NULLIF(?, -1)", s)
    s = _LIKE.sub("ILIKE", s)
    s = _IS_PARAM.sub("IS NOT DISTINCT FROM ?", s)
    if _OR_IGNORE.match(s):
        s = _OR_IGNORE.sub("INSERT INTO", s, count=1).rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
    else:
        m = _OR_REPLACE.match(s)
        if m:
            table, cols = m.group(1), [c.strip() for c in m.group(2).split(",")]
            key = UPSERT_KEYS.get(table)
            if key is None:
                raise StoreError(f"INSERT OR REPLACE INTO {table}: no unique key known for PostgreSQL")
            sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in cols if c not in key)
            action = f"DO UPDATE SET {sets}" if sets else "DO NOTHING"
            s = re.sub(r"^\s*INSERT OR REPLACE INTO", "INSERT INTO", s, count=1, flags=re.I)
            s = s.rstrip().rstrip(";") + f" ON CONFLICT ({', '.join(key)}) {action}"
    # placeholders: outside quoted literals/identifiers, ? -> %s; every literal % doubled
    pieces = _QUOTED.split(s)
    for i in range(0, len(pieces), 2):
        pieces[i] = pieces[i].replace("%", "%%").replace("?", "%s")
    for i in range(1, len(pieces), 2):
        pieces[i] = pieces[i].replace("%", "%%")
    return "".join(pieces)


# -- rows ---------------------------------------------------------------------------------------

class Row(Sequence[Any]):
    """A result row readable like ``sqlite3.Row``: by index, by column name, ``keys()``."""

    __slots__ = ("_names", "_values")

    def __init__(self, names: dict[str, int], values: Sequence[Any]) -> None:
        self._names = names
        self._values = values

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, str):
            return self._values[self._names[key]]
        return self._values[key]

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def keys(self) -> list[str]:
        return list(self._names)

    def __eq__(self, other: object) -> bool:
        return tuple(self) == tuple(other) if isinstance(other, Row | tuple) else NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self._values))

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._names, self._values, strict=True))!r})"


def _row_factory(cursor):
    desc = cursor.description
    if desc is None:
        return lambda values: values
    names = {d.name: i for i, d in enumerate(desc)}
    return lambda values: Row(names, values)


def _clean(params: Iterable[Any] | None) -> list[Any] | None:
    if params is None:
        return None
    out = []
    for v in params:
        if isinstance(v, str) and "\x00" in v:
            v = v.replace("\x00", "\ufffd")
        out.append(v)
    return out


class Cursor:
    """What ``execute`` returns: fetchone/fetchall/iteration and rowcount, like sqlite3's."""

    __slots__ = ("_cur",)

    def __init__(self, cur) -> None:
        self._cur = cur

    @property
    def rowcount(self) -> int:
        return self._cur.rowcount

    def fetchone(self):
        return self._cur.fetchone() if self._cur.description is not None else None

    def fetchall(self) -> list[Any]:
        return self._cur.fetchall() if self._cur.description is not None else []

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


class PgConnection:
    """A psycopg connection behind the sqlite3 surface warledger uses (see the module doc)."""

    dialect = "postgresql"

    def __init__(self, raw) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Iterable[Any] | None = None) -> Cursor:
        stripped = sql.strip().rstrip(";").upper()
        if stripped == "BEGIN IMMEDIATE":
            self.raw.execute("BEGIN")
            self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            return Cursor(self.raw.cursor())
        cur = self.raw.cursor()
        args = _clean(params)
        cur.execute(translate(sql), args if args else None)
        return Cursor(cur)

    def executemany(self, sql: str, seq: Iterable[Iterable[Any]]) -> Cursor:
        cur = self.raw.cursor()
        rows = [_clean(p) for p in seq]
        if rows:
            cur.executemany(translate(sql), rows)
        return Cursor(cur)

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status in (TransactionStatus.INTRANS,
                                                    TransactionStatus.INERROR)

    def close(self) -> None:
        self.raw.close()

    @property
    def closed(self) -> bool:
        return bool(self.raw.closed)


def connect(url: str, *, readonly: bool = False, application_name: str = "warledger") -> PgConnection:
    """Open a PostgreSQL connection for a ledger (autocommit; explicit BEGIN/COMMIT as in the
    SQLite store); ``schema=NAME`` in the URL selects (and, writable, creates) a schema."""
    try:
        import psycopg
        from psycopg.types.string import TextLoader
    except ImportError:
        raise StoreError("a postgresql:// ledger needs psycopg: pip install 'warledger[postgres]'"
                         ) from None
    conninfo, schema = split_url(url)
    shown = display(url)
    try:
        raw = psycopg.connect(conninfo, autocommit=True, row_factory=_row_factory,
                              application_name=application_name, connect_timeout=15)
    except psycopg.Error as exc:
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StoreError(f"{shown}: cannot connect to PostgreSQL ({msg})") from None
    # values as SQLite returns them: dates and JSON as text
    for name in ("date", "json", "jsonb"):
        raw.adapters.register_loader(name, TextLoader)
    try:
        raw.execute("SET client_encoding = 'UTF8'")
        raw.execute("SET DateStyle = 'ISO, YMD'")
        if schema:
            if not readonly:
                raw.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            elif raw.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s",
                             (schema,)).fetchone() is None:
                raise StoreError(f"{shown}: no schema {schema} (create it with warledger ingest)")
            raw.execute(f'SET search_path TO "{schema}", public')
        if readonly:
            raw.execute("SET default_transaction_read_only = on")
    except psycopg.Error as exc:
        raw.close()
        raise StoreError(f"{shown}: cannot prepare the connection ({_one_line(exc)})") from None
    except BaseException:
        raw.close()
        raise
    return PgConnection(raw)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


