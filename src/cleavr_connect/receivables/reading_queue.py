"""The OCR queue: documents that must be read by OCR (scans, glyph-code text layers) wait in
`reading_jobs` and are read by `cleavr-connect worker` processes — or, in the embedded default,
by the worker `serve` runs in-process — never by the API request that received them.

A worker takes one due job at a time (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so any number of
workers share the queue), moves its `available_at` one lease ahead, and reads the file in a
child process (`reading/child.py`) with no transaction open. The outcome settles the
receivable and deletes the job in one transaction, only if the lease is still this worker's:
a worker that died leaves its lease to run out and another takes the job over; after
`MAX_ATTEMPTS` takes the receivable becomes a draft to complete by hand. A worker told to stop
kills its child (and the Tesseract it started) and hands the job back at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import socket
import sys
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from cleavr_connect import storage
from cleavr_connect.db.engine import Database
from cleavr_connect.ids import random_string
from cleavr_connect.models import ReadingJob, StoredFile
from cleavr_connect.reading.files import DocumentRejected
from cleavr_connect.receivables import from_document
from cleavr_connect.receivables import repository as repo
from cleavr_connect.runtime import Runtime
from cleavr_connect.users import repository as users

log = logging.getLogger("cleavr_connect.ocr")

# A job's reading is killed past this; the lease outlives it, so a live worker keeps its job.
JOB_TIMEOUT_SECONDS = 600.0
LEASE = timedelta(seconds=JOB_TIMEOUT_SECONDS + 60)
MAX_ATTEMPTS = 3
POLL_SECONDS = 1.0


def new_worker_id() -> str:
    return f"{socket.gethostname()[:16]}:{os.getpid()}:{random_string(6)}"


@dataclass
class _Claimed:
    receivable_id: str
    attempts: int
    path: Path | None
    content_type: str
    user_siret: str | None


async def _claim(db: Database, rt: Runtime, worker_id: str) -> _Claimed | None:
    now = rt.clock.now()
    async with db.transaction() as session:
        stmt = (
            select(ReadingJob)
            .where(ReadingJob.available_at <= now)
            .order_by(ReadingJob.available_at)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        job = (await session.execute(stmt)).scalar_one_or_none()
        if job is None:
            return None
        job.attempts += 1
        job.leased_by = worker_id
        job.available_at = now + LEASE
        stored = await session.get(StoredFile, job.file_id)
        rec = await repo.by_id_unscoped(session, job.receivable_id)
        user = await users.by_id_unscoped(session, rec.user_id) if rec else None
        return _Claimed(
            job.receivable_id,
            job.attempts,
            storage.absolute_path(rt.settings, stored) if stored else None,
            stored.content_type if stored else "",
            from_document.user_siret(user) if user else None,
        )


class _Stopped(Exception):
    """The worker was told to stop while the job was being read."""


class Reader:
    """Reads one document at a time in a child process; `stop` kills the child's group."""

    def __init__(self, timeout: float = JOB_TIMEOUT_SECONDS) -> None:
        self.timeout = timeout
        self.stopping = False
        self._child: asyncio.subprocess.Process | None = None

    async def read(
        self, path: Path, content_type: str, siret: str | None
    ) -> tuple[dict[str, Any] | None, DocumentRejected | None]:
        if self.stopping:
            raise _Stopped
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "cleavr_connect.reading.child",
            str(path),
            content_type,
            siret or "",
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            # Its own process group: a kill reaches Tesseract too.
            start_new_session=True,
        )
        self._child = child
        try:
            out, err = await asyncio.wait_for(child.communicate(), self.timeout)
        except TimeoutError:
            self._kill()
            await child.wait()
            return None, DocumentRejected("ocr_failed", "The document took too long to read.")
        finally:
            self._child = None
        if self.stopping and child.returncode != 0:
            raise _Stopped
        try:
            result = json.loads(out.decode().strip().splitlines()[-1])
        except (ValueError, IndexError):
            log.error("reading process failed (%s): %s", child.returncode, err.decode()[-2000:])
            return None, DocumentRejected("ocr_failed", "The document could not be read.")
        if "rejected" in result:
            return None, DocumentRejected.from_parts(result["rejected"])
        return result["extraction"], None

    def stop(self) -> None:
        self.stopping = True
        self._kill()

    def _kill(self) -> None:
        child = self._child
        if child is not None and child.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)


async def work_once(db: Database, rt: Runtime, *, worker_id: str, reader: Reader) -> bool:
    """Takes one due job and settles it; False when none was due."""
    claimed = await _claim(db, rt, worker_id)
    if claimed is None:
        return False
    extraction: dict[str, Any] | None = None
    failure: DocumentRejected | None = None
    if claimed.attempts > MAX_ATTEMPTS:
        failure = DocumentRejected("ocr_failed", "The scan could not be read.")
    elif claimed.path is None:
        failure = DocumentRejected("file_missing", "The uploaded file is no longer available.")
    else:
        try:
            extraction, failure = await reader.read(
                claimed.path, claimed.content_type, claimed.user_siret
            )
        except _Stopped:
            await _release(db, rt, claimed.receivable_id, worker_id)
            raise
    async with db.transaction() as session:
        job = await session.get(ReadingJob, claimed.receivable_id, with_for_update=True)
        if job is None or job.leased_by != worker_id:
            return True  # taken over after this worker's lease ran out: the other settles
        rec = await repo.by_id_unscoped(session, claimed.receivable_id, lock=True)
        if rec is not None and rec.status == "processing":
            await from_document.finish(session, rt, rec, extraction, failure)
        await session.delete(job)
    return True


async def _release(db: Database, rt: Runtime, receivable_id: str, worker_id: str) -> None:
    """Hands a job back for another worker to take now, this take not counted."""
    async with db.transaction() as session:
        job = await session.get(ReadingJob, receivable_id, with_for_update=True)
        if job is not None and job.leased_by == worker_id:
            job.leased_by = None
            job.attempts = max(0, job.attempts - 1)
            job.available_at = rt.clock.now()


class ReadingWorker:
    """The queue's loop in a worker process (`cleavr-connect worker`, or inside `serve`)."""

    def __init__(self, db: Database, rt: Runtime, *, poll_seconds: float = POLL_SECONDS) -> None:
        self.db = db
        self.rt = rt
        self.poll = poll_seconds
        self.worker_id = new_worker_id()
        self.reader = Reader()
        self.read = 0  # jobs settled, for logs and benchmarks
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        self._stopping.set()
        self.reader.stop()

    async def run(self) -> None:
        while not self._stopping.is_set():
            try:
                busy = await work_once(
                    self.db, self.rt, worker_id=self.worker_id, reader=self.reader
                )
                self.read += busy
            except _Stopped:
                break
            except Exception:
                log.exception("reading worker %s: a job failed; retrying later", self.worker_id)
                busy = False
            if not busy:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), self.poll)


async def read_due(db: Database, rt: Runtime) -> int:
    """Reads every job due now, one after the other (what tests call instead of a worker)."""
    reader = Reader()
    worker_id = new_worker_id()
    done = 0
    while await work_once(db, rt, worker_id=worker_id, reader=reader):
        done += 1
    return done
