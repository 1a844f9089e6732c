"""What a receivable is worth on a given day (SPEC §7, §13), in exact decimals.

- principal: the invoice amount, tax included;
- professionals (`company`, `sole_trader`) owe late penalties from the day after the due date
  (Code de commerce L441-10): the contract rate, never below three times the legal interest rate
  of the half-year, else the ECB rate + 10 points of the half-year; and €40 per invoice number;
- a consumer owes neither: only interest at the legal interest rate from the day after the
  formal notice (Code civil 1231-6, 1344-1);
- a payment goes to what has accrued first (interest and penalties, then the €40 indemnity,
  then the principal: Code civil 1343-1), unless the creditor's setting puts principal first;
  accrual runs on the principal still unpaid each day, over 365 days;
- a payment counts for its own day and reduces the base from the next day; accrued amounts are
  rounded half-up to the cent when a payment is imputed and at the end.

`breakdown` returns the whole computation (rate periods, imputations) for statements and letters;
`compute` the figures the API shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from cleavr_connect.legal_rates import DEFAULT, Rates, next_half_year
from cleavr_connect.money import CENT, round_cents

FIXED_INDEMNITY = Decimal("40.00")
DAYS_PER_YEAR = Decimal(365)
ZERO = Decimal("0.00")

DebtorKind = Literal["company", "sole_trader", "consumer"]
PROFESSIONAL_KINDS: frozenset[str] = frozenset({"company", "sole_trader"})
Imputation = Literal["accessories_first", "principal_first"]


@dataclass(frozen=True)
class PaymentLine:
    paid_on: date
    amount: Decimal  # what counts against the claim (an overpayment excluded)
    commission: Decimal = ZERO  # excluding VAT
    commission_vat: Decimal = ZERO
    direct: bool = False  # paid to the creditor, reported by the platform


@dataclass(frozen=True)
class Terms:
    """The claim's facts the arithmetic reads."""

    principal: Decimal
    due: date
    debtor_kind: str = "company"
    invoice_count: int = 1
    contract_rate: Decimal | None = None
    formal_notice_on: date | None = None
    imputation: Imputation = "accessories_first"
    waive_penalties_on: date | None = None
    waive_indemnity_on: date | None = None
    ended_on: date | None = None  # closed or cancelled: nothing accrues or is owed after
    frozen_on: date | None = None  # a payment plan kept: nothing accrues after this day

    @property
    def professional(self) -> bool:
        return self.debtor_kind in PROFESSIONAL_KINDS


@dataclass(frozen=True)
class Period:
    """A stretch of days with one base and one annual rate."""

    kind: Literal["late_penalties", "interest"]
    start: date
    end: date  # inclusive
    days: int
    base: Decimal
    rate: Decimal
    amount: Decimal  # exact; rounded only in totals
    # To the cent, as a statement lists it: the stretches up to a settlement (a payment of all
    # that had accrued, a waiver) or to the end add up to the cent to what accrued over them.
    shown: Decimal = ZERO

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
            "base": str(self.base),
            "rate": str(self.rate),
            "amount": str(self.shown),
        }


@dataclass(frozen=True)
class Applied:
    """How one payment was imputed."""

    paid_on: date
    amount: Decimal
    to_accrued: Decimal  # late penalties or interest
    to_indemnity: Decimal
    to_principal: Decimal
    excess: Decimal  # beyond everything owed that day


@dataclass
class Breakdown:
    terms: Terms
    as_of: date
    periods: list[Period] = field(default_factory=list)
    applied: list[Applied] = field(default_factory=list)
    accrued: Decimal = ZERO  # penalties or interest, paid + unpaid, rounded
    accrued_paid: Decimal = ZERO
    indemnity: Decimal = ZERO
    indemnity_paid: Decimal = ZERO
    principal_paid: Decimal = ZERO
    waived: Decimal = ZERO
    excess: Decimal = ZERO

    @property
    def principal_unpaid(self) -> Decimal:
        return self.terms.principal - self.principal_paid

    @property
    def accrued_unpaid(self) -> Decimal:
        return self.accrued - self.accrued_paid

    @property
    def indemnity_unpaid(self) -> Decimal:
        return self.indemnity - self.indemnity_paid

    @property
    def owed(self) -> Decimal:
        return max(
            self.principal_unpaid + self.accrued_unpaid + self.indemnity_unpaid - self.waived, ZERO
        )


