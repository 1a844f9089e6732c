"""Receivables: submission with every refusal of SPEC §7, reading, cancelling, and the status
changes of the lifecycle, each with its events in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

import asyncpg
from sqlalchemy import Table, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached

from cleavr_connect.api.validation import email_error, metadata_errors
from cleavr_connect.clock import isoformat
from cleavr_connect.db.engine import pg_driver
from cleavr_connect.errors import ConflictError, FieldError, NotFoundError, ValidationError
from cleavr_connect.events import service as events
from cleavr_connect.events.versions import register_summary
from cleavr_connect.ids import new_id
from cleavr_connect.models import OpenInvoiceNumber, Payment, Receivable, ReceivableAction
from cleavr_connect.money import CURRENCY, as_json, parse_amount, to_cents
from cleavr_connect.ownership import Owner
from cleavr_connect.receivables import amounts as amounts_rules
from cleavr_connect.receivables import lifecycle
from cleavr_connect.receivables import repository as repo
from cleavr_connect.receivables.schemas import ReceivableCreate
from cleavr_connect.receivables.steps import ACCEPTANCE, schedule_next
from cleavr_connect.runtime import Runtime
from cleavr_connect.users import repository as users
from cleavr_connect.users.validation import clean_siret, clean_vat

# Limitation periods: 5 years between merchants (Code de commerce L110-4), 2 years for a
# consumer debtor (Code de la consommation L218-2), from the due date.
PRESCRIPTION_YEARS = {"company": 5, "individual": 2}


def _summary(obj: dict[str, Any]) -> dict[str, Any]:
    return {
        "receivable_id": obj["id"],
        "user_id": obj["user_id"],
        "amount": obj["invoice"]["amount"],
        "currency": obj["invoice"]["currency"],
        "status": obj["status"],
        "debtor": {"name": obj["debtor"].get("company_name")},
    }


register_summary("receivable", _summary)


def owner_of(rec: Receivable) -> Owner:
    return Owner(rec.platform_id, rec.account_id, rec.livemode)


def receivable_now(rt: Runtime, rec: Receivable) -> datetime:
    """The receivable's own clock: real time plus what test helpers advanced it by."""
    return rt.clock.now() + timedelta(days=rec.clock_offset_days)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


async def compute_amounts(
    session: AsyncSession, rt: Runtime, rec: Receivable, *, as_of: date | None = None
) -> amounts_rules.Amounts:
    return amounts_of(rt, rec, await repo.payments(session, rec.id), as_of=as_of)


def amounts_of(
    rt: Runtime, rec: Receivable, payments: list[Payment], *, as_of: date | None = None
) -> amounts_rules.Amounts:
    lines = [
        amounts_rules.PaymentLine(
            p.paid_at, Decimal(p.amount_cents) / 100, Decimal(p.commission_cents) / 100
        )
        for p in payments
    ]
    as_of = as_of or receivable_now(rt, rec).date()
    if rec.closed_at is not None:  # penalties stop when the claim closes (receivable time)
        as_of = min(as_of, rec.closed_at.date())
    return amounts_rules.compute(
        # A draft may lack its amount or due date yet: nothing accrues on what is not known.
        amount_cents=rec.amount_cents or 0,
        invoice_count=len(rec.invoice_numbers),
        business_debtor=rec.debtor_type == "company",
        due=rec.due_date or as_of,
        as_of=as_of,
        payments=lines,
        invoice_rate=Decimal(rec.late_penalty_rate) if rec.late_penalty_rate else None,
    )


async def render(session: AsyncSession, rt: Runtime, rec: Receivable) -> dict[str, Any]:
    """The receivable resource, as the API returns it and events carry it."""
    return shape(
        rt, rec, await repo.payments(session, rec.id), await repo.timeline(session, rec.id)
    )


@dataclass(slots=True)
class _Entry:
    """A timeline entry of a receivable being created: the `receivable_actions` row to insert,
    and what `shape` reads of it (a mapped instance would cost its ORM set-up for nothing)."""

    id: str
    receivable_id: str
    seq: int
    type: str
    description: str
    details: dict[str, Any]
    occurred_at: datetime


