"""E-invoices read exactly: the CII XML embedded in a Factur-X / ZUGFeRD PDF, and UBL 2.1 or
CII XML files sent as they are (EN 16931, the model of France's e-invoicing reform), and the
ZUGFeRD 1.0 XML older German and French invoices still carry, in a PDF or on its own.

Every field the XML holds comes from its business term, never from the printed page: confidence
1, `source: "einvoice"`. The buyer party (BG-7) is the debtor. Factur-X MINIMUM and BASIC WL
(and many EN 16931 files) leave out what their page prints — the buyer's address, e-mail, due
date: `complete` takes only those from the page's reading, under the rules it states.

`factur-x` finds the XML in the PDF and maps both syntaxes onto EN 16931 terms (BT-1 number,
BT-2 issue date, BT-9 due date, …); the XML is parsed here first, with entities and network
access off, since it is the uploader's. Real files vary where the package is strict or silent:
dates are normalised before it reads them, every profile is read whatever BT-24 names, and a
term a file repeats is taken once (`_first`); ZUGFeRD 1.0 is mapped by `zugferd1`.
"""

from __future__ import annotations

import copy
import io
import logging
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from cleavr_connect.money import round_cents
from cleavr_connect.reading.files import DocumentRejected
from cleavr_connect.reading.found import Found, Reading
from cleavr_connect.reading.labels import UNTRUSTED
from cleavr_connect.reading.values import (
    clean_siret,
    due_from_terms,
    find_phones,
    fold,
    french_vat_valid,
    siren_valid,
)

log = logging.getLogger("cleavr_connect.ocr")

CONTENT_TYPE = "application/xml"
# UNTDID 1001's credit-note family, as EN 16931's UBL CreditNote list has it (81, 83 credit notes
# for goods or financial adjustments, 261 self-billed, 262 consolidated, 296 price variation,
# 308 delcredere, 381, 396 factored, 420 OCR payment, 458 reversal of debit, 532 forwarder's),
# and the reform's 502 (self-billed factored) and 503 (prepayment credit note): nothing to
# recover. A corrective invoice (384), a self-billed one (389) or a prepayment invoice (386)
# are invoices.
CREDIT_NOTE_TYPES = {
    "81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "502", "503", "532"
}  # fmt: skip
SOURCE = "einvoice"
# A due date computed from written payment terms (BT-20), as the layout reader computes it.
DERIVED = "payment_terms"
# SIRET in the ISO 6523 identifier schemes: 0009; 0002 is the SIREN.
SCHEME_SIRET, SCHEME_SIREN = "0009", "0002"
_ROOTS = {"Invoice", "CreditNote", "CrossIndustryInvoice", "CrossIndustryDocument"}
_CII = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
    )


def parse_xml(data: bytes) -> Any:
    """The XML's root element; refused when it is not well-formed or not an e-invoice. Blank
    lines before the XML declaration (after a UTF-8 byte order mark or not) are not an error
    here: exporters write them, and the document after them is whole."""
    from lxml import etree

    bom = b"\xef\xbb\xbf"
    data = data.removeprefix(bom).lstrip(b" \t\r\n") if data[:1] in b" \t\r\n\xef" else data
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

    from cleavr_connect.reading.zugferd1 import ZUGFERD1, zugferd1_terms

    if etree.QName(root).namespace == ZUGFERD1:
        return zugferd1_terms(root)
    from facturx.parse_xml import parse_ubl_cii_xml

    tree = _normalised(root)
    try:
        # Every term, whatever BT-24 says: the package infers the profile from it and refuses
        # an identifier it does not know (a CIUS, an extension, none at all), though a profile
        # only narrows which terms a file may carry.
        terms: dict[str, Any] = parse_ubl_cii_xml(tree, level="extended", check_xsd=False)
    except Exception:  # noqa: BLE001 - unknown flavour or a structure the mapping refuses
        log.debug("e-invoice terms could not be read", exc_info=True)
        return None
    if not terms.get("BT-1"):
        return None
    return _completed(tree, terms)


# UBL dates are xs:date (`2025-10-31`, a time zone allowed: `2025-10-31Z`, `…+02:00`), CII ones
# `udt:DateTimeString format="102"` (`20251031`); both normalised before the package reads them
# (it parses with one strict format and fails the whole file on any other).
_UBL = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
_UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
_UBL_NS = {
    "cbc": _UBL,
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}
_DAY = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")


