"""Receivables, payments and payouts (SPEC §7, §8). Money is Decimal, never float."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, WrapValidator

from cleavr.models._base import CleavrObject, Money, lenient
from cleavr.models.users import Address


class Invoice(CleavrObject):
    numbers: list[str] = Field(default_factory=list)
    issue_date: date | None = None
    due_date: date | None = None
    service_date: date | None = None
    service_description: str | None = None
    amount: Money | None = None
    amount_before_tax: Money | None = None
    tax_amount: Money | None = None
    currency: str | None = None
    payment_terms: str | None = None
    late_penalty_rate: Decimal | None = None


class DebtorContact(CleavrObject):
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    job_title: str | None = None
    level: int | None = None


class Debtor(CleavrObject):
    company_name: str | None = None
    company_type: str | None = None
    siret: str | None = None
    vat_number: str | None = None
    address: Address | None = None
    contacts: list[DebtorContact] = Field(default_factory=list)


class ReceivableAmounts(CleavrObject):
    """Accrued to date: penalties at the invoice's rate (else the legal rate), the €40 fixed
    indemnity per invoice number (B2B), what was recovered and what Cleavr keeps."""

    principal: Money = Decimal("0.00")
    late_penalties: Money = Decimal("0.00")
    fixed_indemnity: Money = Decimal("0.00")
    total_claimable: Money = Decimal("0.00")
    amount_recovered: Money = Decimal("0.00")
    outstanding: Money = Decimal("0.00")
    interest: Money = Decimal("0.00")
    paid_directly: Money = Decimal("0.00")
    waived: Money = Decimal("0.00")
    written_off: Money = Decimal("0.00")
    overpaid: Money = Decimal("0.00")
    commission: Money = Decimal("0.00")
    commission_vat: Money = Decimal("0.00")
    commission_incl_vat: Money = Decimal("0.00")
    net: Money = Decimal("0.00")
    net_to_user: Money = Decimal("0.00")


class TimelineEntry(CleavrObject):
    id: str | None = None
    type: str
    description: str | None = None
    occurred_at: datetime | None = None
    details: dict[str, Any] = Field(default_factory=dict)


ReceivableStatus = Annotated[
    Literal[
        "processing",
        "draft",
        "pending",
        "in_recovery",
        "disputed",
        "recovered",
        "closed",
        "cancelled",
    ],
    WrapValidator(lenient),
]


class FieldError(CleavrObject):
    param: str
    code: str
    message: str


class OcrField(CleavrObject):
    value: Any = None
    confidence: float | None = None
    """0 to 1."""
    page: int | None = None
    box: list[float] | None = None
    """[x0, top, x1, bottom] as fractions of the page, origin top left."""
    source: str | None = None


class OcrError(CleavrObject):
    code: str
    message: str


class Ocr(CleavrObject):
    """What was read from the invoice file of a receivable created by `create_from_pdf`."""

    status: Annotated[Literal["processing", "completed", "failed"], WrapValidator(lenient)]
    file_id: str | None = None
    content_type: str | None = None
    pages: int | None = None
    method: Literal["text", "ocr"] | None = None
    language: str | None = None
    document_type: str | None = None
    fields: dict[str, OcrField] = Field(default_factory=dict)
    error: OcrError | None = None
    seconds: float | None = None
    completed_at: datetime | None = None


class Dispute(CleavrObject):
    reason: str | None = None
    comment: str | None = None
    evidence: list[str] = Field(default_factory=list)
    source: str | None = None
    created_at: datetime | None = None
    resolved_at: datetime | None = None
    resolution: str | None = None


class Instalment(CleavrObject):
    number: int
    due_date: date
    amount: Money
    amount_paid: Money = Decimal("0.00")
    status: str
    """scheduled, paid or missed."""


class PaymentPlan(CleavrObject):
    id: str
    status: str
    """pending, accepted, refused, broken or completed."""
    instalment_count: int | None = None
    total: Money | None = None
    within_policy: bool | None = None
    grace_days: int | None = None
    proposed_at: datetime | None = None
    decided_at: datetime | None = None
    ended_at: datetime | None = None
    refusal_reason: str | None = None
    instalments: list[Instalment] = Field(default_factory=list)


class Waived(CleavrObject):
    late_penalties: bool = False
    fixed_indemnity: bool = False
    on: date | None = None
    late_penalties_on: date | None = None
    fixed_indemnity_on: date | None = None
    reason: str | None = None


class Receivable(CleavrObject):
    id: str
    object: Literal["receivable"] = "receivable"
    user_id: str | None = None
    status: ReceivableStatus
    outcome: str | None = None
    stage: str | None = None
    invoice: Invoice = Field(default_factory=Invoice)
    debtor: Debtor = Field(default_factory=Debtor)
    amounts: ReceivableAmounts = Field(default_factory=ReceivableAmounts)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    next_action_at: datetime | None = None
    cancellation_reason: str | None = None
    dispute_reason: str | None = None
    missing_fields: list[str] = Field(default_factory=list)
    """Drafts: the params to give or correct before `submit`."""
    field_errors: list[FieldError] = Field(default_factory=list)
    """Drafts: why each of `missing_fields` is needed."""
    ocr: Ocr | None = None
    dispute: Dispute | None = None
    payment_plan: PaymentPlan | None = None
    commission_rate: Decimal | None = None
    commission_days_overdue: int | None = None
    submitted_at: datetime | None = None
    waived: Waived | None = None
    metadata: dict[str, str] = Field(default_factory=dict)
    livemode: bool | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class Payment(CleavrObject):
    id: str
    object: Literal["payment"] = "payment"
    receivable_id: str | None = None
    user_id: str | None = None
    amount: Money
    paid_at: date | None = None
    days_overdue: int | None = None
    commission_rate: Decimal | None = None
    commission: Money | None = None
    commission_vat: Money | None = None
    commission_incl_vat: Money | None = None
    net: Money | None = None
    net_amount: Money | None = None
    overpayment: Money | None = None
    refund_due: bool | None = None
    source: str | None = None
    payout_id: str | None = None
    livemode: bool | None = None
    created_at: datetime | None = None


class Payout(CleavrObject):
    id: str
    object: Literal["payout"] = "payout"
    user_id: str | None = None
    payout_date: date | None = None
    amount: Money
    """The day's net of commission (negative when commission on payments made to the user
    directly exceeds what Cleavr collected)."""
    gross_amount: Money | None = None
    commission: Money | None = None
    commission_vat: Money | None = None
    commission_incl_vat: Money | None = None
    net: Money | None = None
    carried_in: Money | None = None
    """Negative balances of earlier payouts netted into this one (≤ 0)."""
    transfer_amount: Money | None = None
    """What the credit transfer carries (0 when the payout is `carried_forward`)."""
    carried_forward: Money | None = None
    """The balance still owed by the user (≤ 0) when `carried_forward`."""
    carried_to: str | None = None
    invoice_number: str | None = None
    currency: str | None = None
    status: Annotated[
        Literal["pending", "in_transit", "paid", "carried_forward", "failed"],
        WrapValidator(lenient),
    ]
    paid_at: datetime | None = None
    failure_code: str | None = None
    """Why the transfer came back (`account_closed`, `invalid_account_number`, …)."""
    failure_message: str | None = None
    failed_on: date | None = None
    """The day the bank booked the return."""
    livemode: bool | None = None
    created_at: datetime | None = None


class ComponentToken(CleavrObject):
    """A short-lived, read-only key to one receivable's status component."""

    object: str = "component_token"
    token: str
    """`clv_cmp_…`: give it to `<cleavr-receivable-status token>`."""
    receivable_id: str | None = None
    expires_at: datetime | None = None
