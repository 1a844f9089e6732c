from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from starlette.datastructures import FormData

from cleavr_connect import storage
from cleavr_connect.api.created import Created
from cleavr_connect.api.deps import OwnerDep, TestModeOnly
from cleavr_connect.api.openapi import ERROR_RESPONSES
from cleavr_connect.api.pagination import Page
from cleavr_connect.api.routing import Exact, ShapedRoute, reads_row
from cleavr_connect.auth.dependencies import requires
from cleavr_connect.errors import ConflictError, FieldError, ValidationError
from cleavr_connect.receivables import (
    dossier,
    drafts,
    from_document,
    payments,
    rendering,
    repository,
    service,
    steps,
    waiver,
)
from cleavr_connect.receivables.schemas import (
    CancelIn,
    DisputeIn,
    PaymentIn,
    PaymentList,
    ReceivableCreate,
    ReceivableList,
    ReceivableOut,
    ReceivablePatch,
    ResolveDisputeIn,
    Status,
    WaiveIn,
)
from cleavr_connect.scopes import Scope
from cleavr_connect.text import character_error, nfc, refused_character
from cleavr_connect.web import forms
from cleavr_connect.web.deps import RuntimeDep, SessionDep

router = APIRouter(
    route_class=ShapedRoute, prefix="/v1", tags=["Receivables"], responses=ERROR_RESPONSES
)
helpers = APIRouter(
    route_class=ShapedRoute,
    prefix="/v1/test_helpers/receivables",
    tags=["Test helpers"],
    responses=ERROR_RESPONSES,
)


async def _form(request: Request) -> FormData:
    """The upload's form; a file name too long to parse is the `file` field's fault."""
    try:
        return await forms.read_form(request)
    except forms.FileNameTooLong:
        raise ValidationError(
            [FieldError("file", "filename_too_long", storage.MESSAGES["filename_too_long"])]
        ) from None


Read = [requires(Scope.RECEIVABLES_READ)]
Write = [requires(Scope.RECEIVABLES_WRITE)]
HelperDeps = [requires(Scope.RECEIVABLES_WRITE), TestModeOnly]


