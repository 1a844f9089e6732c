"""Messages as the API shows them, their events, and what the operator records about a letter
(registered-letter tracking and proof of delivery)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.api.pagination import PageParams, PageResult, child_page
from cleavr_connect.clock import isoformat
from cleavr_connect.errors import ConflictError, NotFoundError
from cleavr_connect.events import service as events
from cleavr_connect.events.versions import register_summary
from cleavr_connect.messages import repository as repo
from cleavr_connect.models import DebtorMessage
from cleavr_connect.ownership import Owner
from cleavr_connect.receivables import service as receivables
from cleavr_connect.runtime import Runtime

STATUSES = ("queued", "sending", "sent", "delivered", "failed", "bounced", "withheld")


def _summary(obj: dict[str, Any]) -> dict[str, Any]:
    return {
        "message_id": obj["id"],
        "receivable_id": obj["receivable_id"],
        "channel": obj["channel"],
        "step": obj["step"],
        "status": obj["status"],
    }


register_summary("message", _summary)


def _when(value: datetime | None) -> str | None:
    return isoformat(value) if value else None


def as_object(msg: DebtorMessage) -> dict[str, Any]:
    """The message resource (`GET /v1/messages/{id}`, lists, and `message.*` events)."""
    base = f"/v1/messages/{msg.id}"
    return {
        "id": msg.id,
        "object": "message",
        "receivable_id": msg.receivable_id,
        "step": msg.step or msg.template,
        "channel": msg.channel,
        "to": msg.recipient,
        "language": msg.language,
        "subject": msg.subject or None,
        "text": msg.body,
        "html_url": f"{base}/html" if msg.html else None,
        "document_url": f"{base}/document" if msg.document_path else None,
        "registered": bool(msg.registered),
        "status": msg.status,
        "provider_reference": msg.provider_reference,
        "attempts": msg.attempts or 0,
        "sent_at": _when(msg.sent_at),
        "delivered_at": _when(msg.delivered_at),
        "failure_reason": msg.failure_reason,
        "livemode": bool(msg.livemode),
        "created_at": isoformat(msg.created_at),
    }


def owner_of(msg: DebtorMessage) -> Owner:
    assert msg.platform_id and msg.account_id and msg.livemode is not None
    return Owner(msg.platform_id, msg.account_id, msg.livemode)


async def emit(session: AsyncSession, rt: Runtime, type_: str, msg: DebtorMessage) -> None:
    await events.record(session, type_, owner=owner_of(msg), obj=as_object(msg), now=rt.clock.now())


async def get(session: AsyncSession, owner: Owner, message_id: str) -> DebtorMessage:
    msg = await repo.get(session, owner, message_id)
    if msg is None:
        raise NotFoundError(f"No such message: {message_id!r}.", param="id")
    return msg


async def receivable_page(
    session: AsyncSession, owner: Owner, receivable_id: str, page: PageParams
) -> PageResult:
    """A receivable's messages, one page: one statement, and the receivable read only when the
    page is empty or the cursor refused (an unknown receivable is a 404 before all)."""
    return await child_page(
        repo.of_receivable_page(session, owner, receivable_id, page),
        lambda: receivables.get(session, owner, receivable_id),
    )


async def record_delivery(
    session: AsyncSession,
    rt: Runtime,
    message_id: str,
    *,
    delivered_at: datetime | None = None,
    tracking_reference: str | None = None,
) -> DebtorMessage:
    """The operator records what the postal provider reports for a letter: its tracking
    reference (registered letters, LRAR) and the date of the proof of delivery."""
    msg = await repo.by_id_unscoped(session, message_id, lock=True)
    if msg is None:
        raise NotFoundError(f"No such message: {message_id!r}.", param="message_id")
    if msg.status not in ("sent", "delivered"):
        raise ConflictError(
            f"Message {message_id} is {msg.status}: only a sent message can be delivered.",
            code="invalid_state_transition",
        )
    if tracking_reference:
        msg.provider_reference = tracking_reference
    first_delivery = msg.delivered_at is None and delivered_at is not None
    if delivered_at is not None:
        msg.delivered_at = delivered_at
        msg.status = "delivered"
    msg.updated_at = rt.clock.now()
    await session.flush()
    if first_delivery:
        await emit(session, rt, "message.delivered", msg)
    return msg


async def simulate_delivery(
    session: AsyncSession, rt: Runtime, owner: Owner, message_id: str
) -> DebtorMessage:
    """Test mode: a sent letter is delivered now, as when the operator records the proof of
    delivery in live mode (`message.delivered`). Only letters: live e-mails and SMS never reach
    `delivered` either, so test mode must not teach a handler otherwise."""
    msg = await get(session, owner, message_id)
    if msg.channel != "letter":
        raise ConflictError(
            f"Message {message_id} is {_CHANNEL_NAMES.get(msg.channel, msg.channel)}: only a "
            "letter is delivered; e-mails and SMS stay sent.",
            code="invalid_state_transition",
        )
    if msg.status != "sent":
        raise ConflictError(
            f"Message {message_id} is {msg.status}: only a sent letter can be delivered.",
            code="invalid_state_transition",
        )
    return await record_delivery(session, rt, message_id, delivered_at=rt.clock.now())


_CHANNEL_NAMES = {"email": "an e-mail", "sms": "an SMS"}
