"""Debtor payments: each one's commission from the table in force for the platform at the
payment's debt age; the net accrues to the user's payout; the last payment recovers the claim."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.clock import isoformat
from cleavr_connect.commission import rates
from cleavr_connect.commission import service as commission
from cleavr_connect.errors import ConflictError, FieldError, ValidationError
from cleavr_connect.ids import new_id
from cleavr_connect.models import Payment, Receivable
from cleavr_connect.money import as_json, from_cents, parse_amount, to_cents
from cleavr_connect.payouts import service as payouts
from cleavr_connect.receivables import service as receivables
from cleavr_connect.runtime import Runtime

PAYABLE = frozenset({"pending", "in_recovery", "disputed"})


def as_object(payment: Payment) -> dict[str, Any]:
    return {
        "id": payment.id,
        "object": "payment",
        "receivable_id": payment.receivable_id,
        "user_id": payment.user_id,
        "amount": as_json(payment.amount_cents),
        "paid_at": payment.paid_at.isoformat(),
        "days_overdue": payment.days_overdue,
        "commission_rate": float(Decimal(payment.commission_rate)),
        "commission": as_json(payment.commission_cents),
        "net_amount": as_json(payment.net_cents),
        "payout_id": payment.payout_id,
        "livemode": payment.livemode,
        "created_at": isoformat(payment.created_at),
    }


def check(
    rec: Receivable, raw_amount: object, paid_at: date | None, today: date
) -> tuple[Decimal, date]:
    """The rules a payment must meet before anything is read or written: a payable
    receivable (409 otherwise), a positive amount, a date between the invoice and today
    (`paid_at` None: today). Returns the amount and the payment date."""
    if rec.status not in PAYABLE:
        raise ConflictError(
            f"A {rec.status} receivable takes no payment.", code="invalid_state_transition"
        )
    amount = parse_amount(raw_amount)
    errors: list[FieldError] = []
    if amount is None or amount <= 0:
        errors.append(
            FieldError("amount", "invalid_amount", "A positive amount with at most 2 decimals.")
        )
    paid_on = paid_at or today
    if paid_on > today:
        errors.append(
            FieldError("paid_at", "paid_at_in_future", "A payment cannot be dated in the future.")
        )
    if rec.issue_date and paid_on < rec.issue_date:
        errors.append(
            FieldError("paid_at", "paid_at_before_issue", "A payment cannot predate the invoice.")
        )
    if errors:
        raise ValidationError(errors)
    assert amount is not None
    return amount, paid_on


async def record(
    session: AsyncSession,
    rt: Runtime,
    rec: Receivable,
    raw_amount: object,
    paid_at: date | None,
    *,
    source: str,
) -> Payment:
    amount, paid_on = check(rec, raw_amount, paid_at, receivables.receivable_now(rt, rec).date())
    # Only drafts lack these, and a draft is never payable.
    assert rec.due_date is not None and rec.amount_cents is not None
    figures = await receivables.compute_amounts(session, rt, rec)
    if amount > figures.outstanding:
        raise ValidationError(
            [
                FieldError(
                    "amount",
                    "amount_exceeds_outstanding",
                    f"Only {figures.outstanding} is outstanding.",
                )
            ]
        )
    days = max(0, (paid_on - rec.due_date).days)
    bands = await commission.bands_for(session, rec.platform_id, rt.clock.now())
    calc = rates.calculate(amount, days, bands)
    payment = Payment(
        id=new_id("pay", livemode=rec.livemode),
        receivable_id=rec.id,
        user_id=rec.user_id,
        platform_id=rec.platform_id,
        account_id=rec.account_id,
        livemode=rec.livemode,
        amount_cents=to_cents(amount),
        paid_at=paid_on,
        days_overdue=days,
        commission_rate=str(calc.rate),
        commission_cents=to_cents(calc.commission),
        net_cents=to_cents(calc.net_amount),
        source=source,
        created_at=rt.clock.now(),
    )
    session.add(payment)
    await session.flush()
    await payouts.accrue(session, rt, payment)
    rec.recovered_cents += payment.amount_cents
    rec.commission_cents += payment.commission_cents
    if rec.first_payment_at is None:
        rec.first_payment_at = receivables.receivable_now(rt, rec)
    rec.updated_at = rt.clock.now()
    await session.flush()
    await receivables.add_action(
        session,
        rt,
        rec,
        "payment_received",
        f"Payment of {from_cents(payment.amount_cents)} EUR received.",
        payment_id=payment.id,
        amount=as_json(payment.amount_cents),
    )
    await receivables.emit(session, rt, "payment.received", rec, obj=as_object(payment))
    if rec.recovered_cents >= rec.amount_cents:
        if rec.status == "pending":
            await receivables.transition(session, rt, rec, "in_recovery")
        if rec.status == "disputed":
            await receivables.transition(session, rt, rec, "in_recovery")
        await receivables.transition(session, rt, rec, "recovered")
    return payment
