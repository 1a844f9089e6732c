"""The debtor's side of a receivable: the portal links and the creditor reference."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cleavr_connect.db.base import Base, UTCDateTime


class PortalToken(Base):
    """One debtor portal link, as the keyed hash of its token: every message carries its own.
    It opens the portal while the receivable is open; nothing else expires it."""

    __tablename__ = "portal_tokens"
    __table_args__ = (Index("uq_portal_tokens_token_hash", "token_hash", unique=True),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    receivable_id: Mapped[str] = mapped_column(
        ForeignKey("receivables.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CreditorReference(Base):
    """The ISO 11649 `RF…` reference a debtor quotes on a bank transfer: one per receivable,
    unique, so a bank statement's credit finds its receivable with one indexed read."""

    __tablename__ = "creditor_references"
    __table_args__ = (Index("uq_creditor_references_reference", "reference", unique=True),)

    receivable_id: Mapped[str] = mapped_column(
        ForeignKey("receivables.id", ondelete="CASCADE"), primary_key=True
    )
    reference: Mapped[str] = mapped_column(String(25))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CardCheckout(Base):
    """A card payment started from the portal: it records the receivable's payment once, when
    its provider says it completed (the sandbox page, or Stripe's verified webhook)."""

    __tablename__ = "card_checkouts"
    __table_args__ = (
        Index("uq_card_checkouts_provider_ref", "provider", "provider_ref", unique=True),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    receivable_id: Mapped[str] = mapped_column(
        ForeignKey("receivables.id", ondelete="CASCADE"), index=True
    )
    livemode: Mapped[bool] = mapped_column(Boolean)
    provider: Mapped[str] = mapped_column(String(20))  # sandbox | stripe
    provider_ref: Mapped[str] = mapped_column(String(255))
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(20))  # open | completed | declined | expired
    payment_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Where the debtor pays, and until when: an open checkout is handed out again while valid.
    url: Mapped[str | None] = mapped_column(Text)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PortalDispute(Base):
    """What the debtor said when contesting the claim from the portal."""

    __tablename__ = "portal_disputes"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    receivable_id: Mapped[str] = mapped_column(
        ForeignKey("receivables.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(30))
    comment: Mapped[str | None] = mapped_column(Text)
    evidence_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PaymentPromise(Base):
    """The debtor promised to pay by `promised_for`: reminders wait until then."""

    __tablename__ = "payment_promises"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    receivable_id: Mapped[str] = mapped_column(
        ForeignKey("receivables.id", ondelete="CASCADE"), index=True
    )
    promised_for: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
