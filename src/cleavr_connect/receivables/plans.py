"""Payment plans (SPEC §13): the debtor proposes from the portal, the creditor's policy or the
platform decides, and an accepted plan replaces the playbook with instalment reminders until it
is completed or broken. The rules are in `instalments`; this module reads and writes them, each
change with its timeline entry and its `payment_plan.*` event in the caller's transaction.

- Within the user's policy (and `auto_accept`), a proposal is accepted at once; otherwise it is
  `pending` until `POST /v1/receivables/{id}/payment_plan/accept|refuse`, and the debtor is told
  the decision (`recovery.decisions` passes the `Notice` that queues the message). A pending
  proposal does not pause the playbook.
- Accepting fixes the schedule from what is outstanding that day, sets the stage to
  `payment_plan` and holds the playbook where it stopped.
- A missed instalment (after `GRACE_DAYS`) breaks the plan: the stage it had before comes back
  and the playbook's next step falls due that day.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.clock import isoformat
from cleavr_connect.errors import ConflictError, FieldError, ValidationError
from cleavr_connect.ids import new_id
from cleavr_connect.models import Receivable
from cleavr_connect.money import from_cents, to_cents
from cleavr_connect.receivables import instalments
from cleavr_connect.receivables import service as receivables
from cleavr_connect.receivables.steps import real_time, restart_from
from cleavr_connect.runtime import Runtime
from cleavr_connect.text import whole_number
from cleavr_connect.users import repository as users

COUNT_RULE = "Choose between 2 and 12 monthly instalments."
STAGE = "payment_plan"


async def policy_for(session: AsyncSession, rec: Receivable) -> instalments.Policy:
    user = await users.by_id_unscoped(session, rec.user_id)
    return instalments.policy_of(user.payment_plan_policy if user else None)


def parse_count(raw: object) -> int:
    count = whole_number(raw) if isinstance(raw, str) else raw
    if (
        isinstance(count, bool)
        or not isinstance(count, int)
        or not instalments.MIN_INSTALMENTS <= count <= instalments.MAX_INSTALMENTS
    ):
        raise ValidationError([FieldError("instalments", "invalid_instalments", COUNT_RULE)])
    return count


async def _outstanding_cents(session: AsyncSession, rt: Runtime, rec: Receivable) -> int:
    figures = await receivables.compute_amounts(session, rt, rec)
    cents = to_cents(figures.outstanding)
    if cents <= 0:
        raise ConflictError("Nothing is outstanding on this claim.", code="nothing_outstanding")
    return cents


async def propose(
    session: AsyncSession, rt: Runtime, rec: Receivable, raw_count: object
) -> dict[str, Any]:
    """The debtor's proposal: accepted at once within the policy, else pending."""
    count = parse_count(raw_count)
    if rec.status != "in_recovery":
        raise ConflictError(
            f"A {rec.status} receivable takes no payment plan.", code="invalid_state_transition"
        )
    current = rec.payment_plan
    if current and current.get("status") in instalments.OPEN_STATUSES:
        raise ConflictError(
            f"A payment plan is already {current['status']}.", code="payment_plan_exists"
        )
    total = await _outstanding_cents(session, rt, rec)
    if count > total:
        # More instalments than cents: some would be of 0.00 EUR.
        raise ValidationError([FieldError("instalments", "invalid_instalments", COUNT_RULE)])
    today = receivables.receivable_now(rt, rec)
    policy = await policy_for(session, rec)
    schedule = instalments.schedule(total, count, today.date())
    within = instalments.within_policy(policy, schedule)
    rec.payment_plan = {
        "id": new_id("ppl", livemode=rec.livemode),
        "status": "pending",
        "total_cents": total,
        "within_policy": within,
        "proposed_at": isoformat(today),
        "instalments": schedule,
    }
    await _record(
        session,
        rt,
        rec,
        "proposed",
        f"The debtor proposed {count} monthly instalments of {from_cents(total)} EUR in all.",
        instalments=count,
        within_policy=within,
    )
    if within and policy.auto_accept:
        await accept(session, rt, rec, by="policy")
    return rec.payment_plan


