"""RFC 6749 §4.1.1 authorization requests, consent memory and code issuance.

Errors split in two, as RFC 6749 §4.1.2.1 requires: a request we cannot trust to redirect
(unknown client, redirect URI not registered) shows an error page; every other error goes back
to the client's redirect URI.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode, urlsplit, urlunsplit

from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect import scopes as scope_rules
from cleavr_connect.audit import service as audit
from cleavr_connect.crypto import CODE_PREFIX, generate_token
from cleavr_connect.ids import new_id
from cleavr_connect.models import Account, Grant, Platform
from cleavr_connect.oauth import pkce
from cleavr_connect.oauth import repository as repo
from cleavr_connect.oauth.errors import (
    InvalidRequest,
    InvalidScope,
    OAuthError,
    UnsupportedResponseType,
    describable,
)
from cleavr_connect.platforms import repository as platforms_repo
from cleavr_connect.runtime import Runtime
from cleavr_connect.text import has_control_characters

_SINGLE_VALUED = (
    "client_id",
    "redirect_uri",
    "response_type",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
    "prompt",
)


class UntrustedRequest(Exception):
    """No redirect is safe: the page explains the problem to the person instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RedirectError(Exception):
    """An OAuth error to send back to the client's (verified) redirect URI."""

    def __init__(self, error: OAuthError, redirect_uri: str, state: str | None) -> None:
        super().__init__(error.description)
        self.error = error
        self.redirect_uri = redirect_uri
        self.state = state


@dataclass(frozen=True)
class AuthorizationRequest:
    platform: Platform
    redirect_uri: str
    scopes: list[str]
    state: str
    code_challenge: str | None
    prompt: str | None

    @property
    def scope_string(self) -> str:
        return scope_rules.normalize(self.scopes)


def redirect_with(redirect_uri: str, params: dict[str, str]) -> str:
    """Adds our parameters to the registered URI, keeping any query it already has."""
    parts = urlsplit(redirect_uri)
    query = parts.query + ("&" if parts.query else "") + urlencode(params)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


async def validate(session: AsyncSession, items: list[tuple[str, str]]) -> AuthorizationRequest:
    counts: dict[str, int] = {}
    values: dict[str, str] = {}
    for key, value in items:
        counts[key] = counts.get(key, 0) + 1
        values.setdefault(key, value)
    tainted = [k for k, v in items if has_control_characters(k) or has_control_characters(v)]

    client_id = values.get("client_id")
    if "client_id" in tainted or "redirect_uri" in tainted:
        raise UntrustedRequest("The client_id or redirect_uri contains control characters.")
    if not client_id or counts["client_id"] > 1:
        raise UntrustedRequest("The request must name exactly one client_id.")
    platform = await platforms_repo.get(session, client_id)
    if platform is None or platform.disabled_at is not None:
        raise UntrustedRequest("This application is not registered with Cleavr.")
    redirect_uri = values.get("redirect_uri")
    if not redirect_uri or counts["redirect_uri"] > 1:
        raise UntrustedRequest("The request must carry exactly one redirect_uri.")
    # RFC 9700 §4.1.3: exact string comparison, nothing normalised.
    if redirect_uri not in platform.redirect_uris:
        raise UntrustedRequest(
            "The redirect_uri is not one this application registered, so we will not send "
            "you there."
        )

    state = values.get("state")
    duplicated = [k for k in _SINGLE_VALUED if counts.get(k, 0) > 1]

    def fail(error: OAuthError) -> RedirectError:
        return RedirectError(error, redirect_uri, state if counts.get("state", 0) == 1 else None)

    if tainted:
        return_state = state if state and not has_control_characters(state) else None
        raise RedirectError(
            InvalidRequest(f"Parameter {tainted[0]!r} contains control characters."),
            redirect_uri,
            return_state,
        )
    if duplicated:
        raise fail(InvalidRequest(f"Parameter {duplicated[0]!r} was given more than once."))
    if not state:
        raise fail(InvalidRequest("The state parameter is required."))
    response_type = values.get("response_type")
    if not response_type:
        raise fail(InvalidRequest("The response_type parameter is required."))
    if response_type != "code":
        raise fail(UnsupportedResponseType("Only response_type=code is supported."))

    requested = scope_rules.parse_scope_string(values.get("scope", ""))
    if not requested:
        raise fail(InvalidScope("Request at least one scope."))
    unknown = scope_rules.unknown_scopes(requested)
    if unknown:
        raise fail(InvalidScope(f"Unknown scope {unknown[0]!r}."))

    challenge = values.get("code_challenge")
    method = values.get("code_challenge_method")
    if challenge is None and method is not None:
        raise fail(InvalidRequest("code_challenge_method was given without a code_challenge."))
    if challenge is not None:
        # RFC 7636 §4.3: an absent method means "plain", which we refuse.
        if method != "S256":
            raise fail(InvalidRequest("code_challenge_method must be S256."))
        if not pkce.is_valid_challenge(challenge):
            raise fail(InvalidRequest("code_challenge must be 43 base64url characters."))
    elif platform.require_pkce:
        raise fail(InvalidRequest("This client must use PKCE: send code_challenge with S256."))

    return AuthorizationRequest(
        platform=platform,
        redirect_uri=redirect_uri,
        scopes=requested,
        state=state,
        code_challenge=challenge,
        prompt=values.get("prompt"),
    )


