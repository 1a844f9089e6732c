"""The reports API out (SPEC §9). Amounts are JSON numbers in euros with 2 decimals."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from cleavr_connect.money import Money


class StatusFigures(BaseModel):
    count: int
    amount: Money = Field(description="Sum of the invoice amounts, tax included.")


class SummaryOut(BaseModel):
    object: Literal["report.summary"] = "report.summary"
    from_: str = Field(alias="from", description="First day of the window (UTC), inclusive.")
    to: str = Field(description="Last day of the window (UTC), inclusive.")
    user_id: str | None
    currency: str
    count: int = Field(description="Receivables created in the window.")
    by_status: dict[str, StatusFigures] = Field(description="Every status, zeros included.")
    amount_submitted: Money = Field(description="Amounts sent to recovery (drafts excluded).")
    amount_recovered: Money
    recovery_rate: float | None = Field(
        description="amount_recovered / amount_submitted, 4 decimals; null when nothing was "
        "submitted."
    )
    commission: Money = Field(description="Commission excluding VAT.")
    commission_vat: Money = Field(description="The 20 % VAT on the commission.")
    net_recovered: Money = Field(
        description="amount_recovered − commission − commission_vat: what the creditors keep, "
        "as their payouts and receivables show it."
    )
    paid_count: int = Field(description="Receivables with at least one payment.")
    median_days_to_first_payment: float | None = Field(
        description="Median of the days from submission to the first payment, 1 decimal; "
        "null when none was paid."
    )


class BucketOut(BaseModel):
    min_days: int
    max_days: int | None = Field(description="Inclusive; null for the last bucket.")
    count: int
    amount: Money = Field(description="Still owed: amount − recovered.")


class AgingTotal(BaseModel):
    count: int
    amount: Money


class AgingOut(BaseModel):
    object: Literal["report.aging"] = "report.aging"
    as_of: str = Field(description="Debt ages are counted in days since the due date, to this day.")
    user_id: str | None
    currency: str
    buckets: list[BucketOut]
    total: AgingTotal


class PeriodOut(BaseModel):
    period_start: str
    period_end: str = Field(description="Inclusive; periods are clamped to the window.")
    payments: int
    amount_recovered: Money = Field(description="Payments less what they overpaid.")
    commission: Money = Field(description="Commission excluding VAT.")
    commission_vat: Money = Field(description="The 20 % VAT on the commission.")
    net: Money = Field(
        description="amount_recovered − commission − commission_vat: what the creditors keep, "
        "whether the debtor paid Cleavr or the creditor directly."
    )


class RecoveriesTotal(BaseModel):
    payments: int
    amount_recovered: Money = Field(description="Payments less what they overpaid.")
    commission: Money = Field(description="Commission excluding VAT.")
    commission_vat: Money = Field(description="The 20 % VAT on the commission.")
    net: Money = Field(
        description="amount_recovered − commission − commission_vat: what the creditors keep, "
        "whether the debtor paid Cleavr or the creditor directly."
    )


class RecoveriesOut(BaseModel):
    object: Literal["report.recoveries"] = "report.recoveries"
    from_: str = Field(alias="from")
    to: str
    interval: Literal["day", "week", "month"]
    user_id: str | None
    currency: str
    data: list[PeriodOut]
    total: RecoveriesTotal
