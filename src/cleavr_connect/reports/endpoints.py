"""The reports endpoints (SPEC §9): thin routes over `reports.service`, JSON or CSV."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import WithJsonSchema

from cleavr_connect.api.deps import OwnerDep
from cleavr_connect.api.openapi import ERROR_RESPONSES
from cleavr_connect.api.routing import ShapedRoute
from cleavr_connect.auth.dependencies import requires
from cleavr_connect.reports import export, service
from cleavr_connect.reports.schemas import AgingOut, RecoveriesOut, SummaryOut
from cleavr_connect.scopes import Scope
from cleavr_connect.web.deps import RuntimeDep, SessionDep

router = APIRouter(
    route_class=ShapedRoute, prefix="/v1/reports", tags=["Reports"], responses=ERROR_RESPONSES
)
ReportsRead = [requires(Scope.REPORTS_READ)]

CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "JSON, or with `format=csv` a `text/csv` table with a header row.",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }
}

Day = Annotated[str | None, WithJsonSchema(service.DATE_SCHEMA)]
From = Annotated[
    Day,
    Query(alias="from", description="First day, YYYY-MM-DD (UTC). Default: 29 days before to."),
]
To = Annotated[Day, Query(description="Last day, inclusive, YYYY-MM-DD. Default: today.")]
UserId = Annotated[str | None, Query(description="Only this user's figures.")]
Format = Annotated[
    str | None,
    Query(
        alias="format",
        description="json (default) or csv.",
        json_schema_extra={"enum": ["json", "csv"]},
    ),
]


@router.get(
    "/summary",
    response_model=SummaryOut,
    dependencies=ReportsRead,
    responses=CSV_RESPONSE,
    summary="Summary report",
)
async def summary(
    owner: OwnerDep,
    session: SessionDep,
    rt: RuntimeDep,
    from_: From = None,
    to: To = None,
    user_id: UserId = None,
    fmt: Format = None,
) -> Any:
    """For the receivables created from `from` to `to` (default: the last 30 days): count and
    amount per status, amount submitted and recovered, recovery rate, commission and its VAT, net
    recovered (less both), and the median days from submission to the first payment."""
    params = await service.parse(
        session, owner, rt.clock.now().date(), from_=from_, to=to, fmt=fmt, user_id=user_id
    )
    report = await service.summary(session, owner, params)
    if params.fmt == "csv":
        name = f"summary_{report['from']}_{report['to']}.csv"
        return export.csv_response(export.summary_csv(report), name)
    return report


@router.get(
    "/aging",
    response_model=AgingOut,
    dependencies=ReportsRead,
    responses=CSV_RESPONSE,
    summary="Aging report",
)
async def aging(
    owner: OwnerDep,
    session: SessionDep,
    rt: RuntimeDep,
    user_id: UserId = None,
    fmt: Format = None,
) -> Any:
    """What open receivables (pending, in recovery, disputed) still owe, by days since their
    due date as of today: 0–44, 45–89, 90–179, 180–364, 365–546 and 547+ days."""
    today = rt.clock.now().date()
    params = await service.parse(session, owner, today, fmt=fmt, user_id=user_id, windowed=False)
    report = await service.aging(session, owner, today, params)
    if params.fmt == "csv":
        return export.csv_response(export.aging_csv(report), f"aging_{report['as_of']}.csv")
    return report


@router.get(
    "/recoveries",
    response_model=RecoveriesOut,
    dependencies=ReportsRead,
    responses=CSV_RESPONSE,
    summary="Recoveries report",
)
async def recoveries(
    owner: OwnerDep,
    session: SessionDep,
    rt: RuntimeDep,
    from_: From = None,
    to: To = None,
    interval: Annotated[
        str | None,
        WithJsonSchema({"type": "string", "enum": list(service.INTERVALS)}),
        Query(description="day (default), week (ISO, from Monday) or month."),
    ] = None,
    user_id: UserId = None,
    fmt: Format = None,
) -> Any:
    """Payments received from `from` to `to` (by payment date), per period: amount recovered,
    commission, its VAT and net (less both). Every period of the window is listed, with zeros when
    nothing came in."""
    params = await service.parse(
        session,
        owner,
        rt.clock.now().date(),
        from_=from_,
        to=to,
        fmt=fmt,
        interval=interval,
        user_id=user_id,
        with_interval=True,
    )
    report = await service.recoveries(session, owner, params)
    if params.fmt == "csv":
        name = f"recoveries_{report['interval']}_{report['from']}_{report['to']}.csv"
        return export.csv_response(export.recoveries_csv(report), name)
    return report
