"""A body with a schema error and field-rule errors gets one 400 listing all of them."""

from __future__ import annotations

from tests.factories import active_user, caller, receivable_body, user_body


async def test_schema_and_field_rule_errors_come_back_together(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    body = receivable_body(user["id"])
    body["invoice"]["issue_date"] = "2025-11-01T10:00:00"  # schema: a date with a time
    body["invoice"]["amount_before_tax"] = "1_000"  # field rule: invalid_amount
    body["debtor"]["siret"] = "73282932000075"  # field rule: Luhn
    body["debtor"]["contacts"][0]["email"] = "not-an-email"  # field rule: invalid_email
    body["metadata"] = {"k" * 41: "v"}  # field rule: key too long
    response = await client.post("/v1/receivables", json=body, headers=who.headers)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    found = {(e["param"], e["code"]) for e in error["errors"]}
    assert found == {
        ("invoice.issue_date", "invalid"),
        ("invoice.amount_before_tax", "invalid_amount"),
        ("debtor.siret", "invalid_siret"),
        ("debtor.contacts[0].email", "invalid_email"),
        (f"metadata.{'k' * 41}", "metadata_key_invalid"),
    }
    assert error["param"] == "invoice.issue_date"  # the first one


async def test_a_field_the_schema_refused_is_reported_once(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    body = receivable_body(user["id"])
    del body["invoice"]["amount"]  # missing: not also invalid_amount
    body["debtor"]["siret"] = 12345  # not a string: no Luhn check on it
    response = await client.post("/v1/receivables", json=body, headers=who.headers)
    assert response.status_code == 400, response.text
    found = {(e["param"], e["code"]) for e in response.json()["error"]["errors"]}
    assert found == {("invoice.amount", "missing"), ("debtor.siret", "invalid")}


async def test_a_user_body_lists_schema_and_field_rule_errors_together(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    body = user_body(email="not-an-email")
    body["company"]["siret"] = "73282932000075"  # Luhn
    body["company"]["unknown"] = "x"  # schema: unknown field
    response = await client.post("/v1/users", json=body, headers=who.headers)
    assert response.status_code == 400, response.text
    found = {(e["param"], e["code"]) for e in response.json()["error"]["errors"]}
    assert found == {
        ("company.unknown", "invalid"),
        ("email", "invalid_email"),
        ("company.siret", "invalid_siret"),
    }
    user = await active_user(client, who)
    response = await client.patch(
        f"/v1/users/{user['id']}",
        json={"contact": {"phone": "12"}, "settings": {"payment_imputation": "never"}},
        headers=who.headers,
    )
    assert response.status_code == 400, response.text
    found = {(e["param"], e["code"]) for e in response.json()["error"]["errors"]}
    assert ("settings.payment_imputation", "invalid") in found
    assert any(param == "contact.phone" for param, _ in found)
