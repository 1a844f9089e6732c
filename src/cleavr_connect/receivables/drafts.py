"""Drafts: receivables that are not complete yet (SPEC §7). An invoice read by OCR becomes one
when a field is missing, unreadable or inconsistent; `PATCH` completes it and `submit` sends it
with exactly the validation of `POST /v1/receivables`.

A draft keeps what it knows in the receivable's own columns (nullable for drafts) and lists what
it still needs in `missing_fields`, with the reason of each in `field_errors`: `missing`,
or the code the submission would be refused with, found by running the same rules on the draft
with neutral placeholders standing in for the missing fields.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from pydantic import ValidationError as PydanticValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.errors import ConflictError, FieldError, ValidationError
from cleavr_connect.models import Receivable
from cleavr_connect.money import AMOUNT_RULE, from_cents, parse_amount, to_cents
from cleavr_connect.ownership import Owner
from cleavr_connect.receivables import law, service, submission
from cleavr_connect.receivables import repository as repo
from cleavr_connect.receivables.schemas import ReceivableCreate, ReceivablePatch
from cleavr_connect.runtime import Runtime
from cleavr_connect.users import repository as users_repo

REQUIRED: tuple[str, ...] = (
    "invoice.numbers",
    "invoice.issue_date",
    "invoice.due_date",
    "invoice.amount",
    "invoice.amount_before_tax",
    "invoice.tax_amount",
    "debtor.company_name",
    "debtor.contacts",
)
AMOUNTS = ("amount", "amount_before_tax", "tax_amount")
# Rules a PATCH does not enforce on the fields it sends: they depend on other fields still to
# come, or on time (a draft may wait until its invoice is overdue). `submit` enforces them.
DEFERRED_CODES = frozenset(
    {
        "amount_mismatch",
        "amount_must_be_positive",
        "invoice_not_overdue",
        "claim_prescribed",
        "due_date_before_issue_date",
        "issue_date_too_early",
        "service_date_too_early",
        "contact_required",
        "primary_contact_required",
    }
)


def data_of(rec: Receivable) -> dict[str, Any]:
    """The draft in the shape of a `POST /v1/receivables` body (None where unknown)."""
    return {
        "user_id": rec.user_id,
        "invoice": {
            "numbers": list(rec.invoice_numbers or []),
            "issue_date": rec.issue_date,
            "due_date": rec.due_date,
            "service_description": rec.service_description,
            **{
                name: str(from_cents(cents)) if cents is not None else None
                for name, cents in (
                    ("amount", rec.amount_cents),
                    ("amount_before_tax", rec.amount_before_tax_cents),
                    ("tax_amount", rec.tax_amount_cents),
                )
            },
            "currency": rec.currency,
            "payment_terms": rec.payment_terms,
            "late_penalty_rate": rec.late_penalty_rate,
        },
        "debtor": copy.deepcopy(dict(rec.debtor or {})),
        "metadata": dict(rec.metadata_ or {}),
    }


def merge(data: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """`patch` (a `ReceivablePatch` dumped with `exclude_unset`) over `data`: fields replace
    fields, `address` and `contacts` are replaced whole, metadata merges (`""` removes a key)."""
    out = copy.deepcopy(data)
    for section in ("invoice", "debtor"):
        for key, value in (patch.get(section) or {}).items():
            out[section][key] = value
    for key, value in (patch.get("metadata") or {}).items():
        if value == "":
            out["metadata"].pop(key, None)
        else:
            out["metadata"][key] = value
    return out


def write(rec: Receivable, data: dict[str, Any]) -> None:
    """Stores draft data in the receivable's columns (amounts already checked to parse)."""
    invoice, debtor = data["invoice"], data["debtor"]
    rec.invoice_numbers = [str(n) for n in invoice.get("numbers") or []]
    rec.issue_date = _date(invoice.get("issue_date"))
    rec.due_date = _date(invoice.get("due_date"))
    rec.service_description = invoice.get("service_description")
    cents = {}
    for name in AMOUNTS:
        value = parse_amount(invoice.get(name))
        cents[name] = to_cents(value) if value is not None else None
    rec.amount_cents = cents["amount"]
    rec.amount_before_tax_cents = cents["amount_before_tax"]
    rec.tax_amount_cents = cents["tax_amount"]
    rec.currency = str(invoice.get("currency") or "EUR").upper()[:3]
    rec.payment_terms = invoice.get("payment_terms")
    rate = invoice.get("late_penalty_rate")
    rec.late_penalty_rate = str(parse_amount(rate)) if parse_amount(rate) is not None else None
    rec.debtor = {k: v for k, v in debtor.items() if v is not None}
    rec.debtor_type = law.debtor_kind(debtor.get("company_type"))
    rec.metadata_ = dict(data.get("metadata") or {})


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _get(data: dict[str, Any], dotted: str) -> Any:
    node: Any = data
    for key in dotted.split("."):
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _covered(param: str, missing: list[str]) -> bool:
    return any(param == m or param.startswith((m + ".", m + "[")) for m in missing)


