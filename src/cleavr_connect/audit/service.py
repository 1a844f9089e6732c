"""The security audit trail: written in the caller's transaction, with the request id."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.context import current_ip, current_request_id
from cleavr_connect.ids import new_id
from cleavr_connect.models import AuditEvent

# Event types, so tests and operators can rely on them.
SIGNIN_FAILED = "account.signin_failed"
SIGNIN_SUCCEEDED = "account.signin_succeeded"
SIGNIN_THROTTLED = "account.signin_throttled"
ACCOUNT_CREATED = "account.created"
CONSENT_GRANTED = "oauth.consent_granted"
CONSENT_DENIED = "oauth.consent_denied"
CLIENT_AUTH_FAILED = "oauth.client_auth_failed"
CODE_REPLAYED = "oauth.code_replayed"
REFRESH_REUSED = "oauth.refresh_token_reused"
TOKEN_REVOKED = "oauth.token_revoked"
GRANT_REVOKED = "oauth.grant_revoked"
SECRET_ROTATED = "platform.secret_rotated"
PLATFORM_CREATED = "platform.created"
PLATFORM_DISABLED = "platform.disabled"

_FORBIDDEN_DETAIL_WORDS = ("secret", "password", "authorization")
_FORBIDDEN_DETAIL_KEYS = {"token", "code", "access_token", "refresh_token", "code_verifier"}


async def record(
    session: AsyncSession,
    type_: str,
    *,
    now: datetime,
    account_id: str | None = None,
    platform_id: str | None = None,
    grant_id: str | None = None,
    **details: Any,
) -> None:
    for key in details:
        # Defence in depth: a detail named like a credential is a programming error.
        lowered = key.lower()
        if lowered in _FORBIDDEN_DETAIL_KEYS or any(w in lowered for w in _FORBIDDEN_DETAIL_WORDS):
            raise ValueError(f"audit detail {key!r} looks like a secret")
    await session.execute(
        insert(AuditEvent).values(
            id=new_id("aud"),
            type=type_,
            created_at=now,
            request_id=current_request_id(),
            ip=current_ip(),
            account_id=account_id,
            platform_id=platform_id,
            grant_id=grant_id,
            details=details,
        )
    )
