"""Examples for the OpenAPI document, derived from the schemas themselves.

Every request body and answer gets one: a field's own `examples` when the model gives one,
else a value built from its type and name (an id with the resource's prefix, a timestamp, an
amount with two decimals). Derived, not hand-written, so an example can never describe a field
that no longer exists.
"""

from __future__ import annotations

from typing import Any

# Realistic values for names that recur across resources.
BY_NAME: dict[str, Any] = {
    "email": "billing@acme.example",
    "url": "https://platform.example/webhooks/cleavr",
    "callback_url": "https://platform.example/kyb-done",
    "onboarding_url": "https://connect.cleavr.fr/onboarding/onb_test_7Hq2…",
    "currency": "EUR",
    "siret": "73282932000074",
    "vat_number": "FR44732829320",
    "company_name": "Boulangerie Dupont SARL",
    "name": "Acme Plomberie SAS",
    "first_name": "Jean",
    "last_name": "Dupont",
    "phone": "+33612345678",
    "job_title": "Gérant",
    "line1": "3 rue Lepic",
    "city": "Paris",
    "postal_code": "75018",
    "country": "FR",
    "website": "https://acme.example",
    "service_description": "Plumbing works, 3 rue Lepic",
    "payment_terms": "30 days",
    "reason": "The work was not finished.",
    "description": "Our production endpoint",
    "api_version": "2026-01-02",
    "user_id": "usr_clv_test_4f9a2c",
    "receivable_id": "rec_test_8b1d7e",
    "webhook_id": "wh_test_2c9f0a",
    "event_id": "evt_test_5e3b1c",
    "payout_id": "po_test_9d4e2f",
    "platform_id": "plat_test_Xk29",
    "account_id": "acct_3f8a1b",
    "request_id": "req_6c1e9d",
    "livemode": False,
    "days_overdue": 60,
    "rate": 15.9,
    "commission_rate": 15.9,
    "late_penalty_rate": 12.0,
    "numbers": ["F-2025-0142"],
    "events": ["receivable.*", "payment.received"],
    "scopes": ["users:read", "users:write", "receivables:read", "receivables:write"],
    "scope": "users:read receivables:write",
    "metadata": {"invoice_ref": "42"},
    "type": "receivable.created",
    "has_more": False,
    "limit": 10,
    "days": 30,
    "access_token": "clv_tok_4nXc…",
    "refresh_token": "clv_ref_9QbT…",
    "expires_in": 3600,
    "token_type": "Bearer",
    "active": True,
    "error_description": "The authorization code was already used.",
}

PREFIXES: dict[str, str] = {
    "receivable": "rec_test_8b1d7e",
    "user": "usr_clv_test_4f9a2c",
    "payment": "pay_test_1a7c3e",
    "payout": "po_test_9d4e2f",
    "webhook_endpoint": "wh_test_2c9f0a",
    "webhook_delivery": "whd_test_0f3b8a",
    "event": "evt_test_5e3b1c",
    "grant": "grt_test_7e2d4c",
}

TIMESTAMP = "2026-01-15T09:00:00Z"
DAY = "2026-01-15"


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
    return schema


def example_of(
    schema: dict[str, Any],
    components: dict[str, Any],
    name: str = "",
    owner: str | None = None,
    depth: int = 0,
) -> Any:
    """A value that fits `schema`; `name` is the property it is for, `owner` the `object` of
    the resource around it (for its id's prefix)."""
    schema = _resolve(schema, components)
    if depth > 8:
        return None
    for key in ("example", "const", "default"):
        if key in schema and schema[key] is not None:
            return schema[key]
    if schema.get("examples"):
        return schema["examples"][0]
    if "enum" in schema:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [s for s in schema[key] if _resolve(s, components).get("type") != "null"]
            return example_of((options or schema[key])[0], components, name, owner, depth + 1)
    if name in BY_NAME:
        return BY_NAME[name]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        here = properties.get("object", {})
        inner = here.get("const") or here.get("default") or owner
        return {
            key: example_of(sub, components, key, inner, depth + 1)
            for key, sub in properties.items()
        }
    if kind == "array":
        item = example_of(schema.get("items", {}), components, name, owner, depth + 1)
        return [item] if item is not None else []
    if kind == "number":
        return 1200.00
    if kind == "integer":
        return 1
    if kind == "boolean":
        return True
    if kind == "string":
        return _string(schema, name, owner)
    return None


def _string(schema: dict[str, Any], name: str, owner: str | None) -> str:
    fmt = schema.get("format")
    if fmt == "date" or name.endswith("_date"):
        return DAY
    if fmt == "date-time" or name.endswith("_at") or name in ("since", "until"):
        return TIMESTAMP
    if fmt == "binary":
        return "(file)"
    if name == "id":
        return PREFIXES.get(owner or "", "obj_test_1")
    if name.endswith("_id"):
        return PREFIXES.get(name[: -len("_id")], f"{name[:-3]}_test_1")
    if name in ("from", "to"):
        return DAY
    return name.replace("_", " ") or "text"
