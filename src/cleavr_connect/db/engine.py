"""Engines and sessions. The request (or job) owns the transaction; repositories never commit."""

from __future__ import annotations

import asyncio
import os
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any, cast

import asyncpg
from sqlalchemy import event
from sqlalchemy import exc as sa_exc
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


# How long a connection whose statement was cancelled may take to become usable again.
_RECOVERY_SECONDS = 10


class Direct:
    """Single statements straight on asyncpg, for the few hottest paths on PostgreSQL (the bearer
    check, client authentication, the refresh grant, reads by id). Each statement runs alone in
    autocommit: no BEGIN/COMMIT round trips, no ORM, no greenlet hop, and asyncpg prepares it
    once per connection. Everything else goes through SQLAlchemy.

    The pool is our own and minimal, because these statements never change a connection's
    session state (no SET, LISTEN, locks or open transaction): a connection handed back is ready
    as it is. asyncpg's pool costs ~40 µs of CPU per checkout and checkin (holders, an idle timer,
    a reset), as much again as the statement; here it is a list pop and append. Connections open
    on first use, up to `size`; a caller beyond that waits for the next one handed back."""

    def __init__(self, dsn: str, size: int) -> None:
        self._dsn = dsn
        self._size = size
        self._idle: list[asyncpg.Connection] = []
        self._count = 0  # open or opening
        self._waiters: deque[asyncio.Future[asyncpg.Connection | None]] = deque()
        # Connections opened before the last disconnect are closed when handed back.
        self._generation = 0
        self._born: dict[asyncpg.Connection, int] = {}
        self._recovering: set[asyncio.Task[None]] = set()
        self._closed = False

    async def _acquire(self) -> asyncpg.Connection:
        while True:
            if self._closed:
                raise asyncpg.InterfaceError("the direct pool is closed")
            while self._idle:
                conn = self._idle.pop()
                if not conn.is_closed():
                    return conn
                self._forget(conn)
            if self._count < self._size:
                self._count += 1
                try:
                    conn = await asyncpg.connect(
                        self._dsn,
                        # Tells these connections apart in pg_stat_activity.
                        server_settings={"application_name": DIRECT_APPLICATION_NAME},
                    )
                except BaseException:
                    self._count -= 1
                    self._wake(None)
                    raise
                self._born[conn] = self._generation
                return conn
            waiter: asyncio.Future[asyncpg.Connection | None] = (
                asyncio.get_running_loop().create_future()
            )
            self._waiters.append(waiter)
            try:
                handed = await waiter
            except BaseException:
                if waiter.done() and not waiter.cancelled() and waiter.result() is not None:
                    # Handed a connection just as the wait was cancelled: pass it on.
                    self._release(cast(asyncpg.Connection, waiter.result()))
                else:
                    with suppress(ValueError):
                        self._waiters.remove(waiter)
                raise
            if handed is not None:
                return handed
            # None: a connection was closed, its place is free; go round again.

    def _wake(self, conn: asyncpg.Connection | None) -> bool:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(conn)
                return True
        return False

    def _release(self, conn: asyncpg.Connection) -> None:
        if self._closed or self._born.get(conn, -1) != self._generation or conn.is_closed():
            self._discard(conn)
        elif not self._wake(conn):
            self._idle.append(conn)

    def _forget(self, conn: asyncpg.Connection) -> None:
        self._born.pop(conn, None)
        self._count -= 1

    def _discard(self, conn: asyncpg.Connection) -> None:
        """Close `conn` (at once, without a goodbye: it may be in the middle of a statement or
        already dead) and give its place to whoever waits."""
        conn.terminate()
        self._forget(conn)
        self._wake(None)

    def _retire_all(self) -> None:
        """The server dropped a connection: the others may be dead too (a restart, a failover),
        as SQLAlchemy's pool assumes on a disconnect. Idle ones close now, busy ones when they
        are handed back."""
        self._generation += 1
        idle, self._idle = self._idle, []
        for conn in idle:
            self._discard(conn)

    async def _run(self, sql: str, args: tuple[Any, ...], many: bool = False) -> Any:
        conn = await self._acquire()
        try:
            record = await (conn.fetch(sql, *args) if many else conn.fetchrow(sql, *args))
        except asyncpg.PostgresError as exc:
            # The server refused the statement (a constraint, a cast): the connection is fine,
            # unless the error is the server going away.
            if isinstance(exc, _DISCONNECTED):
                self._discard(conn)
            else:
                self._release(conn)
            raise
        except asyncio.CancelledError:
            # Cancelled in the middle of the statement (a client gone, a timeout): asyncpg asks
            # the server to cancel it. The connection comes back once that is done.
            self._recover_later(conn)
            raise
        except BaseException:
            # Lost or broken: its state is unknown, it is not handed to anyone else.
            self._discard(conn)
            raise
        self._release(conn)
        return record

    def _recover_later(self, conn: asyncpg.Connection) -> None:
        task = asyncio.get_running_loop().create_task(self._recover(conn))
        self._recovering.add(task)
        task.add_done_callback(self._recovering.discard)

    async def _recover(self, conn: asyncpg.Connection) -> None:
        """A statement on `conn` was cancelled: asyncpg sent the server a cancel request, and
        holds the connection's next statement until the server has acknowledged it. One round
        trip shows the connection usable again; otherwise it is closed."""
        try:
            await conn.fetchval("SELECT 1", timeout=_RECOVERY_SECONDS)
        except BaseException:
            self._discard(conn)
            raise
        self._release(conn)

    async def fetchrow(
        self, sql: str, *args: Any, read_only: bool = False
    ) -> asyncpg.Record | None:
        """One statement. A pooled connection the server closed (PostgreSQL restarted, a backend
        terminated) is replaced when the pool notices; when the statement finds it first, every
        pooled connection is retired, as SQLAlchemy's pool does on a disconnect, and a read runs
        again once on a fresh connection. A write does not: it may have committed before the
        connection died, and the caller must not be told otherwise."""
        return cast(asyncpg.Record | None, await self._once_more(sql, args, read_only, False))

    async def fetch(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        """One read of several rows (a list page), run again as `fetchrow`'s reads are."""
        return cast(list[asyncpg.Record], await self._once_more(sql, args, True, True))

    async def _once_more(self, sql: str, args: tuple[Any, ...], read_only: bool, many: bool) -> Any:
        try:
            return await self._run(sql, args, many)
        except _DISCONNECTED:
            self._retire_all()
            if not read_only:
                raise
        return await self._run(sql, args, many)

    async def close(self) -> None:
        self._closed = True
        for task in list(self._recovering):
            task.cancel()
        await asyncio.gather(*self._recovering, return_exceptions=True)
        idle, self._idle = self._idle, []
        for conn in idle:
            self._forget(conn)
            with suppress(Exception):
                await conn.close(timeout=5)
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_exception(asyncpg.InterfaceError("the direct pool is closed"))


def is_lost_connection(exc: BaseException) -> bool:
    """A statement failed because its pooled connection had died (the pool is now renewed)."""
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


# What an unreachable database raises, under SQLAlchemy's wrapper or from the direct pool.
_UNREACHABLE: tuple[type[BaseException], ...] = (
    ConnectionError,  # refused, reset, aborted, a broken pipe
    sa_exc.TimeoutError,  # no pooled connection free in time
    asyncpg.ConnectionDoesNotExistError,
    asyncpg.PostgresConnectionError,  # SQLSTATE class 08
    asyncpg.CannotConnectNowError,  # starting up
    asyncpg.AdminShutdownError,  # shutting down
)


def database_unreachable(exc: BaseException) -> bool:
    """The database could not be reached, or went away under the request: a connection
    refused, reset or invalidated, PostgreSQL starting or shutting down, no pooled connection
    free in time. Looked for in the exception and what it wraps (SQLAlchemy wraps the
    driver's, which may wrap the socket's)."""
    seen: BaseException | None = exc
    for _ in range(6):
        if seen is None:
            return False
        if is_lost_connection(seen) or isinstance(seen, _UNREACHABLE):
            return True
        seen = seen.__cause__ or getattr(seen, "orig", None) or seen.__context__
    return False


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
