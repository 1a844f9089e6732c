"""What the OpenAPI document says about the conventions every `/v1` endpoint shares."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field

from cleavr_connect.api.examples import example_of
from cleavr_connect.errors import ERROR_CODES, FIELD_ERROR_CODES
from cleavr_connect.scopes import Scope
from cleavr_connect.text import ONE_LINE, WITHOUT_CONTROL_CHARACTERS
from cleavr_connect.versions import LATEST, VERSIONS, render_event_data


class FieldErrorOut(BaseModel):
    param: str
    code: str
    message: str


class ErrorBody(BaseModel):
    type: str = Field(
        description="invalid_request_error, authentication_error, permission_error, "
        "not_found_error, conflict_error, idempotency_error, rate_limit_error or api_error"
    )
    code: str = Field(description="Stable, machine-readable; see doc_url.")
    message: str
    param: str | None = Field(None, description="The first field at fault, dotted.")
    doc_url: str
    request_id: str | None
    errors: list[FieldErrorOut] | None = Field(None, description="Every invalid field (400).")


class ErrorEnvelope(BaseModel):
    error: ErrorBody


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorEnvelope, "description": description}


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _error("Invalid request: `param` names the first bad field, `errors` lists all."),
    401: _error("No valid access token (see the WWW-Authenticate header)."),
    403: _error("The token lacks the scope (`insufficient_scope`)."),
    404: _error("No such object for your platform, account and mode."),
    409: _error("Conflict with the object's state, or an Idempotency-Key still in flight."),
    429: _error("Rate limited: wait for Retry-After seconds."),
}
# Added to the routes that take a JSON body (`routing.ShapedRoute`).
JSON_BODY_RESPONSES: dict[int | str, dict[str, Any]] = {
    415: _error("The body is not sent as JSON (`unsupported_media_type`)."),
}
# Added to every write (`routing.ShapedRoute`): the API reads no body over 12 MB
# (`api.middleware.MAX_BODY`), nor one sent too slowly.
WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    408: _error("The body arrived too slowly (`request_timeout`)."),
    413: _error("The body is over 12 MB (`body_too_large`)."),
}

FIELD_ERRORS_INTRO = (
    "A validation failure answers 400 with every invalid field in `errors` as "
    "`{param, code, message}`; its `error.code` and `param` are those of the first one.\n\n"
    "Text: every string (path, query, body, metadata keys and values) is refused when it holds "
    "a control character (`invalid_characters`; tab, line feed and carriage return only in "
    "multi-line fields: descriptions, reasons, payment terms, metadata values) or an invisible "
    "or bidirectional formatting character such as U+202E or U+200B (`invisible_characters`), "
    "the field as `param`. Names, address lines and free text are kept in Unicode NFC.\n\n"
    "Query parameters: an endpoint takes only those it lists; any other is refused "
    "(`unknown_parameter`, the parameter as `param`) rather than ignored, and each is given "
    "once (`duplicate_parameter`)."
)


def error_codes_markdown() -> str:
    """The two code lists of `/docs/errors`, for the document's description."""
    top = "\n".join(
        f"- `{code}` ({entry.status}): {entry.meaning}" for code, entry in ERROR_CODES.items()
    )
    fields = "\n".join(f"- `{code}`: {text}" for code, text in FIELD_ERROR_CODES.items())
    return f"## Error codes\n\n{top}\n\n## Field error codes\n\n{FIELD_ERRORS_INTRO}\n\n{fields}"


