"""The delivery queue in the database. Jobs are plain async functions `(session, *, …)`: the
worker composes them, tests call them directly.

1. `fan_out` takes committed events from `webhook_event_queue` and writes one delivery per
   matching endpoint, in one transaction: an event is fanned out exactly once, and only if its
   change committed. No Python code fills that queue: the trigger `events_webhook_enqueue`
   (migration 0002, on PostgreSQL and SQLite) copies every row inserted into `events` into it,
   in the event's own transaction, so recording an event (`events.service.record`) is enough.
2. `claim` reserves due deliveries for one worker: `FOR UPDATE SKIP LOCKED` on PostgreSQL, so
   workers never wait for each other nor take the same row; SQLite has one writer at a time, so
   the same single UPDATE is already exclusive there. The reservation is a lease: the delivery's
   `next_attempt_at` moves forward, so if the worker dies the delivery simply comes due again.
3. `record_results` writes every attempt, schedules retries, and disables failing endpoints.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Text, bindparam, cast, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect import wire
from cleavr_connect.crypto import KeyRing
from cleavr_connect.db.sql import among, cast_table, for_update, insert_ignore
from cleavr_connect.events.service import envelope
from cleavr_connect.ids import new_id
from cleavr_connect.models import (
    Event,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEventQueue,
)
from cleavr_connect.versions import LATEST
from cleavr_connect.webhooks import events_repository as events_repo
from cleavr_connect.webhooks import filters, repository, service
from cleavr_connect.webhooks.schedule import (
    DISABLE_AFTER,
    RETRY_AFTER_STATUSES,
    parse_retry_after,
    retry_delay,
)
from cleavr_connect.webhooks.sender import Outcome

RETENTION = timedelta(days=30)

_D = cast_table(WebhookDelivery)
_Q = cast_table(WebhookEventQueue)
_A = cast_table(WebhookAttempt)
_NO_SYNC = {"synchronize_session": False}


@dataclass(frozen=True)
class Claimed:
    id: int
    event_id: str
    endpoint_id: str
    attempt_count: int
    retry_count: int
    # The worker whose lease ran out while it held the delivery: it died during an attempt.
    taken_over_from: str | None = None


INTERRUPTED = "interrupted"


@dataclass(frozen=True)
class Job:
    """Everything one HTTP attempt needs, so sending touches no database."""

    delivery_id: int
    attempt: int
    retry_count: int
    event_id: str
    event_type: str
    livemode: bool
    endpoint_id: str
    url: str
    secrets: tuple[str, ...]  # newest first; two during a rotation
    body: bytes


@dataclass(frozen=True)
class Result:
    job: Job
    outcome: Outcome
    attempted_at: datetime


async def fan_out(
    session: AsyncSession, *, now: datetime, limit: int = 500, ensured: set[str] | None = None
) -> tuple[int, set[str]]:
    """Turns up to `limit` queued events into deliveries. Returns how many events were taken
    and the platforms whose default endpoint now exists (the caller may cache them after the
    commit; `ensured` are those it already knows)."""
    oldest = for_update(session, select(_Q.c.seq).order_by(_Q.c.seq).limit(limit), skip_locked=True)
    taken = (
        await session.execute(
            delete(_Q)
            .where(_Q.c.seq.in_(oldest))
            .returning(_Q.c.event_id, _Q.c.platform_id, _Q.c.livemode, _Q.c.type, _Q.c.created_at)
        )
    ).all()
    if not taken:
        return 0, set()
    platform_ids = {row.platform_id for row in taken}
    new = platform_ids - (ensured or set())
    if new:
        await repository.ensure_default_endpoints(session, new)
    endpoints = await repository.endpoints_of_platforms(session, platform_ids)
    by_scope: dict[tuple[str, bool], list[Any]] = defaultdict(list)
    for endpoint in endpoints:
        by_scope[(endpoint.platform_id, endpoint.livemode)].append(endpoint)
    values = []
    for row in taken:
        for endpoint in by_scope[(row.platform_id, row.livemode)]:
            if filters.matches(endpoint.events, row.type):
                values.append(
                    {
                        "event_id": row.event_id,
                        "endpoint_id": endpoint.id,
                        "event_created_at": row.created_at,
                        # A disabled endpoint's events are kept as failures, for `recover`.
                        "status": "pending" if endpoint.enabled else "failed",
                        "attempt_count": 0,
                        "retry_count": 0,
                        "next_attempt_at": now,
                        "created_at": now,
                    }
                )
    if values:
        await session.execute(insert_ignore(session, WebhookDelivery), values)
    return len(taken), new


async def claim(
    session: AsyncSession,
    *,
    now: datetime,
    worker_id: str,
    limit: int,
    lease: timedelta,
    exclude_endpoints: Iterable[str] = (),
) -> list[Claimed]:
    """Reserves up to `limit` due deliveries for `lease`, oldest due first. A delivery still
    tagged with another worker's id is one whose lease ran out: that worker died holding it."""
    due = (
        select(_D.c.id, _D.c.locked_by)
        .where(_D.c.status == "pending", _D.c.next_attempt_at <= now)
        .order_by(_D.c.next_attempt_at)
        .limit(limit)
    )
    excluded = list(exclude_endpoints)
    if excluded:
        due = due.where(~among(session, _D.c.endpoint_id, excluded))
    due = for_update(session, due, skip_locked=True)
    previous = {row.id: row.locked_by for row in await session.execute(due)}
    if not previous:
        return []
    rows = await session.execute(
        update(_D)
        # Due again in the update: on SQLite a concurrent claim that committed first wins.
        .where(
            among(session, _D.c.id, list(previous)),
            _D.c.status == "pending",
            _D.c.next_attempt_at <= now,
        )
        .values(next_attempt_at=now + lease, locked_by=worker_id)
        .returning(_D.c.id, _D.c.event_id, _D.c.endpoint_id, _D.c.attempt_count, _D.c.retry_count)
    )
    return [
        Claimed(
            row.id,
            row.event_id,
            row.endpoint_id,
            row.attempt_count,
            row.retry_count,
            taken_over_from=previous.get(row.id),
        )
        for row in rows.all()
    ]


