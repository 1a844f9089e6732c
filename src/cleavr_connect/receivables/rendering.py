"""The receivable resource: the one renderer, as the API returns it and its events carry it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from pydantic import TypeAdapter
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.clock import isoformat
from cleavr_connect.db import writes
from cleavr_connect.legal_rates import Rates
from cleavr_connect.models import Payment, Receivable, ReceivableAction
from cleavr_connect.money import as_json
from cleavr_connect.ownership import Owner
from cleavr_connect.receivables import amounts as amounts_rules
from cleavr_connect.receivables import disputes, instalments, law
from cleavr_connect.receivables import repository as repo
from cleavr_connect.receivables.schemas import ReceivableOut
from cleavr_connect.runtime import Runtime
from cleavr_connect.versions import register_summary

if TYPE_CHECKING:
    from cleavr_connect.receivables.changes import Entry


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


async def compute_amounts(
    session: AsyncSession, rt: Runtime, rec: Receivable, *, as_of: date | None = None
) -> amounts_rules.Amounts:
    await rt.rates.refresh(session)
    return amounts_of(rt, rec, await repo.payments(session, rec.id), as_of=as_of)


def _inputs(
    rt: Runtime, rec: Receivable, payments: list[Payment], as_of: date | None
) -> tuple[amounts_rules.Terms, tuple[amounts_rules.PaymentLine, ...], date, Decimal]:
    """What a receivable's amounts are computed from, besides the rates."""
    as_of = as_of or receivable_now(rt, rec).date()
    if rec.closed_at is not None:  # nothing accrues after the claim ends (receivable time)
        as_of = min(as_of, rec.closed_at.date())
    overpaid = Decimal(sum(p.overpayment_cents or 0 for p in payments)) / 100
    return law.terms_of(rec, as_of), tuple(law.payment_lines(payments)), as_of, overpaid


def amounts_of(
    rt: Runtime, rec: Receivable, payments: list[Payment], *, as_of: date | None = None
) -> amounts_rules.Amounts:
    terms, lines, as_of, overpaid = _inputs(rt, rec, payments, as_of)
    return amounts_rules.compute(terms, list(lines), as_of, rt.rates.current, overpaid=overpaid)


# The amounts shown, by everything they are computed from: the claim's terms, its payments, the
# day and the rates. `compute` is a pure function of those, so a receivable read again (a list
# page polled, a detail read) with nothing changed shows what was computed for it, whatever
# changed it and in whichever process: any change to what the amounts depend on is a new key.
# One table per rates table's values (a rate added empties it); bounded by emptying it when full.
_SHOWN_MAX = 8192
_shown: tuple[Rates | None, dict[Any, dict[str, Decimal]]] = (None, {})


def amounts_shown(rt: Runtime, rec: Receivable, payments: list[Payment]) -> dict[str, Decimal]:
    """`amounts_of(...).as_json()`, computed once for the same inputs."""
    global _shown
    rates = rt.rates.current
    owner, table = _shown
    if owner is not rates:
        if owner != rates:  # refreshed every 30 s into a new object, seldom other values
            table = {}
        _shown = (rates, table)
    key = _inputs(rt, rec, payments, None)
    found = table.get(key)
    if found is None:
        terms, lines, as_of, overpaid = key
        found = amounts_rules.compute(terms, list(lines), as_of, rates, overpaid=overpaid).as_json()
        if len(table) >= _SHOWN_MAX:
            table.clear()
        table[key] = found
    return dict(found)  # the caller's own: a rendering may be changed after it is made


async def breakdown(
    session: AsyncSession, rt: Runtime, rec: Receivable, *, as_of: date | None = None
) -> amounts_rules.Breakdown:
    """The computation behind the amounts: each rate period's base, rate and amount, and how
    each payment was imputed (statements, letters, the handoff dossier)."""
    await rt.rates.refresh(session)
    return breakdown_of(rt, rec, await repo.payments(session, rec.id), as_of=as_of)


def breakdown_of(
    rt: Runtime, rec: Receivable, payments: list[Payment], *, as_of: date | None = None
) -> amounts_rules.Breakdown:
    """`breakdown` from payments already in hand (the rates refreshed by the caller)."""
    as_of = as_of or receivable_now(rt, rec).date()
    if rec.closed_at is not None:
        as_of = min(as_of, rec.closed_at.date())
    return amounts_rules.breakdown(
        law.terms_of(rec, as_of), law.payment_lines(payments), as_of, rt.rates.current
    )


