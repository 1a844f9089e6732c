"""The two executors of request flows: `SyncEngine` (httpx.Client, threads) and `AsyncEngine`
(httpx.AsyncClient, tasks). Each is bound to one grant of one token store and keeps its access
token fresh: 60 s before expiry, and once after a 401, with single-flight refreshes.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack, nullcontext
from dataclasses import replace
from datetime import datetime
from typing import Any, ParamSpec, TypeVar, cast

import httpx

from cleavr import _oauth_specs
from cleavr._flow import GetAccessToken, Send, Sleep, request_flow
from cleavr._locks import async_lock, thread_lock
from cleavr._request import ClientConfig, RequestSpec
from cleavr.errors import (
    AuthorizationRequiredError,
    GrantRevokedError,
    NoTokenError,
    OAuthError,
)
from cleavr.tokens import LockingTokenStore, MemoryTokenStore, Token, TokenStore

T = TypeVar("T")
P = ParamSpec("P")


def _usable(token: Token, now: datetime, rejected: str | None) -> bool:
    return token.access_token != rejected and not token.refresh_due(now)


def _require(token: Token | None, grant_key: str) -> Token:
    if token is None:
        raise NoTokenError(
            f"No token is stored for grant {grant_key!r}: send the person through "
            "client.oauth.authorization_url() and exchange_code() first."
        )
    return token


def _refresh_token_of(token: Token, grant_key: str) -> str:
    if token.refresh_token is None:
        raise AuthorizationRequiredError(
            f"The access token of grant {grant_key!r} expired or was refused, and there is no "
            "refresh token: authorize again."
        )
    return token.refresh_token


def _revoked(exc: OAuthError, grant_key: str) -> GrantRevokedError:
    return GrantRevokedError(
        f"The grant {grant_key!r} is no longer valid ({exc.message}): the account disconnected "
        "your platform or the grant was revoked. Authorize again.",
        status_code=exc.status_code,
        code=exc.code,
        request_id=exc.request_id,
        doc_url=exc.doc_url,
        body=exc.body,
        headers=exc.headers,
    )


def _keep_refresh_token(new: Token, old: Token) -> Token:
    # RFC 6749 §6: a server may answer a refresh without a new refresh token; the old one stays.
    return new if new.refresh_token is not None else replace(new, refresh_token=old.refresh_token)


def _refresh_guard(store: TokenStore, grant_key: str) -> ExitStack:
    """The in-process lock, then the store's cross-process lock when it has one."""
    stack = ExitStack()
    stack.enter_context(thread_lock(store, grant_key))
    store_lock: AbstractContextManager[Any] = (
        store.lock(grant_key) if isinstance(store, LockingTokenStore) else nullcontext()
    )
    try:
        stack.enter_context(store_lock)
    except BaseException:
        stack.close()
        raise
    return stack


