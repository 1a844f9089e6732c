"""The public e-invoice examples (`einvoices/`), and copies of them issued by the test user's
company, overdue at the test clock's date, for the API tests; the Factur-X profiles whose XML
carries part of the invoice, with a page that prints all of it."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.factories import VALID_SIRET, VALID_VAT
from tests.ocr.specs import Party, vat_of

SAMPLES = Path(__file__).parent / "einvoices"


def expected() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = json.loads((SAMPLES / "expected.json").read_text())
    return data


def content_type(name: str) -> str:
    return "application/pdf" if name.endswith(".pdf") else "application/xml"


def ubl_issued_by_user() -> bytes:
    """The UBL EN 16931 example with the test user as seller, issued 2025-10-17, due
    2025-11-16 (overdue on 2026-01-15)."""
    xml = (SAMPLES / "ubl-21-en16931.xml").read_text()
    xml = xml.replace("99999999800019", VALID_SIRET).replace("999999998", VALID_SIRET[:9])
    return xml.replace("2026-06-17", "2025-10-17").replace("2026-07-16", "2025-11-16").encode()


def cii_issued_by_user(*, credit_note: bool = False) -> bytes:
    """The Factur-X EN 16931 CII example with the test user as seller, issued 2025-10-31, due
    2025-11-30."""
    xml = (SAMPLES / "factur-x-en16931.xml").read_text()
    xml = xml.replace("12345678200077", VALID_SIRET).replace("123456782", VALID_SIRET[:9])
    xml = xml.replace(">20260131<", ">20251031<").replace(">20260302<", ">20251130<")
    if credit_note:
        xml = xml.replace("<ram:TypeCode>380</ram:TypeCode>", "<ram:TypeCode>381</ram:TypeCode>")
    return xml.encode()


def facturx_pdf(printed: bytes, xml: bytes) -> bytes:
    """A Factur-X PDF: `printed` with `xml` embedded as factur-x.xml."""
    from facturx import generate_from_binary

    return bytes(generate_from_binary(printed, xml, check_xsd=False))


# -- Factur-X PDFs whose XML carries part of the invoice, and whose page prints all of it --------

# The buyer of the profiles below the full one: the public examples' SIREN 987654321 fails its
# checksum, this one holds.
BUYER_SIRET = "77823710747612"
FX_NUMBER = "F20260023"


def _issued_by_user(xml: str) -> str:
    """The seller is the test user's company, the buyer `BUYER_SIRET`'s; issued 2025-10-31 and,
    where the XML says so, due 2025-11-30."""
    xml = xml.replace("FR11123456782", VALID_VAT).replace("FR 11 123 456 782", VALID_VAT)
    xml = xml.replace("12345678200077", VALID_SIRET).replace("123456782", VALID_SIRET[:9])
    xml = xml.replace("98765432100029", BUYER_SIRET).replace("987654321", BUYER_SIRET[:9])
    xml = xml.replace("FR 05 987 654 321", vat_of(BUYER_SIRET)).replace(
        "FR05987654321", vat_of(BUYER_SIRET)
    )
    return xml.replace(">20260131<", ">20251031<").replace(">20260302<", ">20251130<")


def without(xml: str, *paths: str, guideline: str | None = None) -> bytes:
    from lxml import etree

    root = etree.fromstring(xml.encode())
    namespaces = {k: v for k, v in root.nsmap.items() if k}
    for path in paths:
        for element in root.xpath(path, namespaces=namespaces):
            element.getparent().remove(element)
    if guideline is not None:
        node = root.xpath(
            "//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID", namespaces=namespaces
        )[0]
        node.text = guideline
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def minimum_xml() -> bytes:
    """Factur-X MINIMUM: number, dates, totals, the parties' names and SIRENs; no buyer
    address, contact, payment terms nor due date."""
    xml = _issued_by_user((SAMPLES / "factur-x-minimum.xml").read_text(encoding="utf-8-sig"))
    return xml.encode()


def basic_wl_xml() -> bytes:
    """Factur-X BASIC WL: the BASIC example without its lines (the profile has none). The buyer
    has an address and an e-mail (BT-49), no contact phone; due 2025-11-30."""
    xml = _issued_by_user((SAMPLES / "factur-x-basic.xml").read_text(encoding="utf-8-sig"))
    return without(
        xml,
        "//ram:IncludedSupplyChainTradeLineItem",
        guideline="urn:factur-x.eu:1p0:basicwl",
    )


def en16931_xml_without_due_date(*, terms: bool = True) -> bytes:
    """The EN 16931 example without its due date (BT-9) nor any buyer e-mail; with `terms`, its
    payment terms still say "PAIEMENT 30 JOURS NET"."""
    xml = _issued_by_user((SAMPLES / "factur-x-en16931.xml").read_text(encoding="utf-8-sig"))
    paths = [
        "//ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime",
        "//ram:BuyerTradeParty/ram:DefinedTradeContact/ram:EmailURIUniversalCommunication",
        "//ram:BuyerTradeParty/ram:URIUniversalCommunication",
    ]
    if not terms:
        paths.append("//ram:SpecifiedTradePaymentTerms/ram:Description")
    return without(xml, *paths)


def printed_page(**overrides: Any) -> bytes:
    """The whole invoice the XML above describe, drawn by reportlab as a French invoice: number
    F20260023 of 2025-10-31, 100,00 € HT + 4,90 € TVA = 104,90 € TTC, due 2025-11-30 ("à 30
    jours"), and its buyer in full — name, address, SIRET, VAT number, e-mail, phone."""
    from tests.ocr import invoices
    from tests.ocr.specs import Line

    return invoices.pdf(
        **{
            "numbers": [FX_NUMBER],
            "issue_date": date(2025, 10, 31),
            "due_date": date(2025, 11, 30),
            "lines": [Line("Prestations de service", 1, Decimal("100.00"), Decimal("4.9"))],
            "debtor": printed_buyer(),
            **overrides,
        }
    )


def printed_buyer(**overrides: Any) -> Party:
    buyer = Party(
        name="LE CLIENT",
        line1="12 avenue Jean Médecin",
        postal_code="06000",
        city="Nice",
        siret=BUYER_SIRET,
        vat_number=vat_of(BUYER_SIRET),
        email="compta@leclient.example",
        phone="04 93 12 34 56",
    )
    return replace(buyer, **overrides)


# -- Our own minimal EN 16931 files, to vary one thing at a time -------------------------------
#
# Invented data: the seller is the test user's company, the buyer `BUYER_SIRET`'s; invoice
# FA-2025-117 of 2025-10-31, due 2025-11-30 (overdue at the test clock's date), 100,00 € + 20,00 €
# VAT = 120,00 €.

UBL_NUMBER = "FA-2025-117"
UBL_NS = (
    'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" '
    'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"'
)


def ubl_minimal(root: str = "Invoice") -> str:
    """A UBL 2.1 invoice (or, with `root="CreditNote"`, credit note) with every term the
    reading takes, written the way EN 16931's own examples write them."""
    kind = "InvoiceTypeCode" if root == "Invoice" else "CreditNoteTypeCode"
    code = "380" if root == "Invoice" else "381"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<{root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:{root}-2" {UBL_NS}>
  <cbc:UBLVersionID>2.1</cbc:UBLVersionID>
  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
  <cbc:ID>{UBL_NUMBER}</cbc:ID>
  <cbc:IssueDate>2025-10-31</cbc:IssueDate>
  <cbc:DueDate>2025-11-30</cbc:DueDate>
  <cbc:{kind}>{code}</cbc:{kind}>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party>
    <cac:PartyIdentification><cbc:ID schemeID="0009">{VALID_SIRET}</cbc:ID></cac:PartyIdentification>
    <cac:PostalAddress><cbc:StreetName>3 quai Vernet</cbc:StreetName><cbc:CityName>Lyon</cbc:CityName>
      <cbc:PostalZone>69002</cbc:PostalZone>
      <cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    <cac:PartyTaxScheme><cbc:CompanyID>{VALID_VAT}</cbc:CompanyID>
      <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>Atelier Vernet SAS</cbc:RegistrationName>
      <cbc:CompanyID schemeID="0002">{VALID_SIRET[:9]}</cbc:CompanyID></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party>
    <cbc:EndpointID schemeID="0225">{BUYER_SIRET[:9]}</cbc:EndpointID>
    <cac:PartyIdentification><cbc:ID schemeID="0009">{BUYER_SIRET}</cbc:ID></cac:PartyIdentification>
    <cac:PartyName><cbc:Name>Lenoir</cbc:Name></cac:PartyName>
    <cac:PostalAddress><cbc:StreetName>8 rue des Tanneurs</cbc:StreetName>
      <cbc:AdditionalStreetName>Bâtiment B</cbc:AdditionalStreetName>
      <cbc:CityName>Rennes</cbc:CityName><cbc:PostalZone>35000</cbc:PostalZone>
      <cbc:CountrySubentity>Bretagne</cbc:CountrySubentity>
      <cac:AddressLine><cbc:Line>2e étage</cbc:Line></cac:AddressLine>
      <cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    <cac:PartyTaxScheme><cbc:CompanyID>{vat_of(BUYER_SIRET)}</cbc:CompanyID>
      <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>Boulangerie Lenoir SARL</cbc:RegistrationName>
      <cbc:CompanyID schemeID="0002">{BUYER_SIRET[:9]}</cbc:CompanyID></cac:PartyLegalEntity>
    <cac:Contact><cbc:Name>Paul Lenoir</cbc:Name><cbc:Telephone>02 99 12 34 56</cbc:Telephone>
      <cbc:ElectronicMail>compta@boulangerie-lenoir.example</cbc:ElectronicMail></cac:Contact>
  </cac:Party></cac:AccountingCustomerParty>
  <cac:PaymentTerms><cbc:Note>Paiement à 30 jours</cbc:Note></cac:PaymentTerms>
  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">20.00</cbc:TaxAmount></cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">120.00</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">120.00</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
</{root}>
"""


CII_NS = (
    'xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" '
    'xmlns:ram="urn:un:unece:uncefact:data:standard:'
    'ReusableAggregateBusinessInformationEntity:100" '
    'xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"'
)


def cii_minimal() -> str:
    """The same invoice in CII (Factur-X EN 16931 / XRechnung syntax)."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice {CII_NS}>
  <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter>
    <ram:ID>urn:cen.eu:en16931:2017</ram:ID>
  </ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument><ram:ID>{UBL_NUMBER}</ram:ID><ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20251031</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:SellerTradeParty><ram:Name>Atelier Vernet SAS</ram:Name>
        <ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">{VALID_SIRET[:9]}</ram:ID></ram:SpecifiedLegalOrganization>
        <ram:PostalTradeAddress><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">{VALID_VAT}</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name>Boulangerie Lenoir SARL</ram:Name>
        <ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">{BUYER_SIRET[:9]}</ram:ID></ram:SpecifiedLegalOrganization>
        <ram:DefinedTradeContact><ram:PersonName>Paul Lenoir</ram:PersonName>
          <ram:EmailURIUniversalCommunication><ram:URIID>compta@boulangerie-lenoir.example</ram:URIID></ram:EmailURIUniversalCommunication>
        </ram:DefinedTradeContact>
        <ram:PostalTradeAddress><ram:PostcodeCode>35000</ram:PostcodeCode>
          <ram:LineOne>8 rue des Tanneurs</ram:LineOne><ram:CityName>Rennes</ram:CityName>
          <ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">{vat_of(BUYER_SIRET)}</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery/>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradePaymentTerms><ram:Description>Paiement à 30 jours</ram:Description>
        <ram:DueDateDateTime><udt:DateTimeString format="102">20251130</udt:DateTimeString></ram:DueDateDateTime>
      </ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>100.00</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount>100.00</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">20.00</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>120.00</ram:GrandTotalAmount>
        <ram:DuePayableAmount>120.00</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
"""


def minimal_fields() -> dict[str, Any]:
    """What `ubl_minimal` and `cii_minimal` say, field by field (the CII one has no address
    line 2 nor phone)."""
    return {
        "invoice.numbers": [UBL_NUMBER],
        "invoice.issue_date": "2025-10-31",
        "invoice.due_date": "2025-11-30",
        "invoice.payment_terms": "Paiement à 30 jours",
        "invoice.amount": "120.00",
        "invoice.amount_before_tax": "100.00",
        "invoice.tax_amount": "20.00",
        "invoice.currency": "EUR",
        "seller.siret": VALID_SIRET,
        "debtor.company_name": "Boulangerie Lenoir SARL",
        "debtor.siret": BUYER_SIRET,
        "debtor.siren": BUYER_SIRET[:9],
        "debtor.vat_number": vat_of(BUYER_SIRET),
        "debtor.address.line1": "8 rue des Tanneurs",
        "debtor.address.line2": "Bâtiment B 2e étage",
        "debtor.address.postal_code": "35000",
        "debtor.address.city": "Rennes",
        "debtor.address.country": "FR",
        "debtor.email": "compta@boulangerie-lenoir.example",
        "debtor.phone": "+33299123456",
    }
