"""Extraction off the event loop: a small process pool, created on first use.

PDF parsing and Tesseract are CPU work that would stall every other request of the process;
a process (not a thread) also keeps pypdfium2, which is not thread-safe, to one caller at a
time. Workers are spawned, not forked, so they never inherit the server's event loop, sockets
or database connections.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any, TypeVar

from cleavr_connect.reading import extract
from cleavr_connect.reading.files import DocumentRejected, Inspection

T = TypeVar("T")

# Small on purpose: Tesseract is single-threaded per page here (OMP_THREAD_LIMIT=1) and the API
# shares its machine; more pages wait in the pool's queue instead of fighting for cores.
POOL_SIZE = max(1, min(2, (os.cpu_count() or 1) - 1))

_lock = threading.Lock()
_executor: ProcessPoolExecutor | None = None


def _init_worker() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"


def executor() -> ProcessPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ProcessPoolExecutor(
                max_workers=POOL_SIZE,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
            )
        return _executor


def shutdown() -> None:
    global _executor
    with _lock:
        if _executor is not None:
            _executor.shutdown(wait=True, cancel_futures=True)
            _executor = None


async def _run(fn: Any, *args: Any) -> Any:
    global _executor
    loop = asyncio.get_running_loop()
    pool = executor()
    try:
        return await loop.run_in_executor(pool, partial(fn, *args))
    except BrokenProcessPool:
        # A worker died (killed, out of memory): the next call gets a fresh pool.
        with _lock:
            if _executor is pool:
                _executor = None
        raise DocumentRejected(
            "ocr_failed", "The document could not be processed; try again."
        ) from None


async def inspect(data: bytes, content_type: str) -> Inspection:
    """Pages, text layers, and the refusals (encrypted, unreadable, too many pages)."""
    result: Inspection = await _run(extract.inspect_document, data, content_type)
    return result


async def analyse(data: bytes, content_type: str, user_siret: str | None) -> dict[str, Any]:
    """The extraction (see `extract.analyse`), computed in the pool."""
    result: dict[str, Any] = await _run(extract.analyse, data, content_type, user_siret)
    return result
