"""Amounts checked to the cent: late penalties across a half-year change, the €40 indemnity per
invoice number, and a partial then a full payment with commission, payout and outstanding."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from cleavr_connect.models import Event, Payout
from cleavr_connect.receivables import amounts
from cleavr_connect.receivables.legal_rates import legal_rate_for
from tests.factories import active_user, caller, receivable_body


def test_legal_rate_is_fixed_per_half_year() -> None:
    assert legal_rate_for(date(2025, 6, 30)) == Decimal("13.15")  # ECB 3.15 on 1 Jan 2025 + 10
    assert legal_rate_for(date(2025, 7, 1)) == Decimal("12.15")  # ECB 2.15 on 1 Jul 2025 + 10
    assert legal_rate_for(date(2023, 3, 1)) == Decimal("12.50")
    assert legal_rate_for(date(2030, 1, 1)) == Decimal("12.15")  # after the table: last known


def test_late_penalties_across_a_half_year_change() -> None:
    # 15 days at 13.15 % (16–30 June) then 15 days at 12.15 % (1–15 July) on 10,000.00:
    # 10000 × (15 × 13.15 + 15 × 12.15) / 100 / 365 = 103.9726… → 103.97
    result = amounts.late_penalties(
        Decimal("10000.00"), date(2025, 6, 15), date(2025, 7, 15), [], None
    )
    assert result == Decimal("103.97")


def test_invoice_rate_wins_and_payments_reduce_the_base() -> None:
    # 12 % a year on 3,650.00: 1.20 a day; paid 1,825.00 at the end of day 10 → 0.60 a day after.
    paid = [amounts.PaymentLine(date(2025, 1, 11), Decimal("1825.00"), Decimal("0"))]
    result = amounts.late_penalties(
        Decimal("3650.00"), date(2025, 1, 1), date(2025, 1, 21), paid, Decimal("12")
    )
    assert result == Decimal("12.00") + Decimal("6.00")


def test_fixed_indemnity_per_invoice_number_for_businesses_only() -> None:
    common = {
        "amount_cents": 100000,
        "due": date(2025, 1, 1),
        "as_of": date(2025, 1, 1),
        "payments": [],
        "invoice_rate": None,
    }
    two = amounts.compute(invoice_count=2, business_debtor=True, **common)
    assert two.fixed_indemnity == Decimal("80.00")
    assert two.total_claimable == Decimal("1080.00")
    person = amounts.compute(invoice_count=2, business_debtor=False, **common)
    assert person.fixed_indemnity == Decimal("0.00")


async def test_partial_then_full_payment(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    body = receivable_body(user["id"])
    body["invoice"]["numbers"] = ["F-1", "F-2"]  # two invoice numbers: €80 indemnity
    rec = (await client.post("/v1/receivables", json=body, headers=who.headers)).json()
    url = f"/v1/test_helpers/receivables/{rec['id']}"
    assert rec["amounts"]["fixed_indemnity"] == 80.0

    # due 2025-12-01; paid 2026-01-10 = 40 days → 10.80 %: 500.00 → 54.00, net 446.00
    first = await client.post(
        f"{url}/payments", json={"amount": 500.00, "paid_at": "2026-01-10"}, headers=who.headers
    )
    assert first.status_code == 200, first.text
    after_first = first.json()
    assert after_first["status"] == "in_recovery"
    assert after_first["amounts"]["amount_recovered"] == 500.0
    assert after_first["amounts"]["commission"] == 54.0
    assert after_first["amounts"]["net_to_user"] == 446.0
    assert after_first["amounts"]["outstanding"] == round(
        after_first["amounts"]["total_claimable"] - 500.0, 2
    )

    await client.post(f"{url}/advance", json={"days": 20}, headers=who.headers)
    # receivable today = 2026-02-04 = 65 days → 15.90 %: 700.00 → 111.30, net 588.70
    second = await client.post(f"{url}/payments", json={"amount": 700.00}, headers=who.headers)
    assert second.status_code == 200, second.text
    done = second.json()
    assert done["status"] == "recovered"
    assert done["amounts"]["amount_recovered"] == 1200.0
    assert done["amounts"]["commission"] == 165.3
    assert done["amounts"]["net_to_user"] == 1034.7
    assert done["amounts"]["outstanding"] == round(done["amounts"]["total_claimable"] - 1200.0, 2)

    payments = (
        await client.get(f"/v1/receivables/{rec['id']}/payments", headers=who.headers)
    ).json()["data"]
    assert sorted(
        (p["amount"], p["days_overdue"], p["commission_rate"], p["commission"], p["net_amount"])
        for p in payments
    ) == [
        (500.0, 40, 10.8, 54.0, 446.0),
        (700.0, 65, 15.9, 111.3, 588.7),
    ]
    payouts = (await client.get("/v1/payouts", headers=who.headers)).json()["data"]
    by_day = {p["payout_date"]: p for p in payouts}
    assert by_day["2026-01-10"]["amount"] == 446.0 and by_day["2026-01-10"]["status"] == "paid"
    assert by_day["2026-02-04"]["amount"] == 588.7 and by_day["2026-02-04"]["status"] == "pending"
    async with db.transaction() as session:
        types = list((await session.execute(select(Event.type))).scalars())
        assert types.count("payment.received") == 2
        assert "receivable.recovered" in types and "payout.paid" in types
        assert len((await session.execute(select(Payout))).scalars().all()) == 2

    more = await client.post(f"{url}/payments", json={"amount": 1}, headers=who.headers)
    assert more.status_code == 409


async def test_payments_are_listed_newest_first_a_page_at_a_time(
    client, db, runtime, clock
) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    recorded = []
    for amount in (100, 200, 300):
        clock.advance(seconds=60)
        paid = await client.post(
            f"/v1/test_helpers/receivables/{rec['id']}/payments",
            json={"amount": amount},
            headers=who.headers,
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
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    url = f"/v1/test_helpers/receivables/{rec['id']}/payments"
    for body, param, code in (
        ({"amount": 0}, "amount", "invalid_amount"),
        ({"amount": 99999}, "amount", "amount_exceeds_outstanding"),
        ({"amount": 10, "paid_at": "2027-01-01"}, "paid_at", "paid_at_in_future"),
        ({"amount": 10, "paid_at": "2020-01-01"}, "paid_at", "paid_at_before_issue"),
    ):
        response = await client.post(url, json=body, headers=who.headers)
        assert response.status_code == 400, response.text
        assert (
            response.json()["error"]["param"] == param and response.json()["error"]["code"] == code
        )


def _day_by_day(principal, due, as_of, payments, rate):  # type: ignore[no-untyped-def]
    """The definition, literally: one day at a time."""
    from datetime import timedelta

    from cleavr_connect.money import round_cents

    total, paid = Decimal(0), {}
    for p in payments:
        paid[p.paid_on] = paid.get(p.paid_on, Decimal(0)) + p.amount
    unpaid = principal - sum((a for d, a in paid.items() if d <= due), Decimal(0))
    day = due + timedelta(days=1)
    while day <= as_of and unpaid > 0:
        total += unpaid * (rate if rate is not None else legal_rate_for(day)) / 100 / Decimal(365)
        unpaid -= paid.get(day, Decimal(0))
        day += timedelta(days=1)
    return round_cents(total)


def test_stretch_sums_equal_the_day_by_day_definition() -> None:
    import random
    from datetime import timedelta

    rng = random.Random(20250831)
    for _ in range(1500):
        due = date(2022, 1, 1) + timedelta(days=rng.randint(0, 1500))
        as_of = due + timedelta(days=rng.randint(-5, 900))
        principal = Decimal(rng.randint(1, 10**7)) / 100
        payments = [
            amounts.PaymentLine(
                due + timedelta(days=rng.randint(-10, 800)),
                Decimal(rng.randint(1, int(principal * 100))) / 300,
                Decimal(0),
            )
            for _ in range(rng.randint(0, 4))
        ]
        rate = rng.choice([None, None, Decimal("12"), Decimal("3.5")])
        assert amounts.late_penalties(principal, due, as_of, payments, rate) == _day_by_day(
            principal, due, as_of, payments, rate
        )


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


_DAY0 = date(2022, 1, 1)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    due_offset=st.integers(0, 1500),
    horizon=st.integers(-5, 900),
    principal_cents=st.integers(1, 10**11),  # up to the 1,000,000,000.00 EUR bound
    payments=st.lists(st.tuples(st.integers(-10, 800), st.integers(1, 10**11)), max_size=4),
    rate=st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=2)),
)
def test_penalties_match_the_day_by_day_definition(
    due_offset: int,
    horizon: int,
    principal_cents: int,
    payments: list[tuple[int, int]],
    rate: Decimal | None,
) -> None:
    """Property-based, bounded: the stretch sums equal the definition, are never negative, and
    never exceed a year of the principal at the highest rate per year elapsed."""
    from datetime import timedelta

    due = _DAY0 + timedelta(days=due_offset)
    as_of = due + timedelta(days=horizon)
    principal = Decimal(principal_cents) / 100
    lines = [
        amounts.PaymentLine(due + timedelta(days=d), Decimal(c) / 100, Decimal(0))
        for d, c in payments
    ]
    result = amounts.late_penalties(principal, due, as_of, lines, rate)
    assert result == _day_by_day(principal, due, as_of, lines, rate)
    assert result >= 0 and result == result.quantize(Decimal("0.01"))
    days = max(0, (as_of - due).days)
    assert result <= principal * Decimal(100) / 100 * days / 365 + Decimal("0.01")
