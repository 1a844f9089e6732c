"""What every request and job needs besides its database session, built once per process."""

from __future__ import annotations

from dataclasses import dataclass, field

from cleavr_connect.clock import Clock, SystemClock
from cleavr_connect.config import Settings
from cleavr_connect.crypto import KeyRing
from cleavr_connect.legal_rates import RateBook
from cleavr_connect.ratelimit import MemoryRateLimiter, RateLimiter
from cleavr_connect.shared_counters import ResilientRateLimiter, ResilientThrottle
from cleavr_connect.throttle import FailureThrottle, MemoryThrottle


@dataclass
class Runtime:
    settings: Settings
    keys: KeyRing
    clock: Clock
    throttle: FailureThrottle = field(repr=False)
    limiter: RateLimiter = field(repr=False)
    # The ECB and legal interest rate tables, files + the operator's additions (SPEC §7).
    rates: RateBook = field(default_factory=RateBook, repr=False)

    def rate_limit(self, livemode: bool) -> int:
        return self.settings.rate_limit_live if livemode else self.settings.rate_limit_test


def build_runtime(settings: Settings, clock: Clock | None = None) -> Runtime:
    clock = clock or SystemClock()
    throttle: FailureThrottle = (
        ResilientThrottle(settings.redis_url, clock)
        if settings.redis_url
        else MemoryThrottle(clock)
    )
    limiter: RateLimiter = (
        ResilientRateLimiter(settings.redis_url, clock)
        if settings.redis_url
        else MemoryRateLimiter(clock)
    )
    return Runtime(
        settings=settings,
        keys=KeyRing(settings.secret_key),
        clock=clock,
        throttle=throttle,
        limiter=limiter,
    )
