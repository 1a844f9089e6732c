"""Engines and sessions. The request (or job) owns the transaction; repositories never commit."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from cleavr_connect import wire


def async_url(url: str) -> str:
    """Accept the plain URLs operators write and pick our async drivers."""
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url[len("sqlite:///") :]
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+asyncpg://" + url[len(plain) :]
    return url


def sync_url(url: str) -> str:
    """Alembic runs its migrations through the async engine too; this is for display only."""
    return url.replace("+aiosqlite", "").replace("+asyncpg", "")


def is_sqlite(url: str) -> bool:
    return async_url(url).startswith("sqlite")


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    # WAL lets readers run beside the one writer; the busy timeout queues writers instead of
    # failing them; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


# JSON columns written and read by `wire`: money keeps its two decimals in stored events and
# timelines (`5000.00` is read back as Decimal("5000.00"), not 5000.0).
_JSON: dict[str, Any] = {"json_serializer": wire.dumps, "json_deserializer": wire.loads}


def create_engine(
    url: str, *, pool_size: int = 20, pre_ping: bool = True, **options: Any
) -> AsyncEngine:
    url = async_url(url)
    if url.startswith("sqlite"):
        # One connection: SQLite has one writer anyway, and queueing in the pool avoids the
        # "database is locked" failures of a read transaction upgrading beside another writer.
        engine = create_async_engine(
            url,
            connect_args={"timeout": 30},
            pool_size=1,
            max_overflow=0,
            pool_timeout=60,
            hide_parameters=True,
            **_JSON,
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    # A fixed pool: overflow connections would be opened and closed under load (a PostgreSQL
    # backend start each time); requests beyond the pool wait for a connection instead.
    size = int(os.environ.get("CLEAVR_DB_POOL_SIZE", pool_size))
    # pre_ping: a connection that died in the pool (a restarted or failed-over server, a
    # terminated backend) is replaced before a request gets it, instead of failing that request.
    # Without it (the reads' engine), `is_lost_connection` tells the caller to run again.
    # hide_parameters: statement parameters (password hashes, ciphertexts, e-mails) stay out of
    # errors and logs.
    return create_async_engine(
        url,
        pool_size=size,
        max_overflow=0,
        pool_timeout=30,
        pool_pre_ping=pre_ping,
        **_JSON,
        hide_parameters=True,
        **options,
    )


DIRECT_APPLICATION_NAME = "cleavr-connect direct"
# The key of a read session's `info` that holds the direct pool (`sql.plain_reads`).
PLAIN_READS = "cleavr_plain_reads"
# What a statement on a connection that died under it raises.
_DISCONNECTED = (
    asyncpg.PostgresConnectionError,
    asyncpg.AdminShutdownError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,  # the server's goodbye arriving in the middle of a statement
    ConnectionError,
)


async def _keep_session(_conn: asyncpg.Connection) -> None:
    """Nothing to reset: direct statements never change session state (no SET, LISTEN, locks)."""


class Direct:
    """Single statements straight on asyncpg, for the few hottest paths on PostgreSQL (the bearer
    check, client authentication, the refresh grant). Each statement runs alone in autocommit: no
    BEGIN/COMMIT round trips, no ORM, no greenlet hop, and asyncpg prepares it once per
    connection. Everything else goes through SQLAlchemy."""

    def __init__(self, dsn: str, size: int) -> None:
        self._dsn = dsn
        self._size = size
        self._pool: asyncpg.Pool | None = None
        self._opening: asyncio.Lock | None = None

    async def _open(self) -> asyncpg.Pool:
        if self._opening is None:
            self._opening = asyncio.Lock()
        async with self._opening:
            if self._pool is None:
                # min_size=0: connections open on first use, like SQLAlchemy's pool; the default
                # reset (four statements on every release) is replaced by a no-op, see above.
                self._pool = await asyncpg.create_pool(
                    self._dsn,
                    min_size=0,
                    max_size=self._size,
                    reset=_keep_session,
                    # Idle connections stay, as in SQLAlchemy's pools: asyncpg's idle timer is
                    # armed on every release and cancelled on every acquire, which cost a
                    # third of a release's CPU on the hot paths.
                    max_inactive_connection_lifetime=0,
                    # Tells these connections apart in pg_stat_activity.
                    server_settings={"application_name": DIRECT_APPLICATION_NAME},
                )
        return self._pool

    async def fetchrow(
        self, sql: str, *args: Any, read_only: bool = False
    ) -> asyncpg.Record | None:
        """One statement. A pooled connection the server closed (PostgreSQL restarted, a backend
        terminated) is replaced when the pool notices; when the statement finds it first, every
        pooled connection is retired, as SQLAlchemy's pool does on a disconnect, and a read runs
        again once on a fresh connection. A write does not: it may have committed before the
        connection died, and the caller must not be told otherwise."""
        pool = self._pool or await self._open()
        try:
            async with pool.acquire() as conn:
                return await conn.fetchrow(sql, *args)
        except _DISCONNECTED:
            await pool.expire_connections()
            if not read_only:
                raise
        async with pool.acquire() as conn:
            return await conn.fetchrow(sql, *args)

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()


def is_lost_connection(exc: BaseException) -> bool:
    """A statement failed because its pooled connection had died (the pool is now renewed)."""
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


class Database:
    def __init__(self, url: str, *, pool_size: int = 20) -> None:
        self.url = async_url(url)
        self.engine = create_engine(url, pool_size=pool_size)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        # Single reads that need no transaction (the bearer check): no BEGIN/COMMIT round trips.
        self.autocommit = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        # Sessions of requests that only read (`/v1` GETs): each statement runs on its own, as
        # the default READ COMMITTED isolation already gives every statement its own snapshot,
        # without the BEGIN and COMMIT round trips around them. On PostgreSQL they have a pool
        # of their own without the pre-ping round trip before each request: a read that finds
        # its connection dead is run again by the /v1 middleware (`is_lost_connection`), which
        # a write could not be (it may have committed).
        self.read_engine = self.engine
        if self.engine.dialect.name == "postgresql":
            reads = int(os.environ.get("CLEAVR_DB_READ_POOL_SIZE", 10))
            # Autocommit for good, not per checkout: no isolation level set and reset around
            # each request.
            self.read_engine = create_engine(
                url, pool_size=reads, pre_ping=False, isolation_level="AUTOCOMMIT"
            )
        self.direct: Direct | None = None
        if self.engine.dialect.name == "postgresql":
            size = int(os.environ.get("CLEAVR_DB_DIRECT_POOL_SIZE", 10))
            self.direct = Direct(
                self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False),
                size,
            )
        # A read session carries the direct pool: what it reads before it has begun (a detail
        # read's one statement) its repository may send there (`sql.plain_reads`).
        self.read_sessionmaker = async_sessionmaker(
            self.read_engine
            if self.read_engine is not self.engine
            else self.engine.execution_options(isolation_level="AUTOCOMMIT"),
            expire_on_commit=False,
            info={PLAIN_READS: self.direct} if self.direct is not None else None,
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: commits when the block ends, rolls back when it raises."""
        async with self.sessionmaker() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    async def dispose(self) -> None:
        if self.direct is not None:
            await self.direct.close()
        if self.read_engine is not self.engine:
            await self.read_engine.dispose()
        await self.engine.dispose()
