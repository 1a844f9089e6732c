"""Single-flight refreshes: one lock per (token store, grant key), shared by every client of the
process that uses that store, so two refreshes of one grant never run at once.

The server revokes the whole grant when a rotated refresh token is presented again (RFC 9700
§4.14.2), so two concurrent refreshes with the same refresh token would log the platform out.
Threads share a `threading.Lock`; the tasks of an event loop first queue on an `asyncio.Lock`
(cheap, no thread parked per task), then take the same `threading.Lock` from a worker thread, so
sync and async clients of one process exclude each other too.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import weakref
from typing import Any

_guard = threading.Lock()
_thread_locks: dict[tuple[int, str], threading.Lock] = {}
_async_locks: weakref.WeakKeyDictionary[
    asyncio.AbstractEventLoop, dict[tuple[int, str], asyncio.Lock]
]
_async_locks = weakref.WeakKeyDictionary()


def _forget(store_id: int) -> None:
    with _guard:
        for key in [k for k in _thread_locks if k[0] == store_id]:
            del _thread_locks[key]


def thread_lock(store: Any, grant_key: str) -> threading.Lock:
    key = (id(store), grant_key)
    with _guard:
        lock = _thread_locks.get(key)
        if lock is None:
            lock = _thread_locks[key] = threading.Lock()
            # A store that is not weak-referenceable keeps its locks as long as the process.
            with contextlib.suppress(TypeError):
                weakref.finalize(store, _forget, id(store))
        return lock


def async_lock(store: Any, grant_key: str) -> asyncio.Lock:
    loop = asyncio.get_running_loop()
    with _guard:
        locks = _async_locks.setdefault(loop, {})
        lock = locks.get((id(store), grant_key))
        if lock is None:
            lock = locks[(id(store), grant_key)] = asyncio.Lock()
        return lock
