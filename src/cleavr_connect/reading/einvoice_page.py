"""A Factur-X PDF's printed page completing what its XML lacks (MINIMUM and BASIC WL carry only
part of the invoice): the XML's values stay, the page adds only what they leave out, and only
when it shows the same invoice and, for the debtor, the same buyer.
"""

from __future__ import annotations

from typing import Any

from cleavr_connect.reading.einvoice import DERIVED
from cleavr_connect.reading.found import Found, Reading
from cleavr_connect.reading.values import fold

# Of the invoice, what a page may add to its XML: MINIMUM carries no payment terms, and no
# profile the late-payment penalty rate (art. L441-10 C. com.). Number, dates and amounts are
# in every profile's XML.
_INVOICE_FIELDS = ("invoice.payment_terms", "invoice.late_penalty_rate")
_DEBTOR_FIELDS = (
    "debtor.company_name",
    "debtor.company_type",
    "debtor.siret",
    "debtor.vat_number",
    "debtor.email",
    "debtor.phone",
)
_ADDRESS = (
    "debtor.address.line1",
    "debtor.address.line2",
    "debtor.address.postal_code",
    "debtor.address.city",
)
_COUNTRY = "debtor.address.country"


def complete(reading: Reading, printed: Reading) -> None:
    """Completes in place the fields the XML lacks with those its PDF's page prints.

    What the XML holds stays: a printed value never replaces it, and one that contradicts it is
    left out. The page counts only if it shows this XML's invoice (its number or total, and
    neither another one); its debtor only if it is the XML's buyer (the same name or SIREN, and
    no other SIREN or VAT number); its address only whole, where the XML has none (MINIMUM).
    A printed field keeps its own confidence, page, box and source: never `einvoice`."""
    fields, page = reading.fields, printed.fields
    if not _same_invoice(fields, page):
        return

    def take(names: tuple[str, ...]) -> None:
        for name in names:
            if name in page and name not in fields:
                fields[name] = page[name]

    take(_INVOICE_FIELDS)
    _due_date(fields, page)
    _seller(reading, printed)
    if not _same_debtor(fields, page):
        return
    take(_DEBTOR_FIELDS)
    country = fields.get(_COUNTRY)
    printed_country = page.get(_COUNTRY)
    if not any(name in fields for name in _ADDRESS) and (
        country is None or printed_country is None or printed_country.value == country.value
    ):
        take((*_ADDRESS, _COUNTRY))


def _same_invoice(fields: dict[str, Found], page: dict[str, Found]) -> bool:
    checks = []
    numbers, printed_numbers = fields.get("invoice.numbers"), page.get("invoice.numbers")
    if numbers is not None and printed_numbers is not None:
        checks.append(_key(numbers.value[0]) in {_key(n) for n in printed_numbers.value})
    amount, printed_amount = fields.get("invoice.amount"), page.get("invoice.amount")
    if amount is not None and printed_amount is not None:
        checks.append(amount.value == printed_amount.value)
    return bool(checks) and all(checks)


def _due_date(fields: dict[str, Found], page: dict[str, Found]) -> None:
    """BT-9 stays. Without it, the printed due date comes before one derived from the terms
    (the XML's first): the seller's software computed the date the debtor reads."""
    due, printed = fields.get("invoice.due_date"), page.get("invoice.due_date")
    issued = fields.get("invoice.issue_date")
    if printed is None or issued is not None and printed.value < issued.value:
        return
    if due is None or (
        due.source == DERIVED and printed.source != DERIVED and printed.confidence >= due.confidence
    ):
        fields["invoice.due_date"] = printed


def _seller(reading: Reading, printed: Reading) -> None:
    """The seller's SIRET and VAT number where the XML has none (MINIMUM gives the SIREN
    alone), when of the XML's SIREN; the printed SIRETs refuse another company's invoice only
    when the XML names no SIRET nor SIREN of its seller."""
    fields, page = reading.fields, printed.fields
    sirens = {s[:9] for s in reading.seller_sirets}
    if not sirens:
        reading.seller_sirets = printed.seller_sirets
    for name in ("seller.siret", "seller.vat_number"):
        found = page.get(name)
        if found is not None and name not in fields and (not sirens or _siren(found) in sirens):
            fields[name] = found


def _same_debtor(fields: dict[str, Found], page: dict[str, Found]) -> bool:
    ours = {
        s
        for n in ("debtor.siren", "debtor.siret", "debtor.vat_number")
        if (s := _siren(fields.get(n)))
    }
    theirs = {
        s
        for n in ("debtor.siren", "debtor.siret", "debtor.vat_number")
        if (s := _siren(page.get(n)))
    }
    vat, printed_vat = fields.get("debtor.vat_number"), page.get("debtor.vat_number")
    if ours and theirs - ours or vat and printed_vat and vat.value != printed_vat.value:
        return False  # the page names another company than the XML's buyer
    name, printed_name = fields.get("debtor.company_name"), page.get("debtor.company_name")
    words = [set(_words(f.value)) if f else set() for f in (name, printed_name)]
    same_name = all(words) and (words[0] <= words[1] or words[1] <= words[0])
    return bool(ours & theirs) or bool(same_name)


def _siren(found: Found | None) -> str | None:
    """The SIREN a SIRET, SIREN or French VAT number holds."""
    value = str(found.value) if found is not None else ""
    if value[:2].upper() == "FR":
        value = value[4:]
    digits = "".join(ch for ch in value if ch.isdigit())
    return digits[:9] if len(digits) in (9, 14) and len(digits) == len(value) else None


def _words(text: Any) -> list[str]:
    return "".join(ch if ch.isalnum() else " " for ch in fold(str(text))).split()


def _key(text: Any) -> str:
    return "".join(_words(text))
