"""The `created[gte|gt|lte|lt]` filters of the lists (`GET /v1/receivables`, `GET /v1/events`):
one grammar, one meaning and one description in the document, wherever a list takes them.

A value is an ISO-8601 time (without an offset: UTC), a calendar date or Unix seconds. A date is
the whole UTC day: `gte` counts from its first instant, `gt` after its last, `lte` through its
last, `lt` before its first. A day's end is compared as `< next midnight`, so the meaning does
not depend on how finely a database keeps fractions of a second.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from operator import ge, gt, le, lt
from typing import Annotated, Any, Literal

from fastapi import Depends, Query
from pydantic import WithJsonSchema
from sqlalchemy import ColumnElement, bindparam
from sqlalchemy.orm import QueryableAttribute

from cleavr_connect.clock import as_utc
from cleavr_connect.errors import FieldError

Operator = Literal["gte", "gt", "lte", "lt"]
OPERATORS: tuple[Operator, ...] = ("gte", "gt", "lte", "lt")

# What `parse` reads is what the document says, from the same patterns. Years 1900–2999 and ten
# digits of seconds keep every value clear of the limits of `datetime` (a year-1 time with a
# positive offset has no UTC instant), the day after a date included.
_DAY = r"(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_CLOCK = r"([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?"
_OFFSET = r"(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])"
_INSTANT = f"{_DAY}T{_CLOCK}{_OFFSET}"
_UTC_TIME = f"{_DAY}T{_CLOCK}"
_SECONDS = "[0-9]{1,10}"

TIMESTAMP_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "format": "date-time", "pattern": f"^{_INSTANT}$"},
        {"type": "string", "pattern": f"^{_UTC_TIME}$", "description": "Without an offset: UTC."},
        {"type": "string", "format": "date", "pattern": f"^{_DAY}$"},
        {"type": "string", "pattern": f"^{_SECONDS}$", "description": "Unix seconds."},
    ],
    "description": "ISO-8601 (`2026-01-15T09:00:00Z`; without an offset, UTC), a date (the "
    "whole UTC day) or Unix seconds.",
}

_TIME_RE = re.compile(f"{_UTC_TIME}{_OFFSET}?")
_DAY_RE = re.compile(_DAY)
_SECONDS_RE = re.compile(_SECONDS)

INVALID = "Use ISO-8601 (2026-01-15T09:00:00Z), a date (YYYY-MM-DD) or Unix seconds."

DESCRIPTIONS: dict[Operator, str] = {
    "gte": "Created at or after this time; a date: from the start of that day (UTC).",
    "gt": "Created after this time; a date: after the whole of that day (UTC).",
    "lte": "Created at or before this time; a date: through the end of that day (UTC).",
    "lt": "Created before this time; a date: before that day starts (UTC).",
}


def parse(raw: str) -> datetime | date | None:
    """An instant (UTC) or a calendar date, or None when `raw` is none of the accepted forms."""
    try:
        if _SECONDS_RE.fullmatch(raw):
            return datetime.fromtimestamp(int(raw), UTC)
        if _DAY_RE.fullmatch(raw):
            return date.fromisoformat(raw)
        if _TIME_RE.fullmatch(raw):
            return as_utc(datetime.fromisoformat(raw))
    except (ValueError, OverflowError, OSError):  # 2026-02-30, or out of `datetime`'s range
        return None
    return None


@dataclass(frozen=True, slots=True)
class CreatedRange:
    """Bounds on `created_at`, as instants; None where the request set none. A range whose
    lower bound passes its upper one is empty, not refused."""

    gte: datetime | None = None
    gt: datetime | None = None
    lte: datetime | None = None
    lt: datetime | None = None

    def conditions(
        self, column: QueryableAttribute[datetime] | ColumnElement[datetime]
    ) -> list[ColumnElement[bool]]:
        """The comparisons of `column` a query adds to its `where`."""
        return [_COMPARE[op](column, getattr(self, op)) for op in self.operators]

    def named(
        self, column: QueryableAttribute[datetime] | ColumnElement[datetime]
    ) -> tuple[list[ColumnElement[bool]], dict[str, datetime]]:
        """`conditions` with the bounds as parameters named `created_<operator>`, and their
        values: the statement depends only on which bounds are set (`operators`)."""
        found: list[ColumnElement[bool]] = []
        values: dict[str, datetime] = {}
        for op in self.operators:
            name = f"created_{op}"
            found.append(_COMPARE[op](column, bindparam(name, type_=column.type)))
            values[name] = getattr(self, op)
        return found, values

    @property
    def operators(self) -> tuple[Operator, ...]:
        return tuple(op for op in OPERATORS if getattr(self, op) is not None)


NO_RANGE = CreatedRange()

_COMPARE: dict[Operator, Callable[[Any, Any], ColumnElement[bool]]] = {
    "gte": ge,
    "gt": gt,
    "lte": le,
    "lt": lt,
}


# A date is the whole UTC day: (the operator, whether the bound is its next midnight).
_DAY_BOUNDS: dict[Operator, tuple[Operator, bool]] = {
    "gte": ("gte", False),  # from its first instant
    "gt": ("gte", True),  # after its last instant
    "lte": ("lt", True),  # through its last instant
    "lt": ("lt", False),  # before its first instant
}


def _bound(operator: Operator, value: datetime | date) -> tuple[Operator, datetime]:
    """A time stays with its operator; a date becomes a bound at one of its two midnights."""
    if isinstance(value, datetime):
        return operator, value
    op, next_midnight = _DAY_BOUNDS[operator]
    return op, datetime.combine(value + timedelta(days=int(next_midnight)), time(), UTC)


def read(values: dict[Operator, str | None]) -> tuple[CreatedRange, list[FieldError]]:
    """The range the `created[…]` values ask for, and a refusal naming each unreadable one."""
    bounds: dict[Operator, datetime] = {}
    errors: list[FieldError] = []
    for operator in OPERATORS:
        raw = values.get(operator)
        if raw is None:
            continue
        value = parse(raw)
        if value is None:
            errors.append(FieldError(f"created[{operator}]", "invalid_timestamp", INVALID))
            continue
        op, instant = _bound(operator, value)
        held = bounds.get(op)
        # Two bounds on one side (a date's `gt` and a time's `gte`): the narrower holds.
        if held is not None:
            instant = max(held, instant) if op in ("gte", "gt") else min(held, instant)
        bounds[op] = instant
    return CreatedRange(**bounds), errors


@dataclass(frozen=True, slots=True)
class CreatedFilter:
    """The `created[…]` parameters of a request, read; `errors` for the endpoint to report
    with its other refusals."""

    range: CreatedRange
    errors: list[FieldError]


Timestamp = Annotated[str | None, WithJsonSchema(TIMESTAMP_SCHEMA)]


async def created_filter(
    gte: Annotated[Timestamp, Query(alias="created[gte]", description=DESCRIPTIONS["gte"])] = None,
    gt: Annotated[Timestamp, Query(alias="created[gt]", description=DESCRIPTIONS["gt"])] = None,
    lte: Annotated[Timestamp, Query(alias="created[lte]", description=DESCRIPTIONS["lte"])] = None,
    lt: Annotated[Timestamp, Query(alias="created[lt]", description=DESCRIPTIONS["lt"])] = None,
) -> CreatedFilter:
    # A misspelt operator (`created[gtee]`, `created=…`) is refused with every other unknown
    # parameter, before this runs (`api.routing.refuse_unknown_query`).
    bounds, errors = read({"gte": gte, "gt": gt, "lte": lte, "lt": lt})
    return CreatedFilter(bounds, errors)


Created = Annotated[CreatedFilter, Depends(created_filter)]
