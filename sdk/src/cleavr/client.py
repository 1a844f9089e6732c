"""`CleavrConnect` (blocking, thread-safe) and `AsyncCleavrConnect` (asyncio).

A client is bound to one grant of its token store (`grant_key`); `for_grant(key)` returns a
client for another grant that shares the connection pool, the store and the refresh locks.
Resources are created on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import cached_property
from types import TracebackType
from typing import Generic, Self

import httpx

from cleavr._constants import (
    API_VERSION,
    DEFAULT_BASE_URL,
    DEFAULT_CONNECTION_LIMITS,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    TEST_BASE_URL,
    TEST_CLIENT_PREFIX,
)
from cleavr._engine import AsyncEngine, Engine, SyncEngine
from cleavr._request import ClientConfig
from cleavr._resource import AsyncMode, M, RawAsyncMode, RawSyncMode, SyncMode
from cleavr.oauth import AsyncOAuth, OAuth
from cleavr.resources import (
    Commission,
    Events,
    MeResource,
    Messages,
    Payouts,
    Receivables,
    Reports,
    TestHelpers,
    Users,
    Webhooks,
)
from cleavr.tokens import MemoryTokenStore, Token, TokenStore

DEFAULT_GRANT_KEY = "default"


def _utc_now() -> datetime:
    return datetime.now(UTC)


def default_base_url(client_id: str) -> str:
    """Test credentials (`plat_test_…`) go to the sandbox host, live ones to production."""
    return TEST_BASE_URL if client_id.startswith(TEST_CLIENT_PREFIX) else DEFAULT_BASE_URL


def _config(
    client_id: str,
    client_secret: str | None,
    base_url: str | None,
    api_version: str,
    timeout: float | httpx.Timeout,
    max_retries: int,
    clock: Callable[[], datetime] | None,
) -> ClientConfig:
    return ClientConfig(
        base_url=(base_url or default_base_url(client_id)).rstrip("/"),
        client_id=client_id,
        client_secret=client_secret,
        api_version=api_version,
        timeout=timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout),
        max_retries=max_retries,
        clock=clock or _utc_now,
    )


def _store(token_store: TokenStore | None, token: Token | None, grant_key: str) -> TokenStore:
    store = token_store if token_store is not None else MemoryTokenStore()
    if token is not None:
        store.save(grant_key, token)
    return store


class _Resources(Generic[M]):
    """The resources, once for both clients: `M` says which kind of methods they have."""

    _engine: Engine
    _raw: bool = False

    @cached_property
    def me(self) -> MeResource[M]:
        return MeResource(self._engine, raw=self._raw)

    @cached_property
    def users(self) -> Users[M]:
        return Users(self._engine, raw=self._raw)

    @cached_property
    def receivables(self) -> Receivables[M]:
        return Receivables(self._engine, raw=self._raw)

    @cached_property
    def webhooks(self) -> Webhooks[M]:
        return Webhooks(self._engine, raw=self._raw)

    @cached_property
    def events(self) -> Events[M]:
        return Events(self._engine, raw=self._raw)

    @cached_property
    def reports(self) -> Reports[M]:
        return Reports(self._engine, raw=self._raw)

    @cached_property
    def commission(self) -> Commission[M]:
        return Commission(self._engine, raw=self._raw)

    @cached_property
    def messages(self) -> Messages[M]:
        return Messages(self._engine, raw=self._raw)

    @cached_property
    def payouts(self) -> Payouts[M]:
        return Payouts(self._engine, raw=self._raw)

    @cached_property
    def test_helpers(self) -> TestHelpers[M]:
        return TestHelpers(self._engine, raw=self._raw)


class _RawResources(_Resources[M]):
    """`client.with_raw_response`: the same methods, answering with a `RawResponse` (status,
    headers, `request_id`, body, and `parse()` for the object)."""

    _raw = True

    def __init__(self, engine: Engine) -> None:
        self._engine = engine


class CleavrConnect(_Resources[SyncMode]):
    """The blocking client.

    client_id, client_secret: your platform's credentials (`plat_test_…`, `sk_test_…`).
    base_url: the API's address; by default the sandbox for `plat_test_…` credentials and
        production for live ones.
    token_store: where tokens live, encrypted (`FileTokenStore`, `SQLAlchemyTokenStore`);
        in memory by default.
    grant_key: your name for the connection this client acts for (e.g. your customer's id).
    token: a token to start with (saved into the store).
    clock: returns the current UTC time; tests inject theirs.
    """

    _engine: SyncEngine

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str | None = None,
        base_url: str | None = None,
        token_store: TokenStore | None = None,
        grant_key: str = DEFAULT_GRANT_KEY,
        token: Token | None = None,
        api_version: str = API_VERSION,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        issuer: str | None = None,
        clock: Callable[[], datetime] | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        config = _config(
            client_id, client_secret, base_url, api_version, timeout, max_retries, clock
        )
        self._owns_http = http_client is None
        http = http_client or httpx.Client(limits=DEFAULT_CONNECTION_LIMITS, timeout=config.timeout)
        self._engine = SyncEngine(config, http, _store(token_store, token, grant_key), grant_key)
        self._issuer = issuer or config.base_url

    @classmethod
    def _bound(cls, parent: CleavrConnect, grant_key: str) -> CleavrConnect:
        client = cls.__new__(cls)
        client._engine = parent._engine.bind(grant_key)
        client._issuer = parent._issuer
        client._owns_http = False
        return client

    def for_grant(self, grant_key: str) -> CleavrConnect:
        """A client acting for another grant, sharing this one's connections and store."""
        return CleavrConnect._bound(self, grant_key)

    @cached_property
    def with_raw_response(self) -> _RawResources[RawSyncMode]:
        """`client.with_raw_response.receivables.retrieve(id)` → `RawResponse[Receivable]`."""
        return _RawResources(self._engine)

    @property
    def grant_key(self) -> str:
        return self._engine.grant_key

    @property
    def token_store(self) -> TokenStore:
        return self._engine.store

    @cached_property
    def oauth(self) -> OAuth:
        return OAuth(self._engine, self._issuer)

    def close(self) -> None:
        if self._owns_http:
            self._engine.http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"CleavrConnect(client_id={self._engine.config.client_id!r}, "
            f"grant_key={self.grant_key!r})"
        )


