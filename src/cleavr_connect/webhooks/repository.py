"""Webhook queries. Endpoints belong to a (platform, mode), not to one account: every query on
them starts from `scoped(...)`, so another platform's or the other mode's endpoint simply does
not exist."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    Row,
    Select,
    and_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from cleavr_connect.api.pagination import PageParams, PageResult, paginate
from cleavr_connect.db.repository import RowRead, Rows
from cleavr_connect.db.sql import among, insert_ignore
from cleavr_connect.db.sql import for_update as lock_rows
from cleavr_connect.ids import new_id
from cleavr_connect.models import Platform, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from cleavr_connect.ownership import Owner

_NO_SYNC = {"synchronize_session": False}
DEFAULT_DESCRIPTION = "Default endpoint, registered with the platform"


_endpoints: Rows[WebhookEndpoint] = Rows(
    WebhookEndpoint,
    owner=("platform_id", "livemode"),
    where=(WebhookEndpoint.deleted_at.is_(None),),
)
scoped = _endpoints.scoped
get = _endpoints.get
# `get`'s read, as a route declares it (`api.routing.reads_row`).
BY_ID = RowRead(_endpoints)


def _default_missing(owner: Owner) -> ColumnElement[bool]:
    """Whether the platform has a webhook URL whose default endpoint is not created yet."""
    made = aliased(WebhookEndpoint)
    return (
        select(Platform.id)
        .where(
            Platform.id == owner.platform_id,
            Platform.webhook_url.is_not(None),
            ~select(made.id).where(made.default_for == Platform.id).exists(),
        )
        .exists()
        .label("default_missing")
    )


async def list_page(
    session: AsyncSession, owner: Owner, params: PageParams
) -> tuple[PageResult, bool]:
    """A page of endpoints, and whether the platform's default endpoint is still to be created
    (known when the page holds a row), in one statement."""
    stmt = scoped(owner).add_columns(_default_missing(owner))
    cursor = scoped(owner, WebhookEndpoint.created_at, WebhookEndpoint.id)
    page = await paginate(session, stmt, WebhookEndpoint, params, cursor, whole_rows=True)
    missing = bool(page.items and page.items[0][1])
    page.items = [row[0] for row in page.items]
    return page, missing


async def enabled_for(session: AsyncSession, owner: Owner) -> list[WebhookEndpoint]:
    stmt = scoped(owner).where(WebhookEndpoint.enabled.is_(True))
    return list((await session.execute(stmt)).scalars())


async def endpoints_of_platforms(session: AsyncSession, platform_ids: Iterable[str]) -> list[Row]:
    """What fan-out needs of every live endpoint of these platforms, both modes."""
    result = await session.execute(
        select(
            WebhookEndpoint.id,
            WebhookEndpoint.platform_id,
            WebhookEndpoint.livemode,
            WebhookEndpoint.events,
            WebhookEndpoint.enabled,
        ).where(
            among(session, WebhookEndpoint.platform_id, platform_ids),
            WebhookEndpoint.deleted_at.is_(None),
        )
    )
    return list(result.all())


async def ensure_default_endpoints(session: AsyncSession, platform_ids: Iterable[str]) -> bool:
    """The URL given at `platforms create --webhook-url` becomes the platform's default endpoint,
    signed with the platform's `webhook_secret` (the ciphertext is copied, never decrypted).
    Created once, the first time it is needed; deleting it does not bring it back. True when
    one was (or may have been) created now."""
    wanted = list(platform_ids)
    platforms = (
        await session.execute(
            select(
                Platform.id,
                Platform.livemode,
                Platform.webhook_url,
                Platform.webhook_secret_encrypted,
                Platform.api_version,
                Platform.created_at,
            ).where(Platform.id.in_(wanted), Platform.webhook_url.is_not(None))
        )
    ).all()
    if not platforms:
        return False
    existing = set(
        (
            await session.execute(
                select(WebhookEndpoint.default_for).where(
                    WebhookEndpoint.default_for.in_([p.id for p in platforms])
                )
            )
        ).scalars()
    )
    missing = [p for p in platforms if p.id not in existing]
    if not missing:
        return False
    await session.execute(
        insert_ignore(session, WebhookEndpoint),
        [
            {
                "id": new_id("wh", livemode=p.livemode),
                "platform_id": p.id,
                "livemode": p.livemode,
                "account_id": None,
                "default_for": p.id,
                "url": p.webhook_url,
                "description": DEFAULT_DESCRIPTION,
                "events": ["*"],
                "api_version": p.api_version,
                "enabled": True,
                "secret_encrypted": p.webhook_secret_encrypted,
                "created_at": p.created_at,
                "updated_at": p.created_at,
            }
            for p in missing
        ],
    )
    return True


async def fail_pending(session: AsyncSession, endpoint_ids: Iterable[str]) -> None:
    """A disabled or deleted endpoint gets nothing more; `recover` can replay these later."""
    await session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.endpoint_id.in_(list(endpoint_ids)),
            WebhookDelivery.status == "pending",
        )
        .values(status="failed", locked_by=None)
        .execution_options(**_NO_SYNC)
    )


async def mark_healthy(session: AsyncSession, endpoint_ids: Iterable[str]) -> None:
    await session.execute(
        update(WebhookEndpoint)
        .where(
            among(session, WebhookEndpoint.id, endpoint_ids),
            WebhookEndpoint.failing_since.is_not(None),
        )
        .values(failing_since=None)
        .execution_options(**_NO_SYNC)
    )


async def mark_failing(
    session: AsyncSession, endpoint_ids: Iterable[str], *, now: datetime, since: datetime
) -> list[str]:
    """Starts the failure clock where it is not running; returns the endpoints failing since
    before `since` that are still enabled."""
    ids = list(endpoint_ids)
    await session.execute(
        update(WebhookEndpoint)
        .where(among(session, WebhookEndpoint.id, ids), WebhookEndpoint.failing_since.is_(None))
        .values(failing_since=now)
        .execution_options(**_NO_SYNC)
    )
    result = await session.execute(
        select(WebhookEndpoint.id).where(
            among(session, WebhookEndpoint.id, ids),
            WebhookEndpoint.enabled.is_(True),
            WebhookEndpoint.failing_since <= since,
        )
    )
    return list(result.scalars())


async def disable(
    session: AsyncSession, endpoint_ids: Iterable[str], *, reason: str, now: datetime
) -> list[WebhookEndpoint]:
    """Disables the still-enabled ones among `endpoint_ids`; returns those it disabled."""
    ids = list(endpoint_ids)
    if not ids:
        return []
    stmt = select(WebhookEndpoint).where(
        WebhookEndpoint.id.in_(ids), WebhookEndpoint.enabled.is_(True)
    )
    stmt = lock_rows(session, stmt)
    endpoints = list((await session.execute(stmt)).scalars())
    for endpoint in endpoints:
        endpoint.enabled = False
        endpoint.disabled_reason = reason
        endpoint.disabled_at = now
        endpoint.updated_at = now
    await session.flush()
    if endpoints:
        await fail_pending(session, [e.id for e in endpoints])
    return endpoints


async def requeue(
    session: AsyncSession,
    *,
    event_id: str,
    event_created_at: datetime,
    endpoint_id: str,
    now: datetime,
) -> None:
    """Makes the event due again for the endpoint, with a fresh retry schedule."""
    result = await session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.event_id == event_id, WebhookDelivery.endpoint_id == endpoint_id)
        .values(status="pending", retry_count=0, next_attempt_at=now, locked_by=None)
        .execution_options(**_NO_SYNC)
    )
    if result.rowcount:  # type: ignore[attr-defined]
        return
    await session.execute(
        insert_ignore(session, WebhookDelivery),
        [
            {
                "event_id": event_id,
                "endpoint_id": endpoint_id,
                "event_created_at": event_created_at,
                "status": "pending",
                "attempt_count": 0,
                "retry_count": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
        ],
    )


async def requeue_failures(
    session: AsyncSession, endpoint_id: str, *, since: datetime, until: datetime, now: datetime
) -> int:
    result = await session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.endpoint_id == endpoint_id,
            WebhookDelivery.status == "failed",
            WebhookDelivery.event_created_at >= since,
            WebhookDelivery.event_created_at <= until,
        )
        .values(status="pending", retry_count=0, next_attempt_at=now, locked_by=None)
        .execution_options(**_NO_SYNC)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def attempts_page(
    session: AsyncSession,
    owner: Owner,
    endpoint_id: str,
    params: PageParams,
    *,
    event_id: str | None = None,
    succeeded: bool | None = None,
) -> PageResult:
    """One page of an endpoint's attempts, newest first, in one statement that also holds the
    endpoint's scope (an uncorrelated EXISTS, evaluated once), so the page needs no read of
    the endpoint; a cursor must be one of its attempts. An empty page does not tell an unknown
    endpoint from one without attempts: the caller asks."""
    of_it = and_(
        WebhookAttempt.endpoint_id == endpoint_id,
        scoped(owner, WebhookEndpoint.id).where(WebhookEndpoint.id == endpoint_id).exists(),
    )
    stmt = select(WebhookAttempt).where(of_it)
    if event_id:
        stmt = stmt.where(WebhookAttempt.event_id == event_id)
    if succeeded is not None:
        stmt = stmt.where(WebhookAttempt.succeeded.is_(succeeded))
    cursor_scope = select(WebhookAttempt.created_at, WebhookAttempt.id).where(of_it)
    return await paginate(session, stmt, WebhookAttempt, params, cast(Select[Any], cursor_scope))
