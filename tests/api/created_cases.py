"""The `created[…]` filters, one meaning on every list that takes them (`api/created.py`): the
cases each list is checked against, around the end of 15 January 2026 (UTC).

Two objects: `last`, made at 23:59:59 on the 15th, and `next`, at 00:00:00 on the 16th. A date is
the whole day: `gte`/`lte` include it, `gt` is after it, `lt` before it. A time (with an offset,
or without one: UTC) and Unix seconds are instants.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

LAST_SECOND = datetime(2026, 1, 15, 23, 59, 59, tzinfo=UTC)
NEXT_MIDNIGHT = datetime(2026, 1, 16, tzinfo=UTC)
LAST_UNIX = str(int(LAST_SECOND.timestamp()))  # 1768521599
NEXT_UNIX = str(int(NEXT_MIDNIGHT.timestamp()))  # 1768521600

BOTH = ("next", "last")  # newest first, as lists answer
LAST = ("last",)
NEXT = ("next",)
NONE: tuple[str, ...] = ()

# (query, what it answers)
CASES: list[tuple[dict[str, str], tuple[str, ...]]] = [
    # A date: the whole day.
    ({"created[gte]": "2026-01-15"}, BOTH),
    ({"created[gt]": "2026-01-15"}, NEXT),
    ({"created[lte]": "2026-01-15"}, LAST),
    ({"created[lt]": "2026-01-15"}, NONE),
    ({"created[gte]": "2026-01-16"}, NEXT),
    ({"created[gt]": "2026-01-16"}, NONE),
    ({"created[lte]": "2026-01-16"}, BOTH),
    ({"created[lt]": "2026-01-16"}, LAST),
    # A time with its offset: an instant.
    ({"created[gte]": "2026-01-16T00:00:00Z"}, NEXT),
    ({"created[gt]": "2026-01-16T00:00:00Z"}, NONE),
    ({"created[lte]": "2026-01-16T00:00:00Z"}, BOTH),
    ({"created[lt]": "2026-01-16T00:00:00Z"}, LAST),
    ({"created[gte]": "2026-01-16T01:00:00+01:00"}, NEXT),
    ({"created[lt]": "2026-01-15T23:59:59.000001-00:00"}, LAST),
    ({"created[gt]": "2026-01-15T22:59:59.5-01:00"}, NEXT),
    # A time without an offset: UTC.
    ({"created[gte]": "2026-01-15T23:59:59"}, BOTH),
    ({"created[gt]": "2026-01-15T23:59:59"}, NEXT),
    ({"created[lte]": "2026-01-15T23:59:59"}, LAST),
    ({"created[lt]": "2026-01-15T23:59:59"}, NONE),
    # Unix seconds: an instant.
    ({"created[gte]": LAST_UNIX}, BOTH),
    ({"created[gt]": LAST_UNIX}, NEXT),
    ({"created[lte]": LAST_UNIX}, LAST),
    ({"created[lt]": LAST_UNIX}, NONE),
    ({"created[gte]": NEXT_UNIX}, NEXT),
    ({"created[gt]": NEXT_UNIX}, NONE),
    ({"created[lte]": NEXT_UNIX}, BOTH),
    ({"created[lt]": NEXT_UNIX}, LAST),
    # Together: one day, a window of instants, the narrower of two bounds on one side, and an empty
    # range (answered empty, not refused).
    ({"created[gte]": "2026-01-15", "created[lte]": "2026-01-15"}, LAST),
    ({"created[gt]": "2026-01-14", "created[lt]": "2026-01-16"}, LAST),
    ({"created[gt]": LAST_UNIX, "created[lte]": "2026-01-16T00:00:00Z"}, NEXT),
    ({"created[gt]": "2026-01-15", "created[gte]": "2026-01-15T12:00:00Z"}, NEXT),
    ({"created[gte]": "2026-01-16T00:00:00Z", "created[gt]": "2026-01-14"}, NEXT),
    ({"created[lte]": "2026-01-15", "created[lt]": "2026-01-17"}, LAST),
    ({"created[gte]": "2026-01-16", "created[lte]": "2026-01-15"}, NONE),
]

OPERATORS = ("gte", "gt", "lte", "lt")
# None of the accepted forms: words, a day that does not exist, an hour 24, an offset whose `+`
# was not percent-encoded (it reads as a space), eleven digits, an empty value, a year the
# server cannot turn into a UTC instant, a date with slashes.
BAD_VALUES = (
    "yesterday",
    "2026-02-30",
    "2026-01-15T24:00:00Z",
    "2026-01-15T09:00:00 01:00",
    "12345678901",
    "",
    "0001-01-01T00:00:00+05:00",
    "15/01/2026",
)


async def mismatches(
    ids: Callable[[dict[str, str]], Awaitable[list[str]]], made: dict[str, str]
) -> list[str]:
    """Every case whose answer is not the one expected; `ids` lists the ids a query answers,
    `made` names the two objects' ids."""
    wrong = []
    for query, expected in CASES:
        want = [made[name] for name in expected]
        got = await ids(query)
        if got != want:
            named = {v: k for k, v in made.items()}
            wrong.append(f"{query}: {[named.get(i, i) for i in got]} != {list(expected)}")
    return wrong