@router.post(
    "/receivables", response_model=ReceivableOut, dependencies=Write, summary="Submit a receivable"
)
async def create_receivable(
    body: ReceivableCreate, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> Exact:
    """Sends an overdue invoice to amicable recovery for an active user. Refusals name the
    field: `user_not_onboarded`, `amount_mismatch`, `invoice_not_overdue`,
    `contact_email_required`, `invalid_siret`, `invalid_vat_number`, `claim_prescribed`,
    `currency_not_supported`, `issue_date_in_future`, `issue_date_too_early` (more than a year
    before the due date), `service_date_too_early` (more than a year before the issue date);
    an invoice number already open for the user is 409 `duplicate_receivable`. Test mode
    accepts it into recovery at once; the playbook's steps (the first reminder is due the same
    day) follow from the back office, or from `advance`."""
    _, obj = await service.submit(session, rt, owner, body, alone=True)
    return Exact(rendering.exact(obj))


def _multipart(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": required}
    return {"requestBody": {"content": {"multipart/form-data": {"schema": schema}}}}


_JSON_PART = {"type": "string", "contentMediaType": "application/json"}


@router.post(
    "/receivables/ocr",
    response_model=ReceivableOut,
    dependencies=Write,
    summary="Create a receivable from a document (e-invoice, PDF or scan)",
    responses={202: {"description": "A scan is being read: the receivable is `processing`"}},
    openapi_extra=_multipart(
        {
            "file": {
                "type": "string",
                "format": "binary",
                "description": "Factur-X/ZUGFeRD or other PDF, UBL 2.1 or CII XML, JPEG/PNG/TIFF",
            },
            "user_id": {"type": "string", "minLength": 1},
            "invoice": {**_JSON_PART, "description": "JSON: invoice fields to add or override"},
            "debtor": {**_JSON_PART, "description": "JSON: debtor fields, e.g. `contacts`"},
            "metadata": {**_JSON_PART, "description": "JSON: metadata"},
        },
        ["file", "user_id"],
    ),
)
async def create_from_invoice(
    request: Request,
    response: Response,
    owner: OwnerDep,
    session: SessionDep,
    rt: RuntimeDep,
) -> dict[str, Any]:
    """Reads the invoice document a platform already has (≤ 10 MB): an e-invoice — a
    Factur-X/ZUGFeRD PDF, or a UBL 2.1 or CII XML file — read exactly from its XML
    (`ocr.method: "einvoice"`, the buyer party as debtor; what the XML lacks, as a Factur-X
    MINIMUM's buyer address and due date, completed from the PDF's printed page, each such
    field with its own `confidence` and a `source` other than `einvoice`, never overriding
    the XML); any other PDF (≤ 20 pages) read from
    its text layer, or a JPEG/PNG/TIFF scan read by OCR (French, English, German, Spanish,
    Italian). Every field found is
    listed under `ocr.fields` with a `confidence`, the `page` and the `box` it was read from.
    Optional JSON form fields `invoice`, `debtor` and `metadata` complete or override what is
    read (invoices rarely print the debtor's email: send `debtor` as `{"contacts": [...]}`).

    Complete and consistent (before tax + tax = total), the receivable is submitted exactly as
    by `POST /v1/receivables`; otherwise it is a `draft` whose `missing_fields` say what to give
    with `PATCH` before `POST /v1/receivables/{id}/submit`. A text PDF is answered at once
    (200). A scan, or a PDF whose text layer is unreadable, answers **202** with the receivable
    `processing`: a worker reads it, and the event `receivable.ocr_completed` follows. Refused:
    `file_type_not_allowed`, `file_too_large`, `too_many_pages`, `page_too_large`,
    `document_too_large`, `file_encrypted`, `file_unreadable`,
    `credit_note_not_accepted`, `seller_siret_mismatch` (the invoice's seller must be the user)."""
    form = await _form(request)
    upload = form.get("file")
    user_id = form.get("user_id")
    errors = []
    if upload is None or isinstance(upload, str):
        errors.append(FieldError("file", "file_required", "Send the invoice as `file`."))
    if not isinstance(user_id, str) or not user_id:
        errors.append(FieldError("user_id", "missing", "Send the `user_id` the invoice is for."))
    elif character := refused_character(user_id):
        # A form field escapes the JSON body's check; PostgreSQL cannot compare a NUL.
        errors.append(character_error("user_id", character))
    if errors:
        raise ValidationError(errors)
    assert upload is not None and not isinstance(upload, str) and isinstance(user_id, str)
    overrides = from_document.parse_overrides(form)
    data = await upload.read(storage.MAX_UPLOAD_BYTES + 1)
    rec, processing = await from_document.upload(
        session,
        rt,
        owner,
        user_id=user_id,
        data=data,
        filename=upload.filename,
        overrides=overrides,
    )
    if processing:
        response.status_code = 202
    return await service.render(session, rt, rec)


@router.patch(
    "/receivables/{receivable_id}",
    response_model=ReceivableOut,
    dependencies=Write,
    summary="Complete a draft",
)
async def update_draft(
    receivable_id: str, body: ReceivablePatch, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """Completes or corrects a `draft` (any other status: 409 `receivable_not_draft`). Fields
    replace fields; `debtor.address` and `debtor.contacts` are replaced whole; metadata keys
    merge (`""` removes one). What is sent is checked at once (`invalid_siret`,
    `invalid_amount`, …); what depends on other fields or on time (`amount_mismatch`,
    `invoice_not_overdue`) stays listed in `missing_fields` until `submit`."""
    rec = await drafts.update(session, rt, owner, receivable_id, body)
    return await service.render(session, rt, rec)


@router.post(
    "/receivables/{receivable_id}/submit",
    response_model=ReceivableOut,
    dependencies=Write,
    summary="Submit a draft",
)
async def submit_draft(
    receivable_id: str, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """Sends a completed draft to recovery with every check of `POST /v1/receivables` (same
    refusals, same events; `receivable.created` is emitted now). Only a `draft` can be
    submitted: 409 `invalid_state_transition` otherwise."""
    rec = await drafts.submit(session, rt, owner, receivable_id)
    return await service.render(session, rt, rec)


@router.get(
    "/receivables", response_model=ReceivableList, dependencies=Read, summary="List receivables"
)
async def list_receivables(
    owner: OwnerDep,
    session: SessionDep,
    rt: RuntimeDep,
    page: Page,
    created: Created,
    user_id: Annotated[str | None, Query(description="Only this user's receivables.")] = None,
    status: Annotated[Status | None, Query()] = None,
) -> Exact:
    """Newest first, with cursor pagination. `created[gte]`, `created[gt]`, `created[lte]` and
    `created[lt]` take ISO-8601, a date (the whole UTC day) or Unix seconds; a value that is
    none of them is refused (`invalid_timestamp`)."""
    if created.errors:
        raise ValidationError(created.errors)
    result = await repository.list_page(
        session, owner, page, user_id=user_id, status=status, created=created.range
    )
    data = await service.render_loaded(session, rt, result.items)
    return Exact(
        {"object": "list", "data": data, "has_more": result.has_more, "url": "/v1/receivables"}
    )


@router.get(
    "/receivables/{receivable_id}",
    response_model=ReceivableOut,
    dependencies=Read,
    summary="Get a receivable",
)
@reads_row(repository.LOADED, "receivable_id")
async def get_receivable(
    receivable_id: str, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> Exact:
    """Recovery progress: `stage`, the dated `timeline`, `next_action_at`, and the amounts."""
    loaded = await service.get_loaded(session, owner, receivable_id, read_only=True)
    return Exact((await service.render_loaded(session, rt, [loaded]))[0])


@router.post(
    "/receivables/{receivable_id}/cancel",
    response_model=ReceivableOut,
    dependencies=Write,
    summary="Cancel",
)
async def cancel_receivable(
    receivable_id: str, body: CancelIn, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """Withdraws an open receivable from recovery, with a reason."""
    rec = await service.cancel(session, rt, owner, receivable_id, body.reason)
    return await service.render(session, rt, rec)


@router.post(
    "/receivables/{receivable_id}/evidence",
    response_model=ReceivableOut,
    dependencies=Write,
    summary="Upload evidence",
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "file": {"type": "string", "format": "binary"},
                            "description": {"type": "string"},
                        },
                        "required": ["file"],
                    }
                }
            }
        }
    },
)
async def upload_evidence(
    receivable_id: str, request: Request, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """Attaches a document (PDF, JPEG or PNG, ≤ 10 MB, type read from the content) answering a
    dispute: delivery notes, signed quotes, emails."""
    rec = await service.get(session, owner, receivable_id)
    form = await _form(request)
    upload = form.get("file")
    note = form.get("description")
    errors = []
    if upload is None or isinstance(upload, str):
        errors.append(FieldError("file", "file_required", "Send the document as `file`."))
    if isinstance(note, str) and (character := refused_character(note)):
        # Checked before the file is kept: a refused request leaves nothing behind.
        errors.append(character_error("description", character))
    if errors:
        raise ValidationError(errors)
    assert upload is not None and not isinstance(upload, str)
    data = await upload.read(storage.MAX_UPLOAD_BYTES + 1)
    try:
        stored = await storage.store(
            rt.settings,
            data,
            user_id=rec.user_id,
            livemode=rec.livemode,
            purpose="evidence",
            original_name=upload.filename,
            now=rt.clock.now(),
        )
    except storage.UploadRejected as exc:
        raise ValidationError([FieldError("file", exc.code, exc.message)]) from None
    stored.receivable_id = rec.id
    session.add(stored)
    await session.flush()
    await service.add_action(
        session,
        rt,
        rec,
        "evidence_added",
        "Evidence document added.",
        file_id=stored.id,
        content_type=stored.content_type,
        size=stored.size,
        note=nfc(note) if isinstance(note, str) else None,
    )
    return await service.render(session, rt, rec)


@router.get(
    "/receivables/{receivable_id}/payments",
    response_model=PaymentList,
    dependencies=Read,
    summary="List payments",
)
async def list_payments(
    receivable_id: str, owner: OwnerDep, session: SessionDep, page: Page
) -> dict[str, Any]:
    """The payments received for the receivable, newest first, paginated like every list."""
    result = await service.payments_page(session, owner, receivable_id, page)
    return result.as_list(f"/v1/receivables/{receivable_id}/payments", payments.as_object)


@router.post(
    "/receivables/{receivable_id}/direct_payments",
    response_model=ReceivableOut,
    dependencies=Write,
    summary="Report a payment made to the creditor",
)
async def report_direct_payment(
    receivable_id: str, body: PaymentIn, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """The debtor paid the creditor directly after the claim was submitted: report it so that
    it reduces what is claimed (imputed like any payment: interest and penalties first). The
    mandate's commission applies to it (rate fixed at submission, plus 20 % VAT) and is
    deducted from the user's payouts. `paid_at` (default: today) cannot predate the
    submission (400 `paid_before_submission`); beyond what was owed it is an overpayment."""
    rec = await service.get(session, owner, receivable_id, lock=True)
    if rec.status in ("processing", "draft"):
        raise ConflictError(
            f"A {rec.status} receivable takes no payment.", code="invalid_state_transition"
        )
    await payments.record(session, rt, rec, body.amount, body.paid_at, source="direct")
    return await service.render(session, rt, rec)


@router.get(
    "/receivables/{receivable_id}/dossier",
    dependencies=Read,
    summary="Handoff dossier",
    response_class=Response,
    responses={
        200: {
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            "description": "A ZIP of the claim's file",
        }
    },
)
async def get_dossier(
    receivable_id: str,
    owner: OwnerDep,
    session: SessionDep,
    rt: RuntimeDep,
    lang: Annotated[Literal["fr", "en"], Query()] = "fr",
) -> Response:
    """When amicable recovery ended without full payment (`closed`, announced by
    `receivable.dossier_ready`): a ZIP with the statement of account (PDF and CSV), the invoice
    and documents, every message sent to the debtor with its dispatch record, the dispute
    history, a pre-filled requête en injonction de payer (tribunal de commerce for a
    professional debtor, tribunal judiciaire for a consumer) and the certificate for the VAT
    relief of an unpaid invoice. Any other status: 409 `dossier_not_available`."""
    loaded = await service.get_loaded(session, owner, receivable_id)
    body = await dossier.build(session, rt, loaded, lang)
    name = f"{loaded.receivable.id}-dossier.zip"
    return Response(
        body,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post(
    "/receivables/{receivable_id}/waive",
    response_model=ReceivableOut,
    dependencies=Write,
    summary="Waive the accessories",
)
async def waive(
    receivable_id: str, body: WaiveIn, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """The creditor gives up, from today, the late penalties (a consumer's interest) and/or
    the €40 indemnities: what had accrued unpaid is shown under `amounts.waived` and nothing
    more accrues. A claim whose principal is paid becomes `recovered`. Open claims only
    (409 `invalid_state_transition`)."""
    rec = await service.get(session, owner, receivable_id, lock=True)
    await waiver.waive(
        session,
        rt,
        rec,
        late_penalties=body.late_penalties,
        fixed_indemnity=body.fixed_indemnity,
        reason=body.reason,
    )
    return await service.render(session, rt, rec)


# -- test helpers (SPEC §2): test-mode tokens only ---------------------------------------------
# Advancing the test clock runs the playbook: `recovery.endpoints`.


@helpers.post(
    "/{receivable_id}/payments",
    response_model=ReceivableOut,
    dependencies=HelperDeps,
    summary="Simulate a debtor payment",
)
async def test_payment(
    receivable_id: str, body: PaymentIn, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """Records a debtor payment (`paid_at` defaults to the receivable's today)."""
    rec = await service.get(session, owner, receivable_id, lock=True)
    if rec.status in ("processing", "draft"):
        raise ConflictError(
            f"A {rec.status} receivable takes no payment.", code="invalid_state_transition"
        )
    await payments.record(session, rt, rec, body.amount, body.paid_at, source="test_helper")
    return await service.render(session, rt, rec)


@helpers.post(
    "/{receivable_id}/dispute",
    response_model=ReceivableOut,
    dependencies=HelperDeps,
    summary="Simulate a dispute",
)
async def dispute(
    receivable_id: str, body: DisputeIn, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """The debtor contests the claim: recovery pauses."""
    rec = await service.get(session, owner, receivable_id, lock=True)
    await service.transition(session, rt, rec, "disputed", reason=body.reason)
    steps.pause(rec)
    return await service.render(session, rt, rec)


@helpers.post(
    "/{receivable_id}/resolve_dispute",
    response_model=ReceivableOut,
    dependencies=HelperDeps,
    summary="Resolve a dispute",
)
async def resolve_dispute(
    receivable_id: str, body: ResolveDisputeIn, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """`resume` puts the receivable back into recovery where the playbook stopped; `close`
    ends it with the outcome `escalation_required`."""
    rec = await service.get(session, owner, receivable_id, lock=True)
    if body.outcome == "resume":
        await service.transition(session, rt, rec, "in_recovery")
        steps.resume(rt, rec)
    else:
        await service.transition(session, rt, rec, "closed", outcome="escalation_required")
    return await service.render(session, rt, rec)
