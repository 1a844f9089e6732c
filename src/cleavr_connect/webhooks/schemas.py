"""The webhooks and events API in and out (SPEC §10). Unknown fields are refused."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator

from cleavr_connect.api.validation import Flag, Text
from cleavr_connect.clock import as_utc
from cleavr_connect.errors import FieldError
from cleavr_connect.events.payloads import describe
from cleavr_connect.versions import VERSIONS
from cleavr_connect.webhooks import filters

if TYPE_CHECKING:
    from cleavr_connect.web.handlers import RefusedBody

ApiVersion = Literal[VERSIONS]  # type: ignore[valid-type]
# Checked by `filters.pattern_error` with the other field rules; the document lists the patterns.
EventPattern = Annotated[str, WithJsonSchema(filters.PATTERN_SCHEMA)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @classmethod
    async def domain_errors(cls, body: RefusedBody) -> list[FieldError]:
        """The rules beyond the schema (URL shape, live mode's https and public address, event
        types) on what the schema accepted of a body it refused: one answer lists every bad
        field."""
        from cleavr_connect.webhooks.service import rule_errors

        url, events = body.accepted.get("url"), body.accepted.get("events")
        patterns = None
        if isinstance(events, list) and all(isinstance(e, str) for e in events):
            patterns = filters.normalize(events)
        livemode = body.owner.livemode if body.owner else False
        return rule_errors(
            url if isinstance(url, str) else None, patterns, livemode, body.runtime.settings
        )


class WebhookCreate(_In):
    url: str = Field(max_length=2048, description="https URL (http allowed in test mode).")
    events: list[EventPattern] = Field(
        default_factory=lambda: ["*"],
        max_length=100,
        description="Event types to receive: exact names from the catalogue, wildcards like "
        "`receivable.*`, or `*` for all.",
    )
    description: Text | None = Field(None, max_length=500)
    enabled: Flag = True
    api_version: ApiVersion | None = Field(
        None, description="Shape of the events sent; default: the version of this request."
    )


class WebhookUpdate(_In):
    url: str | None = Field(None, max_length=2048)
    events: list[EventPattern] | None = Field(None, max_length=100)
    description: Text | None = Field(None, max_length=500)
    enabled: Flag | None = None
    api_version: ApiVersion | None = None


class RecoverIn(_In):
    since: datetime = Field(description="Start of the window (event creation time).")
    until: datetime | None = Field(None, description="End of the window; default: now.")

    @field_validator("since", "until")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        return as_utc(value) if value is not None else None


class ResendIn(_In):
    webhook_id: str | None = Field(
        None, description="Only this endpoint; default: every enabled endpoint that wants it."
    )


class WebhookOut(BaseModel):
    id: str
    object: Literal["webhook_endpoint"] = "webhook_endpoint"
    url: str
    events: list[str]
    description: str | None
    enabled: bool
    disabled_reason: Literal["manual", "gone", "failing"] | None = Field(
        description="Why it is disabled: by you, after a 410 Gone, or after 5 days of failures."
    )
    api_version: str
    default: bool = Field(description="The endpoint registered with the platform.")
    livemode: bool
    previous_secret_expires_at: str | None = Field(
        description="Until when the secret replaced by the last rotation still signs."
    )
    created_at: str
    updated_at: str


describe(WebhookOut, "webhook_endpoint.disabled")


class WebhookWithSecret(WebhookOut):
    secret: str = Field(description="`whsec_…`: shown only now. Keep it to verify signatures.")


class WebhookList(BaseModel):
    object: Literal["list"] = "list"
    data: list[WebhookOut]
    has_more: bool
    url: str


class WebhookDeleted(BaseModel):
    id: str
    object: Literal["webhook_endpoint"] = "webhook_endpoint"
    deleted: Literal[True] = True


class DeliveryOut(BaseModel):
    id: str
    object: Literal["webhook_delivery"] = "webhook_delivery"
    webhook_id: str
    event_id: str
    event_type: str
    attempt: int = Field(description="1 for the first attempt of this event at this endpoint.")
    status: Literal["succeeded", "failed"]
    url: str
    response_status: int | None
    response_body: str | None = Field(
        description="The first 1,000 bytes of the answer; null when the receiver is at a private, "
        "loopback or link-local address (status and timing only)."
    )
    error: str | None = Field(description="timeout, connection_error, http_500, …")
    duration_ms: int
    livemode: bool
    created_at: str


class DeliveryList(BaseModel):
    object: Literal["list"] = "list"
    data: list[DeliveryOut]
    has_more: bool
    url: str


class RecoveryOut(BaseModel):
    object: Literal["webhook_recovery"] = "webhook_recovery"
    webhook_id: str
    since: str
    until: str
    queued: int = Field(description="Failed deliveries queued again.")


class ResendOut(BaseModel):
    object: Literal["event_resend"] = "event_resend"
    event_id: str
    webhook_ids: list[str]
