"""The SDK's single-flight locks under garbage collection: clients and stores made and dropped by
many threads (one per request, say) must neither hang the process nor grow it."""

from __future__ import annotations

import gc
import threading
from typing import Any

from cleavr import _locks


class _Store:
    """A token store freed only by the cycle collector, which runs at any allocation."""

    def __init__(self) -> None:
        self.me = self


def _in_thread(work: Any, seconds: float = 20) -> bool:
    done = threading.Event()

    def run() -> None:
        work()
        done.set()

    threading.Thread(target=run, daemon=True).start()
    return done.wait(seconds)


def test_a_store_collected_while_a_lock_is_filed_does_not_hang_the_caller() -> None:
    thresholds = gc.get_threshold()

    def work() -> None:
        for _ in range(2000):
            _locks.thread_lock(_Store(), "grant")  # dropped at once: garbage for the collector

    gc.collect()
    # A collection at nearly every allocation, so one runs inside the locked section too.
    gc.set_threshold(7, 1, 1)
    try:
        finished = _in_thread(work)
    finally:
        gc.set_threshold(*thresholds)
    assert finished, "filing a refresh lock deadlocked when a dead store was collected"


def test_the_locks_of_dead_stores_are_swept() -> None:
    def work() -> None:
        for _ in range(500):
            _locks.thread_lock(_Store(), "grant")

    assert _in_thread(work)
    gc.collect()
    alive = _Store()
    lock = _locks.thread_lock(alive, "grant")
    with _locks._guard:
        entries = list(_locks._thread_locks.values())
    assert all(ref() is not None for ref, _ in entries)
    assert len(entries) < 10
    # One store, one grant: one lock, whoever asks; another grant, another lock.
    assert _locks.thread_lock(alive, "grant") is lock
    assert _locks.thread_lock(alive, "other") is not lock
