"""Submitting a receivable, planned without the database (SPEC §7).

`plan_submission` checks every rule that needs no database, and the one user rule when the
user's status is known; it returns the rows to write (the receivable, its invoice numbers, its
timeline) and the events that announce it, rendered once. The repository writes a plan
(`repository.write_submission`); what only the database can answer (the user, when not known
yet; an invoice number already in an open receivable) comes back from the write, and
`refusal` turns it into the same errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, Final

from cleavr_connect.api.validation import email_error, metadata_errors
from cleavr_connect.commission import fixing, rates
from cleavr_connect.errors import ApiError, ConflictError, FieldError, ValidationError
from cleavr_connect.ids import new_id
from cleavr_connect.models import Receivable, ReceivableAction
from cleavr_connect.money import AMOUNT_RULE, CURRENCY, parse_amount, to_cents
from cleavr_connect.ownership import Owner
from cleavr_connect.receivables import changes as planned
from cleavr_connect.receivables import law
from cleavr_connect.receivables.rendering import shape
from cleavr_connect.receivables.schemas import DebtorIn, InvoiceIn, ReceivableCreate
from cleavr_connect.runtime import Runtime
from cleavr_connect.users.validation import clean_siret, clean_vat

if TYPE_CHECKING:
    from cleavr_connect.receivables.repository import WriteResult

# Limitation periods: 5 years between merchants (Code de commerce L110-4), 2 years for a
# consumer debtor (Code de la consommation L218-2), from the due date.
# Limitation periods in years (receivables.law applies them, a consumer's from the service).
PRESCRIPTION_YEARS = {"company": 5, "sole_trader": 5, "consumer": 2}


class Unchecked(Enum):
    UNCHECKED = "unchecked"


# The user's status is not known yet: the write checks it (`repository.WriteResult`).
UNCHECKED: Final = Unchecked.UNCHECKED


# -- the rules ---------------------------------------------------------------------------------


def user_error(user_id: str, status: str | None) -> FieldError | None:
    """The one user rule of a submission, wherever a receivable comes from: the user must be
    one of the owner's users, and active."""
    if status is None:
        return FieldError("user_id", "resource_missing", f"No such user: {user_id!r}.")
    if status != "active":
        return FieldError(
            "user_id",
            "user_not_onboarded",
            f"The user must be active to send receivables (status: {status}).",
        )
    return None


def duplicate(number: str) -> ConflictError:
    return ConflictError(
        f"Invoice {number!r} is already in an open receivable for this user.",
        code="duplicate_receivable",
        param="invoice.numbers",
    )


def validate(body: ReceivableCreate, today: date) -> tuple[dict[str, Any], list[FieldError]]:
    """Every rule of SPEC §7 that needs no database: the clean values and the violations (drafts
    list them before they are submitted)."""
    errors: list[FieldError] = []
    clean: dict[str, Any] = {"numbers": _numbers(body.invoice, errors)}
    clean.update(_amounts(body.invoice, errors))
    clean["late_penalty_rate"] = _rate(body.invoice, errors)
    _dates(body.invoice, body.debtor, today, errors)
    clean.update(_identifiers(body.debtor, errors))
    _contacts(body.debtor, errors)
    errors.extend(metadata_errors(body.metadata))
    return clean, errors


def _numbers(inv: InvoiceIn, errors: list[FieldError]) -> list[str]:
    numbers = [n.strip() for n in inv.numbers]
    if any(not n for n in numbers) or len(set(numbers)) != len(numbers):
        errors.append(
            FieldError(
                "invoice.numbers",
                "invalid_invoice_numbers",
                "Invoice numbers must be non-empty and distinct.",
            )
        )
    return numbers


def _amounts(inv: InvoiceIn, errors: list[FieldError]) -> dict[str, Decimal | None]:
    values = {}
    for name in ("amount", "amount_before_tax", "tax_amount"):
        value = parse_amount(getattr(inv, name))
        if value is None:
            errors.append(FieldError(f"invoice.{name}", "invalid_amount", AMOUNT_RULE))
        values[name] = value
    amount, before, tax = values["amount"], values["amount_before_tax"], values["tax_amount"]
    if amount is not None and amount <= 0:
        errors.append(
            FieldError(
                "invoice.amount", "amount_must_be_positive", "The amount must be more than 0."
            )
        )
    elif (
        amount is not None
        and before is not None
        and tax is not None
        and abs(before + tax - amount) > Decimal("0.01")
    ):
        errors.append(
            FieldError(
                "invoice.amount",
                "amount_mismatch",
                f"amount must equal amount_before_tax + tax_amount ({before + tax}).",
            )
        )
    if before is not None and before < 0:
        errors.append(
            FieldError("invoice.amount_before_tax", "invalid_amount", "Cannot be negative.")
        )
    if tax is not None and tax < 0:
        errors.append(FieldError("invoice.tax_amount", "invalid_amount", "Cannot be negative."))
    if inv.currency.upper() != CURRENCY:
        errors.append(
            FieldError("invoice.currency", "currency_not_supported", "Only EUR is supported.")
        )
    return values


