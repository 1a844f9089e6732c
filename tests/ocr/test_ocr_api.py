"""`POST /v1/receivables/ocr`, `PATCH /v1/receivables/{id}` and `POST …/submit` (SPEC §7), on
SQLite and PostgreSQL: the quartet, text PDFs read during the request, every refusal, drafts
completed and submitted, and a scan read after the response (202 → `receivable.ocr_completed`)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from cleavr_connect.models import Event, ReadingJob, Receivable, StoredFile
from cleavr_connect.receivables import from_document, reading_queue
from tests.factories import caller
from tests.ocr import invoices
from tests.ocr.api_calls import post_invoice
from tests.ocr.scanner import scan

CONTACTS = [{"first_name": "Jean", "last_name": "Dupont", "email": "jean@dupont.example"}]


@pytest.fixture
async def draft(client, owner, user):  # type: ignore[no-untyped-def]
    response = await post_invoice(client, owner, user["id"], invoices.pdf())
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "draft"
    return response.json()


async def event_types(db: Any, object_id: str) -> list[str]:
    async with db.transaction() as session:
        rows = await session.execute(
            select(Event.type).where(Event.object_id == object_id).order_by(Event.created_at)
        )
        return list(rows.scalars())


async def count(db: Any, model: Any) -> int:
    async with db.transaction() as session:
        return (await session.execute(select(func.count()).select_from(model))).scalar_one()


# -- the quartet --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PATCH", "/v1/receivables/{id}", {"debtor": {"contacts": CONTACTS}}),
        ("POST", "/v1/receivables/{id}/submit", None),
    ],
)
async def test_quartet_for_drafts(client, db, runtime, owner, draft, method, path, body) -> None:  # type: ignore[no-untyped-def]
    url = path.format(id=draft["id"])
    assert (await client.request(method, url, json=body)).status_code == 401
    narrow = await caller(
        client,
        db,
        runtime,
        scope="receivables:read",
        platform=owner.platform,
        account=owner.account,
    )
    denied = await client.request(method, url, json=body, headers=narrow.headers)
    assert denied.status_code == 403
    assert 'scope="receivables:write"' in denied.headers["www-authenticate"]
    for stranger in (
        await caller(client, db, runtime, account=owner.account),
        await caller(client, db, runtime, platform=owner.platform),
    ):
        response = await client.request(method, url, json=body, headers=stranger.headers)
        assert response.status_code == 404, response.text
    if body is not None:
        bad = await client.request(method, url, json={"nonsense": 1}, headers=owner.headers)
        assert bad.status_code == 400 and bad.json()["error"]["param"] == "nonsense", bad.text


async def test_quartet_for_upload(client, db, runtime, owner, user) -> None:  # type: ignore[no-untyped-def]
    pdf = invoices.pdf()
    anonymous = await client.post(
        "/v1/receivables/ocr", files={"file": ("f.pdf", pdf)}, data={"user_id": user["id"]}
    )
    assert anonymous.status_code == 401
    narrow = await caller(
        client,
        db,
        runtime,
        scope="receivables:read",
        platform=owner.platform,
        account=owner.account,
    )
    denied = await post_invoice(client, narrow, user["id"], pdf)
    assert denied.status_code == 403
    # Someone else's user does not exist for this caller (as for POST /v1/receivables).
    stranger = await caller(client, db, runtime, account=owner.account)
    foreign = await post_invoice(client, stranger, user["id"], pdf)
    assert foreign.status_code == 400 and foreign.json()["error"]["code"] == "resource_missing"
    assert foreign.json()["error"]["param"] == "user_id"
    missing = await client.post(
        "/v1/receivables/ocr", data={"user_id": user["id"]}, headers=owner.headers
    )
    assert missing.status_code == 400 and missing.json()["error"]["param"] == "file"
    no_user = await client.post(
        "/v1/receivables/ocr", files={"file": ("f.pdf", pdf)}, headers=owner.headers
    )
    assert no_user.status_code == 400 and no_user.json()["error"]["param"] == "user_id"
    bad_json = await client.post(
        "/v1/receivables/ocr",
        files={"file": ("f.pdf", pdf)},
        data={"user_id": user["id"], "debtor": "{not json"},
        headers=owner.headers,
    )
    assert bad_json.status_code == 400 and bad_json.json()["error"]["param"] == "debtor"
    bad_field = await post_invoice(client, owner, user["id"], pdf, debtor={"contacts": "x"})
    assert bad_field.status_code == 400
    assert bad_field.json()["error"]["param"] == "debtor.contacts"
    assert await count(db, Receivable) == 0


# -- text PDFs --------------------------------------------------------------------------------------


async def test_complete_text_pdf_is_submitted_like_post_receivables(
    client, db, runtime, owner, user
) -> None:  # type: ignore[no-untyped-def]
    pdf = invoices.pdf()
    response = await post_invoice(client, owner, user["id"], pdf, debtor={"contacts": CONTACTS})
    assert response.status_code == 200, response.text
    rec = response.json()
    assert rec["status"] == "in_recovery"  # test mode accepts at once, as POST does
    assert rec["missing_fields"] == [] and rec["field_errors"] == []
    spec = invoices.spec()
    assert rec["invoice"]["numbers"] == ["F-2025-0142"]
    assert rec["invoice"]["issue_date"] == "2025-11-03"
    assert rec["invoice"]["due_date"] == "2025-12-03"
    assert (rec["invoice"]["amount"], rec["invoice"]["amount_before_tax"]) == (1200.0, 1000.0)
    assert rec["invoice"]["tax_amount"] == 200.0
    assert rec["debtor"]["company_name"] == spec.debtor.name
    assert rec["debtor"]["siret"] == spec.debtor.siret
    assert rec["debtor"]["address"]["postal_code"] == spec.debtor.postal_code
    assert rec["debtor"]["contacts"][0]["email"] == "jean@dupont.example"
    reading = rec["ocr"]
    assert reading["status"] == "completed" and reading["method"] == "text"
    assert reading["pages"] == 1 and reading["language"] == "fr"
    amount = reading["fields"]["invoice.amount"]
    assert amount["value"] == "1200.00" and amount["confidence"] >= 0.9 and amount["page"] == 1
    x0, top, x1, bottom = amount["box"]
    assert 0 <= x0 < x1 <= 1 and 0 <= top < bottom <= 1
    assert reading["fields"]["seller.siret"]["value"] == "73282932000074"
    types = [t["type"] for t in rec["timeline"]]
    assert types[:2] == ["submitted", "invoice_uploaded"] and "accepted" in types
    types = await event_types(db, rec["id"])
    assert types.count("receivable.created") == types.count("receivable.ocr_completed") == 1
    async with db.transaction() as session:
        stored = (await session.execute(select(StoredFile))).scalar_one()
    assert stored.receivable_id == rec["id"] and stored.purpose == "invoice"
    assert (runtime.settings.data_dir / stored.path).read_bytes() == pdf
    assert reading["file_id"] == stored.id


async def test_incomplete_text_pdf_is_a_draft_completed_then_submitted(
    client, db, owner, user, draft
) -> None:  # type: ignore[no-untyped-def]
    assert draft["missing_fields"] == ["debtor.contacts"]
    assert draft["field_errors"][0]["code"] == "missing"
    assert draft["invoice"]["amount"] == 1200.0 and draft["debtor"].get("contacts") in (None, [])
    assert draft["ocr"]["fields"]["debtor.phone"]["value"] == "+33142685300"
    assert draft["next_action_at"] is None
    assert await event_types(db, draft["id"]) == ["receivable.ocr_completed"]
    url = f"/v1/receivables/{draft['id']}"
    early = await client.post(f"{url}/submit", headers=owner.headers)
    assert early.status_code == 400 and early.json()["error"]["param"] == "debtor.contacts"
    bad = await client.patch(
        url, json={"debtor": {"siret": "12345678901234"}}, headers=owner.headers
    )
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_siret"
    patched = await client.patch(
        url,
        json={"debtor": {"contacts": CONTACTS}, "metadata": {"crm": "7"}},
        headers=owner.headers,
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["status"] == "draft" and patched.json()["missing_fields"] == []
    assert patched.json()["metadata"] == {"crm": "7"}
    submitted = await client.post(f"{url}/submit", headers=owner.headers)
    assert submitted.status_code == 200, submitted.text
    rec = submitted.json()
    assert rec["status"] == "in_recovery" and rec["debtor"]["contacts"][0]["level"] == 0
    assert rec["amounts"]["fixed_indemnity"] == 40.0
    types = await event_types(db, draft["id"])
    assert types.count("receivable.created") == 1  # announced when submitted, not as a draft
    assert types.count("receivable.status_updated") == 2  # draft → pending → in_recovery
    again = await client.post(f"{url}/submit", headers=owner.headers)
    assert again.status_code == 409 and again.json()["error"]["code"] == "invalid_state_transition"
    edit = await client.patch(url, json={"metadata": {"a": "b"}}, headers=owner.headers)
    assert edit.status_code == 409 and edit.json()["error"]["code"] == "receivable_not_draft"


async def test_submit_applies_the_rules_of_post_receivables(client, owner, user) -> None:  # type: ignore[no-untyped-def]
    first = await post_invoice(
        client, owner, user["id"], invoices.pdf(), debtor={"contacts": CONTACTS}
    )
    assert first.json()["status"] == "in_recovery"
    twin = (await post_invoice(client, owner, user["id"], invoices.pdf())).json()
    assert twin["status"] == "draft"
    url = f"/v1/receivables/{twin['id']}"
    await client.patch(url, json={"debtor": {"contacts": CONTACTS}}, headers=owner.headers)
    listed = (await client.get(url, headers=owner.headers)).json()
    assert listed["missing_fields"] == ["invoice.numbers"]
    assert listed["field_errors"][0]["code"] == "duplicate_receivable"
    refused = await client.post(f"{url}/submit", headers=owner.headers)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "duplicate_receivable"
    assert (await client.get(url, headers=owner.headers)).json()["status"] == "draft"
    renamed = await client.patch(
        url,
        json={"invoice": {"numbers": ["F-2025-0143"], "amount": 1300}},
        headers=owner.headers,
    )
    assert renamed.json()["missing_fields"] == ["invoice.amount"]
    assert renamed.json()["field_errors"][0]["code"] == "amount_mismatch"
    mismatch = await client.post(f"{url}/submit", headers=owner.headers)
    assert mismatch.status_code == 400 and mismatch.json()["error"]["code"] == "amount_mismatch"


async def test_overrides_complete_and_replace_what_is_read(client, owner, user) -> None:  # type: ignore[no-untyped-def]
    response = await post_invoice(
        client,
        owner,
        user["id"],
        invoices.pdf(),
        invoice={"service_description": "Chauffe-eau", "numbers": ["OVR-1"]},
        debtor={"contacts": CONTACTS, "company_name": "Dupont Frères"},
        metadata={"source": "upload"},
    )
    rec = response.json()
    assert rec["status"] == "in_recovery", rec
    assert rec["invoice"]["numbers"] == ["OVR-1"]
    assert rec["invoice"]["service_description"] == "Chauffe-eau"
    assert rec["debtor"]["company_name"] == "Dupont Frères"
    assert rec["metadata"] == {"source": "upload"}
    assert rec["ocr"]["fields"]["invoice.numbers"]["value"] == ["F-2025-0142"]


# -- refusals ------------------------------------------------------------------------------------


def _big_pdf() -> bytes:
    return invoices.pdf() + b"%" + b"0" * (10 * 1024 * 1024)


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda: b"<html><body>not an invoice</body></html>", "file_type_not_allowed"),
        (_big_pdf, "file_too_large"),
        (lambda: invoices.pages_pdf(21), "too_many_pages"),
        (invoices.encrypted_pdf, "file_encrypted"),
        (invoices.huge_page_pdf, "page_too_large"),
        (lambda: b"<?xml version='1.0'?><order><id>1</id></order>", "file_type_not_allowed"),
        (lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntruncated", "file_unreadable"),
        (lambda: b"II*\x00" + b"\x00" * 60, "file_unreadable"),
        (lambda: invoices.pdf(credit_note=True), "credit_note_not_accepted"),
        (lambda: invoices.pdf(seller=invoices.other_seller()), "seller_siret_mismatch"),
    ],
    ids=[
        "not_pdf",
        "too_large",
        "too_many_pages",
        "encrypted",
        "huge_page",
        "xml_not_einvoice",
        "broken",
        "tiff_broken",
        "credit_note",
        "seller",
    ],
)
async def test_refusals(client, db, owner, user, make, code) -> None:  # type: ignore[no-untyped-def]
    response = await post_invoice(client, owner, user["id"], make())
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == code and error["param"] == "file", error
    assert await count(db, Receivable) == 0 and await count(db, StoredFile) == 0


async def test_user_must_be_onboarded(client, owner) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import create_user

    pending = await create_user(client, owner)
    response = await post_invoice(client, owner, pending["id"], invoices.pdf())
    assert response.status_code == 400 and response.json()["error"]["code"] == "user_not_onboarded"


async def test_a_draft_takes_no_payment(client, owner, draft) -> None:  # type: ignore[no-untyped-def]
    response = await client.post(
        f"/v1/test_helpers/receivables/{draft['id']}/payments",
        json={"amount": 10},
        headers=owner.headers,
    )
    assert response.status_code == 409


# -- scans: read after the response ------------------------------------------------------------------


async def test_scan_end_to_end(client, db, runtime, owner, user) -> None:  # type: ignore[no-untyped-def]
    """Upload a scan → 202 `processing` → `receivable.ocr_completed` → the contact completed →
    submit → `in_recovery`."""
    response = await post_invoice(
        client, owner, user["id"], invoices.scanned(), name="scan.jpg", content_type="image/jpeg"
    )
    assert response.status_code == 202, response.text
    pending = response.json()
    assert pending["status"] == "processing" and pending["ocr"]["status"] == "processing"
    assert pending["ocr"]["method"] == "ocr" and pending["ocr"]["file_id"]
    assert await count(db, ReadingJob) == 1  # queued for a worker: the request read nothing
    assert await reading_queue.read_due(db, runtime) == 1
    assert await count(db, ReadingJob) == 0
    draft = (await client.get(f"/v1/receivables/{pending['id']}", headers=owner.headers)).json()
    assert draft["status"] == "draft", draft
    assert draft["missing_fields"] == ["debtor.contacts"], draft["field_errors"]
    assert draft["ocr"]["status"] == "completed"
    assert draft["invoice"]["numbers"] == ["F-2025-0142"]
    assert draft["invoice"]["amount"] == 1200.0
    assert 0 < draft["ocr"]["fields"]["invoice.amount"]["confidence"] <= 1
    types = await event_types(db, pending["id"])
    assert sorted(types) == ["receivable.ocr_completed", "receivable.status_updated"]
    async with db.transaction() as session:
        completed = (
            await session.execute(select(Event).where(Event.type == "receivable.ocr_completed"))
        ).scalar_one()
    assert completed.data["object"]["status"] == "draft"
    url = f"/v1/receivables/{pending['id']}"
    patched = await client.patch(
        url, json={"debtor": {"contacts": CONTACTS}}, headers=owner.headers
    )
    assert patched.status_code == 200 and patched.json()["missing_fields"] == []
    submitted = await client.post(f"{url}/submit", headers=owner.headers)
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["status"] == "in_recovery"


async def test_a_tiff_scan_is_queued_for_reading(client, db, runtime, owner, user) -> None:  # type: ignore[no-untyped-def]
    """An office scanner's TIFF (two pages): accepted and queued like any scan (its pages are
    read by `tests/ocr/test_scan_defects.py`)."""
    data = scan(invoices.pages_pdf(2), seed=5, fmt="tiff")
    response = await post_invoice(
        client, owner, user["id"], data, name="scan.tif", content_type="image/tiff"
    )
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "processing"
    assert await count(db, ReadingJob) == 1


async def test_processing_cannot_be_edited_or_submitted(client, db, runtime, owner, user) -> None:  # type: ignore[no-untyped-def]
    rec = await _processing(db, runtime, owner, user["id"], invoices.scanned(fmt="png"))
    url = f"/v1/receivables/{rec}"
    edit = await client.patch(url, json={"metadata": {"a": "b"}}, headers=owner.headers)
    assert edit.status_code == 409 and edit.json()["error"]["code"] == "receivable_not_draft"
    submit = await client.post(f"{url}/submit", headers=owner.headers)
    assert submit.status_code == 409


async def _processing(db: Any, runtime: Any, owner: Any, user_id: str, data: bytes) -> str:
    """A `processing` receivable whose job waits in the queue."""
    from cleavr_connect.ownership import Owner
    from cleavr_connect.receivables.schemas import ReceivablePatch

    async with db.transaction() as session:
        grant_owner = await _owner_of(session, owner)
        assert isinstance(grant_owner, Owner)
        rec, processing = await from_document.upload(
            session,
            runtime,
            grant_owner,
            user_id=user_id,
            data=data,
            filename="scan.png",
            overrides=ReceivablePatch.model_validate({"debtor": {"contacts": CONTACTS}}),
        )
        assert processing
        return rec.id


async def _owner_of(session: Any, who: Any) -> Any:
    from cleavr_connect.models import Platform
    from cleavr_connect.ownership import Owner

    platform = await session.get(Platform, who.platform.client_id)
    return Owner(platform.id, who.account.id, platform.livemode)


async def test_a_job_whose_worker_died_is_taken_over_when_its_lease_ends(
    client, db, runtime, clock, owner, user
) -> None:  # type: ignore[no-untyped-def]
    rec = await _processing(db, runtime, owner, user["id"], invoices.scanned(fmt="pdf"))
    # A worker takes the job and dies before settling it.
    assert await reading_queue._claim(db, runtime, "dead-worker") is not None
    assert await reading_queue.read_due(db, runtime) == 0  # its lease still holds
    clock.advance(seconds=reading_queue.LEASE.total_seconds() + 1)
    assert await reading_queue.read_due(db, runtime) == 1
    done = (await client.get(f"/v1/receivables/{rec}", headers=owner.headers)).json()
    # The overrides sent with the upload (the contact) completed it: submitted at once.
    assert done["status"] == "in_recovery", done["field_errors"]
    assert done["ocr"]["status"] == "completed"
    assert "receivable.ocr_completed" in await event_types(db, rec)
    assert await count(db, ReadingJob) == 0  # settled once


async def test_a_refused_scan_is_cancelled(client, db, runtime, owner, user) -> None:  # type: ignore[no-untyped-def]
    rec = await _processing(db, runtime, owner, user["id"], invoices.scanned(credit_note=True))
    assert await reading_queue.read_due(db, runtime) == 1
    done = (await client.get(f"/v1/receivables/{rec}", headers=owner.headers)).json()
    assert done["status"] == "cancelled"
    assert done["ocr"]["status"] == "failed"
    assert done["ocr"]["error"]["code"] == "credit_note_not_accepted"
    assert (await event_types(db, rec))[-1] == "receivable.ocr_completed"


async def test_a_draft_patch_lists_schema_and_field_rule_errors_together(
    client, owner, draft, db
) -> None:  # type: ignore[no-untyped-def]
    url = f"/v1/receivables/{draft['id']}"
    bad = await client.patch(
        url,
        json={
            "invoice": {"due_date": "2026-01-10T00:00:00"},  # schema: a date with a time
            "debtor": {"siret": "73282932000075", "vat_number": "FR00"},  # field rules
            "metadata": {"k" * 41: "v"},  # field rule: the key is too long
        },
        headers=owner.headers,
    )
    assert bad.status_code == 400, bad.text
    found = {(e["param"], e["code"]) for e in bad.json()["error"]["errors"]}
    assert ("invoice.due_date", "invalid") in found
    assert ("debtor.siret", "invalid_siret") in found
    assert ("debtor.vat_number", "invalid_vat_number") in found
    assert (f"metadata.{'k' * 41}", "metadata_key_invalid") in found
    # refused whole: the draft is as it was
    assert (await client.get(url, headers=owner.headers)).json()["debtor"].get("siret") == draft[
        "debtor"
    ].get("siret")
