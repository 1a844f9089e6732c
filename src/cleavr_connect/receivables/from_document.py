"""Receivables from the invoice document a platform already has (SPEC §7, §13,
`POST /v1/receivables/ocr`).

An e-invoice (Factur-X / ZUGFeRD PDF, UBL or CII XML) is read exactly from its XML, and a PDF
with a readable text layer from that layer, during the request (in a thread, off the event
loop). A scan — a JPEG/PNG/TIFF, or a PDF page without a readable text layer — takes seconds per
page: the request stores the file, a `processing` receivable and its job in the OCR queue
(`reading_queue`), and answers 202; a worker reads it and settles it with `finish`, which ends
with `receivable.ocr_completed`. The API process never runs Tesseract.

Either way the outcome is the same: complete and consistent → submitted exactly as by
`POST /v1/receivables`; otherwise a `draft` listing its `missing_fields`. A credit note, or an
invoice another company issued, is refused. The original file stays attached as evidence.
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import datetime
from typing import Any

from pydantic import ValidationError as PydanticValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect import storage
from cleavr_connect.clock import isoformat
from cleavr_connect.errors import FieldError, ValidationError
from cleavr_connect.ids import new_id
from cleavr_connect.models import ReadingJob, Receivable, StoredFile, User
from cleavr_connect.ownership import Owner
from cleavr_connect.reading import extract
from cleavr_connect.reading.files import DocumentRejected
from cleavr_connect.receivables import drafts, service, submission
from cleavr_connect.receivables.schemas import ReceivableCreate, ReceivablePatch
from cleavr_connect.runtime import Runtime
from cleavr_connect.text import character_error, tainted
from cleavr_connect.users import repository as users

log = logging.getLogger("cleavr_connect.ocr")

# A required field read with less confidence is left for the integrator to confirm.
LOW_CONFIDENCE = 0.5
OVERRIDE_FIELDS = ("invoice", "debtor", "metadata")

# Schema limits, so that a long line read on a page never fails validation by its length.
_LIMITS = {
    "company_name": 200,
    "siret": 20,
    "vat_number": 20,
    "line1": 200,
    "line2": 200,
    "city": 100,
    "postal_code": 20,
    "country": 2,
    "email": 320,
    "phone": 30,
    "payment_terms": 500,
}


# -- the request ---------------------------------------------------------------------------------


def parse_overrides(form: Any) -> ReceivablePatch:
    """The optional JSON form fields `invoice`, `debtor`, `metadata`: what to add to, or put in
    place of, what is read (typically `debtor.contacts`: invoices rarely print an email)."""
    raw: dict[str, Any] = {}
    errors: list[FieldError] = []
    for name in OVERRIDE_FIELDS:
        value = form.get(name)
        if value is None or value == "":
            continue
        try:
            raw[name] = json.loads(value) if isinstance(value, str) else None
        except ValueError:
            raw[name] = None
        if not isinstance(raw[name], dict):
            errors.append(FieldError(name, "invalid_json", f"`{name}` must be a JSON object."))
        elif (found := tainted(raw[name], name)) is not None:
            # A JSON body gets this check before the endpoint; a JSON form field only here.
            errors.append(character_error(*found))
    if errors:
        raise ValidationError(errors)
    try:
        return ReceivablePatch.model_validate(raw)
    except PydanticValidationError as exc:
        raise ValidationError(drafts.pydantic_errors(exc)) from None


def _rejected(exc: DocumentRejected | storage.UploadRejected) -> ValidationError:
    return ValidationError([FieldError("file", exc.code, exc.message)])


async def _active_user(session: AsyncSession, owner: Owner, user_id: str) -> User:
    user = await users.get(session, owner, user_id)
    refused = submission.user_error(user_id, user.status if user else None)
    if refused is not None:
        raise ValidationError([refused])
    assert user is not None
    return user


async def upload(
    session: AsyncSession,
    rt: Runtime,
    owner: Owner,
    *,
    user_id: str,
    data: bytes,
    filename: str | None,
    overrides: ReceivablePatch,
) -> tuple[Receivable, bool]:
    """The receivable made from an uploaded invoice, and whether it is still `processing`
    (its job waits in the OCR queue, committed with the caller's transaction)."""
    user = await _active_user(session, owner, user_id)
    try:
        content_type = storage.check(data, storage.INVOICES)
        inspection = await asyncio.to_thread(extract.inspect_document, data, content_type)
    except (storage.UploadRejected, DocumentRejected) as exc:
        raise _rejected(exc) from None
    patch = overrides.model_dump(mode="json", exclude_unset=True)
    ocr: dict[str, Any] = {
        "status": "processing",
        "content_type": content_type,
        "pages": inspection.pages,
        "method": "einvoice" if inspection.einvoice else "ocr" if inspection.needs_ocr else "text",
        "fields": {},
        "overrides": patch,
        "attempts": 0,
    }
    if inspection.needs_ocr:
        rec = _new(owner, user_id, "processing", rt.clock.now())
        drafts.write(rec, drafts.merge(_empty(user_id), patch))
        stored = await _store(rt, rec.user_id, rec.livemode, data, filename)
        rec.ocr = {**ocr, "file_id": stored.id}
        session.add(rec)
        await session.flush()
        await _link(session, rt, rec, stored)
        session.add(
            ReadingJob(
                receivable_id=rec.id,
                file_id=stored.id,
                attempts=0,
                leased_by=None,
                available_at=rec.created_at,
                created_at=rec.created_at,
            )
        )
        return rec, True
    try:
        extraction = await asyncio.to_thread(
            extract.analyse, data, content_type, user_siret(user), ocr=False
        )
    except DocumentRejected as exc:
        raise _rejected(exc) from None
    refusal = _refusal(extraction, user)
    if refusal is not None:
        raise _rejected(refusal)
    stored = await _store(rt, user_id, owner.livemode, data, filename)
    ocr["file_id"] = stored.id
    rec = await _settle(session, rt, owner, user_id, None, extraction, ocr, stored=stored)
    return rec, False


def _new(owner: Owner, user_id: str, status: str, now: datetime) -> Receivable:
    return Receivable(
        id=new_id("rec", livemode=owner.livemode),
        platform_id=owner.platform_id,
        account_id=owner.account_id,
        livemode=owner.livemode,
        user_id=user_id,
        status=status,
        invoice_numbers=[],
        currency="EUR",
        debtor={},
        debtor_type="company",
        metadata_={},
        recovered_cents=0,
        commission_cents=0,
        clock_offset_days=0,
        playbook_step=0,
        timeline_seq=0,
        next_action_at=None,
        missing_fields=[],
        field_errors=[],
        created_at=now,
        updated_at=now,
    )


def _empty(user_id: str) -> dict[str, Any]:
    return {"user_id": user_id, "invoice": {}, "debtor": {}, "metadata": {}}


async def _store(
    rt: Runtime, user_id: str, livemode: bool, data: bytes, filename: str | None
) -> StoredFile:
    return await storage.store(
        rt.settings,
        data,
        user_id=user_id,
        livemode=livemode,
        purpose="invoice",
        original_name=filename,
        now=rt.clock.now(),
        allowed=storage.INVOICES,
    )


async def _link(session: AsyncSession, rt: Runtime, rec: Receivable, stored: StoredFile) -> None:
    """Keeps the original file as evidence on the receivable, and says so on its timeline."""
    stored.receivable_id = rec.id
    session.add(stored)
    await service.add_action(
        session,
        rt,
        rec,
        "invoice_uploaded",
        "Invoice file received.",
        file_id=stored.id,
        content_type=stored.content_type,
        size=stored.size,
    )


def user_siret(user: User) -> str | None:
    siret = (user.company or {}).get("siret")
    return str(siret) if siret else None


def _refusal(extraction: dict[str, Any], user: User) -> DocumentRejected | None:
    if extraction["document_type"] == "credit_note":
        return DocumentRejected(
            "credit_note_not_accepted",
            "This document is a credit note (avoir), not an invoice: there is nothing to recover.",
        )
    mine = user_siret(user)
    sellers = extraction.get("seller_sirets") or []
    # The SIREN (first 9 digits) is the company; another establishment of it is still the user.
    if mine and sellers and all(s[:9] != mine[:9] for s in sellers):
        return DocumentRejected(
            "seller_siret_mismatch",
            f"This invoice was issued by SIRET {sellers[0]}, not by this user ({mine}): a user "
            "can only send its own invoices.",
        )
    return None


# -- from an extraction to a receivable ----------------------------------------------------------


def extracted_data(user_id: str, extraction: dict[str, Any]) -> dict[str, Any]:
    """The extraction as a `POST /v1/receivables` body; fields read with low confidence are
    left out (they stay visible, with their confidence, under `ocr.fields`)."""
    fields = extraction["fields"]

    def value(name: str) -> Any:
        entry = fields.get(name)
        if not entry or entry["confidence"] < LOW_CONFIDENCE:
            return None
        found = entry["value"]
        limit = _LIMITS.get(name.rsplit(".", 1)[-1])
        return found[:limit] if limit and isinstance(found, str) else found

    address = {
        key: value(f"debtor.address.{key}")
        for key in ("line1", "line2", "postal_code", "city", "country")
    }
    address = {k: v for k, v in address.items() if v is not None}
    contact = {"email": value("debtor.email"), "phone": value("debtor.phone")}
    contact = {k: v for k, v in contact.items() if v is not None}
    return {
        "user_id": user_id,
        "invoice": {
            "numbers": value("invoice.numbers") or [],
            "issue_date": value("invoice.issue_date"),
            "due_date": value("invoice.due_date"),
            "amount": value("invoice.amount"),
            "amount_before_tax": value("invoice.amount_before_tax"),
            "tax_amount": value("invoice.tax_amount"),
            "currency": value("invoice.currency") or "EUR",
            "payment_terms": value("invoice.payment_terms"),
            "late_penalty_rate": value("invoice.late_penalty_rate"),
        },
        "debtor": {
            "company_name": value("debtor.company_name"),
            "company_type": value("debtor.company_type") or "company",
            "siret": value("debtor.siret"),
            "vat_number": value("debtor.vat_number"),
            "address": address or None,
            # A contact needs an email (SPEC §7); a phone alone stays under `ocr.fields`.
            "contacts": [{**contact, "level": 0}] if "email" in contact else [],
        },
        "metadata": {},
    }


def _low_confidence(errors: list[FieldError], extraction: dict[str, Any]) -> list[FieldError]:
    out = []
    for error in errors:
        entry = extraction["fields"].get(error.param)
        if error.code == "missing" and entry:
            error = FieldError(
                error.param,
                "low_confidence",
                f"Read as {entry['value']!r} with confidence {entry['confidence']}: "
                "confirm or correct it.",
            )
        out.append(error)
    return out


async def _settle(
    session: AsyncSession,
    rt: Runtime,
    owner: Owner,
    user_id: str,
    rec: Receivable | None,
    extraction: dict[str, Any],
    ocr: dict[str, Any],
    *,
    stored: StoredFile | None = None,
) -> Receivable:
    """Submits what is complete, keeps as a draft what is not. `rec` is the `processing`
    receivable of a scan; for a text PDF read during the request it is None, and `stored` is
    the file to attach to the receivable made here."""
    ocr = {
        **ocr,
        **{k: extraction[k] for k in ("language", "document_type", "fields", "seconds")},
        "method": extraction["method"],
        "status": "completed",
        "error": None,
        "completed_at": isoformat(rt.clock.now()),
    }
    body = drafts.merge(extracted_data(user_id, extraction), ocr.get("overrides") or {})
    errors = await drafts.assess_for_submission(session, rt, owner, body)
    if not errors:
        # Checked above with the rules of `service.create`, which cannot refuse it now but for
        # a concurrent duplicate: then the request (or the job, retried later) fails like
        # `POST /v1/receivables` would.
        create = ReceivableCreate.model_validate(body)
        if rec is None:
            rec = await service.create(session, rt, owner, create, extra={"ocr": ocr}, accept=False)
        else:
            rec.ocr = ocr
            await service.create(session, rt, owner, create, draft=rec, accept=False)
        if stored is not None:
            await _link(session, rt, rec, stored)
        if not rec.livemode:  # accepted once the file is on its timeline, as POST does
            await service.accept(session, rt, rec)
        await service.emit(session, rt, "receivable.ocr_completed", rec)
        return rec
    else:
        if rec is None:
            rec = _new(owner, user_id, "draft", rt.clock.now())
            session.add(rec)
            await session.flush()
            if stored is not None:
                await _link(session, rt, rec, stored)
        drafts.write(rec, body)
        drafts.record(rec, _low_confidence(errors, extraction))
        rec.ocr = ocr
        rec.updated_at = rt.clock.now()
        if rec.status == "processing":
            await service.transition(session, rt, rec, "draft")
        await session.flush()
    await service.emit(session, rt, "receivable.ocr_completed", rec)
    return rec


# -- the outcome of a queued reading ---------------------------------------------------


async def finish(
    session: AsyncSession,
    rt: Runtime,
    rec: Receivable,
    extraction: dict[str, Any] | None,
    failure: DocumentRejected | None,
) -> None:
    owner = service.owner_of(rec)
    ocr = dict(rec.ocr or {})
    user = await users.by_id_unscoped(session, rec.user_id)
    if extraction is not None and user is not None:
        failure = _refusal(extraction, user)
        if failure is None:
            await _settle(session, rt, owner, rec.user_id, rec, extraction, ocr)
            return
        ocr.update({k: extraction[k] for k in ("language", "document_type", "fields", "seconds")})
    assert failure is not None
    ocr.update(
        status="failed",
        error={"code": failure.code, "message": failure.message},
        completed_at=isoformat(rt.clock.now()),
    )
    rec.ocr = ocr
    if failure.code in ("credit_note_not_accepted", "seller_siret_mismatch"):
        await service.transition(session, rt, rec, "cancelled", reason=failure.message)
    else:
        # Unreadable: a draft with everything to give by hand; the file stays as evidence.
        data = drafts.merge(_empty(rec.user_id), ocr.get("overrides") or {})
        drafts.write(rec, data)
        drafts.record(rec, await drafts.assess_for_submission(session, rt, owner, data))
        await service.transition(session, rt, rec, "draft")
    await service.emit(session, rt, "receivable.ocr_completed", rec)
