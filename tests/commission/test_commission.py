"""Commission bands, worked examples to the cent, and the two endpoints (SPEC §8)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cleavr_connect.commission import rates
from tests.factories import caller


@pytest.mark.parametrize(
    ("days", "rate"),
    [
        (0, "10.80"),
        (44, "10.80"),
        (45, "15.90"),
        (89, "15.90"),
        (90, "20.60"),
        (179, "20.60"),
        (180, "25.70"),
        (364, "25.70"),
        (365, "27.50"),
        (546, "27.50"),
        (547, "29.50"),
        (5000, "29.50"),
    ],
)
def test_band_boundaries(days: int, rate: str) -> None:
    assert rates.rate_for(days) == Decimal(rate)


@pytest.mark.parametrize(
    ("amount", "days", "commission", "net"),
    [
        ("5000.00", 60, "795.00", "4205.00"),  # the SPEC's example
        ("100.00", 44, "10.80", "89.20"),
        ("100.00", 45, "15.90", "84.10"),
        ("333.33", 90, "68.67", "264.66"),  # 68.66598 → 68.67
        ("12.50", 180, "3.21", "9.29"),  # 3.2125 → 3.21
        ("0.10", 365, "0.03", "0.07"),  # 0.0275 → 0.03 (half-up)
        ("1000.00", 547, "295.00", "705.00"),
    ],
)
def test_worked_examples_to_the_cent(amount: str, days: int, commission: str, net: str) -> None:
    result = rates.calculate(Decimal(amount), days)
    assert result.commission == Decimal(commission)
    assert result.net_amount == Decimal(net)


def test_half_up_not_bankers_rounding() -> None:
    # 10.80 % of 2.50 = 0.27; of 0.25 = 0.027 → 0.03; 15.90 % of 0.50 = 0.0795 → 0.08
    assert rates.calculate(Decimal("0.25"), 0).commission == Decimal("0.03")
    assert rates.calculate(Decimal("0.50"), 45).commission == Decimal("0.08")


async def test_endpoints(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime, scope="commission:read")
    table = (await client.get("/v1/commission/rates", headers=who.headers)).json()
    assert table["bands"][0] == {"min_days": 0, "max_days": 44, "rate": 10.8}
    assert table["bands"][-1] == {"min_days": 547, "max_days": None, "rate": 29.5}
    response = await client.post(
        "/v1/commission/calculate",
        json={"amount": 5000.00, "days_overdue": 60},
        headers=who.headers,
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "object": "commission_calculation",
        "amount": 5000.0,
        "days_overdue": 60,
        "rate": 15.9,
        "commission": 795.0,
        "commission_vat": 159.0,  # 20 % of 795.00
        "commission_incl_vat": 954.0,
        "net": 4046.0,  # 5000 − 954
        "net_amount": 4205.0,
    }
    assert table["warnings"] == [] and table["vat_rate"] == 20.0
    for body, param in (
        ({"amount": -1, "days_overdue": 3}, "amount"),
        ({"amount": 10.001, "days_overdue": 3}, "amount"),
        ({"amount": 10, "days_overdue": -3}, "days_overdue"),
        ({"amount": 10}, "days_overdue"),
    ):
        bad = await client.post("/v1/commission/calculate", json=body, headers=who.headers)
        assert bad.status_code == 400 and bad.json()["error"]["param"] == param, bad.text
    assert (await client.get("/v1/commission/rates")).status_code == 401
    narrow = await caller(client, db, runtime, scope="users:read")
    denied = await client.get("/v1/commission/rates", headers=narrow.headers)
    assert denied.status_code == 403
    denied = await client.post(
        "/v1/commission/calculate", json={"amount": 1, "days_overdue": 1}, headers=narrow.headers
    )
    assert denied.status_code == 403


async def test_platform_table_from_the_operator(client, db, runtime, clock) -> None:  # type: ignore[no-untyped-def]
    from cleavr_connect.commission import service

    who = await caller(client, db, runtime, scope="commission:read")
    other = await caller(client, db, runtime, scope="commission:read")
    async with db.transaction() as session:
        await service.set_table(
            session,
            who.platform.client_id,
            service.parse_bands("0:9.80,45:14.90,90:19.60"),
            effective_from=clock.now(),
            now=clock.now(),
        )
    mine = (await client.get("/v1/commission/rates", headers=who.headers)).json()["bands"]
    assert [b["rate"] for b in mine] == [9.8, 14.9, 19.6]
    theirs = (await client.get("/v1/commission/rates", headers=other.headers)).json()["bands"]
    assert theirs[0]["rate"] == 10.8
    calc = await client.post(
        "/v1/commission/calculate", json={"amount": 5000, "days_overdue": 60}, headers=who.headers
    )
    assert calc.json()["commission"] == 745.0


def test_vat_is_20_percent_of_the_commission() -> None:
    from cleavr_connect.commission import fixing

    # 257.00 × 20 / 100 = 51.40; 257.00 + 51.40 = 308.40
    assert fixing.vat_on(Decimal("257.00")) == Decimal("51.40")
    charge = fixing.charge(Decimal("1000.00"), Decimal("25.70"))
    assert (charge.commission, charge.vat, charge.incl_vat) == (
        Decimal("257.00"),
        Decimal("51.40"),
        Decimal("308.40"),
    )
    # Half-up on the VAT too: 0.03 × 20 % = 0.006 → 0.01
    assert fixing.vat_on(Decimal("0.03")) == Decimal("0.01")


async def test_quote_shows_vat_on_a_257_commission(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime, scope="commission:read")
    quote = await client.post(
        "/v1/commission/calculate", json={"amount": 1000, "days_overdue": 200}, headers=who.headers
    )
    body = quote.json()
    # 200 days: 25.70 % of 1000.00 = 257.00; VAT 51.40; 308.40; the creditor keeps 691.60.
    assert (body["commission"], body["commission_vat"], body["commission_incl_vat"]) == (
        257.0,
        51.4,
        308.4,
    )
    assert body["net"] == 691.6


def test_commission_band_is_fixed_by_the_age_at_submission() -> None:
    from datetime import date

    from cleavr_connect.commission import fixing

    # Due 1 December, submitted 10 January: 40 days → 10.80 %, whenever it is paid.
    fixed = fixing.fix_with(rates.DEFAULT_BANDS, date(2025, 12, 1), date(2026, 1, 10))
    assert (fixed.days_overdue, fixed.rate) == (40, Decimal("10.80"))


async def test_a_later_platform_table_never_applies_to_a_submitted_claim(
    client, db, runtime, clock
) -> None:  # type: ignore[no-untyped-def]
    from cleavr_connect.commission import service
    from tests.factories import active_user, receivable_body

    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    assert rec["commission_rate"] == 15.9  # 45 days overdue at submission
    async with db.transaction() as session:
        await service.set_table(
            session,
            who.platform.client_id,
            service.parse_bands("0:30,45:30"),
            effective_from=clock.now(),
            now=clock.now(),
        )
    paid = await client.post(
        f"/v1/test_helpers/receivables/{rec['id']}/payments",
        json={"amount": 100},
        headers=who.headers,
    )
    # 15.90 % of 100.00 = 15.90, not the new table's 30 %.
    assert paid.json()["amounts"]["commission"] == 15.9
    fresh = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    assert fresh["commission_rate"] == 30.0


async def test_missing_half_year_warns_until_the_operator_sets_it(
    client, db, runtime, clock
) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, date, datetime

    from cleavr_connect.legal_rates import set_rate

    assert (await client.get("/health")).json() == {"status": "ok", "warnings": []}
    # The shipped legal interest table stops at the first half-year 2026.
    clock.set(datetime(2026, 7, 2, 9, 0, tzinfo=UTC))
    who = await caller(client, db, runtime, scope="commission:read")
    health = (await client.get("/health")).json()
    assert health["status"] == "degraded"
    assert [w["code"] for w in health["warnings"]] == ["legal_rate_missing"]
    table = (await client.get("/v1/commission/rates", headers=who.headers)).json()
    assert [w["table"] for w in table["warnings"]] == ["legal"]
    async with db.transaction() as session:
        await set_rate(session, "legal", date(2026, 7, 1), Decimal("2.50"), now=clock.now())
    assert (await client.get("/health")).json()["status"] == "ok"
    async with db.transaction() as session:
        rates_now = await runtime.rates.refresh(session, force=True)
    assert rates_now.legal_interest(date(2026, 8, 1)) == Decimal("2.50")
    assert rates_now.contract_floor(date(2026, 8, 1)) == Decimal("7.50")
