"""Payouts: the net of commission of a user's payments accrues to one payout per user per day;
a payout is paid the day after (SPEC §8)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.clock import isoformat
from cleavr_connect.events import service as events
from cleavr_connect.ids import new_id
from cleavr_connect.models import Payment, Payout
from cleavr_connect.money import as_json
from cleavr_connect.ownership import Owner
from cleavr_connect.payouts import invoices
from cleavr_connect.runtime import Runtime


def as_object(payout: Payout) -> dict[str, Any]:
    return {
        "id": payout.id,
        "object": "payout",
        "user_id": payout.user_id,
        "payout_date": payout.payout_date.isoformat(),
        "amount": as_json(payout.amount_cents),
        "gross_amount": as_json(payout.gross_cents),
        "commission": as_json(payout.commission_cents),
        "commission_vat": as_json(payout.commission_vat_cents or 0),
        "commission_incl_vat": as_json(
            payout.commission_cents + (payout.commission_vat_cents or 0)
        ),
        "net": as_json(payout.amount_cents),
        "invoice_number": payout.invoice_number,
        "currency": "EUR",
        "status": payout.status,
        "paid_at": isoformat(payout.paid_at) if payout.paid_at else None,
        "livemode": payout.livemode,
        "created_at": isoformat(payout.created_at),
    }


async def accrue(
    session: AsyncSession, rt: Runtime, payment: Payment, *, collected_cents: int | None = None
) -> Payout:
    """Adds a payment's net to its user's payout of the payment day (created on first use).
    `collected_cents`: what Cleavr received of it (0 for a payment made to the creditor
    directly, whose commission is deducted; else the amount less any overpayment).

    The day's row is inserted if missing (`ON CONFLICT DO NOTHING`), then read locked: two
    first payments of one user on one day, in concurrent transactions, both find the one row
    instead of both inserting it and one failing on `uq_payouts_user_day`."""
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    await session.execute(
        insert(Payout)
        .values(
            id=new_id("po", livemode=payment.livemode),
            user_id=payment.user_id,
            platform_id=payment.platform_id,
            account_id=payment.account_id,
            livemode=payment.livemode,
            payout_date=payment.paid_at,
            amount_cents=0,
            commission_cents=0,
            commission_vat_cents=0,
            gross_cents=0,
            status="pending",
            created_at=rt.clock.now(),
        )
        .on_conflict_do_nothing(index_elements=["user_id", "payout_date"])
    )
    stmt = (
        select(Payout)
        .where(Payout.user_id == payment.user_id, Payout.payout_date == payment.paid_at)
        .execution_options(populate_existing=True)
    )
    if dialect == "postgresql":
        stmt = stmt.with_for_update()
    payout = (await session.execute(stmt)).scalar_one()
    if payout.status != "pending":
        # The day's payout already left (in a transfer file, or paid): refused.
        raise _late_payment(payment)
    if collected_cents is None:
        collected_cents = payment.amount_cents - (payment.overpayment_cents or 0)
    payout.gross_cents += collected_cents
    payout.commission_cents += payment.commission_cents
    payout.commission_vat_cents = (payout.commission_vat_cents or 0) + (
        payment.commission_vat_cents or 0
    )
    payout.amount_cents += payment.net_cents
    await session.flush()
    payment.payout_id = payout.id
    return payout


def _late_payment(payment: Payment) -> Exception:
    from cleavr_connect.errors import ConflictError

    return ConflictError(
        f"The payout of {payment.paid_at.isoformat()} was already paid; record the payment with "
        "today's date.",
        code="payout_already_paid",
        param="paid_at",
    )


async def pay_due(
    session: AsyncSession, rt: Runtime, *, today: date, user_id: str | None = None
) -> int:
    """Test mode simulates the bank: every pending test payout of an earlier day is paid and
    announced (`payout.paid`). Live payouts leave in a pain.001 file (`payouts export`) and are
    paid when the bank statement shows their debit or the operator says so (`mark_paid`)."""
    stmt = select(Payout).where(
        Payout.status == "pending", Payout.payout_date < today, Payout.livemode.is_(False)
    )
    if user_id is not None:
        stmt = stmt.where(Payout.user_id == user_id)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    paid = 0
    for payout in (await session.execute(stmt.order_by(Payout.payout_date))).scalars():
        await mark_paid(session, rt, payout)
        paid += 1
    return paid


async def mark_paid(session: AsyncSession, rt: Runtime, payout: Payout) -> None:
    """The money reached the user: `paid`, announced with `payout.paid`."""
    payout.status = "paid"
    payout.paid_at = rt.clock.now()
    await invoices.issue(session, rt, payout)  # the commission invoice, numbered now
    await session.flush()
    await events.record(
        session,
        "payout.paid",
        owner=Owner(payout.platform_id, payout.account_id, payout.livemode),
        obj=as_object(payout),
        now=rt.clock.now(),
    )
