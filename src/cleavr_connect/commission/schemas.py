from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from cleavr_connect.money import Money


class BandOut(BaseModel):
    min_days: int
    max_days: int | None = Field(description="Inclusive; null for the last band.")
    rate: float = Field(description="Percent of each amount recovered, tax included.")


class RatesOut(BaseModel):
    object: Literal["commission_rates"] = "commission_rates"
    currency: str = "EUR"
    basis: str = "days between the invoice due date and the payment date"
    bands: list[BandOut]


class CalculateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: float | int | str = Field(description="Amount recovered, tax included, e.g. 5000.00")
    days_overdue: int = Field(ge=0, description="Days between due date and payment date.")


class CalculateOut(BaseModel):
    object: Literal["commission_calculation"] = "commission_calculation"
    amount: Money
    days_overdue: int
    rate: float
    commission: Money
    net_amount: Money
