"""Per-grant rate limits (SPEC §4): a one-second window per grant.

In-process by default; shared through Redis when `CLEAVR_REDIS_URL` is set so that every API
process counts against the same budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from cleavr_connect.clock import Clock


@dataclass(frozen=True)
class RateLimitResult:
    allowed: bool
    limit: int
    remaining: int
    reset: int  # seconds until the window resets

    def headers(self) -> list[tuple[bytes, bytes]]:
        # draft-ietf-httpapi-ratelimit-headers
        out = [
            (b"ratelimit-limit", str(self.limit).encode()),
            (b"ratelimit-remaining", str(self.remaining).encode()),
            (b"ratelimit-reset", str(self.reset).encode()),
            (b"ratelimit-policy", f"{self.limit};w=1".encode()),
        ]
        if not self.allowed:
            out.append((b"retry-after", str(self.reset).encode()))
        return out


class RateLimiter(Protocol):
    async def hit(self, key: str, limit: int) -> RateLimitResult: ...


class MemoryRateLimiter:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._windows: dict[str, tuple[int, int]] = {}

    async def hit(self, key: str, limit: int) -> RateLimitResult:
        second = int(self._clock.now().timestamp())
        window, count = self._windows.get(key, (second, 0))
        if window != second:
            window, count = second, 0
            if len(self._windows) > 100_000:  # forget idle grants
                self._windows.clear()
        count += 1
        self._windows[key] = (window, count)
        return RateLimitResult(count <= limit, limit, max(0, limit - count), 1)


class RedisRateLimiter:
    def __init__(self, url: str, clock: Clock) -> None:
        import redis.asyncio as redis

        # Short timeouts: an unreachable Redis must fail fast so the per-process fallback answers.
        self._redis = redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
        self._clock = clock

    async def hit(self, key: str, limit: int) -> RateLimitResult:
        second = int(self._clock.now().timestamp())
        name = f"cleavr:rl:{key}:{second}"
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(name)
            pipe.expire(name, 2)
            count, _ = await pipe.execute()
        return RateLimitResult(count <= limit, limit, max(0, limit - count), 1)

    async def close(self) -> None:
        await self._redis.aclose()
