"""Money on the way in: every malformed or absurd amount is a 400 `invalid_amount` naming its
field, never a 500; and a bounded property-based run over the parser."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cleavr_connect.money import MAX_AMOUNT, parse_amount
from tests.factories import active_user, caller, receivable_body

# The last three: digits of other scripts (Arabic-Indic, full width), which Decimal() reads.
BAD_AMOUNTS = [1e27, 1e17, 10**17, 1000000000.01, True, False, "1_000", " 12 ", "12.001", 12.001,
               "1e3", "NaN", "Infinity", "0x10", "+5", "", [], {},
               "\u0663", "\uff11\uff12", "1\u0662.50"]  # fmt: skip
RAW_BAD = ["NaN", "Infinity", "-Infinity", "1e400", "1" + "0" * 400]  # not JSON, yet parsed


async def test_bad_amounts_are_400_invalid_amount_with_their_param(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    for bad in BAD_AMOUNTS:
        response = await client.post(
            "/v1/commission/calculate",
            json={"amount": bad, "days_overdue": 60},
            headers=who.headers,
        )
        assert response.status_code == 400, (bad, response.text)
        error = response.json()["error"]
        assert error["param"] == "amount", bad
        assert error["errors"][0]["code"] in ("invalid_amount", "invalid"), bad
        body = receivable_body(user["id"])
        body["invoice"]["amount_before_tax"] = bad
        response = await client.post("/v1/receivables", json=body, headers=who.headers)
        assert response.status_code == 400, (bad, response.text)
        codes = {(e["param"], e["code"]) for e in response.json()["error"]["errors"]}
        assert ("invoice.amount_before_tax", "invalid_amount") in codes, (bad, codes)
        # The message gives the whole rule, so an amount too large is told why.
        (message,) = [
            e["message"]
            for e in response.json()["error"]["errors"]
            if e["param"] == "invoice.amount_before_tax"
        ]
        assert "up to 1000000000.00" in message, (bad, message)
    for raw in RAW_BAD:
        content = '{"amount": ' + raw + ', "days_overdue": 60}'
        response = await client.post(
            "/v1/commission/calculate",
            content=content,
            headers={**who.headers, "Content-Type": "application/json"},
        )
        assert response.status_code == 400, (raw, response.text)


async def test_days_overdue_is_bounded(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    for bad in (-1, 36501, 10**20, True, 1.5, "60"):
        response = await client.post(
            "/v1/commission/calculate",
            json={"amount": 100, "days_overdue": bad},
            headers=who.headers,
        )
        assert response.status_code == 400, (bad, response.text)
        assert response.json()["error"]["param"] == "days_overdue"
    ok = await client.post(
        "/v1/commission/calculate",
        json={"amount": float(MAX_AMOUNT), "days_overdue": 36500},
        headers=who.headers,
    )
    assert ok.status_code == 200, ok.text


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30)))
def test_parse_amount_returns_a_bounded_cent_amount_or_none(raw: object) -> None:
    value = parse_amount(raw)
    if value is None:
        return
    assert not isinstance(raw, bool)
    assert value.is_finite() and abs(value) <= MAX_AMOUNT
    assert value == value.quantize(Decimal("0.01"))
    assert value.as_tuple().exponent == -2
    if isinstance(raw, str):
        assert Decimal(raw) == value


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.decimals(min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT, places=2, allow_nan=False))
def test_every_two_decimal_amount_in_bounds_round_trips(amount: Decimal) -> None:
    assert parse_amount(str(amount)) == amount
    assert parse_amount(json.loads(str(amount))) == amount


async def test_days_overdue_written_with_a_zero_fraction_is_that_integer(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    # JSON (and JSON Schema's `integer`) does not tell 60 from 60.0.
    who = await caller(client, db, runtime)
    answers = []
    for days in ("60", "60.0", "6e1"):
        response = await client.post(
            "/v1/commission/calculate",
            content='{"amount": 100, "days_overdue": ' + days + "}",
            headers={**who.headers, "Content-Type": "application/json"},
        )
        assert response.status_code == 200, (days, response.text)
        answers.append(response.json())
    assert answers[0] == answers[1] == answers[2]
    assert answers[0]["days_overdue"] == 60


async def test_integer_fields_take_json_integers_only(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    """A contact's `level`, a test clock's `days`, a policy's `max_instalments`: 2 or 2.0, never
    "2", 2.5 or true (each refused naming its field)."""
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = await client.post(
        "/v1/receivables", json=receivable_body(user["id"]), headers=who.headers
    )
    assert rec.status_code == 200, rec.text

    def with_level(level: Any) -> dict[str, Any]:
        body = receivable_body(user["id"])
        body["debtor"]["contacts"][0]["level"] = level
        return body

    cases: list[tuple[str, str, Any, str]] = [
        ("POST", "/v1/receivables", with_level, "debtor.contacts[0].level"),
        (
            "POST",
            f"/v1/test_helpers/receivables/{rec.json()['id']}/advance",
            lambda n: {"days": n},
            "days",
        ),
        (
            "PATCH",
            f"/v1/users/{user['id']}",
            lambda n: {"payment_plan_policy": {"max_instalments": n}},
            "payment_plan_policy.max_instalments",
        ),
    ]
    for method, path, body_of, param in cases:
        for bad in ("2", 2.5, True):
            response = await client.request(method, path, json=body_of(bad), headers=who.headers)
            assert response.status_code == 400, (path, bad, response.text)
            params = [e["param"] for e in response.json()["error"].get("errors", [])] or [
                response.json()["error"]["param"]
            ]
            assert param in params, (path, bad, response.json())
        whole = 0.0 if param.endswith("level") else 2.0  # one contact must be the primary (0)
        good = await client.request(method, path, json=body_of(whole), headers=who.headers)
        assert good.status_code == 200, (path, good.text)
