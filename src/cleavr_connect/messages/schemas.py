from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from cleavr_connect.events.payloads import describe


class MessageOut(BaseModel):
    """A message to the debtor: an e-mail, a letter or an SMS of a playbook step."""

    id: str
    object: Literal["message"] = "message"
    receivable_id: str
    step: str = Field(
        description="What the message is for: a playbook step (reminder, escalation, "
        "formal_notice, final_notice), an instalment_reminder, or the decision on a payment plan "
        "the debtor proposed (payment_plan_accepted, payment_plan_refused)"
    )
    channel: Literal["email", "letter", "sms"]
    to: str = Field(description="E-mail address, postal address (lines) or E.164 phone number")
    language: Literal["fr", "en"]
    subject: str | None
    text: str = Field(description="The plain text exactly as sent")
    html_url: str | None = Field(description="The e-mail's HTML part (`GET …/html`)")
    document_url: str | None = Field(
        description="The PDF: the letter, or the formal notice attached to the e-mail"
    )
    registered: bool = Field(description="A registered letter with acknowledgement (LRAR)")
    status: Literal["queued", "sending", "sent", "delivered", "failed", "bounced", "withheld"]
    provider_reference: str | None = Field(
        description="The provider's reference: SMTP Message-ID and reply, outbox file, "
        "registered-letter tracking number, SMS provider id"
    )
    attempts: int
    sent_at: str | None
    delivered_at: str | None
    failure_reason: str | None = Field(description="The provider's reason for the last failure")
    livemode: bool
    created_at: str


describe(MessageOut, "message.sent", "message.failed", "message.delivered")


class MessageList(BaseModel):
    object: Literal["list"] = "list"
    data: list[MessageOut]
    has_more: bool
    url: str
