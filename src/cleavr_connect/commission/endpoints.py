from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from cleavr_connect.api.deps import OwnerDep
from cleavr_connect.api.openapi import ERROR_RESPONSES
from cleavr_connect.api.routing import ShapedRoute
from cleavr_connect.auth.dependencies import requires
from cleavr_connect.commission import rates, service
from cleavr_connect.commission.schemas import CalculateIn, CalculateOut, RatesOut
from cleavr_connect.errors import FieldError, ValidationError
from cleavr_connect.money import parse_amount, round_cents
from cleavr_connect.scopes import Scope
from cleavr_connect.web.deps import RuntimeDep, SessionDep

router = APIRouter(
    route_class=ShapedRoute, prefix="/v1/commission", tags=["Commission"], responses=ERROR_RESPONSES
)
CommissionRead = [requires(Scope.COMMISSION_READ)]


@router.get(
    "/rates", response_model=RatesOut, dependencies=CommissionRead, summary="Commission rates"
)
async def get_rates(owner: OwnerDep, session: SessionDep, rt: RuntimeDep) -> dict[str, Any]:
    """The table in force for your platform today: a rate per band of days overdue."""
    bands = await service.bands_for(session, owner.platform_id, rt.clock.now())
    return {"object": "commission_rates", "bands": [b.as_dict() for b in bands]}


@router.post(
    "/calculate",
    response_model=CalculateOut,
    dependencies=CommissionRead,
    summary="Calculate a commission",
)
async def calculate(
    body: CalculateIn, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """The commission on an amount recovered at a debt age, rounded half-up to the cent
    (5000.00 at 60 days → 15.90 % → 795.00, net 4205.00)."""
    amount = parse_amount(body.amount)
    if amount is None or amount <= 0:
        raise ValidationError(
            [FieldError("amount", "invalid_amount", "A positive amount with at most 2 decimals.")]
        )
    bands = await service.bands_for(session, owner.platform_id, rt.clock.now())
    result = rates.calculate(amount, body.days_overdue, bands)
    return {
        "object": "commission_calculation",
        "amount": round_cents(result.amount),
        "days_overdue": result.days_overdue,
        "rate": float(result.rate),
        "commission": round_cents(result.commission),
        "net_amount": round_cents(result.net_amount),
    }
