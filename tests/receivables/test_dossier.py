"""The handoff dossier of a claim closed without full payment."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

import pdfplumber
from sqlalchemy import select

from cleavr_connect.messages.service import record_delivery
from cleavr_connect.messages.worker import send_due
from cleavr_connect.models import DebtorMessage, Event, Receivable
from cleavr_connect.portal import links
from tests.conftest import BASE_URL
from tests.factories import (
    active_user,
    caller,
    csrf_from,
    receivable_body,
    submitted_receivable,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as doc:
        text = "\n".join(page.extract_text() or "" for page in doc.pages)
    return text.replace("\u00a0", " ")


async def test_a_closed_claim_hands_off_its_dossier(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    claim = await submitted_receivable(client, db, runtime)
    who, rec, helper = claim.who, claim.receivable, claim.helper
    url = f"/v1/receivables/{rec['id']}/dossier"
    early = await client.get(url, headers=who.headers)
    assert early.status_code == 409 and early.json()["error"]["code"] == "dossier_not_available"
    await client.post(f"{helper}/advance", json={"days": 10}, headers=who.headers)
    await client.post(f"{helper}/payments", json={"amount": 100}, headers=who.headers)
    closed = (await client.post(f"{helper}/advance", json={"days": 50}, headers=who.headers)).json()
    assert closed["status"] == "closed" and closed["outcome"] == "partially_recovered"

    assert (await client.get(url)).status_code == 401
    narrow = await caller(client, db, runtime, scope="users:read")
    assert (await client.get(url, headers=narrow.headers)).status_code == 403
    stranger = await caller(client, db, runtime)
    assert (await client.get(url, headers=stranger.headers)).status_code == 404

    response = await client.get(url, headers=who.headers)
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    for expected in (
        "01-releve-de-compte.pdf",
        "01-releve-de-compte.csv",
        "04-historique-des-contestations.txt",
        "05-requete-en-injonction-de-payer.pdf",
        "06-attestation-recuperation-tva.pdf",
    ):
        assert expected in names, names
    letters = [n for n in names if n.startswith("03-courriers/")]
    assert any("formal_notice" in n and "letter" in n for n in letters), letters
    assert sum("reminder" in n for n in letters) == 2

    requete = _pdf_text(archive.read("05-requete-en-injonction-de-payer.pdf"))
    # A company in Paris: since 1 January 2025 its commercial court is a tribunal des
    # activités économiques; the requête said "tribunal de commerce".
    assert "tribunal des activités économiques de Paris" in requete
    assert "tribunal de commerce de Paris" not in requete
    # From which day the penalties run: the day after the due date.
    assert "L441-10), du 02/12/2025 à ce jour" in " ".join(requete.split())
    assert "Boulangerie Dupont SARL" in requete
    # 100.00 on 25 January went to 21.97 of penalties (55 days at 12.15 % on 1200.00:
    # 1200 × 12.15 × 55 / 36500 = 21.9698…), the €40, then 38.03 of principal: 1161.97 left.
    # The claim as a décompte: each part as it fell due, less what was paid, to the total, and
    # the lines add up to it (the penalties paid are not claimed twice).
    claim_lines = dict(
        re.findall(
            r"^(Principal|Pénalités de retard.*?|Indemnité forfaitaire.*?|Sous déduction"
            r" des sommes déjà versées|Total réclamé) (-?[\d  ]+,\d\d) €$",
            requete,
            re.M,
        )
    )
    figures = (await client.get(f"/v1/receivables/{rec['id']}", headers=who.headers)).json()
    amounts = {
        k: Decimal(v.replace(" ", "").replace("\u202f", "").replace(",", "."))
        for k, v in claim_lines.items()
    }
    parts = [v for k, v in amounts.items() if k != "Total réclamé"]
    assert len(parts) == 4, claim_lines
    assert amounts["Principal"] == Decimal("1200.00")
    assert amounts["Sous déduction des sommes déjà versées"] == Decimal("-100.00")
    assert sum(parts) == amounts["Total réclamé"] == Decimal(str(figures["amounts"]["written_off"]))
    certificate = _pdf_text(archive.read("06-attestation-recuperation-tva.pdf"))
    # VAT in what is unpaid: 1161.97 × 200 / 1200 = 193.6616… → 193.66
    assert "193,66 €" in certificate and "1 161,97 €" in certificate
    assert "Recouvrement partiel" in certificate and "partially_recovered" not in certificate
    # The rate of each stretch written as French writes a percentage.
    assert "12,15 %" in _pdf_text(archive.read("01-releve-de-compte.pdf"))
    statement = archive.read("01-releve-de-compte.csv").decode()
    assert "2026-01-25,100.00,21.97,40.00,38.03" in statement.replace("payment,", "")

    async with db.transaction() as session:
        types = list((await session.execute(select(Event.type))).scalars())
    assert types.count("receivable.dossier_ready") == 1


async def test_a_consumer_claim_goes_to_the_tribunal_judiciaire(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    body = receivable_body(user["id"])
    body["debtor"].update(company_type="consumer", company_name="Jeanne Martin")
    del body["debtor"]["siret"]
    rec = (await client.post("/v1/receivables", json=body, headers=who.headers)).json()
    helper = f"/v1/test_helpers/receivables/{rec['id']}"
    await client.post(f"{helper}/advance", json={"days": 60}, headers=who.headers)
    response = await client.get(f"/v1/receivables/{rec['id']}/dossier", headers=who.headers)
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    requete = _pdf_text(archive.read("05-requete-en-injonction-de-payer.pdf"))
    assert "tribunal judiciaire de Paris" in requete
    # The court is told from which formal notice the interest runs (day 30: 14 February).
    # (the label wraps in its cell, around the amount)
    assert "Intérêts au taux légal depuis la mise en demeure du" in requete
    assert "14/02/2026" in requete
    # 15 February – 16 March 2026: 30 days at 2.62 % on 1,200.00: 2.5841… → 2.58
    assert "2,58 €" in requete
    assert "L441-10" not in requete


async def test_an_association_or_a_sole_trader_is_not_sent_to_the_commercial_court(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    requetes = []
    for name, kind, postal_code, city in (
        ("Association Lyon Vélo", "company", "69003", "Lyon"),
        ("Jean Martin", "sole_trader", "69100", "Villeurbanne"),
    ):
        body = receivable_body(user["id"])
        body["debtor"].update(company_type=kind, company_name=name)
        body["debtor"]["address"] = {
            "line1": "1 rue Garibaldi",
            "postal_code": postal_code,
            "city": city,
            "country": "FR",
        }
        rec = (await client.post("/v1/receivables", json=body, headers=who.headers)).json()
        helper = f"/v1/test_helpers/receivables/{rec['id']}"
        await client.post(f"{helper}/advance", json={"days": 60}, headers=who.headers)
        response = await client.get(f"/v1/receivables/{rec['id']}/dossier", headers=who.headers)
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        text = _pdf_text(archive.read("05-requete-en-injonction-de-payer.pdf"))
        requetes.append(" ".join(text.split()))
    association, sole_trader = requetes
    # Not a trader: the tribunal judiciaire, even where the commercial court is a tribunal
    # des activités économiques.
    assert "Président du tribunal judiciaire de Lyon" in association
    assert "tribunal de commerce de Lyon" not in association
    assert "« association »" in association
    # A sole trader near Lyon: a trader or not, in Lyon's ressort or not; every name is given.
    assert (
        "Président du tribunal de commerce (ou tribunal des activités économiques) du lieu où "
        "demeure le débiteur (69100 Villeurbanne) ou, si le débiteur n'est ni commerçant ni "
        "artisan, du tribunal judiciaire du lieu où demeure le débiteur (69100 Villeurbanne)"
    ) in sole_trader
    assert "rayez la juridiction inutile" in sole_trader


async def test_the_dossier_holds_every_letter_with_its_proof_of_dispatch(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    claim = await submitted_receivable(client, db, runtime)
    who, rec, helper = claim.who, claim.receivable, claim.helper
    await client.post(f"{helper}/advance", json={"days": 30}, headers=who.headers)
    await send_due(db, runtime)
    listed = (
        await client.get(f"/v1/receivables/{rec['id']}/messages", headers=who.headers)
    ).json()["data"]
    letter = next(m for m in listed if m["channel"] == "letter" and m["step"] == "formal_notice")
    async with db.transaction() as session:
        await record_delivery(
            session,
            runtime,
            letter["id"],
            tracking_reference="1A12345678901",
            delivered_at=dt.datetime(2026, 2, 18, 12, tzinfo=dt.UTC),
        )
    closed = (await client.post(f"{helper}/advance", json={"days": 40}, headers=who.headers)).json()
    assert closed["status"] == "closed"
    await send_due(db, runtime)
    async with db.transaction() as session:
        sent = list(
            (
                await session.execute(
                    select(DebtorMessage)
                    .where(DebtorMessage.receivable_id == rec["id"])
                    .order_by(DebtorMessage.created_at, DebtorMessage.id)
                )
            ).scalars()
        )
    emails = [m for m in sent if m.channel == "email" and m.status == "sent"]
    assert emails and all(m.message_id for m in emails)

    response = await client.get(f"/v1/receivables/{rec['id']}/dossier", headers=who.headers)
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()

    # The letter itself, byte for byte the PDF that was posted.
    letter_pdfs = [n for n in names if n.startswith("03-courriers/") and n.endswith(".pdf")]
    letter_pdfs = [n for n in letter_pdfs if "-letter-formal_notice" in n]
    assert len(letter_pdfs) == 1, names
    posted = await client.get(f"/v1/messages/{letter['id']}/document", headers=who.headers)
    assert archive.read(letter_pdfs[0]) == posted.content
    assert "MISE EN DEMEURE" in _pdf_text(archive.read(letter_pdfs[0])).upper()

    # The record of dispatch: the letter's tracking number, dispatch and delivery dates, each
    # e-mail's Message-ID and date.
    rows = list(
        csv.DictReader(io.StringIO(archive.read("03-courriers/00-releve-des-envois.csv").decode()))
    )
    assert len(rows) == len(sent)
    by_number = {r["number"]: r for r in rows}
    letter_row = next(r for r in rows if r["step"] == "formal_notice" and r["channel"] == "letter")
    letter_sent_at = next(m.sent_at for m in sent if m.id == letter["id"])
    assert letter_sent_at is not None
    assert letter_row["dispatch_reference"] == "1A12345678901"
    assert letter_row["registered"] == "yes"
    assert letter_row["delivered_at"] == "2026-02-18T12:00:00+00:00"
    assert letter_row["sent_at"] == letter_sent_at.isoformat()
    assert letter_row["document"] == letter_pdfs[0].removeprefix("03-courriers/")
    for i, message in enumerate(sent, 1):
        row = by_number[f"{i:02d}"]
        assert row["channel"] == message.channel
        if message.channel == "email" and message.status == "sent":
            assert message.sent_at is not None
            assert row["message_id"] == message.message_id
            assert row["sent_at"] == message.sent_at.isoformat()

    record = _pdf_text(archive.read("03-courriers/00-releve-des-envois.pdf"))
    assert "Relevé des envois" in record
    assert "1A12345678901" in record and "18/02/2026" in record
    for message in emails:
        assert str(message.message_id) in record.replace("\n", "").replace(" ", "")
    text = next(
        archive.read(n).decode()
        for n in names
        if n.startswith("03-courriers/") and "-letter-formal_notice" in n and n.endswith(".txt")
    )
    assert "Référence d'envoi (numéro de suivi)\u00a0: 1A12345678901" in text
    assert "Date de distribution\u00a0: 2026-02-18T12:00:00+00:00" in text
    assert "Distribué le" not in text and "Envoyé le" not in text
    email_text = archive.read(
        next(n for n in names if "-email-" in n and n.endswith(".txt"))
    ).decode()
    assert f"Message-ID\u00a0: {emails[0].message_id}" in email_text


async def test_the_dispute_history_keeps_what_the_debtor_wrote_and_sent(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    claim = await submitted_receivable(client, db, runtime)
    who, rec, helper = claim.who, claim.receivable, claim.helper
    async with db.transaction() as session:
        row = await session.get(Receivable, rec["id"])
        assert row is not None
        portal = (await links.portal_link(session, runtime, row)).removeprefix(BASE_URL)
    page = await client.get(portal)
    token = csrf_from(page.text)
    disputed = await client.post(
        f"{portal}/dispute",
        data={"csrf_token": token, "reason": "defective", "comment": "Fuite toujours présente"},
        files=[("documents", ("..\\..\\photos fuite.pdf", PDF, "application/pdf"))],
    )
    assert disputed.status_code == 303, disputed.text
    answered = await client.post(
        f"/v1/receivables/{rec['id']}/evidence",
        files={"file": ("../../../procès-verbal: signé?.pdf", PDF, "application/pdf")},
        data={"description": "Réception des travaux signée"},
        headers=who.headers,
    )
    assert answered.status_code == 200, answered.text
    await client.post(f"{helper}/resolve_dispute", json={"outcome": "resume"}, headers=who.headers)
    closed = (await client.post(f"{helper}/advance", json={"days": 60}, headers=who.headers)).json()
    assert closed["status"] == "closed"

    response = await client.get(f"/v1/receivables/{rec['id']}/dossier", headers=who.headers)
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    names = archive.namelist()
    # Names the uploader chose stay inside their folder.
    documents = [n for n in names if n.startswith("02-factures-et-pieces/")]
    assert sorted(documents) == [
        "02-factures-et-pieces/01-photos fuite.pdf",
        # Characters Windows refuses in a file name are replaced: the archive unpacks there.
        "02-factures-et-pieces/02-procès-verbal_ signé_.pdf",
    ]
    assert not any(".." in part for n in names for part in n.split("/"))
    history = archive.read("04-historique-des-contestations.txt").decode()
    assert "(defective)" in history
    assert "Commentaire\u00a0: Fuite toujours présente" in history
    assert "Pièce\u00a0: 02-factures-et-pieces/01-photos fuite.pdf" in history
    assert "Note\u00a0: Réception des travaux signée" in history
    assert "Pièce\u00a0: 02-factures-et-pieces/02-procès-verbal_ signé_.pdf" in history


async def test_names_outside_the_pdf_fonts_stay_readable_in_every_pdf(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    body = receivable_body(user["id"])
    body["debtor"]["company_name"] = "Zakład Usługowy Łukasz Wójcik"
    rec = (await client.post("/v1/receivables", json=body, headers=who.headers)).json()
    helper = f"/v1/test_helpers/receivables/{rec['id']}"
    await client.post(f"{helper}/advance", json={"days": 60}, headers=who.headers)
    response = await client.get(f"/v1/receivables/{rec['id']}/dossier", headers=who.headers)
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    # Helvetica has no "ł": it was drawn as another glyph ("Zaknad Usnugowy nukasz"), then
    # without its stroke ("Zaklad"); the shipped DejaVu Sans draws the name as it is written.
    readable = "Zakład Usługowy Łukasz Wójcik"
    assert readable in _pdf_text(archive.read("05-requete-en-injonction-de-payer.pdf"))
    assert readable in _pdf_text(archive.read("01-releve-de-compte.pdf"))
    letter = next(n for n in archive.namelist() if "-letter-formal_notice" in n and ".pdf" in n)
    assert readable in _pdf_text(archive.read(letter))
