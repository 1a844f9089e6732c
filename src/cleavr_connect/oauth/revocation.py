"""RFC 7009 token revocation. The prefix tells the token type, so a wrong hint changes nothing."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.audit import service as audit
from cleavr_connect.clock import isoformat
from cleavr_connect.crypto import ACCESS_TOKEN_PREFIX, REFRESH_TOKEN_PREFIX, is_well_formed
from cleavr_connect.events import service as events
from cleavr_connect.models import AccessToken
from cleavr_connect.oauth import repository as repo
from cleavr_connect.oauth.errors import InvalidRequest
from cleavr_connect.ownership import Owner
from cleavr_connect.platforms.repository import AuthClient
from cleavr_connect.runtime import Runtime


async def revoke(
    session: AsyncSession, rt: Runtime, platform: AuthClient, form: dict[str, str]
) -> None:
    """Always succeeds for unknown, foreign or already revoked tokens (RFC 7009 §2.2)."""
    token = form.get("token")
    if not token:
        raise InvalidRequest("The token parameter is required.")
    now = rt.clock.now()
    token_hash = rt.keys.hash_token(token)
    if is_well_formed(token, ACCESS_TOKEN_PREFIX):
        row = await session.get(AccessToken, token_hash)
        if row is not None and row.platform_id == platform.id and row.revoked_at is None:
            await repo.revoke_access_token(session, token_hash, now)
            await audit.record(
                session,
                audit.TOKEN_REVOKED,
                now=now,
                platform_id=platform.id,
                grant_id=row.grant_id,
                token_type="access_token",
            )
    elif is_well_formed(token, REFRESH_TOKEN_PREFIX):
        ref = await repo.refresh_token_by_hash(session, token_hash)
        if ref is not None and ref.platform_id == platform.id and ref.revoked_at is None:
            # RFC 7009 §2.1: revoking a refresh token ends the authorization it stood for.
            await repo.revoke_grant(session, ref.grant_id, "revoked_by_platform", now)
            await audit.record(
                session,
                audit.GRANT_REVOKED,
                now=now,
                platform_id=platform.id,
                grant_id=ref.grant_id,
                by="platform",
            )


async def revoke_connection(
    session: AsyncSession, rt: Runtime, account_id: str, grant_id: str
) -> bool:
    """The account disconnects a platform: its tokens die at once. False if not this account's."""
    grant = await repo.grant_by_id(session, grant_id)
    if grant is None or grant.account_id != account_id or grant.revoked_at is not None:
        return False
    now = rt.clock.now()
    await repo.revoke_grant(session, grant.id, "revoked_by_account", now)
    await audit.record(
        session,
        audit.GRANT_REVOKED,
        now=now,
        account_id=account_id,
        platform_id=grant.platform_id,
        grant_id=grant.id,
        by="account",
    )
    # The platform hears of it through its webhooks (SPEC §3), in this same transaction.
    await events.record(
        session,
        "grant.revoked",
        owner=Owner(grant.platform_id, grant.account_id, grant.livemode),
        obj={
            "id": grant.id,
            "object": "grant",
            "platform_id": grant.platform_id,
            "account_id": grant.account_id,
            "scopes": grant.scopes.split(),
            "revoked_at": isoformat(now),
        },
        now=now,
    )
    return True