# What a property name means wherever it appears, for the properties whose model says nothing.
GLOSSARY: dict[str, str] = {
    "id": "Unique identifier of the object; its prefix names the type, `_test_` in test mode.",
    "object": "The type of the object (`receivable`, `user`, `list`, …).",
    "livemode": "True for live-mode data, false for test mode; the two never mix.",
    "created_at": "When it was created (ISO-8601, UTC).",
    "updated_at": "When it last changed (ISO-8601, UTC).",
    "metadata": "Your own key-value strings (≤ 50 keys, key ≤ 40 and value ≤ 500 characters).",
    "data": "The objects of this page.",
    "has_more": "Whether more objects follow: pass the last id as `starting_after`.",
    "url": "The address this list (or endpoint) answers at.",
    "user_id": "The user (creditor business) it belongs to.",
    "receivable_id": "The receivable it belongs to.",
    "status": "Where the object is in its lifecycle.",
    "currency": "ISO 4217; `EUR` only.",
    "email": "E-mail address.",
    "name": "Name.",
    "first_name": "First name.",
    "last_name": "Last name.",
    "phone": "Phone number (E.164 once validated).",
    "job_title": "Job title.",
    "line1": "Street address.",
    "line2": "Address complement.",
    "city": "City.",
    "postal_code": "Postal code.",
    "country": "ISO 3166-1 alpha-2 country code.",
    "address": "Postal address.",
    "siret": "French SIRET (14 digits, Luhn-checked).",
    "vat_number": "EU VAT number, consistent with the SIREN for French ones.",
    "website": "Website URL.",
    "company": "The business.",
    "contact": "The person to talk to.",
    "type": "The type.",
    "code": "Stable, machine-readable code.",
    "message": "What happened, for a person to read.",
    "param": "The field at fault, dotted (`invoice.amount`).",
    "description": "Free text.",
    "reason": "Why, in a few words.",
    "amount": "Amount in euros, tax included.",
    "commission": "Cleavr's commission in euros.",
    "net_amount": "What the user receives, net of commission.",
    "days_overdue": "Days between the invoice's due date and the day considered.",
    "rate": "Percent.",
    "count": "How many.",
    "total": "The totals over every row.",
    "from": "First day of the window (inclusive).",
    "to": "Last day of the window (inclusive).",
    "as_of": "The day the figures are computed for.",
    "min_days": "First day of the band (inclusive).",
    "max_days": "Last day of the band (inclusive); null for the last band.",
    "payments": "Number of payments.",
    "amount_recovered": "Paid by debtors, in euros.",
    "net": "Recovered minus commission.",
    "period_start": "First day of the period.",
    "period_end": "Last day of the period.",
    "interval": "day, week or month.",
    "buckets": "One row per debt-age band.",
    "bands": "One rate per band of days overdue.",
    "basis": "What the rate applies to.",
    "scopes": "Scopes granted.",
    "platform_id": "The platform (OAuth client).",
    "account_id": "The Cleavr account that granted access.",
    "events": "Event types delivered (`*` and `receivable.*` wildcards).",
    "enabled": "Whether deliveries are sent.",
    "api_version": "The API version payloads are rendered in.",
    "webhook_id": "The webhook endpoint.",
    "event_id": "The event.",
    "event_type": "The event's type.",
    "since": "Start of the window (ISO-8601).",
    "until": "End of the window (ISO-8601).",
    "queued": "How many deliveries were queued.",
    "webhook_ids": "The endpoints it was queued for.",
    "expires_at": "When it stops working (ISO-8601, UTC).",
    "requirements": "What the user must still provide, and why something failed.",
    "capabilities": "What the user can do now.",
    "errors": "Every error, one per field.",
    "value": "The value read.",
    "numbers": "Invoice numbers.",
    "level": "0 = primary contact, 1+ = escalation.",
    "issue_date": "The invoice's issue date.",
    "due_date": "The invoice's due date; recovery needs it passed.",
    "service_description": "What was sold or done.",
    "amount_before_tax": "Amount before tax, in euros.",
    "tax_amount": "Tax, in euros; before tax + tax = amount (± 0.01).",
    "payment_terms": "The payment terms printed on the invoice.",
    "late_penalty_rate": "Annual late-penalty rate in percent, as on the invoice.",
    "company_type": "company, sole_trader or consumer (`individual`: the 2025 name).",
    "contacts": "People to contact, by escalation level; each needs an e-mail.",
    "debtor": "Who owes the money.",
    "invoice": "The invoice claimed.",
    "outcome": "For `closed`: partially_recovered, unrecoverable, debtor_insolvent or "
    "escalation_required.",
    "stage": "The recovery step under way (reminder, formal_notice, payment_plan, …).",
    "timeline": "What was done, oldest first.",
    "next_action_at": "When the next recovery step is due.",
    "cancellation_reason": "Why the platform cancelled it.",
    "dispute_reason": "What the debtor contests.",
    "paid_at": "When it was paid.",
    "payout_date": "The day whose payments the payout gathers.",
    "payout_id": "The payout the net of this payment accrues to.",
    "commission_rate": "The commission rate applied, in percent.",
    "submitted_at": "When the onboarding form was submitted.",
    "decided_at": "When KYB was decided.",
    "onboarding_url": "Single-use link (24 h) to the hosted onboarding form.",
    "callback_url": "Where the browser returns after onboarding (`?user_id=…&status=…`).",
    "platform": "Your own data about this user.",
    "iban_last4": "The last four characters of the payout IBAN.",
    "account_holder": "The payout account's holder.",
    "requirement": "The requirement concerned (`company.siret`, …).",
    "currently_due": "Requirements to provide now.",
    "pending_verification": "Requirements provided, being checked.",
    "occurred_at": "When it happened (ISO-8601, UTC).",
    "details": "Facts of the step (amounts, contacts, message ids).",
    "file_id": "The stored invoice file.",
    "content_type": "Media type of the file.",
    "pages": "Pages read.",
    "language": "fr or en.",
    "document_type": "invoice or credit_note.",
    "fields": "Each field read, with its confidence, page and box.",
    "error": "Why reading failed.",
    "seconds": "How long reading took.",
    "completed_at": "When reading finished.",
    "response_status": "HTTP status your endpoint answered; null when none.",
    "duration_ms": "How long the attempt took.",
    "doc_url": "Where this error is documented.",
    "request_id": "The request's id (`Request-Id` header); quote it to support.",
    "days": "Days to move the test clock forward.",
    "deleted": "Always true.",
    "send_receivables": "True once the user is active.",
    "receive_payouts": "True once a payout IBAN is verified.",
    "channel": "email, letter or sms.",
    "subject": "The subject line (e-mails).",
    "text": "The plain text.",
    "html_url": "Where its HTML is.",
    "attempts": "How many sending attempts were made.",
    "sent_at": "When it was sent (ISO-8601, UTC).",
    "delivered_at": "When delivery was confirmed (ISO-8601, UTC).",
    "step": "The playbook step.",
    "commission_days_overdue": "The debt age at submission that fixed the commission band.",
    "company_name": "The debtor's legal name.",
    "fixed_indemnity": "€40 per invoice number (professionals only), or whether it was waived.",
    "fixed_indemnity_on": "When the fixed indemnity was waived.",
    "late_penalties": "Late penalties accrued to date, or whether they were waived.",
    "late_penalties_on": "When the late penalties were waived.",
    "payment_imputation": "accessories_first (art. 1343-1 Code civil) or principal_first.",
    "refund_due": "Whether part of it must be refunded to the debtor.",
    "resolved_at": "When it was resolved.",
    "service_date": "When the service was provided or the goods delivered.",
    "settings": "The user's recovery settings.",
    "source": "Where it came from.",
    "table": "The rate table concerned.",
    "waived": "What the creditor gave up, and when.",
}


