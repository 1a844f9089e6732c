"""User queries. Each starts from `owned(...)`: another owner's user simply does not exist."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ScalarSelect, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.api.pagination import PageParams, PageResult, paginate
from cleavr_connect.db.repository import RowRead, Rows
from cleavr_connect.models import OnboardingLink, User
from cleavr_connect.ownership import Owner, owned

_users: Rows[User] = Rows(User)
get = _users.get
get_for_update = _users.get_for_update
# `get`'s read, as a route declares it (`api.routing.reads_row`).
BY_ID = RowRead(_users)


# Built once: every receivable submission that is not checked in its own statement (a draft's,
# a refused one, any on SQLite) asks for its user's status, as do drafts and the OCR.
_STATUS = owned(
    User,
    Owner(bindparam("platform_id"), bindparam("account_id"), bindparam("livemode")),  # type: ignore[arg-type]
    User.status,
).where(User.id == bindparam("user_id"))


async def status_of(session: AsyncSession, owner: Owner, user_id: str) -> str | None:
    """The user's status, or None when it is not one of the owner's users."""
    result = await session.execute(
        _STATUS,
        {
            "platform_id": owner.platform_id,
            "account_id": owner.account_id,
            "livemode": owner.livemode,
            "user_id": user_id,
        },
    )
    return result.scalar_one_or_none()


async def list_page(
    session: AsyncSession,
    owner: Owner,
    params: PageParams,
    *,
    status: str | None = None,
    email: str | None = None,
) -> PageResult:
    stmt = owned(User, owner)
    if status:
        stmt = stmt.where(User.status == status)
    if email:
        stmt = stmt.where(User.email == email)
    return await paginate(session, stmt, User, params, owned(User, owner, User.created_at, User.id))


async def by_id_unscoped(session: AsyncSession, user_id: str) -> User | None:
    """For the operator CLI and hosted onboarding, which act for Cleavr, not for a platform."""
    return await session.get(User, user_id)


async def current_link(session: AsyncSession, user_id: str, now: datetime) -> OnboardingLink | None:
    result = await session.execute(
        select(OnboardingLink)
        .where(
            OnboardingLink.user_id == user_id,
            OnboardingLink.used_at.is_(None),
            OnboardingLink.expires_at > now,
        )
        .order_by(OnboardingLink.created_at.desc())
    )
    return result.scalars().first()


async def current_links(
    session: AsyncSession, user_ids: list[str], now: datetime
) -> dict[str, OnboardingLink]:
    """The open link of each of several users, in one query (list pages)."""
    if not user_ids:
        return {}
    result = await session.execute(
        select(OnboardingLink)
        .where(
            OnboardingLink.user_id.in_(user_ids),
            OnboardingLink.used_at.is_(None),
            OnboardingLink.expires_at > now,
        )
        .order_by(OnboardingLink.created_at)
    )
    return {link.user_id: link for link in result.scalars()}  # the newest wins


async def link_by_hash(session: AsyncSession, token_hash: str) -> OnboardingLink | None:
    return await session.get(OnboardingLink, token_hash)


async def use_link(session: AsyncSession, token_hash: str, now: datetime) -> bool:
    result = await session.execute(
        update(OnboardingLink)
        .where(
            OnboardingLink.token_hash == token_hash,
            OnboardingLink.used_at.is_(None),
            OnboardingLink.expires_at > now,
        )
        .values(used_at=now)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


async def expire_links(session: AsyncSession, user_id: str, now: datetime) -> None:
    await session.execute(
        update(OnboardingLink)
        .where(OnboardingLink.user_id == user_id, OnboardingLink.used_at.is_(None))
        .values(expires_at=now)
    )


def imputation(user_id: str) -> ScalarSelect[Any]:
    """The user's imputation of partial payments (NULL: the law's default), for the select list
    of a statement that reads more. Read by id only: the submission that asks checks the owner
    itself, and refuses before anything is shown."""
    return select(User.payment_imputation).where(User.id == user_id).scalar_subquery()


async def imputation_of(session: AsyncSession, user_id: str) -> str | None:
    """`imputation`, alone."""
    return (await session.execute(select(imputation(user_id)))).scalar_one()  # type: ignore[no-any-return]
