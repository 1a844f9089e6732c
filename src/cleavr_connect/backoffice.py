"""The recovery back office's recurring jobs, run beside the webhook worker (`cleavr-connect
worker`, and in-process under `serve`): the playbook steps that fell due (live mode, and test
receivables whose time came), yesterday's payouts; and beside them the message worker, which
sends what the playbook wrote (`messages.worker`).

Each job is a plain async function on the database, so tests call them without a loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from cleavr_connect.db.engine import Database
from cleavr_connect.messages.worker import MessageWorker
from cleavr_connect.payouts import service as payouts
from cleavr_connect.recovery import playbook
from cleavr_connect.runtime import Runtime

log = logging.getLogger("cleavr_connect.backoffice")

INTERVAL_SECONDS = 5.0


async def run_once(db: Database, rt: Runtime) -> dict[str, int]:
    async with db.transaction() as session:
        steps = await playbook.run_all_due(session, rt)
    async with db.transaction() as session:
        paid = await payouts.pay_due(session, rt, today=rt.clock.now().date())
    return {"playbook_steps": steps, "payouts_paid": paid}


async def run(db: Database, rt: Runtime, stop: asyncio.Event) -> None:
    sender = asyncio.create_task(MessageWorker(db, rt).run(stop))
    try:
        await _run_passes(db, rt, stop)
    finally:
        stop.set()
        await sender


async def _run_passes(db: Database, rt: Runtime, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            done = await run_once(db, rt)
            if any(done.values()):
                log.info("back office: %s", done)
        except Exception:
            log.exception("back office pass failed; retrying")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), INTERVAL_SECONDS)
