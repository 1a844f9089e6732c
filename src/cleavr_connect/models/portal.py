"""The debtor's side of a receivable: the portal links and the creditor reference."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
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