# Writes the debtor's message telling a decision on a plan they proposed
# (`recovery.decisions`, which has the message composer): (session, runtime, receivable, the
# plan as decided, when, receivable time) → the timeline entry's details.
Notice = Callable[
    [AsyncSession, Runtime, Receivable, dict[str, Any], datetime],
    Awaitable[dict[str, Any]],
]


async def accept(
    session: AsyncSession,
    rt: Runtime,
    rec: Receivable,
    *,
    by: str = "platform",
    notify: Notice | None = None,
) -> dict[str, Any]:
    """The pending plan is accepted: its schedule is fixed from today's outstanding amount.
    `notify` tells the debtor who waited for the decision; a plan accepted within the policy
    as it is proposed is confirmed by the portal page itself."""
    plan = _pending(rec)
    if rec.status != "in_recovery":
        raise ConflictError(
            f"A {rec.status} receivable takes no payment plan.", code="invalid_state_transition"
        )
    total = await _outstanding_cents(session, rt, rec)
    today = receivables.receivable_now(rt, rec)
    # Paid down since it was proposed to fewer cents than instalments: no instalment of 0.00.
    count = min(len(plan["instalments"]), total)
    rec.payment_plan = {
        **plan,
        "status": "accepted",
        "total_cents": total,
        "decided_at": isoformat(today),
        "decided_by": by,
        "accepted_on": today.date().isoformat(),
        "stage_before": rec.stage,
        "instalments": instalments.schedule(total, count, today.date()),
    }
    rec.stage = STAGE
    _schedule(rec)
    first = rec.payment_plan["instalments"][0]
    details = await notify(session, rt, rec, rec.payment_plan, today) if notify else {}
    await _record(
        session,
        rt,
        rec,
        "accepted",
        f"Payment plan accepted ({'within the policy' if by == 'policy' else 'by the platform'}): "
        f"{count} instalments, the first of {from_cents(first['amount_cents'])} EUR due on "
        f"{first['due_date']}.",
        by=by,
        **details,
    )
    return rec.payment_plan


async def refuse(
    session: AsyncSession,
    rt: Runtime,
    rec: Receivable,
    reason: str | None,
    *,
    notify: Notice | None = None,
) -> dict[str, Any]:
    plan = _pending(rec)
    today = receivables.receivable_now(rt, rec)
    rec.payment_plan = {
        **plan,
        "status": "refused",
        "decided_at": isoformat(today),
        "decided_by": "platform",
        "refusal_reason": reason,
    }
    details = await notify(session, rt, rec, rec.payment_plan, today) if notify else {}
    await _record(session, rt, rec, "refused", "Payment plan refused.", reason=reason, **details)
    return rec.payment_plan


def _pending(rec: Receivable) -> dict[str, Any]:
    plan = rec.payment_plan
    if not plan or plan.get("status") != "pending":
        state = plan.get("status") if plan else None
        raise ConflictError(
            "The receivable has no pending payment plan"
            + (f" (its plan is {state})." if state else "."),
            code="no_pending_payment_plan",
        )
    return plan


async def allocate(session: AsyncSession, rt: Runtime, rec: Receivable, cents: int) -> None:
    """A payment counted against the claim (any source) fills the plan's instalments; the last
    one paid (or the claim settled) completes the plan."""
    if cents <= 0 or not instalments.is_active(rec.payment_plan):
        return
    plan = instalments.allocate(rec.payment_plan or {}, cents)
    # A payment dated before the plan's acceptance lowers what accrued, so the claim may be
    # settled before the last cent of the schedule: settled is completed too.
    settled = (await receivables.compute_amounts(session, rt, rec)).outstanding == 0
    if not (instalments.all_paid(plan) or settled):
        rec.payment_plan = plan
        _schedule(rec)
        return
    now = receivables.receivable_now(rt, rec)
    rec.payment_plan = {**plan, "status": "completed", "ended_at": isoformat(now)}
    rec.next_action_at = None
    await _record(session, rt, rec, "completed", "Every instalment of the payment plan is paid.")


