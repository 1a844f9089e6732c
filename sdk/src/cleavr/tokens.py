"""Tokens and where they live.

A `Token` is what the token endpoint answered, with its expiry as an absolute time. Its repr and
str never show the secrets, so a token that ends up in a log line or a traceback leaks nothing.
A `TokenStore` keeps one token per *grant key*: your own name for a connection (typically the id
of your customer who authorized Cleavr).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol, runtime_checkable

from cleavr._constants import REFRESH_MARGIN


def _hint(secret: str | None) -> str:
    """`clv_tok_…` style hint: the prefix says which kind of token it is, nothing more."""
    if secret is None:
        return "None"
    prefix = secret[: secret.rfind("_") + 1] if "_" in secret else ""
    return f"'{prefix}…'"


@dataclass(frozen=True, repr=False)
class Token:
    access_token: str
    refresh_token: str | None
    expires_at: datetime
    scope: str = ""
    token_type: str = "Bearer"
    obtained_at: datetime | None = field(default=None)

    @classmethod
    def from_response(cls, body: Mapping[str, Any], now: datetime) -> Token:
        return cls(
            access_token=str(body["access_token"]),
            refresh_token=body.get("refresh_token"),
            expires_at=now + timedelta(seconds=int(body.get("expires_in", 3600))),
            scope=str(body.get("scope", "")),
            token_type=str(body.get("token_type", "Bearer")),
            obtained_at=now,
        )

    @property
    def scopes(self) -> list[str]:
        return self.scope.split()

    def refresh_due(self, now: datetime) -> bool:
        """Refresh 60 s before expiry; for a lifetime shorter than two minutes, at mid-life,
        so that a short-lived token is not refreshed before every call."""
        margin = REFRESH_MARGIN
        if self.obtained_at is not None:
            margin = min(margin, (self.expires_at - self.obtained_at) / 2)
        return now >= self.expires_at - margin

    def to_json(self) -> str:
        return json.dumps(
            {
                "access_token": self.access_token,
                "refresh_token": self.refresh_token,
                "expires_at": self.expires_at.isoformat(),
                "scope": self.scope,
                "token_type": self.token_type,
                "obtained_at": self.obtained_at.isoformat() if self.obtained_at else None,
            }
        )

    @classmethod
    def from_json(cls, raw: str | bytes) -> Token:
        data = json.loads(raw)
        return cls(
            access_token=data["access_token"],
            refresh_token=data.get("refresh_token"),
            expires_at=datetime.fromisoformat(data["expires_at"]),
            scope=data.get("scope", ""),
            token_type=data.get("token_type", "Bearer"),
            obtained_at=(
                datetime.fromisoformat(data["obtained_at"]) if data.get("obtained_at") else None
            ),
        )

    def __repr__(self) -> str:
        return (
            f"Token(access_token={_hint(self.access_token)}, "
            f"refresh_token={_hint(self.refresh_token)}, "
            f"expires_at={self.expires_at.isoformat()!r}, scope={self.scope!r})"
        )

    __str__ = __repr__


@runtime_checkable
class TokenStore(Protocol):
    """Where the SDK keeps each grant's token. Implementations must be safe to call from several
    threads; the async client calls them in a worker thread."""

    def load(self, grant_key: str) -> Token | None: ...

    def save(self, grant_key: str, token: Token) -> None: ...

    def delete(self, grant_key: str) -> None: ...


@runtime_checkable
class LockingTokenStore(TokenStore, Protocol):
    """A store that can also serialise refreshes across processes (e.g. several web workers
    sharing the store): `lock(grant_key)` is held while a refresh runs."""

    def lock(self, grant_key: str) -> AbstractContextManager[None]: ...


class MemoryTokenStore:
    """Tokens in this process's memory only: for scripts and tests."""

    def __init__(self, tokens: Mapping[str, Token] | None = None) -> None:
        self._tokens = dict(tokens or {})
        self._guard = threading.Lock()

    def load(self, grant_key: str) -> Token | None:
        with self._guard:
            return self._tokens.get(grant_key)

    def save(self, grant_key: str, token: Token) -> None:
        with self._guard:
            self._tokens[grant_key] = token

    def delete(self, grant_key: str) -> None:
        with self._guard:
            self._tokens.pop(grant_key, None)

    def __iter__(self) -> Iterator[str]:
        with self._guard:
            return iter(list(self._tokens))

    def __repr__(self) -> str:
        return f"MemoryTokenStore({len(self._tokens)} grants)"
