"""Event queries. Events are kept 30 days (SPEC §10); an older one no longer exists."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.api.created import NO_RANGE, CreatedRange
from cleavr_connect.api.pagination import PageParams, PageResult, paginate
from cleavr_connect.models import Event, Platform
from cleavr_connect.ownership import Owner, owned

RETENTION = timedelta(days=30)
_PURGE_BATCH = 5000


async def get(session: AsyncSession, owner: Owner, event_id: str, *, now: datetime) -> Event | None:
    stmt = owned(Event, owner).where(Event.id == event_id, Event.created_at >= now - RETENTION)
    return (await session.execute(stmt)).scalar_one_or_none()


async def list_page(
    session: AsyncSession,
    owner: Owner,
    params: PageParams,
    *,
    now: datetime,
    types: list[str] | None = None,
    prefix: str | None = None,
    created: CreatedRange = NO_RANGE,
) -> PageResult:
    oldest = now - RETENTION
    stmt = owned(Event, owner).where(Event.created_at >= oldest)
    if types is not None:
        stmt = stmt.where(Event.type.in_(types))
    if prefix is not None:
        stmt = stmt.where(Event.type.startswith(prefix, autoescape=True))
    stmt = stmt.where(*created.conditions(Event.created_at))
    cursor_scope = owned(Event, owner, Event.created_at, Event.id)
    return await paginate(session, stmt, Event, params, cursor_scope)


async def purge_before(session: AsyncSession, cutoff: datetime) -> int:
    """Deletes events older than `cutoff`, one (platform, mode) at a time so each delete walks
    the (platform_id, livemode, created_at) index, in bounded batches."""
    removed = 0
    platforms = (await session.execute(select(Platform.id))).scalars().all()
    for platform_id in platforms:
        for livemode in (False, True):
            while True:
                batch = (
                    select(Event.id)
                    .where(
                        Event.platform_id == platform_id,
                        Event.livemode == livemode,
                        Event.created_at < cutoff,
                    )
                    .limit(_PURGE_BATCH)
                )
                result = await session.execute(
                    delete(Event)
                    .where(Event.id.in_(batch))
                    .execution_options(synchronize_session=False)
                )
                count = int(result.rowcount or 0)  # type: ignore[attr-defined]
                removed += count
                if count < _PURGE_BATCH:
                    break
    return removed
