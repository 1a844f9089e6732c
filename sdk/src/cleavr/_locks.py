"""Single-flight refreshes: one lock per (token store, grant key), shared by every client of the
process that uses that store, so two refreshes of one grant never run at once.

The server revokes the whole grant when a rotated refresh token is presented again (RFC 9700
§4.14.2), so two concurrent refreshes with the same refresh token would log the platform out.
Threads share a `threading.Lock`; the tasks of an event loop first queue on an `asyncio.Lock`
(cheap, no thread parked per task), then take the same `threading.Lock` from a worker thread, so
sync and async clients of one process exclude each other too.

A lock is filed under its store's `id()` with a weak reference to the store, and an entry whose
store is gone is swept when a new one is filed. Nothing runs when a store is collected: a
collection can happen in any thread at any allocation, including one made while `_guard` is
held, and a callback taking `_guard` there would wait for itself forever.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Callable
from typing import Any

_guard = threading.Lock()
# (id(store), grant key) -> (the store, weakly; the lock)
_thread_locks: dict[tuple[int, str], tuple[Callable[[], Any], threading.Lock]] = {}
_async_locks: weakref.WeakKeyDictionary[
    asyncio.AbstractEventLoop, dict[tuple[int, str], tuple[Callable[[], Any], asyncio.Lock]]
]
_async_locks = weakref.WeakKeyDictionary()


def _referent(store: Any) -> Callable[[], Any]:
    try:
        return weakref.ref(store)
    except TypeError:
        # A store that is not weak-referenceable keeps its locks as long as the process.
        return lambda: store


def _filed(
    locks: dict[tuple[int, str], tuple[Callable[[], Any], Any]],
    store: Any,
    grant_key: str,
    new: Callable[[], Any],
) -> Any:
    """The lock filed for (store, grant key), filed now if there is none; called under `_guard`."""
    key = (id(store), grant_key)
    entry = locks.get(key)
    # Another store that had this id is gone: its lock is not this one's.
    if entry is None or entry[0]() is not store:
        for dead in [k for k, (ref, _) in locks.items() if ref() is None]:
            del locks[dead]
        entry = locks[key] = (_referent(store), new())
    return entry[1]


def thread_lock(store: Any, grant_key: str) -> threading.Lock:
    with _guard:
        lock: threading.Lock = _filed(_thread_locks, store, grant_key, threading.Lock)
        return lock


def async_lock(store: Any, grant_key: str) -> asyncio.Lock:
    loop = asyncio.get_running_loop()
    with _guard:
        lock: asyncio.Lock = _filed(
            _async_locks.setdefault(loop, {}), store, grant_key, asyncio.Lock
        )
        return lock
