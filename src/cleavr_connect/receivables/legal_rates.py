"""The legal late-payment rate between businesses (Code de commerce L441-10): the ECB's main
refinancing rate in force on 1 January or 1 July, plus 10 points, fixed for the half-year.

A dated table: the operator appends a line when the ECB moves. A half-year after the last known
line keeps the last known rate.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache

# (first day of the half-year, ECB main refinancing operations rate in force that day, %)
ECB_REFI_BY_HALF_YEAR: tuple[tuple[date, Decimal], ...] = (
    (date(2016, 1, 1), Decimal("0.05")),
    (date(2016, 7, 1), Decimal("0.00")),
    (date(2022, 7, 1), Decimal("0.00")),  # the 27 July 2022 rise applies from 1 January 2023
    (date(2023, 1, 1), Decimal("2.50")),
    (date(2023, 7, 1), Decimal("4.00")),
    (date(2024, 1, 1), Decimal("4.50")),
    (date(2024, 7, 1), Decimal("4.25")),
    (date(2025, 1, 1), Decimal("3.15")),
    (date(2025, 7, 1), Decimal("2.15")),
    (date(2026, 1, 1), Decimal("2.15")),
    (date(2026, 7, 1), Decimal("2.15")),
)

LEGAL_MARGIN = Decimal("10")


def half_year_start(day: date) -> date:
    return date(day.year, 1 if day.month <= 6 else 7, 1)


@lru_cache(maxsize=512)
def _ecb_rate_from(start: date) -> Decimal:
    rate = ECB_REFI_BY_HALF_YEAR[0][1]
    for since, value in ECB_REFI_BY_HALF_YEAR:
        if since <= start:
            rate = value
    return rate


def ecb_rate_for(day: date) -> Decimal:
    return _ecb_rate_from(half_year_start(day))


def legal_rate_for(day: date) -> Decimal:
    """Annual percent applicable to a day of lateness."""
    return ecb_rate_for(day) + LEGAL_MARGIN
