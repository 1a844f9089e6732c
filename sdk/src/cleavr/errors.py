"""The exceptions the SDK raises, and the one map from an HTTP answer to them.

API errors carry what the error envelope says (`status_code`, `code`, `param`, `request_id`,
`body`); OAuth errors carry the RFC 6749 `error` as `code`. Catch `CleavrError` for everything.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from cleavr._retry import retry_after_seconds


class CleavrError(Exception):
    """The base of every error this SDK raises."""


class APIConnectionError(CleavrError):
    """No answer from the server (connection refused, reset, DNS…), after every retry."""

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.request = request


class APITimeoutError(APIConnectionError):
    """The server did not answer in time, after every retry."""


class APIError(CleavrError):
    """The server answered with an error status."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        code: str | None = None,
        type: str | None = None,  # noqa: A002 - the envelope's field name
        param: str | None = None,
        request_id: str | None = None,
        doc_url: str | None = None,
        errors: list[dict[str, Any]] | None = None,
        body: Any = None,
        headers: httpx.Headers | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.code = code
        self.type = type
        self.param = param
        self.request_id = request_id
        self.doc_url = doc_url
        self.errors = errors or []
        self.body = body
        self.headers = headers or httpx.Headers()

    def __str__(self) -> str:
        details = [f"status {self.status_code}"]
        if self.code:
            details.append(f"code {self.code}")
        if self.param:
            details.append(f"param {self.param}")
        if self.request_id:
            details.append(f"request {self.request_id}")
        return f"{self.message} ({', '.join(details)})"


class InvalidRequestError(APIError):
    """400: the request is malformed or fails validation; `param` names the first bad field."""


class AuthenticationError(APIError):
    """401: no valid access token (after one refresh and one retry)."""


class PermissionDeniedError(APIError):
    """403: the token lacks the scope, or a test helper was called with a live token."""


class NotFoundError(APIError):
    """404: no such object for this platform, account and mode."""


class ConflictError(APIError):
    """409: the object's state does not allow this (e.g. an illegal status transition)."""


class UnprocessableEntityError(APIError):
    """422: well-formed but refused by a business rule."""


class RateLimitError(APIError):
    """429: too many requests for this grant, after every retry."""

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asked to wait (`Retry-After`)."""
        return retry_after_seconds(self.headers)


class APIServerError(APIError):
    """5xx: the server failed; retrying later is safe for requests the SDK sent."""


class OAuthError(APIError):
    """An RFC 6749 error from the token or revocation endpoint; `code` is the RFC `error`."""

    @property
    def error(self) -> str | None:
        return self.code


class AuthorizationRequiredError(CleavrError):
    """The platform has no usable grant for this connection: send the person through the
    authorization flow again (`client.oauth.authorization_url`)."""


class NoTokenError(AuthorizationRequiredError):
    """The token store has no token for this grant key."""


class GrantRevokedError(OAuthError, AuthorizationRequiredError):
    """The refresh token was refused (`invalid_grant`): the account disconnected the platform,
    the grant was revoked, or the refresh token expired. Its stored token has been deleted."""


class AuthorizationDeniedError(CleavrError):
    """The callback carries an `error` (e.g. `access_denied`: the person said no)."""

    def __init__(self, error: str, description: str | None = None) -> None:
        super().__init__(f"{error}: {description}" if description else error)
        self.error = error
        self.description = description


class StateMismatchError(CleavrError):
    """The callback's `state` (or `iss`) is not the one this authorization request expects:
    possibly a forged callback (CSRF, RFC 6749 §10.12). Nothing was sent to the server."""


class InvalidWebhookSignatureError(CleavrError):
    """The webhook is not provably from Cleavr: refuse it (answer 400)."""


class TokenStoreError(CleavrError):
    """A stored token could not be read: wrong encryption key, or a corrupted record."""


# The one status -> exception map. Anything else >= 500 is an APIServerError.
STATUS_ERRORS: dict[int, type[APIError]] = {
    400: InvalidRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_class(status_code: int) -> type[APIError]:
    if status_code >= 500:
        return APIServerError
    return STATUS_ERRORS.get(status_code, APIError)


def _body(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content)
    except ValueError:
        return response.text


def error_from_response(response: httpx.Response, *, oauth: bool = False) -> APIError:
    """Reads the error envelope (or the RFC 6749 body of the OAuth endpoints)."""
    body = _body(response)
    request_id = response.headers.get("request-id")
    status = response.status_code
    if oauth and isinstance(body, dict) and isinstance(body.get("error"), str):
        cls: type[APIError] = OAuthError if status < 500 else APIServerError
        return cls(
            str(body.get("error_description") or body["error"]),
            status_code=status,
            code=body["error"],
            request_id=request_id,
            doc_url=body.get("error_uri"),
            body=body,
            headers=response.headers,
        )
    envelope = body.get("error") if isinstance(body, dict) else None
    if isinstance(envelope, dict):
        return error_class(status)(
            str(envelope.get("message") or f"HTTP {status}"),
            status_code=status,
            code=envelope.get("code"),
            type=envelope.get("type"),
            param=envelope.get("param"),
            request_id=envelope.get("request_id") or request_id,
            doc_url=envelope.get("doc_url"),
            errors=envelope.get("errors"),
            body=body,
            headers=response.headers,
        )
    return error_class(status)(
        f"HTTP {status} {response.reason_phrase}".strip(),
        status_code=status,
        request_id=request_id,
        body=body,
        headers=response.headers,
    )
