"""When to try a failed delivery again (SPEC §10)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

from cleavr_connect.clock import as_utc

# After the first attempt fails: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h; then `failed`.
SCHEDULE: tuple[timedelta, ...] = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=10),
)
MAX_ATTEMPTS = len(SCHEDULE) + 1
# ±10 %: receivers that fail together do not all get their retries at the same instant.
JITTER = 0.1
# A Retry-After longer than the longest step of the schedule is not honoured beyond it.
MAX_RETRY_AFTER = SCHEDULE[-1]
# The only statuses whose Retry-After means "come back later" (RFC 9110 §10.2.3).
RETRY_AFTER_STATUSES = frozenset({429, 503})
# Continuous failure for this long disables an endpoint.
DISABLE_AFTER = timedelta(days=5)


def retry_delay(
    failures: int, retry_after: timedelta | None = None, rng: random.Random | None = None
) -> timedelta | None:
    """The wait after the `failures`-th failed attempt in a row, or None when it was the last.

    Retry-After is a floor: never sooner than the receiver asked, never sooner than the
    schedule."""
    if failures > len(SCHEDULE):
        return None
    base = SCHEDULE[failures - 1]
    jitter = (rng or random).uniform(-JITTER, JITTER)  # noqa: S311 - not a secret
    delay = base * (1 + jitter)
    if retry_after is not None:
        delay = max(delay, min(retry_after, MAX_RETRY_AFTER))
    return delay


def parse_retry_after(value: str | None, now: datetime) -> timedelta | None:
    """`Retry-After: 120` or an HTTP-date (RFC 9110 §10.2.3); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return timedelta(seconds=int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(as_utc(when) - now, timedelta(0))
