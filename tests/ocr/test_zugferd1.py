"""ZUGFeRD 1.0 (`urn:ferd:CrossIndustryDocument:invoice:1p0`), the CII profile before EN 16931,
read exactly: as a bare XML file and embedded in a PDF, every field from the XML."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter

from cleavr_connect.reading.extract import analyse
from tests.factories import VALID_SIRET, active_user, caller
from tests.ocr import invoices


def zugferd1_xml(
    *, number: str = "ZF-2026-0042", type_code: str = "380", due: str | None = "20260415"
) -> bytes:
    due_block = (
        f'<ram:DueDateDateTime><udt:DateTimeString format="102">{due}</udt:DateTimeString>'
        "</ram:DueDateDateTime>"
        if due
        else ""
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"
  xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12"
  xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15">
  <rsm:SpecifiedExchangedDocumentContext>
    <ram:GuidelineSpecifiedDocumentContextParameter>
      <ram:ID>urn:ferd:CrossIndustryDocument:invoice:1p0:comfort</ram:ID>
    </ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:SpecifiedExchangedDocumentContext>
  <rsm:HeaderExchangedDocument>
    <ram:ID>{number}</ram:ID>
    <ram:Name>FACTURE</ram:Name>
    <ram:TypeCode>{type_code}</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20260316</udt:DateTimeString></ram:IssueDateTime>
  </rsm:HeaderExchangedDocument>
  <rsm:SpecifiedSupplyChainTradeTransaction>
    <ram:ApplicableSupplyChainTradeAgreement>
      <ram:SellerTradeParty>
        <ram:GlobalID schemeID="0009">{VALID_SIRET}</ram:GlobalID>
        <ram:Name>Acme Plomberie SAS</ram:Name>
        <ram:PostalTradeAddress>
          <ram:PostcodeCode>75011</ram:PostcodeCode>
          <ram:LineOne>12 rue Oberkampf</ram:LineOne>
          <ram:CityName>Paris</ram:CityName>
          <ram:CountryID>FR</ram:CountryID>
        </ram:PostalTradeAddress>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">FR44732829320</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty>
        <ram:GlobalID schemeID="0009">78787878400018</ram:GlobalID>
        <ram:Name>Ma jolie boutique SARL</ram:Name>
        <ram:DefinedTradeContact>
          <ram:PersonName>Laetitia Durand</ram:PersonName>
          <ram:TelephoneUniversalCommunication><ram:CompleteNumber>04 78 12 34 56</ram:CompleteNumber></ram:TelephoneUniversalCommunication>
          <ram:EmailURIUniversalCommunication><ram:URIID>Compta@JolieBoutique.example</ram:URIID></ram:EmailURIUniversalCommunication>
        </ram:DefinedTradeContact>
        <ram:PostalTradeAddress>
          <ram:PostcodeCode>69001</ram:PostcodeCode>
          <ram:LineOne>5 place des Terreaux</ram:LineOne>
          <ram:LineTwo>Bâtiment B</ram:LineTwo>
          <ram:CityName>Lyon</ram:CityName>
          <ram:CountryID>FR</ram:CountryID>
        </ram:PostalTradeAddress>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">FR19787878784</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:BuyerTradeParty>
    </ram:ApplicableSupplyChainTradeAgreement>
    <ram:ApplicableSupplyChainTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:ApplicableTradeTax>
        <ram:CalculatedAmount currencyID="EUR">170.00</ram:CalculatedAmount>
        <ram:TypeCode>VAT</ram:TypeCode>
        <ram:BasisAmount currencyID="EUR">850.00</ram:BasisAmount>
        <ram:CategoryCode>S</ram:CategoryCode>
        <ram:ApplicablePercent>20.00</ram:ApplicablePercent>
      </ram:ApplicableTradeTax>
      <ram:SpecifiedTradePaymentTerms>
        <ram:Description>Paiement à 30 jours date de facture</ram:Description>
        {due_block}
      </ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementMonetarySummation>
        <ram:LineTotalAmount currencyID="EUR">850.00</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount currencyID="EUR">850.00</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">170.00</ram:TaxTotalAmount>
        <ram:GrandTotalAmount currencyID="EUR">1020.00</ram:GrandTotalAmount>
        <ram:DuePayableAmount currencyID="EUR">1020.00</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementMonetarySummation>
    </ram:ApplicableSupplyChainTradeSettlement>
  </rsm:SpecifiedSupplyChainTradeTransaction>
</rsm:CrossIndustryDocument>
""".encode()


