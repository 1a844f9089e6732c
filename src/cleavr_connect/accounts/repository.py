from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.models import Account, AccountSession


async def get(session: AsyncSession, account_id: str) -> Account | None:
    return await session.get(Account, account_id)


async def get_by_email(session: AsyncSession, email: str) -> Account | None:
    result = await session.execute(select(Account).where(Account.email == email))
    return result.scalar_one_or_none()


async def account_for_session(
    session: AsyncSession, token_hash: str, now: datetime
) -> Account | None:
    result = await session.execute(
        select(Account)
        .join(AccountSession, AccountSession.account_id == Account.id)
        .where(AccountSession.token_hash == token_hash, AccountSession.expires_at > now)
    )
    return result.scalar_one_or_none()


async def delete_session(session: AsyncSession, token_hash: str) -> None:
    await session.execute(delete(AccountSession).where(AccountSession.token_hash == token_hash))
