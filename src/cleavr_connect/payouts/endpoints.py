from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from cleavr_connect.api.deps import OwnerDep
from cleavr_connect.api.openapi import ERROR_RESPONSES
from cleavr_connect.api.pagination import Page, paginate
from cleavr_connect.api.routing import ShapedRoute
from cleavr_connect.auth.dependencies import requires
from cleavr_connect.models import Payout
from cleavr_connect.ownership import owned
from cleavr_connect.payouts.schemas import PayoutList
from cleavr_connect.payouts.service import as_object
from cleavr_connect.scopes import Scope
from cleavr_connect.web.deps import SessionDep

router = APIRouter(
    route_class=ShapedRoute, prefix="/v1", tags=["Payouts"], responses=ERROR_RESPONSES
)


@router.get(
    "/payouts",
    response_model=PayoutList,
    dependencies=[requires(Scope.RECEIVABLES_READ)],
    summary="List payouts",
)
async def list_payouts(
    owner: OwnerDep,
    session: SessionDep,
    page: Page,
    user_id: Annotated[str | None, Query()] = None,
    status: Annotated[Literal["pending", "paid"] | None, Query()] = None,
) -> dict[str, Any]:
    """What Cleavr pays your users: one payout per user per day with the net of commission of
    that day's payments, paid the next day (`payout.paid`)."""
    stmt = owned(Payout, owner)
    if user_id:
        stmt = stmt.where(Payout.user_id == user_id)
    if status:
        stmt = stmt.where(Payout.status == status)
    result = await paginate(
        session, stmt, Payout, page, owned(Payout, owner, Payout.created_at, Payout.id)
    )
    return {
        "object": "list",
        "data": [as_object(p) for p in result.items],
        "has_more": result.has_more,
        "url": "/v1/payouts",
    }
