"""Success-based commission by debt age (SPEC §8): days between due date and payment date."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cleavr_connect.money import percent_of


@dataclass(frozen=True)
class Band:
    min_days: int
    max_days: int | None  # inclusive; None for the last band
    rate: Decimal  # percent

    def as_dict(self) -> dict[str, Any]:
        return {"min_days": self.min_days, "max_days": self.max_days, "rate": float(self.rate)}


def bands_from(pairs: list[tuple[int, str]]) -> tuple[Band, ...]:
    """[(min_days, rate)] ascending from 0 → bands with inclusive upper bounds."""
    ordered = sorted(pairs)
    if not ordered or ordered[0][0] != 0:
        raise ValueError("the first band must start at 0 days")
    bands = []
    for i, (min_days, rate) in enumerate(ordered):
        upper = ordered[i + 1][0] - 1 if i + 1 < len(ordered) else None
        bands.append(Band(min_days, upper, Decimal(rate)))
    return tuple(bands)


DEFAULT_BANDS = bands_from(
    [(0, "10.80"), (45, "15.90"), (90, "20.60"), (180, "25.70"), (365, "27.50"), (547, "29.50")]
)


def rate_for(days_overdue: int, bands: tuple[Band, ...] = DEFAULT_BANDS) -> Decimal:
    if days_overdue < 0:
        raise ValueError("days_overdue must be >= 0")
    for band in reversed(bands):
        if days_overdue >= band.min_days:
            return band.rate
    raise AssertionError("bands start at 0")


@dataclass(frozen=True)
class Calculation:
    amount: Decimal
    days_overdue: int
    rate: Decimal
    commission: Decimal
    net_amount: Decimal


def calculate(
    amount: Decimal, days_overdue: int, bands: tuple[Band, ...] = DEFAULT_BANDS
) -> Calculation:
    """Commission on an amount recovered (tax included), rounded half-up to the cent."""
    rate = rate_for(days_overdue, bands)
    commission = percent_of(amount, rate)
    return Calculation(amount, days_overdue, rate, commission, amount - commission)
