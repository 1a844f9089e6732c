"""User queries. Each starts from `owned(...)`: another owner's user simply does not exist."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.api.pagination import PageParams, PageResult, paginate
from cleavr_connect.db.engine import pg_driver
from cleavr_connect.models import OnboardingLink, User
from cleavr_connect.ownership import Owner, owned


async def get(session: AsyncSession, owner: Owner, user_id: str) -> User | None:
    result = await session.execute(owned(User, owner).where(User.id == user_id))
    return result.scalar_one_or_none()


# Built once: every receivable submission that is not checked in its own statement (a draft's,
# a refused one, any on SQLite) asks for its user's status.
_STATUS = owned(
    User,
    Owner(bindparam("platform_id"), bindparam("account_id"), bindparam("livemode")),  # type: ignore[arg-type]
    User.status,
).where(User.id == bindparam("user_id"))
# The same on PostgreSQL, straight on the driver of the session's transaction.
_PG_STATUS = (
    "SELECT status FROM users WHERE platform_id = $1 AND account_id = $2 AND livemode = $3"
    " AND id = $4"
)


async def status_of(session: AsyncSession, owner: Owner, user_id: str) -> str | None:
    """The user's status, or None when it is not one of the owner's users."""
    driver = await pg_driver(session)
    if driver is not None:
        status: str | None = await driver.fetchval(
            _PG_STATUS, owner.platform_id, owner.account_id, owner.livemode, user_id
        )
        return status
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


async def get_for_update(session: AsyncSession, owner: Owner, user_id: str) -> User | None:
    stmt = owned(User, owner).where(User.id == user_id)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


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


async def imputation_of(session: AsyncSession, user_id: str) -> str | None:
    """The user's imputation of partial payments (None: the law's default). Read by id only:
    the submission that asks checks the owner itself, and refuses before anything is shown."""
    result = await session.execute(select(User.payment_imputation).where(User.id == user_id))
    return result.scalar_one_or_none()