def _normalised(root: Any) -> Any:
    """A copy of the e-invoice whose dates are in the one format the package parses; a date
    that is none (`20251331`, text) is emptied: that term is then missing, not the file."""
    from lxml import etree

    tree = copy.deepcopy(root)
    for node in tree.iter(etree.Element):
        qname = etree.QName(node)
        ubl = qname.namespace == _UBL and qname.localname.endswith("Date")
        cii = qname.namespace == _UDT and qname.localname in ("DateTimeString", "DateString")
        if not (ubl or cii):
            continue
        raw = "".join((node.text or "").split())
        match = _DAY.match(raw)
        day = None
        if match:
            try:
                day = date(*(int(part) for part in match.groups()))
            except ValueError:
                day = None
        node.text = (day.isoformat() if ubl else day.strftime("%Y%m%d")) if day else None
    return tree


def _completed(tree: Any, terms: dict[str, Any]) -> dict[str, Any]:
    """What the package's mapping leaves out: the UBL root's kind (a `CreditNote` is one
    whatever its type code), and a UBL due date written where UBL 2.0-era exporters write it
    (`cac:PaymentMeans/cbc:PaymentDueDate`, which is BT-9 in a credit note)."""
    from lxml import etree

    terms["document"] = etree.QName(tree).localname
    if terms.get("BT-9") is None and etree.QName(tree).namespace != _CII:
        due = tree.xpath("./cac:PaymentMeans/cbc:PaymentDueDate/text()", namespaces=_UBL_NS)
        if due:
            terms["BT-9"] = date.fromisoformat(str(due[0]))
    return terms


def read(terms: dict[str, Any], *, user_siret: str | None = None) -> Reading:
    reading = Reading()
    fields = reading.fields

    def put(name: str, value: Any, confidence: float = 1.0) -> None:
        if value not in (None, "", []):
            fields[name] = Found(value, confidence, None, None, SOURCE)

    before, tax, total = (_amount(terms.get(bt)) for bt in ("BT-109", "BT-110", "BT-112"))
    kind = "".join(str(_first(terms.get("BT-3")) or "380").split())
    # A UBL CreditNote is one whatever its code; an invoice whose total is negative credits
    # the buyer, as the layout reader reads a printed one.
    if (
        kind in CREDIT_NOTE_TYPES
        or terms.get("document") == "CreditNote"
        or (total is not None and total < 0)
    ):
        reading.document_type = "credit_note"
    currency = _text(_first(terms.get("BT-5"))) or "EUR"
    put("invoice.numbers", [_text(_first(terms["BT-1"]))])
    issued = _date(terms.get("BT-2"))
    put("invoice.issue_date", issued)
    terms_text = _text(terms.get("BT-20"))
    put("invoice.payment_terms", terms_text[:500] if terms_text else None)
    # Fully paid before it was sent (BT-113 prepaid, BT-115 nothing left): like a printed paid
    # note, no receivable. Its due date is shown, not trusted, so its draft never goes on its own.
    prepaid, payable = _amount(terms.get("BT-113")), _amount(terms.get("BT-115"))
    paid = bool(prepaid and payable is not None and payable <= 0 < (total or 0))
    due = _date(terms.get("BT-9"))
    if due is not None:
        put("invoice.due_date", due, UNTRUSTED if paid else 1.0)
    elif issued is not None and terms_text:
        derived = due_from_terms(fold(terms_text), issued)
        if derived is not None:
            fields["invoice.due_date"] = Found(
                derived, UNTRUSTED if paid else 0.9, None, None, DERIVED
            )
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
    put("seller.vat_number", _compact(_first(seller.get("vat_identifier"))))
    _buyer(terms.get("BG-7") or {}, put)
    return reading


