"""Amounts checked to the cent: late penalties across a half-year change, the €40 indemnity per
invoice number, and a partial then a full payment with commission, payout and outstanding."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from cleavr_connect.legal_rates import DEFAULT, legal_rate_for
from cleavr_connect.models import Event, Payout
from cleavr_connect.receivables import amounts
from cleavr_connect.receivables.amounts import PaymentLine, Terms
from tests.factories import active_user, caller, receivable_body, submitted_receivable


def test_legal_rate_is_fixed_per_half_year() -> None:
    assert legal_rate_for(date(2025, 6, 30)) == Decimal("13.15")  # ECB 3.15 on 1 Jan 2025 + 10
    assert legal_rate_for(date(2025, 7, 1)) == Decimal("12.15")  # ECB 2.15 on 1 Jul 2025 + 10
    assert legal_rate_for(date(2023, 3, 1)) == Decimal("12.50")
    assert legal_rate_for(date(2030, 1, 1)) == Decimal("12.15")  # after the table: last known


def test_legal_interest_rates_as_published() -> None:
    # Taux de l'intérêt légal, creditors other than consumers, per the arrêtés.
    for day, rate in (
        (date(2016, 3, 1), "1.01"),
        (date(2018, 8, 1), "0.88"),
        (date(2020, 2, 1), "0.87"),
        (date(2023, 7, 1), "4.22"),
        (date(2024, 1, 1), "5.07"),
        (date(2024, 12, 31), "4.92"),
        (date(2025, 1, 1), "3.71"),
        (date(2026, 6, 30), "2.62"),
    ):
        assert DEFAULT.legal_interest(day) == Decimal(rate), day


def test_late_penalties_across_a_half_year_change() -> None:
    # 15 days at 13.15 % (16–30 June) then 15 days at 12.15 % (1–15 July) on 10,000.00:
    # 10000 × (15 × 13.15 + 15 × 12.15) / 100 / 365 = 103.9726… → 103.97
    result = amounts.compute(
        Terms(Decimal("10000.00"), date(2025, 6, 15), "company"), [], date(2025, 7, 15)
    )
    assert result.late_penalties == Decimal("103.97")
    assert result.fixed_indemnity == Decimal("40.00")
    assert result.total_claimable == Decimal("10143.97")


def test_consumer_600_owes_nothing_before_the_formal_notice_then_legal_interest() -> None:
    terms = Terms(
        Decimal("600.00"), date(2025, 12, 1), "consumer", formal_notice_on=date(2026, 1, 31)
    )
    before = amounts.compute(terms, [], date(2026, 1, 31))
    assert before.late_penalties == before.interest == before.fixed_indemnity == Decimal("0")
    assert before.total_claimable == Decimal("600.00")
    # From 1 February to 1 March 2026: 29 days at 2.62 % (first half-year 2026):
    # 600 × 2.62 / 100 × 29 / 365 = 1.2489… → 1.25; no penalty, no €40.
    after = amounts.compute(terms, [], date(2026, 3, 1))
    assert after.interest == Decimal("1.25")
    assert after.late_penalties == Decimal("0") and after.fixed_indemnity == Decimal("0")
    assert after.total_claimable == Decimal("601.25")
    no_notice = amounts.compute(
        terms.__class__(Decimal("600.00"), date(2025, 12, 1), "consumer"), [], date(2026, 6, 1)
    )
    assert no_notice.total_claimable == Decimal("600.00")


def test_sole_trader_is_a_professional() -> None:
    result = amounts.compute(
        Terms(Decimal("1000.00"), date(2025, 1, 31), "sole_trader"), [], date(2025, 3, 2)
    )
    # 30 days (1 Feb – 2 Mar) at 13.15 %: 1000 × 13.15 / 100 × 30 / 365 = 10.8082… → 10.81
    assert result.late_penalties == Decimal("10.81")
    assert result.fixed_indemnity == Decimal("40.00")


def test_a_1_percent_contract_rate_is_raised_to_three_times_the_legal_interest_rate() -> None:
    terms = Terms(Decimal("10000.00"), date(2025, 1, 31), "company", contract_rate=Decimal("1"))
    # Floor in the first half-year 2025: 3 × 3.71 % = 11.13 %. 29 days (1 Feb – 1 Mar):
    # 10000 × 11.13 / 100 × 29 / 365 = 88.4301… → 88.43 (at 1 % it would be 7.95).
    b = amounts.breakdown(terms, [], date(2025, 3, 1))
    assert [(p.rate, p.days) for p in b.periods] == [(Decimal("11.13"), 29)]
    assert amounts.compute(terms, [], date(2025, 3, 1)).late_penalties == Decimal("88.43")
    zero = Terms(Decimal("10000.00"), date(2025, 1, 31), "company", contract_rate=Decimal("0"))
    assert amounts.compute(zero, [], date(2025, 3, 1)).late_penalties == Decimal("88.43")
    # A rate above the floor stays: 12 % → 10000 × 12 / 100 × 29 / 365 = 95.3424… → 95.34
    high = Terms(Decimal("10000.00"), date(2025, 1, 31), "company", contract_rate=Decimal("12"))
    assert amounts.compute(high, [], date(2025, 3, 1)).late_penalties == Decimal("95.34")


def test_a_partial_payment_goes_to_penalties_first_then_indemnity_then_principal() -> None:
    terms = Terms(Decimal("1000.00"), date(2025, 1, 31), "company")
    paid = [PaymentLine(date(2025, 3, 2), Decimal("100.00"))]
    # Penalties to 2 March: 30 days at 13.15 % = 10.81 (see above). 100.00 pays 10.81 of
    # penalties, the €40 indemnity, and 49.19 of principal: 950.81 principal left.
    b = amounts.breakdown(terms, paid, date(2025, 3, 2))
    applied = b.applied[0]
    assert (applied.to_accrued, applied.to_indemnity, applied.to_principal) == (
        Decimal("10.81"),
        Decimal("40.00"),
        Decimal("49.19"),
    )
    assert b.principal_unpaid == Decimal("950.81")
    # Ten more days on 950.81: 950.81 × 13.15 / 100 × 10 / 365 = 3.4255… → 3.43
    later = amounts.compute(terms, paid, date(2025, 3, 12))
    assert later.late_penalties == Decimal("10.81") + Decimal("3.43")
    assert later.outstanding == Decimal("950.81") + Decimal("3.43")
    # The creditor's contract may put principal first: 100.00 all to principal.
    first = Terms(Decimal("1000.00"), date(2025, 1, 31), "company", imputation="principal_first")
    applied = amounts.breakdown(first, paid, date(2025, 3, 2)).applied[0]
    assert (applied.to_accrued, applied.to_indemnity, applied.to_principal) == (
        Decimal("0"),
        Decimal("0"),
        Decimal("100.00"),
    )


def test_waived_accessories_and_a_closed_claim() -> None:
    terms = Terms(
        Decimal("1000.00"),
        date(2025, 1, 31),
        "company",
        waive_penalties_on=date(2025, 3, 2),
        waive_indemnity_on=date(2025, 3, 2),
    )
    result = amounts.compute(terms, [], date(2025, 6, 1))
    # Accrued 10.81 until the waiver, then nothing: 10.81 + 40.00 waived, 1000.00 owed.
    assert result.waived == Decimal("50.81") and result.outstanding == Decimal("1000.00")
    ended = Terms(Decimal("1000.00"), date(2025, 1, 31), "company", ended_on=date(2025, 3, 2))
    closed = amounts.compute(ended, [], date(2025, 6, 1))
    assert closed.outstanding == Decimal("0")
    assert closed.written_off == Decimal("1050.81")


def test_a_payment_beyond_what_is_owed_is_an_excess() -> None:
    terms = Terms(Decimal("100.00"), date(2025, 1, 31), "consumer")
    result = amounts.compute(
        terms, [PaymentLine(date(2025, 2, 10), Decimal("130.00"))], date(2025, 2, 10)
    )
    assert result.amount_recovered == Decimal("100.00") and result.overpaid == Decimal("30.00")
    assert result.outstanding == Decimal("0")


async def test_commission_fixed_at_submission_then_partial_and_full_payment(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    body = receivable_body(user["id"])
    body["invoice"]["numbers"] = ["F-1", "F-2"]  # two invoice numbers: €80 indemnity
    body["invoice"]["issue_date"] = "2025-11-06"
    body["invoice"]["due_date"] = "2025-12-06"  # submitted 2026-01-15: 40 days overdue
    rec = (await client.post("/v1/receivables", json=body, headers=who.headers)).json()
    url = f"/v1/test_helpers/receivables/{rec['id']}"
    assert rec["amounts"]["fixed_indemnity"] == 80.0
    assert (rec["commission_rate"], rec["commission_days_overdue"]) == (10.8, 40)

    # Paid 10 days later (50 days overdue, the 45–89 band): still 10.80 %, fixed at submission.
    await client.post(f"{url}/advance", json={"days": 10}, headers=who.headers)
    first = await client.post(f"{url}/payments", json={"amount": 500.00}, headers=who.headers)
    assert first.status_code == 200, first.text
    after_first = first.json()
    assert after_first["status"] == "in_recovery"
    # Penalties 7 Dec – 25 Jan: 50 days at 12.15 % (ECB 2.15 + 10 in both half-years) on
    # 1200.00 = 1200 × 12.15 × 50 / 36500 = 19.9726… → 19.97. The 500.00 pays 19.97 of
    # penalties, the 80.00 indemnity, then 400.03 of principal: 799.97 left.
    assert after_first["amounts"]["late_penalties"] == 19.97
    assert after_first["amounts"]["outstanding"] == 799.97
    # 10.80 % of 500.00 = 54.00, VAT 10.80, 64.80 in all; the creditor gets 435.20.
    amounts_after = after_first["amounts"]
    assert (amounts_after["commission"], amounts_after["commission_vat"]) == (54.0, 10.8)
    assert amounts_after["commission_incl_vat"] == 64.8 and amounts_after["net"] == 435.2

    await client.post(f"{url}/advance", json={"days": 20}, headers=who.headers)
    # 20 more days (26 Jan – 14 Feb) on 799.97: 799.97 × 12.15 × 20 / 36500 = 5.3258… → 5.33
    owed = (await client.get(f"/v1/receivables/{rec['id']}", headers=who.headers)).json()
    assert owed["amounts"]["outstanding"] == 805.30
    second = await client.post(f"{url}/payments", json={"amount": 805.30}, headers=who.headers)
    assert second.status_code == 200, second.text
    done = second.json()
    assert done["status"] == "recovered"
    assert done["amounts"]["amount_recovered"] == 1305.3
    assert done["amounts"]["outstanding"] == 0.0
    # 10.80 % of 805.30 = 86.9724 → 86.97, VAT 17.394 → 17.39.
    assert done["amounts"]["commission"] == 54.0 + 86.97
    assert done["amounts"]["commission_vat"] == 28.19
    # 1305.30 − 140.97 − 28.19 = 1136.14
    assert done["amounts"]["net"] == 1136.14 and done["amounts"]["net_to_user"] == 1136.14

    payments = (
        await client.get(f"/v1/receivables/{rec['id']}/payments", headers=who.headers)
    ).json()["data"]
    assert sorted(
        (p["amount"], p["days_overdue"], p["commission_rate"], p["commission"], p["net"])
        for p in payments
    ) == [
        (500.0, 50, 10.8, 54.0, 435.2),
        (805.3, 70, 10.8, 86.97, 700.94),
    ]
    payouts = (await client.get("/v1/payouts", headers=who.headers)).json()["data"]
    by_day = {p["payout_date"]: p for p in payouts}
    assert by_day["2026-01-25"]["amount"] == 435.2 and by_day["2026-01-25"]["status"] == "paid"
    assert by_day["2026-01-25"]["commission_vat"] == 10.8
    assert by_day["2026-02-14"]["amount"] == 700.94
    assert by_day["2026-02-14"]["status"] == "pending"
    async with db.transaction() as session:
        types = list((await session.execute(select(Event.type))).scalars())
        assert types.count("payment.received") == 2
        assert "receivable.recovered" in types and "payout.paid" in types
        assert len((await session.execute(select(Payout))).scalars().all()) == 2

    # A further payment to a recovered claim is recorded and flagged for refund, not refused.
    more = await client.post(f"{url}/payments", json={"amount": 1}, headers=who.headers)
    assert more.status_code == 200, more.text
    assert more.json()["status"] == "recovered"
    assert more.json()["amounts"]["overpaid"] == 1.0
    assert more.json()["amounts"]["amount_recovered"] == 1305.3
    listed = (
        await client.get(f"/v1/receivables/{rec['id']}/payments", headers=who.headers)
    ).json()["data"]
    assert [
        (p["overpayment"], p["refund_due"], p["commission"]) for p in listed if p["refund_due"]
    ] == [(1.0, True, 0.0)]


async def test_payments_are_listed_newest_first_a_page_at_a_time(
    client, db, runtime, clock
) -> None:  # type: ignore[no-untyped-def]
    claim = await submitted_receivable(client, db, runtime)
    who, user, rec = claim.who, claim.user, claim.receivable
    recorded = []
    for amount in (100, 200, 300):
        clock.advance(seconds=60)
        paid = await client.post(
            f"{claim.helper}/payments", json={"amount": amount}, headers=who.headers
        )
        assert paid.status_code == 200, paid.text
    url = f"/v1/receivables/{rec['id']}/payments"
    first = (await client.get(url, params={"limit": 2}, headers=who.headers)).json()
    assert [p["amount"] for p in first["data"]] == [300.0, 200.0]
    assert first["has_more"] is True and first["url"] == url
    recorded = [p["id"] for p in first["data"]]
    rest = (
        await client.get(url, params={"starting_after": recorded[-1]}, headers=who.headers)
    ).json()
    assert [p["amount"] for p in rest["data"]] == [100.0] and rest["has_more"] is False
    back = (
        await client.get(url, params={"ending_before": rest["data"][0]["id"]}, headers=who.headers)
    ).json()
    assert [p["id"] for p in back["data"]] == recorded
    # A cursor must be one of this receivable's payments.
    other = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    refused = await client.get(
        f"/v1/receivables/{other['id']}/payments",
        params={"starting_after": recorded[0]},
        headers=who.headers,
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "invalid_cursor"


async def test_payment_refusals(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    claim = await submitted_receivable(client, db, runtime)
    who, url = claim.who, f"{claim.helper}/payments"
    for body, param, code in (
        ({"amount": 0}, "amount", "invalid_amount"),
        ({"amount": 10, "paid_at": "2027-01-01"}, "paid_at", "paid_at_in_future"),
        # Money paid before the claim was submitted is not the agency's: refused.
        ({"amount": 10, "paid_at": "2026-01-14"}, "paid_at", "paid_before_submission"),
        ({"amount": 10, "paid_at": "2020-01-01"}, "paid_at", "paid_before_submission"),
    ):
        response = await client.post(url, json=body, headers=who.headers)
        assert response.status_code == 400, response.text
        assert (
            response.json()["error"]["param"] == param and response.json()["error"]["code"] == code
        )


def _day_by_day(terms: Terms, payments: list[PaymentLine], as_of: date) -> Decimal:
    """The definition, literally: one day at a time, each payment imputed at the end of its day."""
    from datetime import timedelta

    from cleavr_connect.money import round_cents

    def rate(day: date) -> Decimal:
        if terms.contract_rate is not None:
            return max(terms.contract_rate, 3 * DEFAULT.legal.at(day))
        return DEFAULT.ecb.at(day) + 10

    principal, accrued, accrued_paid = terms.principal, Decimal(0), Decimal(0)
    indemnity = indemnity_paid = Decimal(0)
    day = min([terms.due] + [p.paid_on for p in payments])
    while day <= as_of:
        if day > terms.due:
            if principal > 0:
                accrued += principal * rate(day) / 100 / 365
            indemnity = Decimal(40) * terms.invoice_count
        for p in payments:
            if p.paid_on != day:
                continue
            left = p.amount
            for part in (
                ("a", "i", "p") if terms.imputation == "accessories_first" else ("p", "a", "i")
            ):
                if part == "a":
                    take = min(left, round_cents(accrued))
                    accrued = Decimal(0) if take == round_cents(accrued) else accrued - take
                    accrued_paid += take
                elif part == "i":
                    take = min(left, indemnity - indemnity_paid)
                    indemnity_paid += take
                else:
                    take = min(left, principal)
                    principal -= take
                left -= take
        day += timedelta(days=1)
    return accrued_paid + round_cents(accrued)


def test_stretch_sums_equal_the_day_by_day_definition() -> None:
    import random
    from datetime import timedelta

    rng = random.Random(20250831)
    for _ in range(300):
        due = date(2022, 1, 1) + timedelta(days=rng.randint(0, 1500))
        as_of = due + timedelta(days=rng.randint(-5, 700))
        principal = Decimal(rng.randint(1, 10**7)) / 100
        payments = [
            PaymentLine(
                due + timedelta(days=rng.randint(-10, 700)),
                Decimal(rng.randint(1, int(principal * 100))) / 300,
            )
            for _ in range(rng.randint(0, 4))
        ]
        terms = Terms(
            principal.quantize(Decimal("0.01")),
            due,
            "company",
            contract_rate=rng.choice([None, None, Decimal("12"), Decimal("1")]),
            imputation=rng.choice(["accessories_first", "principal_first"]),
        )
        payments = [PaymentLine(p.paid_on, p.amount.quantize(Decimal("0.01"))) for p in payments]
        assert amounts.breakdown(terms, payments, as_of).accrued == _day_by_day(
            terms, payments, as_of
        ), (terms, payments, as_of)


async def test_concurrent_first_payments_of_a_day_share_one_payout(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    """Nine first payments for one user on one day, at once: one payout, no 500."""
    import asyncio

    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    receivables = [
        (
            await client.post(
                "/v1/receivables", json=receivable_body(user["id"]), headers=who.headers
            )
        ).json()
        for _ in range(9)
    ]
    responses = await asyncio.gather(
        *(
            client.post(
                f"/v1/test_helpers/receivables/{rec['id']}/payments",
                json={"amount": 100.00},
                headers=who.headers,
            )
            for rec in receivables
        )
    )
    assert [r.status_code for r in responses] == [200] * 9, [r.text for r in responses]
    async with db.transaction() as session:
        payouts = (await session.execute(select(Payout))).scalars().all()
    assert len(payouts) == 1
    assert payouts[0].gross_cents == 9 * 10000


async def test_amounts_shown_again_follow_every_change_of_what_they_are_computed_from(
    client, db, runtime, clock
) -> None:  # type: ignore[no-untyped-def]
    """A receivable read again shows amounts computed once for the same terms, payments, day
    and rates: each of those changing shows new amounts, and no reader shares another's."""
    from cleavr_connect.legal_rates import set_rate
    from cleavr_connect.models import Payment, Receivable
    from cleavr_connect.receivables import rendering

    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    body = receivable_body(user["id"])
    rec = (await client.post("/v1/receivables", json=body, headers=who.headers)).json()
    url = f"/v1/receivables/{rec['id']}"

    async def shown() -> dict[str, float]:
        read = await client.get(url, headers=who.headers)
        assert read.status_code == 200, read.text
        return read.json()["amounts"]  # type: ignore[no-any-return]

    first = await shown()
    assert await shown() == first
    # The day: a day later (the receivable's clock), a day more of penalties.
    advanced = await client.post(
        f"/v1/test_helpers/receivables/{rec['id']}/advance", json={"days": 1}, headers=who.headers
    )
    assert advanced.status_code == 200, advanced.text
    next_day = await shown()
    assert next_day["late_penalties"] > first["late_penalties"]
    # The rates: the ECB rate of this half-year set higher, the penalties on it grow.
    async with db.transaction() as session:
        await set_rate(session, "ecb", date(2026, 1, 1), Decimal("6.00"), now=clock.now())
        await runtime.rates.refresh(session, force=True)
    higher = await shown()
    assert higher["late_penalties"] > next_day["late_penalties"]
    # The payments: a payment goes to the penalties first.
    helper = f"/v1/test_helpers/receivables/{rec['id']}/payments"
    paid = await client.post(helper, json={"amount": 10.00}, headers=who.headers)
    assert paid.status_code == 200, paid.text
    after_payment = await shown()
    assert after_payment["amount_recovered"] == 10.0
    assert after_payment["outstanding"] == round(higher["outstanding"] - 10.0, 2)
    # The terms: the penalties waived.
    waived = await client.post(f"{url}/waive", json={"late_penalties": True}, headers=who.headers)
    assert waived.status_code == 200, waived.text
    assert (await shown())["outstanding"] < after_payment["outstanding"]

    async with db.transaction() as session:
        stored = await session.get(Receivable, rec["id"])
        assert stored is not None
        payments = list((await session.scalars(select(Payment))).all())
        mine = rendering.amounts_shown(runtime, stored, payments)
        mine["outstanding"] = Decimal("-1")  # a caller changing its rendering
        again = rendering.amounts_shown(runtime, stored, payments)
    assert again["outstanding"] == Decimal(str((await shown())["outstanding"]))
