"""The token endpoint's grants (RFC 6749 §4.1.3 and §6) with the RFC 9700 protections:
single-use codes whose replay revokes what they issued, and rotating refresh tokens whose reuse
revokes the whole grant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect import scopes as scope_rules
from cleavr_connect.audit import service as audit
from cleavr_connect.crypto import (
    ACCESS_TOKEN_PREFIX,
    CODE_PREFIX,
    REFRESH_TOKEN_PREFIX,
    generate_token,
    is_well_formed,
)
from cleavr_connect.db.engine import Database
from cleavr_connect.oauth import pkce
from cleavr_connect.oauth import repository as repo
from cleavr_connect.oauth.client_auth import ClientCredentials
from cleavr_connect.oauth.errors import (
    InvalidGrant,
    InvalidRequest,
    InvalidScope,
    UnsupportedGrantType,
)
from cleavr_connect.platforms.repository import AuthClient
from cleavr_connect.runtime import Runtime


@dataclass(frozen=True)
class TokenResponse:
    access_token: str
    refresh_token: str
    expires_in: int
    scope: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "access_token": self.access_token,
            "token_type": "Bearer",
            "expires_in": self.expires_in,
            "refresh_token": self.refresh_token,
            "scope": self.scope,
        }


def _require(form: dict[str, str], name: str) -> str:
    value = form.get(name)
    if not value:
        raise InvalidRequest(f"The {name} parameter is required.")
    return value


@dataclass(frozen=True)
class _NewPair:
    """A fresh access + refresh token and what is stored of them: hashes and expiries."""

    access: str
    refresh: str
    access_hash: str
    refresh_hash: str
    access_expires_at: datetime
    # Refresh tokens die after 90 days unused: each rotation starts a new period.
    refresh_expires_at: datetime

    @classmethod
    def mint(cls, rt: Runtime, now: datetime) -> _NewPair:
        access = generate_token(ACCESS_TOKEN_PREFIX)
        refresh = generate_token(REFRESH_TOKEN_PREFIX)
        return cls(
            access,
            refresh,
            rt.keys.hash_token(access),
            rt.keys.hash_token(refresh),
            now + timedelta(seconds=rt.settings.access_token_ttl),
            now + timedelta(seconds=rt.settings.refresh_token_idle_ttl),
        )

    def response(self, rt: Runtime, scopes: str) -> TokenResponse:
        return TokenResponse(self.access, self.refresh, rt.settings.access_token_ttl, scopes)


async def _issue(
    session: AsyncSession,
    rt: Runtime,
    *,
    platform: AuthClient,
    grant_id: str,
    account_id: str,
    family_id: str,
    access_scopes: str,
    refresh_scopes: str,
    now: datetime,
) -> TokenResponse:
    pair = _NewPair.mint(rt, now)
    common = {
        "grant_id": grant_id,
        "family_id": family_id,
        "platform_id": platform.id,
        "account_id": account_id,
        "created_at": now,
    }
    await repo.add_token_pair(
        session,
        access={
            **common,
            "token_hash": pair.access_hash,
            "livemode": platform.livemode,
            "scopes": access_scopes,
            "expires_at": pair.access_expires_at,
        },
        refresh={
            **common,
            "token_hash": pair.refresh_hash,
            "scopes": refresh_scopes,
            "expires_at": pair.refresh_expires_at,
        },
    )
    return pair.response(rt, access_scopes)


async def exchange_code(
    session: AsyncSession, rt: Runtime, platform: AuthClient, form: dict[str, str]
) -> TokenResponse:
    now = rt.clock.now()
    code = _require(form, "code")
    redirect_uri = _require(form, "redirect_uri")
    verifier = form.get("code_verifier")
    if not is_well_formed(code, CODE_PREFIX):
        raise InvalidGrant("The authorization code is invalid or has expired.")
    code_hash = rt.keys.hash_token(code)
    row = await repo.code_by_hash(session, code_hash)
    if row is None or row.platform_id != platform.id:
        raise InvalidGrant("The authorization code is invalid or has expired.")
    # Spend the code before checking anything else: a failed attempt burns it too.
    if not await repo.consume_code(session, code_hash, now):
        await repo.revoke_family(session, row.family_id, now)
        await audit.record(
            session,
            audit.CODE_REPLAYED,
            now=now,
            platform_id=platform.id,
            grant_id=row.grant_id,
        )
        raise InvalidGrant(
            "The authorization code was already used; every token issued from it is revoked."
        )
    if now >= row.expires_at:
        raise InvalidGrant("The authorization code is invalid or has expired.")
    if redirect_uri != row.redirect_uri:
        raise InvalidGrant("redirect_uri does not match the one of the authorization request.")
    if row.code_challenge is not None:
        if not verifier:
            raise InvalidGrant("code_verifier is required: the authorization used PKCE.")
        if not pkce.verify(verifier, row.code_challenge):
            raise InvalidGrant("code_verifier does not match the code_challenge.")
    elif verifier:
        # RFC 9700 §2.1.1: a verifier for a code issued without a challenge is a downgrade.
        raise InvalidGrant("code_verifier was sent but the authorization used no code_challenge.")
    grant = await repo.grant_by_id(session, row.grant_id)
    if grant is None or grant.revoked_at is not None:
        raise InvalidGrant("The access this code stood for has been revoked.")
    return await _issue(
        session,
        rt,
        platform=platform,
        grant_id=grant.id,
        account_id=grant.account_id,
        family_id=row.family_id,
        access_scopes=row.scopes,
        refresh_scopes=row.scopes,
        now=now,
    )


async def refresh(
    db: Database, session: AsyncSession, rt: Runtime, platform: AuthClient, form: dict[str, str]
) -> TokenResponse:
    now = rt.clock.now()
    token = _require(form, "refresh_token")
    requested = scope_rules.parse_scope_string(form["scope"]) if "scope" in form else None
    if requested is not None and scope_rules.unknown_scopes(requested):
        raise InvalidScope(f"Unknown scope {scope_rules.unknown_scopes(requested)[0]!r}.")
    if not is_well_formed(token, REFRESH_TOKEN_PREFIX):
        raise InvalidGrant("The refresh token is invalid, expired or revoked.")
    token_hash = rt.keys.hash_token(token)
    access_scopes: str | None = None
    if requested is not None:
        # Checked before the token is spent, so a refused narrowing leaves it usable.
        current = await repo.refresh_token_by_hash(session, token_hash)
        if current is not None and current.platform_id == platform.id:
            wider = [s for s in requested if s not in current.scopes.split()]
            if wider:
                raise InvalidScope(
                    f"Scope {wider[0]!r} was not granted; a refresh can only narrow."
                )
            if not requested:
                raise InvalidScope("Request at least one scope, or omit the scope parameter.")
            access_scopes = scope_rules.normalize(requested)
    # RFC 6749 §6: the new refresh token keeps the scope of the one it replaces.
    pair = _NewPair.mint(rt, now)
    scopes = await repo.rotate_and_issue(
        db,
        session,
        spent_hash=token_hash,
        platform_id=platform.id,
        livemode=platform.livemode,
        access_hash=pair.access_hash,
        refresh_hash=pair.refresh_hash,
        now=now,
        access_expires_at=pair.access_expires_at,
        refresh_expires_at=pair.refresh_expires_at,
        access_scopes=access_scopes,
    )
    if scopes is None:
        await _diagnose_unspendable(session, token_hash, platform, now)
        raise InvalidGrant("The refresh token is invalid, expired or revoked.")
    return pair.response(rt, access_scopes or scopes)


async def refresh_at_once(
    db: Database, rt: Runtime, creds: ClientCredentials, form: dict[str, str]
) -> dict[str, Any] | None:
    """The refresh grant's usual case — a confidential client with its secret, no narrowing of
    the scope — in one statement on PostgreSQL, which authenticates the client by the keyed hash
    of its secret and spends the token only then. None: not that case, or it did not go
    through (nothing was written): the general path answers, and says why."""
    if (
        not repo.rotation_authenticates(db)
        or creds.secret is None
        or form.get("grant_type") != "refresh_token"
        or "scope" in form
    ):
        return None
    token = form.get("refresh_token")
    if not token or not is_well_formed(token, REFRESH_TOKEN_PREFIX):
        return None
    now = rt.clock.now()
    pair = _NewPair.mint(rt, now)
    scopes = await repo.rotate_and_issue(
        db,
        None,
        spent_hash=rt.keys.hash_token(token),
        platform_id=creds.client_id,
        livemode=None,
        access_hash=pair.access_hash,
        refresh_hash=pair.refresh_hash,
        now=now,
        access_expires_at=pair.access_expires_at,
        refresh_expires_at=pair.refresh_expires_at,
        secret_hash=rt.keys.hash_token(creds.secret),
    )
    return None if scopes is None else pair.response(rt, scopes).as_dict()


async def _diagnose_unspendable(
    session: AsyncSession, token_hash: str, platform: AuthClient, now: datetime
) -> None:
    row = await repo.refresh_token_by_hash(session, token_hash)
    if row is None or row.platform_id != platform.id:
        return
    if row.rotated_at is not None:
        # Reuse of a rotated token means two parties hold it: kill the grant (RFC 9700 §4.14.2).
        await repo.revoke_grant(session, row.grant_id, "refresh_token_reuse", now)
        await audit.record(
            session,
            audit.REFRESH_REUSED,
            now=now,
            platform_id=platform.id,
            grant_id=row.grant_id,
        )


async def token_endpoint(
    db: Database, session: AsyncSession, rt: Runtime, platform: AuthClient, form: dict[str, str]
) -> TokenResponse:
    grant_type = form.get("grant_type")
    if not grant_type:
        raise InvalidRequest("The grant_type parameter is required.")
    if grant_type == "authorization_code":
        return await exchange_code(session, rt, platform, form)
    if grant_type == "refresh_token":
        return await refresh(db, session, rt, platform, form)
    raise UnsupportedGrantType(f"grant_type {grant_type!r} is not supported.")