def contract_rate_applied(contract_rate: Decimal, day: date, rates: Rates = DEFAULT) -> Decimal:
    """L441-10: a contract penalty rate below three times the legal interest rate is raised to
    that floor."""
    return max(contract_rate, rates.contract_floor(day))


def rate_on(terms: Terms, day: date, rates: Rates = DEFAULT) -> Decimal:
    if not terms.professional:
        return rates.legal_interest(day)
    if terms.contract_rate is not None:
        return contract_rate_applied(terms.contract_rate, day, rates)
    return rates.late_payment_rate(day)


def breakdown(
    terms: Terms, payments: list[PaymentLine], as_of: date, rates: Rates = DEFAULT
) -> Breakdown:
    """Walks the claim from the due date to `as_of` (or its end): accrual stretch by stretch
    (a stretch ends at a half-year, a payment or a waiver), each payment imputed on its day."""
    result = Breakdown(terms=terms, as_of=as_of)
    end = min(as_of, terms.ended_on) if terms.ended_on else as_of
    kind: Literal["late_penalties", "interest"] = (
        "late_penalties" if terms.professional else "interest"
    )
    if terms.professional:
        accrual_start: date | None = terms.due + timedelta(days=1)
    elif terms.formal_notice_on is not None:
        accrual_start = max(terms.formal_notice_on, terms.due) + timedelta(days=1)
    else:
        accrual_start = None
    indemnity_due_from = terms.due + timedelta(days=1) if terms.professional else None
    waive_pen = terms.waive_penalties_on
    waive_ind = terms.waive_indemnity_on

    by_day: dict[date, list[PaymentLine]] = {}
    for p in sorted(payments, key=lambda p: p.paid_on):
        by_day.setdefault(p.paid_on, []).append(p)
    # Days after which something happens: payments and waivers take effect at the end of their
    # day; a new half-year starts a new stretch.
    frozen = terms.frozen_on
    events = sorted(
        {d for d in by_day if d <= end} | {d for d in (waive_pen, waive_ind, frozen) if d}
    )

    principal_unpaid = terms.principal
    accrued_exact = Decimal(0)  # accrued and unpaid, exact
    accrued_paid = ZERO
    accrued_waived = ZERO
    indemnity = ZERO
    indemnity_paid = ZERO
    indemnity_waived = ZERO
    penalties_stopped = False
    settled: list[int] = []  # how many stretches had accrued when what accrued was settled

    def settle(on: date) -> None:
        nonlocal principal_unpaid, accrued_exact, accrued_paid, accrued_waived
        nonlocal indemnity, indemnity_paid, indemnity_waived, penalties_stopped
        if indemnity_due_from is not None and on >= indemnity_due_from and indemnity == ZERO:
            indemnity = FIXED_INDEMNITY * terms.invoice_count
        for p in by_day.get(on, []):
            owed = {
                "accrued": round_cents(accrued_exact),
                "indemnity": indemnity - indemnity_paid - indemnity_waived,
                "principal": principal_unpaid,
            }
            order = (
                ("accrued", "indemnity", "principal")
                if terms.imputation == "accessories_first"
                else ("principal", "accrued", "indemnity")
            )
            left = p.amount
            parts = dict.fromkeys(owed, ZERO)
            for part in order:
                parts[part] = min(left, owed[part])
                left -= parts[part]
            # Imputed to the cent: a sub-cent remainder of what was paid in full is not owed.
            if parts["accrued"] == owed["accrued"]:
                accrued_exact = Decimal(0)
                settled.append(len(result.periods))
            else:
                accrued_exact -= parts["accrued"]
            accrued_paid += parts["accrued"]
            indemnity_paid += parts["indemnity"]
            principal_unpaid -= parts["principal"]
            result.applied.append(
                Applied(
                    on, p.amount, parts["accrued"], parts["indemnity"], parts["principal"], left
                )
            )
            result.excess += left
        if waive_pen is not None and on == waive_pen and not penalties_stopped:
            penalties_stopped = True
            accrued_waived = round_cents(accrued_exact)
            accrued_exact = Decimal(0)
            settled.append(len(result.periods))
        if waive_ind is not None and on == waive_ind and indemnity_waived == ZERO:
            indemnity_waived = indemnity - indemnity_paid
        if frozen is not None and on == frozen:
            penalties_stopped = True  # what accrued stays owed; nothing more accrues

    day = accrual_start if accrual_start is not None else end + timedelta(days=1)
    # What happens before accrual starts (payments on or before the due date, or a consumer's
    # before the formal notice) is settled first.
    for on in [d for d in events if d < day]:
        settle(on)
    while day <= end:
        stop = min(end + timedelta(days=1), next_half_year(day))
        upcoming = [d for d in events if d >= day]
        if upcoming:
            stop = min(stop, upcoming[0] + timedelta(days=1))
        days = (stop - day).days
        if principal_unpaid > 0 and not penalties_stopped:
            rate = rate_on(terms, day, rates)
            amount = principal_unpaid * rate * days / 100 / DAYS_PER_YEAR
            result.periods.append(
                Period(kind, day, stop - timedelta(days=1), days, principal_unpaid, rate, amount)
            )
            accrued_exact += amount
        if stop - timedelta(days=1) in events:
            settle(stop - timedelta(days=1))
        day = stop
    if indemnity_due_from is not None and end >= indemnity_due_from and indemnity == ZERO:
        indemnity = FIXED_INDEMNITY * terms.invoice_count
    result.periods = _shown(result.periods, settled)
    result.accrued = accrued_paid + accrued_waived + round_cents(accrued_exact)
    result.accrued_paid = accrued_paid
    result.indemnity = indemnity
    result.indemnity_paid = indemnity_paid
    result.principal_paid = terms.principal - principal_unpaid
    result.waived = accrued_waived + indemnity_waived
    return result


