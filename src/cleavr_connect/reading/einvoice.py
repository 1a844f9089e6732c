"""E-invoices read exactly: the CII XML embedded in a Factur-X / ZUGFeRD PDF, and UBL 2.1 or
CII XML files sent as they are (EN 16931, the model of France's e-invoicing reform), and the
ZUGFeRD 1.0 XML older German and French invoices still carry, in a PDF or on its own.

Every field the XML holds comes from its business term, never from the printed page: confidence
1, `source: "einvoice"`. The buyer party (BG-7) is the debtor. Factur-X MINIMUM and BASIC WL
(and many EN 16931 files) leave out what their page prints — the buyer's address, e-mail, due
date: `complete` takes only those from the page's reading, under the rules it states.

`factur-x` finds the XML in the PDF and maps both syntaxes onto EN 16931 terms (BT-1 number,
BT-2 issue date, BT-9 due date, …); the XML is parsed here first, with entities and network
access off, since it is the uploader's.
"""

from __future__ import annotations

import io
import logging
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from cleavr_connect.reading.files import DocumentRejected
from cleavr_connect.reading.found import Found, Reading
from cleavr_connect.reading.labels import UNTRUSTED
from cleavr_connect.reading.values import due_from_terms, find_phones, fold

log = logging.getLogger("cleavr_connect.ocr")

CONTENT_TYPE = "application/xml"
# UNTDID 1001: credit notes (381, 396, 532) carry nothing to recover.
CREDIT_NOTE_TYPES = {"381", "396", "532"}
SOURCE = "einvoice"
# A due date computed from written payment terms (BT-20), as the layout reader computes it.
DERIVED = "payment_terms"
# SIRET in the ISO 6523 identifier schemes: 0009; 0002 is the SIREN.
SCHEME_SIRET, SCHEME_SIREN = "0009", "0002"
_ROOTS = {"Invoice", "CreditNote", "CrossIndustryInvoice", "CrossIndustryDocument"}
# ZUGFeRD 1.0 (2014): the pre-EN 16931 CII profile, its own root and namespaces.
ZUGFERD1 = "urn:ferd:CrossIndustryDocument:invoice:1p0"
_ZF1 = {
    "rsm": ZUGFERD1,
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15",
}


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
    )


def parse_xml(data: bytes) -> Any:
    """The XML's root element; refused when it is not well-formed or not an e-invoice."""
    from lxml import etree

    try:
        root = etree.parse(io.BytesIO(data), _parser()).getroot()
    except etree.XMLSyntaxError:
        raise DocumentRejected("file_unreadable", "The XML file is not well-formed.") from None
    if etree.QName(root).localname not in _ROOTS:
        raise DocumentRejected(
            "file_type_not_allowed",
            "This XML file is not an e-invoice: send UBL 2.1 (Invoice, CreditNote), CII "
            "(CrossIndustryInvoice) or ZUGFeRD 1.0, or a PDF.",
        )
    return root


def xml_of_pdf(data: bytes) -> bytes | None:
    """The e-invoice XML a Factur-X / ZUGFeRD PDF carries, or None for any other PDF."""
    from facturx import get_xml_from_pdf

    try:
        _, xml = get_xml_from_pdf(data, check_xsd=False)
    except Exception:  # noqa: BLE001 - a PDF factur-x cannot read is read as an ordinary PDF
        log.debug("no e-invoice found in the PDF", exc_info=True)
        return None
    return xml or None


def terms_of(root: Any) -> dict[str, Any] | None:
    """EN 16931 business terms of the e-invoice, or None when its flavour is not one we read
    (Order-X)."""
    from lxml import etree

    if etree.QName(root).namespace == ZUGFERD1:
        return zugferd1_terms(root)
    from facturx.parse_xml import parse_ubl_cii_xml

    try:
        terms: dict[str, Any] = parse_ubl_cii_xml(root, check_xsd=False)
    except Exception:  # noqa: BLE001 - unknown flavour or a structure the mapping refuses
        log.debug("e-invoice terms could not be read", exc_info=True)
        return None
    return terms if terms.get("BT-1") else None


