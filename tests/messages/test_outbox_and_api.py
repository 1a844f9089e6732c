"""A test receivable through the whole playbook: every message written, sent to the outbox
(never to a provider), and shown by the messages API with its full content and PDFs."""

from __future__ import annotations

import email
import email.policy
import io
from pathlib import Path

import pdfplumber
from sqlalchemy import select

from cleavr_connect.messages.sms import segments
from cleavr_connect.messages.worker import send_due
from cleavr_connect.models import DebtorMessage, Event
from tests.factories import active_user, caller, receivable_body, submitted_receivable

L111_8 = (
    "Les frais de recouvrement entrepris sans titre exécutoire restent à la charge du créancier"
)
L111_8_4 = "Cependant, le créancier qui justifie du caractère nécessaire des démarches"


async def _through_the_playbook(client, db, runtime, **body):  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post(
            "/v1/receivables", json=receivable_body(user["id"], **body), headers=who.headers
        )
    ).json()
    done = await client.post(
        f"/v1/test_helpers/receivables/{rec['id']}/advance", json={"days": 90}, headers=who.headers
    )
    assert done.status_code == 200, done.text
    return who, rec


async def _all_messages(client, who, rec_id):  # type: ignore[no-untyped-def]
    page = await client.get(
        f"/v1/receivables/{rec_id}/messages", params={"limit": 100}, headers=who.headers
    )
    assert page.status_code == 200, page.text
    return page.json()


