"""Webhook endpoints, deliveries and events (SPEC §10)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field, WrapValidator

from cleavr.models._base import CleavrObject, lenient


class WebhookEndpoint(CleavrObject):
    id: str
    object: Literal["webhook_endpoint"] = "webhook_endpoint"
    url: str
    events: list[str] = Field(default_factory=list)
    description: str | None = None
    enabled: bool = True
    disabled_reason: str | None = None
    """manual, gone (the endpoint answered 410) or failing (5 days of failures)."""
    api_version: str | None = None
    default: bool = False
    """The endpoint registered with the platform."""
    secret: str | None = Field(default=None, repr=False)
    """Only in the answers to create and rotate_secret: store it then."""
    previous_secret_expires_at: datetime | None = None
    livemode: bool | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class WebhookDelivery(CleavrObject):
    """One HTTP attempt to deliver an event to an endpoint."""

    id: str
    object: str = "webhook_delivery"
    webhook_id: str | None = None
    event_id: str | None = None
    event_type: str | None = None
    attempt: int | None = None
    status: Annotated[Literal["succeeded", "failed"], WrapValidator(lenient)]
    url: str | None = None
    response_status: int | None = None
    response_body: str | None = None
    error: str | None = None
    duration_ms: int | None = None
    livemode: bool | None = None
    created_at: datetime | None = None


class WebhookRecovery(CleavrObject):
    object: str = "webhook_recovery"
    webhook_id: str | None = None
    since: str | None = None
    until: str | None = None
    queued: int = 0


class EventData(CleavrObject):
    object: dict[str, Any] | None = None
    previous_attributes: dict[str, Any] | None = None


class Event(CleavrObject):
    """`data.object` is the full resource (API version 2026-01-02); events rendered for
    2025-08-28 carry a flat summary in `data` instead, kept as extra fields of `data`."""

    id: str
    object: str = "event"
    type: str
    created_at: datetime | None = None
    api_version: str | None = None
    livemode: bool | None = None
    data: EventData = Field(default_factory=EventData)


class EventResend(CleavrObject):
    object: str = "event_resend"
    event_id: str
    webhook_ids: list[str] = Field(default_factory=list)
