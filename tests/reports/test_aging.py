"""GET /v1/reports/aging: what open receivables still owe, by days since the due date, at each
bucket boundary (0–44, 45–89, 90–179, 180–364, 365–546, 547+)."""

from __future__ import annotations

from datetime import timedelta

from tests.factories import caller, create_user
from tests.reports.conftest import TODAY, add_receivable


async def _seed(client, db, me, strangers) -> str:  # type: ignore[no-untyped-def]
    second = await create_user(client, me.who)
    # (days overdue, status, amount, recovered): each side of each boundary, every open status
    for days, status, amount, recovered in [
        (44, "pending", "100.00", "0"),
        (45, "in_recovery", "200.00", "50.00"),
        (89, "disputed", "300.00", "0"),
        (90, "pending", "400.00", "0"),
        (179, "in_recovery", "500.00", "100.00"),
        (180, "disputed", "600.00", "0"),
        (364, "pending", "700.00", "0"),
        (365, "in_recovery", "800.00", "0"),
        (546, "disputed", "900.00", "0"),
        (547, "pending", "1000.00", "0"),
    ]:
        await add_receivable(
            db,
            me,
            status=status,
            amount=amount,
            recovered=recovered,
            due_date=TODAY - timedelta(days=days),
        )
    await add_receivable(
        db,
        me,
        status="pending",
        amount="55.00",
        due_date=TODAY - timedelta(days=10),
        user_id=second["id"],
    )
    # Not open: never in the aging.
    for status in ("processing", "draft", "recovered", "closed", "cancelled"):
        await add_receivable(
            db, me, status=status, amount="5000.00", due_date=TODAY - timedelta(days=100)
        )
    for other in strangers:
        await add_receivable(db, other, amount="9999.00", due_date=TODAY - timedelta(days=50))
    return str(second["id"])


def _buckets(report: dict) -> list[tuple[int, int | None, int, float]]:  # type: ignore[type-arg]
    return [(b["min_days"], b["max_days"], b["count"], b["amount"]) for b in report["buckets"]]


async def test_aging_buckets_at_each_boundary(client, db, me, strangers) -> None:  # type: ignore[no-untyped-def]
    await _seed(client, db, me, strangers)
    response = await client.get("/v1/reports/aging", headers=me.who.headers)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["object"] == "report.aging"
    assert report["as_of"] == "2026-01-15"
    assert report["currency"] == "EUR" and report["user_id"] is None
    assert _buckets(report) == [
        (0, 44, 2, 155.0),
        (45, 89, 2, 450.0),  # 200 − 50 recovered, + 300
        (90, 179, 2, 800.0),  # 400, + 500 − 100
        (180, 364, 2, 1300.0),
        (365, 546, 2, 1700.0),
        (547, None, 1, 1000.0),
    ]
    assert report["total"] == {"count": 11, "amount": 5405.0}


async def test_aging_for_one_user(client, db, me, strangers) -> None:  # type: ignore[no-untyped-def]
    second = await _seed(client, db, me, strangers)
    report = (
        await client.get("/v1/reports/aging", params={"user_id": second}, headers=me.who.headers)
    ).json()
    assert report["user_id"] == second
    assert _buckets(report)[0] == (0, 44, 1, 55.0)
    assert report["total"] == {"count": 1, "amount": 55.0}


async def test_aging_of_other_owners(client, db, me, strangers) -> None:  # type: ignore[no-untyped-def]
    await _seed(client, db, me, strangers)
    for other in strangers:
        report = (await client.get("/v1/reports/aging", headers=other.who.headers)).json()
        assert _buckets(report)[1] == (45, 89, 1, 9999.0)
        assert report["total"] == {"count": 1, "amount": 9999.0}


async def test_aging_moves_with_the_clock(client, db, runtime, me, clock) -> None:  # type: ignore[no-untyped-def]
    await add_receivable(db, me, amount="10.00", due_date=TODAY - timedelta(days=44))
    before = (await client.get("/v1/reports/aging", headers=me.who.headers)).json()
    assert _buckets(before)[0][2:] == (1, 10.0)
    clock.advance(days=1)
    # the access token of a day ago has expired: a fresh one for the same grant
    again = await caller(client, db, runtime, platform=me.who.platform, account=me.who.account)
    after = (await client.get("/v1/reports/aging", headers=again.headers)).json()
    assert after["as_of"] == "2026-01-16"
    assert _buckets(after)[0][2:] == (0, 0.0)
    assert _buckets(after)[1][2:] == (1, 10.0)
