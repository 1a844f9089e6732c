"""The creditor gives up the accessories of a claim (late penalties or a consumer's interest,
the €40 indemnities) from today: what had accrued and was unpaid is waived and nothing more
accrues. A claim whose principal is paid is then recovered."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.errors import ConflictError, FieldError, ValidationError
from cleavr_connect.models import Receivable
from cleavr_connect.money import round_cents
from cleavr_connect.receivables import payments
from cleavr_connect.receivables import service as receivables
from cleavr_connect.runtime import Runtime

OPEN = frozenset({"pending", "in_recovery", "disputed"})


async def waive(
    session: AsyncSession,
    rt: Runtime,
    rec: Receivable,
    *,
    late_penalties: bool,
    fixed_indemnity: bool,
    reason: str | None,
) -> Receivable:
    if not (late_penalties or fixed_indemnity):
        raise ValidationError(
            [
                FieldError(
                    "late_penalties",
                    "nothing_to_waive",
                    "Say what is waived: late_penalties, fixed_indemnity or both.",
                )
            ]
        )
    if rec.status not in OPEN:
        raise ConflictError(
            f"A {rec.status} receivable has nothing left to waive.",
            code="invalid_state_transition",
        )
    today = receivables.receivable_now(rt, rec).date()
    waived = dict(rec.waived or {})
    # A second waiver adds to the first; each accessory keeps the day it was given up.
    for item, asked in (("late_penalties", late_penalties), ("fixed_indemnity", fixed_indemnity)):
        if asked and not waived.get(item):
            waived[item] = True
            waived[f"{item}_on"] = today.isoformat()
        waived.setdefault(item, False)
    waived["on"] = waived.get("on") or today.isoformat()
    waived["reason"] = reason or waived.get("reason")
    rec.waived = waived
    rec.updated_at = rt.clock.now()
    await session.flush()
    figures = await receivables.compute_amounts(session, rt, rec)
    await receivables.add_action(
        session,
        rt,
        rec,
        "accessories_waived",
        f"The creditor waived {figures.waived} EUR of accessories.",
        late_penalties=late_penalties,
        fixed_indemnity=fixed_indemnity,
        waived=round_cents(figures.waived),
        reason=reason,
    )
    if figures.outstanding == 0:
        await payments.mark_recovered(session, rt, rec)
    return rec
