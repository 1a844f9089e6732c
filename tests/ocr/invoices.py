"""Single invoices for the API tests, built with the corpus' generator: issued by the test
user's company (`factories.VALID_SIRET`), overdue at the test clock's date (2026-01-15)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from tests.factories import VALID_SIRET
from tests.ocr.layouts import render_pdf
from tests.ocr.scanner import scan
from tests.ocr.specs import InvoiceSpec, Line, Party, build_specs, vat_of


def spec(**overrides: Any) -> InvoiceSpec:
    """A French invoice (classic layout) of 1 200,00 € TTC, due 2025-12-03, no debtor email."""
    base = build_specs(1, seed=11)[0]
    seller = replace(base.seller, siret=VALID_SIRET, vat_number=vat_of(VALID_SIRET))
    debtor = replace(base.debtor, email=None, phone="01 42 68 53 00")
    issued = date(2025, 11, 3)
    invoice = replace(
        base,
        layout="fr_classic",
        lang="fr",
        seller=seller,
        debtor=debtor,
        numbers=["F-2025-0142"],
        issue_date=issued,
        due_date=issued + timedelta(days=30),
        show_due_date=True,
        terms_days=30,
        end_of_month=False,
        lines=[Line("Remplacement chauffe-eau", 1, Decimal("1000.00"), Decimal("20"))],
        date_style="numeric",
        amount_style="symbol_after",
    )
    return replace(invoice, **overrides)


def pdf(**overrides: Any) -> bytes:
    return render_pdf(spec(**overrides))


def scanned(fmt: str = "jpeg", **overrides: Any) -> bytes:
    return scan(pdf(**overrides), seed=5, fmt=fmt)


def other_seller() -> Party:
    base = spec().seller
    return replace(base, siret="55210055400013", vat_number=vat_of("55210055400013"))


def encrypted_pdf() -> bytes:
    return render_pdf(spec(), password="s3cret")


def pages_pdf(count: int) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    for page in range(count):
        c.drawString(72, 720, f"Facture F-2025-0142 - page {page + 1} of a long annex text")
        c.showPage()
    c.save()
    return buffer.getvalue()


def huge_page_pdf() -> bytes:
    """A few hundred bytes declaring one 3000 × 3000 pt page: 156 million pixels at 300 dpi."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(3000, 3000), pageCompression=1)
    c.showPage()
    c.save()
    return buffer.getvalue()
