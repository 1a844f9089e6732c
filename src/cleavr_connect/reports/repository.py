"""Report queries: aggregates computed by the database, each starting from `owned(...)`.

No query hands rows back for Python to add up: what comes back is one row per status, per
debt-age bucket or per period. Time windows are half-open `[start, end)` on indexed columns
(`created_at` of receivables, `paid_at` of payments), so the owner-scoped indexes serve them.

Business logic in the database: the rollup tables these queries read
(`receivable_daily_totals`, `receivable_user_daily_totals`, `receivable_payment_delays`) are
written by no Python code. Triggers on `receivables` (`receivables_rollup_insert`, `_update`,
`_delete`; migrations 0006, 0007, 0018) add each change of a receivable's status, amounts
(commission VAT included) or first payment to them, in the writer's transaction, in one of
16 shards per key on PostgreSQL (the writer's backend) and shard 0 on SQLite. A new column
a report sums must be added there too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Date,
    Float,
    case,
    cast,
    func,
    literal_column,
    select,
    text,
    type_coerce,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from cleavr_connect.models import (
    Payment,
    Receivable,
    ReceivableDailyTotal,
    ReceivablePaymentDelay,
    ReceivableUserDailyTotal,
)
from cleavr_connect.ownership import Owner, owned


@dataclass(frozen=True)
class StatusRow:
    status: str
    count: int
    amount_cents: int
    recovered_cents: int
    commission_cents: int
    paid_count: int  # receivables with a first payment
    commission_vat_cents: int = 0


@dataclass(frozen=True)
class BucketRow:
    bucket: int
    count: int
    open_cents: int


@dataclass(frozen=True)
class PeriodRow:
    start: date
    payments: int
    amount_cents: int
    commission_cents: int
    net_cents: int
    commission_vat_cents: int = 0


def _int(value: Any) -> int:
    # PostgreSQL's sum(bigint) is numeric (Decimal); SQLite's is an int; both may be NULL.
    return int(value or 0)


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def _receivables_in_window(
    owner: Owner, start: datetime, end: datetime, user_id: str | None, *columns: Any
) -> Any:
    stmt = owned(Receivable, owner, *columns).where(
        Receivable.created_at >= start, Receivable.created_at < end
    )
    if user_id is not None:
        stmt = stmt.where(Receivable.user_id == user_id)
    return stmt


async def totals_by_status(
    session: AsyncSession, owner: Owner, first_day: date, last_day: date, user_id: str | None
) -> list[StatusRow]:
    """One row per status of the receivables created from `first_day` to `last_day` (UTC,
    inclusive), from the per-day rollups the triggers of migration 0006 keep: the owner's, or
    the user's."""
    t: Any = ReceivableDailyTotal if user_id is None else ReceivableUserDailyTotal
    stmt = owned(
        t,
        owner,
        t.status,
        func.sum(t.count),
        func.sum(t.amount_cents),
        func.sum(t.recovered_cents),
        func.sum(t.commission_cents),
        func.sum(t.paid_count),
        func.sum(t.commission_vat_cents),
    ).where(t.day >= first_day, t.day <= last_day)
    if user_id is not None:
        stmt = stmt.where(t.user_id == user_id)
    stmt = stmt.group_by(t.status)
    return [
        StatusRow(r[0], _int(r[1]), _int(r[2]), _int(r[3]), _int(r[4]), _int(r[5]), _int(r[6]))
        for r in (await session.execute(stmt)).all()
    ]


async def tune_for_reports(session: AsyncSession) -> None:
    """PostgreSQL settings for this transaction only (SET LOCAL ends with it).

    JIT compilation costs 100–250 ms on these one-off aggregates over ~10^5–10^6 index entries
    (their cost sits around the default jit_above_cost) and wins nothing back; the median sorts
    up to one float per receivable of the window, which spills to disk under the default 4 MB of
    work_mem (≈ 30 % slower at a million rows). Plans are made for the values at hand: after
    five runs of a prepared statement PostgreSQL may keep a generic plan, and the generic plan of
    the median's read (an OFFSET into one delay bin) sorts the whole window instead (~280 ms
    over a million receivables, against ~2 ms).
    """
    if _dialect(session) == "postgresql":
        await session.execute(text("SET LOCAL jit = off"))
        await session.execute(text("SET LOCAL work_mem = '32MB'"))
        await session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))


