"""What a change of a receivable records, planned without the database: the new attribute
values (set on the receivable), its timeline entries and the events that announce it.

`status_change` is the only way a status changes and `accept` the only acceptance into
recovery; the service applies their `Changes` to a stored receivable, and a submission plans
them into the rows it writes (`submission.plan_submission`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cleavr_connect.ids import new_id
from cleavr_connect.models import Receivable
from cleavr_connect.receivables import lifecycle
from cleavr_connect.receivables.steps import ACCEPTANCE, schedule_next

# Statuses with an event of their own besides `receivable.status_updated`.
SPECIFIC_EVENTS = {
    "disputed": "receivable.disputed",
    "recovered": "receivable.recovered",
    "closed": "receivable.closed",
    "cancelled": "receivable.cancelled",
}


@dataclass(slots=True)
class Entry:
    """A timeline entry: the `receivable_actions` row to insert, and what the renderer reads of
    it (a mapped instance would cost its ORM set-up for nothing)."""

    id: str
    receivable_id: str
    seq: int
    type: str
    description: str
    details: dict[str, Any]
    occurred_at: datetime

    def row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "receivable_id": self.receivable_id,
            "seq": self.seq,
            "type": self.type,
            "description": self.description,
            "details": self.details,
            "occurred_at": self.occurred_at,
        }


@dataclass(slots=True)
class Changes:
    """Timeline entries and events (`(type, previous_attributes)`, announced with the
    receivable as it ends up) of one change, in order."""

    entries: list[Entry] = field(default_factory=list)
    events: list[tuple[str, dict[str, Any] | None]] = field(default_factory=list)
    # The change ends the claim: its invoice numbers may be sent again.
    releases_numbers: bool = False

    def extend(self, other: Changes) -> Changes:
        self.entries += other.entries
        self.events += other.events
        self.releases_numbers = self.releases_numbers or other.releases_numbers
        return self


def entry(rec: Receivable, type_: str, description: str, at: datetime, **details: Any) -> Entry:
    """The receivable's next timeline entry, dated `at` on its own clock."""
    rec.timeline_seq = (rec.timeline_seq or 0) + 1
    return Entry(
        new_id("act", livemode=rec.livemode),
        rec.id,
        rec.timeline_seq,
        type_,
        description,
        details,
        at,
    )


def status_change(
    rec: Receivable,
    target: str,
    *,
    at: datetime,
    now: datetime,
    outcome: str | None = None,
    reason: str | None = None,
) -> Changes:
    """Moves `rec` to `target` if the lifecycle allows it (409 otherwise): dated `at` on the
    receivable's clock, recorded on its timeline, announced."""
    lifecycle.check(rec.status, target)
    if target == "closed" and outcome not in lifecycle.OUTCOMES:
        raise ValueError(f"closing needs an outcome, got {outcome!r}")
    previous_status = rec.status
    rec.status = target
    rec.updated_at = now
    if target == "closed":
        rec.outcome = outcome
    if target == "in_recovery" and rec.recovery_started_at is None:
        rec.recovery_started_at = at
    if target == "disputed":
        rec.dispute_reason = reason
    if target == "cancelled":
        rec.cancellation_reason = reason
    ends = not lifecycle.is_open(target) and target not in ("processing", "draft")
    if ends:
        rec.closed_at = at
        rec.next_action_at = None
    changed = entry(
        rec,
        "status_changed",
        f"Status changed from {previous_status} to {target}.",
        at,
        previous_status=previous_status,
        status=target,
        outcome=outcome,
        reason=reason,
    )
    events: list[tuple[str, dict[str, Any] | None]] = [
        ("receivable.status_updated", {"status": previous_status})
    ]
    if target in SPECIFIC_EVENTS:
        events.append((SPECIFIC_EVENTS[target], None))
    if target == "closed":  # amicable recovery failed: the handoff dossier can be downloaded
        events.append(("receivable.dossier_ready", None))
    return Changes([changed], events, releases_numbers=ends)


def accept(rec: Receivable, *, at: datetime, now: datetime) -> Changes:
    """Acceptance of a submitted (`pending`) receivable into amicable recovery: the playbook's
    day-0 step. Test mode accepts at submission (SPEC §2), the worker's playbook in live mode;
    both record exactly this. The first reminder, due the same day, is the playbook's next
    step."""
    changes = status_change(rec, "in_recovery", at=at, now=now)
    rec.stage = ACCEPTANCE.stage
    rec.playbook_step = 1
    schedule_next(rec)
    changes.entries.append(entry(rec, ACCEPTANCE.action, ACCEPTANCE.description, at, step=0, day=0))
    changes.events.append(("receivable.action_taken", None))
    return changes
