"""What goes over the wire: money as JSON numbers with exactly two decimals everywhere (API
answers, stored events and what webhooks send, in both API versions), and the
`Cleavr-Should-Retry` header of every /v1 error."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import String, cast, select

from cleavr_connect import wire
from cleavr_connect.errors import ApiError, ConflictError, NotFoundError, RateLimitError
from cleavr_connect.models import Event
from tests.factories import active_user, caller, receivable_body

# A JSON number with one decimal, or a whole number, where an amount is expected.
NOT_TWO_DECIMALS = re.compile(
    rb'"(amount|principal|outstanding|commission|net_amount|total_claimable|net_to_user)"'
    rb":-?\d+(\.\d)?[,}]"
)


@pytest.fixture
async def owner(client, db, runtime):  # type: ignore[no-untyped-def]
    return await caller(client, db, runtime)


def test_the_encoder_writes_decimals_digit_for_digit() -> None:
    from decimal import Decimal

    assert wire.dumps({"a": Decimal("5000.00"), "b": Decimal("0.10"), "c": 1.5}) == (
        '{"a":5000.00,"b":0.10,"c":1.5}'
    )
    assert wire.dumps(Decimal("1E+2")) == "100"
    assert wire.loads('{"a":5000.00}')["a"].as_tuple().exponent == -2
    with pytest.raises(TypeError):
        wire.dumps(Decimal("NaN"))


async def test_money_has_two_decimals_in_answers_and_events(client, db, owner) -> None:  # type: ignore[no-untyped-def]
    user = await active_user(client, owner)
    body = receivable_body(user["id"])
    body["invoice"] |= {"amount": 1200, "amount_before_tax": 1000, "tax_amount": 200}
    created = await client.post("/v1/receivables", json=body, headers=owner.headers)
    assert created.status_code == 200, created.text
    rec = created.json()
    assert b'"amount":1200.00' in created.content
    assert b'"amount_before_tax":1000.00,"tax_amount":200.00' in created.content
    assert b'"principal":1200.00' in created.content
    assert b'"fixed_indemnity":40.00' in created.content
    assert b'"amount_recovered":0.00' in created.content
    assert not NOT_TWO_DECIMALS.search(created.content)

    paid = await client.post(
        f"/v1/test_helpers/receivables/{rec['id']}/payments",
        json={"amount": 100},
        headers=owner.headers,
    )
    assert paid.status_code == 200, paid.text
    assert b'"amount_recovered":100.00' in paid.content
    payments = await client.get(f"/v1/receivables/{rec['id']}/payments", headers=owner.headers)
    assert b'"amount":100.00' in payments.content and b'"net_amount":' in payments.content
    assert not NOT_TWO_DECIMALS.search(payments.content)

    calc = await client.post(
        "/v1/commission/calculate", json={"amount": 5000, "days_overdue": 60}, headers=owner.headers
    )
    assert b'"amount":5000.00' in calc.content and b'"commission":795.00' in calc.content
    assert b'"net_amount":4205.00' in calc.content

    summary = await client.get("/v1/reports/summary", headers=owner.headers)
    assert b'"amount_recovered":100.00' in summary.content
    assert not NOT_TWO_DECIMALS.search(summary.content)

    # The events: stored as written (a webhook of the latest version sends this text as it is),
    # listed with two decimals, and the 2025-08-28 flat summary too.
    async with db.transaction() as session:
        stored = (
            await session.execute(
                select(cast(Event.data, String)).where(Event.type == "payment.received")
            )
        ).scalar_one()
    assert '"amount":100.00' in stored.replace(" ", "")
    for version in ("2026-01-02", "2025-08-28"):
        events = await client.get(
            "/v1/events", headers={**owner.headers, "Cleavr-Version": version}
        )
        assert events.status_code == 200
        assert b'"amount":1200.00' in events.content, version
        assert not NOT_TWO_DECIMALS.search(events.content), version


async def test_errors_say_whether_to_retry(client, owner) -> None:  # type: ignore[no-untyped-def]
    user = await active_user(client, owner)
    body = receivable_body(user["id"])
    first = await client.post("/v1/receivables", json=body, headers=owner.headers)
    assert first.status_code == 200
    again = await client.post("/v1/receivables", json=body, headers=owner.headers)
    assert again.status_code == 409 and again.json()["error"]["code"] == "duplicate_receivable"
    assert again.headers["cleavr-should-retry"] == "false"
    rec_id = first.json()["id"]
    await client.post(
        f"/v1/receivables/{rec_id}/cancel", json={"reason": "paid"}, headers=owner.headers
    )
    state = await client.post(
        f"/v1/receivables/{rec_id}/cancel", json={"reason": "paid"}, headers=owner.headers
    )
    assert state.status_code == 409 and state.headers["cleavr-should-retry"] == "false"
    bad = await client.post("/v1/receivables", json={}, headers=owner.headers)
    assert bad.status_code == 400 and bad.headers["cleavr-should-retry"] == "false"
    missing = await client.get("/v1/receivables/rec_test_nope", headers=owner.headers)
    assert missing.status_code == 404 and missing.headers["cleavr-should-retry"] == "false"
    anonymous = await client.get("/v1/receivables")
    assert anonymous.status_code == 401 and anonymous.headers["cleavr-should-retry"] == "false"
    ok = await client.get("/v1/receivables", headers=owner.headers)
    assert "cleavr-should-retry" not in ok.headers


def test_which_errors_clear_by_themselves() -> None:
    assert ConflictError(code="idempotency_key_in_use").should_retry
    assert not ConflictError(code="invalid_state_transition").should_retry
    assert RateLimitError().should_retry and ApiError().should_retry
    assert not NotFoundError().should_retry
    assert ConflictError(code="idempotency_key_in_use").headers["Cleavr-Should-Retry"] == "true"
