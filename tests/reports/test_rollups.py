"""The summary's rollups (migration 0006) against the receivables themselves: whatever happens
to receivables over several days — created, paid, recovered, disputed, closed, cancelled, drafts,
rows written with Core, updated and deleted — every window and filter gives the figures computed
directly from the rows, as the summary did before the rollups."""

from __future__ import annotations

import asyncio
import secrets
from contextlib import AsyncExitStack
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, func, insert, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, create_async_engine

from cleavr_connect.db import migrate
from cleavr_connect.db.engine import Database
from cleavr_connect.ids import new_id
from cleavr_connect.models import Receivable
from cleavr_connect.ownership import Owner, owned
from cleavr_connect.reports import repository as repo
from cleavr_connect.reports import service as reports
from tests.conftest import PG_ADMIN_URL, _create_pg_database, _drop_pg_database
from tests.factories import active_user, caller, receivable_body
from tests.reports.conftest import add_receivable, party, receivable_row

Totals = dict[str, tuple[int, int, int, int, int]]


async def direct_totals(
    session: AsyncSession, owner: Owner, first: date, last: date, user_id: str | None
) -> Totals:
    """Per status, from the receivables created in the window: the summary's former query."""
    start = datetime.combine(first, time(), UTC)
    end = datetime.combine(last + timedelta(days=1), time(), UTC)
    stmt = owned(
        Receivable,
        owner,
        Receivable.status,
        func.count(),
        func.sum(Receivable.amount_cents),
        func.sum(Receivable.recovered_cents),
        func.sum(Receivable.commission_cents),
        func.count(Receivable.first_payment_at),
    ).where(Receivable.created_at >= start, Receivable.created_at < end)
    if user_id is not None:
        stmt = stmt.where(Receivable.user_id == user_id)
    rows = (await session.execute(stmt.group_by(Receivable.status))).all()
    return {r[0]: tuple(int(v or 0) for v in r[1:]) for r in rows}  # type: ignore[misc]


async def rolled_up_totals(
    session: AsyncSession, owner: Owner, first: date, last: date, user_id: str | None
) -> Totals:
    rows = await repo.totals_by_status(session, owner, first, last, user_id)
    return {
        r.status: (r.count, r.amount_cents, r.recovered_cents, r.commission_cents, r.paid_count)
        for r in rows
        if r.count  # a status every receivable left keeps a row of zeros
    }


async def check_every_window(
    db: Database, owner: Owner, days: list[date], users: list[str | None]
) -> int:
    """Every window between two of `days`, for the whole owner and for each user."""
    checked = 0
    async with db.transaction() as session:
        for i, first in enumerate(days):
            for last in days[i:]:
                window = reports.Window(first, last)
                for user_id in users:
                    expected = await direct_totals(session, owner, first, last, user_id)
                    got = await rolled_up_totals(session, owner, first, last, user_id)
                    assert got == expected, (first, last, user_id)
                    median = await repo.median_days_to_first_payment(
                        session, owner, window.start, window.end, user_id
                    )
                    reference = await repo._median_directly(
                        session, owner, window.start, window.end, user_id
                    )
                    assert median == reference, (first, last, user_id, median, reference)
                    checked += 1
    return checked