def _describe_properties(components: dict[str, Any]) -> None:
    for schema in components.values():
        for name, prop in schema.get("properties", {}).items():
            if "description" not in prop and "$ref" not in prop and name in GLOSSARY:
                prop["description"] = GLOSSARY[name]


_INVALID_REQUEST = {
    "description": ERROR_RESPONSES[400]["description"],
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}},
}


def _refuse_control_characters(schema: dict[str, Any]) -> None:
    """Says what the server enforces on every string it reads (`text.CONTROL_CHARACTERS`): path
    and query parameters, and the strings of request bodies whose schemas no response shares."""
    components = schema.get("components", {}).get("schemas", {})

    def refs(node: Any, found: set[str]) -> set[str]:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            name = ref.rsplit("/", 1)[-1] if ref.startswith("#/components/schemas/") else None
            if name and name not in found and name in components:
                found.add(name)
                refs(components[name], found)
            for value in node.values():
                refs(value, found)
        elif isinstance(node, list):
            for value in node:
                refs(value, found)
        return found

    read: set[str] = set()
    written: set[str] = set()
    inline: list[Any] = []
    parameters: list[Any] = []
    for path, operations in schema.get("paths", {}).items():
        if not path.startswith("/v1/"):
            continue
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for param in operation.get("parameters", []):
                if param.get("in") in ("path", "query"):
                    parameters.append(param.get("schema"))
            for media in operation.get("requestBody", {}).get("content", {}).values():
                inline.append(media.get("schema"))
                refs(media.get("schema"), read)
            refs(operation.get("responses"), written)
    refs(schema.get("webhooks"), written)
    for node in [*inline, *(components[name] for name in read - written)]:
        _strings_without_controls(node, WITHOUT_CONTROL_CHARACTERS)
    # A path or query parameter is one line: no tab or line break either.
    for node in parameters:
        _strings_without_controls(node, ONE_LINE)


