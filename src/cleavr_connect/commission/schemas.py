from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from cleavr_connect.api.validation import PositiveAmount, WholeNumber
from cleavr_connect.money import Money


class BandOut(BaseModel):
    min_days: int
    max_days: int | None = Field(description="Inclusive; null for the last band.")
    rate: float = Field(description="Percent of each amount recovered, tax included.")


class RateWarning(BaseModel):
    code: str = Field(description="ecb_rate_missing or legal_rate_missing")
    table: str
    message: str


class RatesOut(BaseModel):
    object: Literal["commission_rates"] = "commission_rates"
    currency: str = "EUR"
    basis: str = "days between the invoice due date and the day the receivable is submitted"
    vat_rate: float = Field(description="VAT charged on the commission, percent")
    bands: list[BandOut]
    warnings: list[RateWarning] = Field(
        description="Rate tables without an entry for the current half-year"
    )


class CalculateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: PositiveAmount = Field(description="Amount recovered, tax included, e.g. 5000.00")
    days_overdue: WholeNumber = Field(
        ge=0,
        le=36500,
        description="Days between the due date and the day the receivable is submitted.",
    )


class CalculateOut(BaseModel):
    object: Literal["commission_calculation"] = "commission_calculation"
    amount: Money
    days_overdue: int
    rate: float
    commission: Money = Field(description="Excluding VAT")
    commission_vat: Money
    commission_incl_vat: Money
    net: Money = Field(description="amount − commission incl. VAT")
    net_amount: Money = Field(description="amount − commission excluding VAT (earlier figure)")