# Writes an instalment's reminder messages (`recovery.playbook`, which has the message composer):
# (session, runtime, receivable, plan, instalment, when due) → the timeline entry's details.
Reminder = Callable[
    [AsyncSession, Runtime, Receivable, dict[str, Any], dict[str, Any], Any],
    Awaitable[dict[str, Any]],
]


async def run_due(session: AsyncSession, rt: Runtime, rec: Receivable, remind: Reminder) -> int:
    """The plan's steps due on the receivable's clock: reminders, then a missed instalment
    breaking the plan (the playbook resumes). Returns how many ran."""
    done = 0
    while (
        rec.status == "in_recovery"
        and instalments.is_active(rec.payment_plan)
        and rec.next_action_at is not None
        and rec.next_action_at <= rt.clock.now()
    ):
        plan = rec.payment_plan or {}
        due = instalments.next_due(plan)
        if due is None:
            rec.next_action_at = None
            break
        if due.kind == "remind":
            await _remind(session, rt, rec, plan, due, remind)
        else:
            await _break(session, rt, rec, plan, due)
        await session.flush()
        done += 1
    return done


async def _remind(
    session: AsyncSession,
    rt: Runtime,
    rec: Receivable,
    plan: dict[str, Any],
    due: instalments.Due,
    remind: Reminder,
) -> None:
    item = plan["instalments"][due.index]
    left = from_cents(item["amount_cents"] - item["paid_cents"])
    details = await remind(session, rt, rec, plan, item, due.at)
    changed = [dict(i) for i in plan["instalments"]]
    changed[due.index]["reminded"] = True
    rec.payment_plan = {**plan, "instalments": changed}
    _schedule(rec)
    await receivables.add_action(
        session,
        rt,
        rec,
        "instalment_reminder_sent",
        f"Reminder of instalment {item['number']} ({left} EUR due on {item['due_date']}).",
        at=due.at,
        instalment=item["number"],
        **details,
    )
    await receivables.emit(session, rt, "receivable.action_taken", rec)


async def _break(
    session: AsyncSession,
    rt: Runtime,
    rec: Receivable,
    plan: dict[str, Any],
    due: instalments.Due,
) -> None:
    changed = [dict(i) for i in plan["instalments"]]
    changed[due.index]["status"] = "missed"
    item = changed[due.index]
    rec.payment_plan = {**plan, "status": "broken", "ended_at": isoformat(due.at)}
    rec.payment_plan["instalments"] = changed
    rec.stage = plan.get("stage_before") or "reminder"
    restart_from(rec, due.at)
    await _record(
        session,
        rt,
        rec,
        "broken",
        f"Instalment {item['number']} due on {item['due_date']} was not paid within "
        f"{instalments.GRACE_DAYS} days: the payment plan is broken and recovery resumes.",
        at=due.at,
        instalment=item["number"],
    )


def _schedule(rec: Receivable) -> None:
    """Points `next_action_at` (real time) at the plan's next step."""
    due = instalments.next_due(rec.payment_plan or {"instalments": []})
    rec.next_action_at = real_time(rec, due.at) if due else None


async def _record(
    session: AsyncSession,
    rt: Runtime,
    rec: Receivable,
    what: str,
    description: str,
    *,
    at: Any = None,
    **details: Any,
) -> None:
    rec.updated_at = rt.clock.now()
    await session.flush()
    plan_id = (rec.payment_plan or {}).get("id")
    await receivables.add_action(
        session, rt, rec, f"payment_plan_{what}", description, at=at, plan_id=plan_id, **details
    )
    await receivables.emit(session, rt, f"payment_plan.{what}", rec)
