"""Message queries: the API's start from the owner's scope; the workers' and the operator's
act for Cleavr."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.api.pagination import PageParams, PageResult, paginate
from cleavr_connect.models import DebtorMessage
from cleavr_connect.ownership import Owner, owned


def _lock(session: AsyncSession, stmt: Select[Any]) -> Select[Any]:
    if session.get_bind().dialect.name == "postgresql":
        return stmt.with_for_update()
    return stmt


async def get(session: AsyncSession, owner: Owner, message_id: str) -> DebtorMessage | None:
    stmt = owned(DebtorMessage, owner).where(DebtorMessage.id == message_id)
    return (await session.execute(stmt)).scalar_one_or_none()


async def by_id_unscoped(
    session: AsyncSession, message_id: str, *, lock: bool = False
) -> DebtorMessage | None:
    stmt = select(DebtorMessage).where(DebtorMessage.id == message_id)
    if lock:
        stmt = _lock(session, stmt)
    return (await session.execute(stmt)).scalar_one_or_none()


async def of_receivable_page(
    session: AsyncSession, owner: Owner, receivable_id: str, params: PageParams
) -> PageResult:
    """One page of a receivable's messages, newest first, in one statement scoped by the
    messages' own owner columns (a message carries its receivable's owner), so the page needs
    no read of the receivable; a cursor must be one of its messages. An empty page does not
    tell an unknown receivable from one without messages: the caller asks."""
    of_it = DebtorMessage.receivable_id == receivable_id
    cursor_scope = owned(DebtorMessage, owner, DebtorMessage.created_at, DebtorMessage.id)
    stmt = owned(DebtorMessage, owner).where(of_it)
    return await paginate(session, stmt, DebtorMessage, params, cursor_scope.where(of_it))
