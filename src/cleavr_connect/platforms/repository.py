from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.models import Platform


async def get(session: AsyncSession, platform_id: str) -> Platform | None:
    return await session.get(Platform, platform_id)


_BY_ID = select(Platform).where(Platform.id == bindparam("id"))


async def get_for_auth(session: AsyncSession, platform_id: str) -> Platform | None:
    """Client authentication's read, on a statement built once (every token request)."""
    return (await session.execute(_BY_ID, {"id": platform_id})).scalar_one_or_none()


async def list_all(session: AsyncSession) -> list[Platform]:
    result = await session.execute(select(Platform).order_by(Platform.created_at.desc()))
    return list(result.scalars())
