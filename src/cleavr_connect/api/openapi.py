"""What the OpenAPI document says about the conventions every `/v1` endpoint shares."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field

from cleavr_connect.errors import ERROR_CODES, FIELD_ERROR_CODES
from cleavr_connect.scopes import Scope
from cleavr_connect.versions import LATEST, VERSIONS


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

FIELD_ERRORS_INTRO = (
    "A validation failure answers 400 with every invalid field in `errors` as "
    "`{param, code, message}`; its `error.code` and `param` are those of the first one."
)


def error_codes_markdown() -> str:
    """The two code lists of `/docs/errors`, for the document's description."""
    top = "\n".join(
        f"- `{code}` ({entry.status}): {entry.meaning}" for code, entry in ERROR_CODES.items()
    )
    fields = "\n".join(f"- `{code}`: {text}" for code, text in FIELD_ERROR_CODES.items())
    return f"## Error codes\n\n{top}\n\n## Field error codes\n\n{FIELD_ERRORS_INTRO}\n\n{fields}"


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
            "schema": {"type": "string", "maxLength": 255},
        }
        for path, operations in schema.get("paths", {}).items():
            if not path.startswith("/v1/"):
                continue
            for method, operation in operations.items():
                # Validation failures answer 400 with the envelope, never FastAPI's 422.
                operation.get("responses", {}).pop("422", None)
                params = operation.setdefault("parameters", [])
                params.append(version_param)
                if method == "post":
                    params.append(idempotency_param)
                operation["security"] = [{"oauth2": []}]
        app.openapi_schema = schema
        return schema

    app.openapi = build  # type: ignore[method-assign]
