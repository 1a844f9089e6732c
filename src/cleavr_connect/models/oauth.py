from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cleavr_connect.db.base import Base, UTCDateTime


class Grant(Base):
    """(platform, account, mode, scopes): what an account allowed a platform to do.

    At most one active grant per (platform, account); its scopes are the remembered consent.
    """

    __tablename__ = "grants"
    __table_args__ = (Index("ix_grants_platform_account", "platform_id", "account_id"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    platform_id: Mapped[str] = mapped_column(ForeignKey("platforms.id"))
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    livemode: Mapped[bool] = mapped_column(Boolean)
    scopes: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_reason: Mapped[str | None] = mapped_column(String(40))


class AuthorizationCode(Base):
    __tablename__ = "authorization_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The family id of every token issued from this code, so a replay can revoke them all.
    family_id: Mapped[str] = mapped_column(String(64), unique=True)
    grant_id: Mapped[str] = mapped_column(ForeignKey("grants.id"), index=True)
    platform_id: Mapped[str] = mapped_column(ForeignKey("platforms.id"))
    redirect_uri: Mapped[str] = mapped_column(Text)
    scopes: Mapped[str] = mapped_column(Text)
    code_challenge: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AccessToken(Base):
    """Denormalised so a protected request is one primary-key read and nothing else."""

    __tablename__ = "access_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    grant_id: Mapped[str] = mapped_column(ForeignKey("grants.id"), index=True)
    family_id: Mapped[str] = mapped_column(String(64), index=True)
    platform_id: Mapped[str] = mapped_column(String(64), index=True)
    account_id: Mapped[str] = mapped_column(String(64))
    livemode: Mapped[bool] = mapped_column(Boolean)
    scopes: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RefreshToken(Base):
    __tablename__ = "refresh_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    grant_id: Mapped[str] = mapped_column(ForeignKey("grants.id"), index=True)
    family_id: Mapped[str] = mapped_column(String(64), index=True)
    platform_id: Mapped[str] = mapped_column(String(64), index=True)
    account_id: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Set when this token was exchanged for a new one: presenting it again is reuse.
    rotated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
