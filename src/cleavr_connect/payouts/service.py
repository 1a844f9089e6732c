"""Payouts: the net of commission of a user's payments accrues to one payout per user per day;
a payout is paid the day after (SPEC §8).

A day can end negative: commission on a payment the debtor made to the creditor directly is
owed although Cleavr collected nothing. Such a balance never leaves as a transfer (a SEPA credit
transfer cannot be negative, and a zero one is noise): when the payout is settled (exported, or
paid in test mode) the user's earlier negative balances are netted into it first; if what is
left is ≤ 0 the payout becomes `carried_forward` and its balance waits for the next payout.
Its commission invoice is issued then all the same, stating the part still owed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from stdnum import iban as iban_number

from cleavr_connect.clock import isoformat
from cleavr_connect.commission.fixing import vat_on
from cleavr_connect.db.sql import for_update, insert_ignore
from cleavr_connect.events import service as events
from cleavr_connect.ids import new_id
from cleavr_connect.models import Payment, Payout, Receivable, User
from cleavr_connect.money import as_json, from_cents, to_cents
from cleavr_connect.ownership import Owner
from cleavr_connect.payouts import invoices
from cleavr_connect.runtime import Runtime


def transfer_cents(payout: Payout) -> int:
    """The balance the payout settles: the day's net plus what earlier payouts carried in
    (≤ 0). The credit transfer carries it when it is positive."""
    return payout.amount_cents + (payout.carried_in_cents or 0)


def as_object(payout: Payout) -> dict[str, Any]:
    balance = transfer_cents(payout)
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
        "carried_in": as_json(payout.carried_in_cents or 0),
        "transfer_amount": as_json(max(balance, 0)),
        "carried_forward": as_json(min(balance, 0) if payout.status == "carried_forward" else 0),
        "carried_to": payout.carried_to_id,
        "invoice_number": payout.invoice_number,
        "currency": "EUR",
        "status": payout.status,
        "paid_at": isoformat(payout.paid_at) if payout.paid_at else None,
        "failure_code": payout.failure_code,
        "failure_message": payout.failure_message,
        "failed_on": payout.failed_on.isoformat() if payout.failed_on else None,
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
    instead of both inserting it and one failing on `uq_payouts_user_day`. When that day's
    payout already left (in a transfer file, or paid), the money was received all the same:
    it joins the user's next payout still pending, a day later (the day after that if that one
    left too)."""
    day = payment.paid_at
    for _ in range(_LATE_DAYS):
        payout = await _pending_payout(session, rt, payment, day)
        if payout is not None:
            break
        day += timedelta(days=1)
    else:
        raise _late_payment(payment)
    if collected_cents is None:
        collected_cents = payment.amount_cents - (payment.overpayment_cents or 0)
    _allocate_vat(payout, payment)
    payout.gross_cents += collected_cents
    payout.commission_cents += payment.commission_cents
    payout.commission_vat_cents = (payout.commission_vat_cents or 0) + payment.commission_vat_cents
    payout.amount_cents += payment.net_cents
    await session.flush()
    payment.payout_id = payout.id
    return payout


def _allocate_vat(payout: Payout, payment: Payment) -> None:
    """The payment's share of its payout's VAT, by running total: the VAT on the payout's
    commission with this payment's, rounded once, less the VAT its earlier payments carry. The
    commission invoice states the VAT on its total base (CGI art. 242 nonies A: the tax on the
    total excluding tax at each rate), and its lines, the payments and the payout then add up
    to it to the cent; each payment's share is within a cent of its own 20 %. The payment's net
    moves by what its VAT moved."""
    before = payout.commission_vat_cents or 0
    total = to_cents(vat_on(from_cents(payout.commission_cents + payment.commission_cents)))
    # ≥ 0: a payout filled before shares were allocated may carry a cent too much already.
    share = max(0, total - before)
    payment.net_cents += (payment.commission_vat_cents or 0) - share
    payment.commission_vat_cents = share


async def _true_up_vat(session: AsyncSession, payout: Payout) -> None:
    """A payout filled before payments shared its VAT (each rounded its own) can be a cent or
    two off the VAT on its total: before anything leaves, its latest payment takes the
    difference, so the invoice, its lines, the payout and the receivable agree."""
    expected = to_cents(vat_on(from_cents(payout.commission_cents)))
    diff = expected - (payout.commission_vat_cents or 0)
    if diff == 0:
        return
    stmt = (
        select(Payment)
        .where(Payment.payout_id == payout.id, Payment.commission_cents > 0)
        .order_by(Payment.created_at.desc(), Payment.id.desc())
    )
    for payment in (await session.execute(stmt)).scalars():
        change = max(diff, -payment.commission_vat_cents)
        payment.commission_vat_cents += change
        payment.net_cents -= change
        payout.commission_vat_cents = (payout.commission_vat_cents or 0) + change
        payout.amount_cents -= change
        await session.execute(
            update(Receivable)
            .where(Receivable.id == payment.receivable_id)
            .values(commission_vat_cents=Receivable.commission_vat_cents + change)
        )
        diff -= change
        if diff == 0:
            break
    await session.flush()


# How many days on a late payment looks for a payout still pending (one per day per user:
# only payouts exported ahead of their day could fill them).
_LATE_DAYS = 31