def zugferd1_terms(root: Any) -> dict[str, Any] | None:
    """ZUGFeRD 1.0 mapped onto the EN 16931 terms `read` takes (the factur-x package maps only
    2.x). Same meaning, older paths: `HeaderExchangedDocument`, `ApplicableSupplyChainTrade…`,
    dates as `udt:DateTimeString format="102"` (YYYYMMDD); a party's SIREN/SIRET is a
    `GlobalID` of ISO 6523 scheme 0002/0009 (there is no legal organisation in 1.0)."""

    def text(node: Any, path: str) -> str | None:
        found = node.find(path, _ZF1) if node is not None else None
        value = " ".join((found.text or "").split()) if found is not None else ""
        return value or None

    def day(node: Any, path: str) -> date | None:
        raw = text(node, path + "/udt:DateTimeString")
        if not raw:
            return None
        try:
            return datetime.strptime(raw[:8], "%Y%m%d").date() if raw[:8].isdigit() else None
        except ValueError:
            return None

    def party(node: Any) -> dict[str, Any]:
        if node is None:
            return {}
        address = node.find("ram:PostalTradeAddress", _ZF1)
        identifiers = {
            str(g.get("schemeID")): (g.text or "").strip()
            for g in node.findall("ram:GlobalID", _ZF1)
            if g.get("schemeID") and (g.text or "").strip()
        }
        data: dict[str, Any] = {
            "name": text(node, "ram:Name"),
            "addr_l1": text(address, "ram:LineOne"),
            "addr_l2": text(address, "ram:LineTwo"),
            "postcode": text(address, "ram:PostcodeCode"),
            "city": text(address, "ram:CityName"),
            "country_code": text(address, "ram:CountryID"),
            "identifiers": identifiers,
            "contacts": [
                {
                    "email": text(c, "ram:EmailURIUniversalCommunication/ram:URIID"),
                    "phone": text(c, "ram:TelephoneUniversalCommunication/ram:CompleteNumber"),
                }
                for c in node.findall("ram:DefinedTradeContact", _ZF1)
            ],
        }
        if SCHEME_SIREN in identifiers:
            data |= {"legal_identifier": identifiers[SCHEME_SIREN]}
        for registration in node.findall("ram:SpecifiedTaxRegistration/ram:ID", _ZF1):
            if registration.get("schemeID") == "VA" and (registration.text or "").strip():
                data["vat_identifier"] = registration.text.strip()
        return data

    header = root.find("rsm:HeaderExchangedDocument", _ZF1)
    trade = root.find("rsm:SpecifiedSupplyChainTradeTransaction", _ZF1)
    if header is None or trade is None or not text(header, "ram:ID"):
        return None
    agreement = trade.find("ram:ApplicableSupplyChainTradeAgreement", _ZF1)
    settlement = trade.find("ram:ApplicableSupplyChainTradeSettlement", _ZF1)
    totals = (
        settlement.find("ram:SpecifiedTradeSettlementMonetarySummation", _ZF1)
        if settlement is not None
        else None
    )
    payment_terms = (
        settlement.findall("ram:SpecifiedTradePaymentTerms", _ZF1) if settlement is not None else []
    )
    descriptions = [d for t in payment_terms if (d := text(t, "ram:Description"))]
    dues = [when for t in payment_terms if (when := day(t, "ram:DueDateDateTime"))]
    return {
        "BT-1": text(header, "ram:ID"),
        "BT-2": day(header, "ram:IssueDateTime"),
        "BT-3": text(header, "ram:TypeCode") or "380",
        "BT-5": text(settlement, "ram:InvoiceCurrencyCode") or "EUR",
        "BT-9": dues[0] if dues else None,
        "BT-20": " ".join(descriptions) or None,
        "BT-109": text(totals, "ram:TaxBasisTotalAmount"),
        "BT-110": text(totals, "ram:TaxTotalAmount"),
        "BT-112": text(totals, "ram:GrandTotalAmount"),
        "BG-4": party(
            agreement.find("ram:SellerTradeParty", _ZF1) if agreement is not None else None
        ),
        "BG-7": party(
            agreement.find("ram:BuyerTradeParty", _ZF1) if agreement is not None else None
        ),
    }


def read(terms: dict[str, Any], *, user_siret: str | None = None) -> Reading:
    reading = Reading()
    fields = reading.fields

    def put(name: str, value: Any, confidence: float = 1.0) -> None:
        if value not in (None, "", []):
            fields[name] = Found(value, confidence, None, None, SOURCE)

    if str(terms.get("BT-3") or "380") in CREDIT_NOTE_TYPES:
        reading.document_type = "credit_note"
    currency = str(terms.get("BT-5") or "EUR")
    put("invoice.numbers", [str(terms["BT-1"]).strip()])
    issued = _date(terms.get("BT-2"))
    put("invoice.issue_date", issued)
    terms_text = _text(terms.get("BT-20"))
    put("invoice.payment_terms", terms_text[:500] if terms_text else None)
    due = _date(terms.get("BT-9"))
    if due is not None:
        put("invoice.due_date", due)
    elif issued is not None and terms_text:
        derived = due_from_terms(fold(terms_text), issued)
        if derived is not None:
            fields["invoice.due_date"] = Found(derived, 0.9, None, None, DERIVED)
    before, tax, total = (_amount(terms.get(bt)) for bt in ("BT-109", "BT-110", "BT-112"))
    if tax is None and before is not None and total is not None:
        tax = total - before
    put("invoice.amount_before_tax", before)
    put("invoice.tax_amount", tax)
    put("invoice.amount", total)
    put("invoice.currency", currency.upper()[:3])
    seller = terms.get("BG-4") or {}
    seller_ids = _company_ids(seller)
    reading.seller_sirets = seller_ids
    if seller_ids and len(seller_ids[0]) == 14:
        mine = [s for s in seller_ids if s == user_siret]
        put("seller.siret", (mine or seller_ids)[0])
    put("seller.vat_number", _compact(seller.get("vat_identifier")))
    _buyer(terms.get("BG-7") or {}, put)
    return reading


