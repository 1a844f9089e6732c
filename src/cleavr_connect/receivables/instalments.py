"""Payment plans without the database: the creditor's policy, the schedule of instalments, how
payments fill it, and what falls due next. `plans` reads and writes; this module decides.

- **Schedule**: `n` monthly instalments (2 to 12). The first falls due `FIRST_DUE_DAYS` after
  the plan is accepted (time for a bank transfer), each next one on the same day of the
  following month (the month's last day when it has fewer days).
- **Cent split**: the total is split in whole cents; every instalment is `total // n` cents and
  the first `total % n` instalments carry one cent more, so two instalments never differ by more
  than a cent and their sum is exactly the total.
- **Allocation**: whatever a payment counts against the claim fills the instalments in order of
  due date, an instalment being `paid` once its amount is reached.
- **Grace**: an instalment not paid in full by the end of its due date plus `GRACE_DAYS` (on the
  receivable's clock) is `missed` and breaks the plan.
- **Reminders**: one message `REMIND_DAYS_BEFORE` days before each instalment still unpaid.

The plan is stored on the receivable as JSON, amounts in cents; `as_object` is what the API
shows.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from cleavr_connect.money import as_json, from_cents
from cleavr_connect.users.plan_policy import (  # noqa: F401 - read here too
    MAX_INSTALMENTS,
    MIN_INSTALMENTS,
    Policy,
    policy_of,
)

FIRST_DUE_DAYS = 7
GRACE_DAYS = 5
REMIND_DAYS_BEFORE = 3
REMINDER_HOUR = time(9)

# Statuses in which the plan takes over from the playbook.
ACTIVE = "accepted"
OPEN_STATUSES = frozenset({"pending", "accepted"})


def split(total_cents: int, count: int) -> list[int]:
    """`total_cents` in `count` whole-cent parts: the first `total % count` one cent larger."""
    base, remainder = divmod(total_cents, count)
    return [base + 1 if i < remainder else base for i in range(count)]


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def schedule(total_cents: int, count: int, start: date) -> list[dict[str, Any]]:
    """The instalments of a plan accepted (or proposed) on `start`."""
    first = start + timedelta(days=FIRST_DUE_DAYS)
    return [
        {
            "number": i + 1,
            "due_date": add_months(first, i).isoformat(),
            "amount_cents": amount,
            "paid_cents": 0,
            "status": "scheduled",
            "reminded": False,
        }
        for i, amount in enumerate(split(total_cents, count))
    ]


def within_policy(policy: Policy, instalments: list[dict[str, Any]]) -> bool:
    """The plan is one the creditor agreed to in advance: few enough instalments, none too
    small (the policy's `auto_accept` decides whether such a plan is accepted at once)."""
    smallest = min(i["amount_cents"] for i in instalments)
    return len(instalments) <= policy.max_instalments and smallest >= policy.min_instalment_cents


def is_active(plan: dict[str, Any] | None) -> bool:
    return plan is not None and plan.get("status") == ACTIVE


def frozen_on(plan: dict[str, Any] | None) -> date | None:
    """While an accepted plan is kept (or once it is completed) nothing more accrues after the
    day it was accepted; a broken plan loses that."""
    if plan and plan.get("status") in ("accepted", "completed") and plan.get("accepted_on"):
        return date.fromisoformat(plan["accepted_on"])
    return None


def ended_by(
    plan: dict[str, Any] | None, status: str, at: str
) -> tuple[dict[str, Any], str] | None:
    """The plan once its claim leaves recovery for `status` at `at` (disputed, cancelled,
    closed, or recovered before a pending plan was decided): a pending plan is refused (nobody
    is left to decide it), an accepted one is broken (a debtor who contests, or a claim that
    ends, keeps no schedule). None when no plan is open."""
    if not plan or plan.get("status") not in OPEN_STATUSES:
        return None
    if status == "in_recovery" or (status == "recovered" and plan["status"] == ACTIVE):
        return None  # a settled claim completes its accepted plan (`plans.allocate`)
    if plan["status"] == "pending":
        return {**plan, "status": "refused", "decided_at": at, "refusal_reason": status}, "refused"
    return {**plan, "status": "broken", "ended_at": at, "ended_by": status}, "broken"


def allocate(plan: dict[str, Any], cents: int) -> dict[str, Any]:
    """A new plan with `cents` filling its unpaid instalments in order."""
    instalments = []
    for item in plan["instalments"]:
        item = dict(item)
        if cents > 0 and item["status"] != "missed":
            take = min(cents, item["amount_cents"] - item["paid_cents"])
            item["paid_cents"] += take
            cents -= take
        if item["paid_cents"] >= item["amount_cents"]:
            item["status"] = "paid"
        instalments.append(item)
    return {**plan, "instalments": instalments}


def to_pay_now(plan: dict[str, Any] | None, outstanding: Decimal) -> Decimal:
    """What the debtor is asked to pay now (the portal's transfer and card): under a kept plan,
    the rest of its first unpaid instalment; otherwise everything outstanding."""
    if plan and plan.get("status") == ACTIVE:
        for item in plan["instalments"]:
            if item["status"] == "scheduled":
                return min(outstanding, from_cents(item["amount_cents"] - item["paid_cents"]))
    return outstanding


def all_paid(plan: dict[str, Any]) -> bool:
    return all(i["status"] == "paid" for i in plan["instalments"])


@dataclass(frozen=True)
class Due:
    kind: str  # remind | miss
    index: int
    at: datetime  # receivable time


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def next_due(plan: dict[str, Any]) -> Due | None:
    """The plan's next dated step on the receivable's clock: a reminder before an unpaid
    instalment, or the end of its grace period."""
    found: list[Due] = []
    for index, item in enumerate(plan["instalments"]):
        if item["status"] != "scheduled":
            continue
        due = date.fromisoformat(item["due_date"])
        if not item.get("reminded"):
            remind_on = due - timedelta(days=REMIND_DAYS_BEFORE)
            found.append(Due("remind", index, datetime.combine(remind_on, REMINDER_HOUR, UTC)))
        found.append(Due("miss", index, _midnight(due + timedelta(days=GRACE_DAYS + 1))))
    return min(found, key=lambda d: (d.at, d.kind == "miss")) if found else None


def as_object(plan: dict[str, Any] | None) -> dict[str, Any] | None:
    if not plan:
        return None
    return {
        "id": plan["id"],
        "status": plan["status"],
        "instalment_count": len(plan["instalments"]),
        "total": as_json(plan["total_cents"]),
        "within_policy": plan["within_policy"],
        "grace_days": GRACE_DAYS,
        "proposed_at": plan["proposed_at"],
        "decided_at": plan.get("decided_at"),
        "ended_at": plan.get("ended_at"),
        "refusal_reason": plan.get("refusal_reason"),
        "instalments": [
            {
                "number": i["number"],
                "due_date": i["due_date"],
                "amount": as_json(i["amount_cents"]),
                "amount_paid": as_json(i["paid_cents"]),
                "status": i["status"],
            }
            for i in plan["instalments"]
        ],
    }
