"""The direct pool (`db.engine.Direct`): single autocommit statements on PostgreSQL for the hot
paths (the bearer check, client authentication, the refresh grant, reads by id). What its users
rely on: no more connections than its size, callers beyond that wait their turn, a refused
statement costs nothing, and a cancelled or lost statement never leaves a connection in a state
the next caller would inherit, nor a place in the pool taken for good."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest

from cleavr_connect.db.engine import DIRECT_APPLICATION_NAME, Direct

# PostgreSQL only: SQLite has no direct pool (`Database.direct` is None there).
pytestmark = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)


@pytest.fixture
async def admin(db_url: str) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(db_url)
    yield conn
    await conn.close()


async def _alive(admin: asyncpg.Connection, pids: set[int], expected: int) -> int:
    """How many of `pids` are still server backends. They end asynchronously on the server:
    wait (bounded) until the count is `expected`."""
    for _ in range(50):
        count = int(
            await admin.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY($1)", list(pids)
            )
        )
        if count == expected:
            break
        await asyncio.sleep(0.05)
    return count


async def _pid(direct: Direct) -> int:
    record = await direct.fetchrow("SELECT pg_backend_pid() AS pid", read_only=True)
    assert record is not None
    return int(record["pid"])


async def test_callers_beyond_the_size_wait_for_a_connection(db_url: str, admin) -> None:  # type: ignore[no-untyped-def]
    direct = Direct(db_url, 2)
    try:
        sql = "SELECT $1::int AS n, pg_backend_pid() AS pid, pg_sleep(0.02)"
        records = await asyncio.gather(*(direct.fetchrow(sql, n) for n in range(20)))
        assert [r["n"] for r in records if r is not None] == list(range(20))
        pids = {r["pid"] for r in records if r is not None}
        assert len(pids) == 2
        assert await _alive(admin, pids, 2) == 2
    finally:
        await direct.close()
    assert await _alive(admin, pids, 0) == 0


async def test_a_refused_statement_keeps_its_connection(db_url: str) -> None:
    direct = Direct(db_url, 1)
    try:
        before = await _pid(direct)
        with pytest.raises(asyncpg.DivisionByZeroError):
            await direct.fetchrow("SELECT 1 / $1::int", 0)
        assert await _pid(direct) == before
    finally:
        await direct.close()


async def test_a_statement_cancelled_midway_is_cancelled_on_the_server_too(
    db_url: str, admin
) -> None:  # type: ignore[no-untyped-def]
    """A request gone (client disconnect, timeout) while its statement runs: the server stops
    the statement, and the connection serves the next caller once that is acknowledged; with one
    place in the pool, the next caller is not left waiting behind a statement nobody reads."""
    direct = Direct(db_url, 1)
    try:
        before = await _pid(direct)
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(direct.fetchrow("SELECT pg_sleep(30)"), 0.2)
        after = await asyncio.wait_for(_pid(direct), 10)
        assert after == before
        running = await admin.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND query LIKE '%pg_sleep(30)%'"
            " AND state = 'active'",
            before,
        )
        assert running == 0
    finally:
        await direct.close()


async def test_a_caller_cancelled_while_waiting_takes_no_place(db_url: str) -> None:
    direct = Direct(db_url, 1)
    try:
        busy = asyncio.create_task(direct.fetchrow("SELECT pg_sleep(0.3)"))
        await asyncio.sleep(0.05)
        waiting = asyncio.create_task(direct.fetchrow("SELECT 1 AS one"))
        await asyncio.sleep(0.05)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        await busy
        record = await asyncio.wait_for(direct.fetchrow("SELECT 2 AS two"), 10)
        assert record is not None and record["two"] == 2
    finally:
        await direct.close()


async def test_a_connection_lost_midway_fails_a_write_and_reruns_a_read(db_url: str, admin) -> None:  # type: ignore[no-untyped-def]
    """A write may have committed before its connection died: the caller is told, it is not run
    again. A read runs again once, on a fresh connection."""
    direct = Direct(db_url, 2)

    async def terminate_the_running_one() -> int:
        await asyncio.sleep(0.2)
        killed = await admin.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = $1 AND state = 'active' "
            "AND query LIKE '%pg_sleep(%'",
            DIRECT_APPLICATION_NAME,
        )
        return int(killed)

    try:
        write = asyncio.create_task(direct.fetchrow("SELECT pg_sleep(2)"))
        assert await terminate_the_running_one() == 1
        with pytest.raises(
            (
                asyncpg.PostgresConnectionError,
                asyncpg.InterfaceError,
                asyncpg.InternalClientError,
                OSError,
            )
        ):
            await write
        read = asyncio.create_task(
            direct.fetchrow("SELECT pg_sleep(0.5), pg_backend_pid() AS pid", read_only=True)
        )
        assert await terminate_the_running_one() == 1
        record = await read
        assert record is not None and record["pid"] > 0
    finally:
        await direct.close()


async def test_close_leaves_no_connection_behind(db_url: str, admin) -> None:  # type: ignore[no-untyped-def]
    direct = Direct(db_url, 3)
    sql = "SELECT pg_sleep(0.05), pg_backend_pid() AS pid"
    records = await asyncio.gather(*(direct.fetchrow(sql) for _ in range(3)))
    pids = {r["pid"] for r in records if r is not None}
    assert len(pids) == 3 and await _alive(admin, pids, 3) == 3
    await direct.close()
    assert await _alive(admin, pids, 0) == 0
    with pytest.raises(asyncpg.InterfaceError):
        await direct.fetchrow("SELECT 1")
