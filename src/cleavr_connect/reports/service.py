"""Reports (SPEC §9): the summary of a window, the aging of open amounts, recoveries per period.

Parameters are checked once, every fault reported together; the figures come from the
repository's aggregates, and only the handful of result rows (statuses, buckets, periods) is
shaped here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.commission.rates import DEFAULT_BANDS
from cleavr_connect.errors import FieldError, NotFoundError, ValidationError
from cleavr_connect.money import CURRENCY, as_json
from cleavr_connect.ownership import Owner
from cleavr_connect.receivables import lifecycle
from cleavr_connect.reports import repository as repo
from cleavr_connect.users import repository as users_repo

DEFAULT_WINDOW_DAYS = 30
MAX_PERIODS = 1000
FORMATS = ("json", "csv")
INTERVALS = ("day", "week", "month")
# Not yet sent to recovery: left out of the amount submitted.
NOT_SUBMITTED = frozenset({"processing", "draft"})
# Debt-age buckets are the commission bands of SPEC §8 (0–44, 45–89, … 547+ days).
BUCKETS: tuple[tuple[int, int | None], ...] = tuple((b.min_days, b.max_days) for b in DEFAULT_BANDS)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EARLIEST = date(1970, 1, 1)
LATEST = date(2999, 12, 31)
# What `_parse_date` accepts, as the document says it: a calendar date from EARLIEST to LATEST.
DATE_SCHEMA: dict[str, Any] = {
    "type": "string",
    "format": "date",
    "pattern": r"^(19[7-9][0-9]|2[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
}


@dataclass(frozen=True)
class Window:
    first_day: date
    last_day: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, time(), UTC)

    @property
    def end(self) -> datetime:
        """Exclusive: midnight UTC after the last day."""
        return datetime.combine(self.last_day + timedelta(days=1), time(), UTC)


@dataclass(frozen=True)
class Params:
    window: Window | None
    fmt: str
    interval: str | None
    user_id: str | None


def _parse_date(raw: str | None, param: str, errors: list[FieldError]) -> date | None:
    if raw is None:
        return None
    try:
        if not _DATE.match(raw):
            raise ValueError(raw)
        day = date.fromisoformat(raw)
        if not EARLIEST <= day <= LATEST:  # also keeps date arithmetic clear of date.max
            raise ValueError(raw)
        return day
    except ValueError:
        errors.append(
            FieldError(
                param,
                "invalid_date",
                f"{param} must be a date (YYYY-MM-DD) from {EARLIEST} to {LATEST}.",
            )
        )
        return None


def _periods_from(first: date, last: date, interval: str) -> list[date]:
    """The first day of every period overlapping [first, last]."""
    if interval == "day":
        step = first
    elif interval == "week":
        step = first - timedelta(days=first.weekday())
    else:
        step = first.replace(day=1)
    starts: list[date] = []
    while step <= last and len(starts) <= MAX_PERIODS:
        starts.append(step)
        step = _next_period(step, interval)
    return starts


def _next_period(start: date, interval: str) -> date:
    if interval == "day":
        return start + timedelta(days=1)
    if interval == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


async def parse(
    session: AsyncSession,
    owner: Owner,
    today: date,
    *,
    from_: str | None = None,
    to: str | None = None,
    fmt: str | None = None,
    interval: str | None = None,
    user_id: str | None = None,
    windowed: bool = True,
    with_interval: bool = False,
) -> Params:
    """Checks a report's query parameters: 400 with every fault, then 404 for a user_id that
    is not one of the caller's users (another owner's user does not exist for this caller)."""
    errors: list[FieldError] = []
    window = None
    if windowed:
        first = _parse_date(from_, "from", errors)
        last = _parse_date(to, "to", errors)
        if not errors:
            last = last or today
            first = first or last - timedelta(days=DEFAULT_WINDOW_DAYS - 1)
            if first > last:
                errors.append(
                    FieldError("from", "invalid_date_range", "from must be on or before to.")
                )
            else:
                window = Window(first, last)
    chosen_fmt = fmt or "json"
    if chosen_fmt not in FORMATS:
        errors.append(FieldError("format", "invalid_format", "format must be json or csv."))
    chosen_interval = None
    if with_interval:
        chosen_interval = interval or "day"
        if chosen_interval not in INTERVALS:
            errors.append(
                FieldError("interval", "invalid_interval", "interval must be day, week or month.")
            )
        elif (
            window
            and len(_periods_from(window.first_day, window.last_day, chosen_interval)) > MAX_PERIODS
        ):
            errors.append(
                FieldError(
                    "interval",
                    "too_many_periods",
                    f"At most {MAX_PERIODS} periods: choose a longer interval or a shorter window.",
                )
            )
    if user_id is not None and not user_id.strip():
        errors.append(FieldError("user_id", "invalid_user_id", "user_id cannot be empty."))
    if errors:
        raise ValidationError(errors)
    if user_id is not None and await users_repo.get(session, owner, user_id) is None:
        raise NotFoundError(f"No such user: {user_id!r}.", param="user_id")
    return Params(window, chosen_fmt, chosen_interval, user_id)


def _one_decimal(value: float) -> float:
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def _rate(recovered: int, submitted: int) -> float | None:
    if submitted == 0:
        return None
    return float(
        (Decimal(recovered) / Decimal(submitted)).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    )


async def summary(session: AsyncSession, owner: Owner, params: Params) -> dict[str, Any]:
    """Receivables created in the window: by status, submitted, recovered, rate, commission,
    and the median days from submission to the first payment."""
    window = params.window
    assert window is not None
    await repo.tune_for_reports(session)
    rows = await repo.totals_by_status(
        session, owner, window.first_day, window.last_day, params.user_id
    )
    median = await repo.median_days_to_first_payment(
        session, owner, window.start, window.end, params.user_id
    )
    found = {r.status: r for r in rows}
    by_status = {
        status: {
            "count": found[status].count if status in found else 0,
            "amount": as_json(found[status].amount_cents if status in found else 0),
        }
        for status in lifecycle.STATUSES
    }
    submitted = sum(r.amount_cents for r in rows if r.status not in NOT_SUBMITTED)
    recovered = sum(r.recovered_cents for r in rows)
    commission = sum(r.commission_cents for r in rows)
    vat = sum(r.commission_vat_cents for r in rows)
    return {
        "object": "report.summary",
        "from": window.first_day.isoformat(),
        "to": window.last_day.isoformat(),
        "user_id": params.user_id,
        "currency": CURRENCY,
        "count": sum(r.count for r in rows),
        "by_status": by_status,
        "amount_submitted": as_json(submitted),
        "amount_recovered": as_json(recovered),
        "recovery_rate": _rate(recovered, submitted),
        "commission": as_json(commission),
        "commission_vat": as_json(vat),
        # What payouts, receivables and the recoveries report net: the commission with its VAT.
        "net_recovered": as_json(recovered - commission - vat),
        "paid_count": sum(r.paid_count for r in rows),
        "median_days_to_first_payment": None if median is None else _one_decimal(median),
    }


def aging_thresholds(today: date) -> list[date]:
    """For each bucket but the last, the earliest due date it holds."""
    return [today - timedelta(days=upper) for _, upper in BUCKETS if upper is not None]


async def aging(session: AsyncSession, owner: Owner, today: date, params: Params) -> dict[str, Any]:
    """Open receivables (pending, in recovery, disputed): what is still owed, by debt age (days
    since the due date, as of today)."""
    await repo.tune_for_reports(session)
    rows = await repo.open_amounts_by_bucket(
        session, owner, tuple(sorted(lifecycle.OPEN)), aging_thresholds(today), params.user_id
    )
    found = {r.bucket: r for r in rows}
    buckets = [
        {
            "min_days": low,
            "max_days": high,
            "count": found[i].count if i in found else 0,
            "amount": as_json(found[i].open_cents if i in found else 0),
        }
        for i, (low, high) in enumerate(BUCKETS)
    ]
    return {
        "object": "report.aging",
        "as_of": today.isoformat(),
        "user_id": params.user_id,
        "currency": CURRENCY,
        "buckets": buckets,
        "total": {
            "count": sum(r.count for r in rows),
            "amount": as_json(sum(r.open_cents for r in rows)),
        },
    }


def _net(row: repo.PeriodRow) -> int:
    """What the creditor keeps of what was recovered, wherever the debtor paid: a payment made
    to the creditor directly counts whole, its commission and VAT taken off like any other's."""
    return row.amount_cents - row.commission_cents - row.commission_vat_cents


