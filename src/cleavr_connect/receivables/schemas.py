"""The receivables API in and out (SPEC §7). Amounts are JSON numbers in euros, ≤ 2 decimals."""

from __future__ import annotations

import builtins
from datetime import date
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from cleavr_connect.api.validation import (
    Amount,
    Country,
    Day,
    Flag,
    Line,
    RequiredName,
    Text,
    WholeNumber,
)
from cleavr_connect.errors import FieldError
from cleavr_connect.events.payloads import describe
from cleavr_connect.money import Money

if TYPE_CHECKING:
    from cleavr_connect.web.handlers import RefusedBody

Status = Literal[
    "processing", "draft", "pending", "in_recovery", "disputed", "recovered", "closed", "cancelled"
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


# An invoice number as invoicing software prints one: at most 100 characters.
InvoiceNumber = Annotated[Line, Field(max_length=100)]
# Every id the API hands out is shorter: a longer one names nothing.
AnyId = Annotated[str, Field(max_length=64)]


class InvoiceIn(_In):
    numbers: list[InvoiceNumber] = Field(
        min_length=1, max_length=50, description="One or more invoice numbers"
    )
    issue_date: Day
    due_date: Day
    service_description: Text | None = Field(None, max_length=2000)
    amount: Amount = Field(description="Total, tax included (the principal claimed)")
    amount_before_tax: Amount
    tax_amount: Amount
    currency: str = Field("EUR", max_length=3)
    payment_terms: Text | None = Field(None, max_length=500)
    late_penalty_rate: Amount | None = Field(
        None,
        description="Annual %, as on the invoice (professionals: never below three times the "
        "legal interest rate, L441-10); else the legal rate applies",
    )
    service_date: Day | None = Field(
        None,
        description="When the service was rendered or the goods delivered: a consumer claim "
        "is prescribed 2 years after it (the issue date when not given)",
    )


DebtorKind = Literal["company", "sole_trader", "consumer", "individual"]


class AddressIn(_In):
    line1: Line | None = Field(None, max_length=200)
    line2: Line | None = Field(None, max_length=200)
    city: Line | None = Field(None, max_length=100)
    postal_code: Line | None = Field(None, max_length=20)
    country: Country | None = None


class DebtorContactIn(_In):
    first_name: Line | None = Field(None, max_length=100)
    last_name: Line | None = Field(None, max_length=100)
    email: str | None = Field(None, max_length=320, description="Required for every contact")
    phone: Line | None = Field(None, max_length=30)
    job_title: Line | None = Field(None, max_length=100)
    level: WholeNumber = Field(0, ge=0, le=5, description="0 = primary contact, 1+ = escalation")


class DebtorIn(_In):
    company_name: RequiredName = Field(min_length=1, max_length=200)
    company_type: DebtorKind = Field(
        "company",
        description="`company` or `sole_trader` (professionals: L441-10 penalties, €40 per "
        "invoice, 5-year prescription) or `consumer` (legal interest from the formal notice, "
        "2-year prescription); `individual`, the 2025-08-28 name, means `consumer`",
    )
    language: Literal["fr", "en"] | None = Field(
        None, description="Language of the messages sent to the debtor; French when absent"
    )
    siret: Line | None = Field(None, max_length=20)
    vat_number: Line | None = Field(None, max_length=20)
    address: AddressIn | None = None
    contacts: list[DebtorContactIn] = Field(default_factory=list, max_length=20)


class ReceivableCreate(_In):
    user_id: AnyId
    invoice: InvoiceIn
    debtor: DebtorIn
    metadata: dict[str, str] | None = None

    @classmethod
    async def domain_errors(cls, body: RefusedBody) -> list[FieldError]:
        """The rules beyond the schema, for a body the schema refused."""
        from cleavr_connect.receivables.refused import creation_errors

        return await creation_errors(body)


class InvoicePatch(_In):
    """Any subset of `invoice`; a field sent as null is cleared."""

    numbers: list[InvoiceNumber] | None = Field(None, min_length=1, max_length=50)
    issue_date: Day | None = None
    due_date: Day | None = None
    service_description: Text | None = Field(None, max_length=2000)
    amount: Amount | None = None
    amount_before_tax: Amount | None = None
    tax_amount: Amount | None = None
    currency: str | None = Field(None, max_length=3)
    payment_terms: Text | None = Field(None, max_length=500)
    late_penalty_rate: Amount | None = None
    service_date: Day | None = None


class DebtorPatch(_In):
    """Any subset of `debtor`; `address` and `contacts` are replaced whole."""

    company_name: RequiredName | None = Field(None, min_length=1, max_length=200)
    company_type: DebtorKind | None = None
    language: Literal["fr", "en"] | None = None
    siret: Line | None = Field(None, max_length=20)
    vat_number: Line | None = Field(None, max_length=20)
    address: AddressIn | None = None
    contacts: list[DebtorContactIn] | None = Field(None, max_length=20)


class ReceivablePatch(_In):
    """`PATCH /v1/receivables/{id}` (drafts), and the fields sent with an invoice to read."""

    invoice: InvoicePatch | None = None
    debtor: DebtorPatch | None = None
    metadata: dict[str, str] | None = None

    @classmethod
    async def domain_errors(cls, body: RefusedBody) -> list[FieldError]:
        """The rules a PATCH is checked against, for a body the schema refused."""
        from cleavr_connect.receivables.refused import patch_errors

        return await patch_errors(body)


class CancelIn(_In):
    reason: Text = Field(min_length=1, max_length=1000)


class PaymentIn(_In):
    amount: Amount
    paid_at: Day | None = None


class WaiveIn(_In):
    late_penalties: Flag = Field(
        False, description="Give up the late penalties (or a consumer's interest), from today"
    )
    fixed_indemnity: Flag = Field(False, description="Give up the €40 indemnities")
    reason: Text | None = Field(None, max_length=1000)


class DisputeIn(_In):
    reason: Text = Field(min_length=1, max_length=2000)


class ResolveDisputeIn(_In):
    outcome: Literal["resume", "close"]


class RefusePlanIn(_In):
    reason: Text | None = Field(
        None,
        max_length=1000,
        description="Kept on the plan and given to the debtor in the refusal message",
    )


class InvoiceOut(BaseModel):
    numbers: list[str]
    issue_date: date | None  # null only on drafts
    due_date: date | None
    service_description: str | None
    amount: Money | None
    amount_before_tax: Money | None
    tax_amount: Money | None
    currency: str
    payment_terms: str | None
    late_penalty_rate: float | None
    service_date: date | None


class AmountsOut(BaseModel):
    principal: Money = Field(description="The invoice amount, tax included")
    late_penalties: Money = Field(
        description="Professionals: L441-10 penalties accrued to date (0 for a consumer)"
    )
    interest: Money = Field(
        description="Consumers: legal interest from the formal notice (0 for a professional)"
    )
    fixed_indemnity: Money = Field(description="€40 per invoice number, professionals only")
    total_claimable: Money
    amount_recovered: Money = Field(description="Payments counted against the claim")
    paid_directly: Money = Field(description="Of which paid to the creditor directly")
    waived: Money = Field(description="Accessories the creditor gave up")
    written_off: Money = Field(description="What was still owed when the claim was closed")
    outstanding: Money = Field(description="0 once recovered, closed or cancelled")
    overpaid: Money = Field(description="Received beyond what was owed, to refund")
    commission: Money = Field(description="Excluding VAT")
    commission_vat: Money = Field(description="20 % VAT on the commission")
    commission_incl_vat: Money
    net: Money = Field(description="What the creditor receives from Cleavr")
    net_to_user: Money = Field(description="Same as `net` (earlier name)")


class WaivedOut(BaseModel):
    late_penalties: bool
    fixed_indemnity: bool
    on: date = Field(description="The first waiver's day")
    late_penalties_on: date | None = None
    fixed_indemnity_on: date | None = None
    reason: str | None = None


class TimelineEntry(BaseModel):
    id: str
    type: str
    description: str
    occurred_at: str
    details: dict[str, object]


class FieldErrorOut(BaseModel):
    param: str
    code: str
    message: str


class OcrFieldOut(BaseModel):
    value: object
    confidence: float = Field(description="0 to 1")
    page: int | None = Field(description="1-based page the value was read on")
    box: list[float] | None = Field(
        description="[x0, top, x1, bottom] as fractions of the page, origin top left"
    )
    source: str = Field(
        description="einvoice (a business term of the e-invoice's XML: exact), label, layout, "
        "payment_terms (derived from the written payment terms), postal_code, rule or default. "
        "In an e-invoice's reading, a field its XML lacks may come from the PDF's printed page: "
        "its source is then not einvoice, and `page` and `box` say where it was read",
    )


class OcrError(BaseModel):
    code: str
    message: str


class OcrOut(BaseModel):
    status: Literal["processing", "completed", "failed"]
    file_id: str
    content_type: str
    pages: int | None
    method: Literal["einvoice", "text", "ocr"] | None = Field(
        description="einvoice: read exactly from the XML of a Factur-X/ZUGFeRD PDF or of a "
        "UBL/CII file, a PDF's printed page completing only the fields its XML lacks (Factur-X "
        "MINIMUM, BASIC WL: see each field's `source`); text: read from the PDF's text layer; "
        "ocr: pages read by OCR"
    )
    language: str | None
    document_type: str | None
    fields: dict[str, OcrFieldOut]
    error: OcrError | None
    seconds: float | None
    completed_at: str | None


class DisputeOut(BaseModel):
    reason: str | None = Field(
        description="not_received, defective, already_paid, amount_wrong, not_my_debt or other "
        "from the debtor portal; free text from the test helper"
    )
    comment: str | None = Field(description="What the debtor wrote")
    evidence: list[str] = Field(
        description="Ids of the documents: the debtor's, then those added with "
        "`POST /v1/receivables/{id}/evidence`"
    )
    source: Literal["debtor_portal", "operator"]
    created_at: str
    resolved_at: str | None
    resolution: str | None = Field(description="The status the dispute ended in")


class InstalmentOut(BaseModel):
    number: int
    due_date: date
    amount: Money
    amount_paid: Money = Field(description="What payments have covered of it so far")
    status: Literal["scheduled", "paid", "missed"] = Field(
        description="missed: not paid in full within `grace_days` after its due date"
    )


class PaymentPlanOut(BaseModel):
    id: str
    status: Literal["pending", "accepted", "refused", "broken", "completed"] = Field(
        description="pending: outside the user's `payment_plan_policy` (or the policy does not "
        "auto-accept), waiting for `accept` or `refuse`"
    )
    instalment_count: int = Field(description="2 to 12 monthly instalments")
    total: Money = Field(
        description="What was outstanding when the plan was accepted (proposed, while pending); "
        "nothing accrues after acceptance while the plan is kept"
    )
    within_policy: bool
    grace_days: int = Field(
        description="Days after a due date before an unpaid instalment breaks the plan"
    )
    proposed_at: str
    decided_at: str | None
    ended_at: str | None = Field(description="When the plan was completed or broken")
    refusal_reason: str | None
    instalments: list[InstalmentOut] = Field(
        description="Split to the cent: the first `total % n` cents go one each to the first "
        "instalments"
    )


class ReceivableOut(BaseModel):
    id: str
    object: Literal["receivable"] = "receivable"
    user_id: str
    status: Status
    outcome: str | None
    stage: str | None
    invoice: InvoiceOut
    # builtins: the `object` field above shadows the type in this class's namespace.
    debtor: dict[str, builtins.object]
    amounts: AmountsOut
    commission_rate: float | None = Field(
        description="Fixed at submission from the debt's age then (days from due date to "
        "submission) and the platform's table in force then"
    )
    commission_days_overdue: int | None
    submitted_at: str | None
    waived: WaivedOut | None
    timeline: list[TimelineEntry]
    next_action_at: str | None
    cancellation_reason: str | None
    dispute_reason: str | None
    dispute: DisputeOut | None = Field(
        description="The latest dispute, open or settled; null if there was none"
    )
    payment_plan: PaymentPlanOut | None = Field(
        description="The latest payment plan the debtor proposed from the portal; null if none"
    )
    missing_fields: list[str] = Field(
        description="Drafts: the params to give or correct before `submit`; [] otherwise"
    )
    field_errors: list[FieldErrorOut] = Field(
        description="Drafts: why each of `missing_fields` is needed (`missing`, or the "
        "code `POST /v1/receivables` would answer)"
    )
    ocr: OcrOut | None = Field(description="Receivables read from an invoice file")
    metadata: dict[str, str]
    livemode: bool
    created_at: str
    updated_at: str


describe(
    ReceivableOut,
    "receivable.created",
    "receivable.status_updated",
    "receivable.disputed",
    "receivable.recovered",
    "receivable.closed",
    "receivable.cancelled",
    "receivable.action_taken",
    "receivable.ocr_completed",
    "receivable.dossier_ready",
    "payment_plan.proposed",
    "payment_plan.accepted",
    "payment_plan.refused",
    "payment_plan.broken",
    "payment_plan.completed",
)


class ReceivableList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ReceivableOut]
    has_more: bool
    url: str


class PaymentOut(BaseModel):
    id: str
    object: Literal["payment"] = "payment"
    receivable_id: str
    user_id: str
    amount: Money
    paid_at: date
    days_overdue: int
    commission_rate: float
    commission: Money = Field(description="Excluding VAT")
    commission_vat: Money
    commission_incl_vat: Money
    net: Money = Field(description="amount − commission incl. VAT (negative for a direct payment)")
    net_amount: Money = Field(description="Same as `net` (earlier name)")
    overpayment: Money = Field(description="The part beyond what was owed, flagged for refund")
    refund_due: bool
    source: str = Field(description="operator, test_helper, debtor_portal or direct")
    payout_id: str | None
    livemode: bool
    created_at: str


describe(PaymentOut, "payment.received")


class PaymentList(BaseModel):
    object: Literal["list"] = "list"
    data: list[PaymentOut]
    has_more: bool
    url: str
