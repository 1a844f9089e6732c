"""Hostile input on the debtor portal: every refusal is an HTML page (never the API's JSON), and
a refused form leaves nothing behind, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from dataclasses import replace
from typing import Any

import httpx
from sqlalchemy import func, select
from stdnum import iban, iso11649

from cleavr_connect import storage
from cleavr_connect.models import PortalDispute, Receivable, StoredFile
from cleavr_connect.portal import links
from tests.factories import active_user, caller, receivable_body
from tests.portal.test_portal_pages import PDF, _claim, _csrf


async def _refused_dispute(
    client, db, runtime, document: tuple[str, bytes, str], **fields: str
) -> httpx.Response:  # type: ignore[no-untyped-def]
    """Disputes a new claim from its page with `document` and `fields` (reason `defective`
    unless given): the form is refused with an HTML page (400), and nothing is kept: the claim
    is still in recovery, no dispute and no file were written."""
    rec_id, path, _ = await _claim(client, db, runtime)
    page = await client.get(path)
    data: dict[str, Any] = {"reason": "defective", **fields, "csrf_token": _csrf(page.text)}
    response = await client.post(f"{path}/dispute", data=data, files={"documents": document})
    assert response.status_code == 400, response.text[:300]
    assert "text/html" in response.headers["content-type"]
    async with db.transaction() as session:
        rec = await session.get(Receivable, rec_id)
        assert rec is not None and rec.status == "in_recovery"
        assert await session.scalar(select(func.count()).select_from(PortalDispute)) == 0
        assert await session.scalar(select(func.count()).select_from(StoredFile)) == 0
    return response


async def test_control_characters_in_the_path_answer_the_not_found_page(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    _, path, _ = await _claim(client, db, runtime)
    for bad in (f"{path}/documents/fil_%00", f"{path}/sandbox/cko_%00", f"{path}%00"):
        response = await client.get(bad)
        assert response.status_code == 404, (bad, response.text)
        assert response.headers["content-type"].startswith("text/html"), bad
    page = await client.get(path)
    sandbox = await client.post(f"{path}/sandbox/cko_%01", data={"csrf_token": _csrf(page.text)})
    assert sandbox.status_code == 404 and "text/html" in sandbox.headers["content-type"]


async def test_a_comment_with_a_nul_is_refused_and_nothing_is_kept(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    document = ("preuve.pdf", PDF, "application/pdf")
    response = await _refused_dispute(
        client, db, runtime, document, reason="other", comment="Déjà payé\x00"
    )
    assert "Retirez les caractères invisibles." in response.text


async def test_a_malformed_form_answers_an_html_page(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    _, path, _ = await _claim(client, db, runtime)
    no_boundary = await client.post(
        f"{path}/dispute", content=b"xx", headers={"content-type": "multipart/form-data"}
    )
    many_fields = await client.post(
        f"{path}/plan",
        content=b"&".join(b"f%d=1" % i for i in range(1500)),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    for response in (no_boundary, many_fields):
        assert response.status_code == 400, response.text
        assert response.headers["content-type"].startswith("text/html"), response.text[:200]


async def test_a_signed_stripe_event_without_a_session_is_ignored(
    settings, runtime, client
) -> None:  # type: ignore[no-untyped-def]
    secret = "whsec_test_portal"
    runtime.settings = replace(settings, stripe_webhook_secret=secret)
    for data in ({}, {"object": None}, {"object": {"id": ["cs_1"], "payment_status": "paid"}}):
        payload = json.dumps(
            {"id": "evt_1", "object": "event", "type": "checkout.session.completed", "data": data}
        ).encode()
        stamp = int(time.time())
        signed = hmac.new(secret.encode(), f"{stamp}.".encode() + payload, hashlib.sha256)
        answer = await client.post(
            "/webhooks/stripe",
            content=payload,
            headers={"Stripe-Signature": f"t={stamp},v1={signed.hexdigest()}"},
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["result"] == "ignored"


async def test_the_stripe_webhook_without_its_secret_is_not_there(client) -> None:  # type: ignore[no-untyped-def]
    answer = await client.post("/webhooks/stripe", content=b"{", headers={"Stripe-Signature": "x"})
    assert answer.status_code == 404, answer.text
    assert answer.json()["error"]["code"] == "endpoint_not_found"


async def test_a_dispute_takes_documents_larger_than_an_ordinary_form(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    # The form says up to 10 MB each: the 64 KB cap of other forms must not apply here.
    rec_id, path, _ = await _claim(client, db, runtime)
    page = await client.get(path)
    scan = PDF.replace(b"trailer", b"%" + b"x" * (2 * 1024 * 1024) + b"\ntrailer")
    response = await client.post(
        f"{path}/dispute",
        data={"reason": "defective", "csrf_token": _csrf(page.text)},
        files={"documents": ("bon.pdf", scan, "application/pdf")},
    )
    assert response.status_code == 303, response.text[:300]
    async with db.transaction() as session:
        stored = (await session.execute(select(StoredFile))).scalar_one()
        assert stored.size == len(scan) and stored.receivable_id == rec_id
    # The page says it once: the dispute is recorded and reminders are paused.
    shown = (await client.get(response.headers["location"].removeprefix("http://testserver"))).text
    assert shown.count("les relances sont suspendues") == 1, shown


async def test_a_cut_off_document_is_refused_with_the_dispute(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    document = ("bon.pdf", PDF[:-7], "application/pdf")
    response = await _refused_dispute(client, db, runtime, document)
    assert "Le fichier est endommagé ou incomplet" in response.text


async def test_a_cut_off_photo_is_refused_with_the_dispute(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    from tests.receivables.test_receivables_api import _photo

    photo = _photo()
    document = ("photo.jpg", photo[: len(photo) // 2], "image/jpeg")
    response = await _refused_dispute(client, db, runtime, document)
    assert "Le fichier est endommagé ou incomplet" in response.text


async def test_a_photo_is_decoded_off_the_event_loop(client, db, runtime, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Data after a JPEG's end marker (as some phones write) makes storage decode its scan: CPU
    # work that must run in a worker thread, never on the loop that serves every other request.
    from tests.receivables.test_receivables_api import _photo

    decoded_on: list[int] = []
    decode = storage._jpeg_decodes

    def watched(data: bytes) -> bool:
        decoded_on.append(threading.get_ident())
        return decode(data)

    monkeypatch.setattr(storage, "_jpeg_decodes", watched)
    rec_id, path, _ = await _claim(client, db, runtime)
    page = await client.get(path)
    photo = _photo() + b"\x00" * 2048
    response = await client.post(
        f"{path}/dispute",
        data={"reason": "defective", "csrf_token": _csrf(page.text)},
        files={"documents": ("photo.jpg", photo, "image/jpeg")},
    )
    assert response.status_code == 303, response.text[:300]
    assert decoded_on and threading.get_ident() not in decoded_on
    async with db.transaction() as session:
        stored = (await session.execute(select(StoredFile))).scalar_one()
        assert stored.content_type == "image/jpeg" and stored.receivable_id == rec_id


async def test_refused_documents_are_explained_in_the_page_language(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    _, path, _ = await _claim(client, db, runtime)
    too_large = b"%PDF-1.4\n" + b"x" * (10 * 1024 * 1024)
    cases = [
        ("fr", ("faux.pdf", b"<html>pas un PDF</html>", "application/pdf"), "Joignez uniquement des documents PDF, JPEG ou PNG."),
        ("fr", ("gros.pdf", too_large, "application/pdf"), "Le fichier dépasse 10 Mo."),
        ("en", ("fake.pdf", b"<html>not a PDF</html>", "application/pdf"), "Attach PDF, JPEG or PNG documents only."),
        ("en", ("big.pdf", too_large, "application/pdf"), "The file is larger than 10 MB."),
    ]  # fmt: skip
    for lang, document, said in cases:
        page_path = path.replace("/fr/", f"/{lang}/")
        page = await client.get(page_path)
        response = await client.post(
            f"{page_path}/dispute",
            data={"reason": "defective", "csrf_token": _csrf(page.text)},
            files={"documents": document},
        )
        assert response.status_code == 400, response.text[:300]
        assert f'<html lang="{lang}">' in response.text
        assert said in response.text, (lang, document[0])
        assert "none of them" not in response.text
        # A summary at the top, announced, that the page's script fills and focuses from: the
        # message under the field sits a long page below.
        assert '<div class="notice" role="alert" id="form-error">' in response.text
        assert 'aria-describedby="documents-hint documents-error" aria-invalid="true"' in (
            response.text
        )


async def test_a_file_name_too_long_to_read_is_said_on_the_dispute_form(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    document = ("a" * 5000 + ".pdf", PDF, "application/pdf")
    response = await _refused_dispute(client, db, runtime, document)
    assert "Le nom du fichier est trop long" in response.text


async def test_shared_refusals_are_said_in_the_page_language(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    # A wrong method, a body too large, a form the parser cannot read: the error page speaks
    # the page's language, not the API's English.
    _, path, _ = await _claim(client, db, runtime)
    page = await client.get(path)
    wrong_method = await client.put(path)
    too_large = await client.post(
        f"{path}/promise", data={"csrf_token": _csrf(page.text), "promised_for": "9" * 70000}
    )
    unreadable = await client.post(
        f"{path}/dispute", content=b"xx", headers={"content-type": "multipart/form-data"}
    )
    for response, status, said in (
        (wrong_method, 405, "Cette page ne s&#39;utilise pas ainsi"),
        (too_large, 413, "L&#39;envoi est trop volumineux pour ce formulaire."),
        (unreadable, 400, "Le formulaire n&#39;a pas pu être lu"),
    ):
        assert response.status_code == status, response.text[:200]
        assert response.headers["content-type"].startswith("text/html")
        assert '<html lang="fr">' in response.text and said in response.text, status
    english = await client.put(path.replace("/fr/", "/en/"))
    assert "This page cannot be used that way" in english.text


async def test_a_claim_too_large_for_an_epc_qr_code_shows_the_transfer_without_it(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    # The largest claim the API takes, plus its penalties and indemnity: more than the
    # 999 999 999.99 EUR an EPC069-12 code can carry. The page shows the transfer's details.
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    body = receivable_body(
        user["id"],
        invoice={
            "amount": 1000000000.00,
            "amount_before_tax": 833333333.33,
            "tax_amount": 166666666.67,
        },
    )
    rec = (await client.post("/v1/receivables", json=body, headers=who.headers)).json()
    async with db.transaction() as session:
        row = await session.get(Receivable, rec["id"])
        assert row is not None
        path = (await links.portal_link(session, runtime, row)).removeprefix("http://testserver")
        reference = await links.creditor_reference(session, runtime, row)
    page = await client.get(path)
    assert page.status_code == 200, page.text[:300]
    assert iso11649.format(reference) in page.text
    assert iban.format(links.TEST_COLLECTION_IBAN) in page.text
    assert "data:image/svg+xml" not in page.text
    statement = await client.get(f"{path}/statement.pdf")
    assert statement.status_code == 200


async def test_the_access_log_never_holds_a_portal_link(client, db, runtime, caplog) -> None:  # type: ignore[no-untyped-def]
    # The link is the debtor's only key to the claim: whoever reads the logs must not be able to
    # open it (the onboarding links are masked the same way).
    _, path, _ = await _claim(client, db, runtime)
    token = path.rsplit("/", 1)[1]
    with caplog.at_level("INFO", logger="cleavr_connect.access"):
        assert (await client.get(path)).status_code == 200
        assert (await client.get(f"{path}/plan")).status_code == 200
        assert (await client.get(f"{path}/statement.pdf")).status_code == 200
    lines = [r.getMessage() for r in caplog.records if r.name == "cleavr_connect.access"]
    assert len(lines) == 3 and all("/fr/d/dpt_…" in line for line in lines), lines
    assert not any(token in line or token[4:20] in line for line in lines), lines


async def test_each_refused_dispute_field_names_its_error_to_a_screen_reader(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    # A screen reader announces a control's description when the control has focus: each field
    # the form refused is marked invalid and described by its own error, not only shown red.
    from html.parser import HTMLParser

    response = await _refused_dispute(
        client,
        db,
        runtime,
        ("photo.png", b"not a picture", "image/png"),
        reason="no_such_reason",
        comment="Déjà payé\x00",
    )

    class Controls(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.controls: dict[str, dict[str, str]] = {}
            self.texts: dict[str, str] = {}
            self._open: str | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = {k: v or "" for k, v in attrs}
            if tag in ("input", "textarea") and a.get("id"):
                self.controls[a["id"]] = a
            if a.get("id"):
                self._open = a["id"]
                self.texts.setdefault(a["id"], "")

        def handle_data(self, data: str) -> None:
            if self._open:
                self.texts[self._open] += data

        def handle_endtag(self, tag: str) -> None:
            self._open = None

    parser = Controls()
    parser.feed(response.text)

    def description(control_id: str) -> str:
        control = parser.controls[control_id]
        assert control.get("aria-invalid") == "true", control
        return " ".join(parser.texts[i].strip() for i in control["aria-describedby"].split())

    assert "Choisissez un motif dans la liste." in description("reason-other")
    assert "Retirez les caractères invisibles." in description("comment")
    assert "PNG" in description("documents")
