"""When to retry and how long to wait: pure functions, shared by the sync and async clients."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from cleavr._constants import (
    INITIAL_RETRY_DELAY,
    MAX_RETRY_AFTER,
    MAX_RETRY_DELAY,
    RETRY_STATUSES,
    SHOULD_RETRY_HEADER,
    UNPROCESSED_STATUSES,
)


def retry_after_seconds(headers: httpx.Headers) -> float | None:
    """`Retry-After` as seconds (RFC 9110 §10.2.3: delay-seconds or an HTTP date)."""
    raw = headers.get("retry-after")
    if raw is None:
        return None
    raw = raw.strip()
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def backoff_delay(attempt: int, rng: random.Random) -> float:
    """Equal jitter: uniform in [cap/2, cap] with cap = min(MAX, INITIAL * 2**attempt), so that
    many clients that failed together do not retry together, yet each waits a little."""
    cap = min(MAX_RETRY_DELAY, INITIAL_RETRY_DELAY * (2**attempt))
    return rng.uniform(cap / 2, cap)


def retryable_status(
    status_code: int, *, replay_safe: bool, headers: httpx.Headers | None = None
) -> bool:
    """The server's `Cleavr-Should-Retry` decides when it is there (a replay-safe call only);
    otherwise the status does."""
    if status_code < 400:
        return False
    said: str | None = (headers or httpx.Headers()).get(SHOULD_RETRY_HEADER)
    if replay_safe and said is not None:
        return said.strip().lower() == "true"
    statuses = RETRY_STATUSES if replay_safe else UNPROCESSED_STATUSES
    return status_code in statuses or (replay_safe and status_code >= 500)


def retryable_error(exc: httpx.TransportError, *, replay_safe: bool) -> bool:
    """A request that may have reached the server is retried only when replaying it is safe
    (reads, PATCH/DELETE, and POSTs under an Idempotency-Key)."""
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return True  # never sent
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.ProxyError):
        return False
    return replay_safe


def delay_for(response: httpx.Response | None, attempt: int, rng: random.Random) -> float | None:
    """How long to wait before the next attempt; None when the server asks for longer than we
    are willing to wait."""
    if response is not None:
        after = retry_after_seconds(response.headers)
        if after is not None:
            return after if after <= MAX_RETRY_AFTER else None
    return backoff_delay(attempt, rng)
