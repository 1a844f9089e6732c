"""The sending queue in `debtor_messages`. Jobs are plain async functions `(session, *, …)`:
the worker composes them, tests call them directly.

1. `claim` takes due messages for one worker (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so
   workers never take the same row; SQLite has one writer) and writes `sending`, the worker's
   id and the end of its lease, in a transaction that commits before anything is sent.
2. The worker sends, then `settle` writes the outcome in another transaction, only if the
   worker still holds the message: `sent`, a retry later (`queued`, with backoff), `failed`
   or `bounced` with the provider's reason; and the `message.*` event with it.

A message still `sending` when its lease ends was interrupted (the worker died or lost its
database): the next claim marks it `interrupted`, and the worker asks the transport whether
the interrupted attempt went out before sending again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.messages import service
from cleavr_connect.models import DebtorMessage
from cleavr_connect.runtime import Runtime

LEASE = timedelta(seconds=120)
# After a failed attempt: 1 min, 5 min, 30 min, 2 h, 6 h; the sixth failure is final.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


@dataclass(frozen=True)
class Claimed:
    id: str
    interrupted: bool  # an earlier attempt was cut short: it may have gone out


async def claim(
    session: AsyncSession,
    *,
    now: datetime,
    worker_id: str,
    limit: int = 20,
    lease: timedelta = LEASE,
) -> list[Claimed]:
    stmt = (
        select(DebtorMessage.id, DebtorMessage.status)
        .where(
            DebtorMessage.status.in_(("queued", "sending")),
            DebtorMessage.next_attempt_at <= now,
        )
        .order_by(DebtorMessage.next_attempt_at, DebtorMessage.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    rows = (await session.execute(stmt)).all()
    if not rows:
        return []
    await session.execute(
        update(DebtorMessage)
        .where(DebtorMessage.id.in_([r.id for r in rows]))
        .values(
            status="sending",
            locked_by=worker_id,
            next_attempt_at=now + lease,
            attempts=DebtorMessage.attempts + 1,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return [Claimed(r.id, r.status == "sending") for r in rows]


@dataclass(frozen=True)
class Outcome:
    sent: bool
    provider_reference: str | None = None
    reason: str | None = None
    permanent: bool = False
    bounced: bool = False


async def settle(
    session: AsyncSession, rt: Runtime, message_id: str, *, worker_id: str, outcome: Outcome
) -> str | None:
    """Writes the outcome if `worker_id` still holds the message. Returns the new status, or
    None when the lease was lost (another worker took the message over)."""
    msg = (
        await session.execute(
            select(DebtorMessage)
            .where(
                DebtorMessage.id == message_id,
                DebtorMessage.status == "sending",
                DebtorMessage.locked_by == worker_id,
            )
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if msg is None:
        return None
    now = rt.clock.now()
    msg.locked_by = None
    msg.updated_at = now
    if outcome.sent:
        msg.status = "sent"
        msg.sent_at = now
        msg.provider_reference = outcome.provider_reference
        msg.failure_reason = None
        msg.next_attempt_at = None
        event = "message.sent"
    elif outcome.permanent or msg.attempts >= MAX_ATTEMPTS:
        msg.status = "bounced" if outcome.bounced else "failed"
        msg.failure_reason = outcome.reason
        msg.next_attempt_at = None
        event = "message.failed"
    else:
        msg.status = "queued"
        msg.failure_reason = outcome.reason
        msg.next_attempt_at = now + RETRY_DELAYS[min(msg.attempts, len(RETRY_DELAYS)) - 1]
        event = ""
    await session.flush()
    if event:
        await service.emit(session, rt, event, msg)
    return msg.status
