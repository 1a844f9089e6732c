"""The French-law facts of a claim that submission checks and the amounts read: the debtor's
kind, the limitation period, and the `Terms` a stored receivable is computed under."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from cleavr_connect.errors import FieldError
from cleavr_connect.legal_rates import Rates
from cleavr_connect.models import Payment, Receivable
from cleavr_connect.money import from_cents
from cleavr_connect.receivables import instalments
from cleavr_connect.receivables.amounts import Imputation, PaymentLine, Terms, rate_on

DEBTOR_KINDS = ("company", "sole_trader", "consumer")
# The 2025-08-28 name of a consumer debtor, still accepted.
ALIASES = {"individual": "consumer"}


# The furthest an invoice's dates may lie apart: payment terms between professionals are at
# most 60 days from the invoice (Code de commerce L441-10 I), and an invoice is issued on
# delivery or, periodic, within the month (L441-9). A year is far beyond both: dates further
# apart are a typo (0025 for 2025), and the year-1 issue date of a recent due date would
# otherwise slip past prescription, which counts from the due date.
LONGEST_TERM = timedelta(days=366)


def debtor_kind(company_type: str | None) -> str:
    kind = company_type or "company"
    return ALIASES.get(kind, kind)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def prescription_error(
    kind: str, issue_date: date, due_date: date, service_date: date | None, today: date
) -> FieldError | None:
    """A professional's debt is time-barred 5 years after it fell due (Code de commerce L110-4,
    Code civil 2224); a consumer's 2 years after the service or delivery (Code de la
    consommation L218-2), the issue date standing for it when no service date is given."""
    if kind == "consumer":
        start = service_date or issue_date
        if today > _add_years(start, 2):
            param = "invoice.service_date" if service_date else "invoice.issue_date"
            return FieldError(
                param,
                "claim_prescribed",
                "The claim is time-barred: a consumer's debt is prescribed 2 years after the "
                f"service or delivery ({start.isoformat()}).",
            )
        return None
    if today > _add_years(due_date, 5):
        return FieldError(
            "invoice.due_date",
            "claim_prescribed",
            "The claim is time-barred: more than 5 years since the due date.",
        )
    return None


def terms_of(rec: Receivable, as_of: date) -> Terms:
    """The claim's terms as stored (a draft may lack its amount or due date: nothing accrues on
    what is not known)."""
    waived = rec.waived or {}

    def waived_on(item: str) -> date | None:
        day = waived.get(f"{item}_on") or waived.get("on")
        return date.fromisoformat(day) if waived.get(item) and day else None

    ended = (
        rec.closed_at.date() if rec.closed_at and rec.status in ("closed", "cancelled") else None
    )
    imputation: Imputation = (
        "principal_first" if rec.imputation == "principal_first" else "accessories_first"
    )
    return Terms(
        principal=from_cents(rec.amount_cents or 0),
        due=rec.due_date or as_of,
        debtor_kind=debtor_kind(rec.debtor_type),
        invoice_count=len(rec.invoice_numbers),
        contract_rate=Decimal(rec.late_penalty_rate) if rec.late_penalty_rate else None,
        formal_notice_on=rec.formal_notice_on,
        imputation=imputation,
        waive_penalties_on=waived_on("late_penalties"),
        waive_indemnity_on=waived_on("fixed_indemnity"),
        ended_on=ended,
        frozen_on=instalments.frozen_on(rec.payment_plan),
    )


def rate_applied(rec: Receivable, day: date, rates: Rates) -> Decimal:
    """The annual rate a claim accrues at on a day (penalties, or a consumer's interest)."""
    return rate_on(terms_of(rec, day), day, rates)


def payment_lines(payments: list[Payment]) -> list[PaymentLine]:
    return [
        PaymentLine(
            p.paid_at,
            from_cents(p.amount_cents - (p.overpayment_cents or 0)),
            from_cents(p.commission_cents),
            from_cents(p.commission_vat_cents or 0),
            direct=p.source == "direct",
        )
        for p in payments
    ]