def _buyer(buyer: dict[str, Any], put: Any) -> None:
    put("debtor.company_name", _text(buyer.get("name"))[:200] or None)
    if buyer.get("name"):
        # EN 16931 has no flag for a consumer buyer; a B2B e-invoice is the reform's case.
        put("debtor.company_type", "company")
    ids = _company_ids(buyer, checked=False)
    sirets = [i for i in ids if len(i) == 14]
    if sirets:
        # As the XML says; a checksum that fails is shown, not sent (confidence below the bar).
        put("debtor.siret", sirets[0], 1.0 if siret_valid(sirets[0]) else UNTRUSTED)
    sirens = [i[:9] for i in ids]
    if sirens:
        put("debtor.siren", sirens[0], 1.0 if siren_valid(sirens[0]) else UNTRUSTED)
    vat = _compact(buyer.get("vat_identifier"))
    if vat:
        # A French VAT number's key is the SIREN's checksum: one that fails is not sent either.
        put("debtor.vat_number", vat, UNTRUSTED if vat[:2] == "FR" and not vat_valid(vat) else 1.0)
    put("debtor.address.line1", _text(buyer.get("addr_l1")) or None)
    line2 = " ".join(t for t in (_text(buyer.get("addr_l2")), _text(buyer.get("addr_l3"))) if t)
    put("debtor.address.line2", line2 or None)
    put("debtor.address.postal_code", _text(buyer.get("postcode")) or None)
    put("debtor.address.city", _text(buyer.get("city")) or None)
    put("debtor.address.country", (_text(buyer.get("country_code")) or "").upper()[:2] or None)
    contacts = [c for c in buyer.get("contacts") or [] if isinstance(c, dict)]
    emails = [_text(c.get("email")) for c in contacts if c.get("email")]
    if not emails and str(buyer.get("einvoicing_addr_schemeid")) == "EM":
        emails = [_text(buyer.get("einvoicing_addr"))]
    put("debtor.email", emails[0].lower() if emails and "@" in emails[0] else None)
    country = (_text(buyer.get("country_code")) or "FR").upper()[:2]
    for contact in contacts:
        phone = _text(contact.get("phone"))
        if phone:
            numbers = _phone(phone, country)
            if numbers:
                put("debtor.phone", numbers)
                break


def siret_valid(value: str) -> bool:
    from stdnum.fr import siret

    return bool(siret.is_valid(value))


def siren_valid(value: str) -> bool:
    from stdnum.fr import siren

    return bool(siren.is_valid(value))


def vat_valid(value: str) -> bool:
    from stdnum.fr import tva

    return bool(tva.is_valid(value))


def _company_ids(party: dict[str, Any], *, checked: bool = True) -> list[str]:
    """SIRET (scheme 0009) first, then the SIREN of the legal registration (0002); with
    `checked`, only those whose checksum holds."""
    from stdnum.fr import siren, siret

    out: list[str] = []
    identifiers = party.get("identifiers") or {}
    candidates = [identifiers.get(SCHEME_SIRET)] if isinstance(identifiers, dict) else []
    if str(party.get("legal_identifier_schemeid") or SCHEME_SIREN) in (SCHEME_SIREN, SCHEME_SIRET):
        candidates.append(party.get("legal_identifier"))
    for raw in candidates:
        value = "".join(ch for ch in str(raw or "") if ch.isdigit())
        valid = (
            len(value) == 14 and siret.is_valid(value) or len(value) == 9 and siren.is_valid(value)
        )
        if valid or not checked and len(value) in (9, 14):
            out.append(value)
    return list(dict.fromkeys(out))


def _phone(text: str, country: str) -> str | None:
    found = find_phones(fold(text)) if country == "FR" else []
    if found:
        return found[0][2]
    import phonenumbers

    try:
        number = phonenumbers.parse(text, country)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _compact(value: Any) -> str | None:
    text = "".join(str(value or "").split()).upper()
    return text or None


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _amount(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None