class AsyncCleavrConnect(_Resources[AsyncMode]):
    """The asyncio client; same arguments as `CleavrConnect`, every call is awaited and lists
    are iterated with `async for`."""

    _engine: AsyncEngine

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str | None = None,
        base_url: str | None = None,
        token_store: TokenStore | None = None,
        grant_key: str = DEFAULT_GRANT_KEY,
        token: Token | None = None,
        api_version: str = API_VERSION,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        issuer: str | None = None,
        clock: Callable[[], datetime] | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        config = _config(
            client_id, client_secret, base_url, api_version, timeout, max_retries, clock
        )
        self._owns_http = http_client is None
        http = http_client or httpx.AsyncClient(
            limits=DEFAULT_CONNECTION_LIMITS, timeout=config.timeout
        )
        self._engine = AsyncEngine(config, http, _store(token_store, token, grant_key), grant_key)
        self._issuer = issuer or config.base_url

    @classmethod
    def _bound(cls, parent: AsyncCleavrConnect, grant_key: str) -> AsyncCleavrConnect:
        client = cls.__new__(cls)
        client._engine = parent._engine.bind(grant_key)
        client._issuer = parent._issuer
        client._owns_http = False
        return client

    def for_grant(self, grant_key: str) -> AsyncCleavrConnect:
        return AsyncCleavrConnect._bound(self, grant_key)

    @cached_property
    def with_raw_response(self) -> _RawResources[RawAsyncMode]:
        """`await client.with_raw_response.receivables.retrieve(id)` → `RawResponse[…]`."""
        return _RawResources(self._engine)

    @property
    def grant_key(self) -> str:
        return self._engine.grant_key

    @property
    def token_store(self) -> TokenStore:
        return self._engine.store

    @cached_property
    def oauth(self) -> AsyncOAuth:
        return AsyncOAuth(self._engine, self._issuer)

    async def aclose(self) -> None:
        if self._owns_http:
            await self._engine.http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return (
            f"AsyncCleavrConnect(client_id={self._engine.config.client_id!r}, "
            f"grant_key={self.grant_key!r})"
        )
