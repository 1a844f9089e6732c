"""RFC 6750 bearer tokens: parse the header, then one indexed read decides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from cleavr_connect import scopes as scope_rules
from cleavr_connect.crypto import ACCESS_TOKEN_PREFIX, KeyRing, is_well_formed
from cleavr_connect.db.engine import Database
from cleavr_connect.db.repository import Preloaded, RowRead
from cleavr_connect.oauth import repository as repo
from cleavr_connect.ownership import Owner


@dataclass(frozen=True)
class TokenInfo:
    grant_id: str
    platform_id: str
    account_id: str
    livemode: bool
    scopes: tuple[str, ...]
    effective_scopes: frozenset[str]
    api_version: str  # the platform's pinned version

    @property
    def owner(self) -> Owner:
        return Owner(self.platform_id, self.account_id, self.livemode)


class BearerError(Exception):
    """`error` is None when no token was sent at all (RFC 6750 §3.1)."""

    def __init__(self, error: str | None, description: str, status_code: int = 401) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status_code = status_code


def token_from_header(authorization: str | None) -> str:
    if not authorization:
        raise BearerError(None, "Send your access token in the Authorization header.")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise BearerError("invalid_request", "Use the scheme 'Authorization: Bearer <token>'.", 400)
    return token.strip()


async def authenticate(db: Database, keys: KeyRing, token: str, now: datetime) -> TokenInfo:
    _check_form(token)
    return _decide(await repo.access_token_row(db, keys.hash_token(token)), now)


async def authenticate_and_read(
    db: Database, keys: KeyRing, token: str, now: datetime, read: RowRead, row_id: str
) -> tuple[TokenInfo, Preloaded | None]:
    """`authenticate`, its read bringing along the row `read` finds by `row_id` under the
    token's owner (`repository.access_token_row_and`): the token decides first, as ever."""
    _check_form(token)
    row, preloaded = await repo.access_token_row_and(db, keys.hash_token(token), read, row_id)
    return _decide(row, now), preloaded


def _check_form(token: str) -> None:
    if not is_well_formed(token, ACCESS_TOKEN_PREFIX):
        raise BearerError("invalid_token", "The access token is malformed.")


def _decide(row: tuple[Any, ...] | None, now: datetime) -> TokenInfo:
    if row is None:
        raise BearerError("invalid_token", "The access token is unknown or revoked.")
    grant_id, platform_id, account_id, livemode, scopes, _, expires_at, revoked_at, version = row
    if revoked_at is not None:
        raise BearerError("invalid_token", "The access token is unknown or revoked.")
    if now >= expires_at:
        raise BearerError("invalid_token", "The access token has expired.")
    granted = tuple(scopes.split())
    return TokenInfo(
        grant_id=grant_id,
        platform_id=platform_id,
        account_id=account_id,
        livemode=livemode,
        scopes=granted,
        effective_scopes=_effective(scopes),
        api_version=version,
    )


@lru_cache(maxsize=256)
def _effective(scopes: str) -> frozenset[str]:
    """A handful of distinct scope strings exist; expanding write-implies-read once each."""
    return scope_rules.effective(scopes.split())
