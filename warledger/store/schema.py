"""The ledger's SQLite schema as an ordered list of migrations.

``MIGRATIONS`` is a list of ``(version, sql)``; versions start at 1 and increase by one. A
database's ``PRAGMA user_version`` says which migrations it has; opening a ledger applies the
missing ones, each in its own transaction. To change the schema, APPEND a new entry (never
edit a released one). Other stages (fuse, web...) add their tables the same way.
"""

from __future__ import annotations

import sqlite3

from ..errors import StoreError

V1 = """
CREATE TABLE articles (
    pk           INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    text         TEXT NOT NULL,
    published    TEXT,
    source       TEXT,
    url          TEXT,
    title        TEXT,
    lang         TEXT,
    author       TEXT,
    external_id  TEXT,
    canonical_id TEXT REFERENCES articles(id),
    ingested_at  TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_external_id ON articles(external_id);
CREATE INDEX articles_canonical ON articles(canonical_id);

CREATE TABLE raw_pages (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    html       TEXT NOT NULL
);

CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='pk');
CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;
CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);
END;
CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;

CREATE TABLE events (
    pk                 INTEGER PRIMARY KEY,
    id                 TEXT NOT NULL UNIQUE,
    event_date         TEXT,
    time_precision     INTEGER NOT NULL,
    disorder_type      TEXT NOT NULL,
    event_type         TEXT NOT NULL,
    sub_event_type     TEXT NOT NULL,
    actor1             TEXT,
    assoc_actor_1      TEXT,
    actor2             TEXT,
    assoc_actor_2      TEXT,
    inter1             INTEGER,
    inter2             INTEGER,
    interaction        INTEGER,
    civilian_targeting TEXT,
    location           TEXT,
    admin1             TEXT,
    admin2             TEXT,
    country            TEXT,
    iso                INTEGER,
    country_code       TEXT,
    latitude           REAL,
    longitude          REAL,
    geo_precision      INTEGER,
    geonameid          INTEGER,
    fatalities         INTEGER,
    injuries           INTEGER,
    weapon             TEXT,
    claimants          TEXT NOT NULL DEFAULT '[]',   -- JSON list
    notes              TEXT NOT NULL DEFAULT '',
    confidence         REAL NOT NULL
);
CREATE INDEX events_date ON events(event_date);
CREATE INDEX events_sub_type ON events(sub_event_type);
CREATE INDEX events_type ON events(event_type);
CREATE INDEX events_latlon ON events(latitude, longitude);

CREATE VIRTUAL TABLE events_fts USING fts5(notes, content='events', content_rowid='pk');
CREATE TRIGGER events_fts_ai AFTER INSERT ON events BEGIN
    INSERT INTO events_fts(rowid, notes) VALUES (new.pk, new.notes);
END;
CREATE TRIGGER events_fts_ad AFTER DELETE ON events BEGIN
    INSERT INTO events_fts(events_fts, rowid, notes) VALUES ('delete', old.pk, old.notes);
END;
CREATE TRIGGER events_fts_au AFTER UPDATE OF notes ON events BEGIN
    INSERT INTO events_fts(events_fts, rowid, notes) VALUES ('delete', old.pk, old.notes);
    INSERT INTO events_fts(rowid, notes) VALUES (new.pk, new.notes);
END;

CREATE TABLE event_articles (
    event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    PRIMARY KEY (event_id, article_id)
);
CREATE INDEX event_articles_article ON event_articles(article_id);

CREATE TABLE claims (
    pk            INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    article_id    TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    event_id      TEXT REFERENCES events(id) ON DELETE SET NULL,
    kind          TEXT NOT NULL,
    claimant      TEXT,
    claimant_type TEXT,
    about         TEXT,
    date          TEXT,
    period        TEXT,
    quantities    TEXT NOT NULL DEFAULT '{}',   -- JSON object
    qualifier     TEXT,
    hedge         TEXT,
    text          TEXT
);
CREATE INDEX claims_article ON claims(article_id);
CREATE INDEX claims_event ON claims(event_id);
CREATE INDEX claims_date ON claims(date);
CREATE INDEX claims_kind ON claims(kind);

-- the exact words behind an event or a claim (one of event_id / claim_id is set)
CREATE TABLE evidence (
    pk         INTEGER PRIMARY KEY,
    event_id   TEXT REFERENCES events(id) ON DELETE CASCADE,
    claim_id   TEXT REFERENCES claims(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    field      TEXT,
    CHECK ((event_id IS NULL) <> (claim_id IS NULL))
);
CREATE INDEX evidence_event ON evidence(event_id);
CREATE INDEX evidence_claim ON evidence(claim_id);
CREATE INDEX evidence_article ON evidence(article_id);

-- every record as the extractor returned it, per article, so fusion can be undone:
-- ledger_id is the ledger row it went into (NULL when the article is a duplicate)
CREATE TABLE extractions (
    pk         INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('event', 'claim')),
    record_id  TEXT NOT NULL,
    ledger_id  TEXT,
    json       TEXT NOT NULL,
    UNIQUE (article_id, kind, record_id)
);
CREATE INDEX extractions_ledger ON extractions(ledger_id);
"""

