"""SQL helpers for repositories: the one place besides `engine` that knows which database a
session talks to. Services, endpoints and the kernel never ask; a repository writes what is
the same on both databases with these, and keeps a PostgreSQL-only statement to itself."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any, TypeVar, cast

from sqlalchemy import BigInteger, Row, Select, String, Table, any_, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.db import writes
from cleavr_connect.db.engine import PLAIN_READS, Database, Direct

S = TypeVar("S", bound=Select)  # type: ignore[type-arg]

_ALONE = "cleavr_alone"


def on_postgresql(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def cast_table(model: Any) -> Table:
    """The Core table of a model, for the statements that skip the ORM layer on hot paths."""
    return cast(Table, model.__table__)


def among(session: AsyncSession, column: Any, values: Iterable[Any]) -> Any:
    """`column IN (values)`, written on PostgreSQL as `= ANY($1)` with one array parameter: one
    SQL text whatever the count, so the prepared statement is reused instead of parsed and
    planned again for every new list length."""
    items = list(values)
    if on_postgresql(session):
        element = BigInteger() if isinstance(items[0] if items else "", int) else String()
        return column == any_(bindparam(None, items, type_=ARRAY(element)))
    return column.in_(items)


def insert_ignore(session: AsyncSession, model: Any) -> Any:
    """`INSERT … ON CONFLICT DO NOTHING` on either database."""
    dialect = postgresql if on_postgresql(session) else sqlite
    return dialect.insert(model.__table__).on_conflict_do_nothing()


def for_update(session: AsyncSession, stmt: S, *, skip_locked: bool = False, of: Any = None) -> S:
    """`stmt` locking the rows it reads (`of`: of these tables only) until the transaction ends
    (PostgreSQL; SQLite has one writer at a time and no row locks). An object of the session
    that the statement reads again is refreshed from the row as locked (`populate_existing`):
    without it the ORM hands back the copy it loaded before the lock, and a write computed from
    that copy overwrites what another transaction committed meanwhile (a payment's totals)."""
    stmt = cast(S, stmt.execution_options(populate_existing=True))
    if on_postgresql(session):
        return cast(S, stmt.with_for_update(skip_locked=skip_locked, of=of))
    return stmt


async def fetch_plain(session: AsyncSession, sql: str, *params: Any) -> Row[Any] | None:
    """PostgreSQL: one statement in PostgreSQL's own SQL (`$1`… parameters), run in `session`'s
    transaction so that it commits or rolls back with the request. It goes to asyncpg as
    written (`exec_driver_sql`: nothing to compile, no bind processing; asyncpg prepares it
    once per connection). Pending ORM changes are flushed first, as `session.execute` would."""
    if session.new or session.dirty or session.deleted:
        await session.flush()
    conn = await session.connection()
    writes.note(session)  # it may write: a rendering kept before it no longer holds
    return (await conn.exec_driver_sql(sql, params)).first()


async def close_used(session: AsyncSession) -> None:
    """Closes a request's session if it began or holds objects; one that never began (its
    statements went to the direct pool) holds no connection and nothing to write. As
    `async with session` closes it: shielded, so a cancelled request still returns the
    connection to its pool."""
    if session.in_transaction() or session.identity_map:
        await asyncio.shield(asyncio.create_task(session.close()))


def allow_alone(session: AsyncSession, db: Database) -> None:
    """Whoever owns `session`'s transaction adds nothing of its own to it (the /v1 write
    middleware, for a request without Idempotency-Key, whose stored answer must commit with the
    work): a write that is one whole statement may then commit on its own (`alone`)."""
    if db.direct is not None:
        session.info[_ALONE] = db.direct


def plain_reads(session: AsyncSession) -> Direct | None:
    """PostgreSQL's direct pool when `session` belongs to a request that only reads (a `/v1`
    GET, `Database.read_sessionmaker`) and has not begun: nothing it did before is waiting to
    be flushed, and every statement is its own snapshot anyway (autocommit). A read sent there
    skips the session's checkout, the ORM and the greenlet hop; it runs again once on a fresh
    connection when its pooled one had died, as the /v1 middleware runs a read again."""
    direct = session.info.get(PLAIN_READS)
    if direct is None or session.in_transaction():
        return None
    return cast(Direct, direct)


def alone(session: AsyncSession) -> Direct | None:
    """PostgreSQL's direct pool (`db.engine.Direct`, autocommit) when a statement that is a whole
    write may run there instead of in `session`'s transaction: the session's owner allows it
    (`allow_alone`) and the session has not begun (nothing written before it to commit with
    it). One round trip, where the session costs four more: the pool's pre-ping (three),
    BEGIN and COMMIT. The caller must know that nothing else of the request writes after it."""
    direct = session.info.get(_ALONE)
    if direct is None or session.in_transaction():
        return None
    return cast(Direct, direct)


async def fetch_alone(
    session: AsyncSession, direct: Direct, sql: str, *params: Any, read_only: bool = False
) -> Any:
    """`fetch_plain` on `alone(session)`: one statement that is its own transaction (a
    `read_only` one runs again once on a fresh connection when its pooled one had died)."""
    if not read_only:
        writes.note(session)  # as `fetch_plain`: a rendering kept before it no longer holds
    return await direct.fetchrow(sql, *params, read_only=read_only)
