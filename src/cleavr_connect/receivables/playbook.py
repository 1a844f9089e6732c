"""The amicable recovery playbook: dated actions driven by the injectable clock (SPEC §11).

Days count from the start of recovery, on the receivable's own clock (real time plus what the
test clock advanced it by). `next_action_at` is stored in real time, so the worker finds due
work with one indexed query whatever the test clocks do.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.db.sql import for_update
from cleavr_connect.ids import new_id
from cleavr_connect.models import DebtorMessage, Receivable
from cleavr_connect.money import from_cents
from cleavr_connect.receivables import service as receivables
from cleavr_connect.receivables.legal_rates import legal_rate_for
from cleavr_connect.receivables.steps import ACCEPTANCE, PLAYBOOK, Step, schedule_next
from cleavr_connect.runtime import Runtime
from cleavr_connect.users import repository as users_repo

_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent.parent / "templates" / "debtor"),
    undefined=StrictUndefined,
    autoescape=False,  # noqa: S701 - plain-text messages, never rendered as HTML
    keep_trailing_newline=True,
)


def _contacts(rec: Receivable, level: int) -> list[dict[str, Any]]:
    return [
        c for c in rec.debtor.get("contacts", []) if c.get("level", 0) == level and c.get("email")
    ]


def _name(contact: dict[str, Any]) -> str:
    name = " ".join(p for p in (contact.get("first_name"), contact.get("last_name")) if p)
    return name or "Madame, Monsieur"


async def _message(
    session: AsyncSession,
    rt: Runtime,
    rec: Receivable,
    template: str,
    contacts: list[dict[str, Any]],
    context: dict[str, Any],
    channel: str = "email",
) -> list[str]:
    sent = []
    for contact in contacts:
        text = _TEMPLATES.get_template(f"{template}.txt").render(
            contact_name=_name(contact), **context
        )
        subject, _, body = text.partition("\n")
        session.add(
            DebtorMessage(
                id=new_id("msg", livemode=rec.livemode),
                receivable_id=rec.id,
                channel=channel,
                recipient=contact["email"],
                subject=subject.strip(),
                body=body.lstrip("\n"),
                template=template,
                status="queued",
                created_at=rt.clock.now(),
            )
        )
        sent.append(contact["email"])
    await session.flush()
    return sent


async def _context(
    session: AsyncSession, rt: Runtime, rec: Receivable, at: datetime
) -> dict[str, Any]:
    # The playbook runs only submitted receivables: only drafts lack these.
    assert rec.issue_date is not None and rec.due_date is not None
    assert rec.amount_cents is not None
    user = await users_repo.by_id_unscoped(session, rec.user_id)
    company = (user.company if user else {}) or {}
    figures = await receivables.compute_amounts(session, rt, rec, as_of=at.date())
    as_of = at.date()
    rate = Decimal(rec.late_penalty_rate) if rec.late_penalty_rate else legal_rate_for(as_of)
    address = rec.debtor.get("address") or {}
    primary = _contacts(rec, 0)
    return {
        "numbers": rec.invoice_numbers,
        "creditor": company.get("name") or "votre fournisseur",
        "creditor_siret": company.get("siret"),
        "debtor_name": rec.debtor.get("company_name", ""),
        "debtor_address": ", ".join(
            str(v)
            for v in (address.get("line1"), address.get("postal_code"), address.get("city"))
            if v
        ),
        "issue_date": rec.issue_date.strftime("%d/%m/%Y"),
        "due_date": rec.due_date.strftime("%d/%m/%Y"),
        "as_of": as_of.strftime("%d/%m/%Y"),
        "amount": f"{from_cents(rec.amount_cents):.2f}",
        "penalties": f"{figures.late_penalties:.2f}",
        "indemnity": f"{figures.fixed_indemnity:.2f}",
        "total": f"{figures.outstanding:.2f}",
        "rate": f"{rate:.2f}",
        "primary_name": _name(primary[0]) if primary else "vos services",
        "first": rec.playbook_step == 1,
    }


async def _perform(
    session: AsyncSession, rt: Runtime, rec: Receivable, step: Step, at: datetime
) -> None:
    details: dict[str, Any] = {"step": rec.playbook_step, "day": step.day}
    if step.action == "closed_unrecoverable":
        outcome = "partially_recovered" if rec.recovered_cents > 0 else "unrecoverable"
        rec.stage = step.stage
        await receivables.transition(session, rt, rec, "closed", outcome=outcome, at=at)
        details["outcome"] = outcome
    else:
        context = await _context(session, rt, rec, at)
        if step.action == "reminder_sent":
            details["recipients"] = await _message(
                session, rt, rec, "reminder", _contacts(rec, 0), context
            )
        elif step.action == "escalation_sent":
            targets = [
                c
                for c in rec.debtor.get("contacts", [])
                if c.get("level", 0) >= 1 and c.get("email")
            ]
            details["recipients"] = await _message(
                session, rt, rec, "escalation", targets or _contacts(rec, 0), context
            )
        elif step.action == "formal_notice_sent":
            recipients = _contacts(rec, 0) or rec.debtor.get("contacts", [])[:1]
            details["recipients"] = await _message(
                session, rt, rec, "formal_notice", recipients, context
            )
            await _message(
                session, rt, rec, "formal_notice", recipients[:1], context, channel="letter"
            )
            details["letter"] = True
        elif step.action == "final_notice_sent":
            details["recipients"] = await _message(
                session, rt, rec, "final_notice", _contacts(rec, 0), context
            )
    rec.stage = step.stage
    await receivables.add_action(session, rt, rec, step.action, step.description, at=at, **details)
    await receivables.emit(session, rt, "receivable.action_taken", rec)


async def run_due(session: AsyncSession, rt: Runtime, rec: Receivable) -> int:
    """Performs every step due on the receivable's clock, in order. Returns how many ran."""
    done = 0
    while (
        rec.status in ("pending", "in_recovery")
        and rec.playbook_step < len(PLAYBOOK)
        and rec.next_action_at is not None
        and rec.next_action_at <= rt.clock.now()
    ):
        step = PLAYBOOK[rec.playbook_step]
        # Dated when it was due, as if the worker had run it on time (the test clock jumps).
        at = rec.next_action_at + timedelta(days=rec.clock_offset_days)
        if step is ACCEPTANCE and rec.status == "pending":
            # The acceptance test mode records at submission (it moves to step 1 itself).
            await receivables.accept(session, rt, rec, at=at)
        else:
            await _perform(session, rt, rec, step, at)
            rec.playbook_step += 1
            schedule_next(rec)
        if rec.status not in ("pending", "in_recovery"):
            rec.next_action_at = None
        await session.flush()
        done += 1
    return done


