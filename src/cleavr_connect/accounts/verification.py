"""E-mail verification of accounts created by the hosted sign-up: a signed link, valid 24 h,
bound to the account and to its address (a changed address voids older links). Nothing is
stored: the signature is an HMAC under a key derived for this purpose."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.crypto import KeyRing
from cleavr_connect.models import Account

LIFETIME = timedelta(hours=24)


def _signature(keys: KeyRing, payload: str, email: str) -> str:
    digest = hmac.new(
        keys.derive(b"email-verification"), f"{payload}.{email}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def token_for(keys: KeyRing, account: Account, now: datetime) -> str:
    payload = f"{account.id}.{int((now + LIFETIME).timestamp())}"
    return f"{payload}.{_signature(keys, payload, account.email)}"


async def verify(
    session: AsyncSession, keys: KeyRing, token: str, *, now: datetime
) -> Account | None:
    """The account the link verifies (now verified), or None: malformed, expired, forged, or
    for an address the account no longer has."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    account_id, expiry, signature = parts
    if int(expiry) < now.timestamp():
        return None
    account = await session.get(Account, account_id)
    if account is None:
        return None
    expected = _signature(keys, f"{account_id}.{expiry}", account.email)
    if not hmac.compare_digest(signature, expected):
        return None
    if account.email_verified_at is None:
        account.email_verified_at = now
        await session.flush()
    return account
