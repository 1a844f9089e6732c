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


async def test_a_date_sent_as_a_number_is_refused(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    """SPEC §4: dates are `YYYY-MM-DD`; Unix seconds (which pydantic would read) are not."""
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    for value in (1761955200, 1761955200.0, True):
        body = receivable_body(user["id"], invoice={"issue_date": value})
        response = await client.post("/v1/receivables", json=body, headers=who.headers)
        assert _error(response) == (400, "invoice.issue_date", "invalid"), (value, response.text)
    assert (await client.get("/v1/receivables", headers=who.headers)).json()["data"] == []


async def test_a_boolean_is_true_or_false(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    """JSON's true and false, not a word or a number: "no" read as false (or "off" as true) would
    act on a mistake instead of refusing it."""
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    hook = await client.post(
        "/v1/webhooks", json={"url": "https://example.com/hook"}, headers=who.headers
    )
    url = f"/v1/webhooks/{hook.json()['id']}"
    for value in ("no", "false", "off", 0, 1, "true", None):
        response = await client.patch(url, json={"enabled": value}, headers=who.headers)
        if value is None:
            continue  # null: no change, as for every optional field
        assert _error(response)[:2] == (400, "enabled"), (value, response.text)
    assert (await client.get(url, headers=who.headers)).json()["enabled"] is True
    policy = await client.patch(
        f"/v1/users/{user['id']}",
        json={"payment_plan_policy": {"auto_accept": "yes"}},
        headers=who.headers,
    )
    assert _error(policy)[:2] == (400, "payment_plan_policy.auto_accept"), policy.text
    ok = await client.patch(url, json={"enabled": False}, headers=who.headers)
    assert ok.status_code == 200 and ok.json()["enabled"] is False
