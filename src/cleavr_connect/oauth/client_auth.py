"""RFC 6749 §2.3 client authentication: client_secret_basic, client_secret_post, or none."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import unquote_plus

from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.audit import service as audit
from cleavr_connect.crypto import KeyRing
from cleavr_connect.oauth.errors import InvalidClient, InvalidRequest
from cleavr_connect.platforms.repository import AuthClient
from cleavr_connect.platforms.service import secret_matches
from cleavr_connect.text import has_control_characters
from cleavr_connect.throttle import CLIENT_AUTH, FailureThrottle

BASIC = "client_secret_basic"
POST = "client_secret_post"
NONE = "none"


@dataclass(frozen=True)
class ClientCredentials:
    client_id: str
    secret: str | None
    method: str


def extract(authorization: str | None, form: dict[str, str]) -> ClientCredentials:
    """Reads the credentials; two methods in one request is `invalid_request` (RFC 6749 §2.3)."""
    form_id = form.get("client_id")
    form_secret = form.get("client_secret")
    if authorization and authorization[:6].lower() == "basic ":
        if form_secret is not None:
            raise InvalidRequest(
                "Use one client authentication method: HTTP Basic or client_secret in the body, "
                "not both."
            )
        try:
            decoded = base64.b64decode(authorization[6:].strip(), validate=True).decode()
            raw_id, sep, raw_secret = decoded.partition(":")
        # binascii.Error and UnicodeDecodeError are ValueErrors, and so is a header that is not
        # even ASCII (HTTP headers arrive as Latin-1): all are malformed Basic credentials.
        except ValueError as exc:
            raise InvalidClient(
                "The Authorization header is not valid HTTP Basic.",
                headers={"WWW-Authenticate": 'Basic realm="cleavr"'},
            ) from exc
        if not sep:
            raise InvalidClient(
                "The Authorization header is not valid HTTP Basic.",
                headers={"WWW-Authenticate": 'Basic realm="cleavr"'},
            )
        # RFC 6749 §2.3.1: both parts are form-urlencoded before being joined.
        client_id, secret = unquote_plus(raw_id), unquote_plus(raw_secret)
        if has_control_characters(client_id) or has_control_characters(secret):
            # As in the body: no client id or secret holds one (nor can PostgreSQL look it up).
            raise InvalidRequest("The HTTP Basic credentials contain control characters.")
        if form_id is not None and form_id != client_id:
            raise InvalidRequest("client_id in the body does not match the HTTP Basic client.")
        return ClientCredentials(client_id, secret, BASIC)
    if authorization:
        raise InvalidRequest("Only HTTP Basic client authentication is accepted in headers.")
    if not form_id:
        raise InvalidClient("Client authentication is required: send client_id.")
    if form_secret is not None:
        return ClientCredentials(form_id, form_secret, POST)
    return ClientCredentials(form_id, None, NONE)


class ClientThrottled(InvalidClient):
    """Still `invalid_client` (the RFC 6749 §5.2 code for a failed client authentication), with
    429 and Retry-After: the sender of wrong secrets is told to slow down."""

    status_code = 429


def _failure(creds: ClientCredentials, message: str, wait: int | None) -> InvalidClient:
    headers = {"WWW-Authenticate": 'Basic realm="cleavr"'} if creds.method == BASIC else {}
    if wait is None:
        return InvalidClient(message, headers=headers)
    return ClientThrottled(message, headers={**headers, "Retry-After": str(wait)})


async def authenticate(
    session: Callable[[], AsyncSession],
    keys: KeyRing,
    throttle: FailureThrottle,
    creds: ClientCredentials,
    platform: AuthClient | None,
    *,
    ip: str,
    now: datetime,
) -> AuthClient:
    """`platform` is what `creds.client_id` names (None: nothing), read by the caller, with
    `platforms.repository.get_for_auth` or in one statement with what the request needs next.
    `session` gives the session a failure's audit row is written in (made only then).

    The secret is always checked, and a correct one always passes: `client_id` is public, so
    counting failures per client alone would let anyone lock a platform out. Failures count per
    (client, source address) and only slow down whoever keeps sending wrong secrets."""
    ok = False
    if creds.method == NONE:
        ok = platform is not None and platform.is_public
    elif creds.secret is not None:
        if platform is None or platform.is_public:
            # Hash anyway so an unknown client costs what a known one does.
            keys.hash_token(creds.secret)
        else:
            ok = secret_matches(platform, keys, creds.secret, now)
    if platform is not None and platform.disabled_at is not None:
        ok = False
    if not ok or platform is None:
        throttle_key = f"{creds.client_id}|{ip}"
        wait = await throttle.retry_after(CLIENT_AUTH, throttle_key)
        await throttle.record_failure(CLIENT_AUTH, throttle_key)
        await audit.record(
            session(),
            audit.CLIENT_AUTH_FAILED,
            now=now,
            platform_id=platform.id if platform else None,
            method=creds.method,
        )
        # One message whatever went wrong: an attacker learns nothing about which part failed.
        raise _failure(creds, "Client authentication failed.", wait)
    return platform
