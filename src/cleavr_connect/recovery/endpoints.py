"""What moves recovery on and writes the debtor's messages with it: the platform's decision on a
pending payment plan (mounted under the receivables' prefix and tag), and the test clock
(SPEC §2), where advancing a test receivable's time runs the playbook steps that fall due
(beside the receivables' other test helpers, under the same prefix and tag)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from cleavr_connect.api.deps import OwnerDep, TestModeOnly
from cleavr_connect.api.openapi import ERROR_RESPONSES
from cleavr_connect.api.routing import ShapedRoute
from cleavr_connect.auth.dependencies import requires
from cleavr_connect.payouts import service as payouts
from cleavr_connect.receivables import service
from cleavr_connect.receivables.schemas import ReceivableOut, RefusePlanIn
from cleavr_connect.recovery import decisions, playbook
from cleavr_connect.recovery.schemas import AdvanceIn
from cleavr_connect.scopes import Scope
from cleavr_connect.web.deps import RuntimeDep, SessionDep

router = APIRouter(
    route_class=ShapedRoute, prefix="/v1", tags=["Receivables"], responses=ERROR_RESPONSES
)
helpers = APIRouter(
    route_class=ShapedRoute,
    prefix="/v1/test_helpers/receivables",
    tags=["Test helpers"],
    responses=ERROR_RESPONSES,
)

Write = [requires(Scope.RECEIVABLES_WRITE)]
HelperDeps = [requires(Scope.RECEIVABLES_WRITE), TestModeOnly]


@router.post(
    "/receivables/{receivable_id}/payment_plan/accept",
    response_model=ReceivableOut,
    dependencies=Write,
    summary="Accept the payment plan",
)
async def accept_payment_plan(
    receivable_id: str, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """Accepts the plan the debtor proposed outside the user's `payment_plan_policy`: the
    schedule is fixed from what is outstanding today (the first instalment due 7 days later,
    then monthly), the stage becomes `payment_plan` and instalment reminders replace the
    playbook (`payment_plan.accepted`). The debtor is e-mailed the schedule, how to pay and
    what a missed instalment does (a `payment_plan_accepted` message, in
    `GET /v1/receivables/{id}/messages`). No plan waiting: 409 `no_pending_payment_plan`."""
    rec = await service.get(session, owner, receivable_id, lock=True)
    await decisions.accept(session, rt, rec)
    return await service.render(session, rt, rec)


@router.post(
    "/receivables/{receivable_id}/payment_plan/refuse",
    response_model=ReceivableOut,
    dependencies=Write,
    summary="Refuse the payment plan",
)
async def refuse_payment_plan(
    receivable_id: str,
    owner: OwnerDep,
    session: SessionDep,
    rt: RuntimeDep,
    body: RefusePlanIn | None = None,
) -> dict[str, Any]:
    """Refuses the pending plan (`payment_plan.refused`); recovery goes on as it was. The
    debtor is e-mailed the refusal with `reason` when given, what is still due and the payment
    page to pay or propose again (a `payment_plan_refused` message). No plan waiting: 409
    `no_pending_payment_plan`."""
    rec = await service.get(session, owner, receivable_id, lock=True)
    await decisions.refuse(session, rt, rec, body.reason if body else None)
    return await service.render(session, rt, rec)


@helpers.post(
    "/{receivable_id}/advance",
    response_model=ReceivableOut,
    dependencies=HelperDeps,
    summary="Advance the test clock",
)
async def advance(
    receivable_id: str, body: AdvanceIn, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """Moves this receivable's clock forward by `days`; the playbook runs what falls due, and
    the user's payouts of past days are paid."""
    rec = await service.get(session, owner, receivable_id, lock=True)
    await playbook.advance(session, rt, rec, body.days)
    await payouts.pay_due(
        session, rt, today=service.receivable_now(rt, rec).date(), user_id=rec.user_id
    )
    return await service.render(session, rt, rec)
