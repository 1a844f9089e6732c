"""A worker stopping gracefully in front of a slow receiver, and one that died: no delivery is
sent twice or held by a lease nobody will settle, and every attempt made is logged."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from cleavr_connect.models import WebhookAttempt, WebhookDelivery
from cleavr_connect.webhooks.queue import claim, fan_out
from cleavr_connect.webhooks.worker import Worker
from tests.webhooks.helpers import create_endpoint, deliver, owner_of, record_event
from tests.webhooks.receiver import HANG, Receiver


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


async def test_an_attempt_that_outlasts_the_drain_is_cut_logged_and_released(
    client, db, runtime, clock, owner, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    endpoint = await create_endpoint(client, owner, receiver.url())
    await record_event(db, runtime, owner_of(owner))
    receiver.script("/hook", HANG)  # the receiver never answers the first request
    # Attempts may take 60 s, but the process manager allows the stop half a second.
    worker = Worker(db, runtime, timeout=60.0, drain_seconds=0.5, poll_seconds=0.01)
    running = asyncio.create_task(worker.run())
    await receiver.wait_for(1)
    worker.stop()
    # Stopped long before the attempt's own 60 s timeout would have ended it.
    await asyncio.wait_for(running, 10)
    deliveries, attempts = await _rows(db)
    (attempt,) = attempts
    assert attempt.error is not None and attempt.error.startswith("interrupted")
    assert attempt.response_status is None and not attempt.succeeded
    (delivery,) = deliveries
    # The lease is given back: the delivery waits for its retry, held by no worker.
    assert delivery.locked_by is None and delivery.status == "pending"
    assert delivery.attempt_count == 1 and delivery.retry_count == 1
    listing = (
        await client.get(f"/v1/webhooks/{endpoint['id']}/deliveries", headers=owner.headers)
    ).json()["data"]
    assert [(d["attempt"], d["status"]) for d in listing] == [(1, "failed")]
    assert listing[0]["error"].startswith("interrupted")
    # At its retry the next worker sends it again, and it is settled once.
    clock.advance(seconds=3600)
    (result,) = await deliver(db, runtime)
    assert result.outcome.succeeded and result.job.attempt == 2
    assert len(receiver.requests) == 2
    assert receiver.requests[0].json()["id"] == receiver.requests[1].json()["id"]
    deliveries, attempts = await _rows(db)
    assert [a.succeeded for a in attempts] == [False, True]
    assert all(d.locked_by is None and d.status == "succeeded" for d in deliveries)
