"""Recording events in the outbox, in the caller's transaction (SPEC §10).

An inserted event row also lands in `webhook_event_queue`, by a database trigger
(`events_webhook_enqueue`, migration 0002): that is how webhooks learn of it
(`webhooks.queue.fan_out`). Listing events (`GET /v1/events`) lives with the webhooks.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect import wire
from cleavr_connect.clock import isoformat
from cleavr_connect.context import current_request_id
from cleavr_connect.ids import new_id
from cleavr_connect.models import Event
from cleavr_connect.ownership import Owner
from cleavr_connect.versions import LATEST, render_event_data

# The catalogue of event types; webhook endpoint filters are validated against it.
EVENT_TYPES: tuple[str, ...] = (
    "user.created",
    "user.updated",
    "user.onboarding.completed",
    "user.onboarding.rejected",
    "user.requirements.updated",
    "receivable.created",
    "receivable.status_updated",
    "receivable.disputed",
    "receivable.recovered",
    "receivable.closed",
    "receivable.cancelled",
    "receivable.action_taken",
    "receivable.ocr_completed",
    "receivable.dossier_ready",
    "payment.received",
    "payment_plan.proposed",
    "payment_plan.accepted",
    "payment_plan.refused",
    "payment_plan.broken",
    "payment_plan.completed",
    "message.sent",
    "message.failed",
    "message.delivered",
    "payout.paid",
    "payout.carried_forward",
    "payout.failed",
    "grant.revoked",
    "webhook_endpoint.disabled",
)


# Built once: a request that records several events sends them in one executemany.
_INSERT = insert(cast(Table, Event.__table__))


async def record(
    session: AsyncSession,
    type_: str,
    *,
    owner: Owner,
    obj: dict[str, Any],
    previous_attributes: dict[str, Any] | None = None,
    now: datetime,
) -> str:
    ids = await record_many(session, [(type_, obj, previous_attributes)], owner=owner, now=now)
    return ids[0]


async def record_many(
    session: AsyncSession,
    events: list[tuple[str, dict[str, Any], dict[str, Any] | None]],
    *,
    owner: Owner,
    now: datetime,
) -> list[str]:
    """Several events of one change, `(type, object, previous_attributes)` each, in order."""
    rows = build_rows(events, owner=owner, now=now)
    await session.execute(_INSERT, rows)
    return [row["id"] for row in rows]


def build_rows(
    events: list[tuple[str, dict[str, Any], dict[str, Any] | None]],
    *,
    owner: Owner,
    now: datetime,
) -> list[dict[str, Any]]:
    """The outbox rows `record_many` writes, one per event, with `data` as a dict."""
    rows = []
    request_id = current_request_id()
    for type_, obj, previous_attributes in events:
        if type_ not in EVENT_TYPES:
            raise ValueError(f"unknown event type {type_!r}")
        data: dict[str, Any] = {"object": obj}
        if previous_attributes is not None:
            data["previous_attributes"] = previous_attributes
        rows.append(
            {
                "id": new_id("evt", livemode=owner.livemode),
                "type": type_,
                "platform_id": owner.platform_id,
                "account_id": owner.account_id,
                "livemode": owner.livemode,
                "object_id": obj["id"],
                "data": data,
                "request_id": request_id,
                "created_at": now,
            }
        )
    return rows


def data_json(rows: list[dict[str, Any]]) -> list[str]:
    """Each row's `data` as the JSON column stores it (`wire.dumps`, as SQLAlchemy's bind does),
    an object shared by several events of one change serialised once: `{"object": …}` then
    `previous_attributes`, in the order `build_rows` puts them, with the separators of `wire`."""
    texts: list[str] = []
    done: dict[int, str] = {}
    for row in rows:
        data = row["data"]
        obj = data["object"]
        obj_json = done.get(id(obj))
        if obj_json is None:
            obj_json = done[id(obj)] = wire.dumps(obj)
        if "previous_attributes" in data:
            previous = wire.dumps(data["previous_attributes"])
            texts.append(f'{{"object":{obj_json},"previous_attributes":{previous}}}')
        else:
            texts.append(f'{{"object":{obj_json}}}')
    return texts


def envelope(event: Event, version: str = LATEST) -> dict[str, Any]:
    """The event as sent and listed: `{id, type, created_at, api_version, livemode, data}`."""
    return {
        "id": event.id,
        "object": "event",
        "type": event.type,
        "created_at": isoformat(event.created_at),
        "api_version": version,
        "livemode": event.livemode,
        "data": render_event_data(event.data, version),
    }
