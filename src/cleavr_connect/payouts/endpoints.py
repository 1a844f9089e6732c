from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from cleavr_connect.api.deps import OwnerDep
from cleavr_connect.api.openapi import ERROR_RESPONSES
from cleavr_connect.api.pagination import Page, paginate
from cleavr_connect.api.routing import ShapedRoute
from cleavr_connect.auth.dependencies import requires
from cleavr_connect.errors import ConflictError, NotFoundError
from cleavr_connect.events.payloads import describe
from cleavr_connect.models import Payout
from cleavr_connect.money import Money
from cleavr_connect.ownership import owned
from cleavr_connect.payouts import invoice_documents
from cleavr_connect.payouts.service import as_object
from cleavr_connect.scopes import Scope
from cleavr_connect.web.deps import SessionDep

router = APIRouter(
    route_class=ShapedRoute, prefix="/v1", tags=["Payouts"], responses=ERROR_RESPONSES
)


class PayoutOut(BaseModel):
    id: str
    object: Literal["payout"] = "payout"
    user_id: str
    payout_date: str
    amount: Money = Field(
        description="The day's net: gross − commission incl. VAT (negative when commission on "
        "payments made to the user directly exceeds what Cleavr collected)"
    )
    gross_amount: Money = Field(description="Money collected by Cleavr for the user")
    commission: Money = Field(description="Excluding VAT")
    commission_vat: Money
    commission_incl_vat: Money
    net: Money = Field(description="Same as `amount`")
    carried_in: Money = Field(
        description="Negative balances of earlier payouts netted into this one (≤ 0)"
    )
    transfer_amount: Money = Field(
        description="What the credit transfer carries: `amount` + `carried_in` when positive, "
        "else 0 (no transfer: the payout is `carried_forward`)"
    )
    carried_forward: Money = Field(
        description="The balance still owed by the user (≤ 0) when `carried_forward`, else 0"
    )
    carried_to: str | None = Field(
        description="The later payout that took this one's negative balance in"
    )
    invoice_number: str | None = Field(
        description="The commission invoice, issued when the payout is paid: "
        "GET /v1/payouts/{id}/invoice"
    )
    currency: str
    status: Literal["pending", "in_transit", "paid", "carried_forward", "failed"] = Field(
        description="`failed`: the transfer came back from the user's bank (`failure_code`); "
        "it is sent again once the user has given another IBAN"
    )
    paid_at: str | None
    failure_code: str | None = Field(
        description="Why the transfer came back: `account_closed`, `invalid_account_number`, "
        "`account_frozen`, `bank_account_restricted`, `incorrect_account_holder_name`, "
        "`declined` or `could_not_process`"
    )
    failure_message: str | None = Field(
        description="The bank's reason in words, with its ISO 20022 code (AC04 …)"
    )
    failed_on: str | None = Field(description="The day the bank booked the return")
    livemode: bool
    created_at: str


describe(PayoutOut, "payout.paid", "payout.carried_forward", "payout.failed")


class PayoutList(BaseModel):
    object: Literal["list"] = "list"
    data: list[PayoutOut]
    has_more: bool
    url: str


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
    status: Annotated[
        Literal["pending", "in_transit", "paid", "carried_forward", "failed"] | None, Query()
    ] = None,
) -> dict[str, Any]:
    """What Cleavr pays your users: one payout per user per day with the net of commission of
    that day's payments, paid the next day (`payout.paid`). A transfer the user's bank sends
    back makes its payout `failed` (`payout.failed`) until the user gives another IBAN."""
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


@router.get(
    "/payouts/{payout_id}/invoice",
    dependencies=[requires(Scope.RECEIVABLES_READ)],
    summary="Commission invoice",
    response_class=Response,
    responses={
        200: {
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            "description": "The invoice as a PDF (a Factur-X PDF with `format=facturx`)",
        }
    },
)
async def get_invoice(
    payout_id: str,
    owner: OwnerDep,
    session: SessionDep,
    format: Annotated[Literal["pdf", "facturx"], Query()] = "pdf",  # noqa: A002
    lang: Annotated[Literal["fr", "en"], Query()] = "fr",
) -> Response:
    """The invoice of Cleavr's commission on the payout's payments, issued when the payout is
    paid (409 `invoice_not_issued` before), numbered in one sequence per mode without gaps.
    `format=pdf` (default) or `format=facturx`: the same PDF with the EN 16931 CII XML
    embedded (Factur-X), for accounting software. French unless `lang=en`."""
    payout = (
        await session.execute(owned(Payout, owner).where(Payout.id == payout_id))
    ).scalar_one_or_none()
    if payout is None:
        raise NotFoundError(f"No such payout: {payout_id!r}.", param="id")
    if payout.invoice is None:
        raise ConflictError(
            "The invoice is issued when the payout is paid"
            + (" (this payout carries no commission)." if payout.status == "paid" else "."),
            code="invoice_not_issued",
        )
    render = invoice_documents.facturx_pdf if format == "facturx" else invoice_documents.pdf
    body = render(payout.invoice, lang)
    suffix = "-facturx" if format == "facturx" else ""
    return Response(
        body,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{payout.invoice_number}{suffix}.pdf"'
        },
    )