def shape(
    rt: Runtime,
    rec: Receivable,
    payments: list[Payment],
    timeline: Sequence[ReceivableAction | _Entry],
) -> dict[str, Any]:
    """`render` from rows already in hand (a receivable just created has no payments, and its
    timeline is what the request wrote)."""
    amounts = amounts_of(rt, rec, payments)
    return {
        "id": rec.id,
        "object": "receivable",
        "user_id": rec.user_id,
        "status": rec.status,
        "outcome": rec.outcome,
        "stage": rec.stage,
        "invoice": {
            "numbers": list(rec.invoice_numbers),
            "issue_date": rec.issue_date.isoformat() if rec.issue_date else None,
            "due_date": rec.due_date.isoformat() if rec.due_date else None,
            "service_description": rec.service_description,
            "amount": _money(rec.amount_cents),
            "amount_before_tax": _money(rec.amount_before_tax_cents),
            "tax_amount": _money(rec.tax_amount_cents),
            "currency": rec.currency,
            "payment_terms": rec.payment_terms,
            "late_penalty_rate": float(rec.late_penalty_rate) if rec.late_penalty_rate else None,
        },
        "debtor": dict(rec.debtor),
        "amounts": amounts.as_json(),
        "timeline": [
            {
                "id": a.id,
                "type": a.type,
                "description": a.description,
                "occurred_at": isoformat(a.occurred_at),
                "details": a.details,
            }
            for a in timeline
        ],
        "next_action_at": isoformat(rec.next_action_at) if rec.next_action_at else None,
        "cancellation_reason": rec.cancellation_reason,
        "dispute_reason": rec.dispute_reason,
        "missing_fields": list(rec.missing_fields or []),
        "field_errors": list(rec.field_errors or []),
        "ocr": public_ocr(rec.ocr),
        "metadata": dict(rec.metadata_ or {}),
        "livemode": rec.livemode,
        "created_at": isoformat(rec.created_at),
        "updated_at": isoformat(rec.updated_at),
    }


def _money(cents: int | None) -> Decimal | None:
    return as_json(cents) if cents is not None else None


# What of the stored extraction the API shows (the integrator's overrides stay internal).
_OCR_PUBLIC = (
    "status",
    "file_id",
    "content_type",
    "pages",
    "method",
    "language",
    "document_type",
    "fields",
    "error",
    "seconds",
    "completed_at",
)


def public_ocr(ocr: dict[str, Any] | None) -> dict[str, Any] | None:
    if not ocr:
        return None
    return {key: ocr.get(key, {} if key == "fields" else None) for key in _OCR_PUBLIC}


async def emit(
    session: AsyncSession,
    rt: Runtime,
    type_: str,
    rec: Receivable,
    *,
    previous: dict[str, Any] | None = None,
    obj: dict[str, Any] | None = None,
) -> None:
    await events.record(
        session,
        type_,
        owner=owner_of(rec),
        obj=obj or await render(session, rt, rec),
        previous_attributes=previous,
        now=rt.clock.now(),
    )


async def add_action(
    session: AsyncSession,
    rt: Runtime,
    rec: Receivable,
    type_: str,
    description: str,
    *,
    at: datetime | None = None,
    **details: Any,
) -> ReceivableAction:
    """A timeline entry, dated on the receivable's clock (`at`: when a step was due)."""
    rec.timeline_seq = (rec.timeline_seq or 0) + 1
    action = ReceivableAction(
        id=new_id("act", livemode=rec.livemode),
        receivable_id=rec.id,
        seq=rec.timeline_seq,
        type=type_,
        description=description,
        details=details,
        occurred_at=at or receivable_now(rt, rec),
    )
    session.add(action)
    await session.flush()
    return action


SPECIFIC_EVENTS = {
    "disputed": "receivable.disputed",
    "recovered": "receivable.recovered",
    "closed": "receivable.closed",
    "cancelled": "receivable.cancelled",
}


async def transition(
    session: AsyncSession,
    rt: Runtime,
    rec: Receivable,
    target: str,
    *,
    outcome: str | None = None,
    reason: str | None = None,
    at: datetime | None = None,
) -> None:
    """The only way a status changes: checked, recorded on the timeline, and announced."""
    at = at or receivable_now(rt, rec)
    lifecycle.check(rec.status, target)
    if target == "closed" and outcome not in lifecycle.OUTCOMES:
        raise ValueError(f"closing needs an outcome, got {outcome!r}")
    previous_status = rec.status
    rec.status = target
    rec.updated_at = rt.clock.now()
    if target == "closed":
        rec.outcome = outcome
    if target == "in_recovery" and rec.recovery_started_at is None:
        rec.recovery_started_at = at
    if target == "disputed":
        rec.dispute_reason = reason
    if target == "cancelled":
        rec.cancellation_reason = reason
    if not lifecycle.is_open(target) and target not in ("processing", "draft"):
        rec.closed_at = at
        rec.next_action_at = None
        await repo.release_numbers(session, rec.id)
    await session.flush()
    await add_action(
        session,
        rt,
        rec,
        "status_changed",
        f"Status changed from {previous_status} to {target}.",
        at=at,
        previous_status=previous_status,
        status=target,
        outcome=outcome,
        reason=reason,
    )
    obj = await render(session, rt, rec)
    await emit(
        session, rt, "receivable.status_updated", rec, previous={"status": previous_status}, obj=obj
    )
    if target in SPECIFIC_EVENTS:
        await emit(session, rt, SPECIFIC_EVENTS[target], rec, obj=obj)


