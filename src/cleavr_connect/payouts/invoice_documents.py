"""A frozen commission invoice drawn as a PDF, and as a Factur-X PDF: the same PDF with the
invoice as EN 16931 CII XML embedded (the `factur-x` package builds and checks the XML), which
accounting software reads without retyping."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import facturx

from cleavr_connect.i18n import (
    Locale,
    format_date,
    format_money,
    format_percent,
    gettext,
    ngettext,
)
from cleavr_connect.pdf import Document


def _d(day: str, locale: Locale) -> str:
    return format_date(dt.date.fromisoformat(day), locale, "short")


def _m(amount: str, locale: Locale) -> str:
    return format_money(Decimal(amount), locale)


def pdf(invoice: dict[str, Any], locale: Locale = "fr") -> bytes:
    def _(message: str, **values: Any) -> str:
        return gettext(locale, message, **values)

    seller, buyer = invoice["seller"], invoice["buyer"]
    address = buyer["address"]
    doc = Document(
        _("Commission invoice %(number)s", number=invoice["number"]), author=seller["name"]
    )
    if not invoice["livemode"]:
        doc.small(_("Test mode: this invoice has no accounting value."))
    doc.table(
        [
            [_("Invoice number"), invoice["number"]],
            [_("Issue date"), _d(invoice["issue_date"], locale)],
            [_("Date of the service"), _d(invoice["service_date"], locale)],
            [_("Category of the operation"), _("Provision of services")],
        ],
        header=False,
    )
    doc.heading(_("Seller"))
    doc.paragraph(
        "\n".join(
            line
            for line in (
                seller["name"],
                seller["address"],
                _("SIREN: %(siren)s", siren=seller["siren"] or "-"),
                _("VAT number: %(vat)s", vat=seller["vat_number"] or "-"),
                seller["registration"],
            )
            if line
        )
    )
    doc.heading(_("Customer"))
    doc.paragraph(
        "\n".join(
            line
            for line in (
                buyer["name"],
                address["line1"],
                address["line2"],
                f"{address['postal_code']} {address['city']}".strip(),
                address["country"],
                _("SIREN: %(siren)s", siren=buyer["siren"] or "-"),
                _("VAT number: %(vat)s", vat=buyer["vat_number"] or "-"),
            )
            if line
        )
    )
    doc.heading(_("Amicable debt recovery commission"))
    rows = [
        [
            _("Claim"),
            _("Payment"),
            _("Amount collected"),
            _("Rate"),
            _("Excl. VAT"),
            _("VAT 20 %"),
        ]
    ]
    for line in invoice["lines"]:
        what = ngettext(
            locale,
            "Invoice %(numbers)s, %(debtor)s",
            "Invoices %(numbers)s, %(debtor)s",
            len(line["invoice_numbers"]),
            numbers=", ".join(line["invoice_numbers"]),
            debtor=line["debtor"],
        )
        paid = _d(line["paid_at"], locale)
        if line["direct"]:
            paid = _("%(date)s (paid to you directly)", date=paid)
        rows.append(
            [
                what,
                paid,
                _m(line["collected"], locale),
                format_percent(Decimal(line["rate"]) / 100, locale),
                _m(line["commission"], locale),
                _m(line["vat"], locale),
            ]
        )
    doc.table(rows)
    doc.table(
        [
            [_("Total excluding VAT"), _m(invoice["total_excl_vat"], locale)],
            [_("VAT at 20 %"), _m(invoice["total_vat"], locale)],
            [_("Total including VAT"), _m(invoice["total_incl_vat"], locale)],
        ],
        header=False,
    )
    due = Decimal(invoice.get("amount_due") or "0")
    if due > 0:
        doc.paragraph(
            _(
                "Deducted from payout %(payout)s of %(date)s: %(deducted)s. Remaining due: "
                "%(due)s, deducted from your next payout.",
                payout=invoice["payout_id"],
                date=_d(invoice["service_date"], locale),
                deducted=_m(invoice["paid_by_deduction"], locale),
                due=_m(invoice["amount_due"], locale),
            )
        )
    else:
        doc.paragraph(
            _(
                "Paid: deducted from payout %(payout)s of %(date)s.",
                payout=invoice["payout_id"],
                date=_d(invoice["service_date"], locale),
            )
        )
    doc.small(
        _(
            "No discount for early payment. Late payment: penalties at three times the legal "
            "interest rate and a fixed indemnity of 40 EUR for recovery costs (Code de commerce "
            "L441-10)."
        )
    )
    return doc.render()


def cii_xml(invoice: dict[str, Any]) -> bytes:
    """The invoice as EN 16931 CII, checked against the Factur-X XSD by the package."""
    seller, buyer = invoice["seller"], invoice["buyer"]
    address = buyer["address"]

    def party(name: str, siren: str, vat: str, addr: dict[str, str]) -> dict[str, Any]:
        data: dict[str, Any] = {"name": name, "country_code": addr.get("country") or "FR"}
        if siren:
            data |= {"legal_identifier": siren, "legal_identifier_schemeid": "0002"}
        if vat:
            data["vat_identifier"] = vat
        for key, field in (("addr_l1", "line1"), ("postcode", "postal_code"), ("city", "city")):
            if addr.get(field):
                data[key] = addr[field]
        return data

    lines = [
        {
            "BT-126": str(i),
            "BT-129": 1,
            "BT-130": "C62",
            "BT-131": float(line["commission"]),
            "BT-146": float(line["commission"]),
            "BT-151": "S",
            "BT-152": 20.0,
            "BT-153": f"Commission de recouvrement amiable {', '.join(line['invoice_numbers'])}",
        }
        for i, line in enumerate(invoice["lines"], 1)
    ]
    total, vat = float(invoice["total_excl_vat"]), float(invoice["total_vat"])
    data = {
        "BT-1": invoice["number"],
        "BT-2": dt.date.fromisoformat(invoice["issue_date"]),
        "BT-3": "380",
        "BT-5": "EUR",
        "BT-24": "en16931",
        "BT-72": dt.date.fromisoformat(invoice["service_date"]),
        "BT-20": f"Réglée par compensation sur le versement {invoice['payout_id']}",
        "BG-4": party(
            seller["name"],
            seller["siren"],
            seller["vat_number"],
            {"line1": seller["address"], "country": "FR"},
        ),
        "BG-7": party(buyer["name"], buyer["siren"], buyer["vat_number"], address),
        "BG-25": lines,
        "BG-23": [{"BT-116": total, "BT-117": vat, "BT-118": "S", "BT-119": 20.0}],
        "BT-106": total,
        "BT-109": total,
        "BT-110": vat,
        "BT-112": float(invoice["total_incl_vat"]),
        "BT-113": float(invoice.get("paid_by_deduction") or invoice["total_incl_vat"]),
        "BT-115": float(invoice.get("amount_due") or 0),
    }
    xml: bytes = facturx.generate_cii_xml(data, level="en16931", check_schematron=False)
    return xml


def facturx_pdf(invoice: dict[str, Any], locale: Locale = "fr") -> bytes:
    result: bytes = facturx.generate_from_binary(
        pdf(invoice, locale),
        cii_xml(invoice),
        flavor="factur-x",
        level="en16931",
        check_xsd=True,
        pdf_metadata={
            "author": invoice["seller"]["name"],
            "keywords": "Factur-X",
            "title": invoice["number"],
            "subject": invoice["number"],
        },
        lang=locale,
    )
    return result
