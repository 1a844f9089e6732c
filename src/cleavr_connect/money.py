"""Money: exact decimal arithmetic and half-up rounding to the cent, in one place.

Amounts travel as JSON numbers in major units with at most two decimals (`5000.00`) and are
stored as integer cents; nothing ever goes through a float.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
CURRENCY = "EUR"


def round_cents(value: Decimal) -> Decimal:
    """Half-up to the cent: 0.005 → 0.01, as French invoicing practice expects."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(value: Decimal) -> int:
    return int(round_cents(value) * 100)


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def parse_amount(raw: object) -> Decimal | None:
    """A JSON number or numeric string with at most two decimals, else None."""
    if isinstance(raw, bool) or raw is None:
        return None
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        return None
    if not value.is_finite() or value != value.quantize(CENT, rounding=ROUND_HALF_UP):
        return None
    return value.quantize(CENT)


def percent_of(amount: Decimal, rate_percent: Decimal) -> Decimal:
    return round_cents(amount * rate_percent / 100)


def as_json(cents: int) -> float:
    """For responses: a JSON number in major units (exact for any realistic amount)."""
    return float(from_cents(cents))
