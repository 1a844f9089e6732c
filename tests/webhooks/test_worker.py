"""The long-running worker in-process: per-endpoint limits, graceful stop, and the worker that
`serve` runs inside the app (embedded default)."""

from __future__ import annotations

import asyncio
import time

import httpx

from cleavr_connect.app import create_app
from cleavr_connect.webhooks.worker import Worker
from tests.conftest import BASE_URL
from tests.factories import create_user
from tests.webhooks.helpers import create_endpoint, deliveries, owner_of, record_event
from tests.webhooks.receiver import Receiver


async def test_one_slow_receiver_does_not_starve_the_others(
    client, db, runtime, owner, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    await create_endpoint(client, owner, receiver.url("/slow"), events=["user.updated"])
    await create_endpoint(client, owner, receiver.url("/fast"), events=["grant.revoked"])
    receiver.delays["/slow"] = 3.0
    who = owner_of(owner)
    for _ in range(40):  # the slow endpoint's backlog comes first in the queue
        await record_event(db, runtime, who, "user.updated")
    for _ in range(40):
        await record_event(db, runtime, who, "grant.revoked", obj={"id": "g", "object": "grant"})
    worker = Worker(db, runtime, concurrency=16, endpoint_concurrency=4, poll_seconds=0.02)
    task = asyncio.create_task(worker.run())
    started = time.monotonic()
    try:
        await receiver.wait_for(40, "/fast", within=15)
        fast_done = time.monotonic() - started
        slow_seen = len(receiver.at("/slow"))
    finally:
        worker.stop()
        await asyncio.wait_for(task, 30)
    # 40 fast deliveries while the slow endpoint answered at most its first round of 4.
    assert fast_done < 2.8, fast_done
    assert slow_seen <= 4
    assert receiver.max_in_flight["/slow"] <= 4
    assert receiver.max_in_flight["/fast"] <= 4


async def test_stop_finishes_and_records_what_is_in_flight(
    client, db, runtime, owner, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    await create_endpoint(client, owner, receiver.url())
    receiver.delay = 0.5
    for _ in range(3):
        await record_event(db, runtime, owner_of(owner))
    worker = Worker(db, runtime, poll_seconds=0.02)
    task = asyncio.create_task(worker.run())
    await receiver.wait_for(3)
    worker.stop()
    await asyncio.wait_for(task, 10)
    assert [d.status for d in await deliveries(db)] == ["succeeded"] * 3


async def test_the_app_runs_a_worker_when_asked(db, settings, runtime, receiver: Receiver) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import caller

    for worker in (None, True):  # explicit settings (tests, embedding): only when asked
        app = create_app(settings, runtime=runtime, database=db, worker=worker)
        fastapi = app.fastapi  # type: ignore[attr-defined]
        transport = httpx.ASGITransport(app=app)
        async with (
            fastapi.router.lifespan_context(fastapi),
            httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http,
        ):
            who = await caller(http, db, runtime)
            await create_endpoint(http, who, receiver.url(f"/app-{worker}"))
            user = await create_user(http, who)
            if worker is None:
                assert fastapi.state.webhook_worker is None
                await asyncio.sleep(0.5)
                assert receiver.at("/app-None") == []
            else:
                await receiver.wait_for(1, "/app-True", within=10)
                assert receiver.at("/app-True")[0].json()["data"]["object"]["id"] == user["id"]


async def test_the_service_from_the_environment_runs_one_unless_told_not_to(
    db, db_url, data_dir, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import SECRET_KEY

    monkeypatch.setenv("CLEAVR_DATABASE_URL", db_url)
    monkeypatch.setenv("CLEAVR_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CLEAVR_SECRET_KEY", SECRET_KEY.decode())
    for no_worker, expected in (("1", False), ("0", True)):  # what `serve [--no-worker]` sets
        monkeypatch.setenv("CLEAVR_NO_WORKER", no_worker)
        fastapi = create_app().fastapi  # type: ignore[attr-defined]
        async with fastapi.router.lifespan_context(fastapi):
            assert isinstance(fastapi.state.webhook_worker, Worker) is expected
