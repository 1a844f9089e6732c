"""`net_recovered` is what the creditor keeps: the recovered amount less the commission and
its VAT, the figure payouts, receivables and the recoveries report give. Databases made before
the rollups summed the VAT (migration 0018) give it too once migrated."""

from __future__ import annotations

import asyncio
import csv
import io
import secrets
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import create_async_engine

from cleavr_connect.db import migrate
from cleavr_connect.db.engine import Database
from cleavr_connect.ids import new_id
from cleavr_connect.models import Payment, Receivable
from cleavr_connect.ownership import Owner
from cleavr_connect.reports import service as reports
from tests.conftest import PG_ADMIN_URL, _create_pg_database, _drop_pg_database
from tests.factories import submitted_receivable


async def test_net_recovered_is_after_the_commission_vat_everywhere(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    claim = await submitted_receivable(client, db, runtime)
    who = claim.who
    paid = await client.post(f"{claim.helper}/payments", json={"amount": 1000}, headers=who.headers)
    assert paid.status_code == 200, paid.text
    payout = (await client.get("/v1/payouts", headers=who.headers)).json()["data"][0]
    rec = (
        await client.get(f"/v1/receivables/{claim.receivable['id']}", headers=who.headers)
    ).json()
    # 15.90 % of 1000.00 = 159.00, VAT 31.80: the creditor keeps 809.20.
    assert (payout["commission"], payout["commission_vat"], payout["net"]) == (159.0, 31.8, 809.2)
    assert rec["amounts"]["net"] == 809.2

    summary = (await client.get("/v1/reports/summary", headers=who.headers)).json()
    assert (summary["commission"], summary["commission_vat"]) == (159.0, 31.8)
    assert summary["net_recovered"] == 809.2
    mine = (
        await client.get(
            "/v1/reports/summary", params={"user_id": claim.user["id"]}, headers=who.headers
        )
    ).json()
    assert (mine["commission_vat"], mine["net_recovered"]) == (31.8, 809.2)
    recoveries = (await client.get("/v1/reports/recoveries", headers=who.headers)).json()
    assert recoveries["total"]["commission_vat"] == 31.8
    assert recoveries["total"]["net"] == 809.2

    csv_text = (
        await client.get("/v1/reports/summary", params={"format": "csv"}, headers=who.headers)
    ).text
    row = next(csv.DictReader(io.StringIO(csv_text)))
    assert (row["commission"], row["commission_vat"], row["net_recovered"]) == (
        "159.00",
        "31.80",
        "809.20",
    )
    document = (await client.get("/openapi.json")).json()
    schema = document["components"]["schemas"]["SummaryOut"]
    assert "commission_vat" in schema["properties"]["net_recovered"]["description"]
    for path in ("/v1/reports/summary", "/v1/reports/recoveries"):
        assert "its VAT" in document["paths"][path]["get"]["description"]


async def test_a_direct_payment_nets_its_amount_less_fees_in_the_recoveries(  # type: ignore[no-untyped-def]
    client, db, runtime
) -> None:
    """Paid to the creditor: the recoveries report's net is what the creditor keeps, as the
    summary's, not the payout's debit of the fees."""
    claim = await submitted_receivable(client, db, runtime)
    who = claim.who
    from cleavr_connect.models import Receivable as Rec

    async with db.transaction() as session:
        rec = await session.get(Rec, claim.receivable["id"])
        assert rec is not None
        from cleavr_connect.receivables import payments

        await payments.record(session, runtime, rec, "100.00", None, source="direct")
    recoveries = (await client.get("/v1/reports/recoveries", headers=who.headers)).json()
    summary = (await client.get("/v1/reports/summary", headers=who.headers)).json()
    # 15.90 % of 100.00 = 15.90, VAT 3.18.
    assert recoveries["total"]["net"] == summary["net_recovered"] == 80.92


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
async def test_an_existing_database_migrates_with_the_vat_counted(dialect: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    if dialect == "sqlite":
        url, name = f"sqlite:///{tmp_path / 'before.db'}", None
    else:
        try:
            name, url = await _create_pg_database()
        except OSError:
            pytest.skip(f"PostgreSQL unreachable at {PG_ADMIN_URL}")
    try:
        await asyncio.to_thread(migrate.upgrade, url, "0017")
        owner = Owner("plat_test_x", "acct_x", False)
        now = datetime(2026, 1, 15, 9, tzinfo=UTC)
        receivables, payments = [], []
        for i in range(12):
            rec_id = new_id("rec", livemode=False)
            receivables.append(
                {
                    "id": rec_id,
                    "platform_id": owner.platform_id,
                    "account_id": owner.account_id,
                    "livemode": False,
                    "user_id": f"usr_{i % 2}",
                    "status": ("recovered", "in_recovery", "closed")[i % 3],
                    "invoice_numbers": [secrets.token_hex(4)],
                    "amount_cents": 100_000,
                    "currency": "EUR",
                    "debtor": {},
                    "debtor_type": "company",
                    "metadata": {},
                    "recovered_cents": 20_000,
                    "commission_cents": 2_160 + i,
                    "clock_offset_days": 0,
                    "playbook_step": 0,
                    "timeline_seq": 0,
                    "first_payment_at": now,
                    "created_at": now - timedelta(days=i % 4, hours=i),
                    "updated_at": now,
                }
            )
            for part, commission in ((0, 1_080), (1, 1_080 + i)):
                payments.append(
                    {
                        "id": new_id("pay", livemode=False),
                        "receivable_id": rec_id,
                        "user_id": f"usr_{i % 2}",
                        "platform_id": owner.platform_id,
                        "account_id": owner.account_id,
                        "livemode": False,
                        "amount_cents": 10_000,
                        "paid_at": date(2026, 1, 15),
                        "days_overdue": 30,
                        "commission_rate": "10.80",
                        "commission_cents": commission,
                        "commission_vat_cents": 216 + part * (i // 2),
                        "net_cents": 10_000 - commission - 216 - part * (i // 2),
                        "overpayment_cents": 0,
                        "source": "operator",
                        "created_at": now,
                    }
                )
        engine = create_async_engine(Database(url, pool_size=1).url)
        try:
            async with engine.begin() as conn:
                if dialect == "postgresql":  # no platform, account or user rows behind them
                    # (without the replica role, which would skip the rollup triggers too)
                    found = await conn.execute(
                        text(
                            "SELECT conname FROM pg_constraint WHERE contype = 'f'"
                            " AND conrelid = 'receivables'::regclass"
                        )
                    )
                    for (constraint,) in found.all():
                        await conn.execute(
                            text(f'ALTER TABLE receivables DROP CONSTRAINT "{constraint}"')
                        )
                await conn.execute(insert(Receivable.__table__), receivables)
                await conn.execute(insert(Payment.__table__), payments)
        finally:
            await engine.dispose()
        await asyncio.to_thread(migrate.upgrade, url)
        db = Database(url, pool_size=1)
        try:
            async with db.transaction() as session:
                params = reports.Params(
                    reports.Window(date(2026, 1, 10), date(2026, 1, 15)), "json", None, None
                )
                whole = await reports.summary(session, owner, params)
                one = await reports.summary(
                    session, owner, reports.Params(params.window, "json", None, "usr_1")
                )
            vat = sum(p["commission_vat_cents"] for p in payments)
            commission = sum(r["commission_cents"] for r in receivables)
            assert whole["commission_vat"] == reports.as_json(vat)
            assert whole["net_recovered"] == reports.as_json(12 * 20_000 - commission - vat)
            vat_1 = sum(p["commission_vat_cents"] for p in payments if p["user_id"] == "usr_1")
            assert one["commission_vat"] == reports.as_json(vat_1)
        finally:
            await db.dispose()
    finally:
        if name is not None:
            await _drop_pg_database(name)
