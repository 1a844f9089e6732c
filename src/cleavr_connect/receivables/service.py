"""Receivables: the orchestration of submission, reading, cancelling, and the status changes
of the lifecycle, each with its events in the same transaction.

The rules live beside it: `submission` plans a submission without the database, `changes`
plans a status change or an acceptance, `rendering` renders the resource; the repository
writes. What is here reads what a plan needs, writes it, and turns refusals into errors.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.api.pagination import PageParams, PageResult, child_page
from cleavr_connect.clock import isoformat
from cleavr_connect.errors import NotFoundError, ValidationError
from cleavr_connect.events import service as events
from cleavr_connect.models import Receivable, ReceivableAction
from cleavr_connect.ownership import Owner
from cleavr_connect.receivables import changes as planned
from cleavr_connect.receivables import instalments, submission
from cleavr_connect.receivables import repository as repo
from cleavr_connect.receivables.changes import SPECIFIC_EVENTS
from cleavr_connect.receivables.rendering import (
    amounts_of,
    breakdown,
    breakdown_of,
    compute_amounts,
    keep,
    owner_of,
    public_ocr,
    receivable_now,
    render,
    render_loaded,
    shape,
)
from cleavr_connect.receivables.schemas import ReceivableCreate
from cleavr_connect.receivables.submission import PRESCRIPTION_YEARS, validate
from cleavr_connect.runtime import Runtime
from cleavr_connect.users import repository as users_repo

__all__ = [
    "PRESCRIPTION_YEARS",
    "SPECIFIC_EVENTS",
    "accept",
    "accept_now",
    "add_action",
    "amounts_of",
    "breakdown",
    "breakdown_of",
    "apply",
    "cancel",
    "compute_amounts",
    "create",
    "emit",
    "get",
    "get_loaded",
    "owner_of",
    "payments_page",
    "public_ocr",
    "receivable_now",
    "render",
    "render_loaded",
    "shape",
    "submit",
    "transition",
    "validate",
]


async def emit(
    session: AsyncSession,
    rt: Runtime,
    type_: str,
    rec: Receivable,
    *,
    previous: dict[str, Any] | None = None,
    obj: dict[str, Any] | None = None,
) -> None:
    rendered = obj or await render(session, rt, rec)
    await events.record(
        session,
        type_,
        owner=owner_of(rec),
        obj=rendered,
        previous_attributes=previous,
        now=rt.clock.now(),
    )
    if obj is None:
        keep(session, rt, rec, rendered)


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
    entry = planned.entry(rec, type_, description, at or receivable_now(rt, rec), **details)
    action = ReceivableAction(**entry.row())
    session.add(action)
    await session.flush()
    return action


async def apply(
    session: AsyncSession, rt: Runtime, rec: Receivable, changes: planned.Changes
) -> dict[str, Any]:
    """Writes the planned `changes` of a stored receivable (already set on it): its timeline
    entries, then its events, all carrying the receivable as it ends up (returned)."""
    if changes.releases_numbers:
        await repo.release_numbers(session, rec.id)
    session.add_all(ReceivableAction(**entry.row()) for entry in changes.entries)
    await session.flush()
    obj = await render(session, rt, rec)
    await events.record_many(
        session,
        [(type_, obj, previous) for type_, previous in changes.events],
        owner=owner_of(rec),
        now=rt.clock.now(),
    )
    keep(session, rt, rec, obj)
    return obj


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
    changes = planned.status_change(
        rec, target, at=at, now=rt.clock.now(), outcome=outcome, reason=reason
    )
    await apply(session, rt, rec, changes)
    await _end_plan(session, rt, rec, target, at)


# What the timeline says of a payment plan ended because its claim left recovery.
PLAN_ENDED = {
    "refused": "The pending payment plan lapses: the claim is {status}.",
    "broken": "The payment plan ends: the claim is {status}.",
}


async def _end_plan(
    session: AsyncSession, rt: Runtime, rec: Receivable, target: str, at: datetime
) -> None:
    """A claim disputed, cancelled or closed keeps no open payment plan (`instalments.ended_by`);
    the stage the plan replaced comes back, for the playbook to resume from."""
    ended = instalments.ended_by(rec.payment_plan, target, isoformat(at))
    if ended is None:
        return
    plan, what = ended
    if what == "broken":
        rec.stage = plan.get("stage_before") or rec.stage
    rec.payment_plan = plan
    await session.flush()
    description = PLAN_ENDED[what].format(status=target)
    await add_action(
        session,
        rt,
        rec,
        f"payment_plan_{what}",
        description,
        at=at,
        plan_id=plan.get("id"),
        reason=target,
    )
    await emit(session, rt, f"payment_plan.{what}", rec)


async def accept(
    session: AsyncSession, rt: Runtime, rec: Receivable, *, at: datetime | None = None
) -> None:
    """Accepts a stored `pending` receivable into recovery (`changes.accept`): test mode once
    the OCR has attached its file, the playbook's day-0 step in live mode (`at`: when due)."""
    at = at or receivable_now(rt, rec)
    await apply(session, rt, rec, planned.accept(rec, at=at, now=rt.clock.now()))


