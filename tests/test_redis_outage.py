"""Redis removed under a running API: throttles and rate limits fall back to per-process counts
(no 500 anywhere), and the shared counts take over again once Redis answers."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from dataclasses import replace

import httpx
import pytest
import redis.asyncio as redis

from cleavr_connect.app import create_app
from cleavr_connect.runtime import build_runtime
from tests.factories import bearer, make_account, make_platform, tokens_for

REDIS = ("127.0.0.1", 6379)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    writer.close()


@contextlib.asynccontextmanager
async def redis_at(port: int) -> AsyncIterator[None]:
    """Redis reachable on `port` (a forwarding proxy to the real one) while inside."""

    async def forward(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*REDIS)
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))

    server = await asyncio.start_server(forward, "127.0.0.1", port)
    try:
        yield
    finally:
        server.close()


@pytest.fixture
async def real_redis() -> AsyncIterator[redis.Redis]:
    client = redis.Redis(host=REDIS[0], port=REDIS[1], db=15)
    try:
        await client.ping()
    except (OSError, redis.ConnectionError) as exc:
        pytest.skip(f"no Redis at {REDIS}: {exc}")
    yield client
    await client.aclose()


async def test_the_api_keeps_answering_without_redis_and_shares_again_when_it_returns(
    settings, clock, db, real_redis
) -> None:  # type: ignore[no-untyped-def]
    port = _free_port()
    settings = replace(settings, redis_url=f"redis://127.0.0.1:{port}/15", rate_limit_test=50)
    rt = build_runtime(settings, clock)
    app = create_app(settings, runtime=rt, database=db)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        platform = await make_platform(db, rt)
        account = await make_account(db, rt)
        # Redis is not there: the OAuth flow, the API and its rate limit all still answer.
        tokens = await tokens_for(client, platform, account)
        me = await client.get("/v1/me", headers=bearer(tokens["access_token"]))
        assert me.status_code == 200
        assert me.headers["ratelimit-limit"] == "50"
        wrong = {
            "grant_type": "refresh_token",
            "refresh_token": "x",
            "client_id": platform.client_id,
            "client_secret": "sk_test_wrong",
        }
        statuses = [(await client.post("/oauth/token", data=wrong)).status_code for _ in range(11)]
        assert statuses == [401] * 10 + [429]  # throttled per process meanwhile
        assert rt.throttle.degraded  # type: ignore[attr-defined]

        async with redis_at(port):
            clock.advance(seconds=6)
            assert (await client.post("/oauth/token", data=wrong)).status_code == 401
            assert (
                await client.get("/v1/me", headers=bearer(tokens["access_token"]))
            ).status_code == 200
            assert not rt.throttle.degraded  # type: ignore[attr-defined]
            keys = await real_redis.keys(f"cleavr:throttle:client-auth:{platform.client_id}|*")
            assert len(keys) == 1  # the failure was counted in Redis again
            await real_redis.delete(*keys)
            await rt.throttle.close()  # type: ignore[attr-defined]
            await rt.limiter.close()  # type: ignore[attr-defined]
