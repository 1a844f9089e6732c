"""The receivables API in and out (SPEC §7). Amounts are JSON numbers in euros, ≤ 2 decimals."""

from __future__ import annotations

import builtins
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from cleavr_connect.events.payloads import describe
from cleavr_connect.money import Money

Amount = float | int | str
Status = Literal[
    "processing", "draft", "pending", "in_recovery", "disputed", "recovered", "closed", "cancelled"
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class InvoiceIn(_In):
    numbers: list[str] = Field(
        min_length=1, max_length=50, description="One or more invoice numbers"
    )
    issue_date: date
    due_date: date
    service_description: str | None = Field(None, max_length=2000)
    amount: Amount = Field(description="Total, tax included (the principal claimed)")
    amount_before_tax: Amount
    tax_amount: Amount
    currency: str = Field("EUR", max_length=3)
    payment_terms: str | None = Field(None, max_length=500)
    late_penalty_rate: Amount | None = Field(
        None, description="Annual %, as on the invoice; else the legal rate applies"
    )


class AddressIn(_In):
    line1: str | None = Field(None, max_length=200)
    line2: str | None = Field(None, max_length=200)
    city: str | None = Field(None, max_length=100)
    postal_code: str | None = Field(None, max_length=20)
    country: str | None = Field(None, min_length=2, max_length=2)


class ContactIn(_In):
    first_name: str | None = Field(None, max_length=100)
    last_name: str | None = Field(None, max_length=100)
    email: str | None = Field(None, max_length=320, description="Required for every contact")
    phone: str | None = Field(None, max_length=30)
    job_title: str | None = Field(None, max_length=100)
    level: int = Field(0, ge=0, le=5, description="0 = primary contact, 1+ = escalation")


class DebtorIn(_In):
    company_name: str = Field(min_length=1, max_length=200)
    company_type: Literal["company", "individual"] = "company"
    language: Literal["fr", "en"] | None = Field(
        None, description="Language of the messages sent to the debtor; French when absent"
    )
    siret: str | None = Field(None, max_length=20)
    vat_number: str | None = Field(None, max_length=20)
    address: AddressIn | None = None
    contacts: list[ContactIn] = Field(default_factory=list, max_length=20)


class ReceivableCreate(_In):
    user_id: str
    invoice: InvoiceIn
    debtor: DebtorIn
    metadata: dict[str, str] | None = None


class InvoicePatch(_In):
    """Any subset of `invoice`; a field sent as null is cleared."""

    numbers: list[str] | None = Field(None, min_length=1, max_length=50)
    issue_date: date | None = None
    due_date: date | None = None
    service_description: str | None = Field(None, max_length=2000)
    amount: Amount | None = None
    amount_before_tax: Amount | None = None
    tax_amount: Amount | None = None
    currency: str | None = Field(None, max_length=3)
    payment_terms: str | None = Field(None, max_length=500)
    late_penalty_rate: Amount | None = None


class DebtorPatch(_In):
    """Any subset of `debtor`; `address` and `contacts` are replaced whole."""

    company_name: str | None = Field(None, min_length=1, max_length=200)
    company_type: Literal["company", "individual"] | None = None
    language: Literal["fr", "en"] | None = None
    siret: str | None = Field(None, max_length=20)
    vat_number: str | None = Field(None, max_length=20)
    address: AddressIn | None = None
    contacts: list[ContactIn] | None = Field(None, max_length=20)


class ReceivablePatch(_In):
    """`PATCH /v1/receivables/{id}` (drafts), and the fields sent with an invoice to read."""

    invoice: InvoicePatch | None = None
    debtor: DebtorPatch | None = None
    metadata: dict[str, str] | None = None


class CancelIn(_In):
    reason: str = Field(min_length=1, max_length=1000)


class AdvanceIn(_In):
    days: int = Field(ge=1, le=3650)


class PaymentIn(_In):
    amount: Amount
    paid_at: date | None = None


class DisputeIn(_In):
    reason: str = Field(min_length=1, max_length=2000)


class ResolveDisputeIn(_In):
    outcome: Literal["resume", "close"]


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


class AmountsOut(BaseModel):
    principal: Money
    late_penalties: Money
    fixed_indemnity: Money
    total_claimable: Money
    amount_recovered: Money
    outstanding: Money
    commission: Money
    net_to_user: Money


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
        description="einvoice, label, layout, payment_terms, postal_code, rule or default"
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
        "UBL/CII file; text: read from the PDF's text layer; ocr: pages read by OCR"
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
    timeline: list[TimelineEntry]
    next_action_at: str | None
    cancellation_reason: str | None
    dispute_reason: str | None
    dispute: DisputeOut | None = Field(
        description="The latest dispute, open or settled; null if there was none"
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
    commission: Money
    net_amount: Money
    payout_id: str | None
    livemode: bool
    created_at: str


describe(PaymentOut, "payment.received")


class PaymentList(BaseModel):
    object: Literal["list"] = "list"
    data: list[PaymentOut]
    has_more: bool
    url: str
