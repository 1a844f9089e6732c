from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.db.engine import Database
from cleavr_connect.models import Platform


@dataclass(frozen=True, slots=True)
class AuthClient:
    """What the token, revocation and introspection endpoints need of a platform."""

    id: str
    livemode: bool
    is_public: bool
    disabled_at: datetime | None
    client_secret_hash: str | None
    previous_secret_hash: str | None
    previous_secret_expires_at: datetime | None


async def get(session: AsyncSession, platform_id: str) -> Platform | None:
    return await session.get(Platform, platform_id)


# The columns of `AuthClient`, in its order (a read that authenticates the client in the same
# statement as something else selects these too: `oauth.repository.client_and_token`).
AUTH_CLIENT_COLUMNS = tuple(f.name for f in fields(AuthClient))
_AUTH_CLIENT = select(*(getattr(Platform, c) for c in AUTH_CLIENT_COLUMNS)).where(
    Platform.id == bindparam("id")
)
_PG_AUTH_CLIENT = """
SELECT id, livemode, is_public, disabled_at, client_secret_hash, previous_secret_hash,
       previous_secret_expires_at
FROM platforms WHERE id = $1
"""


async def get_for_auth(db: Database, platform_id: str) -> AuthClient | None:
    """Client authentication's read (every token request): one autocommit statement, outside the
    request's transaction, which then only begins if the request writes through the ORM."""
    if db.direct is not None:
        record = await db.direct.fetchrow(_PG_AUTH_CLIENT, platform_id, read_only=True)
        return AuthClient(*record) if record is not None else None
    async with db.autocommit.connect() as conn:
        row = (await conn.execute(_AUTH_CLIENT, {"id": platform_id})).first()
    return AuthClient(*row) if row is not None else None


async def list_all(session: AsyncSession) -> list[Platform]:
    result = await session.execute(select(Platform).order_by(Platform.created_at.desc()))
    return list(result.scalars())
