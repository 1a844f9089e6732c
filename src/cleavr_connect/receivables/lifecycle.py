"""The receivable lifecycle as an explicit state machine: the one place that knows which
status changes are legal (SPEC §7). Anything else is a 409 `invalid_state_transition`."""

from __future__ import annotations

from cleavr_connect.errors import ConflictError

OPEN = frozenset({"pending", "in_recovery", "disputed"})
OUTCOMES = frozenset(
    {"partially_recovered", "unrecoverable", "debtor_insolvent", "escalation_required"}
)

TRANSITIONS: dict[str, frozenset[str]] = {
    "processing": frozenset({"draft", "pending", "cancelled"}),
    "draft": frozenset({"pending", "cancelled"}),
    "pending": frozenset({"in_recovery", "disputed", "cancelled", "closed"}),
    "in_recovery": frozenset({"recovered", "closed", "disputed", "cancelled"}),
    "disputed": frozenset({"in_recovery", "closed", "cancelled"}),
    "recovered": frozenset(),
    "closed": frozenset(),
    "cancelled": frozenset(),
}

STATUSES: tuple[str, ...] = tuple(TRANSITIONS)


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def check(current: str, target: str) -> None:
    if not can_move(current, target):
        raise ConflictError(
            f"A receivable cannot go from {current} to {target}.", code="invalid_state_transition"
        )


def is_open(status: str) -> bool:
    return status in OPEN
