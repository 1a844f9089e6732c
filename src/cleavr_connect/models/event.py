from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from cleavr_connect.db.base import Base, UTCDateTime


class Event(Base):
    """The outbox: written in the transaction of the change it describes (SPEC §10).

    `data` is stored in the latest API version's shape and rendered per version when read.
    """

    __tablename__ = "events"
    __table_args__ = (
        Index(
            "ix_events_owner_created", "platform_id", "account_id", "livemode", "created_at", "id"
        ),
        Index("ix_events_platform_mode_created", "platform_id", "livemode", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    type: Mapped[str] = mapped_column(String(80))
    platform_id: Mapped[str] = mapped_column(String(64))
    account_id: Mapped[str] = mapped_column(String(64))
    livemode: Mapped[bool] = mapped_column(Boolean)
    object_id: Mapped[str] = mapped_column(String(64), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    request_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