def validate(body: ReceivableCreate, today: date) -> tuple[dict[str, Any], list[FieldError]]:
    """Every rule of SPEC §7 that needs no database: the clean values and the violations (drafts
    list them before they are submitted)."""
    return _validate(body, today)


def _validate(body: ReceivableCreate, today: date) -> tuple[dict[str, Any], list[FieldError]]:
    errors: list[FieldError] = []
    inv, debtor = body.invoice, body.debtor
    clean: dict[str, Any] = {}
    numbers = [n.strip() for n in inv.numbers]
    if any(not n for n in numbers) or len(set(numbers)) != len(numbers):
        errors.append(
            FieldError(
                "invoice.numbers",
                "invalid_invoice_numbers",
                "Invoice numbers must be non-empty and distinct.",
            )
        )
    clean["numbers"] = numbers
    values = {}
    for name in ("amount", "amount_before_tax", "tax_amount"):
        value = parse_amount(getattr(inv, name))
        if value is None:
            errors.append(
                FieldError(f"invoice.{name}", "invalid_amount", "A number with at most 2 decimals.")
            )
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
    clean.update(values)
    if inv.currency.upper() != CURRENCY:
        errors.append(
            FieldError("invoice.currency", "currency_not_supported", "Only EUR is supported.")
        )
    rate = None
    if inv.late_penalty_rate is not None:
        rate = parse_amount(inv.late_penalty_rate)
        if rate is None or not (Decimal(0) <= rate <= Decimal(100)):
            errors.append(
                FieldError(
                    "invoice.late_penalty_rate",
                    "invalid_rate",
                    "An annual percentage between 0 and 100.",
                )
            )
    clean["late_penalty_rate"] = rate
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
    elif today > _add_years(inv.due_date, PRESCRIPTION_YEARS[debtor.company_type]):
        years = PRESCRIPTION_YEARS[debtor.company_type]
        errors.append(
            FieldError(
                "invoice.due_date",
                "claim_prescribed",
                f"The claim is time-barred: more than {years} years since the due date.",
            )
        )
    siret = None
    if debtor.siret:
        siret, err = clean_siret(debtor.siret, "debtor.siret")
        errors.extend([err] if err else [])
    clean["siret"] = siret
    if debtor.vat_number:
        vat, err = clean_vat(debtor.vat_number, "debtor.vat_number", siret)
        errors.extend([err] if err else [])
        clean["vat_number"] = vat
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
    errors.extend(metadata_errors(body.metadata))
    return clean, errors


