"""Messages to debtors: the e-mails, letters and SMS of the recovery playbook (SPEC §13)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import WrapValidator

from cleavr.models._base import CleavrObject, lenient


class Message(CleavrObject):
    id: str
    object: Literal["message"] = "message"
    receivable_id: str | None = None
    step: str | None = None
    """What the message is for: a playbook step (reminder, escalation, formal_notice,
    final_notice), an instalment_reminder, or the decision on a payment plan the debtor proposed
    (payment_plan_accepted, payment_plan_refused)."""
    channel: Annotated[Literal["email", "letter", "sms"], WrapValidator(lenient)]
    to: str | None = None
    """E-mail address, postal address (lines) or E.164 phone number."""
    language: str | None = None
    subject: str | None = None
    text: str | None = None
    """The plain text exactly as sent."""
    html_url: str | None = None
    document_url: str | None = None
    """The PDF: the letter, or the formal notice attached to the e-mail."""
    registered: bool = False
    """A registered letter with acknowledgement (LRAR)."""
    status: Annotated[
        Literal["queued", "sending", "sent", "delivered", "failed", "bounced", "withheld"],
        WrapValidator(lenient),
    ]
    provider_reference: str | None = None
    attempts: int = 0
    sent_at: datetime | None = None
    delivered_at: datetime | None = None
    failure_reason: str | None = None
    livemode: bool | None = None
    created_at: datetime | None = None
