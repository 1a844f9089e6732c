"""The reports endpoints: the 401/403/404/400 quartet, and CSV output (SPEC §4, §5, §9)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from tests.factories import caller
from tests.reports.conftest import TODAY, add_payment, add_receivable

PATHS = ["/v1/reports/summary", "/v1/reports/aging", "/v1/reports/recoveries"]


@pytest.mark.parametrize("path", PATHS)
async def test_without_a_token_is_401(client, path) -> None:  # type: ignore[no-untyped-def]
    response = await client.get(path)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="cleavr"'
    assert response.json()["error"]["type"] == "authentication_error"


@pytest.mark.parametrize("path", PATHS)
async def test_without_reports_read_is_403(client, db, runtime, me, path) -> None:  # type: ignore[no-untyped-def]
    # Same platform and account, every other scope (receivables:write does not imply reports).
    narrow = await caller(
        client,
        db,
        runtime,
        scope="users:write receivables:write webhooks:write commission:read",
        platform=me.who.platform,
        account=me.who.account,
    )
    response = await client.get(path, headers=narrow.headers)
    assert response.status_code == 403, response.text
    assert 'scope="reports:read"' in response.headers["www-authenticate"]
    assert response.json()["error"]["code"] == "insufficient_scope"


@pytest.mark.parametrize("path", PATHS)
async def test_someone_elses_user_is_404(client, me, strangers, path) -> None:  # type: ignore[no-untyped-def]
    for other in strangers:
        for who, user_id in ((me, other.user_id), (other, me.user_id)):
            response = await client.get(path, params={"user_id": user_id}, headers=who.who.headers)
            assert response.status_code == 404, response.text
            error = response.json()["error"]
            assert error["type"] == "not_found_error"
            assert error["param"] == "user_id"
    unknown = await client.get(
        path, params={"user_id": "usr_clv_test_nope"}, headers=me.who.headers
    )
    assert unknown.status_code == 404


BAD_PARAMS = [
    ("/v1/reports/summary", {"from": "2026-13-01"}, "from", "invalid_date"),
    ("/v1/reports/summary", {"to": "yesterday"}, "to", "invalid_date"),
    ("/v1/reports/summary", {"from": "20260101"}, "from", "invalid_date"),
    ("/v1/reports/summary", {"to": "9999-12-31"}, "to", "invalid_date"),
    (
        "/v1/reports/summary",
        {"from": "2026-01-10", "to": "2026-01-09"},
        "from",
        "invalid_date_range",
    ),
    ("/v1/reports/summary", {"format": "xml"}, "format", "invalid_format"),
    ("/v1/reports/summary", {"user_id": ""}, "user_id", "invalid_user_id"),
    ("/v1/reports/aging", {"format": "pdf"}, "format", "invalid_format"),
    ("/v1/reports/recoveries", {"interval": "year"}, "interval", "invalid_interval"),
    ("/v1/reports/recoveries", {"from": "2026-02-30"}, "from", "invalid_date"),
    (
        "/v1/reports/recoveries",
        {"to": "2026-01-01", "from": "2026-01-02"},
        "from",
        "invalid_date_range",
    ),
    (
        "/v1/reports/recoveries",
        {"from": "2020-01-01", "interval": "day"},
        "interval",
        "too_many_periods",
    ),
    ("/v1/reports/recoveries", {"format": "CSV"}, "format", "invalid_format"),
]


@pytest.mark.parametrize(("path", "params", "param", "code"), BAD_PARAMS)
async def test_bad_parameters_are_400(client, me, path, params, param, code) -> None:  # type: ignore[no-untyped-def]
    response = await client.get(path, params=params, headers=me.who.headers)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert (error["param"], error["code"]) == (param, code)


async def test_every_bad_parameter_is_reported_at_once(client, me) -> None:  # type: ignore[no-untyped-def]
    response = await client.get(
        "/v1/reports/recoveries",
        params={"from": "nope", "interval": "hour", "format": "xls"},
        headers=me.who.headers,
    )
    assert response.status_code == 400
    errors = response.json()["error"]["errors"]
    assert [e["param"] for e in errors] == ["from", "format", "interval"]


async def test_a_long_window_is_fine_by_week_or_month(client, me) -> None:  # type: ignore[no-untyped-def]
    response = await client.get(
        "/v1/reports/recoveries",
        params={"from": "2020-01-01", "interval": "month"},
        headers=me.who.headers,
    )
    assert response.status_code == 200
    assert len(response.json()["data"]) == 6 * 12 + 1


def _csv(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    assert response.headers["cleavr-version"]  # the API conventions still apply
    return list(csv.DictReader(io.StringIO(response.text)))


async def test_summary_as_csv(client, db, me) -> None:  # type: ignore[no-untyped-def]
    await add_receivable(
        db,
        me,
        status="in_recovery",
        amount="1234.50",
        recovered="600.00",
        commission="64.80",
        days_to_first_payment=3,
    )
    response = await client.get(
        "/v1/reports/summary",
        params={"from": "2026-01-01", "to": "2026-01-15", "format": "csv"},
        headers=me.who.headers,
    )
    rows = _csv(response)
    assert response.text.startswith("from,to,user_id,currency,count,amount_submitted,")
    assert 'filename="summary_2026-01-01_2026-01-15.csv"' in response.headers["content-disposition"]
    assert len(rows) == 1
    row = rows[0]
    assert row["from"] == "2026-01-01" and row["to"] == "2026-01-15" and row["user_id"] == ""
    assert row["count"] == "1"
    assert row["amount_submitted"] == "1234.50"
    assert row["amount_recovered"] == "600.00"
    assert row["recovery_rate"] == "0.4860"
    assert row["commission"] == "64.80"
    assert row["median_days_to_first_payment"] == "3.0"
    assert row["status_in_recovery_count"] == "1"
    assert row["status_in_recovery_amount"] == "1234.50"
    assert row["status_recovered_count"] == "0"
    assert row["status_recovered_amount"] == "0.00"


async def test_aging_as_csv(client, db, me) -> None:  # type: ignore[no-untyped-def]
    await add_receivable(db, me, amount="99.90", due_date=TODAY - timedelta(days=600))
    rows = _csv(
        await client.get("/v1/reports/aging", params={"format": "csv"}, headers=me.who.headers)
    )
    assert [(r["min_days"], r["max_days"], r["count"], r["amount"]) for r in rows] == [
        ("0", "44", "0", "0.00"),
        ("45", "89", "0", "0.00"),
        ("90", "179", "0", "0.00"),
        ("180", "364", "0", "0.00"),
        ("365", "546", "0", "0.00"),
        ("547", "", "1", "99.90"),
    ]
    assert {r["as_of"] for r in rows} == {"2026-01-15"}


async def test_recoveries_as_csv(client, db, me) -> None:  # type: ignore[no-untyped-def]
    rec = await add_receivable(db, me)
    await add_payment(db, me, rec, amount="10.00", commission="1.08", paid_at=date(2026, 1, 14))
    response = await client.get(
        "/v1/reports/recoveries",
        params={"from": "2026-01-14", "to": "2026-01-15", "format": "csv"},
        headers=me.who.headers,
    )
    rows = _csv(response)
    assert response.text.splitlines()[0] == (
        "period_start,period_end,payments,amount_recovered,commission,commission_vat,net,currency"
    )
    assert [tuple(r.values()) for r in rows] == [
        ("2026-01-14", "2026-01-14", "1", "10.00", "1.08", "0.00", "8.92", "EUR"),
        ("2026-01-15", "2026-01-15", "0", "0.00", "0.00", "0.00", "0.00", "EUR"),
    ]


async def test_reports_are_in_the_openapi_document(client) -> None:  # type: ignore[no-untyped-def]
    paths = (await client.get("/openapi.json")).json()["paths"]
    for path in PATHS:
        operation = paths[path]["get"]
        assert "text/csv" in operation["responses"]["200"]["content"]
        assert {p["name"] for p in operation["parameters"]} >= {"format", "user_id"}