# Built once: the statements of a submission, the hot path of `POST /v1/receivables`.
_INSERT_RECEIVABLE = insert(cast(Table, Receivable.__table__))
_INSERT_ACTIONS = insert(cast(Table, ReceivableAction.__table__))
# Claiming the invoice numbers is also the duplicate check: the unique index answers it, even
# against a concurrent submission, and a conflict leaves the transaction usable.
_CLAIM_NUMBERS = {
    name: dialect.insert(OpenInvoiceNumber.__table__)
    .on_conflict_do_nothing()
    .returning(OpenInvoiceNumber.number)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
_COLUMNS = [(prop.key, prop.columns[0].name) for prop in Receivable.__mapper__.column_attrs]


async def create(
    session: AsyncSession,
    rt: Runtime,
    owner: Owner,
    body: ReceivableCreate,
    *,
    draft: Receivable | None = None,
    extra: dict[str, Any] | None = None,
    accept: bool = True,
) -> Receivable:
    """Validates and submits a receivable: a new one, or `draft` (a `processing`/`draft`
    receivable, which moves to `pending` with `receivable.status_updated`). `extra` sets further
    columns of a new row before it is announced (the OCR's file and extraction). Test mode
    accepts it into recovery at once (SPEC §2) unless `accept` is False (the caller then calls
    `accept` itself); the playbook's steps are the back office's."""
    rec, _ = await submit(session, rt, owner, body, draft=draft, extra=extra, accept=accept)
    return rec


async def submit(
    session: AsyncSession,
    rt: Runtime,
    owner: Owner,
    body: ReceivableCreate,
    *,
    draft: Receivable | None = None,
    extra: dict[str, Any] | None = None,
    accept: bool = True,
) -> tuple[Receivable, dict[str, Any]]:
    """`create`, with the receivable rendered as its events carry it."""
    now = rt.clock.now()
    clean, errors = _validate(body, now.date())
    # A new receivable with nothing to refuse, on PostgreSQL, has its user checked by the
    # statement that writes it (`_insert_new`); any other asks for the user's status first.
    driver = await pg_driver(session) if draft is None and not errors else None
    if driver is None:
        user_error = _user_error(body.user_id, await users.status_of(session, owner, body.user_id))
        if user_error is not None:
            errors.insert(0, user_error)
    if errors:
        raise ValidationError(errors)
    debtor = body.debtor.model_dump(exclude_none=True)
    if clean.get("siret"):
        debtor["siret"] = clean["siret"]
    if clean.get("vat_number"):
        debtor["vat_number"] = clean["vat_number"]
    columns: dict[str, Any] = dict(
        invoice_numbers=clean["numbers"],
        issue_date=body.invoice.issue_date,
        due_date=body.invoice.due_date,
        service_description=body.invoice.service_description,
        amount_cents=to_cents(clean["amount"]),
        amount_before_tax_cents=to_cents(clean["amount_before_tax"]),
        tax_amount_cents=to_cents(clean["tax_amount"]),
        currency=CURRENCY,
        payment_terms=body.invoice.payment_terms,
        late_penalty_rate=str(clean["late_penalty_rate"])
        if clean["late_penalty_rate"] is not None
        else None,
        debtor=debtor,
        debtor_type=body.debtor.company_type,
        metadata_=body.metadata or {},
        next_action_at=now,
        updated_at=now,
    )
    accept = accept and not owner.livemode
    if draft is None:
        return await _insert_new(
            session, rt, owner, body.user_id, columns, extra or {}, accept, driver
        )
    rec = await _submit_draft(session, rt, draft, body.user_id, clean["numbers"], columns)
    if accept:
        await accept_now(session, rt, rec)
    return rec, await render(session, rt, rec)


def _user_error(user_id: str, status: str | None) -> FieldError | None:
    if status is None:
        return FieldError("user_id", "resource_missing", f"No such user: {user_id!r}.")
    if status != "active":
        return FieldError(
            "user_id",
            "user_not_onboarded",
            f"The user must be active to send receivables (status: {status}).",
        )
    return None


async def _insert_new(
    session: AsyncSession,
    rt: Runtime,
    owner: Owner,
    user_id: str,
    columns: dict[str, Any],
    extra: dict[str, Any],
    accept: bool,
    driver: asyncpg.Connection | None,
) -> tuple[Receivable, dict[str, Any]]:
    """A new receivable built in memory and rendered once (it has no payments, and its timeline
    is written here), then written: on PostgreSQL (`driver`) in one statement that also checks
    its user, elsewhere in four (receivable, invoice numbers, timeline, events)."""
    now = columns["updated_at"]
    rec = Receivable(
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
        clock_offset_days=0,
        playbook_step=0,
        created_at=now,
        **columns,
    )
    for name, value in extra.items():
        setattr(rec, name, value)
    timeline = [_action(rec, "submitted", "Receivable submitted for amicable recovery.", now)]
    announced: list[tuple[str, dict[str, Any] | None]] = [("receivable.created", None)]
    if accept:
        # Test mode accepts at submission (SPEC §2) what the worker accepts in live mode: the
        # playbook's day-0 step, recorded as `playbook.run_due` would; the first reminder,
        # due the same day, is sent by the back office (or `advance`), as in live mode.
        lifecycle.check("pending", "in_recovery")
        rec.status = "in_recovery"
        rec.recovery_started_at = now
        rec.stage = ACCEPTANCE.stage
        rec.playbook_step = 1
        schedule_next(rec)
        timeline.append(
            _action(
                rec,
                "status_changed",
                "Status changed from pending to in_recovery.",
                now,
                previous_status="pending",
                status="in_recovery",
                outcome=None,
                reason=None,
            )
        )
        timeline.append(_action(rec, ACCEPTANCE.action, ACCEPTANCE.description, now, step=0, day=0))
        announced += [
            ("receivable.status_updated", {"status": "pending"}),
            ("receivable.action_taken", None),
        ]
    row = {}
    for key, name in _COLUMNS:
        if key not in rec.__dict__:  # every attribute set: loaded, once attached below
            setattr(rec, key, None)
        row[name] = getattr(rec, key)
    numbers = rec.invoice_numbers
    actions = [
        {
            "id": a.id,
            "receivable_id": a.receivable_id,
            "seq": a.seq,
            "type": a.type,
            "description": a.description,
            "details": a.details,
            "occurred_at": a.occurred_at,
        }
        for a in timeline
    ]
    if driver is not None:
        obj = shape(rt, rec, [], timeline)
        event_rows = events.build_rows(
            [(type_, obj, previous) for type_, previous in announced],
            owner=owner,
            now=rt.clock.now(),
        )
        status, claimed = await repo.insert_submission_pg(driver, row, numbers, actions, event_rows)
        user_error = _user_error(user_id, status)
        if user_error is not None:  # nothing was written
            raise ValidationError([user_error])
        if len(claimed) != len(numbers):
            # Refused: the request's transaction rolls back, the receivable with it.
            raise _duplicate(next(n for n in numbers if n not in claimed))
    else:
        await session.execute(_INSERT_RECEIVABLE, row)
        claimed = list(
            (
                await session.execute(
                    _CLAIM_NUMBERS[session.get_bind().dialect.name],
                    [{"user_id": user_id, "number": n, "receivable_id": rec.id} for n in numbers],
                )
            ).scalars()
        )
        if len(claimed) != len(numbers):
            raise _duplicate(next(n for n in numbers if n not in claimed))
        await session.execute(_INSERT_ACTIONS, actions)
        obj = shape(rt, rec, [], timeline)
        await events.record_many(
            session,
            [(type_, obj, previous) for type_, previous in announced],
            owner=owner,
            now=rt.clock.now(),
        )
    # The row is written: the session knows it from now on, as if it had loaded it.
    make_transient_to_detached(rec)
    session.add(rec)
    return rec, obj


def _action(rec: Receivable, type_: str, description: str, at: datetime, **details: Any) -> _Entry:
    rec.timeline_seq = (rec.timeline_seq or 0) + 1
    return _Entry(
        new_id("act", livemode=rec.livemode),
        rec.id,
        rec.timeline_seq,
        type_,
        description,
        details,
        at,
    )


async def _submit_draft(
    session: AsyncSession,
    rt: Runtime,
    rec: Receivable,
    user_id: str,
    numbers: list[str],
    columns: dict[str, Any],
) -> Receivable:
    taken = await repo.open_numbers_taken(session, user_id, numbers)
    if taken:
        raise _duplicate(taken[0])
    lifecycle.check(rec.status, "pending")
    for name, value in {**columns, "missing_fields": [], "field_errors": []}.items():
        setattr(rec, name, value)
    await session.flush()
    for number in numbers:
        session.add(OpenInvoiceNumber(user_id=user_id, number=number, receivable_id=rec.id))
    try:
        await session.flush()
    except IntegrityError as exc:
        # A concurrent submission of the same invoice won the race: same answer as the check.
        raise _duplicate(numbers[0]) from exc
    await add_action(session, rt, rec, "submitted", "Receivable submitted for amicable recovery.")
    await transition(session, rt, rec, "pending")
    await emit(session, rt, "receivable.created", rec)
    return rec


async def accept_now(session: AsyncSession, rt: Runtime, rec: Receivable) -> None:
    """Test mode's acceptance of a submitted (`pending`) receivable: the playbook's day-0 step,
    recorded as the worker's `playbook.run_due` records it in live mode."""
    at = receivable_now(rt, rec)
    rec.recovery_started_at = at
    await transition(session, rt, rec, "in_recovery", at=at)
    rec.stage = ACCEPTANCE.stage
    rec.playbook_step = 1
    schedule_next(rec)
    await add_action(
        session, rt, rec, ACCEPTANCE.action, ACCEPTANCE.description, at=at, step=0, day=0
    )
    await emit(session, rt, "receivable.action_taken", rec)


def _duplicate(number: str) -> ConflictError:
    return ConflictError(
        f"Invoice {number!r} is already in an open receivable for this user.",
        code="duplicate_receivable",
        param="invoice.numbers",
    )


async def get(
    session: AsyncSession, owner: Owner, receivable_id: str, *, lock: bool = False
) -> Receivable:
    rec = await repo.get(session, owner, receivable_id, lock=lock)
    if rec is None:
        raise NotFoundError(f"No such receivable: {receivable_id!r}.", param="id")
    return rec


async def cancel(
    session: AsyncSession, rt: Runtime, owner: Owner, receivable_id: str, reason: str
) -> Receivable:
    rec = await get(session, owner, receivable_id, lock=True)
    await transition(session, rt, rec, "cancelled", reason=reason)
    return rec