@dataclass(slots=True)
class _Kept:
    rec: Receivable
    obj: dict[str, Any]
    writes: int
    rates: Rates
    day: date


_KEPT = "cleavr_rendered_receivable"


def keep(session: AsyncSession, rt: Runtime, rec: Receivable, obj: dict[str, Any]) -> None:
    """`obj`, just rendered from `rec` and recorded in its events, is what `render` answers as
    long as the session writes nothing, holds no pending change and the rates and the
    receivable's day are the same: a write then answers with the rendering its events carry,
    instead of reading and rendering the receivable a second time."""
    day = receivable_now(rt, rec).date()
    session.info[_KEPT] = _Kept(rec, obj, writes.count(session), rt.rates.current, day)


def _kept(session: AsyncSession, rt: Runtime, rec: Receivable) -> dict[str, Any] | None:
    kept: _Kept | None = session.info.get(_KEPT)
    if (
        kept is None
        or kept.rec is not rec
        or kept.writes != writes.count(session)
        or kept.rates is not rt.rates.current
        or kept.day != receivable_now(rt, rec).date()
        or session.new
        or session.dirty
        or session.deleted
    ):
        return None
    return kept.obj


async def render(session: AsyncSession, rt: Runtime, rec: Receivable) -> dict[str, Any]:
    """The receivable resource, read with its payments and timeline (one statement), or the
    rendering `keep` holds if nothing changed since."""
    await rt.rates.refresh(session)
    kept = _kept(session, rt, rec)
    if kept is not None:
        return kept
    loaded = await repo.children(session, rec)
    return shape(rt, rec, loaded.payments, loaded.timeline)


async def render_loaded(
    session: AsyncSession, rt: Runtime, loaded: Sequence[repo.Loaded]
) -> list[dict[str, Any]]:
    """Receivables read with their children (`repository.get_loaded`, a list page), each
    exactly as `ReceivableOut` writes it (`api.routing.Exact`)."""
    await rt.rates.refresh(session)
    return [exact(shape(rt, item.receivable, item.payments, item.timeline)) for item in loaded]


# The parts of the resource copied from what is stored, whose stored form may hold more keys,
# or in another order, than their response model writes: put in the model's shape through it,
# when there are any (seldom on a list page). Everything else `shape` builds as the model has it.
_STORED_PARTS = {
    name: TypeAdapter[Any](cast(Any, ReceivableOut.model_fields[name].annotation))
    for name in ("waived", "payment_plan", "field_errors", "ocr")
}


def exact(obj: dict[str, Any]) -> dict[str, Any]:
    """A rendering as the response model would write it, for `api.routing.Exact`."""
    present = [name for name in _STORED_PARTS if obj[name]]
    if not present:
        return obj
    out = dict(obj)
    for name in present:
        adapter = _STORED_PARTS[name]
        out[name] = adapter.dump_python(adapter.validate_python(obj[name]), by_alias=True)
    return out


def shape(
    rt: Runtime,
    rec: Receivable,
    payments: list[Payment],
    timeline: Sequence[ReceivableAction | Entry],
) -> dict[str, Any]:
    """`render` from rows already in hand (a submission renders what it is about to write)."""
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
            "service_date": rec.service_date.isoformat() if rec.service_date else None,
        },
        "debtor": dict(rec.debtor),
        "amounts": amounts_shown(rt, rec, payments),
        "commission_rate": float(rec.commission_rate) if rec.commission_rate else None,
        "commission_days_overdue": rec.commission_days_overdue,
        "submitted_at": isoformat(rec.submitted_at) if rec.submitted_at else None,
        "waived": dict(rec.waived) if rec.waived else None,
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
        # Stored in real time (the worker's index); shown on the receivable's own clock, as its
        # timeline is (test mode's `advance` moves that clock).
        "next_action_at": isoformat(rec.next_action_at + timedelta(days=rec.clock_offset_days))
        if rec.next_action_at
        else None,
        "cancellation_reason": rec.cancellation_reason,
        "dispute_reason": rec.dispute_reason,
        "dispute": disputes.dispute_of(timeline),
        "payment_plan": instalments.as_object(rec.payment_plan),
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