async def test_whole_playbook_sends_every_message_to_the_outbox_with_the_legal_mentions(
    client, db, runtime, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    who, rec = await _through_the_playbook(client, db, runtime)
    queued = await _all_messages(client, who, rec["id"])
    assert {m["status"] for m in queued["data"]} == {"queued"}

    assert await send_due(db, runtime) == 7
    listed = await _all_messages(client, who, rec["id"])
    assert listed["object"] == "list" and listed["has_more"] is False
    assert listed["url"] == f"/v1/receivables/{rec['id']}/messages"
    data = listed["data"]
    steps = sorted((m["step"], m["channel"]) for m in data)
    assert steps == [
        ("escalation", "email"),
        ("final_notice", "email"),
        ("final_notice", "letter"),
        ("formal_notice", "email"),
        ("formal_notice", "letter"),
        ("reminder", "email"),
        ("reminder", "email"),
    ]
    # Newest first, like every list.
    assert [m["created_at"] for m in data] == sorted((m["created_at"] for m in data), reverse=True)
    for m in data:
        assert m["status"] == "sent" and m["sent_at"] and m["livemode"] is False
        assert m["language"] == "fr"
        # Test mode: the outbox, never a provider, and the API says where it went.
        assert m["provider_reference"].startswith("outbox/")
        assert (data_dir / m["provider_reference"]).is_file()
        if m["channel"] != "sms":
            for mention in (
                "Cleavr SAS, société exerçant une activité de recouvrement amiable",
                "10 rue de Penthièvre, 75008 Paris",
                "Acme Plomberie SAS, 12 rue de la Paix, 75002 Paris",
                "principal, montant TTC facturé\u00a0: 1\u202f200,00\u00a0€",
                "au taux annuel de 12,15\u00a0% (taux de refinancement de la Banque centrale "
                "européenne majoré de 10 points, fixé pour le semestre)",
                "indemnité forfaitaire pour frais de recouvrement",
                "en indiquant la référence de paiement RF",
                "sur votre espace de paiement\u00a0: http://testserver/fr/d/dpt_",
                "au bénéfice de Cleavr, IBAN FR7630006000011234567890189, BIC AGRIFRPPXXX",
                L111_8,
                L111_8_4,
                f"Référence du dossier\u00a0: {rec['id']}",
            ):
                assert mention in m["text"], (m["step"], mention)

    # The formal notice e-mail: the registered letter's PDF attached, no List-Unsubscribe.
    notice = next(m for m in data if m["step"] == "formal_notice" and m["channel"] == "email")
    one = await client.get(f"/v1/messages/{notice['id']}", headers=who.headers)
    assert one.status_code == 200
    assert one.json() == notice
    assert notice["to"] == "jean@dupont.example"
    assert notice["subject"].startswith("Mise en demeure de payer — Acme Plomberie SAS")
    assert "sous huit (8) jours" in notice["text"]
    eml = (data_dir / notice["provider_reference"]).read_bytes()
    parsed = email.message_from_bytes(eml, policy=email.policy.default)
    assert parsed["Message-ID"] and parsed["To"] == "Jean Dupont <jean@dupont.example>"
    assert parsed["List-Unsubscribe"] is None
    assert parsed.get_body(("plain",)).get_content() == notice["text"]  # type: ignore[union-attr]
    html = parsed.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "Acme Plomberie SAS" in html and "Décompte au" in html
    served_html = await client.get(notice["html_url"], headers=who.headers)
    assert served_html.status_code == 200 and served_html.text.strip() == html.strip()
    attachments = list(parsed.iter_attachments())
    assert [a.get_filename() for a in attachments] == [f"mise-en-demeure-{rec['id']}.pdf"]
    pdf = await client.get(notice["document_url"], headers=who.headers)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert attachments[0].get_content() == pdf.content
    with pdfplumber.open(io.BytesIO(pdf.content)) as doc:
        text = " ".join((page.extract_text() or "") for page in doc.pages)
    text = " ".join(text.split())
    for mention in (
        "Lettre recommandée avec accusé de réception",
        "Boulangerie Dupont SARL",
        "Mise en demeure de payer",
        "Article L111-8 du Code des procédures civiles d'exécution",
        "Cleavr SAS, société exerçant une activité de recouvrement amiable",
    ):
        assert mention in text, mention

    letter = next(m for m in data if m["step"] == "formal_notice" and m["channel"] == "letter")
    assert letter["registered"] is True and letter["to"].startswith("Boulangerie Dupont SARL\n")
    assert letter["document_url"] and letter["html_url"] is None
    reminder = next(m for m in data if m["step"] == "reminder")
    reminder_eml = email.message_from_bytes(
        (data_dir / reminder["provider_reference"]).read_bytes(), policy=email.policy.default
    )
    assert reminder_eml["List-Unsubscribe"].startswith("<mailto:")
    assert (
        b"\nList-Unsubscribe: <mailto:" in (data_dir / reminder["provider_reference"]).read_bytes()
    )
    assert list(reminder_eml.iter_attachments()) == []
    no_pdf = await client.get(f"/v1/messages/{reminder['id']}/document", headers=who.headers)
    assert no_pdf.status_code == 404

    # The final notice says what happens next, and threatens no court action.
    final = next(m for m in data if m["step"] == "final_notice" and m["channel"] == "email")
    assert "notre mission de recouvrement amiable prendra fin" in final["text"]
    for threat in ("judiciaire", "poursuites", "tribunal", "huissier", "injonction"):
        assert threat not in final["text"].lower(), threat

    async with db.transaction() as session:
        sent = (await session.execute(select(Event).where(Event.type == "message.sent"))).scalars()
        sent_ids = {e.object_id for e in sent}
    assert sent_ids == {m["id"] for m in data}

    # Nothing left to send: a second pass sends nothing again.
    assert await send_due(db, runtime) == 0


async def test_english_debtor_gets_english_messages(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    body = receivable_body("x")["debtor"] | {"language": "en"}
    who, rec = await _through_the_playbook(client, db, runtime, debtor=body)
    await send_due(db, runtime)
    data = (await _all_messages(client, who, rec["id"]))["data"]
    notice = next(m for m in data if m["step"] == "formal_notice" and m["channel"] == "email")
    assert notice["language"] == "en"
    assert notice["subject"].startswith("Formal notice to pay — Acme Plomberie SAS")
    assert "principal, invoiced amount including VAT: €1,200.00" in notice["text"]
    assert "on your payment page: http://testserver/en/d/dpt_" in notice["text"]
    # The law's text is reproduced in French, with a translation.
    assert L111_8 in notice["text"] and "The costs of recovery undertaken without" in notice["text"]


async def test_second_reminder_texts_primary_contacts_with_a_phone(
    client, db, runtime, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    debtor = receivable_body("x")["debtor"]
    debtor["contacts"][0]["phone"] = "06 12 34 56 78"
    who, rec = await _through_the_playbook(client, db, runtime, debtor=debtor)
    await send_due(db, runtime)
    data = (await _all_messages(client, who, rec["id"]))["data"]
    sms = [m for m in data if m["channel"] == "sms"]
    assert len(sms) == 1
    assert sms[0]["to"] == "+33612345678" and sms[0]["status"] == "sent"
    assert sms[0]["text"].startswith("Acme Plomberie SAS : facture")
    # In the GSM alphabet, two parts: "reste dû" and the amount's narrow no-break space made
    # it UCS-2, three parts.
    assert "reste à payer 1 260,77 €." in sms[0]["text"]
    assert segments(sms[0]["text"]) == ("GSM-7", 2)
    assert (data_dir / sms[0]["provider_reference"]).read_text().startswith("To: +33612345678")


async def test_messages_api_guards(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who, rec = await _through_the_playbook(client, db, runtime)
    msg_id = (await _all_messages(client, who, rec["id"]))["data"][0]["id"]
    for path in (
        f"/v1/receivables/{rec['id']}/messages",
        f"/v1/messages/{msg_id}",
        f"/v1/messages/{msg_id}/document",
    ):
        assert (await client.get(path)).status_code == 401
    narrow = await caller(client, db, runtime, scope="users:read", platform=who.platform)
    denied = await client.get(f"/v1/messages/{msg_id}", headers=narrow.headers)
    assert denied.status_code == 403
    other = await caller(client, db, runtime)
    for path in (
        f"/v1/receivables/{rec['id']}/messages",
        f"/v1/messages/{msg_id}",
        f"/v1/messages/{msg_id}/document",
    ):
        missing = await client.get(path, headers=other.headers)
        assert missing.status_code == 404, path
    bad = await client.get(
        f"/v1/receivables/{rec['id']}/messages", params={"limit": 0}, headers=who.headers
    )
    assert bad.status_code == 400 and bad.json()["error"]["param"] == "limit"
    cursor = await client.get(
        f"/v1/receivables/{rec['id']}/messages",
        params={"starting_after": "msg_nope"},
        headers=who.headers,
    )
    assert cursor.status_code == 400 and cursor.json()["error"]["param"] == "starting_after"
    first = await client.get(
        f"/v1/receivables/{rec['id']}/messages", params={"limit": 2}, headers=who.headers
    )
    assert first.json()["has_more"] is True and len(first.json()["data"]) == 2


async def test_a_receivable_without_messages_lists_none_and_an_unknown_one_is_404(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    claim = await submitted_receivable(client, db, runtime)
    who, rec = claim.who, claim.receivable
    empty = await _all_messages(client, who, rec["id"])
    assert (empty["data"], empty["has_more"]) == ([], False)
    for path in ("/v1/receivables/rcv_nope/messages", f"/v1/receivables/{rec['id']}x/messages"):
        missing = await client.get(path, headers=who.headers)
        assert missing.status_code == 404, path
        assert missing.json()["error"]["param"] == "id"


async def test_someone_elses_messages_are_404_even_paged_from_one_of_them(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    who, rec = await _through_the_playbook(client, db, runtime)
    first = (await _all_messages(client, who, rec["id"]))["data"][0]["id"]
    other = await caller(client, db, runtime)
    colleague = await caller(client, db, runtime, platform=who.platform)
    for stranger in (other, colleague):
        for params in ({}, {"starting_after": first}, {"ending_before": first}):
            response = await client.get(
                f"/v1/receivables/{rec['id']}/messages", params=params, headers=stranger.headers
            )
            assert response.status_code == 404, (params, response.text)


async def test_a_letter_missing_from_storage_is_404_not_a_server_error(
    client, db, runtime, data_dir
) -> None:  # type: ignore[no-untyped-def]
    who, rec = await _through_the_playbook(client, db, runtime)
    listed = (await _all_messages(client, who, rec["id"]))["data"]
    letter = next(m for m in listed if m["channel"] == "letter")
    async with db.transaction() as session:
        stored = await session.get(DebtorMessage, letter["id"])
        assert stored is not None and stored.document_path
        (data_dir / stored.document_path).unlink()
    response = await client.get(f"/v1/messages/{letter['id']}/document", headers=who.headers)
    assert response.status_code == 404, response.text
    error = response.json()["error"]
    assert (error["code"], error["param"]) == ("resource_missing", "message_id")
    assert "missing from storage" in error["message"]