async def advance(session: AsyncSession, rt: Runtime, rec: Receivable, days: int) -> int:
    """Test clock: moves this receivable's time forward and runs what fell due."""
    rec.clock_offset_days += days
    if rec.next_action_at is not None:
        rec.next_action_at -= timedelta(days=days)
    await session.flush()
    return await run_due(session, rt, rec)


def pause(rec: Receivable) -> None:
    rec.next_action_at = None


def resume(rt: Runtime, rec: Receivable) -> None:
    """After a dispute: the remaining steps restart from today on the receivable's clock."""
    if rec.playbook_step >= len(PLAYBOOK):
        return
    today = receivables.receivable_now(rt, rec)
    elapsed = PLAYBOOK[rec.playbook_step].day
    rec.recovery_started_at = today - timedelta(days=elapsed)
    schedule_next(rec)


async def run_all_due(session: AsyncSession, rt: Runtime, *, limit: int = 100) -> int:
    """The worker's job: every receivable with a step due now (live and test mode)."""
    stmt = (
        select(Receivable)
        .where(Receivable.next_action_at.is_not(None), Receivable.next_action_at <= rt.clock.now())
        .order_by(Receivable.next_action_at)
        .limit(limit)
    )
    stmt = for_update(session, stmt, skip_locked=True)
    total = 0
    for rec in (await session.execute(stmt)).scalars().all():
        total += await run_due(session, rt, rec)
    return total
