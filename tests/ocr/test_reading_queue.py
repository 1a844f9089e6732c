"""The OCR queue's worker: a document is read in a child process with its own process group,
and a worker told to stop (SIGTERM of `cleavr-connect worker` or of `serve`) kills that child
and the Tesseract it started, and hands the job back to the queue at once."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cleavr_connect.models import ReadingJob
from cleavr_connect.ownership import Owner
from cleavr_connect.receivables import from_document
from cleavr_connect.receivables.reading_queue import ReadingWorker
from cleavr_connect.receivables.schemas import ReceivablePatch
from tests.factories import active_user, caller
from tests.ocr import invoices


def _alive_in_group(pgid: int) -> list[int]:
    """Processes of the group that are still running (zombies waiting to be reaped are not)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, group = fields[0], int(fields[2])
        if group == pgid and state not in ("Z", "X"):
            alive.append(int(stat.parent.name))
    return alive


@pytest.fixture
async def queued(client: Any, db: Any, runtime: Any) -> str:
    owner = await caller(client, db, runtime)
    user = await active_user(client, owner)
    async with db.transaction() as session:
        from cleavr_connect.models import Platform

        platform = await session.get(Platform, owner.platform.client_id)
        rec, processing = await from_document.upload(
            session,
            runtime,
            Owner(platform.id, owner.account.id, platform.livemode),
            user_id=user["id"],
            data=invoices.scanned(fmt="png"),
            filename="scan.png",
            overrides=ReceivablePatch.model_validate({}),
        )
        assert processing
        return rec.id


async def test_a_stopped_worker_kills_its_reading_and_hands_the_job_back(
    db: Any, runtime: Any, queued: str
) -> None:
    worker = ReadingWorker(db, runtime, poll_seconds=0.05)
    task = asyncio.create_task(worker.run())
    for _ in range(400):
        child = worker.reader._child
        if child is not None:
            break
        await asyncio.sleep(0.025)
    else:
        pytest.fail("the worker never started reading")
    pgid = child.pid
    assert os.getpgid(child.pid) == pgid != os.getpgid(0)  # a group of its own
    await asyncio.sleep(0.5)  # well into the reading (Python imports, then Tesseract)
    worker.stop()
    await asyncio.wait_for(task, 10)
    assert child.returncode is not None
    for _ in range(100):
        if not _alive_in_group(pgid):
            break
        await asyncio.sleep(0.05)
    assert _alive_in_group(pgid) == []
    async with db.transaction() as session:
        job = (await session.execute(select(ReadingJob))).scalar_one()
    assert job.receivable_id == queued
    assert job.leased_by is None and job.attempts == 0
    assert job.available_at <= runtime.clock.now()  # another worker may take it now
    assert worker.read == 0
