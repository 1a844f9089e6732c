"""Report fixtures: receivables and payments written straight to the tables with SQLAlchemy
Core, so each aggregate is checked against figures chosen by hand (the API that creates them
has its own tests)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert

from cleavr_connect.db.engine import Database
from cleavr_connect.ids import new_id
from cleavr_connect.models import Payment, Receivable
from cleavr_connect.ownership import Owner
from tests.factories import Caller, caller, create_user

# FrozenClock's default: today is 2026-01-15 for every report.
NOW = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
TODAY = NOW.date()


@dataclass
class Party:
    """A caller with the (platform, account, mode) its rows belong to and one of its users."""

    who: Caller
    owner: Owner
    user_id: str


async def party(http: Any, db: Database, rt: Any, **kwargs: Any) -> Party:
    who = await caller(http, db, rt, **kwargs)
    user = await create_user(http, who)
    owner = Owner(who.platform.client_id, who.account.id, who.platform.livemode)
    return Party(who, owner, user["id"])


@pytest.fixture
async def me(client, db, runtime) -> Party:  # type: ignore[no-untyped-def]
    return await party(client, db, runtime)


@pytest.fixture
async def strangers(client, db, runtime, me) -> list[Party]:  # type: ignore[no-untyped-def]
    """Another platform, another account, and live mode: none of their rows may ever count."""
    return [
        await party(client, db, runtime, account=me.who.account),
        await party(client, db, runtime, platform=me.who.platform),
        await party(client, db, runtime, livemode=True, account=me.who.account),
    ]


def cents(euros: str) -> int:
    return int(round(float(euros) * 100))


async def add_receivable(db: Database, p: Party, **kwargs: Any) -> str:
    row = receivable_row(p, **kwargs)
    async with db.transaction() as session:
        await session.execute(insert(Receivable.__table__), [row])
    return str(row["id"])


def receivable_row(
    p: Party,
    *,
    status: str = "in_recovery",
    amount: str = "1000.00",
    recovered: str = "0",
    commission: str = "0",
    due_date: date | None = None,
    created_at: datetime = NOW - timedelta(days=1),
    days_to_first_payment: float | None = None,
    user_id: str | None = None,
    blank: bool = False,
) -> dict[str, Any]:
    """A receivables row; blank: a draft read from a document, without amounts or dates yet
    (all NULL)."""
    rec_id = new_id("rec", livemode=p.owner.livemode)
    amount_cents = cents(amount)
    row: dict[str, Any] = {
        "id": rec_id,
        "platform_id": p.owner.platform_id,
        "account_id": p.owner.account_id,
        "livemode": p.owner.livemode,
        "user_id": user_id or p.user_id,
        "status": status,
        "invoice_numbers": [f"F-{rec_id[-8:]}"],
        "issue_date": date(2025, 1, 1),
        "due_date": due_date or date(2025, 2, 1),
        "amount_cents": amount_cents,
        "amount_before_tax_cents": amount_cents * 5 // 6,
        "tax_amount_cents": amount_cents - amount_cents * 5 // 6,
        "currency": "EUR",
        "debtor": {"company_name": "Debtor SARL"},
        "debtor_type": "company",
        "metadata": {},
        "recovered_cents": cents(recovered),
        "commission_cents": cents(commission),
        "clock_offset_days": 0,
        "playbook_step": 0,
        "first_payment_at": created_at + timedelta(days=days_to_first_payment)
        if days_to_first_payment is not None
        else None,
        "created_at": created_at,
        "updated_at": created_at,
    }
    if blank:
        row.update(
            issue_date=None,
            due_date=None,
            amount_cents=None,
            amount_before_tax_cents=None,
            tax_amount_cents=None,
        )
    return row


async def add_payment(
    db: Database,
    p: Party,
    receivable_id: str,
    *,
    amount: str,
    commission: str,
    paid_at: date,
    user_id: str | None = None,
) -> None:
    row = {
        "id": new_id("pay", livemode=p.owner.livemode),
        "receivable_id": receivable_id,
        "user_id": user_id or p.user_id,
        "platform_id": p.owner.platform_id,
        "account_id": p.owner.account_id,
        "livemode": p.owner.livemode,
        "amount_cents": cents(amount),
        "paid_at": paid_at,
        "days_overdue": 30,
        "commission_rate": "10.80",
        "commission_cents": cents(commission),
        "net_cents": cents(amount) - cents(commission),
        "source": "operator",
        "created_at": NOW,
    }
    async with db.transaction() as session:
        await session.execute(insert(Payment.__table__), [row])
