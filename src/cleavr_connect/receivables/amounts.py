"""What a receivable is worth on a given day (SPEC §7), in exact decimals.

- principal: the invoice amount, tax included;
- late penalties: accrued day by day on the principal still unpaid that day, at the invoice's
  annual rate or else the legal rate of that day's half-year, over 365 days, rounded half-up to
  the cent once at the end;
- fixed indemnity: €40 per invoice number, for business debtors only (Code de commerce L441-10);
- recovered, outstanding, commission and net to the user follow from the payments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from cleavr_connect.money import from_cents, round_cents
from cleavr_connect.receivables.legal_rates import legal_rate_for

FIXED_INDEMNITY = Decimal("40.00")
DAYS_PER_YEAR = Decimal(365)


@dataclass(frozen=True)
class PaymentLine:
    paid_on: date
    amount: Decimal
    commission: Decimal


@dataclass(frozen=True)
class Amounts:
    principal: Decimal
    late_penalties: Decimal
    fixed_indemnity: Decimal
    total_claimable: Decimal
    amount_recovered: Decimal
    outstanding: Decimal
    commission: Decimal
    net_to_user: Decimal

    def as_json(self) -> dict[str, Decimal]:
        return {k: round_cents(v) for k, v in self.__dict__.items()}


def _next_half_year(day: date) -> date:
    return date(day.year, 7, 1) if day.month <= 6 else date(day.year + 1, 1, 1)


def late_penalties(
    principal: Decimal,
    due: date,
    as_of: date,
    payments: list[PaymentLine],
    invoice_rate: Decimal | None,
) -> Decimal:
    """Penalties run from the day after the due date to `as_of` included, on what is still
    unpaid each day. Summed over stretches where base and rate stay the same (between two
    payments, within one half-year): the same exact sum as day by day, at a fraction of the cost.
    """
    paid_by_day: dict[date, Decimal] = {}
    for p in payments:
        paid_by_day[p.paid_on] = paid_by_day.get(p.paid_on, Decimal(0)) + p.amount
    # Payments made on or before the due date reduce the base from the start; a payment on a
    # later day counts for that day's penalty and reduces the base from the next day.
    unpaid = principal - sum((a for d, a in paid_by_day.items() if d <= due), Decimal(0))
    changes = sorted(d + timedelta(days=1) for d in paid_by_day if d > due)
    total = Decimal(0)
    day = due + timedelta(days=1)
    while day <= as_of and unpaid > 0:
        stop = as_of + timedelta(days=1)
        if invoice_rate is None:
            stop = min(stop, _next_half_year(day))
        for change in changes:
            if change > day:
                stop = min(stop, change)
                break
        rate = invoice_rate if invoice_rate is not None else legal_rate_for(day)
        total += unpaid * rate * (stop - day).days / 100 / DAYS_PER_YEAR
        unpaid -= paid_by_day.get(stop - timedelta(days=1), Decimal(0)) if stop in changes else 0
        day = stop
    return round_cents(total)


def compute(
    *,
    amount_cents: int,
    invoice_count: int,
    business_debtor: bool,
    due: date,
    as_of: date,
    payments: list[PaymentLine],
    invoice_rate: Decimal | None,
) -> Amounts:
    principal = from_cents(amount_cents)
    penalties = late_penalties(principal, due, as_of, payments, invoice_rate)
    indemnity = FIXED_INDEMNITY * invoice_count if business_debtor else Decimal("0.00")
    total = principal + penalties + indemnity
    recovered = sum((p.amount for p in payments), Decimal("0.00"))
    commission = sum((p.commission for p in payments), Decimal("0.00"))
    return Amounts(
        principal=principal,
        late_penalties=penalties,
        fixed_indemnity=indemnity,
        total_claimable=total,
        amount_recovered=recovered,
        outstanding=max(total - recovered, Decimal("0.00")),
        commission=commission,
        net_to_user=recovered - commission,
    )
