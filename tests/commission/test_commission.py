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
        "net_amount": 4205.0,
    }
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
