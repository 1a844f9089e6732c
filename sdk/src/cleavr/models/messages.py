"""Messages the recovery sends the debtor (e-mail, letter, SMS)."""

from __future__ import annotations

from cleavr.models._base import CleavrObject


class Message(CleavrObject):
    id: str
    object: str = "message"
    receivable_id: str | None = None
    step: str | None = None
    channel: str | None = None  # email | letter | sms
    to: str | None = None
    language: str | None = None
    subject: str | None = None
    text: str | None = None
    html_url: str | None = None
    document_url: str | None = None
    registered: bool | None = None
    status: str | None = None  # queued | sending | sent | delivered | failed | bounced
    provider_reference: str | None = None
    attempts: int | None = None
    sent_at: str | None = None
    delivered_at: str | None = None
    failure_reason: str | None = None
    livemode: bool | None = None
    created_at: str | None = None
