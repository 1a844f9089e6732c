"""Failure throttling: too many failed attempts for a key answer 429 with Retry-After (SPEC §3).

Keys always include the source address, so an attacker's failures slow the attacker, never the
owner: a client's own correct secret, or an account owner signing in from elsewhere, still passes.
A policy either refuses for the rest of its window once over its limit, or (`backoff`) makes each
further failure wait twice as long as the previous one, from the last failure.

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
    # Exponential delay instead of a lockout: after `limit` failures the next attempt waits
    # 1 s, then 2, 4, 8… seconds after the last failure, at most `max_delay`.
    backoff: bool = False
    max_delay: int = 15 * 60

    def wait(self, count: int, oldest_that_counts: float, last: float, now: float) -> int | None:
        if count < self.limit:
            return None
        if self.backoff:
            delay = min(self.max_delay, 2 ** min(count - self.limit, 30))
            remaining = last + delay - now
        else:
            remaining = oldest_that_counts + self.window - now
        return max(1, math.ceil(remaining)) if remaining > 0 else None


# Per (account, source address): the one guessing an account's password waits longer and longer.
SIGNIN_PER_ACCOUNT_IP = Policy("signin-account-ip", limit=5, window=24 * 3600, backoff=True)
# Per source address across accounts: password spraying from one place.
SIGNIN_PER_IP = Policy("signin-ip", limit=20, window=15 * 60)
# Per (client, source address): wrong secrets slow their sender; a correct secret always passes.
CLIENT_AUTH = Policy("client-auth", limit=10, window=5 * 60)


class FailureThrottle(Protocol):
    async def retry_after(self, policy: Policy, key: str) -> int | None:
        """Seconds until the next attempt is allowed, or None when it is allowed now."""

    async def record_failure(self, policy: Policy, key: str) -> None: ...

    async def reset(self, policy: Policy, key: str) -> None: ...


class MemoryThrottle:
    MAX_KEYS = 100_000  # keys are attacker-chosen (client ids, addresses): memory stays bounded

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._windows: dict[str, int] = {}

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
        return policy.wait(len(failures), oldest_that_counts, failures[-1], now)

    async def record_failure(self, policy: Policy, key: str) -> None:
        self._window(policy, key)
        if len(self._failures) >= self.MAX_KEYS:
            self._forget_expired()
        self._windows[policy.name] = policy.window
        self._failures.setdefault((policy.name, key), deque()).append(self._clock.now().timestamp())

    def _forget_expired(self) -> None:
        now = self._clock.now().timestamp()
        for (name, key), failures in list(self._failures.items()):
            if not failures or failures[-1] <= now - self._windows.get(name, 0):
                del self._failures[(name, key)]
        if len(self._failures) >= self.MAX_KEYS:
            # Still full of live keys: drop the half that failed longest ago.
            by_age = sorted(self._failures, key=lambda k: self._failures[k][-1])
            for stale in by_age[: len(by_age) // 2]:
                del self._failures[stale]

    async def reset(self, policy: Policy, key: str) -> None:
        self._failures.pop((policy.name, key), None)


class RedisThrottle:
    """A sorted set of failure times per key, trimmed to the window on every touch."""

    def __init__(self, url: str, clock: Clock) -> None:
        import redis.asyncio as redis

        # Short timeouts: an unreachable Redis must fail fast so the per-process fallback answers.
        self._redis = redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
        self._clock = clock

    @staticmethod
    def _key(policy: Policy, key: str) -> str:
        return f"cleavr:throttle:{policy.name}:{key}"

    async def retry_after(self, policy: Policy, key: str) -> int | None:
        now = self._clock.now().timestamp()
        name = self._key(policy, key)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.zremrangebyscore(name, "-inf", now - policy.window)
            pipe.zcard(name)
            pipe.zrange(name, -policy.limit, -1, withscores=True)
            _, count, times = await pipe.execute()
        if count < policy.limit:
            return None
        # redis's stubs type a score loosely; with withscores and no score_cast_func it is a float.
        oldest, last = cast(float, times[0][1]), cast(float, times[-1][1])
        return policy.wait(count, oldest, last, now)

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