def placeholders(data: dict[str, Any], missing: list[str], today: date) -> dict[str, Any]:
    """`data` with neutral values where fields are missing, chosen not to trip the rules on
    the fields that are there (a missing tax amount is the one that makes the total add up)."""
    out = copy.deepcopy(data)
    invoice, debtor = out["invoice"], out["debtor"]
    if "invoice.numbers" in missing:
        invoice["numbers"] = ["DRAFT"]
    issue, due = invoice.get("issue_date"), invoice.get("due_date")
    if issue is None and due is None:
        issue = due = today - timedelta(days=1)
    invoice["issue_date"] = issue if issue is not None else due
    invoice["due_date"] = due if due is not None else issue
    known = {name: parse_amount(invoice.get(name)) for name in AMOUNTS}
    total, before, tax = known["amount"], known["amount_before_tax"], known["tax_amount"]
    if before is None and tax is None:
        before, tax = (total if total is not None else Decimal(1)), Decimal(0)
    elif before is None:
        before = (total - tax) if total is not None else Decimal(1)  # type: ignore[operator]
    elif tax is None:
        tax = (total - before) if total is not None else Decimal(0)
    if total is None:
        total = before + tax  # type: ignore[operator]
    for name, value in zip(AMOUNTS, (total, before, tax), strict=True):
        if f"invoice.{name}" in missing:
            invoice[name] = str(value)
    if "debtor.company_name" in missing:
        debtor["company_name"] = "Draft"
    if "debtor.contacts" in missing:
        debtor["contacts"] = [{"email": "draft@example.com", "level": 0}]
    return out


_TYPE_TAGS = frozenset({"float", "int", "str", "bool", "date", "datetime", "decimal", "none"})


def _param(loc: tuple[Any, ...]) -> str:
    """`("debtor", "contacts", 0, "email")` → `debtor.contacts[0].email`, without the union
    member tags pydantic adds (as the API's validation handler does)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in _TYPE_TAGS or str(part).startswith(("function-", "literal[", "list[")):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out


def pydantic_errors(exc: PydanticValidationError, prefix: str = "") -> list[FieldError]:
    return [
        FieldError(
            prefix + _param(tuple(e["loc"])),
            "invalid_country"
            if e["type"] == "invalid_country"
            else "missing"
            if e["type"] == "missing"
            else "invalid",
            e["msg"],
        )
        for e in exc.errors()
    ]


def assess(data: dict[str, Any], today: date) -> list[FieldError]:
    """Everything that stops this data from being submitted, missing fields first."""
    missing = [p for p in REQUIRED if _get(data, p) is None or _get(data, p) in ("", [], {})]
    errors = [FieldError(p, "missing", f"`{p}` is required.") for p in missing]
    try:
        body = ReceivableCreate.model_validate(placeholders(data, missing, today))
    except PydanticValidationError as exc:
        found = pydantic_errors(exc)
    else:
        found = submission.validate(body, today)[1]
    errors += [e for e in found if not _covered(e.param, missing)]
    return errors


async def assess_for_submission(
    session: AsyncSession, rt: Runtime, owner: Owner, data: dict[str, Any]
) -> list[FieldError]:
    """`assess` plus what the database knows: the user's status and open invoice numbers."""
    errors = assess(data, rt.clock.now().date())
    user_error = submission.user_error(
        data["user_id"], await users_repo.status_of(session, owner, data["user_id"])
    )
    if user_error is not None:
        errors.insert(0, user_error)
    numbers = [str(n).strip() for n in data["invoice"].get("numbers") or []]
    taken = await repo.open_numbers_taken(session, data["user_id"], numbers) if numbers else []
    if taken:
        duplicate = submission.duplicate(taken[0])
        errors.append(FieldError("invoice.numbers", "duplicate_receivable", duplicate.message))
    return errors


