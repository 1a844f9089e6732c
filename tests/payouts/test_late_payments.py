"""A payment received after its day's payout left (exported in a transfer file, or paid) is
still recorded: it joins the user's next payout, never refused (the money was received)."""

from __future__ import annotations

from sqlalchemy import select, update

from cleavr_connect.models import Payout, User
from cleavr_connect.payments import reconcile
from cleavr_connect.payouts import sepa
from cleavr_connect.portal import links
from cleavr_connect.receivables import repository as receivables
from tests.factories import active_user, caller, receivable_body
from tests.payments.statements import Entry, camt053

BIG = {"amount": 6000.00, "amount_before_tax": 5000.00, "tax_amount": 1000.00}


async def test_a_payment_after_the_days_payout_left_joins_the_next_one(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post(
            "/v1/receivables", json=receivable_body(user["id"], invoice=BIG), headers=who.headers
        )
    ).json()
    helper = f"/v1/test_helpers/receivables/{rec['id']}/payments"
    assert (await client.post(helper, json={"amount": 100}, headers=who.headers)).is_success
    async with db.transaction() as session:
        await session.execute(
            update(User)
            .where(User.id == user["id"])
            .values(payout_iban_encrypted=runtime.keys.encrypt("FR1420041010050500013M02606"))
        )
        first = (await session.execute(select(Payout))).scalar_one()
        day = first.payout_date
        exported = await sepa.export(session, runtime, day=day, livemode=False)
        assert [p["id"] for p in exported.payouts] == [first.id]

    # The same day, the debtor pays again (test helper), then by transfer (bank statement).
    late = await client.post(helper, json={"amount": 50}, headers=who.headers)
    assert late.status_code == 200, late.text
    async with db.transaction() as session:
        row = await receivables.by_id_unscoped(session, rec["id"])
        assert row is not None
        reference = await links.creditor_reference(session, runtime, row)
        result = await reconcile.import_statement(
            session,
            runtime,
            camt053([Entry("25.00", "LATE-1", structured=reference, booked=day)]),
            livemode=False,
        )
        assert result.unmatched == [] and len(result.payments) == 1

    listed = (await client.get("/v1/payouts", headers=who.headers)).json()["data"]
    by_day = {p["payout_date"]: p for p in listed}
    left, nxt = by_day[day.isoformat()], by_day[(day.fromordinal(day.toordinal() + 1)).isoformat()]
    assert left["status"] == "in_transit" and left["gross_amount"] == 100.0
    assert nxt["status"] == "pending" and nxt["gross_amount"] == 75.0
    payments = (
        await client.get(f"/v1/receivables/{rec['id']}/payments", headers=who.headers)
    ).json()["data"]
    assert sorted(p["amount"] for p in payments) == [25.0, 50.0, 100.0]
    assert {p["payout_id"] for p in payments if p["amount"] != 100.0} == {nxt["id"]}
