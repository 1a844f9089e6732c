"""Throttles and rate limits that survive Redis going away.

Redis shares the counts between API processes; it is not what keeps the API up. While it cannot
be reached, each process counts on its own (the limits hold per process, so N processes allow up
to N times as much), the outage is logged as an error, and Redis is tried again every few
seconds: when it answers, the shared counts take over again.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from redis.exceptions import RedisError

from cleavr_connect.clock import Clock
from cleavr_connect.ratelimit import MemoryRateLimiter, RateLimitResult, RedisRateLimiter
from cleavr_connect.throttle import MemoryThrottle, Policy, RedisThrottle

log = logging.getLogger("cleavr_connect.redis")

T = TypeVar("T")
RETRY_SECONDS = 5.0
UNREACHABLE = (RedisError, OSError, TimeoutError)


class _Fallback:
    def __init__(self, what: str, clock: Clock) -> None:
        self._what = what
        self._clock = clock
        self._down_until: float | None = None

    @property
    def degraded(self) -> bool:
        return self._down_until is not None

    async def call(
        self, shared: Callable[[], Awaitable[T]], local: Callable[[], Awaitable[T]]
    ) -> T:
        now = self._clock.now().timestamp()
        if self._down_until is None or now >= self._down_until:
            try:
                result = await shared()
            except UNREACHABLE as exc:
                log.error(
                    "Redis unreachable (%s: %s): %s counted per process, retried in %.0f s",
                    type(exc).__name__,
                    exc,
                    self._what,
                    RETRY_SECONDS,
                )
                self._down_until = now + RETRY_SECONDS
            else:
                if self._down_until is not None:
                    log.warning("Redis reachable again: %s shared between processes", self._what)
                    self._down_until = None
                return result
        return await local()


class ResilientThrottle:
    def __init__(self, url: str, clock: Clock) -> None:
        self.shared = RedisThrottle(url, clock)
        self.local = MemoryThrottle(clock)
        self._fallback = _Fallback("failure throttles", clock)

    @property
    def degraded(self) -> bool:
        return self._fallback.degraded

    async def retry_after(self, policy: Policy, key: str) -> int | None:
        return await self._fallback.call(
            lambda: self.shared.retry_after(policy, key),
            lambda: self.local.retry_after(policy, key),
        )

    async def record_failure(self, policy: Policy, key: str) -> None:
        await self._fallback.call(
            lambda: self.shared.record_failure(policy, key),
            lambda: self.local.record_failure(policy, key),
        )

    async def reset(self, policy: Policy, key: str) -> None:
        await self.local.reset(policy, key)
        await self._fallback.call(
            lambda: self.shared.reset(policy, key), lambda: self.local.reset(policy, key)
        )

    async def close(self) -> None:
        await self.shared.close()


class ResilientRateLimiter:
    def __init__(self, url: str, clock: Clock) -> None:
        self.shared = RedisRateLimiter(url, clock)
        self.local = MemoryRateLimiter(clock)
        self._fallback = _Fallback("rate limits", clock)

    @property
    def degraded(self) -> bool:
        return self._fallback.degraded

    async def hit(self, key: str, limit: int) -> RateLimitResult:
        return await self._fallback.call(
            lambda: self.shared.hit(key, limit), lambda: self.local.hit(key, limit)
        )

    async def close(self) -> None:
        await self.shared.close()
