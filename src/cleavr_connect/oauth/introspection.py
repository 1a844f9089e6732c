"""RFC 7662 introspection: a platform learns about its own tokens only.

Resource servers call it on every request they serve: the token's row is read in the same
statement as the client's authentication (`Read`), outside any transaction (nothing is written),
and only looked at once the client has authenticated.
"""

from __future__ import annotations

from typing import Any

from cleavr_connect.crypto import ACCESS_TOKEN_PREFIX, REFRESH_TOKEN_PREFIX, is_well_formed
from cleavr_connect.db.engine import Database
from cleavr_connect.oauth import repository as repo
from cleavr_connect.oauth.errors import InvalidRequest
from cleavr_connect.platforms import repository as platforms_repo
from cleavr_connect.platforms.repository import AuthClient
from cleavr_connect.runtime import Runtime

INACTIVE: dict[str, Any] = {"active": False}


def _token_type(token: str | None) -> str | None:
    if token and is_well_formed(token, ACCESS_TOKEN_PREFIX):
        return "access_token"
    if token and is_well_formed(token, REFRESH_TOKEN_PREFIX):
        return "refresh_token"
    return None  # not one of ours: inactive without a read


class Read:
    """One request's reads: the client, with the token's row when the token is well formed."""

    def __init__(self, rt: Runtime) -> None:
        self._rt = rt
        self.token_row: tuple[Any, ...] | None = None

    async def client_and_token(
        self, db: Database, client_id: str, form: dict[str, str]
    ) -> AuthClient | None:
        token = form.get("token")
        token_type = _token_type(token)
        if token is None or token_type is None:
            return await platforms_repo.get_for_auth(db, client_id)
        client, self.token_row = await repo.client_and_token(
            db, client_id, token_type, self._rt.keys.hash_token(token)
        )
        return client


async def introspect(
    rt: Runtime, platform: AuthClient, form: dict[str, str], read: Read
) -> dict[str, Any]:
    """The answer for `platform`, once authenticated, from what `read` found."""
    token = form.get("token")
    if not token:
        raise InvalidRequest("The token parameter is required.")
    token_type = _token_type(token)
    if token_type is None or read.token_row is None:
        return INACTIVE
    platform_id, account_id, grant_id, scopes, created_at, expires_at, revoked_at, rotated = (
        read.token_row
    )
    if platform_id != platform.id or revoked_at is not None or rotated is not None:
        return INACTIVE
    if rt.clock.now() >= expires_at:
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
