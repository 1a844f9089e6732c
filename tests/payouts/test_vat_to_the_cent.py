"""The commission invoice states the VAT on its total base, rounded once (CGI art. 242 nonies
A), and every view adds up to it to the cent: its lines, the payments, the payout, the
receivable, the reports. Three payments whose own 20 % each round up: 15.93, 16.38 and 19.08
of commission are 3.186, 3.276 and 3.816 of VAT, 10.29 rounded one by one, while the VAT on
51.39 is 10.278, 10.28."""

from __future__ import annotations

from decimal import Decimal

from tests.factories import submitted_receivable


async def test_payments_share_the_vat_of_their_payout_to_the_cent(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    claim = await submitted_receivable(client, db, runtime)
    who, helper = claim.who, claim.helper
    for amount in (100.20, 103.00, 120.00):
        paid = await client.post(f"{helper}/payments", json={"amount": amount}, headers=who.headers)
        assert paid.status_code == 200, paid.text
    rec_id = claim.receivable["id"]
    payments = (await client.get(f"/v1/receivables/{rec_id}/payments", headers=who.headers)).json()[
        "data"
    ]
    assert sorted(p["commission"] for p in payments) == [15.93, 16.38, 19.08]
    vat = [Decimal(str(p["commission_vat"])) for p in payments]
    assert sum(vat) == Decimal("10.28")
    # Each share is within a cent of the payment's own 20 %.
    for p in payments:
        own = Decimal(str(p["commission"])) * Decimal("0.2")
        assert abs(Decimal(str(p["commission_vat"])) - own) < Decimal("0.01")
        assert Decimal(str(p["net"])) == (
            Decimal(str(p["amount"]))
            - Decimal(str(p["commission"]))
            - Decimal(str(p["commission_vat"]))
        )

    await client.post(f"{helper}/advance", json={"days": 1}, headers=who.headers)
    payout = (await client.get("/v1/payouts", headers=who.headers)).json()["data"][0]
    assert payout["status"] == "paid"
    assert (payout["commission"], payout["commission_vat"], payout["commission_incl_vat"]) == (
        51.39,
        10.28,
        61.67,
    )
    assert payout["net"] == round(323.20 - 61.67, 2)
    assert Decimal(str(payout["net"])) == sum(Decimal(str(p["net"])) for p in payments)

    async with db.transaction() as session:
        from cleavr_connect.models import Payout

        stored = await session.get(Payout, payout["id"])
        assert stored is not None and stored.invoice is not None
        invoice = stored.invoice
    assert (invoice["total_excl_vat"], invoice["total_vat"], invoice["total_incl_vat"]) == (
        "51.39",
        "10.28",
        "61.67",
    )
    assert sum(Decimal(line["vat"]) for line in invoice["lines"]) == Decimal("10.28")

    rec = (await client.get(f"/v1/receivables/{rec_id}", headers=who.headers)).json()
    assert rec["amounts"]["commission_vat"] == 10.28
    summary = (await client.get("/v1/reports/summary", headers=who.headers)).json()
    assert summary["commission_vat"] == 10.28
    recoveries = (await client.get("/v1/reports/recoveries", headers=who.headers)).json()
    assert recoveries["total"]["commission_vat"] == 10.28


async def test_a_payout_filled_before_the_vat_was_shared_is_trued_up_before_it_leaves(  # type: ignore[no-untyped-def]
    client, db, runtime
) -> None:
    """Payments recorded before each took its share of the payout's VAT carry their own
    rounding (10.29 here); the payout is set right before its transfer and invoice."""
    from sqlalchemy import select, update

    from cleavr_connect.models import Payment, Payout, Receivable

    claim = await submitted_receivable(client, db, runtime)
    who, helper = claim.who, claim.helper
    for amount in (100.20, 103.00, 120.00):
        await client.post(f"{helper}/payments", json={"amount": amount}, headers=who.headers)
    async with db.transaction() as session:  # as the earlier code left them
        for payment in (await session.execute(select(Payment))).scalars():
            own = (payment.commission_cents * 20 + 50) // 100
            payment.net_cents += payment.commission_vat_cents - own
            payment.commission_vat_cents = own
        payout = (await session.execute(select(Payout))).scalar_one()
        payout.commission_vat_cents += 1
        payout.amount_cents -= 1
        await session.execute(
            update(Receivable).values(commission_vat_cents=Receivable.commission_vat_cents + 1)
        )
    await client.post(f"{helper}/advance", json={"days": 1}, headers=who.headers)
    payout_out = (await client.get("/v1/payouts", headers=who.headers)).json()["data"][0]
    assert payout_out["status"] == "paid"
    assert (payout_out["commission_vat"], payout_out["net"]) == (10.28, round(323.20 - 61.67, 2))
    payments = (
        await client.get(f"/v1/receivables/{claim.receivable['id']}/payments", headers=who.headers)
    ).json()["data"]
    assert sum(Decimal(str(p["commission_vat"])) for p in payments) == Decimal("10.28")
    assert sum(Decimal(str(p["net"])) for p in payments) == Decimal(str(payout_out["net"]))
    async with db.transaction() as session:
        stored = (await session.execute(select(Payout))).scalar_one()
        assert stored.invoice is not None and stored.invoice["total_vat"] == "10.28"
        assert sum(Decimal(line["vat"]) for line in stored.invoice["lines"]) == Decimal("10.28")
    rec = (
        await client.get(f"/v1/receivables/{claim.receivable['id']}", headers=who.headers)
    ).json()
    summary = (await client.get("/v1/reports/summary", headers=who.headers)).json()
    assert rec["amounts"]["commission_vat"] == summary["commission_vat"] == 10.28
