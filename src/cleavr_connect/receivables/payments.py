"""Payments against a receivable: the debtor's (operator, debtor portal, test helper) and those
made to the creditor directly and reported by the platform. One path records them all.

- A payment dated before the claim was submitted is refused (400, `param: paid_at`): that money
  was never the agency's work, and the creditor should submit what was still owed.
- Commission uses the rate fixed at submission, plus 20 % VAT; a direct payment owes it too
  (the mandate covers what the debtor pays during recovery), deducted from the user's payouts.
- What goes beyond everything owed that day is recorded as an overpayment, flagged for refund,
  with no commission: a payment to a recovered claim is wholly an overpayment.
- The claim is recovered once principal, penalties or interest and indemnity are all paid (or
  the accessories waived).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.clock import isoformat
from cleavr_connect.commission import fixing, rates
from cleavr_connect.commission import service as commission
from cleavr_connect.errors import ConflictError, FieldError, ValidationError
from cleavr_connect.ids import new_id
from cleavr_connect.models import Payment, Receivable
from cleavr_connect.money import POSITIVE_AMOUNT_RULE, as_json, from_cents, parse_amount, to_cents
from cleavr_connect.payouts import service as payouts
from cleavr_connect.receivables import plans
from cleavr_connect.receivables import service as receivables
from cleavr_connect.runtime import Runtime

PAYABLE = frozenset({"pending", "in_recovery", "disputed"})
# A recovered claim still takes money: all of it is an overpayment to refund.
ACCEPTS_MONEY = PAYABLE | {"recovered"}


def as_object(payment: Payment) -> dict[str, Any]:
    vat = payment.commission_vat_cents or 0
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
        "commission_vat": as_json(vat),
        "commission_incl_vat": as_json(payment.commission_cents + vat),
        "net": as_json(payment.net_cents),
        "net_amount": as_json(payment.net_cents),
        "overpayment": as_json(payment.overpayment_cents or 0),
        "refund_due": bool(payment.overpayment_cents),
        "source": payment.source,
        "payout_id": payment.payout_id,
        "livemode": payment.livemode,
        "created_at": isoformat(payment.created_at),
    }


def _check(
    rec: Receivable, raw_amount: object, paid_on: date, today: date, *, charged: bool = False
) -> Decimal:
    if rec.status not in ACCEPTS_MONEY and not charged:
        raise ConflictError(
            f"A {rec.status} receivable takes no payment.", code="invalid_state_transition"
        )
    amount = parse_amount(raw_amount)
    errors: list[FieldError] = []
    if amount is None or amount <= 0:
        errors.append(FieldError("amount", "invalid_amount", POSITIVE_AMOUNT_RULE))
    if paid_on > today:
        errors.append(
            FieldError("paid_at", "paid_at_in_future", "A payment cannot be dated in the future.")
        )
    elif rec.submitted_at is not None and paid_on < rec.submitted_at.date():
        errors.append(
            FieldError(
                "paid_at",
                "paid_before_submission",
                "A payment cannot predate the claim's submission "
                f"({rec.submitted_at.date().isoformat()}): submit only what was still owed.",
            )
        )
    elif rec.issue_date and paid_on < rec.issue_date:
        errors.append(
            FieldError("paid_at", "paid_at_before_issue", "A payment cannot predate the invoice.")
        )
    if errors:
        raise ValidationError(errors)
    assert amount is not None
    return amount


async def record(
    session: AsyncSession,
    rt: Runtime,
    rec: Receivable,
    raw_amount: object,
    paid_at: date | None,
    *,
    source: str,
    charged: bool = False,
) -> Payment:
    """`charged`: the money is already taken (a card charge completed): recorded whatever the
    claim's state, all of it an overpayment to refund when the claim takes no more money
    (cancelled or closed since the checkout started), rather than refused and lost."""
    # Only drafts lack these, and a draft takes no payment.
    assert rec.due_date is not None and rec.amount_cents is not None
    today = receivables.receivable_now(rt, rec).date()
    paid_on = paid_at or today
    amount = _check(rec, raw_amount, paid_on, today, charged=charged)
    owed = Decimal(0)
    if rec.status in PAYABLE:
        owed = (await receivables.compute_amounts(session, rt, rec, as_of=paid_on)).outstanding
    counted = min(amount, owed)
    days = max(0, (paid_on - rec.due_date).days)
    if rec.commission_rate is not None:
        rate = Decimal(rec.commission_rate)
    else:  # submitted before commission was fixed at submission: the rule it was sent under
        bands = await commission.bands_for(session, rec.platform_id, rt.clock.now())
        rate = rates.rate_for(days, bands)
    charge = fixing.charge(counted, rate)
    direct = source == "direct"
    net = (Decimal(0) if direct else counted) - charge.incl_vat
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
        commission_rate=str(rate),
        commission_cents=to_cents(charge.commission),
        commission_vat_cents=to_cents(charge.vat),
        net_cents=to_cents(net),
        overpayment_cents=to_cents(amount - counted),
        source=source,
        created_at=rt.clock.now(),
    )
    session.add(payment)
    await session.flush()
    if counted > 0:
        await payouts.accrue(session, rt, payment, collected_cents=0 if direct else None)
    rec.recovered_cents += to_cents(counted)
    rec.commission_cents += payment.commission_cents
    rec.commission_vat_cents = (rec.commission_vat_cents or 0) + payment.commission_vat_cents
    if rec.first_payment_at is None and counted > 0:
        rec.first_payment_at = receivables.receivable_now(rt, rec)
    rec.updated_at = rt.clock.now()
    await session.flush()
    described = "reported as paid to the creditor" if direct else "received"
    await receivables.add_action(
        session,
        rt,
        rec,
        "overpayment_received" if counted == 0 else "payment_received",
        f"Payment of {from_cents(payment.amount_cents)} EUR {described}."
        + (
            f" {from_cents(payment.overpayment_cents)} EUR beyond what was owed, to refund."
            if payment.overpayment_cents
            else ""
        ),
        payment_id=payment.id,
        amount=as_json(payment.amount_cents),
        overpayment=as_json(payment.overpayment_cents),
        source=source,
    )
    await receivables.emit(session, rt, "payment.received", rec, obj=as_object(payment))
    # Whatever counts against the claim pays the payment plan's instalments in order.
    await plans.allocate(session, rt, rec, to_cents(counted))
    if rec.status in PAYABLE:
        figures = await receivables.compute_amounts(session, rt, rec)
        if figures.outstanding == 0:
            await mark_recovered(session, rt, rec)
    return payment


async def mark_recovered(session: AsyncSession, rt: Runtime, rec: Receivable) -> None:
    if rec.status in ("pending", "disputed"):
        await receivables.transition(session, rt, rec, "in_recovery")
    await receivables.transition(session, rt, rec, "recovered")