async def test_rollups_match_the_receivables_through_a_lifecycle(
    client, db, runtime, clock
) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    owner = Owner(who.platform.client_id, who.account.id, who.platform.livemode)
    u1, u2 = (await active_user(client, who))["id"], (await active_user(client, who))["id"]
    me = await party(client, db, runtime, account=who.account, platform=who.platform)
    other = await party(client, db, runtime, account=who.account)  # another platform
    h = dict(who.headers)

    async def next_day(**delta: float) -> None:
        clock.advance(**delta)  # tokens live an hour: a fresh one for the same owner
        again = await caller(client, db, runtime, platform=who.platform, account=who.account)
        h.update(again.headers)

    async def post(user_id: str) -> str:
        response = await client.post("/v1/receivables", json=receivable_body(user_id), headers=h)
        assert response.status_code == 200, response.text
        return str(response.json()["id"])

    async def helper(rec_id: str, action: str, body: dict[str, Any]) -> dict[str, Any]:
        url = f"/v1/test_helpers/receivables/{rec_id}/{action}"
        response = await client.post(url, json=body, headers=h)
        assert response.status_code == 200, response.text
        return dict(response.json())

    day0 = clock.now().date()
    r1, r2, r3, r4 = await post(u1), await post(u1), await post(u2), await post(u2)
    await helper(r1, "payments", {"amount": 200})
    await next_day(days=1, hours=5, minutes=17)
    r5, r6 = await post(u1), await post(u2)
    cancelled = await client.post(
        f"/v1/receivables/{r2}/cancel", json={"reason": "paid"}, headers=h
    )
    assert cancelled.status_code == 200
    await helper(r3, "dispute", {"reason": "never delivered"})
    # Recovered once principal, penalties and indemnity are paid: what is outstanding.
    owed = (await client.get(f"/v1/receivables/{r4}", headers=h)).json()["amounts"]["outstanding"]
    assert (await helper(r4, "payments", {"amount": owed}))["status"] == "recovered"
    await next_day(days=1, hours=7)
    await helper(r3, "resolve_dispute", {"outcome": "close"})
    await helper(r5, "payments", {"amount": 1200})
    await helper(r6, "payments", {"amount": 300})
    await helper(r1, "payments", {"amount": 1000})
    assert (await helper(r6, "advance", {"days": 70}))["status"] == "closed"
    r7 = await post(u1)
    await helper(r7, "dispute", {"reason": "wrong amount"})
    await helper(r7, "resolve_dispute", {"outcome": "resume"})

    # Rows written straight to the table: drafts without amounts, every delay bin's edges,
    # payments recorded before the submission's time of day, another owner's rows.
    now = clock.now()
    delays = [-0.25, 0, 0.5, 1, 7.0, 10.9999, 11, 12, 29.5, 30, 181, 800, 3.25, 3.25]
    written = []
    for i, delay in enumerate(delays):
        created = now - timedelta(days=i % 4, hours=i)
        written.append(
            await add_receivable(
                db,
                me,
                status=("recovered", "in_recovery", "closed", "disputed")[i % 4],
                amount=f"{100 + i}.00",
                recovered=f"{50 + i}.00",
                commission=f"{i}.50",
                created_at=created,
                days_to_first_payment=delay,
                user_id=(u1, u2)[i % 2],
            )
        )
    for status in ("draft", "processing"):
        await add_receivable(db, me, status=status, blank=True, user_id=u2, created_at=now)
    await add_receivable(db, other, days_to_first_payment=2, created_at=now)
    async with db.transaction() as session:  # Core updates and a delete
        await session.execute(
            update(Receivable)
            .where(Receivable.id.in_(written[:3]))
            .values(status="cancelled", recovered_cents=Receivable.recovered_cents + 7)
        )
        await session.execute(
            update(Receivable).where(Receivable.id == written[3]).values(first_payment_at=None)
        )
        await session.execute(
            update(Receivable)
            .where(Receivable.id == written[4])
            .values(created_at=now - timedelta(days=3, hours=3), user_id=u1)
        )
        await session.execute(delete(Receivable).where(Receivable.id == written[5]))

    days = [day0 + timedelta(days=d) for d in range(-5, 4)]
    checked = await check_every_window(db, owner, days, [None, u1, u2])
    assert checked == 45 * 3
    # And through the API, for the whole span.
    everything = await client.get(
        "/v1/reports/summary",
        params={"from": days[0].isoformat(), "to": days[-1].isoformat()},
        headers=h,
    )
    async with db.transaction() as session:
        expected = await direct_totals(session, owner, days[0], days[-1], None)
    assert everything.json()["count"] == sum(t[0] for t in expected.values())
    assert everything.json()["paid_count"] == sum(t[4] for t in expected.values())


