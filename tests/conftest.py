"""Shared fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL comes from CLEAVR_TEST_POSTGRES_URL (default: the local server, database `test`).
When it cannot be reached, its tests are skipped with a loud warning, unless
CLEAVR_TEST_REQUIRE_POSTGRES=1 (as in CI), where that is a failure.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import warnings
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from argon2 import PasswordHasher
from sqlalchemy import text

from cleavr_connect import crypto
from cleavr_connect.api import routing
from cleavr_connect.app import create_app
from cleavr_connect.clock import FrozenClock
from cleavr_connect.config import Settings
from cleavr_connect.db import migrate
from cleavr_connect.db.base import Base
from cleavr_connect.db.engine import Database
from cleavr_connect.runtime import Runtime, build_runtime

PG_ADMIN_URL = os.environ.get(
    "CLEAVR_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
REQUIRE_PG = os.environ.get("CLEAVR_TEST_REQUIRE_POSTGRES") == "1"
BASE_URL = "http://testserver"
SECRET_KEY = b"test-secret-key-for-the-suite-only-0123456789"

# Every answer a renderer writes as it is (`Exact`) is held to what its response model writes.
routing.CHECK_EXACT = True

# Passwords hashed and checked in this process use Argon2id at a small cost (one pass over 8 MiB
# instead of RFC 9106's three over 64 MiB): every account a test makes and signs in with cost
# ~0.3 s of this machine at the production profile, a fifth of the suite. The same code hashes
# and verifies (a hash carries its parameters, so one made at either cost verifies at the
# other); `tests/test_kernel.py` holds the production profile, and the CLI's processes and the
# servers the suite starts as processes keep it.
PRODUCTION_PASSWORD_HASHER = crypto._password_hasher
_LIGHT_HASHER = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
crypto._password_hasher = lambda: _LIGHT_HASHER  # type: ignore[assignment]


async def _pg_reachable() -> str | None:
    import asyncpg

    try:
        conn = await asyncpg.connect(
            PG_ADMIN_URL.replace("postgresql://", "postgres://"), timeout=5
        )
    except (OSError, asyncpg.PostgresError) as exc:
        return str(exc) or type(exc).__name__
    await conn.close()
    return None


async def _create_pg_database() -> tuple[str, str]:
    import asyncpg

    name = "cleavr_test_" + secrets.token_hex(4)
    conn = await asyncpg.connect(PG_ADMIN_URL)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    return name, f"{base}/{name}"


async def _drop_pg_database(name: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_ADMIN_URL)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated, empty database of each kind for the whole run."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "cleavr.db"
        url = f"sqlite:///{path}"
        migrate.upgrade(url)
        yield url
        return
    problem = asyncio.run(_pg_reachable())
    if problem:
        message = f"PostgreSQL unreachable at {PG_ADMIN_URL}: {problem}"
        if REQUIRE_PG:
            pytest.fail(message + " (CLEAVR_TEST_REQUIRE_POSTGRES=1)", pytrace=False)
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.warn(
                f"SKIPPING PostgreSQL tests: {message}", pytest.PytestWarning, stacklevel=1
            )
        pytest.skip(message)
    name, url = asyncio.run(_create_pg_database())
    migrate.upgrade(url)
    yield url
    asyncio.run(_drop_pg_database(name))


@pytest.fixture(scope="session")
async def database(db_url: str) -> AsyncIterator[Database]:
    db = Database(db_url, pool_size=10)
    yield db
    await db.dispose()


async def truncate_all(db: Database) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    async with db.engine.begin() as conn:
        if db.dialect == "postgresql":
            # DELETE, not TRUNCATE: a test leaves a few rows, and TRUNCATE's new files for ~40
            # tables cost ~0.2 s per test. Triggers (append-only guards, foreign keys) are off
            # for this transaction only, as TRUNCATE skips them.
            await conn.execute(text("SET LOCAL session_replication_role = replica"))
            for table in tables:
                await conn.execute(text(f'DELETE FROM "{table}"'))
        else:
            for table in tables:
                await conn.execute(text(f'DELETE FROM "{table}"'))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def settings(db_url: str, data_dir: Path) -> Settings:
    return Settings(
        data_dir=data_dir,
        database_url=db_url,
        base_url=BASE_URL,
        secret_key=SECRET_KEY,
        rate_limit_live=0,
        rate_limit_test=0,
    )


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
async def runtime(settings: Settings, clock: FrozenClock) -> Runtime:
    return build_runtime(settings, clock)


@pytest.fixture
async def db(database: Database) -> AsyncIterator[Database]:
    """The shared database, emptied before each test."""
    await truncate_all(database)
    yield database


@pytest.fixture
async def app(settings: Settings, runtime: Runtime, db: Database):  # type: ignore[no-untyped-def]
    return create_app(settings, runtime=runtime, database=db)


# Hosted pages answer French unless asked otherwise; tests of the English text ask for it.
ENGLISH = {"Accept-Language": "en"}


@pytest.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        yield http
