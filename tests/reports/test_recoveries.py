"""GET /v1/reports/recoveries: payments by payment date, per day, ISO week or month."""

from __future__ import annotations

import re
from datetime import date

from tests.factories import active_user, caller, create_user, receivable_body
from tests.reports.conftest import add_payment, add_receivable


async def _seed(client, db, me, strangers) -> str:  # type: ignore[no-untyped-def]
    second = await create_user(client, me.who)
    rec = await add_receivable(db, me, amount="5000.00")
    for paid_at, amount, commission in [
        (date(2025, 11, 30), "999.00", "107.89"),  # before every window below
        (date(2025, 12, 31), "100.00", "10.80"),  # Wednesday
        (date(2026, 1, 1), "200.00", "21.60"),  # Thursday
        (date(2026, 1, 4), "50.00", "5.40"),  # Sunday: still the week of 29 December
        (date(2026, 1, 5), "300.00", "32.40"),  # Monday: a new week
        (date(2026, 1, 15), "400.00", "43.20"),  # today
    ]:
        await add_payment(db, me, rec, amount=amount, commission=commission, paid_at=paid_at)
    theirs = await add_receivable(db, me, amount="500.00", user_id=second["id"])
    await add_payment(
        db,
        me,
        theirs,
        amount="70.00",
        commission="7.56",
        paid_at=date(2026, 1, 5),
        user_id=second["id"],
    )
    for other in strangers:
        other_rec = await add_receivable(db, other, amount="9999.00")
        await add_payment(
            db, other, other_rec, amount="5000.00", commission="540.00", paid_at=date(2026, 1, 5)
        )
    return str(second["id"])


def _rows(report: dict) -> list[tuple[str, str, int, float, float, float]]:  # type: ignore[type-arg]
    return [
        (
            p["period_start"],
            p["period_end"],
            p["payments"],
            p["amount_recovered"],
            p["commission"],
            p["net"],
        )
        for p in report["data"]
    ]


async def test_recoveries_per_iso_week(client, db, me, strangers) -> None:  # type: ignore[no-untyped-def]
    await _seed(client, db, me, strangers)
    response = await client.get(
        "/v1/reports/recoveries",
        params={"from": "2025-12-31", "to": "2026-01-15", "interval": "week"},
        headers=me.who.headers,
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["object"] == "report.recoveries"
    assert (report["from"], report["to"], report["interval"]) == (
        "2025-12-31",
        "2026-01-15",
        "week",
    )
    assert _rows(report) == [
        ("2025-12-31", "2026-01-04", 3, 350.0, 37.8, 312.2),  # clamped to the window
        ("2026-01-05", "2026-01-11", 2, 370.0, 39.96, 330.04),
        ("2026-01-12", "2026-01-15", 1, 400.0, 43.2, 356.8),
    ]
    assert report["total"] == {
        "payments": 6,
        "amount_recovered": 1120.0,
        "commission": 120.96,
        "commission_vat": 0.0,
        "net": 999.04,
    }


async def test_recoveries_per_month(client, db, me, strangers) -> None:  # type: ignore[no-untyped-def]
    await _seed(client, db, me, strangers)
    report = (
        await client.get(
            "/v1/reports/recoveries",
            params={"from": "2025-12-01", "to": "2026-01-15", "interval": "month"},
            headers=me.who.headers,
        )
    ).json()
    assert _rows(report) == [
        ("2025-12-01", "2025-12-31", 1, 100.0, 10.8, 89.2),
        ("2026-01-01", "2026-01-15", 5, 1020.0, 110.16, 909.84),
    ]


async def test_recoveries_per_day_list_empty_days(client, db, me, strangers) -> None:  # type: ignore[no-untyped-def]
    await _seed(client, db, me, strangers)
    report = (
        await client.get(
            "/v1/reports/recoveries",
            params={"from": "2026-01-03", "to": "2026-01-05"},
            headers=me.who.headers,
        )
    ).json()
    assert report["interval"] == "day"
    assert _rows(report) == [
        ("2026-01-03", "2026-01-03", 0, 0.0, 0.0, 0.0),
        ("2026-01-04", "2026-01-04", 1, 50.0, 5.4, 44.6),
        ("2026-01-05", "2026-01-05", 2, 370.0, 39.96, 330.04),
    ]


async def test_recoveries_default_window_and_one_user(client, db, me, strangers) -> None:  # type: ignore[no-untyped-def]
    second = await _seed(client, db, me, strangers)
    report = (await client.get("/v1/reports/recoveries", headers=me.who.headers)).json()
    assert (report["from"], report["to"]) == ("2025-12-17", "2026-01-15")
    assert len(report["data"]) == 30
    assert report["total"]["amount_recovered"] == 1120.0
    mine = (
        await client.get(
            "/v1/reports/recoveries",
            params={"user_id": second, "interval": "month"},
            headers=me.who.headers,
        )
    ).json()
    assert mine["total"] == {
        "payments": 1,
        "amount_recovered": 70.0,
        "commission": 7.56,
        "commission_vat": 0.0,
        "net": 62.44,
    }


async def test_recoveries_of_other_owners(client, db, me, strangers) -> None:  # type: ignore[no-untyped-def]
    await _seed(client, db, me, strangers)
    for other in strangers:
        report = (
            await client.get(
                "/v1/reports/recoveries", params={"interval": "month"}, headers=other.who.headers
            )
        ).json()
        assert report["total"]["amount_recovered"] == 5000.0
        assert report["total"]["payments"] == 1


async def test_the_document_says_which_days_and_intervals_are_taken(client, me) -> None:  # type: ignore[no-untyped-def]
    document = (await client.get("/openapi.json")).json()
    operation = document["paths"]["/v1/reports/recoveries"]["get"]
    params = {p["name"]: p["schema"] for p in operation["parameters"]}
    assert params["interval"]["enum"] == ["day", "week", "month"]
    day = params["from"]["pattern"]
    assert params["from"]["format"] == params["to"]["format"] == "date"
    for value, taken in [("1970-01-01", True), ("2999-12-31", True), ("1969-12-31", False),
                         ("3000-01-01", False), ("2026-1-5", False)]:  # fmt: skip
        assert bool(re.fullmatch(day, value)) is taken, value
        response = await client.get(
            "/v1/reports/recoveries",
            params={"from": value, "to": value, "interval": "month"},
            headers=me.who.headers,
        )
        assert (response.status_code == 200) is taken, (value, response.text)


async def test_an_overpayment_is_not_counted_as_recovered(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    # 5000.00 paid on a claim of 1257.98 (1200.00, 17.98 of penalties, 40.00): 3742.02 is the
    # debtor's, to be refunded. Recovered 1257.98, commission 10.80 % = 135.86, VAT 27.17,
    # net 1094.95, as the payment and the payout say.
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    paid = await client.post(
        f"/v1/test_helpers/receivables/{rec['id']}/payments",
        json={"amount": 5000},
        headers=who.headers,
    )
    assert paid.status_code == 200, paid.text
    payment = (
        await client.get(f"/v1/receivables/{rec['id']}/payments", headers=who.headers)
    ).json()["data"][0]
    assert payment["overpayment"] == 3742.02
    report = (await client.get("/v1/reports/recoveries", headers=who.headers)).json()
    assert report["total"]["amount_recovered"] == 1257.98
    assert report["total"]["commission"] == payment["commission"]
    assert report["total"]["net"] == payment["net"]
