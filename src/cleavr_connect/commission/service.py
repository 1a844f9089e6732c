"""The commission table in force for a platform, and the operator's per-platform tables."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import ScalarSelect, select
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.commission.rates import DEFAULT_BANDS, Band, bands_from
from cleavr_connect.errors import FieldError, ValidationError
from cleavr_connect.legal_rates import RateBook
from cleavr_connect.models import CommissionTable


def in_force(platform_id: str, at: datetime) -> ScalarSelect[Any]:
    """The bands of the platform's table in force at `at` as stored (NULL: none, the default
    bands), for the select list of a statement that reads more; `bands_of` reads the value."""
    return (
        select(CommissionTable.bands)
        .where(CommissionTable.platform_id == platform_id, CommissionTable.effective_from <= at)
        .order_by(CommissionTable.effective_from.desc(), CommissionTable.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def bands_of(stored: list[dict[str, Any]] | None) -> tuple[Band, ...]:
    if stored is None:
        return DEFAULT_BANDS
    return bands_from([(int(b["min_days"]), str(b["rate"])) for b in stored])


async def bands_for(
    session: AsyncSession, platform_id: str, at: datetime, *, refreshing: RateBook | None = None
) -> tuple[Band, ...]:
    """The bands in force for the platform at `at`. `refreshing`: that book re-reads the
    operator's rate lines in the same statement."""
    if refreshing is None:
        return bands_of((await session.execute(select(in_force(platform_id, at)))).scalar_one())
    stmt = select(in_force(platform_id, at), refreshing.entries(session))
    stored, entries = (await session.execute(stmt)).one()
    refreshing.load(entries)
    return bands_of(stored)


def parse_bands(spec: str) -> tuple[Band, ...]:
    """`0:10.80,45:15.90,…` as the CLI takes it."""
    pairs: list[tuple[int, str]] = []
    try:
        for part in spec.split(","):
            days, rate = part.split(":")
            value = Decimal(rate)
            if not (Decimal(0) <= value <= Decimal(100)) or int(days) < 0:
                raise ValueError(part)
            pairs.append((int(days), str(value.quantize(Decimal("0.01")))))
        return bands_from(pairs)
    except (ValueError, InvalidOperation) as exc:
        raise ValidationError(
            [
                FieldError(
                    "rates",
                    "invalid_rates",
                    "Give bands as MIN_DAYS:RATE pairs from 0, e.g. 0:9.80,45:14.90,90:19.60",
                )
            ]
        ) from exc


async def set_table(
    session: AsyncSession,
    platform_id: str,
    bands: tuple[Band, ...],
    *,
    effective_from: datetime,
    now: datetime,
) -> CommissionTable:
    table = CommissionTable(
        platform_id=platform_id,
        bands=[{"min_days": b.min_days, "rate": str(b.rate)} for b in bands],
        effective_from=effective_from,
        created_at=now,
    )
    session.add(table)
    await session.flush()
    return table
