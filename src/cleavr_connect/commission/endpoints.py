from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from cleavr_connect.api.deps import OwnerDep
from cleavr_connect.api.openapi import ERROR_RESPONSES
from cleavr_connect.api.routing import ShapedRoute
from cleavr_connect.auth.dependencies import requires
from cleavr_connect.commission import fixing, rates, service
from cleavr_connect.commission.schemas import CalculateIn, CalculateOut, RatesOut
from cleavr_connect.errors import FieldError, ValidationError
from cleavr_connect.money import POSITIVE_AMOUNT_RULE, parse_amount, round_cents
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
    """The table in force for your platform today: a rate per band of days overdue at
    submission. A receivable keeps the rate and table of the day it was submitted. `warnings`
    names a rate table (ECB, legal interest) without an entry for the current half-year: the
    last known rate is then being used until the operator adds it."""
    bands = await service.bands_for(session, owner.platform_id, rt.clock.now(), refreshing=rt.rates)
    return {
        "object": "commission_rates",
        "vat_rate": float(fixing.VAT_RATE),
        "bands": [b.as_dict() for b in bands],
        "warnings": rt.rates.warnings(rt.clock.now().date()),
    }


@router.post(
    "/calculate",
    response_model=CalculateOut,
    dependencies=CommissionRead,
    summary="Calculate a commission",
)
async def calculate(
    body: CalculateIn, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """A quote before submitting: the commission on an amount recovered for a debt
    `days_overdue` old at submission, rounded half-up to the cent, and its 20 % VAT
    (5000.00 at 60 days → 15.90 % → 795.00 + 159.00 VAT = 954.00; net 4046.00)."""
    amount = parse_amount(body.amount)
    if amount is None or amount <= 0:
        raise ValidationError([FieldError("amount", "invalid_amount", POSITIVE_AMOUNT_RULE)])
    bands = await service.bands_for(session, owner.platform_id, rt.clock.now())
    result = rates.calculate(amount, body.days_overdue, bands)
    charge = fixing.charge(amount, result.rate)
    return {
        "object": "commission_calculation",
        "amount": round_cents(result.amount),
        "days_overdue": result.days_overdue,
        "rate": float(result.rate),
        "commission": round_cents(charge.commission),
        "commission_vat": round_cents(charge.vat),
        "commission_incl_vat": round_cents(charge.incl_vat),
        "net": round_cents(amount - charge.incl_vat),
        "net_amount": round_cents(result.net_amount),
    }