def _rate(inv: InvoiceIn, errors: list[FieldError]) -> Decimal | None:
    if inv.late_penalty_rate is None:
        return None
    rate = parse_amount(inv.late_penalty_rate)
    if rate is None or not (Decimal(0) <= rate <= Decimal(100)):
        errors.append(
            FieldError(
                "invoice.late_penalty_rate",
                "invalid_rate",
                "An annual percentage between 0 and 100.",
            )
        )
    return rate


def _dates(inv: InvoiceIn, debtor: DebtorIn, today: date, errors: list[FieldError]) -> None:
    if inv.service_date is not None and inv.service_date > today:
        errors.append(
            FieldError(
                "invoice.service_date", "service_date_in_future", "The service date is to come."
            )
        )
    if inv.due_date < inv.issue_date:
        errors.append(
            FieldError(
                "invoice.due_date",
                "due_date_before_issue_date",
                "The due date is before the issue date.",
            )
        )
    elif inv.due_date >= today:
        errors.append(
            FieldError(
                "invoice.due_date",
                "invoice_not_overdue",
                "The invoice is not overdue yet: the due date must be in the past.",
            )
        )
    else:
        prescribed = law.prescription_error(
            law.debtor_kind(debtor.company_type),
            inv.issue_date,
            inv.due_date,
            inv.service_date,
            today,
        )
        errors.extend([prescribed] if prescribed else [])
    # Dates too far apart (`law.LONGEST_TERM`), or an invoice from the future: a field already
    # refused (a prescribed claim names its start) is reported once.
    named = {error.param for error in errors}
    apart: list[FieldError] = []
    if inv.issue_date > today:
        apart.append(
            FieldError(
                "invoice.issue_date", "issue_date_in_future", "The invoice is dated in the future."
            )
        )
    elif inv.due_date - inv.issue_date > law.LONGEST_TERM:
        apart.append(
            FieldError(
                "invoice.issue_date",
                "issue_date_too_early",
                "The issue date is more than a year before the due date: check the year "
                "(payment terms are at most 60 days, Code de commerce L441-10).",
            )
        )
    if inv.service_date is not None and inv.issue_date - inv.service_date > law.LONGEST_TERM:
        apart.append(
            FieldError(
                "invoice.service_date",
                "service_date_too_early",
                "The service date is more than a year before the issue date: check the year "
                "(an invoice is issued on delivery, Code de commerce L441-9).",
            )
        )
    errors.extend(error for error in apart if error.param not in named)


def _identifiers(debtor: DebtorIn, errors: list[FieldError]) -> dict[str, Any]:
    clean: dict[str, Any] = {"siret": None}
    if debtor.siret:
        clean["siret"], err = clean_siret(debtor.siret, "debtor.siret")
        errors.extend([err] if err else [])
    if debtor.vat_number:
        clean["vat_number"], err = clean_vat(debtor.vat_number, "debtor.vat_number", clean["siret"])
        errors.extend([err] if err else [])
    return clean


def _contacts(debtor: DebtorIn, errors: list[FieldError]) -> None:
    if not debtor.contacts:
        errors.append(
            FieldError(
                "debtor.contacts",
                "contact_required",
                "Give at least one debtor contact with an email.",
            )
        )
    for i, contact in enumerate(debtor.contacts):
        if not contact.email:
            errors.append(
                FieldError(
                    f"debtor.contacts[{i}].email",
                    "contact_email_required",
                    "Every contact needs an email.",
                )
            )
        else:
            err = email_error(contact.email, f"debtor.contacts[{i}].email")
            errors.extend([err] if err else [])
    if debtor.contacts and not any(c.level == 0 for c in debtor.contacts):
        errors.append(
            FieldError(
                "debtor.contacts",
                "primary_contact_required",
                "One contact must have level 0 (primary).",
            )
        )


# -- the plan ----------------------------------------------------------------------------------


@dataclass(slots=True)
class SubmissionPlan:
    """A submission ready to write. `receivable` holds its final values: a new instance not in
    any session yet, or the draft being submitted (then `draft` is True)."""

    owner: Owner
    now: datetime
    receivable: Receivable
    draft: bool
    # None, or the user's status as checked while planning; UNCHECKED: the write checks it.
    user_status: str | None | Unchecked
    numbers: list[str]
    timeline: list[planned.Entry]
    events: list[tuple[str, dict[str, Any] | None]]
    # The receivable as its events carry it and the API answers it.
    obj: dict[str, Any] = field(default_factory=dict)

    @property
    def user_unchecked(self) -> bool:
        return isinstance(self.user_status, Unchecked)


