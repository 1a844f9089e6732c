from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cleavr_connect.db.base import Base, UTCDateTime


class Platform(Base):
    """One OAuth client: a partner's credential set for one mode (test or live)."""

    __tablename__ = "platforms"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the client_id
    name: Mapped[str] = mapped_column(String(200))
    livemode: Mapped[bool] = mapped_column(Boolean)
    is_public: Mapped[bool] = mapped_column(Boolean, default=False)
    require_pkce: Mapped[bool] = mapped_column(Boolean, default=False)
    redirect_uris: Mapped[list[str]] = mapped_column(JSON)
    client_secret_hash: Mapped[str | None] = mapped_column(String(64))
    previous_secret_hash: Mapped[str | None] = mapped_column(String(64))
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    webhook_url: Mapped[str | None] = mapped_column(Text)
    webhook_secret_encrypted: Mapped[str] = mapped_column(Text)
    api_version: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Co-branding of the pages its users see (consent, onboarding): a small PNG/JPEG logo and an
    # accent colour `#rrggbb`; and the origins allowed to frame its users' onboarding.
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_media_type: Mapped[str | None] = mapped_column(String(40))
    brand_color: Mapped[str | None] = mapped_column(String(7))
    embed_origins: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
