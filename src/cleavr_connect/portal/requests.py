"""What a debtor can ask from the portal besides paying: contest the claim, or promise to pay
by a date. Each goes through the same lifecycle and playbook paths as the operator's tools."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect import storage
from cleavr_connect.clock import isoformat
from cleavr_connect.errors import FieldError, ValidationError
from cleavr_connect.i18n import N_
from cleavr_connect.ids import new_id
from cleavr_connect.models import PaymentPromise, PortalDispute, Receivable
from cleavr_connect.receivables import disputes, instalments, service, steps
from cleavr_connect.runtime import Runtime
from cleavr_connect.text import has_control_characters

DISPUTE_REASONS = (
    "not_received",
    "defective",
    "already_paid",
    "amount_wrong",
    "not_my_debt",
    "other",
)
MAX_COMMENT = 2000
MAX_DOCUMENTS = 5
PROMISE_MAX_DAYS = 30
PROMISE_RULE = N_("Choose a date within 30 days from today.")
# What the debtor reads of a document of another type; any other refusal says storage's message
# (`storage.MESSAGES`, translated on the page).
DOCUMENT_TYPES_RULE = N_("Attach PDF, JPEG or PNG documents only.")


@dataclass(frozen=True)
class Upload:
    data: bytes
    filename: str | None


async def dispute(
    session: AsyncSession,
    rt: Runtime,
    rec: Receivable,
    *,
    reason: str,
    comment: str | None,
    documents: list[Upload],
) -> PortalDispute:
    """The debtor contests: documents checked (PDF/JPEG/PNG by content, ≤ 10 MB), the claim
    `disputed` (the playbook pauses, `receivable.disputed` carries the reason)."""
    errors: list[FieldError] = []
    if reason not in DISPUTE_REASONS:
        errors.append(FieldError("reason", "invalid", N_("Choose a reason from the list.")))
    # A browser sends each line break of a textarea as CRLF while its maxlength counted one
    # character: the length is the one the debtor saw.
    comment = (comment or "").replace("\r\n", "\n").strip() or None
    if comment and len(comment) > MAX_COMMENT:
        errors.append(FieldError("comment", "too_long", N_("Use at most 2000 characters.")))
    elif comment and has_control_characters(comment):
        # Typed text has none; PostgreSQL could not even store a NUL.
        errors.append(
            FieldError("comment", "invalid_characters", N_("Remove the invisible characters."))
        )
    if len(documents) > MAX_DOCUMENTS:
        errors.append(
            FieldError("documents", "too_many_documents", N_("Attach at most 5 documents."))
        )
    for upload in documents:
        try:
            await storage.check_async(upload.data, whole=True)
        except storage.UploadRejected as exc:
            message = exc.on_page(DOCUMENT_TYPES_RULE)
            errors.append(FieldError("documents", exc.code, message))
    if errors:
        raise ValidationError(errors)
    evidence = []
    for upload in documents:
        stored = await storage.store(
            rt.settings,
            upload.data,
            user_id=rec.user_id,
            livemode=rec.livemode,
            purpose="evidence",
            original_name=upload.filename,
            now=rt.clock.now(),
        )
        stored.receivable_id = rec.id
        session.add(stored)
        evidence.append(stored.id)
    row = PortalDispute(
        id=new_id("dsp", livemode=rec.livemode),
        receivable_id=rec.id,
        reason=reason,
        comment=comment,
        evidence_ids=evidence,
        created_at=rt.clock.now(),
    )
    session.add(row)
    await session.flush()
    await service.transition(session, rt, rec, "disputed", reason=reason)
    await service.add_action(
        session,
        rt,
        rec,
        disputes.DETAILS,
        "The debtor explained the dispute.",
        comment=comment,
        documents=evidence,
    )
    steps.pause(rec)
    await session.flush()
    return row


async def latest_dispute(session: AsyncSession, receivable_id: str) -> PortalDispute | None:
    stmt = (
        select(PortalDispute)
        .where(PortalDispute.receivable_id == receivable_id)
        .order_by(PortalDispute.created_at.desc(), PortalDispute.id.desc())
        .limit(1)
    )
    return (await session.execute(stmt)).scalar_one_or_none()


def dispute_object(row: PortalDispute) -> dict[str, Any]:
    return {
        "id": row.id,
        "reason": row.reason,
        "comment": row.comment,
        "evidence": list(row.evidence_ids),
        "created_at": isoformat(row.created_at),
        "resolved_at": isoformat(row.resolved_at) if row.resolved_at else None,
    }


def promise_window(rt: Runtime, rec: Receivable) -> tuple[date, date]:
    """The first and last day a promise to pay may name (the claim's clock: a test claim's own)."""
    today = service.receivable_now(rt, rec).date()
    return today, today + timedelta(days=PROMISE_MAX_DAYS)


async def promise(
    session: AsyncSession, rt: Runtime, rec: Receivable, raw_date: str | None
) -> PaymentPromise:
    """The debtor promises to pay by a date within 30 days: no reminder until the day after."""
    first, last = promise_window(rt, rec)
    try:
        promised = date.fromisoformat((raw_date or "").strip())
    except ValueError:
        raise ValidationError([FieldError("promised_for", "invalid_date", PROMISE_RULE)]) from None
    if not first <= promised <= last:
        raise ValidationError([FieldError("promised_for", "invalid_date", PROMISE_RULE)])
    row = PaymentPromise(
        id=new_id("ptp", livemode=rec.livemode),
        receivable_id=rec.id,
        promised_for=promised,
        created_at=rt.clock.now(),
    )
    session.add(row)
    resume_on = datetime.combine(promised + timedelta(days=1), time(9), tzinfo=UTC)
    # The steps the promise holds back are not all taken the day after it, dated in its days:
    # the next one falls due then, the later ones keep their spacing. A kept payment plan's
    # instalments are dated commitments already: a promise holds none of them.
    if (
        rec.next_action_at is not None
        and not instalments.is_active(rec.payment_plan)
        and steps.real_time(rec, resume_on) > rec.next_action_at
    ):
        steps.restart_from(rec, resume_on)
    await service.add_action(
        session,
        rt,
        rec,
        "payment_promised",
        f"The debtor promised to pay by {promised.isoformat()}.",
        promised_for=promised.isoformat(),
    )
    await session.flush()
    return row
