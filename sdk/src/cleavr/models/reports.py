"""Reports and commission (SPEC §8, §9)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from cleavr.models._base import CleavrObject, Money


class StatusFigures(CleavrObject):
    count: int = 0
    amount: Money = Decimal("0.00")


class SummaryReport(CleavrObject):
    object: str = "report.summary"
    from_: str | None = Field(default=None, alias="from")
    to: str | None = None
    user_id: str | None = None
    currency: str | None = None
    count: int = 0
    by_status: dict[str, StatusFigures] = Field(default_factory=dict)
    amount_submitted: Money = Decimal("0.00")
    amount_recovered: Money = Decimal("0.00")
    recovery_rate: Decimal | None = None
    commission: Money = Decimal("0.00")
    commission_vat: Money = Decimal("0.00")
    net_recovered: Money = Decimal("0.00")
    paid_count: int = 0
    median_days_to_first_payment: Decimal | None = None


class AgingBucket(CleavrObject):
    min_days: int
    max_days: int | None = None
    count: int = 0
    amount: Money = Decimal("0.00")


class AgingTotal(CleavrObject):
    count: int = 0
    amount: Money = Decimal("0.00")


class AgingReport(CleavrObject):
    object: str = "report.aging"
    as_of: str | None = None
    user_id: str | None = None
    currency: str | None = None
    buckets: list[AgingBucket] = Field(default_factory=list)
    total: AgingTotal = Field(default_factory=AgingTotal)


class RecoveryPeriod(CleavrObject):
    period_start: str
    period_end: str
    payments: int = 0
    amount_recovered: Money = Decimal("0.00")
    commission: Money = Decimal("0.00")
    commission_vat: Money = Decimal("0.00")
    net: Money = Decimal("0.00")


class RecoveriesTotal(CleavrObject):
    payments: int = 0
    amount_recovered: Money = Decimal("0.00")
    commission: Money = Decimal("0.00")
    commission_vat: Money = Decimal("0.00")
    net: Money = Decimal("0.00")


class RecoveriesReport(CleavrObject):
    object: str = "report.recoveries"
    from_: str | None = Field(default=None, alias="from")
    to: str | None = None
    interval: str | None = None
    user_id: str | None = None
    currency: str | None = None
    data: list[RecoveryPeriod] = Field(default_factory=list)
    total: RecoveriesTotal = Field(default_factory=RecoveriesTotal)


class CommissionBand(CleavrObject):
    min_days: int
    max_days: int | None = None
    """Inclusive; None for the last band."""
    rate: Decimal
    """Percent of each amount recovered, tax included."""


class RateWarning(CleavrObject):
    code: str
    table: str | None = None
    message: str | None = None


class CommissionRates(CleavrObject):
    object: str = "commission_rates"
    vat_rate: Decimal | None = None
    warnings: list[RateWarning] = Field(default_factory=list)
    currency: str | None = None
    basis: str | None = None
    bands: list[CommissionBand] = Field(default_factory=list)


class CommissionCalculation(CleavrObject):
    object: str = "commission_calculation"
    amount: Money
    days_overdue: int
    rate: Decimal
    commission: Money
    commission_vat: Money | None = None
    commission_incl_vat: Money | None = None
    net: Money | None = None
    net_amount: Money
