"""The test clock (SPEC §2): advancing a test receivable's time runs the playbook steps that fall
due. Mounted beside the receivables' other test helpers, under the same prefix and tag."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from cleavr_connect.api.deps import OwnerDep, TestModeOnly
from cleavr_connect.api.openapi import ERROR_RESPONSES
from cleavr_connect.api.routing import ShapedRoute
from cleavr_connect.auth.dependencies import requires
from cleavr_connect.payouts import service as payouts
from cleavr_connect.receivables import service
from cleavr_connect.receivables.schemas import ReceivableOut
from cleavr_connect.recovery import playbook
from cleavr_connect.recovery.schemas import AdvanceIn
from cleavr_connect.scopes import Scope
from cleavr_connect.web.deps import RuntimeDep, SessionDep

helpers = APIRouter(
    route_class=ShapedRoute,
    prefix="/v1/test_helpers/receivables",
    tags=["Test helpers"],
    responses=ERROR_RESPONSES,
)

HelperDeps = [requires(Scope.RECEIVABLES_WRITE), TestModeOnly]


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
