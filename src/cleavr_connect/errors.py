"""API errors: a small hierarchy mapped to one JSON envelope by one handler (SPEC §4).

OAuth endpoints answer with RFC 6749 bodies instead (see `oauth.errors`); hosted pages answer
with an HTML page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass
class FieldError:
    param: str
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"param": self.param, "code": self.code, "message": self.message}


class ApiError(Exception):
    status_code: ClassVar[int] = 500
    type: ClassVar[str] = "api_error"
    default_code: ClassVar[str] = "internal_error"
    default_message: ClassVar[str] = "Something went wrong on our side. It has been logged."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        param: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.code = code or self.default_code
        self.param = param
        self.headers = headers or {}
        super().__init__(self.message)

    def body(self, request_id: str | None, doc_base: str) -> dict[str, Any]:
        error: dict[str, Any] = {
            "type": self.type,
            "code": self.code,
            "message": self.message,
            "param": self.param,
            "doc_url": f"{doc_base}/docs/errors#{self.code}",
            "request_id": request_id,
        }
        return {"error": error}


class InvalidRequestError(ApiError):
    status_code = 400
    type = "invalid_request_error"
    default_code = "invalid_request"
    default_message = "The request is not valid."


class ValidationError(InvalidRequestError):
    """Every rule violation of one request, reported at once; `param` names the first."""

    default_code = "validation_error"

    def __init__(self, errors: list[FieldError]) -> None:
        if not errors:
            raise ValueError("ValidationError needs at least one FieldError")
        self.errors = errors
        first = errors[0]
        super().__init__(first.message, code=first.code, param=first.param)

    def body(self, request_id: str | None, doc_base: str) -> dict[str, Any]:
        data = super().body(request_id, doc_base)
        data["error"]["errors"] = [e.as_dict() for e in self.errors]
        return data


class AuthenticationError(ApiError):
    status_code = 401
    type = "authentication_error"
    default_code = "unauthenticated"
    default_message = "No valid access token was provided."


class PermissionError_(ApiError):
    status_code = 403
    type = "permission_error"
    default_code = "insufficient_scope"
    default_message = "The access token does not allow this request."


class NotFoundError(ApiError):
    status_code = 404
    type = "not_found_error"
    default_code = "resource_missing"
    default_message = "No such resource."


class ConflictError(ApiError):
    status_code = 409
    type = "conflict_error"
    default_code = "conflict"
    default_message = "The request conflicts with the current state of the resource."


class IdempotencyError(ApiError):
    status_code = 400
    type = "idempotency_error"
    default_code = "idempotency_key_reused"


class RateLimitError(ApiError):
    status_code = 429
    type = "rate_limit_error"
    default_code = "rate_limited"
    default_message = "Too many requests. Retry after the delay in the Retry-After header."


# Every error code the API can answer with, for /docs/errors and the OpenAPI document.
ERROR_CODES: dict[str, str] = {
    "invalid_request": "The request is malformed: read `message` and `param`.",
    "validation_error": "One or more fields are invalid; `errors` lists each of them.",
    "unauthenticated": "No access token, or one that is unknown, expired or revoked.",
    "insufficient_scope": "The access token lacks the scope the endpoint needs.",
    "resource_missing": "No object with this id exists for your platform, account and mode.",
    "conflict": "The request conflicts with the current state of the object.",
    "idempotency_key_reused": "The Idempotency-Key was used with a different request body.",
    "rate_limited": "Too many requests for this grant; wait for Retry-After seconds.",
    "invalid_api_version": "The Cleavr-Version header names a version that does not exist.",
    "internal_error": "An unexpected error on our side. Retry later; quote the request id.",
}
