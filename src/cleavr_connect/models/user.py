from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cleavr_connect.db.base import Base, UTCDateTime


class User(Base):
    """A creditor business, owned by one (platform, account, mode)."""

    __tablename__ = "users"
    __table_args__ = (
        # Keyset pagination newest first, scoped to the owner: the same cost on every page.
        Index(
            "ix_users_owner_created", "platform_id", "account_id", "livemode", "created_at", "id"
        ),
        Index("ix_users_owner_email", "platform_id", "account_id", "livemode", "email"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    platform_id: Mapped[str] = mapped_column(ForeignKey("platforms.id"))
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    livemode: Mapped[bool] = mapped_column(Boolean)
    email: Mapped[str] = mapped_column(String(320))
    status: Mapped[str] = mapped_column(String(32))
    company: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    contact: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    representative: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    callback_url: Mapped[str | None] = mapped_column(Text)
    metadata_: Mapped[dict[str, str]] = mapped_column("metadata", JSON, default=dict)
    payout_iban_encrypted: Mapped[str | None] = mapped_column(Text)
    payout_iban_last4: Mapped[str | None] = mapped_column(String(4))
    payout_account_holder: Mapped[str | None] = mapped_column(String(200))
    identity_document_id: Mapped[str | None] = mapped_column(String(64))
    terms_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mandate_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    onboarding_submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Rule violations found by review, shown in requirements.errors.
    review_errors: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    # How partial payments are imputed (Code civil 1343-1): null = accessories first (the
    # law's default), or "principal_first" when the creditor's contract says so.
    payment_imputation: Mapped[str | None] = mapped_column(String(20))
    # The payment plans a debtor may agree alone (`receivables.instalments.Policy`); null: the
    # defaults.
    payment_plan_policy: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OnboardingLink(Base):
    """A single-use, expiring link to the hosted onboarding. Only its keyed hash is stored."""

    __tablename__ = "onboarding_links"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    # No longer written: a link is shown once, when issued (migration 0015 erased the old ones).
    token_encrypted: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class StoredFile(Base):
    """An uploaded document kept under the data directory."""

    __tablename__ = "files"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Set for evidence attached to a receivable.
    receivable_id: Mapped[str | None] = mapped_column(String(64), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    path: Mapped[str] = mapped_column(Text)
    original_name: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