# fuse stage (warledger/fuse): near-duplicate signatures, their LSH band keys, analyst decisions.
# Signature rows are written by the dedup hook before the article row in the same transaction,
# hence the deferred foreign keys.
V2_FUSE = """
CREATE TABLE article_signatures (
    article_id TEXT PRIMARY KEY
               REFERENCES articles(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    minhash    BLOB NOT NULL,
    numbers    TEXT NOT NULL
);
CREATE TABLE article_lsh (
    band       INTEGER NOT NULL,
    key        INTEGER NOT NULL,
    article_id TEXT NOT NULL
               REFERENCES articles(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX article_lsh_key ON article_lsh(band, key);
CREATE INDEX article_lsh_article ON article_lsh(article_id);
CREATE TABLE fusion_decisions (
    pk        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
    event_ids TEXT NOT NULL,   -- JSON list: the ledger events the analyst acted on
    groups    TEXT NOT NULL,   -- JSON list of groups of "article_id/record_id" raw extractions
    note      TEXT,
    created   TEXT NOT NULL
);
"""

# ingest live (warledger/ingest/feeds.py, watch.py): followed feeds and the items handled.
# An item is marked done only after its article is committed, so a killed poll redoes it.
V3_FEEDS = """
CREATE TABLE feeds (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,
    title         TEXT,
    etag          TEXT,
    last_modified TEXT,
    added_at      TEXT NOT NULL,
    last_polled   TEXT,
    last_status   TEXT,
    next_poll     TEXT,
    failures      INTEGER NOT NULL DEFAULT 0,
    backoff_until TEXT,
    last_error    TEXT
);
CREATE TABLE feed_items (
    feed_id    INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    key        TEXT NOT NULL,      -- the item's guid/id, else its link
    link       TEXT,
    article_id TEXT,               -- the article it became (status 'done')
    published  TEXT,
    status     TEXT NOT NULL CHECK (status IN ('done', 'failed')),
    attempts   INTEGER NOT NULL DEFAULT 1,
    error      TEXT,
    seen_at    TEXT NOT NULL,
    PRIMARY KEY (feed_id, key)
);
CREATE INDEX feed_items_article ON feed_items(article_id);
"""

# store: events by date and type. Serves the date-range filters and, as a covering index, the
# per-day-and-type counts of the timeline; it makes the date-only index of V1 redundant.
V4_EVENTS_DATE_TYPE = """
CREATE INDEX events_date_type ON events(event_date, event_type);
DROP INDEX events_date;
"""

# geo: a village placed at its hromada's centre keeps how far it may lie from that point (the
# web map draws it as a circle)
V5_EVENTS_UNCERTAINTY = """
ALTER TABLE events ADD COLUMN uncertainty_km REAL;
"""

# fuse stage: the contradictions between claims, kept up to date group by group as claims arrive
# (warledger/fuse/disputes.py); fuse_state says whether the table is current or must be rebuilt.
V6_CONTRADICTIONS = """
CREATE TABLE contradictions (
    pk        INTEGER PRIMARY KEY,
    group_key TEXT NOT NULL,   -- JSON: the claims' group (same event and kind, or kind/date/period/side)
    event_id  TEXT,
    claim_a   TEXT NOT NULL,
    claim_b   TEXT NOT NULL,
    json      TEXT NOT NULL    -- the contradiction as `warledger contradictions --format json` shows it
);
CREATE INDEX contradictions_group ON contradictions(group_key);
CREATE INDEX contradictions_event ON contradictions(event_id);
CREATE TABLE fuse_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO fuse_state (key, value)
    SELECT 'contradictions', CASE WHEN EXISTS (SELECT 1 FROM claims) THEN 'stale' ELSE 'current' END;
"""

# (version, sql): append only.
MIGRATIONS: list[tuple[int, str]] = [
    (1, V1),
    (2, V2_FUSE),
    (3, V3_FEEDS),
    (4, V4_EVENTS_DATE_TYPE),
    (5, V5_EVENTS_UNCERTAINTY),
    (6, V6_CONTRADICTIONS),
]


def latest_version() -> int:
    return max(v for v, _ in MIGRATIONS)


def current_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_version(conn: sqlite3.Connection, name: str) -> int:
    """The database's schema version; StoreError if it comes from a newer warledger."""
    version = current_version(conn)
    if version > latest_version():
        raise StoreError(
            f"{name}: schema version {version} is newer than this warledger knows "
            f"({latest_version()}); upgrade warledger to open it"
        )
    return version


def migrate(conn: sqlite3.Connection, name: str) -> int:
    """Apply the missing migrations in order, each atomically; return the final version."""
    version = check_version(conn, name)
    for target, sql in sorted(MIGRATIONS):
        if target <= version:
            continue
        try:
            conn.executescript(f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {int(target)};\nCOMMIT;")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if current_version(conn) >= target:  # another process migrated it meanwhile
                version = current_version(conn)
                continue
            raise StoreError(f"{name}: cannot upgrade the schema to version {target}: {exc}") from exc
        version = target
    return version