def zugferd1_pdf(xml: bytes) -> bytes:
    """A printed invoice (other figures on purpose) with the XML attached the way ZUGFeRD 1.0
    did it: an embedded file named `ZUGFeRD-invoice.xml`."""
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(invoices.pdf())))
    writer.add_attachment("ZUGFeRD-invoice.xml", xml)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


EXPECTED: dict[str, Any] = {
    "invoice.numbers": ["ZF-2026-0042"],
    "invoice.issue_date": "2026-03-16",
    "invoice.due_date": "2026-04-15",
    "invoice.payment_terms": "Paiement à 30 jours date de facture",
    "invoice.amount_before_tax": "850.00",
    "invoice.tax_amount": "170.00",
    "invoice.amount": "1020.00",
    "invoice.currency": "EUR",
    "seller.siret": VALID_SIRET,
    "seller.vat_number": "FR44732829320",
    "debtor.company_name": "Ma jolie boutique SARL",
    "debtor.siret": "78787878400018",
    "debtor.siren": "787878784",
    "debtor.vat_number": "FR19787878784",
    "debtor.address.line1": "5 place des Terreaux",
    "debtor.address.line2": "Bâtiment B",
    "debtor.address.postal_code": "69001",
    "debtor.address.city": "Lyon",
    "debtor.address.country": "FR",
    "debtor.email": "compta@jolieboutique.example",
    "debtor.phone": "+33478123456",
}


def _values(extraction: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, found in extraction["fields"].items():
        value = found["value"]
        if isinstance(value, date):
            value = value.isoformat()
        if isinstance(value, Decimal | float):
            value = f"{Decimal(str(value)):.2f}"
        out[name] = value
    return out


@pytest.mark.parametrize("packaging", ["xml", "pdf"])
def test_every_field_of_a_zugferd1_invoice(packaging: str) -> None:
    xml = zugferd1_xml()
    data, content_type = (
        (xml, "application/xml") if packaging == "xml" else (zugferd1_pdf(xml), "application/pdf")
    )
    extraction = analyse(data, content_type)
    assert extraction["method"] == "einvoice"
    values = _values(extraction)
    assert {k: values.get(k) for k in EXPECTED} == EXPECTED
    for name in EXPECTED:
        assert extraction["fields"][name]["confidence"] == 1.0, name
        assert extraction["fields"][name]["source"] == "einvoice", name


def test_without_a_due_date_it_comes_from_the_written_terms() -> None:
    # "à 30 jours date de facture" from 16 March 2026: 15 April 2026.
    extraction = analyse(zugferd1_xml(due=None), "application/xml")
    due = extraction["fields"]["invoice.due_date"]
    assert _values(extraction)["invoice.due_date"] == "2026-04-15"
    assert due["source"] == "payment_terms" and due["confidence"] < 1.0


async def test_a_zugferd1_pdf_is_submitted_from_its_xml(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    owner = await caller(client, db, runtime)
    user = await active_user(client, owner)
    response = await client.post(
        "/v1/receivables/ocr",
        files={"file": ("rechnung.pdf", zugferd1_pdf(zugferd1_xml()), "application/octet-stream")},
        data={"user_id": user["id"]},
        headers=owner.headers,
    )
    assert response.status_code == 200, response.text
    rec = response.json()
    assert rec["ocr"]["method"] == "einvoice"
    assert rec["invoice"]["numbers"] == ["ZF-2026-0042"]  # the XML's, not the printed page's
    assert (rec["invoice"]["amount"], rec["invoice"]["tax_amount"]) == (1020.0, 170.0)
    assert rec["debtor"]["siret"] == "78787878400018"
    assert rec["debtor"]["contacts"][0]["email"] == "compta@jolieboutique.example"

    credit = await client.post(
        "/v1/receivables/ocr",
        files={"file": ("avoir.xml", zugferd1_xml(type_code="381"), "application/octet-stream")},
        data={"user_id": user["id"]},
        headers=owner.headers,
    )
    assert credit.status_code == 400
    assert credit.json()["error"]["code"] == "credit_note_not_accepted"
