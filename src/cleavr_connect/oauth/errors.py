"""OAuth errors: one class per RFC error code, carrying the RFC string and HTTP status."""

from __future__ import annotations

from typing import ClassVar

# RFC 6749 §4.1.2.1 and §5.2: `error_description` holds only %x20-21 / %x23-5B / %x5D-7E.
_DESCRIBABLE = frozenset(map(chr, range(0x20, 0x7F))) - {'"', "\\"}
# A description quotes what the client sent ("grant_type 'x' is not supported"): at this length
# it is cut, the client knows the rest.
MAX_DESCRIPTION = 300


def describable(text: str) -> str:
    """`text` in the characters RFC 6749 allows an `error_description`: a double quote becomes
    a single one, anything else outside printable ASCII (a client's "é", a U+202E) a "?"."""
    text = "".join(c if c in _DESCRIBABLE else "'" if c == '"' else "?" for c in text)
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 3] + "..."


class OAuthError(Exception):
    error: ClassVar[str] = "server_error"
    status_code: int = 400  # a class default; an instance may answer with another status

    def __init__(self, description: str, *, headers: dict[str, str] | None = None) -> None:
        description = describable(description)
        super().__init__(description)
        self.description = description
        self.headers = headers or {}

    def body(self, base_url: str) -> dict[str, str]:
        return {
            "error": self.error,
            "error_description": self.description,
            "error_uri": f"{base_url}/docs/errors#{self.error}",
        }


class InvalidRequest(OAuthError):
    error = "invalid_request"


class BodyRefused(InvalidRequest):
    """`invalid_request` with the HTTP status of the refusal: 413 too large, 408 too slow."""

    def __init__(self, description: str, status: int) -> None:
        super().__init__(description, headers={"Connection": "close"})
        self.status_code = status


class InvalidClient(OAuthError):
    error = "invalid_client"
    status_code = 401


class InvalidGrant(OAuthError):
    error = "invalid_grant"


class UnauthorizedClient(OAuthError):
    error = "unauthorized_client"


class UnsupportedGrantType(OAuthError):
    error = "unsupported_grant_type"


class InvalidScope(OAuthError):
    error = "invalid_scope"


class AccessDenied(OAuthError):
    error = "access_denied"
    status_code = 403


class UnsupportedResponseType(OAuthError):
    error = "unsupported_response_type"


# For the public error documentation page (`/docs/errors`), which every `error_uri` points at.
OAUTH_ERRORS: dict[str, str] = {
    "invalid_request": (
        "A required parameter is missing, given twice or malformed (for example a PKCE "
        "code_challenge_method other than S256, or two client authentication methods at once)."
    ),
    "invalid_client": (
        "Client authentication failed: unknown client_id, wrong client_secret, or a disabled "
        "platform. Check your credentials; a rotated secret stops working after its grace period. "
        "After repeated failures from one address the answer is 429 with Retry-After (seconds)."
    ),
    "invalid_grant": (
        "The authorization code or refresh token is invalid, expired, already used, revoked, or "
        "was issued to another client or redirect URI, or the PKCE code_verifier does not match. "
        "Start a new authorization."
    ),
    "unauthorized_client": "This client may not use the requested grant type.",
    "unsupported_grant_type": "Use grant_type=authorization_code or grant_type=refresh_token.",
    "invalid_scope": ("A requested scope is unknown, or wider than the scopes originally granted."),
    "access_denied": "The person declined to grant access.",
    "unsupported_response_type": "Only response_type=code is supported.",
    "unsupported_token_type": "This token type cannot be revoked.",
    "server_error": "An unexpected error on our side. Retry later.",
}