def _buyer(buyer: dict[str, Any], put: Any) -> None:
    # BT-44, the registered name; a file without one (it is mandatory) names it by BT-45.
    name = _text(_first(buyer.get("name"))) or _text(_first(buyer.get("biz_name")))
    put("debtor.company_name", name[:200] or None)
    if name:
        # EN 16931 has no flag for a consumer buyer; a B2B e-invoice is the reform's case.
        put("debtor.company_type", "company")
    ids = _company_ids(buyer, checked=False)
    sirets = [i for i in ids if len(i) == 14]
    if sirets:
        # As the XML says; a checksum that fails is shown, not sent (confidence below the bar).
        put("debtor.siret", sirets[0], 1.0 if clean_siret(sirets[0]) else UNTRUSTED)
    sirens = [i[:9] for i in ids]
    if sirens:
        put("debtor.siren", sirens[0], 1.0 if siren_valid(sirens[0]) else UNTRUSTED)
    vat = _compact(_first(buyer.get("vat_identifier")))
    if vat:
        # A French VAT number's key is the SIREN's checksum: one that fails is not sent either.
        trusted = vat[:2] != "FR" or french_vat_valid(vat)
        put("debtor.vat_number", vat, 1.0 if trusted else UNTRUSTED)
    put("debtor.address.line1", _text(_first(buyer.get("addr_l1")))[:200] or None)
    line2 = " ".join(
        t for t in (_text(_first(buyer.get("addr_l2"))), _text(buyer.get("addr_l3"))) if t
    )
    put("debtor.address.line2", line2[:200] or None)
    put("debtor.address.postal_code", _text(_first(buyer.get("postcode")))[:20] or None)
    put("debtor.address.city", _text(_first(buyer.get("city")))[:100] or None)
    put("debtor.address.country", _country(buyer) or None)
    contacts = [c for c in buyer.get("contacts") or [] if isinstance(c, dict)]
    emails = [_text(_first(c.get("email"))) for c in contacts if c.get("email")]
    # BT-49, the electronic address, when it is an e-mail address (scheme EM; exporters also
    # write it without a scheme, or with a made-up one).
    endpoint = _text(_first(buyer.get("einvoicing_addr")))
    if not any(_EMAIL.fullmatch(e) for e in emails) and _EMAIL.fullmatch(endpoint):
        emails = [endpoint]
    emails = [e for e in emails if _EMAIL.fullmatch(e)]
    put("debtor.email", emails[0].lower() if emails else None)
    country = _country(buyer) or "FR"
    for contact in contacts:
        phone = _text(_first(contact.get("phone")))
        if phone:
            numbers = _phone(phone, country)
            if numbers:
                put("debtor.phone", numbers)
                break


# An address as the XML states it, whole: neither folded nor split by OCR, so not the reader's
# pattern (`values.find_emails`, which finds lower-case addresses inside a page's line).
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _company_ids(party: dict[str, Any], *, checked: bool = True) -> list[str]:
    """SIRET (scheme 0009) first, then the SIREN of the legal registration (0002, or no scheme
    for a French party), then what its electronic address (BT-49) says: a SIRET (0009), a SIREN
    (0002, or 0225, the reform's address, a SIREN and a suffix). With `checked`, only those
    whose checksum holds."""
    identifiers = party.get("identifiers") or {}
    candidates = [identifiers.get(SCHEME_SIRET)] if isinstance(identifiers, dict) else []
    scheme = _text(_first(party.get("legal_identifier_schemeid")))
    # Without a scheme, a legal registration is a SIREN only in France: a Norwegian or Danish
    # organisation number has nine digits too.
    if scheme in (SCHEME_SIREN, SCHEME_SIRET) or not scheme and _country(party) in ("", "FR"):
        candidates.append(_first(party.get("legal_identifier")))
    endpoint = _text(_first(party.get("einvoicing_addr")))
    endpoint_scheme = _text(_first(party.get("einvoicing_addr_schemeid")))
    if endpoint_scheme in (SCHEME_SIRET, SCHEME_SIREN):
        candidates.append(endpoint)
    elif endpoint_scheme == "0225" and re.match(r"\d{9}(?:_|$)", endpoint):
        candidates.append(endpoint[:9])
    out: list[str] = []
    for raw in candidates:
        value = "".join(ch for ch in str(raw or "") if ch.isdigit())
        valid = len(value) == 14 and clean_siret(value) or len(value) == 9 and siren_valid(value)
        if valid or not checked and len(value) in (9, 14):
            out.append(value)
    return list(dict.fromkeys(out))


def _country(party: dict[str, Any]) -> str:
    return _text(_first(party.get("country_code"))).upper()[:2]


def _first(value: Any) -> Any:
    """A term's first value: the package gives a list where a file repeats an element that
    EN 16931 allows once (two BT-9 in two payment terms, a second VAT registration)."""
    return value[0] if isinstance(value, list) and value else value


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
    if isinstance(value, list):
        return " ".join(t for t in (_text(v) for v in value) if t)
    return " ".join(str(value).split()) if value is not None else ""


def _compact(value: Any) -> str | None:
    text = "".join(str(value or "").split()).upper()
    return text or None


def _date(value: Any) -> date | None:
    value = _first(value)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _amount(value: Any) -> Decimal | None:
    value = _first(value)
    if value in (None, ""):
        return None
    try:
        amount = Decimal("".join(str(value).split()))
    except InvalidOperation:
        return None
    # Half-up to the cent, as `money` rounds: `0.125` is 0.13, not the banker's 0.12.
    return round_cents(amount) if amount.is_finite() else None
