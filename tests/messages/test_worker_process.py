"""A real `cleavr-connect worker` killed with SIGKILL in the middle of a batch of e-mails,
then restarted: every message reaches the SMTP server, none twice."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections import Counter
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select, update

from cleavr_connect.ids import new_id
from cleavr_connect.messages.compose import message_id
from cleavr_connect.models import DebtorMessage, Receivable
from tests.cli.conftest import cli_env
from tests.messages.conftest import live_receivable, messages_of
from tests.messages.smtp import SmtpServer
from tests.webhooks.test_worker_process import WorkerProcess

COUNT = 30
KILL_AT = 10


@pytest.fixture(autouse=True)
async def _no_worker_left_behind() -> AsyncIterator[None]:
    yield
    while WorkerProcess.started:
        worker = WorkerProcess.started.pop()
        if worker.proc.returncode is None:
            await worker.kill()


async def _statuses(db) -> Counter[str]:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        rows = await session.execute(
            select(DebtorMessage.status, func.count()).group_by(DebtorMessage.status)
        )
        return Counter({status: n for status, n in rows.all()})


async def test_kill_9_during_a_batch_sends_nothing_twice_and_loses_nothing(
    client, db, db_url, data_dir, tmp_path, runtime, smtp: SmtpServer
) -> None:  # type: ignore[no-untyped-def]
    _, rec = await live_receivable(client, db, runtime)
    (first,) = await messages_of(db, rec["id"])
    async with db.transaction() as session:
        # Only the messages below are work for the worker's back office.
        await session.execute(
            update(Receivable).where(Receivable.id == rec["id"]).values(next_action_at=None)
        )
        await session.delete(await session.get(DebtorMessage, first.id))
        for i in range(COUNT):
            msg_id = new_id("msg", livemode=True)
            session.add(
                DebtorMessage(
                    id=msg_id,
                    receivable_id=first.receivable_id,
                    platform_id=first.platform_id,
                    account_id=first.account_id,
                    livemode=True,
                    channel="email",
                    step="reminder",
                    language="fr",
                    recipient=f"contact{i}@dupont.example",
                    recipient_name=first.recipient_name,
                    subject=first.subject,
                    body=first.body,
                    html=first.html,
                    template="reminder",
                    message_id=message_id(runtime, msg_id),
                    status="queued",
                    attempts=0,
                    next_attempt_at=runtime.clock.now(),
                    created_at=runtime.clock.now(),
                )
            )

    env = cli_env(data_dir, db_url)
    env.update(
        CLEAVR_SMTP_URL=smtp.url,
        CLEAVR_MESSAGE_POLL_MS="50",
        CLEAVR_MESSAGE_LEASE_SECONDS="2",
    )
    log = tmp_path / "worker.log"
    worker = await WorkerProcess.start(env, log)

    def kill_mid_batch(n: int) -> str | None:
        if n == KILL_AT:
            # SIGKILL while the worker waits for the server's answer to this message's data.
            os.kill(worker.proc.pid, signal.SIGKILL)
            return "451 4.3.0 Connection lost"
        return None

    smtp.handler.on_data = kill_mid_batch
    assert await asyncio.wait_for(worker.proc.wait(), 60) == -signal.SIGKILL
    smtp.handler.on_data = None
    before = await _statuses(db)
    assert len(smtp.received) == KILL_AT - 1
    assert before["sent"] == KILL_AT - 1
    assert before["sending"] >= 1  # the message in flight, and the rest of its batch
    assert before["sent"] + before["sending"] + before["queued"] == COUNT

    again = await WorkerProcess.start(env, log)
    deadline = time.monotonic() + 60
    while (await _statuses(db))["sent"] < COUNT:
        assert time.monotonic() < deadline, (await _statuses(db), log.read_text()[-3000:])
        await asyncio.sleep(0.2)
    await asyncio.sleep(0.5)  # anything sent twice would arrive now
    await again.stop()

    async with db.transaction() as session:
        expected = set(
            (
                await session.execute(
                    select(DebtorMessage.message_id).where(DebtorMessage.status == "sent")
                )
            ).scalars()
        )
    received = Counter(r.message["Message-ID"] for r in smtp.received)
    assert len(expected) == COUNT
    assert set(received) == expected  # nothing lost
    assert max(received.values()) == 1  # nothing twice
