"""The way into hosted onboarding: the single-use link, the signed session that follows it, and
the way back to the platform (SPEC §6)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.clock import as_utc
from cleavr_connect.crypto import is_well_formed
from cleavr_connect.models import User
from cleavr_connect.platforms import repository as platforms
from cleavr_connect.runtime import Runtime
from cleavr_connect.users import repository as repo
from cleavr_connect.users import service

SESSION_TTL = timedelta(hours=2)
OPEN_STATUSES = ("pending_onboarding", "restricted")


class LinkRefused(Exception):
    """The onboarding link cannot start a session: `unknown`, `used`, `expired` or `closed`."""

    def __init__(self, reason: str, user_id: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.user_id = user_id


def is_open(user: User) -> bool:
    return user.status in OPEN_STATUSES


async def check_link(session: AsyncSession, rt: Runtime, token: str) -> User:
    """The user whose onboarding the link opens, without spending it: opening a link (a mail
    scanner does) must not use it up; the first form sent from it does (`redeem_link`)."""
    if not is_well_formed(token, service.LINK_PREFIX):
        raise LinkRefused("unknown")
    token_hash = rt.keys.hash_token(token)
    link = await repo.link_by_hash(session, token_hash)
    if link is None:
        raise LinkRefused("unknown")
    now = rt.clock.now()
    if link.used_at is not None:
        raise LinkRefused("used", link.user_id)
    if as_utc(link.expires_at) <= now:
        raise LinkRefused("expired", link.user_id)
    user = await repo.by_id_unscoped(session, link.user_id)
    if user is None or not is_open(user):
        raise LinkRefused("closed", link.user_id)
    return user


async def redeem_link(session: AsyncSession, rt: Runtime, token: str) -> User:
    """Spends the single-use link (atomically, so two tabs cannot both start) and returns the
    user whose onboarding it opens."""
    user = await check_link(session, rt, token)
    if not await repo.use_link(session, rt.keys.hash_token(token), rt.clock.now()):
        raise LinkRefused("used", user.id)  # another request spent it first
    return user


def _session_signature(rt: Runtime, payload: str) -> str:
    key = rt.keys.derive(b"onboarding-session")
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def new_session(rt: Runtime, user: User) -> str:
    """`user_id.expiry.signature`: a signed value instead of a sessions table. It grants nothing
    once onboarding is closed, since every step checks the user's status."""
    expires = int((rt.clock.now() + SESSION_TTL).timestamp())
    payload = f"{user.id}.{expires}"
    return f"{payload}.{_session_signature(rt, payload)}"


def session_user_id(rt: Runtime, value: str | None, *, expired_too: bool = False) -> str | None:
    """The user of a valid, unexpired onboarding session, or None. `expired_too` also names the
    user of an expired one: enough to offer the way back to the platform, never to go on."""
    if not value or value.count(".") != 2:
        return None
    user_id, expires, signature = value.split(".")
    if not hmac.compare_digest(signature, _session_signature(rt, f"{user_id}.{expires}")):
        return None
    if not expires.isdigit():
        return None
    if int(expires) <= rt.clock.now().timestamp() and not expired_too:
        return None
    return user_id


async def load_user(
    session: AsyncSession, user_id: str, *, for_update: bool = False
) -> User | None:
    # FOR UPDATE serialises two submits of the same user on PostgreSQL; SQLite has one writer.
    return await session.get(User, user_id, with_for_update=True if for_update else None)


async def platform_name(session: AsyncSession, user: User) -> str:
    platform = await platforms.get(session, user.platform_id)
    return platform.name if platform else "The platform"


def callback_redirect(user: User) -> str | None:
    """`platform.callback_url` with `user_id` and `status` added, its own query kept."""
    if not user.callback_url:
        return None
    parts = urlsplit(user.callback_url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k not in ("user_id", "status")
    ]
    query += [("user_id", user.id), ("status", user.status)]
    return urlunsplit(parts._replace(query=urlencode(query)))
