"""The statement of account as a PDF the debtor can download and keep: the same figures the
portal page shows, from the amounts domain."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from cleavr_connect import i18n
from cleavr_connect.i18n import N_
from cleavr_connect.pdf import winansi


def render(context: dict[str, Any], locale: i18n.Locale) -> bytes:
    def _(message: str, **values: Any) -> str:
        return i18n.gettext(locale, message, **values)

    def money(value: Any) -> str:
        # Helvetica has no narrow no-break space: a plain space reads the same on paper.
        return i18n.format_money(value, locale).replace("\u202f", " ").replace("\u00a0", " ")

    def labelled(label: str, value: str) -> str:
        # French puts a space before the colon, English none: the catalogue decides.
        return _(N_("%(label)s: %(value)s"), label=_(label), value=value)

    rec = context["rec"]
    amounts = context["amounts"]
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(_(N_("Statement of account")))
    pdf.setAuthor("Cleavr")
    width, height = A4
    y = height - 25 * mm

    def line(text: str, *, size: int = 10, bold: bool = False, right: str | None = None) -> None:
        nonlocal y
        pdf.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        pdf.drawString(20 * mm, y, winansi(text))
        if right is not None:
            pdf.drawRightString(width - 20 * mm, y, winansi(right))
        y -= size * 0.5 * mm + 3 * mm

    line(_(N_("Statement of account")), size=16, bold=True)
    line(labelled(N_("Creditor"), context["creditor"]["name"]))
    line(labelled(N_("Debtor"), str(rec.debtor.get("company_name", ""))))
    line(
        i18n.ngettext(
            locale,
            "Invoice %(numbers)s, issued on %(issued)s, due on %(due)s",
            "Invoices %(numbers)s, issued on %(issued)s, due on %(due)s",
            len(rec.invoice_numbers),
            numbers=", ".join(rec.invoice_numbers),
            issued=i18n.format_date(rec.issue_date, locale),
            due=i18n.format_date(rec.due_date, locale),
        )
    )
    y -= 4 * mm
    line(_(N_("Principal (incl. VAT)")), right=money(amounts.principal))
    if context["consumer"]:
        line(_(N_("Late payment interest to date")), right=money(amounts.interest))
    else:
        line(_(N_("Late payment penalties to date")), right=money(amounts.late_penalties))
    if amounts.fixed_indemnity:
        line(
            _(N_("Fixed recovery indemnity (€40 per invoice)")),
            right=money(amounts.fixed_indemnity),
        )
    line(_(N_("Total claimed")), bold=True, right=money(amounts.total_claimable))
    for payment in context["payments"]:
        line(
            _(N_("Paid on %(date)s"), date=i18n.format_date(payment["paid_at"], locale)),
            right="-" + money(payment["amount"]),
        )
    if amounts.waived:
        line(_(N_("Waived by the creditor")), right="-" + money(amounts.waived))
    if amounts.overpaid:
        # What came in beyond what was owed is the debtor's: the statement balances with it.
        line(
            _(N_("Paid beyond what was owed, to be refunded to you")), right=money(amounts.overpaid)
        )
    line(_(N_("Outstanding")), bold=True, right=money(amounts.outstanding))
    transfer = context.get("transfer")
    if transfer is not None:
        y -= 4 * mm
        line(_(N_("By bank transfer")), bold=True)
        line(labelled(N_("Beneficiary"), transfer.name))
        line(labelled(N_("IBAN"), transfer.iban_grouped))
        if transfer.bic:
            line(labelled(N_("BIC"), transfer.bic))
        line(labelled(N_("Reference (please quote it exactly)"), transfer.reference_grouped))
    y -= 4 * mm
    line(_(N_("Cleavr recovers this claim on behalf of the creditor.")), size=8)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