def _days_to_first_payment(dialect: str) -> ColumnElement[Any]:
    """Elapsed days, fractional, from submission to the first payment."""
    if dialect == "postgresql":
        elapsed = Receivable.first_payment_at - Receivable.created_at
        # date_part is double precision; extract() is numeric, ~35 % slower to compute and sort.
        return func.date_part("epoch", elapsed) / 86400
    return func.julianday(Receivable.first_payment_at) - func.julianday(Receivable.created_at)


# Lower edges of the delay bins in days, as migration 0006's `receivable_delay_bin` has them:
# bin 0 is before the first edge, bin i is [DELAY_EDGES[i - 1], DELAY_EDGES[i]).
DELAY_EDGES: tuple[int, ...] = (
    *range(11),
    *(12, 14, 16, 18, 20, 23, 26, 30, 34, 38, 43, 48, 54, 60, 67, 75, 85, 95, 110, 125),
    *(145, 180, 240, 365, 730),
)


async def median_days_to_first_payment(
    session: AsyncSession, owner: Owner, start: datetime, end: datetime, user_id: str | None
) -> float | None:
    """The median over the window's receivables that were paid at least once; None if none.

    On PostgreSQL, for a whole owner: the histogram per day says which delay bin holds the
    middle rank and how many of the window's values come before it; the value (or the two
    middle ones) is then read in order from that bin alone, through the expression index on
    the delay. The same figure as `percentile_cont`, interpolated the same way. For one user,
    and on SQLite, the window's values are sorted directly."""
    if _dialect(session) == "postgresql" and user_id is None:
        return await _median_from_histogram(session, owner, start, end)
    return await _median_directly(session, owner, start, end, user_id)


async def _median_from_histogram(
    session: AsyncSession, owner: Owner, start: datetime, end: datetime
) -> float | None:
    h = ReceivablePaymentDelay
    last_day = (end - timedelta(days=1)).date()
    counts = (
        owned(h, owner, h.bin, func.sum(h.count))
        .where(h.day >= start.date(), h.day <= last_day)
        .group_by(h.bin)
        .order_by(h.bin)
    )
    bins = [(int(b), int(c)) for b, c in (await session.execute(counts)).all()]
    n = sum(c for _, c in bins)
    if n == 0:
        return None
    lower = (n - 1) // 2  # 0-based rank of the (lower) middle value
    before, middle_bin = 0, bins[-1][0]
    for bin_, count in bins:
        if before + count > lower:
            middle_bin = bin_
            break
        before += count
    delay = Receivable.first_payment_at - Receivable.created_at
    stmt = _receivables_in_window(
        owner, start, end, None, _days_to_first_payment("postgresql")
    ).where(Receivable.first_payment_at.is_not(None))
    if middle_bin > 0:
        stmt = stmt.where(delay >= timedelta(days=DELAY_EDGES[middle_bin - 1]))
    # The next value, when the count is even, may lie in a later bin: no upper bound.
    stmt = stmt.order_by(delay).offset(lower - before).limit(1 if n % 2 else 2)
    values = [float(v) for v in (await session.execute(stmt)).scalars()]
    if n % 2:
        return values[0]
    low, high = values
    return low + (high - low) * 0.5  # percentile_cont's interpolation, in the same order