def plan_submission(
    rt: Runtime,
    owner: Owner,
    body: ReceivableCreate,
    *,
    user_status: str | None | Unchecked,
    accept: bool,
    draft: Receivable | None = None,
    earlier: Sequence[ReceivableAction] = (),
    extra: dict[str, Any] | None = None,
    bands: tuple[rates.Band, ...] = rates.DEFAULT_BANDS,
    imputation: str | None = None,
) -> SubmissionPlan:
    """The submission of `body`: a new receivable, or `draft` (a `processing`/`draft` one, whose
    `earlier` timeline it continues). Raises ValidationError with every violation; with the user
    `UNCHECKED`, the body's only. `extra` sets further columns of a new receivable (the OCR's
    extraction). `accept`: accepted into recovery at once, as test mode does (SPEC §2).
    `bands`: the platform's commission table in force now, fixed on the receivable with the
    band of the debt's age today; `imputation`: the user's imputation of partial payments."""
    now = rt.clock.now()
    clean, errors = validate(body, now.date())
    if not isinstance(user_status, Unchecked):
        refused = user_error(body.user_id, user_status)
        if refused is not None:
            errors.insert(0, refused)
    if errors:
        raise ValidationError(errors)
    columns = _columns(body, clean, now)
    fixed = fixing.fix_with(bands, body.invoice.due_date, now.date())
    columns.update(
        submitted_at=now,
        commission_days_overdue=fixed.days_overdue,
        commission_rate=str(fixed.rate),
        commission_bands=fixed.bands_json,
        imputation=imputation,
    )
    if draft is None:
        rec = _new(owner, body.user_id, columns, extra or {})
        at = now
        changes = planned.Changes([planned.entry(rec, "submitted", _SUBMITTED, at)])
    else:
        rec = draft
        at = now + timedelta(days=rec.clock_offset_days)  # the receivable's own clock
        for name, value in {**columns, "missing_fields": [], "field_errors": []}.items():
            setattr(rec, name, value)
        changes = planned.Changes([planned.entry(rec, "submitted", _SUBMITTED, at)])
        changes.extend(planned.status_change(rec, "pending", at=at, now=now))
    changes.events.append(("receivable.created", None))
    if accept:
        changes.extend(planned.accept(rec, at=at, now=now))
    plan = SubmissionPlan(
        owner=owner,
        now=now,
        receivable=rec,
        draft=draft is not None,
        user_status=user_status,
        numbers=clean["numbers"],
        timeline=changes.entries,
        events=changes.events,
    )
    plan.obj = shape(rt, rec, [], [*earlier, *changes.entries])
    return plan


def refusal(plan: SubmissionPlan, written: WriteResult) -> ApiError | None:
    """The error a written plan is refused with, if any: the request must then roll back."""
    if plan.user_unchecked:
        refused = user_error(plan.receivable.user_id, written.user_status)
        if refused is not None:
            return ValidationError([refused])
    if written.taken:
        return duplicate(next(n for n in plan.numbers if n in written.taken))
    return None


_SUBMITTED = "Receivable submitted for amicable recovery."


def _columns(body: ReceivableCreate, clean: dict[str, Any], now: datetime) -> dict[str, Any]:
    debtor = body.debtor.model_dump(exclude_none=True)
    kind = law.debtor_kind(body.debtor.company_type)
    debtor["company_type"] = kind
    if clean.get("siret"):
        debtor["siret"] = clean["siret"]
    if clean.get("vat_number"):
        debtor["vat_number"] = clean["vat_number"]
    rate = clean["late_penalty_rate"]
    return dict(
        invoice_numbers=clean["numbers"],
        issue_date=body.invoice.issue_date,
        due_date=body.invoice.due_date,
        service_description=body.invoice.service_description,
        amount_cents=to_cents(clean["amount"]),
        amount_before_tax_cents=to_cents(clean["amount_before_tax"]),
        tax_amount_cents=to_cents(clean["tax_amount"]),
        currency=CURRENCY,
        payment_terms=body.invoice.payment_terms,
        late_penalty_rate=str(rate) if rate is not None else None,
        debtor=debtor,
        debtor_type=kind,
        service_date=body.invoice.service_date,
        metadata_=body.metadata or {},
        next_action_at=now,
        updated_at=now,
    )


# A new receivable's values go straight into its instance: the mapped constructor sends each of
# its thirty-odd values through the ORM's change tracking, which nothing here reads (the row is
# written by a plain insert of these values, `repository.write_submission`). Its keys are
# checked against the mapping by `tests/receivables/test_submission_plan.py`.
_MANAGER = Receivable.__mapper__.class_manager


def _new(owner: Owner, user_id: str, columns: dict[str, Any], extra: dict[str, Any]) -> Receivable:
    rec: Receivable = _MANAGER.new_instance()
    rec.__dict__.update(
        id=new_id("rec", livemode=owner.livemode),
        platform_id=owner.platform_id,
        account_id=owner.account_id,
        livemode=owner.livemode,
        user_id=user_id,
        status="pending",
        outcome=None,
        stage=None,
        recovered_cents=0,
        commission_cents=0,
        commission_vat_cents=0,
        clock_offset_days=0,
        playbook_step=0,
        created_at=columns["updated_at"],
        **columns,
    )
    for name, value in extra.items():
        setattr(rec, name, value)
    return rec
