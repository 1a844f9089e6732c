"""RFC 7662 introspection: a platform learns about its own tokens only."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.crypto import ACCESS_TOKEN_PREFIX, REFRESH_TOKEN_PREFIX, is_well_formed
from cleavr_connect.models import AccessToken, RefreshToken
from cleavr_connect.oauth.errors import InvalidRequest
from cleavr_connect.platforms.repository import AuthClient
from cleavr_connect.runtime import Runtime

INACTIVE: dict[str, Any] = {"active": False}


async def introspect(
    session: AsyncSession, rt: Runtime, platform: AuthClient, form: dict[str, str]
) -> dict[str, Any]:
    token = form.get("token")
    if not token:
        raise InvalidRequest("The token parameter is required.")
    now = rt.clock.now()
    row: AccessToken | RefreshToken | None
    if is_well_formed(token, ACCESS_TOKEN_PREFIX):
        row, token_type = await session.get(AccessToken, rt.keys.hash_token(token)), "access_token"
    elif is_well_formed(token, REFRESH_TOKEN_PREFIX):
        row, token_type = (
            await session.get(RefreshToken, rt.keys.hash_token(token)),
            "refresh_token",
        )
    else:
        return INACTIVE
    if row is None or row.platform_id != platform.id or row.revoked_at is not None:
        return INACTIVE
    if now >= row.expires_at or (isinstance(row, RefreshToken) and row.rotated_at is not None):
        return INACTIVE
    return {
        "active": True,
        "scope": row.scopes,
        "client_id": platform.id,
        "token_type": token_type,
        "exp": int(row.expires_at.timestamp()),
        "iat": int(row.created_at.timestamp()),
        "sub": row.account_id,
        "iss": rt.settings.issuer,
        "livemode": platform.livemode,
        "grant_id": row.grant_id,
    }
