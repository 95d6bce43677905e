"""Shared test setup: a session-wide data dir for anything that writes user data."""

from __future__ import annotations

import os
import tempfile

import pytest

# Set at import time so every test, and every subprocess a test starts, inherits it.
_DATA_DIR = tempfile.mkdtemp(prefix="warledger-test-data-")
os.environ["WARLEDGER_DATA_DIR"] = _DATA_DIR


@pytest.fixture(scope="session")
def data_dir() -> str:
    return _DATA_DIR


@pytest.fixture
def reference_like_text() -> str:
    """A short war-report paragraph in the style of the wire reports the tool reads."""
    return (
        "KYIV, March 22 (Reuters) - Russian forces struck the southern city of Zaporizhzhia with "
        "two missiles on Wednesday, killing at least one person and injuring 25 others, regional "
        "officials said. The Ukrainian air force said it shot down 12 of 15 Shahed drones launched "
        "overnight. According to the General Staff, 540 Russian soldiers, 7 tanks and 4 armored "
        "personnel carriers were destroyed in the past day. British military intelligence said "
        "Russia had likely moved more troops towards Bakhmut."
    )


# -- the two stores -------------------------------------------------------------------------------
# Tests that touch the ledger take ``new_db`` (or ``new_db_module``): a factory of ledger targets,
# parametrised over SQLite (a file in the test's folder) and PostgreSQL (a fresh schema in the
# database named by WARLEDGER_TEST_PG, dropped afterwards). Without a server the PostgreSQL
# variants skip with the reason; in CI (CI=true) they fail instead: CI must test both stores.

STORES = [pytest.param("sqlite", id="sqlite"), pytest.param("pg", id="pg", marks=pytest.mark.pg)]
_PG_STATE: dict[str, object] = {}


def pg_base_url() -> str:
    """The test server's URL, or skip (fail in CI) with the reason it cannot be used."""
    if "url" in _PG_STATE:
        return str(_PG_STATE["url"])
    if "reason" not in _PG_STATE:
        url = os.environ.get("WARLEDGER_TEST_PG", "").strip()
        if not url:
            _PG_STATE["reason"] = ("PostgreSQL tests need a server: set WARLEDGER_TEST_PG="
                                   "postgresql://USER@HOST:PORT/DB (.ci/run starts one)")
        else:
            try:
                import psycopg

                with psycopg.connect(url, connect_timeout=5) as conn:
                    conn.execute("SELECT 1")
                _PG_STATE["url"] = url
                return url
            except ImportError:
                _PG_STATE["reason"] = "PostgreSQL tests need psycopg: pip install -e '.[test]'"
            except Exception as exc:  # a server that is not there or refuses us
                first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                _PG_STATE["reason"] = f"PostgreSQL at WARLEDGER_TEST_PG is not usable: {first}"
    reason = str(_PG_STATE["reason"])
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI must test the PostgreSQL store: {reason}", pytrace=False)
    pytest.skip(reason)


def pg_url(schema: str, **params: str) -> str:
    base = pg_base_url()
    extra = "&".join(f"{k}={v}" for k, v in {"schema": schema, **params}.items())
    return f"{base}{'&' if '?' in base else '?'}{extra}"


def drop_pg_schemas(schemas: list[str]) -> None:
    if not schemas or "url" not in _PG_STATE:
        return
    import psycopg

    with psycopg.connect(str(_PG_STATE["url"]), autocommit=True) as conn:
        for s in schemas:
            conn.execute(f'DROP SCHEMA IF EXISTS "{s}" CASCADE')


class DbFactory:
    """``make(name)``: a new, empty ledger target of this store kind (a path or a URL)."""

    def __init__(self, store: str, folder) -> None:
        self.store = store
        self.folder = folder
        self.schemas: list[str] = []

    def __call__(self, name: str = "l.db", *, folder=None, **params: str):
        if self.store == "sqlite":
            return (folder or self.folder) / name
        import uuid

        schema = f"t_{uuid.uuid4().hex[:16]}"
        self.schemas.append(schema)
        return pg_url(schema, **params)

    def close(self) -> None:
        drop_pg_schemas(self.schemas)


@pytest.fixture(params=STORES)
def store(request) -> str:
    if request.param == "pg":
        pg_base_url()
    return request.param


@pytest.fixture
def new_db(store, tmp_path):
    factory = DbFactory(store, tmp_path)
    yield factory
    factory.close()


@pytest.fixture(scope="module", params=STORES)
def store_module(request) -> str:
    if request.param == "pg":
        pg_base_url()
    return request.param


@pytest.fixture(scope="module")
def new_db_module(store_module, tmp_path_factory):
    factory = DbFactory(store_module, tmp_path_factory.mktemp("db"))
    yield factory
    factory.close()
