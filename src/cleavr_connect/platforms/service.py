"""Registering platforms (OAuth clients) and checking their credentials."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect import versions
from cleavr_connect.audit import service as audit
from cleavr_connect.crypto import KeyRing, generate_token, new_webhook_secret
from cleavr_connect.errors import FieldError, NotFoundError, ValidationError
from cleavr_connect.ids import random_string
from cleavr_connect.models import AccessToken, Grant, Platform, RefreshToken
from cleavr_connect.platforms import repository


@dataclass
class CreatedPlatform:
    platform: Platform
    client_secret: str | None  # shown once, never stored in clear
    webhook_secret: str


def _check_redirect_uri(uri: str, livemode: bool, index: int) -> FieldError | None:
    parts = urlsplit(uri)
    param = f"redirect_uri[{index}]"
    if parts.scheme not in ("https", "http") or not parts.netloc:
        return FieldError(param, "invalid_redirect_uri", f"{uri!r} is not an absolute http(s) URL.")
    if parts.fragment:
        return FieldError(param, "invalid_redirect_uri", "A redirect URI must not have a fragment.")
    if parts.username or parts.password:
        return FieldError(param, "invalid_redirect_uri", "A redirect URI must not carry userinfo.")
    loopback = parts.hostname in ("localhost", "127.0.0.1", "::1")
    if livemode and parts.scheme != "https" and not loopback:
        return FieldError(param, "insecure_redirect_uri", "Live redirect URIs must use https.")
    return None


async def create(
    session: AsyncSession,
    keys: KeyRing,
    *,
    name: str,
    redirect_uris: list[str],
    livemode: bool,
    public: bool = False,
    require_pkce: bool = False,
    webhook_url: str | None = None,
    now: datetime,
) -> CreatedPlatform:
    errors: list[FieldError] = []
    if not name.strip():
        errors.append(FieldError("name", "required", "A platform needs a name."))
    if not redirect_uris:
        errors.append(FieldError("redirect_uri", "required", "Give at least one redirect URI."))
    for i, uri in enumerate(redirect_uris):
        problem = _check_redirect_uri(uri, livemode, i)
        if problem:
            errors.append(problem)
    hook = urlsplit(webhook_url) if webhook_url is not None else None
    if hook is not None and (hook.scheme not in ("http", "https") or not hook.hostname):
        errors.append(FieldError("webhook_url", "invalid_url", "The webhook URL must be http(s)."))
    if errors:
        raise ValidationError(errors)

    mode = "live" if livemode else "test"
    client_secret = None if public else generate_token(f"sk_{mode}_")
    webhook_secret = new_webhook_secret()
    platform = Platform(
        id=f"plat_{mode}_{random_string(20)}",
        name=name.strip(),
        livemode=livemode,
        is_public=public,
        # Public clients cannot keep a secret, so PKCE is what binds their codes (RFC 9700 §2.1.1).
        require_pkce=require_pkce or public,
        redirect_uris=list(dict.fromkeys(redirect_uris)),
        client_secret_hash=keys.hash_token(client_secret) if client_secret else None,
        webhook_url=webhook_url,
        webhook_secret_encrypted=keys.encrypt(webhook_secret),
        api_version=versions.LATEST,
        created_at=now,
    )
    session.add(platform)
    await session.flush()
    await audit.record(session, audit.PLATFORM_CREATED, now=now, platform_id=platform.id)
    return CreatedPlatform(platform, client_secret, webhook_secret)


async def get_or_404(session: AsyncSession, platform_id: str) -> Platform:
    platform = await repository.get(session, platform_id)
    if platform is None:
        raise NotFoundError(f"No platform {platform_id!r}.", param="client_id")
    return platform


async def rotate_secret(
    session: AsyncSession,
    keys: KeyRing,
    platform_id: str,
    *,
    grace: timedelta,
    now: datetime,
) -> tuple[Platform, str, datetime | None]:
    """New secret now; the old one keeps working until the returned time (None: at once)."""
    platform = await get_or_404(session, platform_id)
    if platform.is_public:
        raise ValidationError(
            [FieldError("client_id", "public_client", "A public client has no secret.")]
        )
    mode = "live" if platform.livemode else "test"
    secret = generate_token(f"sk_{mode}_")
    old_valid_until = now + grace if grace.total_seconds() > 0 else None
    platform.previous_secret_hash = platform.client_secret_hash if old_valid_until else None
    platform.previous_secret_expires_at = old_valid_until
    platform.client_secret_hash = keys.hash_token(secret)
    await session.flush()
    await audit.record(
        session,
        audit.SECRET_ROTATED,
        now=now,
        platform_id=platform.id,
        grace_seconds=int(grace.total_seconds()),
    )
    return platform, secret, old_valid_until


async def disable(session: AsyncSession, platform_id: str, *, now: datetime) -> Platform:
    """A disabled platform cannot authenticate and every token it holds dies now."""
    platform = await get_or_404(session, platform_id)
    if platform.disabled_at is None:
        platform.disabled_at = now
        for table in (AccessToken, RefreshToken):
            await session.execute(
                update(table)
                .where(table.platform_id == platform.id, table.revoked_at.is_(None))
                .values(revoked_at=now)
            )
        await session.execute(
            update(Grant)
            .where(Grant.platform_id == platform.id, Grant.revoked_at.is_(None))
            .values(revoked_at=now, revoked_reason="platform_disabled")
        )
        await audit.record(session, audit.PLATFORM_DISABLED, now=now, platform_id=platform.id)
    return platform


def secret_matches(
    platform: Platform | repository.AuthClient, keys: KeyRing, secret: str, now: datetime
) -> bool:
    """Constant-time comparison against the current and, during a grace period, the old secret."""
    presented = keys.hash_token(secret)
    ok = hmac.compare_digest(presented, platform.client_secret_hash or "")
    previous_ok = hmac.compare_digest(presented, platform.previous_secret_hash or "")
    in_grace = platform.previous_secret_expires_at is not None and now < (
        platform.previous_secret_expires_at
    )
    return ok or (previous_ok and in_grace)


def webhook_secret(platform: Platform, keys: KeyRing) -> str:
    return keys.decrypt(platform.webhook_secret_encrypted)