def _strings_without_controls(node: Any, pattern: str) -> None:
    if isinstance(node, list):
        for value in node:
            _strings_without_controls(value, pattern)
    if not isinstance(node, dict) or "$ref" in node:
        return
    if node.get("type") == "string" and not {"pattern", "enum", "const", "format"} & node.keys():
        node["pattern"] = pattern
    if node.get("type") == "object" and "additionalProperties" in node:
        # A map's keys (metadata) are strings the server reads too.
        node.setdefault("propertyNames", {"pattern": WITHOUT_CONTROL_CHARACTERS})
    for key, value in node.items():
        if key not in ("example", "examples", "default"):
            _strings_without_controls(value, pattern)


def _add_examples(schema: dict[str, Any]) -> None:
    components = schema.get("components", {}).get("schemas", {})
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            bodies = [operation.get("requestBody", {})]
            bodies += [r for code, r in operation.get("responses", {}).items() if code < "400"]
            for body in bodies:
                for media in body.get("content", {}).values():
                    if "schema" in media and "example" not in media and "examples" not in media:
                        media["example"] = example_of(media["schema"], components)


SIGNATURE_HEADERS = [
    {
        "name": "webhook-id",
        "in": "header",
        "required": True,
        "description": "Standard Webhooks message id: the same for every retry of a delivery.",
        "schema": {"type": "string"},
    },
    {
        "name": "webhook-timestamp",
        "in": "header",
        "required": True,
        "description": "Unix seconds when signed; refuse deliveries older than 5 minutes.",
        "schema": {"type": "string"},
    },
    {
        "name": "webhook-signature",
        "in": "header",
        "required": True,
        "description": "`v1,<base64 HMAC-SHA256 of id.timestamp.body>` keyed with the "
        "base64-decoded part of `whsec_…`; two during a secret rotation.",
        "schema": {"type": "string"},
    },
    {
        "name": "Cleavr-Signature",
        "in": "header",
        "required": True,
        "description": "Hex HMAC-SHA256 of the raw body keyed with the whole `whsec_…` string.",
        "schema": {"type": "string"},
    },
]


def _infer(value: Any) -> dict[str, Any]:
    """A JSON schema for a flat 2025-08-28 summary, from a rendered example of it."""
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, int):
        return {"type": "integer"}
    if isinstance(value, float):
        return {"type": "number", "format": "decimal"}
    if isinstance(value, dict):
        return {"type": "object", "properties": {k: _infer(v) for k, v in value.items()}}
    if isinstance(value, list):
        return {"type": "array"}
    return {"type": ["string", "null"]} if value is None else {"type": "string"}


