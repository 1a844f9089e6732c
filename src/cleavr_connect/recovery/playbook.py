"""The amicable recovery playbook: dated actions driven by the injectable clock (SPEC §11).

Days count from the start of recovery, on the receivable's own clock (real time plus what the
test clock advanced it by). `next_action_at` is stored in real time, so the worker finds due
work with one indexed query whatever the test clocks do.

The steps themselves, and the pause and resume that a dispute needs, are `receivables.steps`;
this module performs them, which takes both the receivable and the message composer.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.db.sql import for_update
from cleavr_connect.messages import compose, content
from cleavr_connect.models import Receivable
from cleavr_connect.money import from_cents
from cleavr_connect.receivables import instalments, plans
from cleavr_connect.receivables import service as receivables
from cleavr_connect.receivables.steps import ACCEPTANCE, PLAYBOOK, Step, schedule_next
from cleavr_connect.recovery import debtor_messages
from cleavr_connect.runtime import Runtime

MESSAGE_TEMPLATES = {
    "reminder_sent": "reminder",
    "escalation_sent": "escalation",
    "formal_notice_sent": "formal_notice",
    "final_notice_sent": "final_notice",
}


async def _perform(
    session: AsyncSession, rt: Runtime, rec: Receivable, step: Step, at: datetime
) -> None:
    details: dict[str, Any] = {"step": rec.playbook_step, "day": step.day}
    if step.action == "closed_unrecoverable":
        outcome = "partially_recovered" if rec.recovered_cents > 0 else "unrecoverable"
        rec.stage = step.stage
        await receivables.transition(session, rt, rec, "closed", outcome=outcome, at=at)
        details["outcome"] = outcome
    elif step.action in MESSAGE_TEMPLATES:
        if step.action == "formal_notice_sent":
            # A consumer owes legal interest from the formal notice (Code civil 1231-6).
            rec.formal_notice_on = at.date()
        # The step's messages (rendered now, sent by the message workers): `messages`.
        details |= await compose.queue_step(
            session,
            rt,
            rec,
            MESSAGE_TEMPLATES[step.action],
            at,
            first=rec.playbook_step == 1,
            sms=step.action == "reminder_sent" and rec.playbook_step > 1,
        )
    rec.stage = step.stage
    await receivables.add_action(session, rt, rec, step.action, step.description, at=at, **details)
    await receivables.emit(session, rt, "receivable.action_taken", rec)


async def _remind_instalment(
    session: AsyncSession,
    rt: Runtime,
    rec: Receivable,
    plan: dict[str, Any],
    item: dict[str, Any],
    at: datetime,
) -> dict[str, Any]:
    """An instalment's reminder, with the claim's mentions as every message carries them."""

    def facts(language: str) -> dict[str, Any]:
        return {
            "instalment_number": item["number"],
            "instalment_count": len(plan["instalments"]),
            "instalment_amount": content.money(
                from_cents(item["amount_cents"] - item["paid_cents"]), language
            ),
            "instalment_due": content.day(date.fromisoformat(item["due_date"]), language),
            "grace_days": instalments.GRACE_DAYS,
        }

    return await debtor_messages.queue(session, rt, rec, "instalment_reminder", at, facts)


async def run_due(session: AsyncSession, rt: Runtime, rec: Receivable) -> int:
    """Performs every step due on the receivable's clock, in order. Returns how many ran.
    While a payment plan is kept its instalment reminders run instead; a broken plan hands
    back to the playbook, which goes on from the step where it stopped."""
    done = 0
    if instalments.is_active(rec.payment_plan):
        done += await plans.run_due(session, rt, rec, _remind_instalment)
        if instalments.is_active(rec.payment_plan):
            return done
    while (
        rec.status in ("pending", "in_recovery")
        and rec.playbook_step < len(PLAYBOOK)
        and rec.next_action_at is not None
        and rec.next_action_at <= rt.clock.now()
    ):
        step = PLAYBOOK[rec.playbook_step]
        # Dated when it was due, as if the worker had run it on time (the test clock jumps).
        at = rec.next_action_at + timedelta(days=rec.clock_offset_days)
        if step is ACCEPTANCE and rec.status == "pending":
            # The acceptance test mode records at submission (it moves to step 1 itself).
            await receivables.accept(session, rt, rec, at=at)
        else:
            await _perform(session, rt, rec, step, at)
            rec.playbook_step += 1
            schedule_next(rec)
        if rec.status not in ("pending", "in_recovery"):
            rec.next_action_at = None
        await session.flush()
        done += 1
    return done


async def advance(session: AsyncSession, rt: Runtime, rec: Receivable, days: int) -> int:
    """Test clock: moves this receivable's time forward and runs what fell due."""
    rec.clock_offset_days += days
    if rec.next_action_at is not None:
        rec.next_action_at -= timedelta(days=days)
    await session.flush()
    return await run_due(session, rt, rec)


async def run_all_due(session: AsyncSession, rt: Runtime, *, limit: int = 100) -> int:
    """The worker's job: every receivable with a step due now (live and test mode)."""
    stmt = (
        select(Receivable)
        .where(Receivable.next_action_at.is_not(None), Receivable.next_action_at <= rt.clock.now())
        .order_by(Receivable.next_action_at)
        .limit(limit)
    )
    stmt = for_update(session, stmt, skip_locked=True)
    total = 0
    for rec in (await session.execute(stmt)).scalars().all():
        total += await run_due(session, rt, rec)
    return total
