"""Factur-X profiles whose XML carries part of the invoice (MINIMUM, BASIC WL, EN 16931 files
without a due date or buyer e-mail), completed from the page their PDF prints: what the XML
holds stays exact and trusted, what it lacks comes from the page with the page's confidence,
and a printed value never overrides or contradicts the XML."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from cleavr_connect.reading import einvoice, einvoice_page, values
from cleavr_connect.reading.extract import analyse, inspect_document
from cleavr_connect.reading.found import Found, Reading
from cleavr_connect.receivables import from_document
from tests.factories import VALID_SIRET
from tests.ocr import einvoice_samples as samples
from tests.ocr.api_calls import post_invoice
from tests.ocr.einvoice_samples import BUYER_SIRET, facturx_pdf, printed_buyer, printed_page
from tests.ocr.scanner import scan
from tests.ocr.specs import Line, vat_of

PDF = "application/pdf"
# What the page prints and MINIMUM's XML lacks.
PRINTED_ONLY = (
    "invoice.due_date",
    "invoice.payment_terms",
    "seller.siret",
    "debtor.siret",
    "debtor.vat_number",
    "debtor.address.line1",
    "debtor.address.postal_code",
    "debtor.address.city",
    "debtor.address.country",
    "debtor.email",
    "debtor.phone",
)


def _values(extraction: dict[str, Any]) -> dict[str, Any]:
    return {name: field["value"] for name, field in extraction["fields"].items()}


def _from_xml(extraction: dict[str, Any]) -> dict[str, Any]:
    return {n: f for n, f in extraction["fields"].items() if f["source"] == "einvoice"}


def test_a_minimum_facturx_takes_what_its_xml_lacks_from_its_page() -> None:
    page = printed_page()
    extraction = analyse(facturx_pdf(page, samples.minimum_xml()), PDF, ocr=False)
    assert extraction["method"] == "einvoice"
    xml_only = analyse(samples.minimum_xml(), "application/xml")
    # Every field the XML holds is the XML's, exact and trusted, as without the page.
    assert _from_xml(extraction) == xml_only["fields"]
    assert {n: f["confidence"] for n, f in _from_xml(extraction).items()} == dict.fromkeys(
        xml_only["fields"], 1.0
    )
    assert {n: _values(xml_only)[n] for n in ("invoice.numbers", "invoice.amount")} == {
        "invoice.numbers": ["F20260023"],
        "invoice.amount": "104.90",
    }
    assert _values(xml_only)["debtor.siren"] == BUYER_SIRET[:9]
    # What it lacks is the page's reading, with its own confidence, page, box and source.
    printed = analyse(page, PDF)["fields"]
    assert set(PRINTED_ONLY).isdisjoint(xml_only["fields"])
    assert {n: extraction["fields"].get(n) for n in PRINTED_ONLY} == {
        n: printed[n] for n in PRINTED_ONLY
    }
    assert all(printed[n]["page"] == 1 and printed[n]["source"] != "einvoice" for n in PRINTED_ONLY)
    assert {n: _values(extraction)[n] for n in PRINTED_ONLY} == {
        "invoice.due_date": "2025-11-30",
        "invoice.payment_terms": "à 30 jours",
        "seller.siret": VALID_SIRET,
        "debtor.siret": BUYER_SIRET,
        "debtor.vat_number": vat_of(BUYER_SIRET),
        "debtor.address.line1": "12 avenue Jean Médecin",
        "debtor.address.postal_code": "06000",
        "debtor.address.city": "Nice",
        "debtor.address.country": "FR",
        "debtor.email": "compta@leclient.example",
        "debtor.phone": "+33493123456",
    }
    # The printed debtor name is read with less confidence than the XML's, which stays.
    assert printed["debtor.company_name"]["confidence"] < 1.0
    assert extraction["fields"]["debtor.company_name"]["confidence"] == 1.0


def test_a_basic_wl_facturx_keeps_its_xml_where_the_page_says_otherwise() -> None:
    # The page prints another e-mail, another address and another due date than the XML.
    page = printed_page(due_date=date(2025, 12, 15), terms_days=45)
    extraction = analyse(facturx_pdf(page, samples.basic_wl_xml()), PDF, ocr=False)
    printed = analyse(page, PDF)["fields"]
    assert _values(analyse(page, PDF))["invoice.due_date"] == "2025-12-15"
    got = extraction["fields"]
    assert {n: (f["value"], f["confidence"], f["source"]) for n, f in got.items()}.items() >= {
        "invoice.due_date": ("2025-11-30", 1.0, "einvoice"),
        "invoice.payment_terms": ("PAIEMENT 30 JOURS NET", 1.0, "einvoice"),
        "debtor.email": ("me@buyer.com", 1.0, "einvoice"),
        "debtor.address.line1": ("MON ADRESSE LIGNE 1", 1.0, "einvoice"),
        "debtor.address.line2": ("Buyer line 2 Buyer line 3", 1.0, "einvoice"),
        "debtor.address.postal_code": ("06000", 1.0, "einvoice"),
        "debtor.address.city": ("MA VILLE", 1.0, "einvoice"),
        "debtor.vat_number": (vat_of(BUYER_SIRET), 1.0, "einvoice"),
    }.items()
    # What BASIC WL has no place for (the buyer's contact phone, its SIRET) comes from the page.
    assert (got["debtor.phone"], got["debtor.siret"]) == (
        printed["debtor.phone"],
        printed["debtor.siret"],
    )
    assert got["debtor.phone"]["value"] == "+33493123456"


def test_an_address_comes_whole_from_the_xml_or_from_the_page() -> None:
    address = "//ram:BuyerTradeParty/ram:PostalTradeAddress/"
    page = printed_page()  # 12 avenue Jean Médecin, 06000 Nice
    # The XML's address lacks its postcode: no printed part is mixed into it.
    xml = samples.without(samples.basic_wl_xml().decode(), address + "ram:PostcodeCode")
    got = analyse(facturx_pdf(page, xml), PDF, ocr=False)["fields"]
    assert "debtor.address.postal_code" not in got
    assert got["debtor.address.city"]["value"] == "MA VILLE"
    # The XML gives the buyer's country alone: the page's address, with the XML's country.
    xml = samples.without(
        samples.basic_wl_xml().decode(),
        *(address + part for part in ("ram:PostcodeCode", "ram:LineOne", "ram:LineTwo")),
        *(address + part for part in ("ram:LineThree", "ram:CityName")),
    )
    got = analyse(facturx_pdf(page, xml), PDF, ocr=False)["fields"]
    printed = analyse(page, PDF)["fields"]
    assert {n: got[n] for n in PRINTED_ONLY if n.startswith("debtor.address.")} == {
        n: printed[n] if n != "debtor.address.country" else got[n]
        for n in PRINTED_ONLY
        if n.startswith("debtor.address.")
    }
    assert got["debtor.address.country"]["source"] == "einvoice"
    assert got["debtor.address.city"]["value"] == "Nice"


def test_an_en16931_file_without_due_date_nor_email() -> None:
    # Printed: due on 2025-12-15 and the buyer's e-mail; the XML only says "30 jours net".
    page = printed_page(due_date=date(2025, 12, 15), terms_days=45)
    xml = samples.en16931_xml_without_due_date()
    extraction = analyse(facturx_pdf(page, xml), PDF, ocr=False)
    printed = analyse(page, PDF)["fields"]
    got = extraction["fields"]
    # The date the seller's software printed comes before a date derived from written terms.
    assert got["invoice.due_date"] == printed["invoice.due_date"]
    assert got["invoice.due_date"]["value"] == "2025-12-15"
    assert got["debtor.email"] == printed["debtor.email"]
    assert got["invoice.payment_terms"]["source"] == "einvoice"

    # Nothing printed: the due date is derived from the XML's terms, as the layout reader does.
    extraction = analyse(facturx_pdf(printed_page(show_due_date=False), xml), PDF, ocr=False)
    due = extraction["fields"]["invoice.due_date"]
    assert (due["value"], due["source"], due["page"]) == ("2025-11-30", "payment_terms", None)
    assert due["confidence"] < 1.0

    # No terms in the XML either: the page's terms and due date.
    xml = samples.en16931_xml_without_due_date(terms=False)
    got = analyse(facturx_pdf(page, xml), PDF, ocr=False)["fields"]
    assert got["invoice.payment_terms"] == printed["invoice.payment_terms"]
    assert got["invoice.due_date"] == printed["invoice.due_date"]


def test_a_printed_due_date_before_the_xmls_issue_date_is_not_taken() -> None:
    def completed(due: date) -> Reading:
        reading = einvoice.read(einvoice.terms_of(einvoice.parse_xml(samples.minimum_xml())))
        page = {"invoice.numbers": ["F20260023"], "invoice.due_date": due}
        einvoice_page.complete(
            reading, Reading({n: Found(v, 1.0, 1, None) for n, v in page.items()})
        )
        return reading

    assert "invoice.due_date" not in completed(date(2025, 10, 30)).fields  # issued 2025-10-31
    assert completed(date(2025, 10, 31)).value("invoice.due_date") == date(2025, 10, 31)


def test_due_date_from_written_terms_in_the_xml() -> None:
    xml = samples.en16931_xml_without_due_date().decode()
    xml = xml.replace(">20251031<", ">20251015<").replace(
        "PAIEMENT 30 JOURS NET", "Paiement à 30 jours fin de mois"
    )
    due = analyse(xml.encode(), "application/xml")["fields"]["invoice.due_date"]
    # 15 October + 30 days, at the end of that month: the layout reader's own reading.
    expected = values.due_from_terms(
        values.fold("Paiement à 30 jours fin de mois"), date(2025, 10, 15)
    )
    assert due["value"] == "2025-11-30" == str(expected)
    assert (due["source"], due["confidence"]) == ("payment_terms", 0.9)


def test_a_printed_debtor_of_another_company_is_not_taken() -> None:
    other = printed_buyer(siret="55210055400013", vat_number=vat_of("55210055400013"))
    extraction = analyse(
        facturx_pdf(printed_page(debtor=other), samples.minimum_xml()), PDF, ocr=False
    )
    names = set(extraction["fields"])
    assert not names & {n for n in PRINTED_ONLY if n.startswith("debtor.")}
    # The invoice is still this one: its terms and due date are taken.
    assert extraction["fields"]["invoice.due_date"]["value"] == "2025-11-30"
    assert extraction["fields"]["debtor.siren"]["value"] == BUYER_SIRET[:9]


@pytest.mark.parametrize(
    "page",
    [
        pytest.param({"numbers": ["F-2025-0142"]}, id="another number"),
        # 1 200,00 € TTC, not 104,90 €.
        pytest.param(
            {"lines": [Line("Travaux", 1, Decimal("1000.00"), Decimal("20"))]}, id="another total"
        ),
    ],
)
def test_the_page_of_another_invoice_completes_nothing(page: dict[str, Any]) -> None:
    extraction = analyse(facturx_pdf(printed_page(**page), samples.minimum_xml()), PDF, ocr=False)
    assert extraction["fields"] == analyse(samples.minimum_xml(), "application/xml")["fields"]


def test_a_scanned_page_leaves_the_xml_alone_where_ocr_is_not_allowed() -> None:
    from PIL import Image

    image = Image.open(io.BytesIO(scan(printed_page(), seed=5, fmt="png")))
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PDF", resolution=200)
    data = facturx_pdf(buffer.getvalue(), samples.minimum_xml())
    inspection = inspect_document(data, PDF)
    assert inspection.einvoice and not inspection.needs_ocr  # read in the request, never queued
    extraction = analyse(data, PDF, ocr=False)
    assert extraction["method"] == "einvoice" and extraction["ocr_pages"] == 0
    assert extraction["fields"] == analyse(samples.minimum_xml(), "application/xml")["fields"]


def test_a_plain_pdf_and_an_xml_file_read_as_before() -> None:
    extraction = analyse(printed_page(), PDF)
    assert extraction["method"] == "text"
    assert {f["source"] for f in extraction["fields"].values()}.isdisjoint({"einvoice"})
    assert _values(extraction)["debtor.company_name"] == "LE CLIENT"
    assert _values(extraction)["invoice.amount"] == "104.90"
    extraction = analyse(samples.minimum_xml(), "application/xml")
    assert {f["source"] for f in extraction["fields"].values()} == {"einvoice"}
    assert set(PRINTED_ONLY) & set(extraction["fields"]) == set()


def test_identifiers_whose_checksum_fails_are_shown_not_trusted() -> None:
    # The public examples' buyer: SIREN 987654321 and VAT FR05987654321 fail their checksums.
    for name in ("factur-x-minimum.xml", "factur-x-basic.xml"):
        fields = analyse((samples.SAMPLES / name).read_bytes(), "application/xml")["fields"]
        assert fields["debtor.siren"]["value"] == "987654321"
        assert fields["debtor.siren"]["confidence"] < from_document.LOW_CONFIDENCE
    fields = analyse(samples.SAMPLES.joinpath("factur-x-basic.xml").read_bytes(), "application/xml")
    assert fields["fields"]["debtor.vat_number"]["value"] == "FR05987654321"
    assert fields["fields"]["debtor.vat_number"]["confidence"] < from_document.LOW_CONFIDENCE
    fields = analyse(samples.basic_wl_xml(), "application/xml")["fields"]
    assert fields["debtor.vat_number"]["confidence"] == fields["debtor.siren"]["confidence"] == 1.0


# -- through the API, on SQLite and PostgreSQL ---------------------------------------------------


async def _posted(client: Any, owner: Any, user_id: str, name: str, data: bytes) -> Any:
    response = await post_invoice(
        client, owner, user_id, data, name=name, content_type="application/octet-stream"
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_minimum_facturx_pdf_is_submitted_with_what_its_page_prints(
    client, owner, user
) -> None:  # type: ignore[no-untyped-def]
    # The XML alone: a draft that asks for the due date and a contact, without an address.
    rec = await _posted(client, owner, user["id"], "facture.xml", samples.minimum_xml())
    assert rec["status"] == "draft" and rec["ocr"]["method"] == "einvoice"
    assert set(rec["missing_fields"]) == {"invoice.due_date", "debtor.contacts"}
    assert not rec["debtor"].get("address") and not rec["debtor"].get("siret")

    pdf = facturx_pdf(printed_page(), samples.minimum_xml())
    rec = await _posted(client, owner, user["id"], "facture.pdf", pdf)
    assert rec["status"] == "in_recovery", rec["field_errors"]
    assert rec["ocr"]["method"] == "einvoice"
    assert rec["invoice"]["numbers"] == ["F20260023"]
    assert (rec["invoice"]["issue_date"], rec["invoice"]["due_date"]) == (
        "2025-10-31",
        "2025-11-30",
    )
    assert (rec["invoice"]["amount"], rec["invoice"]["tax_amount"]) == (104.90, 4.90)
    debtor = rec["debtor"]
    assert (debtor["company_name"], debtor["siret"]) == ("LE CLIENT", BUYER_SIRET)
    assert debtor["address"]["line1"] == "12 avenue Jean Médecin"
    assert (debtor["address"]["postal_code"], debtor["address"]["city"]) == ("06000", "Nice")
    assert debtor["contacts"][0]["email"] == "compta@leclient.example"
    fields = rec["ocr"]["fields"]
    assert fields["invoice.amount"]["source"] == "einvoice"
    assert fields["debtor.email"]["source"] == "label" and fields["debtor.email"]["page"] == 1


async def test_a_basic_wl_facturx_pdf_keeps_the_xmls_email(client, owner, user) -> None:  # type: ignore[no-untyped-def]
    pdf = facturx_pdf(printed_page(), samples.basic_wl_xml())
    rec = await _posted(client, owner, user["id"], "facture.pdf", pdf)
    assert rec["ocr"]["method"] == "einvoice"
    assert rec["debtor"]["contacts"][0]["email"] == "me@buyer.com"
    assert rec["debtor"]["contacts"][0]["phone"] == "+33493123456"
    assert rec["debtor"]["address"]["city"] == "MA VILLE"