async def recoveries(session: AsyncSession, owner: Owner, params: Params) -> dict[str, Any]:
    """Payments received in the window (by payment date), per day, ISO week or month; every
    period of the window is listed, with zeros when nothing came in."""
    window, interval = params.window, params.interval
    assert window is not None and interval is not None
    await repo.tune_for_reports(session)
    rows = await repo.recovered_by_period(
        session, owner, window.first_day, window.last_day, interval, params.user_id
    )
    found = {r.start: r for r in rows}
    data = []
    for start in _periods_from(window.first_day, window.last_day, interval):
        row = found.get(start)
        end = _next_period(start, interval) - timedelta(days=1)
        data.append(
            {
                # Clamped to the window: the days actually counted.
                "period_start": max(start, window.first_day).isoformat(),
                "period_end": min(end, window.last_day).isoformat(),
                "payments": row.payments if row else 0,
                "amount_recovered": as_json(row.amount_cents if row else 0),
                "commission": as_json(row.commission_cents if row else 0),
                "commission_vat": as_json(row.commission_vat_cents if row else 0),
                "net": as_json(_net(row) if row else 0),
            }
        )
    return {
        "object": "report.recoveries",
        "from": window.first_day.isoformat(),
        "to": window.last_day.isoformat(),
        "interval": interval,
        "user_id": params.user_id,
        "currency": CURRENCY,
        "data": data,
        "total": {
            "payments": sum(r.payments for r in rows),
            "amount_recovered": as_json(sum(r.amount_cents for r in rows)),
            "commission": as_json(sum(r.commission_cents for r in rows)),
            "commission_vat": as_json(sum(r.commission_vat_cents for r in rows)),
            "net": as_json(sum(_net(r) for r in rows)),
        },
    }
