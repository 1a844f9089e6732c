"""Webhook endpoints (SPEC §10): registration, secrets, recovery, resends, automatic disabling.

Endpoints belong to a (platform, mode) and receive events about every user of it. Secrets are
encrypted at rest and shown only at creation and rotation; they never reach a log.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.api.pagination import PageParams, PageResult, child_page
from cleavr_connect.api.validation import url_error
from cleavr_connect.clock import isoformat
from cleavr_connect.config import Settings
from cleavr_connect.crypto import new_webhook_secret
from cleavr_connect.errors import ConflictError, FieldError, NotFoundError, ValidationError
from cleavr_connect.events import service as events
from cleavr_connect.ids import new_id
from cleavr_connect.models import WebhookEndpoint
from cleavr_connect.ownership import Owner
from cleavr_connect.runtime import Runtime
from cleavr_connect.webhooks import events_repository as events_repo
from cleavr_connect.webhooks import filters
from cleavr_connect.webhooks import repository as repo
from cleavr_connect.webhooks.schemas import RecoverIn, WebhookCreate, WebhookUpdate
from cleavr_connect.webhooks.ssrf import is_public, literal_address

ROTATION_OVERLAP = timedelta(hours=24)


def as_object(endpoint: WebhookEndpoint) -> dict[str, Any]:
    """The endpoint as the API returns it and `webhook_endpoint.*` events carry it (no secret)."""
    expires = endpoint.previous_secret_expires_at
    return {
        "id": endpoint.id,
        "object": "webhook_endpoint",
        "url": endpoint.url,
        "events": list(endpoint.events),
        "description": endpoint.description,
        "enabled": endpoint.enabled,
        "disabled_reason": endpoint.disabled_reason,
        "api_version": endpoint.api_version,
        "default": endpoint.default_for is not None,
        "livemode": endpoint.livemode,
        "previous_secret_expires_at": isoformat(expires) if expires else None,
        "created_at": isoformat(endpoint.created_at),
        "updated_at": isoformat(endpoint.updated_at),
    }


def url_errors(
    url: str, livemode: bool, settings: Settings, param: str = "url"
) -> list[FieldError]:
    """Live endpoints must be https and public. The same check runs again on the resolved
    addresses at each delivery, which is the one that holds against DNS tricks."""
    error = url_error(url, param)
    if error:
        return [error]
    parts = urlsplit(url)
    if parts.username or parts.password:
        return [FieldError(param, "invalid_url", "A webhook URL must not carry credentials.")]
    if not livemode or settings.allow_private_network:
        return []
    if parts.scheme != "https":
        return [FieldError(param, "insecure_url", "Live mode requires an https URL.")]
    host = (parts.hostname or "").rstrip(".")
    address = literal_address(host)
    local_name = host in ("", "localhost") or host.endswith((".localhost", ".local", ".internal"))
    if local_name or (address is not None and not is_public(address)):
        return [
            FieldError(
                param,
                "url_not_allowed",
                "Live mode does not deliver to private, loopback or link-local addresses.",
            )
        ]
    return []


def rule_errors(
    url: str | None, patterns: list[str] | None, livemode: bool, settings: Settings
) -> list[FieldError]:
    """The rules beyond the schema of an endpoint's URL and event types (None: not given), for
    a create, an update, or a body the schema refused (`WebhookCreate.domain_errors`)."""
    errors = url_errors(url, livemode, settings) if url is not None else []
    return errors + (filters.patterns_errors(patterns) if patterns is not None else [])


async def get(session: AsyncSession, owner: Owner, endpoint_id: str) -> WebhookEndpoint:
    endpoint = await repo.get(session, owner, endpoint_id)
    if endpoint is None:
        raise NotFoundError(f"No such webhook endpoint: {endpoint_id!r}.", param="id")
    return endpoint


async def ensure_default(session: AsyncSession, owner: Owner) -> None:
    await repo.ensure_default_endpoints(session, [owner.platform_id])


async def list_page(session: AsyncSession, owner: Owner, page: PageParams) -> PageResult:
    """A page of endpoints, the platform's default one included: one statement, which also
    tells whether the default endpoint is still to be created; then (once per platform, or
    when the page is empty) it is, and the page read again."""
    result, default_missing = await repo.list_page(session, owner, page)
    unknown = default_missing or not result.items
    if unknown and await repo.ensure_default_endpoints(session, [owner.platform_id]):
        result, _ = await repo.list_page(session, owner, page)
    return result


async def attempts_page(
    session: AsyncSession,
    owner: Owner,
    endpoint_id: str,
    page: PageParams,
    *,
    event_id: str | None = None,
    succeeded: bool | None = None,
) -> PageResult:
    """An endpoint's delivery attempts, one page: one statement, and the endpoint read only
    when the page is empty or the cursor refused (an unknown endpoint is a 404 before all)."""
    return await child_page(
        repo.attempts_page(
            session, owner, endpoint_id, page, event_id=event_id, succeeded=succeeded
        ),
        lambda: get(session, owner, endpoint_id),
    )


async def create(
    session: AsyncSession, rt: Runtime, owner: Owner, body: WebhookCreate, api_version: str
) -> tuple[WebhookEndpoint, str]:
    """Returns the endpoint and its secret, the only time the secret is shown."""
    patterns = filters.normalize(body.events)
    errors = rule_errors(body.url, patterns, owner.livemode, rt.settings)
    if errors:
        raise ValidationError(errors)
    now = rt.clock.now()
    secret = new_webhook_secret()
    endpoint = WebhookEndpoint(
        id=new_id("wh", livemode=owner.livemode),
        platform_id=owner.platform_id,
        livemode=owner.livemode,
        account_id=owner.account_id,
        default_for=None,
        url=body.url,
        description=body.description,
        events=patterns,
        api_version=body.api_version or api_version,
        enabled=body.enabled,
        disabled_reason=None if body.enabled else "manual",
        disabled_at=None if body.enabled else now,
        secret_encrypted=rt.keys.encrypt(secret),
        created_at=now,
        updated_at=now,
    )
    session.add(endpoint)
    await session.flush()
    return endpoint, secret


async def update(
    session: AsyncSession, rt: Runtime, owner: Owner, endpoint_id: str, body: WebhookUpdate
) -> WebhookEndpoint:
    endpoint = await repo.get(session, owner, endpoint_id, lock=True) or await get(
        session, owner, endpoint_id
    )
    patterns = filters.normalize(body.events) if body.events is not None else None
    errors = rule_errors(body.url, patterns, owner.livemode, rt.settings)
    if errors:
        raise ValidationError(errors)
    now = rt.clock.now()
    if body.url is not None:
        endpoint.url = body.url
    if patterns is not None:
        endpoint.events = patterns
    if "description" in body.model_fields_set:
        endpoint.description = body.description
    if body.api_version is not None:
        endpoint.api_version = body.api_version
    if body.enabled is True and not endpoint.enabled:
        # Enabling starts afresh: a new run of failures is needed to disable it again.
        endpoint.enabled = True
        endpoint.disabled_reason = None
        endpoint.disabled_at = None
        endpoint.failing_since = None
    elif body.enabled is False and endpoint.enabled:
        endpoint.enabled = False
        endpoint.disabled_reason = "manual"
        endpoint.disabled_at = now
        await repo.fail_pending(session, [endpoint.id])
    endpoint.updated_at = now
    await session.flush()
    return endpoint


async def delete(session: AsyncSession, rt: Runtime, owner: Owner, endpoint_id: str) -> str:
    endpoint = await get(session, owner, endpoint_id)
    now = rt.clock.now()
    endpoint.deleted_at = now
    endpoint.enabled = False
    endpoint.updated_at = now
    await session.flush()
    await repo.fail_pending(session, [endpoint.id])
    return endpoint.id


async def rotate_secret(
    session: AsyncSession, rt: Runtime, owner: Owner, endpoint_id: str
) -> tuple[WebhookEndpoint, str]:
    """A new secret signs from now on; the one it replaces keeps signing for 24 hours, so
    receivers can switch without losing a delivery."""
    endpoint = await repo.get(session, owner, endpoint_id, lock=True) or await get(
        session, owner, endpoint_id
    )
    now = rt.clock.now()
    secret = new_webhook_secret()
    endpoint.previous_secret_encrypted = endpoint.secret_encrypted
    endpoint.previous_secret_expires_at = now + ROTATION_OVERLAP
    endpoint.secret_encrypted = rt.keys.encrypt(secret)
    endpoint.updated_at = now
    await session.flush()
    return endpoint, secret


async def recover(
    session: AsyncSession, rt: Runtime, owner: Owner, endpoint_id: str, body: RecoverIn
) -> dict[str, Any]:
    """Queues again every failed delivery of the endpoint whose event falls in the window."""
    endpoint = await get(session, owner, endpoint_id)
    now = rt.clock.now()
    until = min(body.until or now, now)
    errors = []
    if body.since < now - events_repo.RETENTION:
        errors.append(
            FieldError("since", "outside_retention", "Events are kept 30 days; start later.")
        )
    if body.since >= until:
        errors.append(FieldError("since", "invalid_window", "since must be before until."))
    if errors:
        raise ValidationError(errors)
    if not endpoint.enabled:
        raise ConflictError(
            "This endpoint is disabled; enable it before recovering its deliveries.",
            code="webhook_disabled",
        )
    queued = await repo.requeue_failures(
        session, endpoint.id, since=body.since, until=until, now=now
    )
    return {
        "object": "webhook_recovery",
        "webhook_id": endpoint.id,
        "since": isoformat(body.since),
        "until": isoformat(until),
        "queued": queued,
    }


async def resend(
    session: AsyncSession, rt: Runtime, owner: Owner, event_id: str, webhook_id: str | None
) -> dict[str, Any]:
    """Sends one event again: to `webhook_id`, or to every enabled endpoint that wants it."""
    now = rt.clock.now()
    event = await events_repo.get(session, owner, event_id, now=now)
    if event is None:
        raise NotFoundError(f"No such event: {event_id!r}.", param="id")
    await ensure_default(session, owner)
    if webhook_id is not None:
        endpoint = await repo.get(session, owner, webhook_id)
        if endpoint is None:
            raise NotFoundError(f"No such webhook endpoint: {webhook_id!r}.", param="webhook_id")
        if not endpoint.enabled:
            raise ConflictError("This endpoint is disabled.", code="webhook_disabled")
        if not filters.matches(endpoint.events, event.type):
            raise ValidationError(
                [
                    FieldError(
                        "webhook_id",
                        "event_not_subscribed",
                        f"This endpoint does not subscribe to {event.type} events.",
                    )
                ]
            )
        targets = [endpoint]
    else:
        targets = [
            e
            for e in await repo.enabled_for(session, owner)
            if filters.matches(e.events, event.type)
        ]
        if not targets:
            raise ConflictError(
                "No enabled webhook endpoint subscribes to this event.",
                code="no_matching_webhook",
            )
    for endpoint in targets:
        await repo.requeue(
            session,
            event_id=event.id,
            event_created_at=event.created_at,
            endpoint_id=endpoint.id,
            now=now,
        )
    return {
        "object": "event_resend",
        "event_id": event.id,
        "webhook_ids": [e.id for e in targets],
    }


async def disable_automatically(
    session: AsyncSession, endpoint_ids: set[str], *, reason: str, now: datetime
) -> list[str]:
    """410 Gone (`gone`) or five days of failures (`failing`): the endpoint stops receiving and
    the platform's other endpoints hear of it (`webhook_endpoint.disabled`)."""
    disabled = await repo.disable(session, endpoint_ids, reason=reason, now=now)
    for endpoint in disabled:
        # Endpoints belong to a (platform, mode); the event is listed for the account that
        # created it (the default endpoint has none, so its event is only delivered).
        owner = Owner(endpoint.platform_id, endpoint.account_id or "", endpoint.livemode)
        await events.record(
            session, "webhook_endpoint.disabled", owner=owner, obj=as_object(endpoint), now=now
        )
    return [e.id for e in disabled]


async def track_health(
    session: AsyncSession,
    *,
    healthy: set[str],
    failing: set[str],
    now: datetime,
    disable_after: timedelta,
) -> list[str]:
    """Any success ends a run of failures; a run longer than `disable_after` disables."""
    if healthy:
        await repo.mark_healthy(session, healthy)
    if not failing:
        return []
    overdue = await repo.mark_failing(session, failing, now=now, since=now - disable_after)
    if not overdue:
        return []
    return await disable_automatically(session, set(overdue), reason="failing", now=now)
