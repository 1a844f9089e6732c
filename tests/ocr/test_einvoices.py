"""E-invoices read exactly (SPEC §13): the public Factur-X, CII and UBL examples field by
field, and `POST /v1/receivables/ocr` with UBL and CII files and a Factur-X PDF."""

from __future__ import annotations

import pytest

from cleavr_connect.reading.extract import analyse
from cleavr_connect.receivables import from_document
from tests.factories import VALID_SIRET
from tests.ocr import einvoice_samples as samples
from tests.ocr import invoices
from tests.ocr.api_calls import post_invoice
from tests.ocr.scoring import compare

CONTACT = {"first_name": "Léa", "last_name": "Martin", "email": "lea@client.example"}


@pytest.mark.parametrize("name", sorted(samples.expected()))
def test_every_field_of_the_public_examples(name: str) -> None:
    data = (samples.SAMPLES / name).read_bytes()
    extraction = analyse(data, samples.content_type(name))
    assert extraction["method"] == "einvoice"
    wrong = {
        field: (extraction["fields"].get(field, {}).get("value"), samples.expected()[name][field])
        for field, ok in compare(extraction, samples.expected()[name]).items()
        if not ok
    }
    assert wrong == {}
    trusted = {n for n, f in extraction["fields"].items() if f["confidence"] == 1.0}
    assert trusted >= {"invoice.numbers", "invoice.issue_date", "invoice.amount"}


def test_a_failing_checksum_from_the_xml_is_shown_but_not_trusted() -> None:
    data = (samples.SAMPLES / "factur-x-extended.xml").read_bytes()
    siret = analyse(data, "application/xml")["fields"]["debtor.siret"]
    assert siret["value"] == "98765432100029"
    assert siret["confidence"] < from_document.LOW_CONFIDENCE


async def test_a_ubl_file_is_submitted_from_its_xml(client, owner, user) -> None:  # type: ignore[no-untyped-def]
    response = await post_invoice(
        client,
        owner,
        user["id"],
        samples.ubl_issued_by_user(),
        name="f.xml",
        content_type="application/octet-stream",
    )
    assert response.status_code == 200, response.text
    rec = response.json()
    # The buyer party has a contact with an email: nothing is missing.
    assert rec["status"] == "in_recovery", rec["field_errors"]
    assert rec["ocr"]["method"] == "einvoice" and rec["ocr"]["status"] == "completed"
    assert rec["invoice"]["numbers"] == ["F124212"]
    assert (rec["invoice"]["issue_date"], rec["invoice"]["due_date"]) == (
        "2025-10-17",
        "2025-11-16",
    )
    assert (rec["invoice"]["amount"], rec["invoice"]["tax_amount"]) == (308.03, 35.03)
    assert rec["invoice"]["payment_terms"] == "30 jours net"
    debtor = rec["debtor"]
    assert debtor["company_name"] == "Ma jolie boutique SARL"
    assert (debtor["siret"], debtor["vat_number"]) == ("78787878400018", "FR19787878784")
    assert debtor["address"]["city"] == "Lyon" and debtor["address"]["postal_code"] == "69001"
    assert debtor["contacts"][0]["email"] == "laetita.durand@jolieboutique.com"
    assert rec["ocr"]["fields"]["seller.siret"]["value"] == VALID_SIRET
    assert rec["ocr"]["fields"]["invoice.amount"]["source"] == "einvoice"


async def test_a_facturx_pdf_is_read_from_its_xml_not_its_print(client, owner, user) -> None:  # type: ignore[no-untyped-def]
    pdf = samples.facturx_pdf(invoices.pdf(), samples.cii_issued_by_user())
    response = await post_invoice(
        client, owner, user["id"], pdf, name="facture.pdf", content_type="application/octet-stream"
    )
    assert response.status_code == 200, response.text
    rec = response.json()
    assert rec["ocr"]["method"] == "einvoice"
    # The printed page says F-2025-0142 and 1 200,00 €; the XML is the invoice.
    assert rec["invoice"]["numbers"] == ["F20260023"]
    assert rec["invoice"]["amount"] == 104.90
    assert rec["debtor"]["company_name"] == "LE CLIENT"
    assert rec["debtor"]["contacts"][0]["email"] == "buyer@buyer.com"


async def test_a_cii_credit_note_is_refused(client, owner, user) -> None:  # type: ignore[no-untyped-def]
    data = samples.cii_issued_by_user(credit_note=True)
    response = await post_invoice(
        client, owner, user["id"], data, name="avoir.xml", content_type="application/octet-stream"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "credit_note_not_accepted"


async def test_another_sellers_einvoice_is_refused(client, owner, user) -> None:  # type: ignore[no-untyped-def]
    data = (samples.SAMPLES / "ubl-21-en16931.xml").read_bytes()
    response = await post_invoice(
        client, owner, user["id"], data, name="f.xml", content_type="application/octet-stream"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "seller_siret_mismatch"


async def test_xml_with_an_external_entity_is_not_resolved(client, owner, user, tmp_path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    xml = samples.ubl_issued_by_user().decode()
    xml = xml.replace(
        "<?xml version='1.0' encoding='UTF-8'?>",
        f"<?xml version='1.0' encoding='UTF-8'?><!DOCTYPE Invoice [<!ENTITY x SYSTEM 'file://{secret}'>]>",
    ).replace("Ma jolie boutique SARL", "&x;")
    response = await post_invoice(
        client,
        owner,
        user["id"],
        xml.encode(),
        name="f.xml",
        content_type="application/octet-stream",
    )
    assert "TOP-SECRET" not in response.text