def record(rec: Receivable, errors: list[FieldError]) -> None:
    """What the draft still needs, as the API shows it."""
    params = [e.param for e in errors if e.param != "user_id"]
    rec.missing_fields = list(dict.fromkeys(params))
    rec.field_errors = [e.as_dict() for e in errors]


def format_errors(data: dict[str, Any], patch: dict[str, Any], today: date) -> list[FieldError]:
    """The errors a PATCH is refused for: those on the fields it sends, except the rules that
    wait for other fields or for time (`DEFERRED_CODES`)."""
    sent = [
        f"{section}.{key}"
        for section in ("invoice", "debtor")
        for key in (patch.get(section) or {})
    ] + (["metadata"] if patch.get("metadata") else [])
    errors = []
    for name in AMOUNTS + ("late_penalty_rate",):
        raw = (patch.get("invoice") or {}).get(name)
        if raw is not None and parse_amount(raw) is None:
            errors.append(FieldError(f"invoice.{name}", "invalid_amount", AMOUNT_RULE))
    for error in assess(data, today):
        if error.code in DEFERRED_CODES or error.code == "missing":
            continue
        if _covered(error.param, sent) and all(e.param != error.param for e in errors):
            errors.append(error)
    return errors


def _editable(rec: Receivable) -> None:
    if rec.status != "draft":
        raise ConflictError(
            f"Only drafts can be changed (this receivable is {rec.status}).",
            code="receivable_not_draft",
        )


async def update(
    session: AsyncSession, rt: Runtime, owner: Owner, receivable_id: str, body: ReceivablePatch
) -> Receivable:
    rec = await service.get(session, owner, receivable_id, lock=True)
    _editable(rec)
    patch = body.model_dump(exclude_unset=True)
    data = merge(data_of(rec), patch)
    errors = format_errors(data, patch, rt.clock.now().date())
    if errors:
        raise ValidationError(errors)
    write(rec, data)
    record(rec, await assess_for_submission(session, rt, owner, data))
    rec.updated_at = rt.clock.now()
    await session.flush()
    return rec


async def submit(
    session: AsyncSession, rt: Runtime, owner: Owner, receivable_id: str
) -> Receivable:
    """Sends a draft with the checks of `POST /v1/receivables`; refused, it stays a draft."""
    rec = await service.get(session, owner, receivable_id, lock=True)
    if rec.status != "draft":
        raise ConflictError(
            f"Only drafts can be submitted (this receivable is {rec.status}).",
            code="invalid_state_transition",
        )
    data = data_of(rec)
    errors = [e for e in assess(data, rt.clock.now().date()) if e.code == "missing"]
    if errors:
        raise ValidationError(errors)
    try:
        body = ReceivableCreate.model_validate(data)
    except PydanticValidationError as exc:
        raise ValidationError(pydantic_errors(exc)) from None
    return await service.create(session, rt, owner, body, draft=rec)
