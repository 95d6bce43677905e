"""The Ledger: articles, events, claims and their evidence, in SQLite or PostgreSQL.

``Ledger("file.db")`` is an embedded SQLite file; ``Ledger("postgresql://user@host/db")`` is a
shared PostgreSQL database (``pg.py`` says how the same SQL runs there; docs/store.md has the
design).

One transaction per article: ``add`` writes an article with everything extracted from it, or
nothing. Ingest is idempotent (articles are keyed by the hash of their text) and resumable (a
rerun skips what is already there). Every record the extractor returned is also kept verbatim
in ``extractions``, so a fusion (``fuser``/``dedup`` hooks) can be undone later.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ..errors import StoreError, WarledgerError
from ..models import Article, Claim, Event, Result
from . import pg
from . import rows as R
from .filters import ClaimFilter, EventFilter, claim_where, event_where, haversine_km
from .schema import check_version, latest_version, migrate
from .sqlite import connect as _connect


@dataclass
class IngestSummary:
    new: int = 0
    present: int = 0
    failed: list[str] = field(default_factory=list)
    events: int = 0
    claims: int = 0
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        text = f"ingested {self.new} new, {self.present} already present, {len(self.failed)} failed"
        if self.failed:
            shown = "; ".join(self.failed[:3]) + ("; ..." if len(self.failed) > 3 else "")
            text += f" ({shown})"
        return text


class Ledger:
    """``Ledger(path)`` opens (creating and migrating if needed) a ledger database."""

    fuser: Callable[[Ledger, Event], str | None] | None = None
    dedup: Callable[[Ledger, Article], str | None] | None = None
    contradict: Callable[[Ledger, list[Claim]], None] | None = None

    def __init__(self, path: str | Path = "warledger.db", *, readonly: bool = False,
                 fuse: bool = True, application_name: str | None = None) -> None:
        self.readonly = readonly
        self.fuser = None
        self.dedup = None
        self.contradict = None
        self.postgis: str | None = None   # the schema PostGIS lives in, when the ledger uses it
        if fuse:  # the fuse stage's hooks (near-duplicate articles, one event across articles)
            from ..fuse.fuser import install

            install(self)
        if pg.is_url(path):
            self._open_pg(str(path), readonly, application_name)
            return
        self.dialect = "sqlite"
        self.path: Path | str = Path(path)
        self.errors: tuple[type[BaseException], ...] = (sqlite3.Error,)
        self.conn: Any = _connect(Path(path), readonly)
        try:
            if readonly:
                version = check_version(self.conn, str(self.path))
                if version < latest_version():
                    raise StoreError(f"{self.path}: ledger schema {version} is older than "
                                     f"{latest_version()}; open it once without read-only to upgrade")
            else:
                migrate(self.conn, str(self.path))
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"{self.path}: not a warledger database ({exc})") from exc
        except BaseException:
            self.conn.close()
            raise

    def _open_pg(self, url: str, readonly: bool, application_name: str | None) -> None:
        from . import schema_pg

        application_name = application_name or f"warledger:{os.getpid()}"  # who holds what, for a DBA

        self.dialect = "postgresql"
        self.url = url
        self.path = pg.display(url)
        self.errors = pg.errors()
        self.conn = pg.connect(url, readonly=readonly, application_name=application_name)
        try:
            name = str(self.path)
            if readonly:
                version = schema_pg.check_version(self.conn, name)
                if version == 0:
                    raise StoreError(f"{name}: no ledger here yet (create it with warledger ingest)")
                if version < schema_pg.latest_version():
                    raise StoreError(f"{name}: ledger schema {version} is older than "
                                     f"{schema_pg.latest_version()}; open it once without read-only to upgrade")
            else:
                schema_pg.migrate(self.conn, name)
            if pg.wants_postgis(url):
                ns = schema_pg.postgis_schema(self.conn, create=not readonly)
                if ns is not None and not readonly:
                    schema_pg.ensure_spatial(self.conn, ns)
                if ns is not None and schema_pg.has_spatial(self.conn):
                    self.postgis = ns
        except BaseException as exc:
            self.conn.close()
            if isinstance(exc, self.errors):
                raise StoreError(f"{self.path}: cannot open the ledger ({pg._one_line(exc)})") from None
            raise

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------
    def add(self, result: Result, *, raw_html: str | None = None) -> str:
        """Store one article's Result in ONE transaction: "new", or "present" if already there."""
        if not result.articles:
            raise StoreError("a Result without an article cannot be stored")
        article = result.articles[0]
        if self.has_article(article.id):
            return "present"
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            if self._has_article(article.id):  # another writer got there first
                conn.execute("ROLLBACK")
                return "present"
            canonical = self.dedup(self, article) if self.dedup else None
            if canonical == article.id:
                canonical = None
            conn.execute(
                f"INSERT INTO articles ({', '.join(R.ARTICLE_COLS)}, canonical_id, ingested_at) "
                f"VALUES ({', '.join('?' * (len(R.ARTICLE_COLS) + 2))})",
                [*R.article_values(article), canonical, datetime.now(UTC).isoformat(timespec="seconds")],
            )
            for extra in result.articles[1:]:  # a Result normally carries one article
                if not self._has_article(extra.id):
                    conn.execute(
                        f"INSERT INTO articles ({', '.join(R.ARTICLE_COLS)}, ingested_at) "
                        f"VALUES ({', '.join('?' * (len(R.ARTICLE_COLS) + 1))})",
                        [*R.article_values(extra), datetime.now(UTC).isoformat(timespec="seconds")],
                    )
            if raw_html is not None:
                conn.execute("INSERT OR REPLACE INTO raw_pages (article_id, html) VALUES (?, ?)",
                             (article.id, raw_html))
            mapping: dict[str, str] = {}
            for ev in result.events:
                target = None if canonical else self._store_event(ev)
                if target:
                    mapping[ev.id] = target
                self._extraction(article.id, "event", ev.id, target, ev.model_dump_json())
            stored: list[Claim] = []
            for cl in result.claims:
                target = None
                if not canonical:
                    target = self._store_claim(cl, mapping, stored)
                self._extraction(cl.article_id, "claim", cl.id, target, cl.model_dump_json())
            if stored and self.contradict:  # the fuse stage's table of contradictions
                self.contradict(self, stored)
            elif stored:  # no hook: the table is behind until the next rebuild
                conn.execute("UPDATE fuse_state SET value = 'stale' WHERE key = 'contradictions'")
            conn.execute("COMMIT")
        except BaseException as exc:
            self._rollback()
            if isinstance(exc, self.errors):
                raise StoreError(f"{self.path}: cannot store article {article.id}: "
                                 f"{pg._one_line(exc)}") from exc
            raise
        return "new"

    def _rollback(self) -> None:
        """Undo the open transaction, if any (a lost PostgreSQL connection has none to undo)."""
        try:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
        except self.errors:
            pass

    def _store_event(self, ev: Event) -> str:
        conn = self.conn
        target = self.fuser(self, ev) if self.fuser else None
        if target is None or not conn.execute("SELECT 1 FROM events WHERE id = ?", (target,)).fetchone():
            target = ev.id
            cur = conn.execute(
                f"INSERT OR IGNORE INTO events ({', '.join(R.EVENT_COLS)}) "
                f"VALUES ({', '.join('?' * len(R.EVENT_COLS))})", R.event_values(ev))
            if cur.rowcount == 0:  # the same id is already stored: attach to it
                target = ev.id
        self.attach(target, ev)
        return target

    def attach(self, target: str, ev: Event) -> None:
        """Add ``ev``'s articles (in order, once each) and evidence to the stored event ``target``."""
        conn = self.conn
        (pos,) = conn.execute("SELECT COALESCE(MAX(position) + 1, 0) FROM event_articles WHERE event_id = ?",
                              (target,)).fetchone()
        for aid in ev.article_ids:
            cur = conn.execute("INSERT OR IGNORE INTO event_articles (event_id, article_id, position) "
                               "VALUES (?, ?, ?)", (target, aid, pos))
            pos += cur.rowcount
        conn.executemany(
            'INSERT INTO evidence (event_id, article_id, start, "end", text, field) VALUES (?, ?, ?, ?, ?, ?)',
            [(target, x.article_id, x.start, x.end, x.text, x.field) for x in ev.evidence])

    def _store_claim(self, cl: Claim, mapping: dict[str, str], stored: list[Claim]) -> str:
        conn = self.conn
        event_id = mapping.get(cl.event_id, cl.event_id) if cl.event_id else None
        if event_id and not conn.execute("SELECT 1 FROM events WHERE id = ?", (event_id,)).fetchone():
            event_id = None
        kept = cl.model_copy(update={"event_id": event_id})
        values = R.claim_values(kept)
        cur = conn.execute(f"INSERT OR IGNORE INTO claims ({', '.join(R.CLAIM_COLS)}) "
                           f"VALUES ({', '.join('?' * len(R.CLAIM_COLS))})", values)
        if cur.rowcount:
            stored.append(kept)
            conn.executemany(
                'INSERT INTO evidence (claim_id, article_id, start, "end", text, field) VALUES (?, ?, ?, ?, ?, ?)',
                [(cl.id, x.article_id, x.start, x.end, x.text, x.field) for x in cl.evidence])
        return cl.id

    def _extraction(self, article_id: str, kind: str, record_id: str, ledger_id: str | None,
                    blob: str) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO extractions (article_id, kind, record_id, ledger_id, json) "
            "VALUES (?, ?, ?, ?, ?)", (article_id, kind, record_id, ledger_id, blob))

    def ingest(self, sources: Iterable[str] | str, *, published: date | None = None,
               backend: str = "rules", progress: bool = False, allow_private: bool = False,
               on_failure: Callable[[str], None] | None = None) -> IngestSummary:
        """Read, extract and store every input; bad inputs are counted, the rest goes on."""
        from ..extract.backends import get_backend
        from ..extract.pipeline import extract_article
        from ..ingest.readers import InputFailure, count_inputs, read_inputs
        from ..options import Options

        if isinstance(sources, str | Path):
            sources = [str(sources)]
        try:
            get_backend(backend)
        except KeyError as exc:
            raise WarledgerError(str(exc.args[0])) from None
        except Exception as exc:  # a backend that cannot load (missing module or data)
            raise WarledgerError(f"backend {backend!r} cannot be loaded ({type(exc).__name__}: {exc})") from None
        summary = IngestSummary()
        warn_counts: dict[str, int] = {}

        def failed(msg: str) -> None:
            summary.failed.append(msg)
            if on_failure:
                on_failure(msg)

        own = ([] if self.dialect != "sqlite" else
               [f"{self.path}{suffix}" for suffix in ("", "-wal", "-shm", "-journal")])
        if not isinstance(sources, list | tuple):
            sources = list(sources)
        bar = _progress() if progress else None
        task = bar.add_task("ingesting", total=count_inputs(sources, own)) if bar else None
        try:
            for doc in read_inputs(sources, published=published, allow_private=allow_private,
                                   exclude=own):
                if bar is not None:
                    bar.advance(task)
                if isinstance(doc, InputFailure):
                    failed(str(doc))
                    continue
                art = doc.article
                name = art.external_id or art.id
                for w in doc.warnings:
                    warn_counts[f"{name}: {w}"] = 1
                if self.has_article(art.id):
                    summary.present += 1
                    continue
                day = art.published or published
                try:
                    result = extract_article(art, Options(published=day, backend=backend,
                                                          geo_prior=self.geo_prior(day)))
                except Exception as exc:  # one bad article must not stop the batch
                    failed(f"{name}: extraction failed ({type(exc).__name__}: {exc})")
                    continue
                for w in result.warnings:
                    key = w if w.startswith("no publication date") else f"{name}: {w}"
                    warn_counts[key] = warn_counts.get(key, 0) + 1
                try:
                    status = self.add(result, raw_html=doc.raw_html)
                except StoreError:
                    raise  # the database itself is failing: stop here, all before is committed
                except Exception as exc:  # a hook (dedup/fuser) crashed: rolled back, go on
                    failed(f"{name}: cannot store ({type(exc).__name__}: {exc})")
                    continue
                if status == "new":
                    summary.new += 1
                    summary.events += len(result.events)
                    summary.claims += len(result.claims)
                else:
                    summary.present += 1
        finally:
            if bar is not None:
                bar.stop()
        summary.warnings = [f"{k} ({n} articles)" if n > 1 else k for k, n in warn_counts.items()]
        return summary

    def event_points(self, date_from: date, date_to: date, *,
                     max_precision: int = 2) -> list[tuple[float, float]]:
        """(latitude, longitude) of the events of those days placed at or near a town."""
        return [(r[0], r[1]) for r in self.conn.execute(
            "SELECT latitude, longitude FROM events WHERE event_date >= ? AND event_date <= ? "
            "AND latitude IS NOT NULL AND longitude IS NOT NULL AND geo_precision <= ?",
            (date_from.isoformat(), date_to.isoformat(), max_precision))]

    def geo_prior(self, around: date | None, *, days_before: int = 42, days_after: int = 7):
        """Where the ledger's own events of the surrounding weeks are, over the static front
        lines of the day: the prior geo breaks namesake ties with (None without a date)."""
        if around is None:
            return None
        from datetime import timedelta

        from ..geo.prior import PointsPrior, front_line_prior

        points = self.event_points(around - timedelta(days=days_before),
                                   around + timedelta(days=days_after))
        if not points:
            return front_line_prior(around)
        return PointsPrior(points, fallback=front_line_prior(around),
                           label="the ledger's events of the weeks around")

    # -- reading -----------------------------------------------------------------------------
    def _has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def has_article(self, article_id: str) -> bool:
        return self._has_article(article_id)

    def present(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are stored articles (one query per 500 ids)."""
        ids = list(dict.fromkeys(ids))
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            found.update(r[0] for r in self.conn.execute(
                f"SELECT id FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return found

    def article(self, id: str) -> Article | None:
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (id,)).fetchone()
        return R.row_to_article(row) if row else None

    def event(self, id: str) -> Event | None:
        rows = self.conn.execute("SELECT * FROM events WHERE id = ?", (id,)).fetchall()
        return R.rows_to_events(self.conn, rows)[0] if rows else None

    def claim(self, id: str) -> Claim | None:
        rows = self.conn.execute("SELECT * FROM claims WHERE id = ?", (id,)).fetchall()
        return R.rows_to_claims(self.conn, rows)[0] if rows else None

    def events(self, filt: EventFilter | None = None, **kw: Any) -> list[Event]:
        f = replace(filt, **kw) if filt else EventFilter(**kw)
        try:
            return self._events(f)
        except self.errors as exc:  # one line, never a traceback (the filters are parameters)
            self._rollback()
            raise StoreError(f"{self.path}: cannot read events: {pg._one_line(exc)}") from exc

    def _events(self, f: EventFilter) -> list[Event]:
        if f.near and self.postgis:
            where, args = event_where(replace(f, near=None))
            lat, lon, km = f.near
            q = f'"{self.postgis}".'
            where = (where + " AND " if where else " WHERE ") + (
                f"{q}ST_DWithin(e.geog, {q}ST_SetSRID({q}ST_MakePoint(?, ?), 4326)::{q}geography, ?, false)")
            args = [*args, float(lon), float(lat), float(km) * 1000.0]
            f = replace(f, near=None)
        else:
            where, args = event_where(f)
        sql = f"SELECT e.* FROM events e{where} ORDER BY e.event_date IS NULL, e.event_date, e.id"
        if f.near:
            rows = self.conn.execute(sql, args).fetchall()
            lat, lon, km = f.near
            rows = [r for r in rows if r["latitude"] is not None and r["longitude"] is not None
                    and haversine_km(lat, lon, r["latitude"], r["longitude"]) <= km]
            end = None if f.limit is None else f.offset + f.limit
            rows = rows[f.offset:end]
        else:
            rows = self.conn.execute(sql + " LIMIT ? OFFSET ?",
                                     [*args, -1 if f.limit is None else f.limit, f.offset]).fetchall()
        return R.rows_to_events(self.conn, rows)

    def claims(self, filt: ClaimFilter | None = None, **kw: Any) -> list[Claim]:
        f = replace(filt, **kw) if filt else ClaimFilter(**kw)
        where, args = claim_where(f)
        sql = (f"SELECT c.* FROM claims c{where} ORDER BY c.date IS NULL, c.date, c.id LIMIT ? OFFSET ?")
        try:
            rows = self.conn.execute(sql, [*args, -1 if f.limit is None else f.limit, f.offset]).fetchall()
            return R.rows_to_claims(self.conn, rows)
        except self.errors as exc:
            self._rollback()
            raise StoreError(f"{self.path}: cannot read claims: {pg._one_line(exc)}") from exc

    def articles(self, limit: int = 100, offset: int = 0) -> list[Article]:
        rows = self.conn.execute("SELECT * FROM articles ORDER BY pk LIMIT ? OFFSET ?",
                                 (limit, offset)).fetchall()
        return [R.row_to_article(r) for r in rows]

    def articles_by_id(self, ids: Iterable[str]) -> dict[str, Article]:
        ids = list(dict.fromkeys(ids))
        out: dict[str, Article] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for r in self.conn.execute(
                f"SELECT * FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                out[r["id"]] = R.row_to_article(r)
        return out

    def canonical_id(self, article_id: str) -> str | None:
        row = self.conn.execute("SELECT canonical_id FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def extractions(self, article_id: str) -> dict[str, list[Any]]:
        """The records as extracted from one article (before any fusion)."""
        out: dict[str, list[Any]] = {"events": [], "claims": []}
        for r in self.conn.execute("SELECT kind, json FROM extractions WHERE article_id = ? ORDER BY pk",
                                   (article_id,)):
            if r["kind"] == "event":
                out["events"].append(Event.model_validate_json(r["json"]))
            else:
                out["claims"].append(Claim.model_validate_json(r["json"]))
        return out

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "events", "claims", "evidence", "event_articles", "extractions",
                      "raw_pages"):
            out[table] = self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        out["duplicate_articles"] = self.conn.execute(
            "SELECT COUNT(*) FROM articles WHERE canonical_id IS NOT NULL").fetchone()[0]
        return out

    def raw_html(self, article_id: str) -> str | None:
        row = self.conn.execute("SELECT html FROM raw_pages WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def integrity_check(self) -> str:
        if self.dialect == "postgresql":  # the server keeps its own integrity; check we can read
            self.conn.execute("SELECT count(*) FROM articles").fetchone()
            return "ok"
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]


def _progress():  # on stderr: Rich bars on a terminal, plain lines otherwise (warledger.progress)
    from ..progress import bar

    return bar()