# The name callers knew it by.
accept_now = accept


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
    """`submit`, for callers that need the receivable only."""
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
    alone: bool = False,
) -> tuple[Receivable, dict[str, Any]]:
    """Validates and submits a receivable: a new one, or `draft` (a `processing`/`draft`
    receivable, which moves to `pending`). `extra` sets further columns of a new row before it
    is announced (the OCR's file and extraction). Test mode accepts it into recovery at once
    (SPEC §2) unless `accept` is False (the caller then calls `accept` itself). `alone`: the
    caller writes nothing else, before or after (`POST /v1/receivables`), so the submission may
    be a transaction of its own. Returns the receivable and its rendering, as its events carry
    it."""
    # A new receivable has its user checked by the write (on PostgreSQL in the statement that
    # writes it); a draft, whose earlier timeline is read anyway, before.
    status: str | None | submission.Unchecked = submission.UNCHECKED
    earlier: list[ReceivableAction] = []
    if draft is not None:
        status = await users_repo.status_of(session, owner, body.user_id)
        earlier = await repo.timeline(session, draft.id)
    # Fixed at submission (SPEC §8): the platform's table today and the user's imputation.
    bands, imputation = await repo.plan_inputs(
        session, owner.platform_id, body.user_id, rt.clock.now(), alone=alone
    )
    try:
        plan = submission.plan_submission(
            rt,
            owner,
            body,
            user_status=status,
            accept=accept and not owner.livemode,
            draft=draft,
            earlier=earlier,
            extra=extra,
            bands=bands,
            imputation=imputation,
        )
    except ValidationError as refused:
        if status is not submission.UNCHECKED:
            raise
        # Refused anyway: every violation at once, the user's first.
        user = await users_repo.status_of(session, owner, body.user_id)
        user_error = submission.user_error(body.user_id, user)
        if user_error is None:
            raise
        raise ValidationError([user_error, *refused.errors]) from None
    error = submission.refusal(plan, await repo.write_submission(session, plan, alone=alone))
    if error is not None:  # the request's transaction rolls back what was written
        raise error
    return plan.receivable, plan.obj


async def get(
    session: AsyncSession, owner: Owner, receivable_id: str, *, lock: bool = False
) -> Receivable:
    rec = await repo.get(session, owner, receivable_id, lock=lock)
    if rec is None:
        raise NotFoundError(f"No such receivable: {receivable_id!r}.", param="id")
    return rec


async def get_loaded(
    session: AsyncSession, owner: Owner, receivable_id: str, *, read_only: bool = False
) -> repo.Loaded:
    """`get` with what rendering it needs, in one statement (`read_only`: to render only)."""
    loaded = await repo.get_loaded(session, owner, receivable_id, read_only=read_only)
    if loaded is None:
        raise NotFoundError(f"No such receivable: {receivable_id!r}.", param="id")
    return loaded


async def payments_page(
    session: AsyncSession, owner: Owner, receivable_id: str, page: PageParams
) -> PageResult:
    """The receivable's payments, one page: one statement, and the receivable read only when
    the page is empty or the cursor refused (an unknown receivable is a 404 before all)."""
    return await child_page(
        repo.payments_page(session, owner, receivable_id, page),
        lambda: get(session, owner, receivable_id),
    )


async def cancel(
    session: AsyncSession, rt: Runtime, owner: Owner, receivable_id: str, reason: str
) -> Receivable:
    rec = await get(session, owner, receivable_id, lock=True)
    await transition(session, rt, rec, "cancelled", reason=reason)
    return rec
