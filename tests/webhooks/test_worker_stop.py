"""A worker stopping gracefully in front of a slow receiver, and one that died: no delivery is
sent twice or held by a lease nobody will settle, and every attempt made is logged."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from cleavr_connect.models import WebhookAttempt, WebhookDelivery
from cleavr_connect.webhooks.queue import claim, fan_out
from cleavr_connect.webhooks.worker import Worker
from tests.webhooks.helpers import create_endpoint, deliver, owner_of, record_event
from tests.webhooks.receiver import Receiver


async def _rows(db):  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        deliveries = (await session.execute(select(WebhookDelivery))).scalars().all()
        attempts = (
            (await session.execute(select(WebhookAttempt).order_by(WebhookAttempt.attempt)))
            .scalars()
            .all()
        )
    return deliveries, attempts


async def test_a_graceful_stop_gives_back_what_it_has_not_sent(
    client, db, runtime, owner, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    await create_endpoint(client, owner, receiver.url())
    for _ in range(20):
        await record_event(db, runtime, owner_of(owner))
    receiver.delay = 0.8  # two lanes, 20 deliveries: 8 s to send them all
    worker = Worker(db, runtime, endpoint_concurrency=2, timeout=1.0, poll_seconds=0.01)
    running = asyncio.create_task(worker.run())
    await receiver.wait_for(2)
    started = asyncio.get_running_loop().time()
    worker.stop()
    await asyncio.wait_for(running, 10)
    # The attempts under way finished; nothing waited behind them for the lanes.
    assert asyncio.get_running_loop().time() - started < 2.5
    sent = len(receiver.requests)
    assert sent < 20
    deliveries, attempts = await _rows(db)
    assert len(attempts) == sent  # every request made is logged
    waiting = [d for d in deliveries if d.status == "pending"]
    assert len(waiting) == 20 - sent
    assert all(d.locked_by is None for d in deliveries)  # no lease left to run out
    # The next worker sends the rest at once, each exactly once.
    receiver.delay = 0
    await deliver(db, runtime)
    assert sorted(receiver.event_ids()) == sorted(set(receiver.event_ids()))
    assert len(receiver.requests) == 20


async def test_the_attempt_of_a_worker_that_died_is_logged_at_takeover(
    client, db, runtime, clock, owner, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    endpoint = await create_endpoint(client, owner, receiver.url())
    await record_event(db, runtime, owner_of(owner))
    await deliver(db, runtime)  # fans out and delivers: a first attempt, succeeded
    await record_event(db, runtime, owner_of(owner))
    # A worker claims the next delivery, then dies (kill -9) before recording anything.
    dead = Worker(db, runtime, worker_id="dead-worker")
    async with db.transaction() as session:
        await fan_out(session, now=clock.now())
        claimed = await claim(
            session,
            now=clock.now(),
            worker_id="dead-worker",
            limit=10,
            lease=dead.lease,
        )
    await dead.aclose()
    assert len(claimed) == 1
    clock.advance(seconds=61)  # the lease runs out
    (result,) = await deliver(db, runtime)
    assert result.outcome.succeeded and result.job.attempt == 2
    listing = (
        await client.get(f"/v1/webhooks/{endpoint['id']}/deliveries", headers=owner.headers)
    ).json()["data"]
    mine = sorted(
        (d for d in listing if d["event_id"] == result.job.event_id), key=lambda d: d["attempt"]
    )
    assert [(d["attempt"], d["status"]) for d in mine] == [(1, "failed"), (2, "succeeded")]
    assert mine[0]["error"].startswith("interrupted") and mine[0]["response_status"] is None
    deliveries, _ = await _rows(db)
    assert all(d.locked_by is None and d.status == "succeeded" for d in deliveries)
