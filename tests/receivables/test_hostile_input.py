"""Requests an integrator sends by mistake, refused with the field at fault."""

from __future__ import annotations

from typing import Any

from tests.factories import active_user, caller, receivable_body


def _error(response: Any) -> tuple[int, str, str]:
    error = response.json()["error"]
    return response.status_code, error["param"], error["errors"][0]["code"]


async def test_a_service_date_is_a_plain_date_like_the_others(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    # A time with an offset, a compact date that pydantic reads as Unix seconds, a week date:
    # none is `YYYY-MM-DD`, as the issue and due dates already require.
    for value in ("2025-11-01T00:00:00+02:00", "20251101", "2025-11-01T23:00:00Z"):
        body = receivable_body(user["id"], invoice={"service_date": value})
        response = await client.post("/v1/receivables", json=body, headers=who.headers)
        assert _error(response) == (400, "invoice.service_date", "invalid"), (value, response.text)
    draft = receivable_body(user["id"], invoice={"service_date": "2025-10-15"})
    created = await client.post("/v1/receivables", json=draft, headers=who.headers)
    assert created.status_code == 200, created.text
    assert created.json()["invoice"]["service_date"] == "2025-10-15"


async def test_a_debtor_name_of_spaces_is_refused(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    for name in (" ", "   ", "\u00a0\u3000"):
        body = receivable_body(user["id"], debtor={"company_name": name})
        response = await client.post("/v1/receivables", json=body, headers=who.headers)
        assert _error(response) == (400, "debtor.company_name", "missing"), response.text
    assert (await client.get("/v1/receivables", headers=who.headers)).json()["data"] == []
