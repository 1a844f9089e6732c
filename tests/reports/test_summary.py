"""GET /v1/reports/summary: figures by status, rate, commission and the median, over a window
of creation dates, for the caller's own receivables only (SPEC §9)."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.factories import create_user
from tests.reports.conftest import NOW, Party, add_receivable, party

IN_WINDOW = NOW - timedelta(days=3)


async def _seed(db, me: Party, second_user: str, strangers: list[Party]) -> None:  # type: ignore[no-untyped-def]
    # One receivable in each status for the first user…
    await add_receivable(db, me, status="processing", amount="100.00", created_at=IN_WINDOW)
    await add_receivable(db, me, status="draft", amount="200.00", created_at=IN_WINDOW)
    await add_receivable(db, me, status="pending", amount="1000.00", created_at=IN_WINDOW)
    await add_receivable(
        db,
        me,
        status="in_recovery",
        amount="2000.00",
        recovered="500.00",
        commission="54.00",
        days_to_first_payment=10,
        created_at=NOW - timedelta(days=29, hours=9),  # the window's first instant
    )
    await add_receivable(db, me, status="disputed", amount="300.00", created_at=IN_WINDOW)
    await add_receivable(
        db,
        me,
        status="recovered",
        amount="1500.00",
        recovered="1500.00",
        commission="162.00",
        days_to_first_payment=2,
        created_at=IN_WINDOW,
    )
    await add_receivable(
        db,
        me,
        status="closed",
        amount="900.00",
        recovered="100.00",
        commission="10.80",
        days_to_first_payment=30,
        created_at=IN_WINDOW,
    )
    await add_receivable(db, me, status="cancelled", amount="400.00", created_at=IN_WINDOW)
    # … one for the second user (a fourth paid one: an even count for the median) …
    await add_receivable(
        db,
        me,
        user_id=second_user,
        status="in_recovery",
        amount="700.00",
        recovered="200.00",
        commission="21.60",
        days_to_first_payment=20,
        created_at=NOW.replace(hour=23, minute=59, second=59),  # the window's last second
    )
    # … just outside the default window on both sides …
    await add_receivable(
        db, me, amount="5000.00", created_at=NOW - timedelta(days=29, hours=9, seconds=1)
    )
    await add_receivable(
        db, me, amount="7000.00", created_at=NOW.replace(hour=0) + timedelta(days=1)
    )
    # … and other owners' receivables in the window, which never count.
    for other in strangers:
        await add_receivable(
            db,
            other,
            status="recovered",
            amount="9999.00",
            recovered="9999.00",
            commission="999.00",
            days_to_first_payment=1,
            created_at=IN_WINDOW,
        )


def _status_figures(report: dict) -> dict[str, tuple[int, float]]:  # type: ignore[type-arg]
    return {s: (f["count"], f["amount"]) for s, f in report["by_status"].items()}


async def test_summary_of_the_default_window(client, db, me, strangers) -> None:  # type: ignore[no-untyped-def]
    second = await create_user(client, me.who)
    await _seed(db, me, second["id"], strangers)

    response = await client.get("/v1/reports/summary", headers=me.who.headers)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["object"] == "report.summary"
    assert (report["from"], report["to"]) == ("2025-12-17", "2026-01-15")
    assert report["user_id"] is None and report["currency"] == "EUR"
    assert _status_figures(report) == {
        "processing": (1, 100.0),
        "draft": (1, 200.0),
        "pending": (1, 1000.0),
        "in_recovery": (2, 2700.0),
        "disputed": (1, 300.0),
        "recovered": (1, 1500.0),
        "closed": (1, 900.0),
        "cancelled": (1, 400.0),
    }
    assert report["count"] == 9
    assert report["amount_submitted"] == 6800.0  # drafts and processing left out
    assert report["amount_recovered"] == 2300.0
    assert report["recovery_rate"] == 0.3382  # 2300 / 6800 = 0.33823…
    assert report["commission"] == 248.4
    assert report["net_recovered"] == 2051.6
    assert report["paid_count"] == 4
    assert report["median_days_to_first_payment"] == 15.0  # 2, 10, 20, 30: even count


async def test_summary_for_one_user(client, db, me, strangers) -> None:  # type: ignore[no-untyped-def]
    second = await create_user(client, me.who)
    await _seed(db, me, second["id"], strangers)

    response = await client.get(
        "/v1/reports/summary", params={"user_id": me.user_id}, headers=me.who.headers
    )
    report = response.json()
    assert report["user_id"] == me.user_id
    assert report["count"] == 8
    assert report["by_status"]["in_recovery"] == {"count": 1, "amount": 2000.0}
    assert report["amount_submitted"] == 6100.0
    assert report["amount_recovered"] == 2100.0
    assert report["recovery_rate"] == 0.3443  # 0.34426…
    assert report["commission"] == 226.8
    assert report["median_days_to_first_payment"] == 10.0  # 2, 10, 30: odd count

    other = await client.get(
        "/v1/reports/summary", params={"user_id": second["id"]}, headers=me.who.headers
    )
    assert other.json()["count"] == 1
    assert other.json()["median_days_to_first_payment"] == 20.0  # a single value


async def test_summary_window_bounds_are_whole_utc_days(client, db, me, strangers) -> None:  # type: ignore[no-untyped-def]
    second = await create_user(client, me.who)
    await _seed(db, me, second["id"], strangers)

    day_before = await client.get(
        "/v1/reports/summary",
        params={"from": "2025-12-16", "to": "2025-12-16"},
        headers=me.who.headers,
    )
    assert day_before.json()["count"] == 1
    assert day_before.json()["amount_submitted"] == 5000.0
    tomorrow = await client.get(
        "/v1/reports/summary", params={"from": "2026-01-16"}, headers=me.who.headers
    )
    assert tomorrow.status_code == 400  # from after the default to (today)
    ahead = await client.get(
        "/v1/reports/summary",
        params={"from": "2026-01-16", "to": "2026-01-16"},
        headers=me.who.headers,
    )
    assert ahead.json()["count"] == 1 and ahead.json()["amount_submitted"] == 7000.0
    everything = await client.get(
        "/v1/reports/summary",
        params={"from": "2000-01-01", "to": "2030-12-31"},
        headers=me.who.headers,
    )
    assert everything.json()["count"] == 11


async def test_summary_with_nothing_to_report(client, me, strangers) -> None:  # type: ignore[no-untyped-def]
    response = await client.get("/v1/reports/summary", headers=me.who.headers)
    report = response.json()
    assert report["count"] == 0
    assert all(f == {"count": 0, "amount": 0.0} for f in report["by_status"].values())
    assert report["amount_submitted"] == 0.0
    assert report["recovery_rate"] is None
    assert report["median_days_to_first_payment"] is None


async def test_other_owners_and_the_other_mode_see_only_their_own(
    client, db, me, strangers
) -> None:  # type: ignore[no-untyped-def]
    second = await create_user(client, me.who)
    await _seed(db, me, second["id"], strangers)
    for other in strangers:
        report = (await client.get("/v1/reports/summary", headers=other.who.headers)).json()
        assert report["count"] == 1
        assert report["amount_recovered"] == 9999.0
        assert report["median_days_to_first_payment"] == 1.0


async def test_median_keeps_fractions_of_a_day(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    me = await party(client, db, runtime)
    for days in (0.25, 1.5, 1.9, 40):
        await add_receivable(
            db,
            me,
            days_to_first_payment=days,
            created_at=datetime(2026, 1, 2, 10, tzinfo=NOW.tzinfo),
        )
    report = (await client.get("/v1/reports/summary", headers=me.who.headers)).json()
    assert report["median_days_to_first_payment"] == 1.7  # (1.5 + 1.9) / 2


async def test_drafts_without_amounts_count_but_add_nothing(client, db, me) -> None:  # type: ignore[no-untyped-def]
    await add_receivable(db, me, status="draft", blank=True, created_at=IN_WINDOW)
    await add_receivable(db, me, status="processing", blank=True, created_at=IN_WINDOW)
    await add_receivable(db, me, status="pending", amount="10.00", created_at=IN_WINDOW)
    report = (await client.get("/v1/reports/summary", headers=me.who.headers)).json()
    assert report["count"] == 3
    assert report["by_status"]["draft"] == {"count": 1, "amount": 0.0}
    assert report["by_status"]["processing"] == {"count": 1, "amount": 0.0}
    assert report["amount_submitted"] == 10.0
    aging = (await client.get("/v1/reports/aging", headers=me.who.headers)).json()
    assert aging["total"] == {"count": 1, "amount": 10.0}
