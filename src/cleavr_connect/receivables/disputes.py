"""The `dispute` object of a receivable, read from its timeline: when the debtor contested,
why, what they wrote and sent, and when it was settled. Pure: no query of its own."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from cleavr_connect.clock import isoformat

# Timeline entry the debtor portal writes beside the status change: comment and documents.
DETAILS = "dispute_details"


class _Entry(Protocol):
    type: str
    details: dict[str, Any]

    @property
    def occurred_at(self) -> Any: ...


def dispute_of(timeline: Sequence[_Entry]) -> dict[str, Any] | None:
    """The latest dispute, or None if the receivable was never disputed."""
    start = None
    for index, entry in enumerate(timeline):
        if entry.type == "status_changed" and (entry.details or {}).get("status") == "disputed":
            start = index
    if start is None:
        return None
    opened = timeline[start]
    dispute: dict[str, Any] = {
        "reason": (opened.details or {}).get("reason"),
        "comment": None,
        "evidence": [],
        "source": "operator",
        "created_at": isoformat(opened.occurred_at),
        "resolved_at": None,
        "resolution": None,
    }
    for entry in timeline[start + 1 :]:
        details = entry.details or {}
        if entry.type == DETAILS:
            dispute["comment"] = details.get("comment")
            dispute["evidence"].extend(details.get("documents") or [])
            dispute["source"] = "debtor_portal"
        elif entry.type == "evidence_added" and details.get("file_id"):
            dispute["evidence"].append(details["file_id"])
        elif entry.type == "status_changed" and details.get("previous_status") == "disputed":
            dispute["resolved_at"] = isoformat(entry.occurred_at)
            dispute["resolution"] = details.get("status")
            break
    return dispute
