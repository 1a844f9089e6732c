"""The platform decides a payment plan the debtor proposed outside the creditor's policy, and
the debtor is told: the decision and its message are written in one transaction, the message
queued like every other debtor message (`messages.compose`) and sent by the message workers.

- Accepted: the schedule (each instalment's date and amount, the total), how to pay, and what a
  missed instalment does (`instalments.GRACE_DAYS`, then the plan breaks and recovery resumes).
- Refused: the reason the creditor gave, if any, what is still due, and the portal page to pay
  or propose again.

Both carry the claim's statement and the mentions of every recovery message (`messages.legal`).
A plan accepted within the policy as it is proposed gets no message: the portal page that took
the proposal already says it is accepted.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.messages import content
from cleavr_connect.models import Receivable
from cleavr_connect.money import from_cents
from cleavr_connect.receivables import instalments, plans
from cleavr_connect.recovery import debtor_messages
from cleavr_connect.runtime import Runtime


async def accept(session: AsyncSession, rt: Runtime, rec: Receivable) -> dict[str, Any]:
    return await plans.accept(session, rt, rec, notify=_tell_accepted)


async def refuse(
    session: AsyncSession, rt: Runtime, rec: Receivable, reason: str | None
) -> dict[str, Any]:
    return await plans.refuse(session, rt, rec, reason, notify=_tell_refused)


def _proposal(plan: dict[str, Any], language: str) -> dict[str, Any]:
    return {
        "plan_count": len(plan["instalments"]),
        "plan_proposed_on": content.day(date.fromisoformat(plan["proposed_at"][:10]), language),
    }


async def _tell_accepted(
    session: AsyncSession, rt: Runtime, rec: Receivable, plan: dict[str, Any], at: datetime
) -> dict[str, Any]:
    def facts(language: str) -> dict[str, Any]:
        return {
            **_proposal(plan, language),
            "schedule": [
                {
                    "number": item["number"],
                    "due": content.day(date.fromisoformat(item["due_date"]), language),
                    "amount": content.money(from_cents(item["amount_cents"]), language),
                }
                for item in plan["instalments"]
            ],
            "plan_total": content.money(from_cents(plan["total_cents"]), language),
            "grace_days": instalments.GRACE_DAYS,
        }

    return await debtor_messages.queue(session, rt, rec, "payment_plan_accepted", at, facts)


async def _tell_refused(
    session: AsyncSession, rt: Runtime, rec: Receivable, plan: dict[str, Any], at: datetime
) -> dict[str, Any]:
    def facts(language: str) -> dict[str, Any]:
        return {**_proposal(plan, language), "refusal_reason": plan.get("refusal_reason")}

    return await debtor_messages.queue(session, rt, rec, "payment_plan_refused", at, facts)
