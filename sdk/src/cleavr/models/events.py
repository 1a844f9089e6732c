"""Typed events: one class per event type, its `data.object` the resource it is about.

`unwrap()` (and `parse_event`) return the class of the event's `type` — `ReceivableCreated`,
`PaymentReceived`, … — with dates as `date`/`datetime`, amounts as `Decimal` and statuses as
`Literal`s, so a type checker sees `event.data.object.amounts.outstanding`. An event type this
SDK release does not know yet, or an event rendered for API version 2025-08-28 (a flat summary
in `data` instead of `data.object`), comes back as the generic `Event`.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from cleavr.models._base import CleavrObject
from cleavr.models.messages import Message
from cleavr.models.receivables import Payment, Payout, Receivable
from cleavr.models.users import User
from cleavr.models.webhooks import Event, WebhookEndpoint


class Grant(CleavrObject):
    """The access an account gave your platform (`grant.revoked`: the account disconnected)."""

    id: str
    object: Literal["grant"] = "grant"
    platform_id: str | None = None
    account_id: str | None = None
    scopes: list[str] = Field(default_factory=list)
    revoked_at: datetime | None = None


class _TypedEvent(CleavrObject):
    id: str
    object: Literal["event"] = "event"
    created_at: datetime
    api_version: str | None = None
    livemode: bool | None = None


class UserEventData(CleavrObject):
    object: User
    previous_attributes: dict[str, Any] | None = None
    """On updates: the fields that changed, with their values before the change."""


class ReceivableEventData(CleavrObject):
    object: Receivable
    previous_attributes: dict[str, Any] | None = None
    """On updates: the fields that changed, with their values before the change."""


class MessageEventData(CleavrObject):
    object: Message
    previous_attributes: dict[str, Any] | None = None
    """On updates: the fields that changed, with their values before the change."""


class PaymentEventData(CleavrObject):
    object: Payment
    previous_attributes: dict[str, Any] | None = None
    """On updates: the fields that changed, with their values before the change."""


class PayoutEventData(CleavrObject):
    object: Payout
    previous_attributes: dict[str, Any] | None = None
    """On updates: the fields that changed, with their values before the change."""


class GrantEventData(CleavrObject):
    object: Grant
    previous_attributes: dict[str, Any] | None = None
    """On updates: the fields that changed, with their values before the change."""


class WebhookEndpointEventData(CleavrObject):
    object: WebhookEndpoint
    previous_attributes: dict[str, Any] | None = None
    """On updates: the fields that changed, with their values before the change."""


class UserCreated(_TypedEvent):
    type: Literal["user.created"] = "user.created"
    data: UserEventData


class UserUpdated(_TypedEvent):
    type: Literal["user.updated"] = "user.updated"
    data: UserEventData


class UserOnboardingCompleted(_TypedEvent):
    type: Literal["user.onboarding.completed"] = "user.onboarding.completed"
    data: UserEventData


class UserOnboardingRejected(_TypedEvent):
    type: Literal["user.onboarding.rejected"] = "user.onboarding.rejected"
    data: UserEventData


class UserRequirementsUpdated(_TypedEvent):
    type: Literal["user.requirements.updated"] = "user.requirements.updated"
    data: UserEventData


class ReceivableCreated(_TypedEvent):
    type: Literal["receivable.created"] = "receivable.created"
    data: ReceivableEventData


class ReceivableStatusUpdated(_TypedEvent):
    type: Literal["receivable.status_updated"] = "receivable.status_updated"
    data: ReceivableEventData


class ReceivableDisputed(_TypedEvent):
    type: Literal["receivable.disputed"] = "receivable.disputed"
    data: ReceivableEventData


class ReceivableRecovered(_TypedEvent):
    type: Literal["receivable.recovered"] = "receivable.recovered"
    data: ReceivableEventData


class ReceivableClosed(_TypedEvent):
    type: Literal["receivable.closed"] = "receivable.closed"
    data: ReceivableEventData


class ReceivableCancelled(_TypedEvent):
    type: Literal["receivable.cancelled"] = "receivable.cancelled"
    data: ReceivableEventData


class ReceivableActionTaken(_TypedEvent):
    type: Literal["receivable.action_taken"] = "receivable.action_taken"
    data: ReceivableEventData


class ReceivableOcrCompleted(_TypedEvent):
    type: Literal["receivable.ocr_completed"] = "receivable.ocr_completed"
    data: ReceivableEventData


class ReceivableDossierReady(_TypedEvent):
    type: Literal["receivable.dossier_ready"] = "receivable.dossier_ready"
    data: ReceivableEventData


class PaymentReceived(_TypedEvent):
    type: Literal["payment.received"] = "payment.received"
    data: PaymentEventData


class PaymentPlanProposed(_TypedEvent):
    type: Literal["payment_plan.proposed"] = "payment_plan.proposed"
    data: ReceivableEventData


class PaymentPlanAccepted(_TypedEvent):
    type: Literal["payment_plan.accepted"] = "payment_plan.accepted"
    data: ReceivableEventData


class PaymentPlanRefused(_TypedEvent):
    type: Literal["payment_plan.refused"] = "payment_plan.refused"
    data: ReceivableEventData


class PaymentPlanBroken(_TypedEvent):
    type: Literal["payment_plan.broken"] = "payment_plan.broken"
    data: ReceivableEventData


class PaymentPlanCompleted(_TypedEvent):
    type: Literal["payment_plan.completed"] = "payment_plan.completed"
    data: ReceivableEventData


class MessageSent(_TypedEvent):
    type: Literal["message.sent"] = "message.sent"
    data: MessageEventData


class MessageFailed(_TypedEvent):
    type: Literal["message.failed"] = "message.failed"
    data: MessageEventData


class MessageDelivered(_TypedEvent):
    type: Literal["message.delivered"] = "message.delivered"
    data: MessageEventData


class PayoutPaid(_TypedEvent):
    type: Literal["payout.paid"] = "payout.paid"
    data: PayoutEventData


class PayoutCarriedForward(_TypedEvent):
    type: Literal["payout.carried_forward"] = "payout.carried_forward"
    data: PayoutEventData


class PayoutFailed(_TypedEvent):
    type: Literal["payout.failed"] = "payout.failed"
    data: PayoutEventData


class GrantRevoked(_TypedEvent):
    type: Literal["grant.revoked"] = "grant.revoked"
    data: GrantEventData


class WebhookEndpointDisabled(_TypedEvent):
    type: Literal["webhook_endpoint.disabled"] = "webhook_endpoint.disabled"
    data: WebhookEndpointEventData


TypedEvent = (
    UserCreated
    | UserUpdated
    | UserOnboardingCompleted
    | UserOnboardingRejected
    | UserRequirementsUpdated
    | ReceivableCreated
    | ReceivableStatusUpdated
    | ReceivableDisputed
    | ReceivableRecovered
    | ReceivableClosed
    | ReceivableCancelled
    | ReceivableActionTaken
    | ReceivableOcrCompleted
    | ReceivableDossierReady
    | PaymentReceived
    | PaymentPlanProposed
    | PaymentPlanAccepted
    | PaymentPlanRefused
    | PaymentPlanBroken
    | PaymentPlanCompleted
    | MessageSent
    | MessageFailed
    | MessageDelivered
    | PayoutPaid
    | PayoutCarriedForward
    | PayoutFailed
    | GrantRevoked
    | WebhookEndpointDisabled
)
AnyEvent = TypedEvent | Event

EVENT_CLASSES: dict[str, type[_TypedEvent]] = {
    "user.created": UserCreated,
    "user.updated": UserUpdated,
    "user.onboarding.completed": UserOnboardingCompleted,
    "user.onboarding.rejected": UserOnboardingRejected,
    "user.requirements.updated": UserRequirementsUpdated,
    "receivable.created": ReceivableCreated,
    "receivable.status_updated": ReceivableStatusUpdated,
    "receivable.disputed": ReceivableDisputed,
    "receivable.recovered": ReceivableRecovered,
    "receivable.closed": ReceivableClosed,
    "receivable.cancelled": ReceivableCancelled,
    "receivable.action_taken": ReceivableActionTaken,
    "receivable.ocr_completed": ReceivableOcrCompleted,
    "receivable.dossier_ready": ReceivableDossierReady,
    "payment.received": PaymentReceived,
    "payment_plan.proposed": PaymentPlanProposed,
    "payment_plan.accepted": PaymentPlanAccepted,
    "payment_plan.refused": PaymentPlanRefused,
    "payment_plan.broken": PaymentPlanBroken,
    "payment_plan.completed": PaymentPlanCompleted,
    "message.sent": MessageSent,
    "message.failed": MessageFailed,
    "message.delivered": MessageDelivered,
    "payout.paid": PayoutPaid,
    "payout.carried_forward": PayoutCarriedForward,
    "payout.failed": PayoutFailed,
    "grant.revoked": GrantRevoked,
    "webhook_endpoint.disabled": WebhookEndpointDisabled,
}


def parse_event(body: bytes | str | dict[str, Any]) -> AnyEvent:
    """The typed event of the body's `type`, or `Event` when this SDK does not know the type or
    the event carries a 2025-08-28 flat summary."""
    document = body if isinstance(body, dict) else json.loads(body)
    data = document.get("data") if isinstance(document, dict) else None
    has_object = isinstance(data, dict) and isinstance(data.get("object"), dict)
    cls: type[CleavrObject] = Event
    if has_object:
        cls = EVENT_CLASSES.get(str(document.get("type")), Event)
    event = cls.model_validate(body) if isinstance(body, dict) else cls.model_validate_json(body)
    return event  # type: ignore[return-value]
