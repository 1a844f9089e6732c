"""Failure throttling: too many failed attempts for a key answer 429 with Retry-After (SPEC §3).

In-process by default; shared through Redis when `CLEAVR_REDIS_URL` is set so that every API
process sees the same counts.
"""

from __future__ import annotations

import math
import secrets
from collections import deque
from dataclasses import dataclass
from typing import Protocol, cast

from cleavr_connect.clock import Clock


@dataclass(frozen=True)
class Policy:
    name: str
    limit: int  # failures allowed inside the window
    window: int  # seconds


SIGNIN_PER_ACCOUNT = Policy("signin-account", limit=5, window=15 * 60)
SIGNIN_PER_IP = Policy("signin-ip", limit=20, window=15 * 60)
CLIENT_AUTH = Policy("client-auth", limit=10, window=5 * 60)


class FailureThrottle(Protocol):
    async def retry_after(self, policy: Policy, key: str) -> int | None:
        """Seconds until the next attempt is allowed, or None when it is allowed now."""

    async def record_failure(self, policy: Policy, key: str) -> None: ...

    async def reset(self, policy: Policy, key: str) -> None: ...


class MemoryThrottle:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}

    def _window(self, policy: Policy, key: str) -> deque[float]:
        now = self._clock.now().timestamp()
        failures = self._failures.get((policy.name, key))
        if failures is None:
            return deque()
        while failures and failures[0] <= now - policy.window:
            failures.popleft()
        if not failures:
            del self._failures[(policy.name, key)]
        return failures

    async def retry_after(self, policy: Policy, key: str) -> int | None:
        failures = self._window(policy, key)
        if len(failures) < policy.limit:
            return None
        now = self._clock.now().timestamp()
        oldest_that_counts = failures[len(failures) - policy.limit]
        return max(1, math.ceil(oldest_that_counts + policy.window - now))

    async def record_failure(self, policy: Policy, key: str) -> None:
        self._window(policy, key)
        self._failures.setdefault((policy.name, key), deque()).append(self._clock.now().timestamp())

    async def reset(self, policy: Policy, key: str) -> None:
        self._failures.pop((policy.name, key), None)


class RedisThrottle:
    """A sorted set of failure times per key, trimmed to the window on every touch."""

    def __init__(self, url: str, clock: Clock) -> None:
        import redis.asyncio as redis

        self._redis = redis.from_url(url)
        self._clock = clock

    @staticmethod
    def _key(policy: Policy, key: str) -> str:
        return f"cleavr:throttle:{policy.name}:{key}"

    async def retry_after(self, policy: Policy, key: str) -> int | None:
        now = self._clock.now().timestamp()
        name = self._key(policy, key)
        await self._redis.zremrangebyscore(name, "-inf", now - policy.window)
        times = await self._redis.zrange(name, -policy.limit, -1, withscores=True)
        if len(times) < policy.limit:
            return None
        # redis's stubs type a score loosely; with withscores and no score_cast_func it is a float.
        oldest = cast(float, times[0][1])
        return max(1, math.ceil(oldest + policy.window - now))

    async def record_failure(self, policy: Policy, key: str) -> None:
        now = self._clock.now().timestamp()
        name = self._key(policy, key)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.zadd(name, {f"{now:.6f}:{secrets.token_hex(6)}": now})
            pipe.expire(name, policy.window)
            await pipe.execute()

    async def reset(self, policy: Policy, key: str) -> None:
        await self._redis.delete(self._key(policy, key))

    async def close(self) -> None:
        await self._redis.aclose()
