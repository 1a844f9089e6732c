"""Event-type filters of webhook endpoints: exact types from the catalogue, `prefix.*`, or `*`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cleavr_connect.errors import FieldError
from cleavr_connect.events.service import EVENT_TYPES

WILDCARD = "*"
# Every pattern a filter accepts: `*`, each `prefix.*` over the catalogue, each exact type. The
# document lists them as an enum, so what it allows is what `pattern_error` lets through.
PATTERNS: tuple[str, ...] = (
    WILDCARD,
    *dict.fromkeys(
        ".".join(parts[:n]) + ".*"
        for parts in (t.split(".") for t in EVENT_TYPES)
        for n in range(1, len(parts))
    ),
    *EVENT_TYPES,
)
PATTERN_SCHEMA: dict[str, Any] = {"type": "string", "enum": list(PATTERNS)}


def pattern_error(pattern: str, param: str) -> FieldError | None:
    """A pattern must name at least one event type of the catalogue, so typos are refused."""
    if pattern == WILDCARD or pattern in EVENT_TYPES:
        return None
    if pattern.endswith(".*"):
        prefix = pattern[:-1]
        if "*" not in prefix and any(t.startswith(prefix) for t in EVENT_TYPES):
            return None
    return FieldError(
        param,
        "invalid_event_type",
        f"{pattern!r} is not an event type nor a wildcard over event types (like "
        "'receivable.*' or '*').",
    )


def patterns_errors(patterns: list[str], param: str = "events") -> list[FieldError]:
    if not patterns:
        return [FieldError(param, "required", "Give at least one event type, or '*'.")]
    errors = []
    for i, pattern in enumerate(patterns):
        error = pattern_error(pattern, f"{param}[{i}]")
        if error:
            errors.append(error)
    return errors


def normalize(patterns: Iterable[str]) -> list[str]:
    """Duplicates dropped, order kept."""
    return list(dict.fromkeys(p.strip() for p in patterns))


def matches(patterns: Iterable[str], event_type: str) -> bool:
    for pattern in patterns:
        if pattern in (WILDCARD, event_type):
            return True
        if pattern.endswith(".*") and event_type.startswith(pattern[:-1]):
            return True
    return False
