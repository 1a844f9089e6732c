"""Turning typed Python parameters into the API's JSON and query strings.

Money is sent as an exact JSON number (a Decimal is never rounded through a float); dates as
`YYYY-MM-DD`; datetimes as ISO-8601 UTC; parameters left as None are not sent at all.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel


def format_datetime(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def compact(values: Mapping[str, Any]) -> dict[str, Any]:
    """Drops the parameters the caller did not give (None)."""
    return {key: value for key, value in values.items() if value is not None}


def to_jsonable(value: Any, numbers: dict[str, str]) -> Any:
    if isinstance(value, BaseModel):
        return to_jsonable(value.model_dump(exclude_none=True), numbers)
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v, numbers) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [to_jsonable(v, numbers) for v in value]
    if isinstance(value, Decimal):
        # A placeholder replaced by the exact digits once the document is serialized.
        marker = f"__cleavr_number_{secrets.token_hex(8)}__"
        numbers[f'"{marker}"'] = format(value, "f")
        return marker
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def encode_json(value: Any) -> bytes:
    numbers: dict[str, str] = {}
    text = json.dumps(to_jsonable(value, numbers), separators=(",", ":"), ensure_ascii=False)
    for marker, digits in numbers.items():
        text = text.replace(marker, digits, 1)
    return text.encode()


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def flatten_query(params: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """`{"created": {"gte": d}}` -> `created[gte]=…`, the API's bracket notation for filters."""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        name = f"{prefix}[{key}]" if prefix else key
        if value is None:
            continue
        if isinstance(value, Mapping):
            pairs.extend(flatten_query(value, name))
        elif isinstance(value, list | tuple):
            pairs.extend((name, _query_value(v)) for v in value)
        else:
            pairs.append((name, _query_value(value)))
    return pairs
