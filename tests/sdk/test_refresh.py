"""Token lifecycle against the live server: refresh 60 s before expiry, refresh-and-retry once on
a 401, single-flight refreshes under 50 concurrent calls (threads and tasks), and a clear error
once the grant is gone."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from cleavr import (
    AsyncCleavrConnect,
    AuthorizationRequiredError,
    CleavrConnect,
    GrantRevokedError,
)
from sqlalchemy import func, select

from cleavr_connect.audit import service as audit
from cleavr_connect.db.engine import Database
from cleavr_connect.models import Account, AuditEvent, RefreshToken
from tests.sdk.conftest import AsyncRecorder, Clock, Recorder, aconnect, connect

CONCURRENCY = 50


async def _grant_health(db: Database) -> tuple[int, int, int]:
    """(refresh tokens issued, reuse detections, revoked refresh tokens) on the server."""
    async with db.sessionmaker() as session:
        issued = await session.scalar(select(func.count()).select_from(RefreshToken))
        revoked = await session.scalar(
            select(func.count())
            .select_from(RefreshToken)
            .where(RefreshToken.revoked_at.is_not(None))
        )
        reused = await session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.type == audit.REFRESH_REUSED)
        )
    return int(issued or 0), int(reused or 0), int(revoked or 0)


def test_refresh_happens_60_seconds_before_expiry(
    sdk: CleavrConnect, account: Account, sdk_clock: Clock, recorder: Recorder
) -> None:
    first = connect(sdk, account)
    sdk_clock.jump_to(first.expires_at - timedelta(seconds=61))
    sdk.me.retrieve()
    assert recorder.refreshes() == 0

    sdk_clock.jump_to(first.expires_at - timedelta(seconds=59))
    sdk.me.retrieve()
    assert recorder.refreshes() == 1
    second = sdk.oauth.token()
    assert second is not None
    assert second.access_token != first.access_token
    assert second.refresh_token != first.refresh_token  # rotated
    assert second.expires_at > first.expires_at
    # The call itself carried the new token.
    assert recorder.requests[-1].headers["authorization"] == f"Bearer {second.access_token}"


def test_refresh_after_expiry(
    sdk: CleavrConnect, account: Account, sdk_clock: Clock, recorder: Recorder
) -> None:
    first = connect(sdk, account)
    sdk_clock.jump_to(first.expires_at + timedelta(hours=5))
    assert sdk.users.list().data == []
    assert recorder.refreshes() == 1
    token = sdk.oauth.token()
    assert token is not None and token.expires_at > first.expires_at + timedelta(hours=5)


def test_a_401_refreshes_once_then_retries_once(
    sdk: CleavrConnect, account: Account, recorder: Recorder
) -> None:
    first = connect(sdk, account)
    sdk.oauth.revoke(first.access_token)  # the server now refuses this access token
    assert sdk.oauth.token() == first  # the SDK still holds it

    assert sdk.users.list().data == []
    trail = [(r.method, r.url.path) for r in recorder.requests[-4:]]
    assert trail == [
        ("POST", "/oauth/revoke"),
        ("GET", "/v1/users"),
        ("POST", "/oauth/token"),
        ("GET", "/v1/users"),
    ]
    assert [r.status_code for r in recorder.responses[-3:]] == [401, 200, 200]
    assert recorder.refreshes() == 1
    assert sdk.oauth.token() != first


async def test_async_401_refresh_and_retry(
    async_sdk: AsyncCleavrConnect, account: Account, async_recorder: AsyncRecorder
) -> None:
    first = await aconnect(async_sdk, account)
    await async_sdk.oauth.revoke(first.access_token)
    assert (await async_sdk.me.retrieve()).account_id == account.id
    assert async_recorder.refreshes() == 1
    assert [r.status_code for r in async_recorder.responses[-3:]] == [401, 200, 200]


def test_a_revoked_grant_raises_grant_revoked(
    sdk: CleavrConnect, account: Account, recorder: Recorder
) -> None:
    token = connect(sdk, account)
    assert token.refresh_token
    sdk.oauth.revoke(token.refresh_token)  # ends the grant on the server
    with pytest.raises(GrantRevokedError) as revoked:
        sdk.users.list()
    assert revoked.value.code == "invalid_grant"
    assert "Authorize again" in str(revoked.value)
    assert isinstance(revoked.value, AuthorizationRequiredError)
    assert sdk.oauth.token() is None  # the dead token is forgotten
    with pytest.raises(AuthorizationRequiredError):
        sdk.users.list()


def test_revoke_ends_the_grant_and_forgets_the_token(sdk: CleavrConnect, account: Account) -> None:
    token = connect(sdk, account)
    sdk.oauth.revoke()
    assert sdk.oauth.token() is None
    sdk.token_store.save(sdk.grant_key, token)
    with pytest.raises(GrantRevokedError):
        sdk.me.retrieve()


async def test_50_threads_at_expiry_refresh_once(
    sdk: CleavrConnect, account: Account, sdk_clock: Clock, recorder: Recorder, db: Database
) -> None:
    first = await asyncio.to_thread(connect, sdk, account)
    sdk_clock.jump_to(first.expires_at)  # every caller sees an expired token at once
    start = threading.Barrier(CONCURRENCY)

    def call(_: int) -> str:
        start.wait()
        return sdk.me.retrieve().account_id

    def burst() -> list[str]:
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            return list(pool.map(call, range(CONCURRENCY)))

    assert await asyncio.to_thread(burst) == [account.id] * CONCURRENCY
    assert recorder.refreshes() == 1
    assert await _grant_health(db) == (2, 0, 0)  # one rotation, no reuse, nothing revoked
    # The grant is alive: the next refresh works too.
    await asyncio.to_thread(sdk.oauth.refresh)
    assert await _grant_health(db) == (3, 0, 0)


async def test_50_tasks_at_expiry_refresh_once(
    async_sdk: AsyncCleavrConnect,
    account: Account,
    sdk_clock: Clock,
    async_recorder: AsyncRecorder,
    db: Database,
) -> None:
    first = await aconnect(async_sdk, account)
    sdk_clock.jump_to(first.expires_at)
    results = await asyncio.gather(*(async_sdk.me.retrieve() for _ in range(CONCURRENCY)))
    assert {me.account_id for me in results} == {account.id}
    assert async_recorder.refreshes() == 1
    assert await _grant_health(db) == (2, 0, 0)
    await async_sdk.oauth.refresh()
    assert await _grant_health(db) == (3, 0, 0)


async def test_401_storm_refreshes_once(
    async_sdk: AsyncCleavrConnect, account: Account, async_recorder: AsyncRecorder, db: Database
) -> None:
    """50 tasks all get a 401 for the same revoked token: one refresh, the rest reuse it."""
    first = await aconnect(async_sdk, account)
    await async_sdk.oauth.revoke(first.access_token)
    results = await asyncio.gather(*(async_sdk.users.list() for _ in range(CONCURRENCY)))
    assert all(page.data == [] for page in results)
    assert async_recorder.refreshes() == 1
    assert await _grant_health(db) == (2, 0, 0)
