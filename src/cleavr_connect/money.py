"""Money: exact decimal arithmetic and half-up rounding to the cent, in one place.

Amounts are stored as integer cents and travel as JSON numbers in major units with exactly two
decimals (`5000.00`): `as_json` gives the `Decimal`, `Money` types it in response models, and
`wire` writes it digit for digit. Nothing ever goes through a float.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
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


# The largest amount the API takes, in euros: far above any invoice sent to amicable recovery,
# and far below what integer cents (BIGINT) or Decimal's 28 digits could hold.
MAX_AMOUNT = Decimal("1000000000.00")
# What a refused amount is told (`invalid_amount`): the whole rule, the bound included.
AMOUNT_RULE = "A number with at most 2 decimals, up to 1000000000.00."
POSITIVE_AMOUNT_RULE = "A positive amount with at most 2 decimals, up to 1000000000.00."
# A decimal string as JSON writes a number: no sign tricks, spaces, underscores or exponent.
_DECIMAL_TEXT = re.compile(r"-?(?:0|[1-9][0-9]{0,9})(?:\.[0-9]{1,2})?")


def parse_amount(raw: object) -> Decimal | None:
    """A JSON number, or a plain decimal string, with at most two decimals and at most
    MAX_AMOUNT in size; else None. Booleans, NaN, infinities, exponents in strings, `1_000`,
    `" 12 "` are not amounts."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            return None
        value = Decimal(repr(raw))  # the shortest text of the float: 12.1 is 12.1
    elif isinstance(raw, str):
        if not _DECIMAL_TEXT.fullmatch(raw):
            return None
        value = Decimal(raw)
    else:
        return None
    if abs(value) > MAX_AMOUNT or value != value.quantize(CENT):
        return None
    return value.quantize(CENT)


def percent_of(amount: Decimal, rate_percent: Decimal) -> Decimal:
    return round_cents(amount * rate_percent / 100)


def as_json(cents: int) -> Decimal:
    """For responses and events: major units with exactly two decimals (`wire` writes them)."""
    return from_cents(cents)


def _to_cents_decimal(value: Any) -> Any:
    if type(value) is Decimal:  # what `as_json` gives: every amount of every response
        return value.quantize(CENT, rounding=ROUND_HALF_UP)
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
            # No `multipleOf: 0.01`: validators check it in binary floating point, where 40.3
            # is no multiple of 0.01, and would refuse every such amount of a real answer.
            "description": "Euros, a JSON number with exactly two decimals.",
        }
    ),
]
