"""Receivables, payments and payouts (SPEC §7, §8). Money is Decimal, never float."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field

from cleavr.models._base import CleavrObject
from cleavr.models.users import Address


class Invoice(CleavrObject):
    numbers: list[str] = Field(default_factory=list)
    issue_date: str | None = None
    due_date: str | None = None
    service_description: str | None = None
    amount: Decimal | None = None
    amount_before_tax: Decimal | None = None
    tax_amount: Decimal | None = None
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

    principal: Decimal = Decimal(0)
    late_penalties: Decimal = Decimal(0)
    fixed_indemnity: Decimal = Decimal(0)
    total_claimable: Decimal = Decimal(0)
    amount_recovered: Decimal = Decimal(0)
    outstanding: Decimal = Decimal(0)
    commission: Decimal = Decimal(0)
    net_to_user: Decimal = Decimal(0)


class TimelineEntry(CleavrObject):
    id: str | None = None
    type: str
    description: str | None = None
    occurred_at: str | None = None
    details: dict[str, Any] = Field(default_factory=dict)


class Dispute(CleavrObject):
    reason: str | None = None
    comment: str | None = None
    evidence: list[str] = Field(default_factory=list)
    source: str | None = None
    created_at: str | None = None
    resolved_at: str | None = None
    resolution: str | None = None


class Receivable(CleavrObject):
    id: str
    object: str = "receivable"
    user_id: str | None = None
    status: str
    """processing, draft, pending, in_recovery, disputed, recovered, closed or cancelled."""
    outcome: str | None = None
    stage: str | None = None
    invoice: Invoice = Field(default_factory=Invoice)
    debtor: Debtor = Field(default_factory=Debtor)
    amounts: ReceivableAmounts = Field(default_factory=ReceivableAmounts)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    next_action_at: str | None = None
    cancellation_reason: str | None = None
    dispute_reason: str | None = None
    dispute: Dispute | None = None
    missing_fields: list[str] | None = None
    metadata: dict[str, str] = Field(default_factory=dict)
    livemode: bool | None = None
    created_at: str | None = None
    updated_at: str | None = None


class Payment(CleavrObject):
    id: str
    object: str = "payment"
    receivable_id: str | None = None
    user_id: str | None = None
    amount: Decimal
    paid_at: str | None = None
    days_overdue: int | None = None
    commission_rate: Decimal | None = None
    commission: Decimal | None = None
    net_amount: Decimal | None = None
    payout_id: str | None = None
    livemode: bool | None = None
    created_at: str | None = None


class Payout(CleavrObject):
    id: str
    object: str = "payout"
    user_id: str | None = None
    payout_date: str | None = None
    amount: Decimal
    """Net of commission: what the user receives."""
    gross_amount: Decimal | None = None
    commission: Decimal | None = None
    currency: str | None = None
    status: str
    """pending or paid."""
    paid_at: str | None = None
    livemode: bool | None = None
    created_at: str | None = None
