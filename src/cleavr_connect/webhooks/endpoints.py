from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query, Request

from cleavr_connect.api.deps import OwnerDep
from cleavr_connect.api.openapi import ERROR_RESPONSES
from cleavr_connect.api.pagination import Page
from cleavr_connect.api.routing import Exact, ShapedRoute, reads_row
from cleavr_connect.auth.dependencies import requires
from cleavr_connect.clock import isoformat
from cleavr_connect.models import WebhookAttempt
from cleavr_connect.scopes import Scope
from cleavr_connect.versions import LATEST
from cleavr_connect.web.deps import RuntimeDep, SessionDep
from cleavr_connect.webhooks import repository, service
from cleavr_connect.webhooks.schemas import (
    DeliveryList,
    RecoverIn,
    RecoveryOut,
    ResendIn,
    ResendOut,
    WebhookCreate,
    WebhookDeleted,
    WebhookList,
    WebhookOut,
    WebhookUpdate,
    WebhookWithSecret,
)

router = APIRouter(
    route_class=ShapedRoute, prefix="/v1", tags=["Webhooks"], responses=ERROR_RESPONSES
)

WebhooksRead = [requires(Scope.WEBHOOKS_READ)]
WebhooksWrite = [requires(Scope.WEBHOOKS_WRITE)]


def _version(request: Request) -> str:
    return str(request.scope.get("state", {}).get("api_version") or LATEST)


def _attempt(row: WebhookAttempt) -> dict[str, Any]:
    return {
        "id": row.id,
        "object": "webhook_delivery",
        "webhook_id": row.endpoint_id,
        "event_id": row.event_id,
        "event_type": row.event_type,
        "attempt": row.attempt,
        "status": "succeeded" if row.succeeded else "failed",
        "url": row.url,
        "response_status": row.response_status,
        "response_body": row.response_excerpt,
        "error": row.error,
        "duration_ms": row.duration_ms,
        "livemode": row.livemode,
        "created_at": isoformat(row.created_at),
    }


@router.post(
    "/webhooks",
    response_model=WebhookWithSecret,
    dependencies=WebhooksWrite,
    summary="Create a webhook endpoint",
)
async def create_webhook(
    request: Request, body: WebhookCreate, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """Registers a URL that receives the events of your platform in this mode, about every one
    of your users. The response carries the signing `secret`; it is never shown again."""
    endpoint, secret = await service.create(session, rt, owner, body, _version(request))
    return service.as_object(endpoint) | {"secret": secret}


@router.get(
    "/webhooks", response_model=WebhookList, dependencies=WebhooksRead, summary="List endpoints"
)
async def list_webhooks(owner: OwnerDep, session: SessionDep, page: Page) -> dict[str, Any]:
    """Newest first, including the default endpoint registered with the platform."""
    result = await service.list_page(session, owner, page)
    return result.as_list("/v1/webhooks", service.as_object)


@router.get(
    "/webhooks/{webhook_id}",
    response_model=WebhookOut,
    dependencies=WebhooksRead,
    summary="Get an endpoint",
)
@reads_row(repository.BY_ID, "webhook_id")
async def get_webhook(webhook_id: str, owner: OwnerDep, session: SessionDep) -> Exact:
    """An endpoint of your platform in this mode; any other id is a 404."""
    # `as_object` builds every field as `WebhookOut` writes it: nothing stored is copied as is.
    return Exact(service.as_object(await service.get(session, owner, webhook_id)))


@router.patch(
    "/webhooks/{webhook_id}",
    response_model=WebhookOut,
    dependencies=WebhooksWrite,
    summary="Update an endpoint",
)
async def update_webhook(
    webhook_id: str, body: WebhookUpdate, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """Changes the given fields only. `enabled: true` revives an endpoint that was disabled
    (by you, after a 410, or after five days of failures); `recover` then replays what it
    missed."""
    return service.as_object(await service.update(session, rt, owner, webhook_id, body))


@router.delete(
    "/webhooks/{webhook_id}",
    response_model=WebhookDeleted,
    dependencies=WebhooksWrite,
    summary="Delete an endpoint",
)
async def delete_webhook(
    webhook_id: str, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """The endpoint receives nothing more, including retries already scheduled."""
    deleted = await service.delete(session, rt, owner, webhook_id)
    return {"id": deleted, "object": "webhook_endpoint", "deleted": True}


@router.post(
    "/webhooks/{webhook_id}/rotate_secret",
    response_model=WebhookWithSecret,
    dependencies=WebhooksWrite,
    summary="Rotate the signing secret",
)
async def rotate_secret(
    webhook_id: str, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """A new `secret`, shown only now. For 24 hours deliveries carry signatures from both the
    new and the previous secret, so you can switch without missing one."""
    endpoint, secret = await service.rotate_secret(session, rt, owner, webhook_id)
    return service.as_object(endpoint) | {"secret": secret}


@router.post(
    "/webhooks/{webhook_id}/recover",
    response_model=RecoveryOut,
    dependencies=WebhooksWrite,
    summary="Replay failed deliveries",
)
async def recover_webhook(
    webhook_id: str, body: RecoverIn, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """Queues again every delivery to this endpoint that failed, for events created between
    `since` and `until` (default: now), within the 30 days events are kept. Events that came
    while the endpoint was disabled count as failed."""
    return await service.recover(session, rt, owner, webhook_id, body)


@router.get(
    "/webhooks/{webhook_id}/deliveries",
    response_model=DeliveryList,
    dependencies=WebhooksRead,
    summary="List delivery attempts",
)
async def list_deliveries(
    webhook_id: str,
    owner: OwnerDep,
    session: SessionDep,
    page: Page,
    event_id: Annotated[str | None, Query(description="Only attempts of this event.")] = None,
    status: Annotated[
        Literal["succeeded", "failed"] | None, Query(description="Only these outcomes.")
    ] = None,
) -> dict[str, Any]:
    """Every HTTP attempt to this endpoint, newest first: status code, duration, the start of
    the answer, or the network error."""
    succeeded = None if status is None else status == "succeeded"
    result = await service.attempts_page(
        session, owner, webhook_id, page, event_id=event_id, succeeded=succeeded
    )
    return result.as_list(f"/v1/webhooks/{webhook_id}/deliveries", _attempt)


@router.post(
    "/events/{event_id}/resend",
    response_model=ResendOut,
    dependencies=WebhooksWrite,
    tags=["Events"],
    summary="Resend an event",
)
async def resend_event(
    event_id: str,
    owner: OwnerDep,
    session: SessionDep,
    rt: RuntimeDep,
    body: Annotated[ResendIn | None, Body()] = None,
) -> dict[str, Any]:
    """Delivers the event again, with a fresh retry schedule: to `webhook_id`, or to every
    enabled endpoint that subscribes to its type."""
    return await service.resend(session, rt, owner, event_id, body.webhook_id if body else None)
