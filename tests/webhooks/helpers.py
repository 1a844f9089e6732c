"""Helpers for the webhook and event tests: endpoints, events, one worker pass."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import httpx
from sqlalchemy import select

from cleavr_connect.db.engine import Database
from cleavr_connect.events import service as events
from cleavr_connect.models import WebhookDelivery, WebhookEndpoint
from cleavr_connect.ownership import Owner
from cleavr_connect.platforms import service as platforms
from cleavr_connect.runtime import Runtime
from cleavr_connect.webhooks.queue import Result
from cleavr_connect.webhooks.worker import deliver_due
from tests.factories import REDIRECT_URI, Caller, Client


async def create_endpoint(
    http: httpx.AsyncClient, who: Caller, url: str, **fields: Any
) -> dict[str, Any]:
    response = await http.post("/v1/webhooks", json={"url": url, **fields}, headers=who.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def platform_with_webhook(
    db: Database, rt: Runtime, url: str, *, livemode: bool = False
) -> Client:
    """A platform registered with `--webhook-url`: its default endpoint."""
    async with db.transaction() as session:
        created = await platforms.create(
            session,
            rt.keys,
            name="Hooked",
            redirect_uris=[REDIRECT_URI],
            livemode=livemode,
            webhook_url=url,
            now=rt.clock.now(),
        )
    return Client(
        created.platform.id, created.client_secret, created.webhook_secret, REDIRECT_URI, livemode
    )


def owner_of(who: Caller) -> Owner:
    return Owner(who.platform.client_id, who.account.id, who.platform.livemode)


async def record_event(
    db: Database,
    rt: Runtime,
    owner: Owner,
    type_: str = "user.updated",
    *,
    obj: dict[str, Any] | None = None,
    previous: dict[str, Any] | None = None,
) -> str:
    obj = obj or {
        "id": "usr_clv_test_1",
        "object": "user",
        "email": "a@b.example",
        "status": "active",
    }
    async with db.transaction() as session:
        return await events.record(
            session, type_, owner=owner, obj=obj, previous_attributes=previous, now=rt.clock.now()
        )


async def deliver(db: Database, rt: Runtime, **options: Any) -> list[Result]:
    return await deliver_due(db, rt, **options)


async def endpoint_row(db: Database, endpoint_id: str) -> WebhookEndpoint:
    """Read straight from the table: for tests that move the clock past the token's life."""
    async with db.transaction() as session:
        row = await session.get(WebhookEndpoint, endpoint_id)
    assert row is not None
    return row


async def deliveries(db: Database) -> list[WebhookDelivery]:
    async with db.transaction() as session:
        return list((await session.execute(select(WebhookDelivery))).scalars())


def hex_signature(secret: str, body: bytes) -> str:
    """The public docs' scheme, as a receiver would check it by hand."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