async def test_medians_of_many_values_in_many_bins(client, db, runtime, clock) -> None:  # type: ignore[no-untyped-def]
    """Odd and even counts, middles inside one bin and across two, on PostgreSQL's histogram."""
    me = await party(client, db, runtime)
    now = clock.now()
    for i in range(61):
        await add_receivable(
            db,
            me,
            status="recovered",
            created_at=now - timedelta(days=i % 9, minutes=i),
            days_to_first_payment=(i * 7.37) % 97 - 1 + (i % 3) / 3,
        )
    days = [now.date() - timedelta(days=d) for d in range(9, -1, -1)]
    assert await check_every_window(db, me.owner, days, [None]) == 55


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
async def test_the_migration_counts_existing_rows(dialect: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Receivables already there before 0006 are in its rollups once it has run."""
    if dialect == "sqlite":
        url, name = f"sqlite:///{tmp_path / 'before.db'}", None
    else:
        try:
            name, url = await _create_pg_database()
        except OSError:
            pytest.skip(f"PostgreSQL unreachable at {PG_ADMIN_URL}")
    try:
        await asyncio.to_thread(migrate.upgrade, url, "0005")
        owner = Owner("plat_test_x", "acct_x", False)
        now = datetime(2026, 1, 15, 9, tzinfo=UTC)
        rows = [
            {
                "id": new_id("rec", livemode=False),
                "platform_id": owner.platform_id,
                "account_id": owner.account_id,
                "livemode": False,
                "user_id": f"usr_{i % 3}",
                "status": ("recovered", "in_recovery", "draft", "cancelled")[i % 4],
                "invoice_numbers": [secrets.token_hex(4)],
                "amount_cents": None if i % 4 == 2 else 10_000 + i,
                "currency": "EUR",
                "debtor": {},
                "debtor_type": "company",
                "metadata": {},
                "recovered_cents": 100 * (i % 5),
                "commission_cents": 10 * (i % 5),
                "clock_offset_days": 0,
                "playbook_step": 0,
                "timeline_seq": 0,
                "first_payment_at": now + timedelta(hours=17 * i) if i % 5 else None,
                "created_at": now - timedelta(days=i % 6, hours=i),
                "updated_at": now,
            }
            for i in range(40)
        ]
        engine = create_async_engine(Database(url, pool_size=1).url)
        try:
            async with engine.begin() as conn:
                if dialect == "postgresql":  # no platform, account or user rows behind them
                    await conn.execute(text("SET LOCAL session_replication_role = replica"))
                await conn.execute(insert(Receivable.__table__), rows)
        finally:
            await engine.dispose()
        await asyncio.to_thread(migrate.upgrade, url)
        db = Database(url, pool_size=1)
        try:
            days = [now.date() - timedelta(days=d) for d in range(7, -1, -1)]
            users: list[str | None] = [None, "usr_0", "usr_1"]
            assert await check_every_window(db, owner, days, users) == 36 * 3
        finally:
            await db.dispose()
    finally:
        if name is not None:
            await _drop_pg_database(name)


async def test_delay_bins_are_the_repository_edges(db) -> None:  # type: ignore[no-untyped-def]
    if db.dialect != "postgresql":
        pytest.skip("the histogram is PostgreSQL's")
    async with db.transaction() as session:
        for i, edge in enumerate(repo.DELAY_EDGES, start=1):
            at_edge = await session.scalar(
                text("SELECT receivable_delay_bin(make_interval(days => :d))"), {"d": edge}
            )
            just_below = await session.scalar(
                text("SELECT receivable_delay_bin(make_interval(days => :d) - interval '1 us')"),
                {"d": edge},
            )
            assert (at_edge, just_below) == (i, i - 1)


async def test_concurrent_writers_of_one_account_do_not_wait_for_each_other(db, me) -> None:  # type: ignore[no-untyped-def]
    """Two open transactions each add a receivable of the same account, day and status: with one
    rollup row per key the second would wait for the first's commit (migration 0007 shards the
    rollups per PostgreSQL backend)."""
    if db.dialect != "postgresql":
        pytest.skip("SQLite runs one writer at a time: there is nothing to wait for")
    async with AsyncExitStack() as stack:
        by_shard: dict[int, AsyncConnection] = {}
        for _ in range(40):  # backends whose pids differ modulo the shard count
            conn = await stack.enter_async_context(db.engine.connect())
            pid = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()
            await conn.commit()
            by_shard.setdefault(pid % 16, conn)
            if len(by_shard) == 2:
                break
        first, second = by_shard.values()
        today = datetime.now(UTC) - timedelta(minutes=5)
        await first.begin()
        await first.execute(insert(Receivable.__table__), [receivable_row(me, created_at=today)])
        await second.begin()
        await second.execute(text("SET LOCAL lock_timeout = '2s'"))
        # Refused with "canceling statement due to lock timeout" if it had to wait for `first`.
        await second.execute(insert(Receivable.__table__), [receivable_row(me, created_at=today)])
        await second.commit()
        await first.commit()
    async with db.transaction() as session:
        totals = await rolled_up_totals(session, me.owner, today.date(), today.date(), None)
        assert totals["in_recovery"][0] == 2
        assert totals == await direct_totals(session, me.owner, today.date(), today.date(), None)