async def remembered(
    session: AsyncSession, request: AuthorizationRequest, account: Account
) -> Grant | None:
    """The active grant when it already covers every requested scope (consent is remembered)."""
    if request.prompt == "consent":
        return None
    grant = await repo.active_grant(session, request.platform.id, account.id)
    if grant is None or not set(request.scopes) <= set(grant.scopes.split()):
        return None
    return grant


async def approve(
    session: AsyncSession,
    rt: Runtime,
    request: AuthorizationRequest,
    account: Account,
    *,
    consented: bool,
) -> str:
    """Records consent (when given now), issues a code and returns the redirect URL."""
    now = rt.clock.now()
    grant = await repo.active_grant(session, request.platform.id, account.id)
    if grant is None:
        grant = Grant(
            id=new_id("grt"),
            platform_id=request.platform.id,
            account_id=account.id,
            livemode=request.platform.livemode,
            scopes=request.scope_string,
            created_at=now,
            updated_at=now,
        )
        session.add(grant)
    else:
        merged = set(grant.scopes.split()) | set(request.scopes)
        grant.scopes = scope_rules.normalize(merged)
        grant.updated_at = now
    await session.flush()
    if consented:
        await audit.record(
            session,
            audit.CONSENT_GRANTED,
            now=now,
            account_id=account.id,
            platform_id=request.platform.id,
            grant_id=grant.id,
            scopes=request.scope_string,
        )
    code = generate_token(CODE_PREFIX)
    await repo.add_code(
        session,
        code_hash=rt.keys.hash_token(code),
        family_id=new_id("fam"),
        grant_id=grant.id,
        platform_id=request.platform.id,
        redirect_uri=request.redirect_uri,
        scopes=request.scope_string,
        code_challenge=request.code_challenge,
        created_at=now,
        expires_at=now + timedelta(seconds=rt.settings.code_ttl),
    )
    return redirect_with(
        request.redirect_uri, {"code": code, "state": request.state, "iss": rt.settings.issuer}
    )


async def deny(
    session: AsyncSession, rt: Runtime, request: AuthorizationRequest, account: Account
) -> str:
    await audit.record(
        session,
        audit.CONSENT_DENIED,
        now=rt.clock.now(),
        account_id=account.id,
        platform_id=request.platform.id,
    )
    return error_redirect(
        rt, request.redirect_uri, "access_denied", "The person declined.", request.state
    )


def error_redirect(
    rt: Runtime, redirect_uri: str, error: str, description: str, state: str | None
) -> str:
    params = {"error": error, "error_description": describable(description)}
    if state is not None:
        params["state"] = state
    params["iss"] = rt.settings.issuer  # RFC 9207: on errors too
    return redirect_with(redirect_uri, params)