async def _median_directly(
    session: AsyncSession, owner: Owner, start: datetime, end: datetime, user_id: str | None
) -> float | None:
    dialect = _dialect(session)
    days = _days_to_first_payment(dialect)
    if dialect == "postgresql":
        stmt = _receivables_in_window(
            owner, start, end, user_id, func.percentile_cont(0.5).within_group(days)
        ).where(Receivable.first_payment_at.is_not(None))
        value = (await session.execute(stmt)).scalar_one()
        return None if value is None else float(value)
    # SQLite has no percentile function: sort the values and average the middle one (odd
    # count) or two (even count), picked with LIMIT/OFFSET over the count, all in one statement.
    paid = (
        _receivables_in_window(owner, start, end, user_id, cast(days, Float).label("days"))
        .where(Receivable.first_payment_at.is_not(None))
        .cte("paid")
    )
    n = select(func.count()).select_from(paid).scalar_subquery()
    middle = (
        select(paid.c.days)
        .order_by(paid.c.days)
        .limit(2 - n % 2)
        .offset(func.max((n - 1) // 2, 0))
        .subquery()
    )
    value = (await session.execute(select(func.avg(middle.c.days)))).scalar_one()
    return None if value is None else float(value)


def bucket_of(due_date: Any, thresholds: list[date]) -> ColumnElement[int]:
    """Bucket i when the due date is on or after thresholds[i] (i.e. at most max_days[i] days
    ago); the last bucket otherwise. Comparing the indexed date column with dates computed once
    keeps the expression the same on every database."""
    return case(*[(due_date >= day, i) for i, day in enumerate(thresholds)], else_=len(thresholds))


async def open_amounts_by_bucket(
    session: AsyncSession,
    owner: Owner,
    open_statuses: tuple[str, ...],
    thresholds: list[date],
    user_id: str | None,
) -> list[BucketRow]:
    """Open receivables (count, amount − recovered) per debt-age bucket."""
    rows = owned(
        Receivable,
        owner,
        bucket_of(Receivable.due_date, thresholds).label("bucket"),
        (Receivable.amount_cents - Receivable.recovered_cents).label("open_cents"),
    ).where(Receivable.status.in_(open_statuses))
    if user_id is not None:
        rows = rows.where(Receivable.user_id == user_id)
    # Grouping over a subquery: the CASE carries bind parameters, which PostgreSQL would not
    # recognise as the same expression in SELECT and GROUP BY.
    sub = rows.subquery()
    stmt = select(sub.c.bucket, func.count(), func.sum(sub.c.open_cents)).group_by(sub.c.bucket)
    return [
        BucketRow(int(r[0]), _int(r[1]), _int(r[2])) for r in (await session.execute(stmt)).all()
    ]


def _period_start(dialect: str, interval: str) -> Any:
    """The first day of the day/week (ISO, Monday)/month holding `paid_at`."""
    if interval == "day":
        return Payment.paid_at
    if dialect == "postgresql":
        return cast(func.date_trunc(literal_column(f"'{interval}'"), Payment.paid_at), Date)
    if interval == "week":
        # SQLite: forward to the Sunday ending the ISO week, then back to its Monday.
        return type_coerce(func.date(Payment.paid_at, "weekday 0", "-6 days"), Date)
    return type_coerce(func.date(Payment.paid_at, "start of month"), Date)


async def recovered_by_period(
    session: AsyncSession,
    owner: Owner,
    first_day: date,
    last_day: date,
    interval: str,
    user_id: str | None,
) -> list[PeriodRow]:
    """Payments received from `first_day` to `last_day` (inclusive), summed per period, less
    what they overpaid."""
    if interval not in ("day", "week", "month"):
        raise ValueError(interval)
    rows = owned(
        Payment,
        owner,
        _period_start(_dialect(session), interval).label("period"),
        # What was recovered: an overpayment is the debtor's money, to be refunded.
        (Payment.amount_cents - Payment.overpayment_cents).label("amount_cents"),
        Payment.commission_cents,
        Payment.net_cents,
        Payment.commission_vat_cents,
    ).where(Payment.paid_at >= first_day, Payment.paid_at <= last_day)
    if user_id is not None:
        rows = rows.where(Payment.user_id == user_id)
    sub = rows.subquery()
    stmt = (
        select(
            sub.c.period,
            func.count(),
            func.sum(sub.c.amount_cents),
            func.sum(sub.c.commission_cents),
            func.sum(sub.c.net_cents),
            func.sum(sub.c.commission_vat_cents),
        )
        .group_by(sub.c.period)
        .order_by(sub.c.period)
    )
    return [
        PeriodRow(r[0], _int(r[1]), _int(r[2]), _int(r[3]), _int(r[4]), _int(r[5]))
        for r in (await session.execute(stmt)).all()
    ]
