from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from cleavr_connect.db.base import Base, UTCDateTime


class ComponentToken(Base):
    """A short-lived, read-only key to one receivable's status component, minted by the
    platform's backend for a page of its own; stored only as a keyed hash."""

    __tablename__ = "component_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    platform_id: Mapped[str] = mapped_column(ForeignKey("platforms.id"))
    account_id: Mapped[str] = mapped_column(String(64))
    livemode: Mapped[bool] = mapped_column(Boolean)
    receivable_id: Mapped[str] = mapped_column(ForeignKey("receivables.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