class _Base:
    def __init__(
        self,
        config: ClientConfig,
        store: TokenStore,
        grant_key: str,
        rng: random.Random | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.grant_key = grant_key
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not a secret


class SyncEngine(_Base):
    is_async = False

    def __init__(
        self,
        config: ClientConfig,
        http: httpx.Client,
        store: TokenStore,
        grant_key: str,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(config, store, grant_key, rng)
        self.http = http

    def bind(self, grant_key: str) -> SyncEngine:
        return SyncEngine(self.config, self.http, self.store, grant_key, self._rng)

    def run(self, spec: RequestSpec[T]) -> T:
        flow = request_flow(self.config, spec, self._rng)
        reply: object = None
        try:
            while True:
                action = flow.send(reply)
                if isinstance(action, Send):
                    try:
                        reply = self.http.send(action.request)
                    except httpx.TransportError as exc:
                        reply = exc
                elif isinstance(action, Sleep):
                    time.sleep(action.seconds)
                    reply = None
                elif isinstance(action, GetAccessToken):
                    reply = self.access_token(action.rejected)
        except StopIteration as done:
            return cast(T, done.value)
        finally:
            flow.close()

    def access_token(self, rejected: str | None = None) -> str:
        token = _require(self.store.load(self.grant_key), self.grant_key)
        if _usable(token, self.config.clock(), rejected):
            return token.access_token
        return self.refresh(rejected=rejected).access_token

    def refresh(
        self, *, rejected: str | None = None, force: bool = False, scope: str | None = None
    ) -> Token:
        with _refresh_guard(self.store, self.grant_key):
            # Re-read under the lock: if another caller refreshed while we waited, use its token
            # instead of spending the (now rotated) refresh token a second time.
            token = _require(self.store.load(self.grant_key), self.grant_key)
            if not force and _usable(token, self.config.clock(), rejected):
                return token
            spec = _oauth_specs.refresh(
                self.config.clock, _refresh_token_of(token, self.grant_key), scope
            )
            try:
                new = _keep_refresh_token(self.run(spec), token)
            except OAuthError as exc:
                if exc.code != "invalid_grant":
                    raise
                self.store.delete(self.grant_key)
                raise _revoked(exc, self.grant_key) from exc
            self.store.save(self.grant_key, new)
            return new


class AsyncEngine(_Base):
    is_async = True

    def __init__(
        self,
        config: ClientConfig,
        http: httpx.AsyncClient,
        store: TokenStore,
        grant_key: str,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(config, store, grant_key, rng)
        self.http = http

    def bind(self, grant_key: str) -> AsyncEngine:
        return AsyncEngine(self.config, self.http, self.store, grant_key, self._rng)

    async def store_call(self, call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Token stores are blocking (files, databases): they run in a worker thread."""
        if isinstance(self.store, MemoryTokenStore):
            return call(*args, **kwargs)  # no I/O: no need for a thread
        return await asyncio.to_thread(call, *args, **kwargs)

    async def run(self, spec: RequestSpec[T]) -> T:
        flow = request_flow(self.config, spec, self._rng)
        reply: object = None
        try:
            while True:
                action = flow.send(reply)
                if isinstance(action, Send):
                    try:
                        reply = await self.http.send(action.request)
                    except httpx.TransportError as exc:
                        reply = exc
                elif isinstance(action, Sleep):
                    await asyncio.sleep(action.seconds)
                    reply = None
                elif isinstance(action, GetAccessToken):
                    reply = await self.access_token(action.rejected)
        except StopIteration as done:
            return cast(T, done.value)
        finally:
            flow.close()

    async def access_token(self, rejected: str | None = None) -> str:
        token = _require(await self.store_call(self.store.load, self.grant_key), self.grant_key)
        if _usable(token, self.config.clock(), rejected):
            return token.access_token
        return (await self.refresh(rejected=rejected)).access_token

    async def refresh(
        self, *, rejected: str | None = None, force: bool = False, scope: str | None = None
    ) -> Token:
        async with async_lock(self.store, self.grant_key):
            guard = await _enter_guard(self.store, self.grant_key)
            try:
                load = await self.store_call(self.store.load, self.grant_key)
                token = _require(load, self.grant_key)
                if not force and _usable(token, self.config.clock(), rejected):
                    return token
                spec = _oauth_specs.refresh(
                    self.config.clock, _refresh_token_of(token, self.grant_key), scope
                )
                try:
                    new = _keep_refresh_token(await self.run(spec), token)
                except OAuthError as exc:
                    if exc.code != "invalid_grant":
                        raise
                    await self.store_call(self.store.delete, self.grant_key)
                    raise _revoked(exc, self.grant_key) from exc
                await self.store_call(self.store.save, self.grant_key, new)
                return new
            finally:
                await _leave_guard(guard)


async def _enter_guard(store: TokenStore, grant_key: str) -> ExitStack:
    """Takes the thread (and store) locks from a worker thread. If this task is cancelled while
    waiting, the locks are released as soon as the worker gets them."""
    pending = asyncio.ensure_future(asyncio.to_thread(_refresh_guard, store, grant_key))
    try:
        return await asyncio.shield(pending)
    except asyncio.CancelledError:
        pending.add_done_callback(_close_when_acquired)
        raise


def _close_when_acquired(done: asyncio.Future[ExitStack]) -> None:
    if not done.cancelled() and done.exception() is None:
        done.result().close()


async def _leave_guard(guard: ExitStack) -> None:
    # The store lock may block (a database round trip): not on the event loop.
    await asyncio.shield(asyncio.to_thread(guard.close))


Engine = SyncEngine | AsyncEngine
