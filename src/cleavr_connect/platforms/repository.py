from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.models import Platform


async def get(session: AsyncSession, platform_id: str) -> Platform | None:
    return await session.get(Platform, platform_id)


async def list_all(session: AsyncSession) -> list[Platform]:
    result = await session.execute(select(Platform).order_by(Platform.created_at.desc()))
    return list(result.scalars())
