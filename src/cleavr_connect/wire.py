"""JSON as it leaves the service: API responses, stored event data, webhook bodies.

Money travels as a JSON number with exactly two decimals (`5000.00`, never `5000.0`): amounts
are `Decimal` quantized to the cent (`money.as_json`), and this encoder writes a `Decimal` as the
number it is, digit for digit. Reading JSON back (`loads`, the database's JSON columns) keeps
every decimal number as a `Decimal` with its digits, so an event stored today is sent
byte-for-byte the same in a week.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import orjson

_OPTIONS = orjson.OPT_UTC_Z


def _default(value: object) -> Any:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise TypeError(f"{value} is not a JSON number")
        # `f`: never an exponent, so 100.00 stays 100.00 and 1E+2 becomes 100.
        return orjson.Fragment(format(value, "f"))
    raise TypeError(f"Type is not JSON serializable: {type(value).__name__}")


def dumpb(value: Any) -> bytes:
    return orjson.dumps(value, default=_default, option=_OPTIONS)


def dumps(value: Any) -> str:
    return dumpb(value).decode()


def loads(text: str | bytes) -> Any:
    return json.loads(text, parse_float=Decimal)
