"""A body with a schema error and field-rule errors gets one 400 listing all of them."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories import (
    VALID_VAT,
    Caller,
    active_user,
    caller,
    create_user,
    receivable_body,
    user_body,
)
from tests.ocr import invoices

# A valid SIRET of another SIREN than the factories' (whose VAT number is VALID_VAT).
OTHER_SIRET = "55210055400005"
OTHER_VAT = "FR96552100554"


async def make_draft(client: httpx.AsyncClient, who: Caller, user_id: str) -> Any:
    """A receivable read from a PDF that lacks the debtor's contacts: a draft."""
    response = await client.post(
        "/v1/receivables/ocr",
        files={"file": ("invoice.pdf", invoices.pdf(), "application/pdf")},
        data={"user_id": user_id},
        headers=who.headers,
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "draft"
    return response.json()


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


async def test_a_webhook_body_lists_schema_and_field_rule_errors_together(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    body = {"url": "ftp://example.com/hook", "events": ["receivable.*", "nope.ever"], "x": 1}
    response = await client.post("/v1/webhooks", json=body, headers=who.headers)
    assert response.status_code == 400, response.text
    found = {(e["param"], e["code"]) for e in response.json()["error"]["errors"]}
    assert found == {("x", "invalid"), ("url", "invalid_url"), ("events[1]", "invalid_event_type")}
    good = await client.post(
        "/v1/webhooks", json={"url": "https://example.com/hook"}, headers=who.headers
    )
    assert good.status_code == 200, good.text
    response = await client.patch(
        f"/v1/webhooks/{good.json()['id']}",
        json={"enabled": "maybe", "events": ["*", "receivable.nothing"]},
        headers=who.headers,
    )
    assert response.status_code == 400, response.text
    found = {(e["param"], e["code"]) for e in response.json()["error"]["errors"]}
    assert found == {("enabled", "invalid"), ("events[1]", "invalid_event_type")}


# -- rules between fields, and those that need the caller or the database -----------------------


async def test_a_receivable_lists_schema_and_cross_field_errors_together(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await create_user(client, who)  # pending onboarding: not active
    body = receivable_body(user["id"])
    body["debtor"]["company_type"] = "alien"  # schema: not one of the kinds
    body["invoice"]["issue_date"] = "2025-12-15"  # after the due date (2025-12-01)
    body["invoice"]["amount"] = 1250.00  # ≠ 1000.00 + 200.00
    response = await client.post("/v1/receivables", json=body, headers=who.headers)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    found = {(e["param"], e["code"]) for e in error["errors"]}
    assert found == {
        ("debtor.company_type", "invalid"),
        ("invoice.due_date", "due_date_before_issue_date"),
        ("invoice.amount", "amount_mismatch"),
        ("user_id", "user_not_onboarded"),
    }
    assert error["param"] == "debtor.company_type"


async def test_a_draft_patch_lists_schema_and_cross_field_errors_together(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    draft = await make_draft(client, who, user["id"])
    url = f"/v1/receivables/{draft['id']}"
    sent = await client.patch(url, json={"debtor": {"siret": OTHER_SIRET}}, headers=who.headers)
    assert sent.status_code == 200, sent.text
    response = await client.patch(
        url,
        json={
            "invoice": {"issue_date": "2025-11-01T10:00:00"},  # schema: a date with a time
            "debtor": {"vat_number": VALID_VAT},  # another SIREN than the stored SIRET's
        },
        headers=who.headers,
    )
    assert response.status_code == 400, response.text
    found = {(e["param"], e["code"]) for e in response.json()["error"]["errors"]}
    assert found == {
        ("invoice.issue_date", "invalid"),
        ("debtor.vat_number", "vat_number_mismatch"),
    }


async def test_a_new_user_lists_schema_and_cross_field_errors_together(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    live = await caller(client, db, runtime, livemode=True)
    body = user_body()
    body["contact"]["unknown"] = "x"  # schema: unknown field
    body["company"]["address"]["postal_code"] = "7500"  # a French postal code has 5 digits
    body["platform"]["callback_url"] = "http://platform.example/kyb-done"  # live: https only
    response = await client.post("/v1/users", json=body, headers=live.headers)
    assert response.status_code == 400, response.text
    found = {(e["param"], e["code"]) for e in response.json()["error"]["errors"]}
    assert found == {
        ("contact.unknown", "invalid"),
        ("company.address.postal_code", "invalid_postal_code"),
        ("platform.callback_url", "insecure_url"),
    }


async def test_a_user_update_lists_schema_and_cross_field_errors_together(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    response = await client.patch(
        f"/v1/users/{user['id']}",
        # The VAT number is checked against the SIRET the user already has.
        json={"company": {"vat_number": OTHER_VAT}, "settings": {"payment_imputation": "never"}},
        headers=who.headers,
    )
    assert response.status_code == 400, response.text
    found = {(e["param"], e["code"]) for e in response.json()["error"]["errors"]}
    assert found == {
        ("settings.payment_imputation", "invalid"),
        ("company.vat_number", "vat_number_mismatch"),
    }


async def test_a_live_webhook_lists_schema_errors_and_the_https_rule_together(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    live = await caller(client, db, runtime, livemode=True)
    body = {"url": "http://hooks.example/cleavr", "enabled": "maybe"}
    response = await client.post("/v1/webhooks", json=body, headers=live.headers)
    assert response.status_code == 400, response.text
    found = {(e["param"], e["code"]) for e in response.json()["error"]["errors"]}
    assert found == {("enabled", "invalid"), ("url", "insecure_url")}
    good = await client.post(
        "/v1/webhooks", json={"url": "https://hooks.example/cleavr"}, headers=live.headers
    )
    assert good.status_code == 200, good.text
    response = await client.patch(
        f"/v1/webhooks/{good.json()['id']}",
        json={"url": "http://hooks.example/other", "description": 12},
        headers=live.headers,
    )
    assert response.status_code == 400, response.text
    found = {(e["param"], e["code"]) for e in response.json()["error"]["errors"]}
    assert found == {("description", "invalid"), ("url", "insecure_url")}
