"""API versions (SPEC §4) and the registry of breaking changes between them.

Objects are built in the latest shape only. Each `VersionChange` knows how to turn the latest
shape back into the one before it, and rendering for an older version applies the changes
newer than that version, newest first, like Stripe's version gates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

VERSIONS: tuple[str, ...] = ("2025-08-28", "2026-01-02")
LATEST = VERSIONS[-1]

JSON = dict[str, Any]

# How each object type looks in a 2025-08-28 flat event summary; domains register theirs.
_SUMMARIES: dict[str, Callable[[JSON], JSON]] = {}


def register_summary(object_type: str, summary: Callable[[JSON], JSON]) -> None:
    _SUMMARIES[object_type] = summary


def _default_summary(obj: JSON) -> JSON:
    return {f"{obj.get('object', 'object')}_id": obj.get("id")} | {
        k: v for k, v in obj.items() if not isinstance(v, dict | list) and k not in ("id", "object")
    }


@dataclass(frozen=True)
class VersionChange:
    version: str  # the first version with the new shape
    description: str
    downgrade_event_data: Callable[[JSON], JSON]


def _event_object_to_flat(data: JSON) -> JSON:
    obj = data.get("object", {})
    summary = _SUMMARIES.get(obj.get("object", ""), _default_summary)(obj)
    previous = data.get("previous_attributes")
    if previous and "status" in previous:
        summary["previous_status"] = previous["status"]
    return summary


CHANGES: tuple[VersionChange, ...] = (
    VersionChange(
        version="2026-01-02",
        description=(
            "Webhook events carry the full resource under data.object, plus "
            "data.previous_attributes on updates, instead of a flat summary."
        ),
        downgrade_event_data=_event_object_to_flat,
    ),
)


def is_known(version: str) -> bool:
    return version in VERSIONS


def render_event_data(data: JSON, version: str) -> JSON:
    for change in reversed(CHANGES):
        if version < change.version:
            data = change.downgrade_event_data(data)
    return data