async def _pending_payout(
    session: AsyncSession, rt: Runtime, payment: Payment, day: date
) -> Payout | None:
    """The user's payout of `day`, created if missing and locked; None when it already left."""
    await session.execute(
        insert_ignore(session, Payout).values(
            id=new_id("po", livemode=payment.livemode),
            user_id=payment.user_id,
            platform_id=payment.platform_id,
            account_id=payment.account_id,
            livemode=payment.livemode,
            payout_date=day,
            amount_cents=0,
            commission_cents=0,
            commission_vat_cents=0,
            gross_cents=0,
            status="pending",
            created_at=rt.clock.now(),
        )
    )
    stmt = (
        select(Payout)
        .where(Payout.user_id == payment.user_id, Payout.payout_date == day)
        .execution_options(populate_existing=True)
    )
    payout = (await session.execute(for_update(session, stmt))).scalar_one()
    return payout if payout.status == "pending" else None


def _late_payment(payment: Payment) -> Exception:
    from cleavr_connect.errors import ConflictError

    return ConflictError(
        f"The payouts from {payment.paid_at.isoformat()} on were already paid.",
        code="payout_already_paid",
        param="paid_at",
    )


def iban_hash(rt: Runtime, iban: str) -> str:
    """The keyed hash of an IBAN, kept on a payout to know where its transfer went."""
    return rt.keys.hash_token(f"payout-iban:{iban_number.compact(iban)}")


def sent_to(rt: Runtime, payout: Payout, iban: str | None) -> None:
    """A transfer of the payout leaves for `iban`: which IBAN, and the how-manieth transfer."""
    payout.sent_iban_hash = iban_hash(rt, iban) if iban else None
    payout.transfer_count = (payout.transfer_count or 0) + 1


def resendable() -> ColumnElement[bool]:
    """A `failed` payout goes again once its user has an IBAN and is active (a live user's new
    IBAN is reviewed before money leaves for it). For a query joining `User`."""
    return and_(
        Payout.status == "failed",
        User.payout_iban_encrypted.is_not(None),
        User.status == "active",
    )


async def pay_due(
    session: AsyncSession, rt: Runtime, *, today: date, user_id: str | None = None
) -> int:
    """Test mode simulates the bank: every pending test payout of an earlier day is paid and
    announced (`payout.paid`), and so is a `failed` one whose user has given an IBAN again
    (`resendable`). Live payouts leave in a pain.001 file (`payouts export`) and are
    paid when the bank statement shows their debit or the operator says so (`mark_paid`)."""
    stmt = (
        select(Payout, User)
        .join(User, User.id == Payout.user_id)
        .where(
            Payout.livemode.is_(False),
            or_(
                and_(Payout.status == "pending", Payout.payout_date < today),
                resendable(),
            ),
        )
    )
    if user_id is not None:
        stmt = stmt.where(Payout.user_id == user_id)
    stmt = for_update(session, stmt, of=Payout, skip_locked=True)
    paid = 0
    rows = (await session.execute(stmt.order_by(Payout.payout_date, Payout.id))).all()
    for payout, user in rows:
        if payout.status == "failed" or await settle(session, rt, payout):
            iban = user.payout_iban_encrypted
            sent_to(rt, payout, rt.keys.decrypt(iban) if iban else None)
            await mark_paid(session, rt, payout)
            paid += 1
    return paid


async def settle(session: AsyncSession, rt: Runtime, payout: Payout) -> bool:
    """Before a pending payout leaves: nets into it the user's negative balances not yet
    absorbed (earlier `carried_forward` payouts of the same mode), oldest first. True when a
    positive transfer is due; False when the balance is ≤ 0: the payout is then
    `carried_forward`, its commission invoice issued with the amount still owed, announced with
    `payout.carried_forward`."""
    await _true_up_vat(session, payout)
    earlier = for_update(
        session,
        select(Payout).where(
            Payout.user_id == payout.user_id,
            Payout.livemode.is_(payout.livemode),
            Payout.status == "carried_forward",
            Payout.carried_to_id.is_(None),
            Payout.payout_date < payout.payout_date,
        ),
    )
    carried = 0
    for older in (await session.execute(earlier.order_by(Payout.payout_date))).scalars():
        carried += transfer_cents(older)
        older.carried_to_id = payout.id
    payout.carried_in_cents = carried
    await session.flush()
    if transfer_cents(payout) > 0:
        return True
    await _close(session, rt, payout, "carried_forward")
    return False


async def mark_paid(session: AsyncSession, rt: Runtime, payout: Payout) -> None:
    """The money reached the user: `paid`, announced with `payout.paid`."""
    payout.paid_at = rt.clock.now()
    await _close(session, rt, payout, "paid")


async def _close(session: AsyncSession, rt: Runtime, payout: Payout, status: str) -> None:
    """A payout's last status: its commission invoice is numbered now, and `payout.<status>`
    announces it."""
    payout.status = status
    await invoices.issue(session, rt, payout)
    await session.flush()
    await events.record(
        session,
        f"payout.{status}",
        owner=Owner(payout.platform_id, payout.account_id, payout.livemode),
        obj=as_object(payout),
        now=rt.clock.now(),
    )
