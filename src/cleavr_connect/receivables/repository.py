"""Receivable queries, each starting from the owner's scope."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.api.pagination import PageParams, PageResult, paginate
from cleavr_connect.models import OpenInvoiceNumber, Payment, Receivable, ReceivableAction
from cleavr_connect.ownership import Owner, owned


async def get(
    session: AsyncSession, owner: Owner, receivable_id: str, *, lock: bool = False
) -> Receivable | None:
    stmt = owned(Receivable, owner).where(Receivable.id == receivable_id)
    if lock and session.bind.dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def by_id_unscoped(
    session: AsyncSession, receivable_id: str, *, lock: bool = False
) -> Receivable | None:
    """For the operator CLI and the worker, which act for Cleavr, not for a platform."""
    stmt = select(Receivable).where(Receivable.id == receivable_id)
    if lock and session.bind.dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def list_page(
    session: AsyncSession,
    owner: Owner,
    params: PageParams,
    *,
    user_id: str | None = None,
    status: str | None = None,
    created_gte: datetime | None = None,
    created_lte: datetime | None = None,
) -> PageResult:
    stmt = owned(Receivable, owner)
    if user_id:
        stmt = stmt.where(Receivable.user_id == user_id)
    if status:
        stmt = stmt.where(Receivable.status == status)
    if created_gte:
        stmt = stmt.where(Receivable.created_at >= created_gte)
    if created_lte:
        stmt = stmt.where(Receivable.created_at <= created_lte)
    cursor = owned(Receivable, owner, Receivable.created_at, Receivable.id)
    return await paginate(session, stmt, Receivable, params, cursor)


async def open_numbers_taken(session: AsyncSession, user_id: str, numbers: list[str]) -> list[str]:
    result = await session.execute(
        select(OpenInvoiceNumber.number).where(
            OpenInvoiceNumber.user_id == user_id, OpenInvoiceNumber.number.in_(numbers)
        )
    )
    return list(result.scalars())


async def release_numbers(session: AsyncSession, receivable_id: str) -> None:
    await session.execute(
        delete(OpenInvoiceNumber).where(OpenInvoiceNumber.receivable_id == receivable_id)
    )


async def timeline(session: AsyncSession, receivable_id: str) -> list[ReceivableAction]:
    result = await session.execute(
        select(ReceivableAction)
        .where(ReceivableAction.receivable_id == receivable_id)
        .order_by(ReceivableAction.seq)
    )
    return list(result.scalars())


async def payments(session: AsyncSession, receivable_id: str) -> list[Payment]:
    result = await session.execute(
        select(Payment)
        .where(Payment.receivable_id == receivable_id)
        .order_by(Payment.paid_at, Payment.created_at, Payment.id)
    )
    return list(result.scalars())
