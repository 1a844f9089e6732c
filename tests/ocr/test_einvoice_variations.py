"""E-invoices as real EN 16931 files vary: each variation the official examples (CEN's UBL and
CII examples, Peppol BIS 3, XRechnung) show, on our own minimal file, read field by field; and
through `POST /v1/receivables/ocr`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from cleavr_connect.reading.extract import analyse
from cleavr_connect.receivables import from_document
from tests.factories import VALID_SIRET
from tests.ocr import einvoice_samples as samples
from tests.ocr.api_calls import post_invoice

UBL = samples.ubl_minimal()
CII = samples.cii_minimal()


def _read(xml: str | bytes) -> dict[str, Any]:
    data = xml.encode() if isinstance(xml, str) else xml
    return analyse(data, "application/xml")


def _values(extraction: dict[str, Any]) -> dict[str, Any]:
    return {name: field["value"] for name, field in extraction["fields"].items()}


def _expect(**changes: Any) -> dict[str, Any]:
    """The minimal file's fields, with `changes` (`None`: the field is not read); names with
    `__` for dots."""
    fields = samples.minimal_fields() | {"debtor.company_type": "company"}
    fields["seller.vat_number"] = samples.VALID_VAT
    for name, value in changes.items():
        fields[name.replace("__", ".")] = value
    return {name: value for name, value in fields.items() if value is not None}


def _cii_expect(**changes: Any) -> dict[str, Any]:
    # The CII file names the buyer by its SIREN alone, with no second address line nor phone.
    base = {"seller__siret": None, "debtor__siret": None, "debtor__address__line2": None}
    return _expect(**(base | {"debtor__phone": None} | changes))


def _sub(old: str, new: str) -> Callable[[str], str]:
    def change(xml: str) -> str:
        assert old in xml, old
        return xml.replace(old, new)

    return change


def _all(*changes: Callable[[str], str]) -> Callable[[str], str]:
    def change(xml: str) -> str:
        for one in changes:
            xml = one(xml)
        return xml

    return change


def test_the_minimal_files_read_whole() -> None:
    assert _values(_read(UBL)) == _expect()
    assert _values(_read(CII)) == _cii_expect()


UBL_VARIATIONS: dict[str, tuple[Callable[[str], str], dict[str, Any]]] = {
    # A CIUS or extension the factur-x package does not know (Peppol BIS, XRechnung, a
    # platform's own), or none at all: it is still EN 16931, read whole (was refused).
    "unknown specification identifier": (
        _sub("urn:cen.eu:en16931:2017<", "urn:fdc:example.org:2025:billing:1.0<"),
        {},
    ),
    "no specification identifier": (
        _sub("<cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>", ""),
        {},
    ),
    # xs:date allows a time zone; and blanks around a date (was refused).
    "dates with a time zone": (
        _all(
            _sub("<cbc:IssueDate>2025-10-31<", "<cbc:IssueDate>2025-10-31+01:00<"),
            _sub("<cbc:DueDate>2025-11-30<", "<cbc:DueDate>\n    2025-11-30Z\n  <"),
        ),
        {},
    ),
    # An impossible due date is no due date, not an unreadable file (was refused): the
    # terms give it.
    "an impossible due date": (
        _sub("<cbc:DueDate>2025-11-30<", "<cbc:DueDate>2025-11-31<"),
        {"invoice__due_date": "2025-11-30"},
    ),
    # UBL 2.0-era exporters write BT-9 in the payment means (was derived from the terms).
    "due date in the payment means": (
        _all(
            _sub("<cbc:DueDate>2025-11-30</cbc:DueDate>", ""),
            _sub("<cbc:Note>Paiement à 30 jours</cbc:Note>", "<cbc:Note>Virement</cbc:Note>"),
            _sub(
                "<cac:PaymentTerms>",
                "<cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>"
                "<cbc:PaymentDueDate>2025-12-15</cbc:PaymentDueDate></cac:PaymentMeans>"
                "<cac:PaymentTerms>",
            ),
        ),
        {"invoice__due_date": "2025-12-15", "invoice__payment_terms": "Virement"},
    ),
    # Half-up to the cent, as our money rounds (was the banker's 20.12).
    "amounts with four decimals": (
        _all(
            _sub('"EUR">100.00</cbc:TaxExclusiveAmount', '"EUR">100.0000</cbc:TaxExclusiveAmount'),
            _sub('"EUR">20.00</cbc:TaxAmount', '"EUR">20.125</cbc:TaxAmount'),
        ),
        {"invoice__tax_amount": "20.13"},
    ),
    # BT-110 left out: the base and total give it.
    "no tax total": (
        _sub(
            '<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">20.00</cbc:TaxAmount></cac:TaxTotal>', ""
        ),
        {},
    ),
    # BT-111, the tax in the VAT accounting currency (BT-6), in a second TaxTotal.
    "a non-euro invoice with a tax currency": (
        _all(
            _sub('currencyID="EUR"', 'currencyID="DKK"'),
            _sub(
                ">EUR</cbc:DocumentCurrencyCode>",
                ">DKK</cbc:DocumentCurrencyCode><cbc:TaxCurrencyCode>EUR</cbc:TaxCurrencyCode>",
            ),
            _sub(
                "</cac:TaxTotal>",
                "</cac:TaxTotal><cac:TaxTotal>"
                '<cbc:TaxAmount currencyID="EUR">2.68</cbc:TaxAmount></cac:TaxTotal>',
            ),
        ),
        {"invoice__currency": "DKK"},
    ),
    # Two payment terms: both texts, the first due date (the terms' text was a Python list).
    "two payment terms": (
        _sub(
            "<cac:PaymentTerms><cbc:Note>Paiement à 30 jours</cbc:Note></cac:PaymentTerms>",
            "<cac:PaymentTerms><cbc:Note>Paiement à 30 jours</cbc:Note></cac:PaymentTerms>"
            "<cac:PaymentTerms><cbc:Note>Pénalités : 3 fois le taux légal</cbc:Note>"
            "</cac:PaymentTerms>",
        ),
        {"invoice__payment_terms": "Paiement à 30 jours Pénalités : 3 fois le taux légal"},
    ),
    # BT-44 missing (it is mandatory): the trading name, BT-45.
    "no registration name": (
        _sub("<cbc:RegistrationName>Boulangerie Lenoir SARL</cbc:RegistrationName>", ""),
        {"debtor__company_name": "Lenoir"},
    ),
    # The buyer's SIRET only as its electronic address (BT-49, scheme 0009).
    "the SIRET as electronic address": (
        _all(
            _sub(
                f'<cbc:EndpointID schemeID="0225">{samples.BUYER_SIRET[:9]}',
                f'<cbc:EndpointID schemeID="0009">{samples.BUYER_SIRET}',
            ),
            _sub(
                f'<cac:PartyIdentification><cbc:ID schemeID="0009">{samples.BUYER_SIRET}'
                "</cbc:ID></cac:PartyIdentification>",
                "",
            ),
            _sub(f'<cbc:CompanyID schemeID="0002">{samples.BUYER_SIRET[:9]}</cbc:CompanyID>', ""),
        ),
        {},
    ),
    # Its SIREN only as the reform's electronic address (0225: a SIREN and a suffix).
    "the SIREN in the reform's address": (
        _all(
            _sub(
                f">{samples.BUYER_SIRET[:9]}</cbc:EndpointID>",
                f">{samples.BUYER_SIRET[:9]}_0042</cbc:EndpointID>",
            ),
            _sub(
                f'<cac:PartyIdentification><cbc:ID schemeID="0009">{samples.BUYER_SIRET}'
                "</cbc:ID></cac:PartyIdentification>",
                "",
            ),
            _sub(f'<cbc:CompanyID schemeID="0002">{samples.BUYER_SIRET[:9]}</cbc:CompanyID>', ""),
        ),
        {"debtor__siret": None},
    ),
    # A foreign buyer's registration number without scheme is no SIREN (was shown as one).
    "a foreign buyer's registration without scheme": (
        _all(
            _sub(f'<cbc:EndpointID schemeID="0225">{samples.BUYER_SIRET[:9]}</cbc:EndpointID>', ""),
            _sub(
                f'<cac:PartyIdentification><cbc:ID schemeID="0009">{samples.BUYER_SIRET}'
                "</cbc:ID></cac:PartyIdentification>",
                "",
            ),
            _sub(
                f'<cbc:CompanyID schemeID="0002">{samples.BUYER_SIRET[:9]}</cbc:CompanyID>',
                "<cbc:CompanyID>987654321</cbc:CompanyID>",
            ),
            _sub(
                "<cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country></cac:PostalAddress>\n    <cac:PartyTaxScheme><cbc:CompanyID>FR00",
                "<cbc:IdentificationCode>NO</cbc:IdentificationCode></cac:Country></cac:PostalAddress>\n    <cac:PartyTaxScheme><cbc:CompanyID>FR00",
            ),
        ),
        {
            "debtor__siret": None,
            "debtor__siren": None,
            "debtor__address__country": "NO",
            "debtor__phone": None,
        },
    ),
    # The buyer's only e-mail is its electronic address, with a scheme other than EM.
    "the e-mail as electronic address": (
        _all(
            _sub(
                f'<cbc:EndpointID schemeID="0225">{samples.BUYER_SIRET[:9]}</cbc:EndpointID>',
                '<cbc:EndpointID schemeID="MAIL">Factures@Boulangerie-Lenoir.example</cbc:EndpointID>',
            ),
            _sub("<cbc:ElectronicMail>compta@boulangerie-lenoir.example</cbc:ElectronicMail>", ""),
        ),
        {"debtor__email": "factures@boulangerie-lenoir.example"},
    ),
    # Other prefixes for the same namespaces, the root's included.
    "other namespace prefixes": (
        lambda xml: (
            xml.replace("cbc:", "b:")
            .replace("cac:", "a:")
            .replace("xmlns:cbc", "xmlns:b")
            .replace("xmlns:cac", "xmlns:a")
            .replace("<Invoice xmlns=", "<inv:Invoice xmlns:inv=")
            .replace("</Invoice>", "</inv:Invoice>")
        ),
        {},
    ),
}


@pytest.mark.parametrize("name", sorted(UBL_VARIATIONS))
def test_a_ubl_variation_is_read_exactly(name: str) -> None:
    change, expected = UBL_VARIATIONS[name]
    extraction = _read(change(UBL))
    assert extraction["document_type"] == "invoice"
    assert _values(extraction) == _expect(**expected)


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda xml: b"\xef\xbb\xbf" + xml.encode(), id="utf-8 with a BOM"),
        pytest.param(lambda xml: b"\xef\xbb\xbf\r\n\r\n" + xml.encode(), id="blank lines first"),
        pytest.param(
            lambda xml: xml.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"),
            id="utf-16",
        ),
        pytest.param(
            lambda xml: xml.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode("latin-1"),
            id="latin-1",
        ),
    ],
)
def test_a_ubl_file_is_read_in_any_encoding(encode: Callable[[str], bytes]) -> None:
    assert _values(_read(encode(UBL))) == _expect()


CII_VARIATIONS: dict[str, tuple[Callable[[str], str], dict[str, Any]]] = {
    # A guideline the package does not know (a ZUGFeRD 1.0 profile's URN in a 2.x file).
    "unknown guideline": (
        _sub("<ram:ID>urn:cen.eu:en16931:2017</ram:ID>", "<ram:ID>urn:example:cius:2.3</ram:ID>"),
        {},
    ),
    # Format 102 written with blanks, or as an ISO date (was refused).
    "dates with blanks and dashes": (
        _all(
            _sub('format="102">20251031<', 'format="102">\n      20251031\n    <'),
            _sub('format="102">20251130<', 'format="102">2025-11-30<'),
        ),
        {},
    ),
    # Two payment terms, each with its due date: the first (the due date was lost, and the
    # terms' text was a Python list).
    "two payment terms": (
        _sub(
            "</ram:SpecifiedTradePaymentTerms>",
            "</ram:SpecifiedTradePaymentTerms><ram:SpecifiedTradePaymentTerms>"
            "<ram:Description>Solde à 60 jours</ram:Description><ram:DueDateDateTime>"
            '<udt:DateTimeString format="102">20251230</udt:DateTimeString></ram:DueDateDateTime>'
            "</ram:SpecifiedTradePaymentTerms>",
        ),
        {"invoice__payment_terms": "Paiement à 30 jours Solde à 60 jours"},
    ),
    # The tax total without its currency attribute: the base and total give it.
    "a tax total without currency": (
        _sub('<ram:TaxTotalAmount currencyID="EUR">', "<ram:TaxTotalAmount>"),
        {},
    ),
}


@pytest.mark.parametrize("name", sorted(CII_VARIATIONS))
def test_a_cii_variation_is_read_exactly(name: str) -> None:
    change, expected = CII_VARIATIONS[name]
    extraction = _read(change(CII))
    assert extraction["document_type"] == "invoice"
    assert _values(extraction) == _cii_expect(**expected)


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        *((c, "credit_note") for c in ("81", "83", "261", "262", "296", "308", "381", "396")),
        *((c, "credit_note") for c in ("420", "458", "502", "503", "532")),
        # Corrective (384), self-billed (389), prepayment (386) and factored (393) invoices.
        *((c, "invoice") for c in ("380", "384", "386", "389", "393")),
    ],
)
def test_the_type_code_tells_a_credit_note(code: str, kind: str) -> None:
    xml = CII.replace("<ram:TypeCode>380</ram:TypeCode>", f"<ram:TypeCode> {code} </ram:TypeCode>")
    assert _read(xml)["document_type"] == kind


def test_a_ubl_credit_note_is_one_whatever_its_code() -> None:
    xml = samples.ubl_minimal("CreditNote").replace(
        ">381</cbc:CreditNoteTypeCode>", ">380</cbc:CreditNoteTypeCode>"
    )
    assert _read(xml)["document_type"] == "credit_note"


def test_an_invoice_whose_total_is_negative_is_a_credit_note() -> None:
    xml = CII.replace(">120.00</ram:GrandTotalAmount>", ">-120.00</ram:GrandTotalAmount>")
    assert _read(xml)["document_type"] == "credit_note"


def test_a_fully_prepaid_invoice_shows_its_due_date_without_trusting_it() -> None:
    xml = CII.replace(
        "<ram:DuePayableAmount>120.00</ram:DuePayableAmount>",
        "<ram:TotalPrepaidAmount>120.00</ram:TotalPrepaidAmount>"
        "<ram:DuePayableAmount>0.00</ram:DuePayableAmount>",
    )
    fields = _read(xml)["fields"]
    # The invoice's amount is its total, as for a printed paid note.
    assert fields["invoice.amount"]["value"] == "120.00"
    assert fields["invoice.due_date"]["value"] == "2025-11-30"
    assert fields["invoice.due_date"]["confidence"] < from_document.LOW_CONFIDENCE
    partly = xml.replace(">0.00</ram:DuePayableAmount>", ">20.00</ram:DuePayableAmount>")
    assert _read(partly)["fields"]["invoice.due_date"]["confidence"] == 1.0


# -- through the API ----------------------------------------------------------------------------


async def test_a_peppol_ubl_with_its_variations_is_submitted(client, owner, user) -> None:  # type: ignore[no-untyped-def]
    # A CIUS the package does not know, dates with a time zone, a BOM, the buyer's e-mail only
    # as its electronic address, the SIRET only there too.
    change = _all(
        *(
            UBL_VARIATIONS[n][0]
            for n in ("unknown specification identifier", "dates with a time zone")
        ),
        _sub(
            f'<cbc:EndpointID schemeID="0225">{samples.BUYER_SIRET[:9]}',
            '<cbc:EndpointID schemeID="EM">factures@boulangerie-lenoir.example',
        ),
        _sub("<cbc:ElectronicMail>compta@boulangerie-lenoir.example</cbc:ElectronicMail>", ""),
    )
    response = await post_invoice(
        client,
        owner,
        user["id"],
        b"\xef\xbb\xbf" + change(UBL).encode(),
        name="facture.xml",
        content_type="application/octet-stream",
    )
    assert response.status_code == 200, response.text
    rec = response.json()
    assert rec["status"] == "in_recovery", rec["field_errors"]
    assert rec["ocr"]["method"] == "einvoice"
    assert rec["invoice"]["numbers"] == [samples.UBL_NUMBER]
    assert (rec["invoice"]["issue_date"], rec["invoice"]["due_date"]) == (
        "2025-10-31",
        "2025-11-30",
    )
    assert (rec["invoice"]["amount"], rec["invoice"]["tax_amount"]) == (120.00, 20.00)
    debtor = rec["debtor"]
    assert debtor["company_name"] == "Boulangerie Lenoir SARL"
    assert (debtor["siret"], debtor["vat_number"]) == (
        samples.BUYER_SIRET,
        samples.vat_of(samples.BUYER_SIRET),
    )
    assert debtor["address"] == {
        "line1": "8 rue des Tanneurs",
        "line2": "Bâtiment B 2e étage",
        "postal_code": "35000",
        "city": "Rennes",
        "country": "FR",
    }
    assert debtor["contacts"][0]["email"] == "factures@boulangerie-lenoir.example"
    assert rec["ocr"]["fields"]["seller.siret"]["value"] == VALID_SIRET


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(samples.ubl_minimal("CreditNote").encode(), id="UBL CreditNote"),
        pytest.param(CII.replace(">380<", ">261<").encode(), id="CII self-billed credit note"),
    ],
)
async def test_a_credit_note_stays_refused(client, owner, user, data) -> None:  # type: ignore[no-untyped-def]
    response = await post_invoice(
        client, owner, user["id"], data, name="facture.xml", content_type="application/octet-stream"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "credit_note_not_accepted"
    assert "credit note" in error["message"]


async def test_a_fully_prepaid_invoice_stays_a_draft(client, owner, user) -> None:  # type: ignore[no-untyped-def]
    xml = CII.replace(
        "<ram:DuePayableAmount>120.00</ram:DuePayableAmount>",
        "<ram:TotalPrepaidAmount>120.00</ram:TotalPrepaidAmount>"
        "<ram:DuePayableAmount>0.00</ram:DuePayableAmount>",
    )
    response = await post_invoice(
        client,
        owner,
        user["id"],
        xml.encode(),
        name="facture.xml",
        content_type="application/octet-stream",
    )
    assert response.status_code == 200, response.text
    rec = response.json()
    # Nothing is left to pay: the draft waits for the user, its due date shown but not taken.
    assert rec["status"] == "draft"
    assert rec["invoice"]["due_date"] is None
    assert rec["ocr"]["fields"]["invoice.due_date"]["value"] == "2025-11-30"
    assert rec["invoice"]["amount"] == 120.00