async def release(
    session: AsyncSession, *, delivery_ids: Sequence[int], worker_id: str, now: datetime
) -> None:
    """Gives back deliveries this worker claimed but never sent: due now, for any worker."""
    if delivery_ids:
        await session.execute(
            update(_D)
            .where(among(session, _D.c.id, list(delivery_ids)), _D.c.locked_by == worker_id)
            .values(next_attempt_at=now, locked_by=None)
        )


async def load_jobs(
    session: AsyncSession, keys: KeyRing, claimed: Sequence[Claimed], *, now: datetime
) -> list[Job]:
    """The bodies and signing secrets of claimed deliveries. A delivery whose event expired or
    whose endpoint is gone or disabled fails at once, without an HTTP attempt."""
    if not claimed:
        return []
    events = {
        row.id: row
        for row in await session.execute(
            # The data as stored, as text: in the latest version it goes out unchanged, so it
            # is spliced into the body instead of being decoded and encoded again.
            select(
                Event.id, Event.type, Event.created_at, Event.livemode, cast(Event.data, Text)
            ).where(among(session, Event.id, {c.event_id for c in claimed}))
        )
    }
    endpoints = {
        row.id: row
        for row in await session.execute(
            select(
                WebhookEndpoint.id,
                WebhookEndpoint.url,
                WebhookEndpoint.api_version,
                WebhookEndpoint.enabled,
                WebhookEndpoint.deleted_at,
                WebhookEndpoint.secret_encrypted,
                WebhookEndpoint.previous_secret_encrypted,
                WebhookEndpoint.previous_secret_expires_at,
            ).where(among(session, WebhookEndpoint.id, {c.endpoint_id for c in claimed}))
        )
    }
    bodies: dict[tuple[str, str], bytes] = {}
    secrets: dict[str, tuple[str, ...]] = {}
    jobs: list[Job] = []
    dropped: list[int] = []
    lost: list[dict[str, Any]] = []
    for item in claimed:
        event = events.get(item.event_id)
        endpoint = endpoints.get(item.endpoint_id)
        if event is None or endpoint is None or not endpoint.enabled or endpoint.deleted_at:
            dropped.append(item.id)
            continue
        body_key = (event.id, endpoint.api_version)
        body = bodies.get(body_key)
        if body is None:
            body = bodies[body_key] = _body(event, endpoint.api_version)
        signing = secrets.get(endpoint.id)
        if signing is None:
            signing = (keys.decrypt(endpoint.secret_encrypted),)
            expires = endpoint.previous_secret_expires_at
            if endpoint.previous_secret_encrypted and expires and expires > now:
                signing += (keys.decrypt(endpoint.previous_secret_encrypted),)
            secrets[endpoint.id] = signing
        attempt = item.attempt_count + 1
        if item.taken_over_from is not None:
            # Every attempt is logged (SPEC §10), the one a dead worker was making too.
            lost.append(
                {
                    "id": new_id("whdel", livemode=event.livemode),
                    "delivery_id": item.id,
                    "endpoint_id": endpoint.id,
                    "event_id": event.id,
                    "event_type": event.type,
                    "livemode": event.livemode,
                    "attempt": attempt,
                    "succeeded": False,
                    "response_status": None,
                    "response_excerpt": None,
                    "error": f"{INTERRUPTED}: the worker stopped during the attempt; "
                    "outcome unknown",
                    "duration_ms": 0,
                    "url": endpoint.url,
                    "created_at": now,
                }
            )
            attempt += 1
        jobs.append(
            Job(
                delivery_id=item.id,
                attempt=attempt,
                retry_count=item.retry_count,
                event_id=event.id,
                event_type=event.type,
                livemode=event.livemode,
                endpoint_id=endpoint.id,
                url=endpoint.url,
                secrets=signing,
                body=body,
            )
        )
    if dropped:
        await session.execute(
            update(_D)
            .where(among(session, _D.c.id, dropped))
            .values(status="failed", locked_by=None)
        )
    if lost:
        await session.execute(_A.insert(), lost)
        await session.execute(
            update(_D)
            .where(among(session, _D.c.id, [row["delivery_id"] for row in lost]))
            .values(attempt_count=_D.c.attempt_count + 1, last_attempt_at=now)
        )
    return jobs


