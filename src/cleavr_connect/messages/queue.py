"""The sending queue in `debtor_messages`. Jobs are plain async functions `(session, *, …)`:
the worker composes them, tests call them directly.

1. `claim` takes due messages for one worker (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so
   workers never take the same row; SQLite has one writer) and writes `sending`, the worker's
   id and the end of its lease, in a transaction that commits before anything is sent.
2. Just before sending one, the worker `take`s it: its lease starts again from now and the
   attempt is counted, only if the worker still holds it. A batch is sent one message after
   the other: a slow mail server can outlast the batch's lease, and another worker that took a
   message over when it ended must be the only one to send it.
3. The worker sends, then `settle` writes the outcome in another transaction, only if the
   worker still holds the message: `sent`, a retry later (`queued`, with backoff), `failed`
   or `bounced` with the provider's reason; and the `message.*` event with it.

A message whose claim was paid, contested, cancelled or closed as insolvent before it left is
never sent: `withheld`, with the reason (`withheld_because`).
A message still `sending` when its lease ends was interrupted (the worker died or lost its
database): the next claim marks it `interrupted`, and the worker asks the transport whether
the interrupted attempt went out before sending again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.db.sql import for_update
from cleavr_connect.messages import service
from cleavr_connect.models import DebtorMessage, Receivable
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
    rows = (await session.execute(for_update(session, stmt, skip_locked=True))).all()
    if not rows:
        return []
    await session.execute(
        update(DebtorMessage)
        .where(DebtorMessage.id.in_([r.id for r in rows]))
        .values(
            status="sending",
            locked_by=worker_id,
            next_attempt_at=now + lease,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return [Claimed(r.id, r.status == "sending") for r in rows]


async def take(
    session: AsyncSession, message_id: str, *, worker_id: str, now: datetime, lease: timedelta
) -> bool:
    """The claimed message's lease renewed from `now` and its attempt counted, if `worker_id`
    still holds it (False: another worker took it over once the batch's lease ended). Attempts
    are counted here, not at the claim: a worker that dies with a batch claimed has attempted
    none of it, and must not spend the retries its messages are owed."""
    result = await session.execute(
        update(DebtorMessage)
        .where(
            DebtorMessage.id == message_id,
            DebtorMessage.status == "sending",
            DebtorMessage.locked_by == worker_id,
        )
        .values(
            next_attempt_at=now + lease,
            attempts=DebtorMessage.attempts + 1,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def withheld_because(rec: Receivable | None) -> str | None:
    """Why a message written for `rec` must not leave any more, or None. A reminder reaching
    a debtor who has paid, who contests the claim (recovery is paused), whose claim was
    withdrawn, or who is insolvent (creditors may no longer pursue it alone: Code de commerce
    L622-21 and L622-7) demands what is not owed or may not be asked. A claim closed at the
    end of the playbook keeps its last messages: they were written while it was pursued."""
    if rec is None:
        return "receivable deleted"
    if rec.status in ("recovered", "disputed", "cancelled"):
        return f"receivable {rec.status} before the message was sent"
    if rec.status == "closed" and rec.outcome == "debtor_insolvent":
        return "debtor insolvent: the claim is closed"
    return None


async def withhold(
    session: AsyncSession, rt: Runtime, message_id: str, *, worker_id: str, reason: str
) -> bool:
    """Settles a claimed message as `withheld` (never sent); False when the lease was lost."""
    result = await session.execute(
        update(DebtorMessage)
        .where(
            DebtorMessage.id == message_id,
            DebtorMessage.status == "sending",
            DebtorMessage.locked_by == worker_id,
        )
        .values(
            status="withheld",
            locked_by=None,
            next_attempt_at=None,
            failure_reason=reason,
            updated_at=rt.clock.now(),
        )
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


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
