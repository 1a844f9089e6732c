"""Bounded property-based checks of the late-penalty arithmetic (L441-10, Code civil 1231-6):
against an exact reference computed here with fractions, and the laws any such figure obeys —
additive over rate periods, monotone in days, never negative, payments fully accounted for."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from cleavr_connect.legal_rates import Rates, RateTable, half_year_start
from cleavr_connect.receivables.amounts import PaymentLine, Terms, breakdown

# Half-years from 2024 to 2031: each gets its own ECB and legal interest rate.
HALF_YEARS = [date(y, m, 1) for y in range(2024, 2032) for m in (1, 7)]
FIRST_DUE = date(2024, 1, 15)
LAST_DAY = date(2027, 12, 31)

rates_ = st.decimals(min_value=0, max_value=15, places=2, allow_nan=False, allow_infinity=False)
principals = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("1000000000"), places=2, allow_nan=False
)
days = st.dates(min_value=FIRST_DUE, max_value=LAST_DAY)


@st.composite
def rate_books(draw: st.DrawFn) -> Rates:
    ecb = tuple((d, draw(rates_)) for d in HALF_YEARS)
    legal = tuple((d, draw(rates_)) for d in HALF_YEARS)
    return Rates(ecb=RateTable(ecb), legal=RateTable(legal))


def half_up(value: Fraction) -> Decimal:
    """Half-up to the cent, done by hand on an exact fraction."""
    cents = value * 100
    whole = cents.numerator // cents.denominator
    if cents - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole) / 100


def reference(principal: Decimal, first: date, last: date, rate_of_day) -> Fraction:  # type: ignore[no-untyped-def]
    """principal × annual rate / 365, day by day, exactly."""
    total = Fraction(0)
    day = first
    while day <= last:
        total += Fraction(principal) * Fraction(rate_of_day(day)) / 100 / 365
        day += timedelta(days=1)
    return total


def ecb_plus_ten(book: Rates):  # type: ignore[no-untyped-def]
    table = dict(book.ecb.entries)
    return lambda day: table[half_year_start(day)] + 10


SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None)


@SETTINGS
@given(rate_books(), principals, days, st.integers(0, 400), st.integers(1, 5))
def test_professional_penalties_are_the_exact_daily_sum_rounded_half_up(
    book: Rates, principal: Decimal, due: date, late: int, invoices: int
) -> None:
    as_of = due + timedelta(days=late)
    terms = Terms(principal=principal, due=due, invoice_count=invoices)
    result = breakdown(terms, [], as_of, book)
    exact = reference(principal, due + timedelta(days=1), as_of, ecb_plus_ten(book))
    assert result.accrued == half_up(exact)
    # €40 per invoice number from the first day late, nothing before.
    assert result.indemnity == (Decimal(40) * invoices if late > 0 else 0)
    assert result.owed == principal + result.accrued + result.indemnity


@SETTINGS
@given(rate_books(), principals, days, st.integers(0, 900))
def test_periods_add_up_and_each_keeps_within_one_half_year(
    book: Rates, principal: Decimal, due: date, late: int
) -> None:
    as_of = due + timedelta(days=late)
    result = breakdown(Terms(principal=principal, due=due), [], as_of, book)
    assert sum(p.days for p in result.periods) == late
    day = due + timedelta(days=1)
    for period in result.periods:
        assert period.start == day and period.days == (period.end - period.start).days + 1
        assert half_year_start(period.start) == half_year_start(period.end)
        assert period.rate == book.late_payment_rate(period.start)
        day = period.end + timedelta(days=1)
    # Additive: the figure is the sum of its periods, rounded once.
    assert result.accrued == half_up(sum((Fraction(p.amount) for p in result.periods), Fraction()))


@SETTINGS
@given(rate_books(), principals, days, st.integers(0, 400), st.integers(0, 400))
def test_penalties_never_decrease_as_days_pass(
    book: Rates, principal: Decimal, due: date, late: int, more: int
) -> None:
    terms = Terms(principal=principal, due=due)
    earlier = breakdown(terms, [], due + timedelta(days=late), book)
    later = breakdown(terms, [], due + timedelta(days=late + more), book)
    assert Decimal(0) <= earlier.accrued <= later.accrued
    assert earlier.owed <= later.owed


@SETTINGS
@given(
    rate_books(),
    principals,
    days,
    st.integers(0, 400),
    rates_.map(lambda r: r * 3),
)
def test_a_contract_rate_below_three_times_the_legal_rate_is_raised_to_it(
    book: Rates, principal: Decimal, due: date, late: int, contract: Decimal
) -> None:
    as_of = due + timedelta(days=late)
    terms = Terms(principal=principal, due=due, contract_rate=contract)
    legal = dict(book.legal.entries)
    exact = reference(
        principal,
        due + timedelta(days=1),
        as_of,
        lambda day: max(contract, legal[half_year_start(day)] * 3),
    )
    assert breakdown(terms, [], as_of, book).accrued == half_up(exact)


@SETTINGS
@given(rate_books(), principals, days, st.integers(0, 200), st.integers(0, 400))
def test_a_consumer_owes_legal_interest_from_the_formal_notice_and_no_indemnity(
    book: Rates, principal: Decimal, due: date, notice_after: int, late: int
) -> None:
    notice = due + timedelta(days=notice_after)
    as_of = due + timedelta(days=late)
    terms = Terms(principal=principal, due=due, debtor_kind="consumer", formal_notice_on=notice)
    result = breakdown(terms, [], as_of, book)
    legal = dict(book.legal.entries)
    exact = reference(
        principal, notice + timedelta(days=1), as_of, lambda day: legal[half_year_start(day)]
    )
    assert result.accrued == half_up(exact)
    assert result.indemnity == 0


@SETTINGS
@given(
    rate_books(),
    principals,
    days,
    st.lists(
        st.tuples(
            st.integers(0, 400),
            st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2),
        ),
        max_size=5,
    ),
    st.sampled_from(["accessories_first", "principal_first"]),
    st.integers(0, 500),
)
def test_payments_are_imputed_in_full_and_nothing_goes_negative(
    book: Rates,
    principal: Decimal,
    due: date,
    paid: list[tuple[int, Decimal]],
    imputation: str,
    late: int,
) -> None:
    payments = [PaymentLine(due + timedelta(days=d), amount) for d, amount in paid]
    terms = Terms(principal=principal, due=due, imputation=imputation)  # type: ignore[arg-type]
    as_of = due + timedelta(days=late)
    result = breakdown(terms, payments, as_of, book)
    counted = [p for p in payments if p.paid_on <= as_of]
    assert len(result.applied) == len(counted)
    for applied in result.applied:
        parts = (applied.to_accrued, applied.to_indemnity, applied.to_principal, applied.excess)
        assert all(part >= 0 for part in parts)
        assert sum(parts) == applied.amount
    assert result.principal_unpaid >= 0 and result.accrued_unpaid >= 0
    assert result.indemnity_unpaid >= 0 and result.owed >= 0
    assert all(p.amount >= 0 and p.base > 0 for p in result.periods)
    received = sum((p.amount for p in counted), Decimal(0))
    assert received == (
        result.accrued_paid + result.indemnity_paid + result.principal_paid + result.excess
    )


@SETTINGS
@given(
    rate_books(),
    st.decimals(min_value=Decimal("1.00"), max_value=Decimal("50000"), places=2),
    days,
    st.lists(
        st.tuples(
            st.integers(0, 600),
            st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2),
        ),
        max_size=6,
    ),
    st.sampled_from(["accessories_first", "principal_first"]),
    st.one_of(st.none(), st.integers(0, 600)),
    st.sampled_from(["company", "consumer"]),
    st.integers(0, 900),
)
def test_a_statements_lines_add_up_to_the_penalties_or_interest_it_totals(
    book: Rates,
    principal: Decimal,
    due: date,
    paid: list[tuple[int, Decimal]],
    imputation: str,
    waived_after: int | None,
    kind: str,
    late: int,
) -> None:
    """Each stretch is shown to the cent (the portal, the statement, the dossier) and the lines
    add up to the figure the totals show, payments and a waiver between them: a statement that
    is a cent off its own total is one a debtor rightly queries."""
    payments = [PaymentLine(due + timedelta(days=d), amount) for d, amount in paid]
    terms = Terms(
        principal=principal,
        due=due,
        debtor_kind=kind,  # type: ignore[arg-type]
        formal_notice_on=due + timedelta(days=20),
        imputation=imputation,  # type: ignore[arg-type]
        waive_penalties_on=None if waived_after is None else due + timedelta(days=waived_after),
    )
    result = breakdown(terms, payments, due + timedelta(days=late), book)
    assert sum((p.shown for p in result.periods), Decimal(0)) == result.accrued
    for period in result.periods:
        assert abs(period.shown - half_up(Fraction(period.amount))) <= Decimal("0.01")
        assert period.shown >= 0
        assert period.as_dict()["amount"] == str(period.shown)
