"""Component tokens: a platform's backend mints one for one receivable; a page of the platform
hands it to `<cleavr-receivable-status>`. Read-only, single-receivable, short-lived, stored only
as a keyed hash."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.clock import as_utc
from cleavr_connect.crypto import generate_token, is_well_formed
from cleavr_connect.models import ComponentToken, Receivable
from cleavr_connect.ownership import Owner
from cleavr_connect.runtime import Runtime

PREFIX = "clv_cmp_"
TTL = timedelta(minutes=15)


@dataclass(frozen=True)
class Minted:
    token: str
    receivable_id: str
    expires_at: datetime


async def mint(session: AsyncSession, rt: Runtime, owner: Owner, rec: Receivable) -> Minted:
    now = rt.clock.now()
    # Spent tokens are dropped as new ones are minted: the table holds only live ones.
    await session.execute(delete(ComponentToken).where(ComponentToken.expires_at <= now))
    token = generate_token(PREFIX)
    session.add(
        ComponentToken(
            token_hash=rt.keys.hash_token(token),
            platform_id=owner.platform_id,
            account_id=owner.account_id,
            livemode=owner.livemode,
            receivable_id=rec.id,
            expires_at=now + TTL,
            created_at=now,
        )
    )
    return Minted(token, rec.id, now + TTL)


async def resolve(session: AsyncSession, rt: Runtime, token: str) -> tuple[Owner, str] | None:
    """The owner and receivable a live token opens, or None."""
    if not is_well_formed(token, PREFIX):
        return None
    row = (
        await session.execute(
            select(ComponentToken).where(ComponentToken.token_hash == rt.keys.hash_token(token))
        )
    ).scalar_one_or_none()
    if row is None or as_utc(row.expires_at) <= rt.clock.now():
        return None
    return Owner(row.platform_id, row.account_id, row.livemode), row.receivable_id