def _shown(periods: list[Period], settled: list[int]) -> list[Period]:
    """Each stretch with its amount to the cent such that, between two settlements, the lines
    add up to the rounded sum of their exact amounts (what was owed, paid or waived): each line
    is the rounded running sum less the one before it, so no line is off by more than a cent
    and no statement is off by one."""
    out: list[Period] = []
    start = 0
    for stop in [*settled, len(periods)]:
        running = Decimal(0)
        before = ZERO
        for period in periods[start:stop]:
            running += period.amount
            now = round_cents(running)
            out.append(replace(period, shown=now - before))
            before = now
        start = max(start, stop)
    return out


@dataclass(frozen=True)
class Amounts:
    principal: Decimal
    late_penalties: Decimal
    interest: Decimal
    fixed_indemnity: Decimal
    total_claimable: Decimal
    amount_recovered: Decimal
    paid_directly: Decimal
    waived: Decimal
    written_off: Decimal
    outstanding: Decimal
    overpaid: Decimal
    commission: Decimal
    commission_vat: Decimal
    commission_incl_vat: Decimal
    net: Decimal
    net_to_user: Decimal  # the 2025 name of `net`

    def as_json(self) -> dict[str, Decimal]:
        # `round_cents` (half-up to the cent), inline: sixteen calls less per receivable rendered.
        return {k: v.quantize(CENT, rounding=ROUND_HALF_UP) for k, v in self.__dict__.items()}


def compute(
    terms: Terms,
    payments: list[PaymentLine],
    as_of: date,
    rates: Rates = DEFAULT,
    *,
    overpaid: Decimal = ZERO,
) -> Amounts:
    b = breakdown(terms, payments, as_of, rates)
    accessories = b.accrued + b.indemnity
    total = terms.principal + accessories
    recovered = sum((p.amount for p in payments), ZERO) - b.excess
    direct = sum((p.amount for p in payments if p.direct), ZERO)
    owed = max(total - recovered - b.waived, ZERO)
    written_off = owed if terms.ended_on is not None else ZERO
    commission = sum((p.commission for p in payments), ZERO)
    vat = sum((p.commission_vat for p in payments), ZERO)
    # What the creditor ends up with from Cleavr: money collected by Cleavr less the whole
    # commission (a direct payment's commission is deducted from collected money).
    collected = sum((p.amount for p in payments if not p.direct), ZERO) - b.excess
    net = collected - commission - vat
    return Amounts(
        principal=terms.principal,
        late_penalties=b.accrued if terms.professional else ZERO,
        interest=ZERO if terms.professional else b.accrued,
        fixed_indemnity=b.indemnity,
        total_claimable=total,
        amount_recovered=recovered,
        paid_directly=direct,
        waived=b.waived,
        written_off=written_off,
        outstanding=owed - written_off,
        overpaid=overpaid + b.excess,
        commission=commission,
        commission_vat=vat,
        commission_incl_vat=commission + vat,
        net=net,
        net_to_user=net,
    )