def _body(event: Any, version: str) -> bytes:
    """`events.service.envelope` as raw JSON bytes."""
    shell = SimpleNamespace(
        id=event.id, type=event.type, created_at=event.created_at, livemode=event.livemode
    )
    if version == LATEST:
        shell.data = {}
        head = envelope(shell, version)  # type: ignore[arg-type]
        del head["data"]  # the last key: the stored data goes there as it is
        text = wire.dumps(head)
        return (text[:-1] + ',"data":' + event[4] + "}").encode()
    shell.data = wire.loads(event[4])
    document = envelope(shell, version)  # type: ignore[arg-type]
    return wire.dumpb(document)


async def record_results(
    session: AsyncSession,
    *,
    results: Sequence[Result],
    worker_id: str,
    now: datetime,
    rng: random.Random | None = None,
) -> list[str]:
    """Logs every attempt, settles or reschedules each delivery, tracks endpoint health.
    Returns the ids of endpoints this disabled (410 Gone, or five days of failures)."""
    if not results:
        return []
    await session.execute(
        _A.insert(),
        [
            {
                "id": new_id("whdel", livemode=r.job.livemode),
                "delivery_id": r.job.delivery_id,
                "endpoint_id": r.job.endpoint_id,
                "event_id": r.job.event_id,
                "event_type": r.job.event_type,
                "livemode": r.job.livemode,
                "attempt": r.job.attempt,
                "succeeded": r.outcome.succeeded,
                "response_status": r.outcome.status,
                "response_excerpt": r.outcome.excerpt,
                "error": r.outcome.error,
                "duration_ms": r.outcome.duration_ms,
                "url": r.job.url,
                "created_at": r.attempted_at,
            }
            for r in results
        ],
    )
    succeeded = [r for r in results if r.outcome.succeeded]
    failed = [r for r in results if not r.outcome.succeeded]
    if succeeded:
        await _settle_succeeded(session, succeeded, worker_id=worker_id, now=now)
    gone = await _reschedule_failed(session, failed, worker_id=worker_id, now=now, rng=rng)
    healthy = {r.job.endpoint_id for r in succeeded}
    failing = {r.job.endpoint_id for r in failed} - healthy
    disabled = []
    if gone:
        disabled += await service.disable_automatically(session, gone, reason="gone", now=now)
    disabled += await service.track_health(
        session, healthy=healthy, failing=failing - gone, now=now, disable_after=DISABLE_AFTER
    )
    return disabled


