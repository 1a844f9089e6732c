"""Money: exact decimal arithmetic and half-up rounding to the cent, in one place.

Amounts are stored as integer cents and travel as JSON numbers in major units with exactly two
decimals (`5000.00`): `as_json` gives the `Decimal`, `Money` types it in response models, and
`wire` writes it digit for digit. Nothing ever goes through a float.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema

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


def as_json(cents: int) -> Decimal:
    """For responses and events: major units with exactly two decimals (`wire` writes them)."""
    return from_cents(cents)


def _to_cents_decimal(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return value  # pydantic's own error for the wrong type
    return round_cents(Decimal(str(value)))


# A response field holding an amount: a `Decimal` quantized to the cent, documented as a number
# with two decimal places.
Money = Annotated[
    Decimal,
    BeforeValidator(_to_cents_decimal),
    WithJsonSchema(
        {
            "type": "number",
            "format": "decimal",
            "multipleOf": 0.01,
            "description": "Euros, a JSON number with exactly two decimals.",
        }
    ),
]
