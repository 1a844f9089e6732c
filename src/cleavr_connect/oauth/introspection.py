"""RFC 7662 introspection: a platform learns about its own tokens only.

Resource servers call it on every request they serve: after client authentication it is one
read of the token's row, outside any transaction (nothing is written).
"""

from __future__ import annotations

from typing import Any

from cleavr_connect.crypto import ACCESS_TOKEN_PREFIX, REFRESH_TOKEN_PREFIX, is_well_formed
from cleavr_connect.db.engine import Database
from cleavr_connect.oauth import repository as repo
from cleavr_connect.oauth.errors import InvalidRequest
from cleavr_connect.platforms.repository import AuthClient
from cleavr_connect.runtime import Runtime

INACTIVE: dict[str, Any] = {"active": False}


async def introspect(
    db: Database, rt: Runtime, platform: AuthClient, form: dict[str, str]
) -> dict[str, Any]:
    token = form.get("token")
    if not token:
        raise InvalidRequest("The token parameter is required.")
    now = rt.clock.now()
    if is_well_formed(token, ACCESS_TOKEN_PREFIX):
        token_type = "access_token"
    elif is_well_formed(token, REFRESH_TOKEN_PREFIX):
        token_type = "refresh_token"
    else:
        return INACTIVE
    row = await repo.token_for_introspection(db, token_type, rt.keys.hash_token(token))
    if row is None:
        return INACTIVE
    platform_id, account_id, grant_id, scopes, created_at, expires_at, revoked_at, rotated = row
    if platform_id != platform.id or revoked_at is not None or rotated is not None:
        return INACTIVE
    if now >= expires_at:
        return INACTIVE
    return {
        "active": True,
        "scope": scopes,
        "client_id": platform.id,
        "token_type": token_type,
        "exp": int(expires_at.timestamp()),
        "iat": int(created_at.timestamp()),
        "sub": account_id,
        "iss": rt.settings.issuer,
        "livemode": platform.livemode,
        "grant_id": grant_id,
    }
