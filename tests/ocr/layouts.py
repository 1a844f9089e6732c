"""Drawing the corpus' invoices with reportlab: five layouts (French classic, French modern,
English, a French statement of several invoices, an English statement), French and English
number and date formats."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

from tests.ocr.specs import MONTHS_EN, MONTHS_FR, InvoiceSpec, spaced_siret


def fmt_amount(value: Decimal, style: str, lang: str) -> str:
    if lang == "fr":
        whole, cents = f"{value:.2f}".split(".")
        groups = f"{int(whole):,}".replace(",", "\u00a0")
        text = f"{groups},{cents}"
        return f"{text}\u00a0€" if style == "symbol_after" else f"{text} EUR"
    text = f"{value:,.2f}"
    return f"€{text}" if style == "symbol_before" else f"EUR {text}"


def fmt_date(day: date, style: str, lang: str) -> str:
    if style == "words":
        if lang == "fr":
            first = "1er" if day.day == 1 else str(day.day)
            return f"{first} {MONTHS_FR[day.month - 1]} {day.year}"
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    if style == "dotted":
        return day.strftime("%d.%m.%Y")
    if style == "iso":
        return day.isoformat()
    return day.strftime("%d/%m/%Y")


def fmt_rate(rate: Decimal, lang: str) -> str:
    text = f"{rate.normalize():f}"
    return (text.replace(".", ",") + " %") if lang == "fr" else (text + "%")


def terms_text(spec: InvoiceSpec) -> str:
    if spec.lang == "en":
        if spec.terms_days == 0:
            return "Payment terms: due upon receipt"
        if spec.end_of_month:
            return f"Payment terms: {spec.terms_days} days end of month"
        return f"Payment terms: Net {spec.terms_days}"
    if spec.terms_days == 0:
        return "Conditions de paiement : paiement à réception"
    if spec.end_of_month:
        return f"Conditions de paiement : {spec.terms_days} jours fin de mois"
    return f"Conditions de paiement : à {spec.terms_days} jours"


# -- rendering (reportlab) ---------------------------------------------------------------------


def render_pdf(spec: InvoiceSpec, *, password: str | None = None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    kwargs: dict[str, Any] = {"pagesize": A4}
    if password:
        from reportlab.lib import pdfencrypt

        kwargs["encrypt"] = pdfencrypt.StandardEncryption(password, canModify=0)
    c = canvas.Canvas(buffer, **kwargs)
    c.setTitle(spec.key)
    _LAYOUT_DRAWERS[spec.layout](c, spec, A4[0], A4[1], mm)
    c.showPage()
    c.save()
    return buffer.getvalue()


def _text(c: Any, x: float, y: float, text: str, size: float = 10, bold: bool = False) -> None:
    c.setFont("Helvetica-Bold" if bold else "Helvetica", size)
    c.drawString(x, y, text)


def _right(c: Any, x: float, y: float, text: str, size: float = 10, bold: bool = False) -> None:
    c.setFont("Helvetica-Bold" if bold else "Helvetica", size)
    c.drawRightString(x, y, text)


def _debtor_lines(spec: InvoiceSpec, labels: dict[str, str]) -> list[str]:
    d = spec.debtor
    out = [d.name, d.line1, f"{d.postal_code} {d.city}", "France"]
    if d.siret:
        out.append(f"{labels['siret']} : {spaced_siret(d.siret)}")
    if d.vat_number:
        out.append(f"{labels['vat']} : {d.vat_number}")
    if d.email:
        out.append(f"{labels['email']} : {d.email}")
    if d.phone:
        out.append(f"{labels['phone']} : {d.phone}")
    return out


FR_LABELS = {"siret": "SIRET", "vat": "N° TVA", "email": "Email", "phone": "Tél."}
EN_LABELS = {"siret": "SIRET", "vat": "VAT No", "email": "Email", "phone": "Phone"}


def _items_table(c: Any, spec: InvoiceSpec, top: float, mm: float, width: float) -> float:
    fr = spec.lang == "fr"
    heads = (
        ["Désignation", "Qté", "PU HT", "TVA", "Total HT"]
        if fr
        else ["Description", "Qty", "Unit price", "VAT", "Amount"]
    )
    rights = [118 * mm, 148 * mm, 166 * mm, width - 20 * mm]
    c.setLineWidth(0.5)
    c.line(20 * mm, top + 4 * mm, width - 20 * mm, top + 4 * mm)
    _text(c, 20 * mm, top, heads[0], 9, True)
    for x, head in zip(rights, heads[1:], strict=True):
        _right(c, x, top, head, 9, True)
    c.line(20 * mm, top - 2 * mm, width - 20 * mm, top - 2 * mm)
    y = top - 8 * mm
    for line in spec.lines:
        _text(c, 20 * mm, y, line.description, 9)
        cells = [
            str(line.quantity),
            fmt_amount(line.unit_price, spec.amount_style, spec.lang),
            fmt_rate(line.vat_rate, spec.lang),
            fmt_amount(line.total, spec.amount_style, spec.lang),
        ]
        for x, cell in zip(rights, cells, strict=True):
            _right(c, x, y, cell, 9)
        y -= 6 * mm
    c.line(20 * mm, y + 2 * mm, width - 20 * mm, y + 2 * mm)
    return y - 6 * mm


def _totals(c: Any, spec: InvoiceSpec, y: float, mm: float, width: float, style: str) -> float:
    fr = spec.lang == "fr"
    amt = lambda v: fmt_amount(v, spec.amount_style, spec.lang)  # noqa: E731
    label_x = width - 85 * mm
    rows: list[tuple[str, str, bool]] = []
    if fr:
        rows.append(
            ("Total HT" if style != "modern" else "Montant HT", amt(spec.before_tax), False)
        )
        for rate, tax in spec.vat_by_rate().items():
            rows.append((f"TVA {fmt_rate(rate, 'fr')}", amt(tax), False))
        if len(spec.vat_by_rate()) > 1:
            rows.append(("Total TVA", amt(spec.tax), False))
        rows.append(("Total TTC" if style != "modern" else "Montant TTC", amt(spec.total), True))
        if style == "modern":
            rows.append(("Net à payer", amt(spec.total), True))
    else:
        rows.append(("Subtotal", amt(spec.before_tax), False))
        for rate, tax in spec.vat_by_rate().items():
            rows.append((f"VAT {fmt_rate(rate, 'en')}", amt(tax), False))
        if len(spec.vat_by_rate()) > 1:
            rows.append(("Total VAT", amt(spec.tax), False))
        rows.append(
            ("Total due" if style != "multi" else "Total amount due", amt(spec.total), True)
        )
    for label, value, bold in rows:
        _text(c, label_x, y, label, 10, bold)
        _right(c, width - 20 * mm, y, value, 10, bold)
        y -= 6 * mm
    return y


def _seller_footer(c: Any, spec: InvoiceSpec, mm: float, width: float) -> None:
    s = spec.seller
    if spec.lang == "fr":
        a = f"{s.name} - {s.line1}, {s.postal_code} {s.city} - Tél. {s.phone} - {s.email}"
        b = f"SIRET {spaced_siret(s.siret or '')} - RCS {s.city} - TVA intracommunautaire {s.vat_number}"
    else:
        a = f"{s.name} - {s.line1}, {s.postal_code} {s.city}, France - Phone {s.phone} - {s.email}"
        b = f"Company registration (SIRET) {spaced_siret(s.siret or '')} - VAT number {s.vat_number}"
    c.setFont("Helvetica", 7.5)
    c.drawCentredString(width / 2, 18 * mm, a)
    c.drawCentredString(width / 2, 14 * mm, b)


def _draw_fr_classic(c: Any, spec: InvoiceSpec, width: float, height: float, mm: float) -> None:
    s = spec.seller
    y = height - 20 * mm
    _text(c, 20 * mm, y, s.name, 14, True)
    for k, line in enumerate(
        [
            s.line1,
            f"{s.postal_code} {s.city}",
            f"SIRET : {spaced_siret(s.siret or '')}",
            f"TVA intracom. : {s.vat_number}",
            f"Tél. {s.phone}",
            s.email or "",
        ]
    ):
        _text(c, 20 * mm, y - (6 + 5 * k) * mm, line, 9)
    title = "AVOIR" if spec.credit_note else "FACTURE"
    _right(c, width - 20 * mm, y, title, 20, True)
    label = "Avoir n°" if spec.credit_note else "Facture n°"
    _right(c, width - 20 * mm, y - 10 * mm, f"{label} {spec.numbers[0]}", 10, True)
    _right(c, width - 20 * mm, y - 16 * mm, f"Date : {fmt_date(spec.issue_date, 'numeric', 'fr')}")
    if spec.show_due_date:
        due = fmt_date(spec.due_date, "numeric", "fr")
        _right(c, width - 20 * mm, y - 22 * mm, f"Date d'échéance : {due}")
    by = y - 50 * mm
    _text(c, 115 * mm, by, "Facturé à :", 10, True)
    for k, line in enumerate(_debtor_lines(spec, FR_LABELS)):
        _text(c, 115 * mm, by - (6 + 5 * k) * mm, line, 10 if k == 0 else 9, k == 0)
    y = _items_table(c, spec, by - 60 * mm, mm, width)
    y = _totals(c, spec, y, mm, width, "classic")
    _text(c, 20 * mm, y - 6 * mm, terms_text(spec), 9)
    _text(
        c,
        20 * mm,
        y - 11 * mm,
        "Pénalités de retard : trois fois le taux d'intérêt légal. "
        "Indemnité forfaitaire pour frais de recouvrement : 40 €.",
        7.5,
    )
    _seller_footer(c, spec, mm, width)


def _draw_fr_modern(c: Any, spec: InvoiceSpec, width: float, height: float, mm: float) -> None:
    y = height - 25 * mm
    _text(c, 20 * mm, y, "Avoir" if spec.credit_note else "Facture", 26, True)
    _text(c, 20 * mm, y - 8 * mm, spec.seller.name, 11, True)
    meta = [
        ("Numéro de facture", spec.numbers[0]),
        ("Date d'émission", fmt_date(spec.issue_date, spec.date_style, "fr")),
    ]
    if spec.show_due_date:
        meta.append(("Échéance", fmt_date(spec.due_date, spec.date_style, "fr")))
    for k, (label, value) in enumerate(meta):
        _text(c, 120 * mm, y - 6 * k * mm, label, 9)
        _right(c, width - 20 * mm, y - 6 * k * mm, value, 9, True)
    by = y - 35 * mm
    _text(c, 20 * mm, by, "CLIENT", 9, True)
    for k, line in enumerate(_debtor_lines(spec, FR_LABELS)):
        _text(c, 20 * mm, by - (6 + 5 * k) * mm, line, 10 if k == 0 else 9, k == 0)
    y = _items_table(c, spec, by - 65 * mm, mm, width)
    y = _totals(c, spec, y, mm, width, "modern")
    _text(c, 20 * mm, y - 6 * mm, terms_text(spec), 9)
    _text(c, 20 * mm, y - 11 * mm, "Taux des pénalités de retard : 10 % annuel.", 7.5)
    _seller_footer(c, spec, mm, width)


def _draw_en_standard(c: Any, spec: InvoiceSpec, width: float, height: float, mm: float) -> None:
    s = spec.seller
    y = height - 22 * mm
    _text(c, 20 * mm, y, "CREDIT NOTE" if spec.credit_note else "INVOICE", 22, True)
    _right(c, width - 20 * mm, y, s.name, 12, True)
    _right(c, width - 20 * mm, y - 6 * mm, f"{s.line1}, {s.postal_code} {s.city}", 9)
    _right(c, width - 20 * mm, y - 11 * mm, "France", 9)
    meta = [
        ("Invoice No:", spec.numbers[0]),
        ("Invoice date:", fmt_date(spec.issue_date, spec.date_style, "en")),
    ]
    if spec.show_due_date:
        meta.append(("Due date:", fmt_date(spec.due_date, spec.date_style, "en")))
    for k, (label, value) in enumerate(meta):
        _text(c, 20 * mm, y - (14 + 6 * k) * mm, label, 10, True)
        _text(c, 55 * mm, y - (14 + 6 * k) * mm, value, 10)
    by = y - 45 * mm
    _text(c, 20 * mm, by, "Bill to:", 10, True)
    for k, line in enumerate(_debtor_lines(spec, EN_LABELS)):
        _text(c, 20 * mm, by - (6 + 5 * k) * mm, line, 10 if k == 0 else 9, k == 0)
    y = _items_table(c, spec, by - 62 * mm, mm, width)
    y = _totals(c, spec, y, mm, width, "standard")
    _text(c, 20 * mm, y - 6 * mm, terms_text(spec), 9)
    _seller_footer(c, spec, mm, width)


def _draw_fr_statement(c: Any, spec: InvoiceSpec, width: float, height: float, mm: float) -> None:
    s = spec.seller
    y = height - 20 * mm
    _text(c, 20 * mm, y, s.name, 13, True)
    _text(c, 20 * mm, y - 6 * mm, f"{s.line1} - {s.postal_code} {s.city}", 9)
    _text(c, 20 * mm, y - 11 * mm, f"SIRET {spaced_siret(s.siret or '')} - TVA {s.vat_number}", 9)
    by = y - 30 * mm
    _text(c, 115 * mm, by, "Adressé à :", 9, True)
    for k, line in enumerate(_debtor_lines(spec, FR_LABELS)):
        _text(c, 115 * mm, by - (6 + 5 * k) * mm, line, 10 if k == 0 else 9, k == 0)
    ty = by - 55 * mm
    numbers = ", ".join(spec.numbers[:-1]) + " et " + spec.numbers[-1]
    _text(c, 20 * mm, ty, f"Factures n° {numbers}", 12, True)
    issued = fmt_date(spec.issue_date, spec.date_style, "fr")
    _text(c, 20 * mm, ty - 7 * mm, f"{s.city}, le {issued}", 9)
    if spec.show_due_date:
        due = fmt_date(spec.due_date, spec.date_style, "fr")
        _text(c, 20 * mm, ty - 12 * mm, f"À régler avant le : {due}", 9, True)
    y = _items_table(c, spec, ty - 25 * mm, mm, width)
    y = _totals(c, spec, y, mm, width, "classic")
    _text(c, 20 * mm, y - 6 * mm, terms_text(spec), 9)
    _seller_footer(c, spec, mm, width)


def _draw_en_multi(c: Any, spec: InvoiceSpec, width: float, height: float, mm: float) -> None:
    s = spec.seller
    y = height - 20 * mm
    _text(c, 20 * mm, y, s.name, 13, True)
    _text(c, 20 * mm, y - 6 * mm, f"{s.line1}, {s.postal_code} {s.city}, France", 9)
    _text(c, 20 * mm, y - 11 * mm, f"Phone {s.phone} - {s.email}", 9)
    _right(c, width - 20 * mm, y, "STATEMENT OF INVOICES", 14, True)
    _right(c, width - 20 * mm, y - 8 * mm, "Invoices: " + ", ".join(spec.numbers), 9, True)
    issued = fmt_date(spec.issue_date, spec.date_style, "en")
    _right(c, width - 20 * mm, y - 14 * mm, f"Date of issue: {issued}", 9)
    if spec.show_due_date:
        due = fmt_date(spec.due_date, spec.date_style, "en")
        _right(c, width - 20 * mm, y - 19 * mm, f"Payment due: {due}", 9)
    by = y - 40 * mm
    _text(c, 20 * mm, by, "Customer", 9, True)
    for k, line in enumerate(_debtor_lines(spec, EN_LABELS)):
        _text(c, 20 * mm, by - (6 + 5 * k) * mm, line, 10 if k == 0 else 9, k == 0)
    y = _items_table(c, spec, by - 60 * mm, mm, width)
    y = _totals(c, spec, y, mm, width, "multi")
    _text(c, 20 * mm, y - 6 * mm, terms_text(spec), 9)
    _seller_footer(c, spec, mm, width)


_LAYOUT_DRAWERS = {
    "fr_classic": _draw_fr_classic,
    "fr_modern": _draw_fr_modern,
    "en_standard": _draw_en_standard,
    "fr_statement": _draw_fr_statement,
    "en_multi": _draw_en_multi,
}