async def _settle_succeeded(
    session: AsyncSession, succeeded: list[Result], *, worker_id: str, now: datetime
) -> None:
    # Only the lease holder settles a delivery: if our lease ran out and another worker took it
    # over, that worker's outcome is the one that counts.
    await session.execute(
        update(_D)
        .where(
            among(session, _D.c.id, [r.job.delivery_id for r in succeeded]),
            _D.c.locked_by == worker_id,
        )
        .values(
            status="succeeded",
            attempt_count=_D.c.attempt_count + 1,
            last_attempt_at=now,
            locked_by=None,
        )
    )


async def _reschedule_failed(
    session: AsyncSession,
    failed: list[Result],
    *,
    worker_id: str,
    now: datetime,
    rng: random.Random | None,
) -> set[str]:
    """Schedules each failed delivery's retry, or fails it for good (410 Gone, retries spent).
    Returns the endpoints that answered 410 Gone."""
    if not failed:
        return set()
    gone: set[str] = set()
    changes = []
    for r in failed:
        if r.outcome.status == 410:
            gone.add(r.job.endpoint_id)
            delay = None
        else:
            retry_after = (
                parse_retry_after(r.outcome.retry_after, now)
                if r.outcome.status in RETRY_AFTER_STATUSES
                else None
            )
            delay = retry_delay(r.job.retry_count + 1, retry_after, rng)
        changes.append(
            {
                "b_id": r.job.delivery_id,
                "b_status": "pending" if delay is not None else "failed",
                "b_retry": r.job.retry_count + 1,
                "b_next": now + delay if delay is not None else now,
            }
        )
    await session.execute(
        update(_D)
        .where(_D.c.id == bindparam("b_id"), _D.c.locked_by == worker_id)
        .values(
            status=bindparam("b_status"),
            retry_count=bindparam("b_retry"),
            next_attempt_at=bindparam("b_next"),
            attempt_count=_D.c.attempt_count + 1,
            last_attempt_at=now,
            locked_by=None,
        ),
        changes,
    )
    return gone


async def purge_expired(session: AsyncSession, *, now: datetime) -> int:
    """Events are kept 30 days (SPEC §10); their deliveries and attempts go with them. The first
    statement writes, so on SQLite the transaction takes the write lock from the start."""
    cutoff = now - RETENTION
    await session.execute(delete(_Q).where(_Q.c.created_at < cutoff))
    await session.execute(delete(_D).where(_D.c.event_created_at < cutoff))
    await session.execute(delete(_A).where(_A.c.created_at < cutoff))
    return await events_repo.purge_before(session, cutoff)
