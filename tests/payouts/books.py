"""Do the books agree to the cent? Payments, receivables, payouts, commission invoices and both
reports (summary and recoveries) are read separately and compared, so a scenario that moves
money in one place and not in another fails here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from cleavr_connect.models import Payment, Payout, Receivable
from cleavr_connect.money import from_cents, to_cents
from tests.factories import Caller


@dataclass
class Books:
    collected: int  # counted against claims, overpayments left out
    commission: int
    vat: int
    net: int  # what the creditor keeps
    by_status: dict[str, int]  # payouts' balances (amount + carried in) per status


def _cents(value: Any) -> int:
    return to_cents(Decimal(str(value)))


async def assert_books_agree(client, db, who: Caller, user_id: str) -> Books:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        payments = list(
            (await session.execute(select(Payment).where(Payment.user_id == user_id))).scalars()
        )
        payouts = list(
            (await session.execute(select(Payout).where(Payout.user_id == user_id))).scalars()
        )
        claims = list(
            (
                await session.execute(select(Receivable).where(Receivable.user_id == user_id))
            ).scalars()
        )
    counted = {p.id: p.amount_cents - (p.overpayment_cents or 0) for p in payments}
    collected = sum(counted.values())
    commission = sum(p.commission_cents for p in payments)
    vat = sum(p.commission_vat_cents for p in payments)
    for p in payments:
        kept = 0 if p.source == "direct" else counted[p.id]
        assert p.net_cents == kept - p.commission_cents - p.commission_vat_cents, p.id
        if counted[p.id] > 0:
            assert p.payout_id is not None, p.id
    # Receivables: what their payments say.
    assert sum(r.recovered_cents for r in claims) == collected
    assert sum(r.commission_cents for r in claims) == commission
    assert sum(r.commission_vat_cents for r in claims) == vat
    # Payouts: each one the sum of its payments; its invoice the sum of its lines.
    by_status: dict[str, int] = {}
    for po in payouts:
        mine = [p for p in payments if p.payout_id == po.id]
        assert po.commission_cents == sum(p.commission_cents for p in mine), po.id
        assert po.commission_vat_cents == sum(p.commission_vat_cents for p in mine), po.id
        assert po.amount_cents == sum(p.net_cents for p in mine), po.id
        assert po.gross_cents == sum(counted[p.id] for p in mine if p.source != "direct")
        by_status[po.status] = by_status.get(po.status, 0) + po.amount_cents + po.carried_in_cents
        if po.invoice is not None:
            invoice = po.invoice
            assert _cents(invoice["total_excl_vat"]) == po.commission_cents
            assert _cents(invoice["total_vat"]) == po.commission_vat_cents
            assert sum(_cents(line["commission"]) for line in invoice["lines"]) == (
                po.commission_cents
            )
            assert sum(_cents(line["vat"]) for line in invoice["lines"]) == po.commission_vat_cents
            assert {line["payment_id"] for line in invoice["lines"]} == {
                p.id for p in mine if p.commission_cents > 0
            }
    assert sum(po.commission_cents for po in payouts) == commission
    assert sum(po.commission_vat_cents for po in payouts) == vat
    net = collected - commission - vat
    # The reports, over the days the claims were created and paid.
    days = [r.created_at.date() for r in claims] + [p.paid_at for p in payments]
    first, last = min(days), max(days) + timedelta(days=1)
    query = f"from={first}&to={last}&user_id={user_id}"
    summary = (await client.get(f"/v1/reports/summary?{query}", headers=who.headers)).json()
    assert (
        _cents(summary["amount_recovered"]),
        _cents(summary["commission"]),
        _cents(summary["commission_vat"]),
        _cents(summary["net_recovered"]),
    ) == (collected, commission, vat, net), summary
    recoveries = (
        await client.get(f"/v1/reports/recoveries?{query}&interval=day", headers=who.headers)
    ).json()["total"]
    assert (
        _cents(recoveries["amount_recovered"]),
        _cents(recoveries["commission"]),
        _cents(recoveries["commission_vat"]),
        _cents(recoveries["net"]),
    ) == (collected, commission, vat, net), recoveries
    # The API's payouts say what is stored.
    listed = (
        await client.get(f"/v1/payouts?user_id={user_id}&limit=100", headers=who.headers)
    ).json()["data"]
    assert {p["id"]: (p["status"], _cents(p["net"])) for p in listed} == {
        po.id: (po.status, po.amount_cents) for po in payouts
    }
    return Books(collected, commission, vat, net, by_status)


def euros(cents: int) -> Decimal:
    return from_cents(cents)
