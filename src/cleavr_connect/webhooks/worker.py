"""The delivery worker: `cleavr-connect worker`, or a task inside `serve` (embedded default).

One loop claims batches (fan-out and claim in one short transaction), sends each delivery in
its own task, and a flusher writes the outcomes in batches: few round trips per delivery, and
HTTP never runs inside a transaction. Any number of workers share the queue through the
database.

Per-endpoint limits keep one slow receiver from starving the others: at most
`endpoint_concurrency` (C) requests in flight to one endpoint and at most 4·C claimed by this
worker; a claim takes at most 2·C deliveries, and an endpoint with less room than that sits the
claim out. So a claim always fits the room of every endpoint it can touch, and a claimed
delivery waits at most four rounds of requests (4 × 10 s) before it is sent, within its lease.
`concurrency` bounds the requests in flight of the whole worker; claimed deliveries waiting for
their endpoint's turn hold no request slot (up to 4 × `concurrency` of them), so a slow endpoint
holds at most C of the worker's requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import socket
import ssl
import time
from collections import Counter
from datetime import datetime, timedelta

from cleavr_connect.db.engine import Database
from cleavr_connect.ids import random_string
from cleavr_connect.runtime import Runtime
from cleavr_connect.webhooks import signing
from cleavr_connect.webhooks.queue import (
    INTERRUPTED,
    Job,
    Result,
    claim,
    fan_out,
    load_jobs,
    purge_expired,
    record_results,
    release,
)
from cleavr_connect.webhooks.sender import TIMEOUT_SECONDS, Outcome, Sender
from cleavr_connect.webhooks.ssrf import AddressPolicy, Resolver, is_public

log = logging.getLogger("cleavr_connect.webhooks")

FAN_OUT_BATCH = 500
FLUSH_INTERVAL = 0.05
FLUSH_SIZE = 200
PURGE_EVERY = timedelta(hours=1)
PRUNE_EVERY_SECONDS = 30.0
ERROR_PAUSE = 1.0


def new_worker_id() -> str:
    return f"{socket.gethostname()[:16]}:{os.getpid()}:{random_string(6)}"


class Worker:
    def __init__(
        self,
        db: Database,
        rt: Runtime,
        *,
        worker_id: str | None = None,
        concurrency: int | None = None,
        endpoint_concurrency: int | None = None,
        lease_seconds: float | None = None,
        poll_seconds: float | None = None,
        timeout: float = TIMEOUT_SECONDS,
        drain_seconds: float | None = None,
        resolver: Resolver | None = None,
        rng: random.Random | None = None,
        ssl_context: ssl.SSLContext | None = None,
        public_address: AddressPolicy = is_public,
    ) -> None:
        settings = rt.settings
        self.db = db
        self.rt = rt
        self.worker_id = worker_id or new_worker_id()
        self.concurrency = concurrency or settings.webhook_concurrency
        self.endpoint_concurrency = endpoint_concurrency or settings.webhook_endpoint_concurrency
        self.claim_batch = 2 * self.endpoint_concurrency
        self.endpoint_claimed_max = 4 * self.endpoint_concurrency
        self.claimed_max = max(4 * self.concurrency, self.endpoint_claimed_max)
        self.lease = timedelta(seconds=lease_seconds or settings.webhook_lease_seconds)
        self.poll = poll_seconds if poll_seconds is not None else settings.webhook_poll_ms / 1000
        self.rng = rng
        # How long a graceful stop lets attempts under way finish: by default their own
        # timeout, so none is cut; shorter when the process manager kills sooner.
        self.drain_seconds = drain_seconds if drain_seconds is not None else timeout + 1
        self.sender = Sender(
            lanes=self.endpoint_concurrency,
            in_flight=self.concurrency,
            allow_private_network=settings.allow_private_network,
            resolver=resolver,
            timeout=timeout,
            ssl_context=ssl_context,
            public_address=public_address,
        )
        self.delivered = 0  # attempts made, for logs and benchmarks
        self._ensured: set[str] = set()
        self._claimed: Counter[str] = Counter()
        self._tasks: set[asyncio.Task[None]] = set()
        # Each task's job, and when its attempt started (empty while it waits for a lane).
        self._jobs: dict[asyncio.Task[None], tuple[Job, list[datetime]]] = {}
        self._results: list[Result] = []
        self._wake = asyncio.Event()
        self._flush_now = asyncio.Event()
        self._stopping = asyncio.Event()
        self._drained = asyncio.Event()  # stopping, and nothing in flight any more
        self._next_purge: datetime | None = None
        self._pruned = time.monotonic()
        self._starved = False

    # -- lifecycle -------------------------------------------------------------------------

    def stop(self) -> None:
        """Stop claiming; in-flight deliveries finish and are recorded before `run` returns."""
        self._stopping.set()
        self._wake.set()

    async def run(self) -> None:
        log.info("webhook worker %s started", self.worker_id)
        flusher = asyncio.create_task(self._flush_loop())
        try:
            while not self._stopping.is_set():
                # Cleared before claiming, so a wake-up during the claim is not lost.
                self._wake.clear()
                try:
                    busy = await self._step()
                except Exception:
                    log.exception("webhook worker %s: claiming failed", self.worker_id)
                    await self._wait(self._stopping, ERROR_PAUSE)
                    continue
                if not busy:
                    await self._wait(self._wake, self.poll)
        finally:
            await self._stop_sending()
            self._drained.set()
            self._flush_now.set()
            await flusher
            await self.sender.aclose()
            log.info("webhook worker %s stopped", self.worker_id)

    async def run_once(self) -> list[Result]:
        """One pass, for tests and tools: fan out, claim everything due, send it (each endpoint
        through its lanes), record; returns the attempts made."""
        made: list[Result] = []
        while await self._step(unbounded=True):
            pass
        await self._drain()
        made, self._results = self._results, []
        await self._write(made)
        return made

    async def aclose(self) -> None:
        await self.sender.aclose()

    # -- claiming --------------------------------------------------------------------------

    async def _step(self, *, unbounded: bool = False) -> bool:
        """Claims one batch; True when more work is probably waiting."""
        batch = self.claim_batch
        if self.claimed_max - len(self._tasks) < batch and not unbounded:
            self._starved = True  # woken up when enough deliveries finish
            return False
        now = self.rt.clock.now()
        await self._maybe_purge(now)
        if time.monotonic() - self._pruned > PRUNE_EVERY_SECONDS:
            self._pruned = time.monotonic()
            await self.sender.prune()
        # An endpoint with less room than a batch sits this claim out (see the module doc).
        most = self.endpoint_claimed_max - batch
        full = [] if unbounded else [e for e, n in self._claimed.items() if n > most]
        async with self.db.transaction() as session:
            taken, ensured = await fan_out(
                session, now=now, limit=FAN_OUT_BATCH, ensured=self._ensured
            )
            claimed = await claim(
                session,
                now=now,
                worker_id=self.worker_id,
                limit=batch,
                lease=self.lease,
                exclude_endpoints=full,
            )
            jobs = await load_jobs(session, self.rt.keys, claimed, now=now)
        self._ensured |= ensured
        for job in jobs:
            self._start(job)
        if unbounded:
            return bool(claimed) or taken > 0
        return taken == FAN_OUT_BATCH or len(claimed) == batch

    async def _maybe_purge(self, now: datetime) -> None:
        if self._next_purge is not None and now < self._next_purge:
            return
        self._next_purge = now + PURGE_EVERY
        async with self.db.transaction() as session:
            removed = await purge_expired(session, now=now)
        if removed:
            log.info("webhook worker %s purged %d expired events", self.worker_id, removed)

    # -- sending ---------------------------------------------------------------------------

    def _start(self, job: Job) -> None:
        self._claimed[job.endpoint_id] += 1
        attempted: list[datetime] = []
        task = asyncio.create_task(self._send(job, attempted))
        self._tasks.add(task)
        self._jobs[task] = (job, attempted)
        task.add_done_callback(self._forget)

    def _forget(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._jobs.pop(task, None)

    async def _send(self, job: Job, attempted: list[datetime]) -> None:
        endpoint = job.endpoint_id

        def sign() -> dict[str, str]:
            # Signed when a lane is free, so the timestamp is the moment of sending.
            attempted.append(self.rt.clock.now())
            return signing.headers(
                job.body,
                msg_id=job.event_id,
                timestamp=int(attempted[0].timestamp()),
                secrets=job.secrets,
            )

        try:
            outcome = await self.sender.post(
                job.url,
                job.body,
                {},
                livemode=job.livemode,
                endpoint_id=endpoint,
                before_send=sign,
            )
            self._results.append(
                Result(job, outcome, attempted[0] if attempted else self.rt.clock.now())
            )
            self.delivered += 1
            if not outcome.succeeded:
                log.info(
                    "webhook %s to %s attempt %d failed: %s",
                    job.event_id,
                    endpoint,
                    job.attempt,
                    outcome.error,
                )
            if len(self._results) >= FLUSH_SIZE:
                self._flush_now.set()
        finally:
            left = self._claimed[endpoint] = self._claimed[endpoint] - 1
            if left <= 0:
                del self._claimed[endpoint]
            # Claim again as soon as the endpoint has room for a batch again, or the worker
            # has (this task still counts in _tasks) after it ran out: not on every
            # completion, which would cost a claim per delivery at low rates.
            batch = self.claim_batch
            most = self.endpoint_claimed_max - batch
            if left == most:
                self._wake.set()
            elif self._starved and self.claimed_max - len(self._tasks) + 1 >= batch:
                self._starved = False
                self._wake.set()

    async def _drain(self) -> None:
        if self._tasks:
            # Every attempt is bounded by the sender's timeout.
            await asyncio.wait(set(self._tasks), timeout=self.sender.timeout + 5)

    async def _stop_sending(self) -> None:
        """A graceful stop: deliveries still waiting for a lane are given back at once (never
        sent, so nobody sends them twice); attempts under way finish, up to the delivery
        timeout; one still running then is cut and logged as interrupted. Either way the lease
        is released, so no delivery waits for it to run out."""
        waiting = {t: job for t, (job, attempted) in self._jobs.items() if not attempted}
        for task in waiting:
            task.cancel()
        if waiting:
            await asyncio.gather(*waiting, return_exceptions=True)
            try:
                async with self.db.transaction() as session:
                    await release(
                        session,
                        delivery_ids=[job.delivery_id for job in waiting.values()],
                        worker_id=self.worker_id,
                        now=self.rt.clock.now(),
                    )
            except Exception:
                log.exception("webhook worker %s: releasing unsent deliveries", self.worker_id)
        under_way = dict(self._jobs)
        if under_way:
            _, late = await asyncio.wait(set(under_way), timeout=self.drain_seconds)
            for task in late:
                task.cancel()
            if late:
                await asyncio.gather(*late, return_exceptions=True)
            for task in late:
                job, attempted = under_way[task]
                started = attempted[0] if attempted else self.rt.clock.now()
                elapsed = (self.rt.clock.now() - started).total_seconds()
                error = f"{INTERRUPTED}: the worker stopped"
                outcome = Outcome(None, None, error, int(elapsed * 1000))
                self._results.append(Result(job, outcome, started))

    # -- recording -------------------------------------------------------------------------

    async def _flush_loop(self) -> None:
        while True:
            drained = self._drained.is_set()
            if not drained:
                await self._wait(self._flush_now, FLUSH_INTERVAL)
                self._flush_now.clear()
            batch, self._results = self._results, []
            if batch:
                await self._write(batch)
            if drained and not self._results:
                return

    async def _write(self, batch: list[Result]) -> None:
        for attempt in range(3):
            try:
                async with self.db.transaction() as session:
                    await record_results(
                        session,
                        results=batch,
                        worker_id=self.worker_id,
                        now=self.rt.clock.now(),
                        rng=self.rng,
                    )
                return
            except Exception:
                log.exception(
                    "webhook worker %s: recording %d outcomes failed", self.worker_id, len(batch)
                )
                if attempt < 2:
                    await asyncio.sleep(ERROR_PAUSE)
        # The deliveries stay leased; when the lease ends they are sent again (at least once).

    # -- waiting ---------------------------------------------------------------------------

    async def _wait(self, event: asyncio.Event, seconds: float) -> None:
        if event.is_set() or seconds <= 0:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), seconds)


async def deliver_due(db: Database, rt: Runtime, **options: object) -> list[Result]:
    """One worker pass (`Worker.run_once`) with a worker of its own: what tests call after
    moving the clock, instead of sleeping."""
    worker = Worker(db, rt, **options)  # type: ignore[arg-type]
    try:
        return await worker.run_once()
    finally:
        await worker.aclose()
