"""JSON as it leaves the service: API responses, stored event data, webhook bodies.

Money travels as a JSON number with exactly two decimals (`5000.00`, never `5000.0`): amounts
are `Decimal` quantized to the cent (`money.as_json`), and this encoder writes a `Decimal` as the
number it is, digit for digit. Reading JSON back (`loads`, the database's JSON columns) keeps
every decimal number as a `Decimal` with its digits, so an event stored today is sent
byte-for-byte the same in a week.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import orjson

_OPTIONS = orjson.OPT_UTC_Z


def _number(value: Decimal) -> orjson.Fragment:
    if not value.is_finite():
        raise TypeError(f"{value} is not a JSON number")
    # `f`: never an exponent, so 100.00 stays 100.00 and 1E+2 becomes 100.
    return orjson.Fragment(format(value, "f"))


def _default(value: object) -> Any:
    # `_number` inline for the common case: called for every amount of every answer.
    if type(value) is Decimal and value.is_finite():
        return orjson.Fragment(format(value, "f"))
    if isinstance(value, Decimal):
        return _number(value)
    raise TypeError(f"Type is not JSON serializable: {type(value).__name__}")


def dumpb(value: Any, *, fallback: Callable[[Any], Any] | None = None) -> bytes:
    """`fallback` turns what JSON has no type for into something it has (the CLI: `str`)."""
    if fallback is None:
        return orjson.dumps(value, default=_default, option=_OPTIONS)

    def lenient(v: object) -> Any:
        return _number(v) if isinstance(v, Decimal) else fallback(v)

    return orjson.dumps(value, default=lenient, option=_OPTIONS)


def dumps(value: Any, *, fallback: Callable[[Any], Any] | None = None) -> str:
    return dumpb(value, fallback=fallback).decode()


# One decoder for every call: `json.loads` with a keyword builds a new one each time, which cost
# as much as the decoding itself on list pages (every child row carries its JSON columns).
_DECODER = json.JSONDecoder(parse_float=Decimal)
# The decoder's C scanner, called directly: what stored JSON is (no whitespace around it) it reads
# as `decode` would, without `decode`'s two Python frames and two regular expressions, which cost
# more than reading a short value (a receivable has nine JSON columns; a list page shows 100).
_SCAN: Callable[[str, int], tuple[Any, int]] = _DECODER.scan_once  # type: ignore[attr-defined]


def loads(text: str | bytes) -> Any:
    if isinstance(text, bytes | bytearray):
        # As `json.loads` reads bytes: UTF-8, -16 or -32, by the first bytes.
        text = text.decode(json.detect_encoding(text), "surrogatepass")
    try:
        value, end = _SCAN(text, 0)
    except StopIteration:  # whitespace first, or not JSON: `decode` reads it, or says why
        return _DECODER.decode(text)
    # Anything after the value (whitespace, or more that `decode` refuses): `decode` again.
    return value if end == len(text) else _DECODER.decode(text)