def webhooks_section(components: dict[str, Any]) -> dict[str, Any]:
    """OpenAPI 3.1 `webhooks`: every event type, as each API version sends it."""
    from cleavr_connect.events.payloads import PAYLOADS

    section: dict[str, Any] = {}
    for event_type, model in PAYLOADS.items():
        defs = model.model_json_schema(
            mode="serialization", ref_template="#/components/schemas/{model}"
        )
        for name, sub in defs.pop("$defs", {}).items():
            components.setdefault(name, sub)
        components.setdefault(model.__name__, defs)
        _describe_properties(components)
        ref = {"$ref": f"#/components/schemas/{model.__name__}"}
        obj = example_of(ref, components)
        envelope = {
            "id": "evt_test_5e3b1c",
            "object": "event",
            "type": event_type,
            "created_at": "2026-01-15T09:00:00Z",
            "livemode": False,
        }
        head = {
            "id": {"type": "string", "description": "Dedupe on it: delivery is at least once."},
            "object": {"const": "event"},
            "type": {"const": event_type},
            "created_at": {"type": "string", "format": "date-time"},
            "livemode": {"type": "boolean"},
        }
        latest = {
            "title": f"{event_type} ({LATEST})",
            "type": "object",
            "required": ["id", "object", "type", "created_at", "api_version", "livemode", "data"],
            "properties": {
                **head,
                "api_version": {"const": LATEST},
                "data": {
                    "type": "object",
                    "required": ["object"],
                    "properties": {
                        "object": {**ref},
                        "previous_attributes": {
                            "type": "object",
                            "description": "On updates: the changed fields' former values.",
                        },
                    },
                },
            },
        }
        old_version = VERSIONS[0]
        flat = render_event_data({"object": obj}, old_version)
        legacy = {
            "title": f"{event_type} ({old_version})",
            "type": "object",
            "properties": {
                **head,
                "api_version": {"const": old_version},
                "data": {**_infer(flat), "description": "A flat summary of the object."},
            },
        }
        section[event_type] = {
            "post": {
                "summary": event_type,
                "description": f"Sent to your endpoints subscribed to `{event_type}`, rendered "
                "in the endpoint's API version. Answer 2xx within 10 s; anything else is "
                "retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h.",
                "parameters": SIGNATURE_HEADERS,
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"oneOf": [latest, legacy]},
                            "examples": {
                                LATEST: {
                                    "value": {
                                        **envelope,
                                        "api_version": LATEST,
                                        "data": {"object": obj},
                                    }
                                },
                                old_version: {
                                    "value": {**envelope, "api_version": old_version, "data": flat}
                                },
                            },
                        }
                    },
                },
                "responses": {"2XX": {"description": "Received; nothing is sent again."}},
            }
        }
    return section


