"""Payouts: what Cleavr pays a user, per user per day (SPEC §8)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from cleavr_connect.events.payloads import describe
from cleavr_connect.money import Money


class PayoutOut(BaseModel):
    id: str
    object: Literal["payout"] = "payout"
    user_id: str
    payout_date: str
    amount: Money = Field(description="Net of commission: what the user receives.")
    gross_amount: Money = Field(description="The day's payments, before commission.")
    commission: Money
    currency: str
    status: Literal["pending", "paid"]
    paid_at: str | None
    livemode: bool
    created_at: str


describe(PayoutOut, "payout.paid")


class PayoutList(BaseModel):
    object: Literal["list"] = "list"
    data: list[PayoutOut]
    has_more: bool
    url: str