AUTHORIZE_PATH = {
    "get": {
        "tags": ["OAuth 2.0"],
        "summary": "Ask a person for access (authorization code with PKCE)",
        "description": "Send the person's browser here. They sign in (or sign up) at Cleavr "
        "and see the consent page; then the browser comes back to `redirect_uri` with "
        "`code`, `state` and `iss` (RFC 9207), or `error` and `error_description`. An unknown "
        "`client_id` or a `redirect_uri` that is not exactly a registered one answers an "
        "HTML error page (400), never a redirect. One sign-in is one grant per platform: the "
        "tokens act for the account that signed in (`GET /v1/me` → `account_id`).",
        "parameters": [
            {"name": n, "in": "query", "required": r, "description": d, "schema": sch}
            for n, r, d, sch in [
                ("client_id", True, "Your platform's `plat_…` id.", {"type": "string"}),
                (
                    "redirect_uri",
                    True,
                    "Exactly one of your registered redirect URIs.",
                    {"type": "string", "format": "uri"},
                ),
                ("response_type", True, "`code`.", {"const": "code"}),
                ("scope", True, "Space-separated scopes.", {"type": "string"}),
                ("state", True, "Your CSRF value, returned as is.", {"type": "string"}),
                (
                    "code_challenge",
                    False,
                    "PKCE: base64url SHA-256 of the verifier (required for public clients).",
                    {"type": "string"},
                ),
                ("code_challenge_method", False, "`S256` only.", {"const": "S256"}),
                (
                    "prompt",
                    False,
                    "`consent` shows the consent page even if it was given before.",
                    {"const": "consent"},
                ),
            ]
        ],
        "responses": {
            "200": {
                "description": "The sign-in or consent page (HTML).",
                "content": {"text/html": {"schema": {"type": "string"}}},
            },
            "303": {
                "description": "Back to `redirect_uri?code=auth_code_…&state=…&iss=…`, or with "
                "`error` (`invalid_request`, `unsupported_response_type`, `invalid_scope`, "
                "`access_denied`), `error_description`, `state` and `iss`.",
                "headers": {
                    "Location": {
                        "schema": {"type": "string"},
                        "example": "https://platform.example/callback?code=auth_code_…"
                        "&state=af0ifjsldkj&iss=https%3A%2F%2Fapi.cleavr.fr",
                    }
                },
            },
            "400": {
                "description": "Unknown client or unregistered redirect URI (HTML page).",
                "content": {"text/html": {"schema": {"type": "string"}}},
            },
        },
    }
}


def install(app: FastAPI) -> None:
    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description + "\n\n" + error_codes_markdown(),
            routes=app.routes,
        )
        schema["openapi"] = "3.1.0"
        components = schema.setdefault("components", {})
        components.setdefault("securitySchemes", {})["oauth2"] = {
            "type": "oauth2",
            "description": "Authorization code with PKCE; send `Authorization: Bearer clv_tok_…`.",
            "flows": {
                "authorizationCode": {
                    "authorizationUrl": "/oauth/authorize",
                    "tokenUrl": "/oauth/token",
                    "refreshUrl": "/oauth/token",
                    "scopes": {s.value: s.description for s in Scope},
                }
            },
        }
        version_param = {
            "name": "Cleavr-Version",
            "in": "header",
            "required": False,
            "description": "API version; default: your platform's pinned version. Echoed back.",
            "schema": {"type": "string", "enum": list(VERSIONS), "default": LATEST},
        }
        idempotency_param = {
            "name": "Idempotency-Key",
            "in": "header",
            "required": False,
            "description": "Makes a POST safe to retry for 24 hours (scoped to your grant).",
            "schema": {"type": "string", "minLength": 1, "maxLength": 255},
        }
        for path, operations in schema.get("paths", {}).items():
            if not path.startswith("/v1/"):
                continue
            for method, operation in operations.items():
                # Validation failures answer 400 with the envelope, never FastAPI's 422.
                operation.get("responses", {}).pop("422", None)
                # Any of them refuses an unknown Cleavr-Version or a control character.
                operation.setdefault("responses", {}).setdefault("400", _INVALID_REQUEST)
                params = operation.setdefault("parameters", [])
                params.append(version_param)
                if method == "post":
                    params.append(idempotency_param)
                operation["security"] = [{"oauth2": []}]
        schema["paths"]["/oauth/authorize"] = AUTHORIZE_PATH
        # FastAPI's 422 shapes: never answered (validation failures are 400 envelopes).
        for unused in ("HTTPValidationError", "ValidationError"):
            components.get("schemas", {}).pop(unused, None)
        schema["webhooks"] = webhooks_section(components.setdefault("schemas", {}))
        _describe_properties(components.get("schemas", {}))
        _refuse_control_characters(schema)
        _add_examples(schema)
        app.openapi_schema = schema
        return schema

    app.openapi = build  # type: ignore[method-assign]
