"""The harder corpus: each invoice exercises one way real invoices were misread — a buyer with
no label in the window-envelope place, due dates worded as exigibility, a bare "Due" or only as
terms, invoice numbers inside a sentence or without "n°", dates of other things beside the
invoice date, US dates, British and Belgian buyers, table cells close together, a seller SIRET
that fails its checksum, a text layer of glyph codes — and each is drawn by three PDF producers
(reportlab, fpdf2, Chromium printing HTML), then scanned by a harsher pipeline.

A case is one page described once (positions in mm from the top left, text lines); each
producer lays it out with its own fonts and text encoding. `expected` is what a perfect reading
returns (None: not on the page, so it must not be invented).
"""

from __future__ import annotations

import html
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.ocr.specs import make_siret, spaced_siret, vat_of

PRODUCERS = ("reportlab", "fpdf2", "chromium")
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@dataclass
class Text:
    x: float  # mm from the left
    y: float  # mm from the top (baseline)
    text: str
    size: float = 10
    bold: bool = False
    right: bool = False  # x is the right edge
    page: int = 1  # 1-based: a case may run over several pages


@dataclass
class Case:
    key: str
    kind: str  # the failure kind it exercises
    texts: list[Text]
    expected: dict[str, Any]
    glyph_codes: bool = False  # the text layer is shifted letters over a picture of the page
    producers: tuple[str, ...] = PRODUCERS
    extra: dict[str, Any] = field(default_factory=dict)


def _rng(key: str) -> random.Random:
    return random.Random(key)


def _base(
    key: str,
    kind: str,
    *,
    lang: str = "fr",
    buyer: list[str] | None = None,
    buyer_label: str | None = "Facturé à :",
    meta: list[str] | None = None,
    title: str | None = None,
    totals: tuple[str, str, str] = ("1 000,00 €", "200,00 €", "1 200,00 €"),
    totals_labels: tuple[str, str, str] | None = None,
    terms: str | None = None,
    seller_siret: str | None = None,
    footer: str | None = None,
    rows: list[tuple[str, str, str]] | None = None,
    extra: dict[str, Any] | None = None,
    expected: dict[str, Any],
) -> Case:
    rng = _rng(key)
    siret = seller_siret or make_siret(rng)
    english = lang == "en"
    texts = [
        Text(20, 22, "Atelier Numérique SARL" if not english else "Northwind Studio Ltd", 13, True),
        Text(20, 28, "18 rue des Tanneurs"),
        Text(20, 33, "69002 Lyon"),
        Text(20, 38, "contact@atelier-numerique.fr"),
    ]
    texts.append(Text(190, 22, title or ("FACTURE" if not english else "INVOICE"), 16, True, True))
    if buyer_label:
        texts.append(Text(115, 50, buyer_label, 9, True))
    for i, line in enumerate(buyer or []):
        texts.append(Text(115, 56 + 5 * i, line))
    for i, line in enumerate(meta or []):
        texts.append(Text(20, 90 + 5.5 * i, line))
    head = ("Désignation", "Qté", "Montant HT") if not english else ("Item", "Qty", "Amount")
    texts += [Text(20, 125, head[0], 9, True), Text(140, 125, head[1], 9, True, True)]
    texts.append(Text(190, 125, head[2], 9, True, True))
    for i, (item, qty, amount) in enumerate(
        rows or [("Développement site vitrine", "1", totals[0].replace("€", "").strip() + " €")]
    ):
        texts += [Text(20, 132 + 6 * i, item), Text(140, 132 + 6 * i, qty, right=True)]
        texts.append(Text(190, 132 + 6 * i, amount, right=True))
    labels = totals_labels or (
        ("Total HT", "TVA 20 %", "Total TTC")
        if not english
        else ("Subtotal", "VAT 20%", "Total due")
    )
    for i, (label, amount) in enumerate(zip(labels, totals, strict=True)):
        texts += [
            Text(130, 170 + 6 * i, label, bold=i == 2),
            Text(190, 170 + 6 * i, amount, bold=i == 2, right=True),
        ]
    if terms:
        texts.append(Text(20, 205, terms, 9))
    legal = footer or (
        f"Atelier Numérique SARL au capital de 10 000 € - SIRET {spaced_siret(siret)} - "
        f"TVA {vat_of(siret)}"
    )
    texts.append(Text(20, 280, legal, 7))
    full = {
        "invoice.currency": "EUR",
        "seller.siret": siret,
        "debtor.company_type": "company",
        "debtor.siret": None,
        "debtor.vat_number": None,
        "debtor.email": None,
        "debtor.phone": None,
        "invoice.amount_before_tax": "1000.00",
        "invoice.tax_amount": "200.00",
        "invoice.amount": "1200.00",
        **expected,
    }
    return Case(key, kind, texts, full, extra=extra or {})


_FR_BUYER = ["Boulangerie Martin SAS", "4 place du Marché", "21000 Dijon"]
_FR_BUYER_EXPECTED = {
    "debtor.company_name": "Boulangerie Martin SAS",
    "debtor.address.line1": "4 place du Marché",
    "debtor.address.postal_code": "21000",
    "debtor.address.city": "Dijon",
    "debtor.address.country": "FR",
}


def cases() -> list[Case]:
    out = [
        _base(
            "window_unlabelled",
            "buyer block without a label, in the window-envelope place",
            buyer=_FR_BUYER,
            buyer_label=None,
            meta=["Facture n° FA-2025-0311", "Date : 14/10/2025", "Échéance : 13/11/2025"],
            expected={
                **_FR_BUYER_EXPECTED,
                "invoice.numbers": ["FA-2025-0311"],
                "invoice.issue_date": "2025-10-14",
                "invoice.due_date": "2025-11-13",
            },
        ),
        _base(
            "due_exigibilite",
            "due date worded « Date d'exigibilité »",
            buyer=_FR_BUYER,
            meta=[
                "Facture n° F-77812",
                "Date de facture : 02/09/2025",
                "Date d'exigibilité : 02/10/2025",
            ],
            expected={
                **_FR_BUYER_EXPECTED,
                "invoice.numbers": ["F-77812"],
                "invoice.issue_date": "2025-09-02",
                "invoice.due_date": "2025-10-02",
            },
        ),
        _base(
            "terms_invoice_date",
            "due date only as terms: « Paiement à 30 jours date de facture »",
            buyer=_FR_BUYER,
            meta=["Facture n° 2025-0912", "Date : 05/09/2025"],
            terms="Paiement à 30 jours date de facture par virement.",
            expected={
                **_FR_BUYER_EXPECTED,
                "invoice.numbers": ["2025-0912"],
                "invoice.issue_date": "2025-09-05",
                "invoice.due_date": "2025-10-05",
            },
        ),
        _base(
            "terms_end_of_month",
            "due date only as terms: « 30 jours fin de mois »",
            buyer=_FR_BUYER,
            meta=["Facture n° FC-4410", "Date : 10/09/2025"],
            terms="Règlement : 30 jours fin de mois.",
            expected={
                **_FR_BUYER_EXPECTED,
                "invoice.numbers": ["FC-4410"],
                "invoice.issue_date": "2025-09-10",
                "invoice.due_date": "2025-10-31",
            },
        ),
        _base(
            "terms_on_receipt",
            "due date only as terms: « payable à réception »",
            buyer=_FR_BUYER,
            meta=["Facture n° R-20931", "Date : 22/08/2025"],
            terms="Facture payable à réception.",
            expected={
                **_FR_BUYER_EXPECTED,
                "invoice.numbers": ["R-20931"],
                "invoice.issue_date": "2025-08-22",
                "invoice.due_date": "2025-08-22",
            },
        ),
        _base(
            "number_in_sentence",
            "invoice number inside a sentence",
            buyer=_FR_BUYER,
            title="Facture",
            meta=[
                "Objet : Facture n° F2026-4428 du 12/11/2025",
                "Échéance : 12/12/2025",
            ],
            expected={
                **_FR_BUYER_EXPECTED,
                "invoice.numbers": ["F2026-4428"],
                "invoice.issue_date": "2025-11-12",
                "invoice.due_date": "2025-12-12",
            },
        ),
        _base(
            "number_without_no",
            "invoice number without « n° »",
            buyer=_FR_BUYER,
            title="Facture FA-2017-0010",
            meta=["Date : 03/03/2025", "Date d'échéance : 02/04/2025"],
            expected={
                **_FR_BUYER_EXPECTED,
                "invoice.numbers": ["FA-2017-0010"],
                "invoice.issue_date": "2025-03-03",
                "invoice.due_date": "2025-04-02",
            },
        ),
        _base(
            "number_ordinal",
            "invoice number after the ordinal sign « nº »",
            buyer=_FR_BUYER,
            meta=["Facture nº 2025-77", "Date : 15/07/2025", "Échéance : 14/08/2025"],
            expected={
                **_FR_BUYER_EXPECTED,
                "invoice.numbers": ["2025-77"],
                "invoice.issue_date": "2025-07-15",
                "invoice.due_date": "2025-08-14",
            },
        ),
        _base(
            "other_dates",
            "an order date, a stay and an expiry beside the invoice date",
            buyer=["Hôtel des Voyageurs SARL", "12 quai Saint-Antoine", "69002 Lyon"],
            meta=[
                "Date de commande : 01/06/2025",
                "Séjour du 03/06/2025 au 07/06/2025",
                "Facture n° H-5521",
                "Date de facture : 09/06/2025",
                "Avoir valable jusqu'au 31/12/2025",
                "Date d'échéance : 09/07/2025",
            ],
            expected={
                "debtor.company_name": "Hôtel des Voyageurs SARL",
                "debtor.address.line1": "12 quai Saint-Antoine",
                "debtor.address.postal_code": "69002",
                "debtor.address.city": "Lyon",
                "debtor.address.country": "FR",
                "invoice.numbers": ["H-5521"],
                "invoice.issue_date": "2025-06-09",
                "invoice.due_date": "2025-07-09",
            },
        ),
        _base(
            "us_dates",
            "US month-first dates on an English invoice",
            lang="en",
            buyer_label="Bill to:",
            buyer=["Contoso Corp", "500 Market Street", "75008 Paris", "France"],
            meta=["Invoice No: INV-3091", "Invoice Date: 03/25/2025", "Due Date: 04/24/2025"],
            totals=("$1,000.00", "$200.00", "$1,200.00"),
            expected={
                "debtor.company_name": "Contoso Corp",
                "debtor.address.line1": "500 Market Street",
                "debtor.address.postal_code": "75008",
                "debtor.address.city": "Paris",
                "debtor.address.country": "FR",
                "invoice.numbers": ["INV-3091"],
                "invoice.issue_date": "2025-03-25",
                "invoice.due_date": "2025-04-24",
                "invoice.currency": "USD",
            },
        ),
        _base(
            "bare_due",
            "a bare « Due » label",
            lang="en",
            buyer_label="Bill to:",
            buyer=["Fabrikam SAS", "9 rue Lafayette", "75009 Paris"],
            meta=["Invoice VT/2022/0001", "Date: 14 October 2025", "Due: 13 November 2025"],
            totals=("€1,000.00", "€200.00", "€1,200.00"),
            expected={
                "debtor.company_name": "Fabrikam SAS",
                "debtor.address.line1": "9 rue Lafayette",
                "debtor.address.postal_code": "75009",
                "debtor.address.city": "Paris",
                "debtor.address.country": "FR",
                "invoice.numbers": ["VT/2022/0001"],
                "invoice.issue_date": "2025-10-14",
                "invoice.due_date": "2025-11-13",
            },
        ),
        _base(
            "uk_buyer",
            "a British buyer: town line, then postcode; a GB VAT number",
            lang="en",
            buyer_label="Invoice to:",
            buyer=["Tailspin Toys Ltd", "221 Baker Street", "London", "NW1 6XE", "United Kingdom"],
            meta=[
                "Invoice number: TT-2025-118",
                "Invoice date: 20/10/2025",
                "Payment due: 19/11/2025",
            ],
            totals=("€1,000.00", "€200.00", "€1,200.00"),
            footer="Northwind Studio Ltd - Customer VAT: GB 980 7806 84",
            expected={
                "debtor.company_name": "Tailspin Toys Ltd",
                "debtor.address.line1": "221 Baker Street",
                "debtor.address.postal_code": "NW1 6XE",
                "debtor.address.city": "London",
                "debtor.address.country": "GB",
                "debtor.vat_number": "GB980780684",
                "seller.siret": None,
                "invoice.numbers": ["TT-2025-118"],
                "invoice.issue_date": "2025-10-20",
                "invoice.due_date": "2025-11-19",
            },
        ),
        _base(
            "belgian_buyer",
            "a Belgian buyer with its VAT number",
            buyer=[
                "Brasserie du Sablon SPRL",
                "Rue de Rollebeek 7",
                "1000 Bruxelles",
                "Belgique",
                "TVA : BE0411905847",
            ],
            meta=["Facture n° B-6603", "Date : 08/10/2025", "Échéance : 07/11/2025"],
            expected={
                "debtor.company_name": "Brasserie du Sablon SPRL",
                "debtor.address.line1": "Rue de Rollebeek 7",
                "debtor.address.postal_code": "1000",
                "debtor.address.city": "Bruxelles",
                "debtor.address.country": "BE",
                "debtor.vat_number": "BE0411905847",
                "invoice.numbers": ["B-6603"],
                "invoice.issue_date": "2025-10-08",
                "invoice.due_date": "2025-11-07",
            },
        ),
        _base(
            "close_cells",
            "a quantity cell close to its amount cell",
            buyer=_FR_BUYER,
            meta=["Facture n° T-1203", "Date : 01/10/2025", "Échéance : 31/10/2025"],
            rows=[("Maintenance annuelle", "12", "1 000,00 €")],
            extra={"close_cells": True},
            expected={
                **_FR_BUYER_EXPECTED,
                "invoice.numbers": ["T-1203"],
                "invoice.issue_date": "2025-10-01",
                "invoice.due_date": "2025-10-31",
            },
        ),
    ]
    bad = _base(
        "seller_siret_misprint",
        "the seller's printed SIRET fails its checksum",
        buyer=_FR_BUYER,
        meta=["Facture n° M-3003", "Date : 11/09/2025", "Échéance : 11/10/2025"],
        seller_siret="73282932000075",
        expected={
            **_FR_BUYER_EXPECTED,
            "invoice.numbers": ["M-3003"],
            "invoice.issue_date": "2025-09-11",
            "invoice.due_date": "2025-10-11",
        },
    )
    out.append(bad)
    glyphs = _base(
        "glyph_codes",
        "a text layer of glyph codes (read by OCR instead)",
        buyer=_FR_BUYER,
        meta=["Facture n° G-4501", "Date : 16/09/2025", "Échéance : 16/10/2025"],
        expected={
            **_FR_BUYER_EXPECTED,
            "invoice.numbers": ["G-4501"],
            "invoice.issue_date": "2025-09-16",
            "invoice.due_date": "2025-10-16",
        },
    )
    glyphs.glyph_codes = True
    glyphs.producers = ("reportlab",)
    out.append(glyphs)
    # The close cells: the quantity stands 3 mm from the amount, inside one column gap.
    for case in out:
        if case.extra.get("close_cells"):
            for text in case.texts:
                if text.text == "12" and text.x == 140:
                    text.x = 163
    return out


# -- producers -------------------------------------------------------------------------------

MM = 72 / 25.4
A4 = (595.28, 841.89)


def render_reportlab(case: Case) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    page = 1
    for t in sorted(case.texts, key=lambda t: t.page):
        while page < t.page:
            c.showPage()
            page += 1
        font = "Helvetica-Bold" if t.bold else "Helvetica"
        c.setFont(font, t.size)
        y = A4[1] - t.y * MM
        if t.right:
            c.drawRightString(t.x * MM, y, t.text)
        else:
            c.drawString(t.x * MM, y, t.text)
    c.showPage()
    c.save()
    return buffer.getvalue()


def render_fpdf2(case: Case) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT.with_name("DejaVuSans-Bold.ttf")))
    page = 1
    for t in sorted(case.texts, key=lambda t: t.page):
        while page < t.page:
            pdf.add_page()
            page += 1
        pdf.set_font("DejaVu", "B" if t.bold else "", t.size)
        width = pdf.get_string_width(t.text)
        x = t.x - width if t.right else t.x
        pdf.text(x, t.y, t.text)
    return bytes(pdf.output())


def _html(case: Case) -> str:
    spans = []
    for t in case.texts:
        weight = "bold" if t.bold else "normal"
        # The baseline at t.y: the box's top is about one font size above it.
        top = t.y - t.size * 0.3528 * 0.8 + 297 * (t.page - 1)
        position = f"right:{210 - t.x}mm" if t.right else f"left:{t.x}mm"
        spans.append(
            f'<div style="position:absolute;{position};top:{top:.2f}mm;font-size:{t.size}pt;'
            f'font-weight:{weight};white-space:pre">{html.escape(t.text)}</div>'
        )
    return (
        "<!doctype html><html><head><meta charset='utf-8'><style>@page{size:A4;margin:0}"
        "body{margin:0;font-family:'DejaVu Sans',sans-serif}</style></head><body>"
        + "".join(spans)
        # A block the height of every page, so that Chromium prints each of them.
        + f'<div style="height:{297 * max(t.page for t in case.texts) - 1}mm"></div>'
        + "</body></html>"
    )


class Chromium:
    """One headless Chromium for many pages (Debian's, as the browser tests use)."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        self._page = self._browser.new_page()

    def render(self, case: Case) -> bytes:
        self._page.set_content(_html(case))
        return bytes(self._page.pdf(format="A4", print_background=True))

    def close(self) -> None:
        self._browser.close()
        self._playwright.stop()


def _shift(text: str) -> str:
    """Letters moved three places on, as a font whose codes do not map to Unicode reads."""
    out = []
    for ch in text:
        if "a" <= ch <= "z":
            out.append(chr((ord(ch) - 97 + 3) % 26 + 97))
        elif "A" <= ch <= "Z":
            out.append(chr((ord(ch) - 65 + 3) % 26 + 65))
        else:
            out.append(ch)
    return "".join(out)


def render_glyph_codes(case: Case) -> bytes:
    """The page as a picture, under an invisible text layer of shifted letters: what a viewer
    shows is right, what a text extractor reads is glyph codes."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    doc = pdfium.PdfDocument(render_reportlab(case))
    try:
        image = doc[0].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    c.drawImage(ImageReader(image), 0, 0, width=A4[0], height=A4[1])
    text = c.beginText()
    text.setTextRenderMode(3)
    for t in case.texts:
        text.setFont("Helvetica", t.size)
        text.setTextOrigin(t.x * MM, A4[1] - t.y * MM)
        text.textOut(_shift(t.text))
    c.drawText(text)
    c.showPage()
    c.save()
    return buffer.getvalue()


RENDERERS: dict[str, Callable[[Case], bytes]] = {
    "reportlab": render_reportlab,
    "fpdf2": render_fpdf2,
}


def pages(case: Case) -> int:
    return max(t.page for t in case.texts)


@dataclass
class HardItem:
    key: str
    case: Case
    producer: str
    pdf: Path
    scan: Path | None


def generate(
    directory: Path,
    *,
    producers: tuple[str, ...] = PRODUCERS,
    scans: bool = False,
    selection: list[Case] | None = None,
) -> list[HardItem]:
    """Writes every case (this corpus' unless `selection` is given) by every producer asked, and a
    harsh scan of each when `scans`."""
    from tests.ocr.scanner import scan

    directory.mkdir(parents=True, exist_ok=True)
    chromium = Chromium() if "chromium" in producers else None
    items = []
    try:
        for case in cases() if selection is None else selection:
            for producer in case.producers:
                if producer not in producers:
                    continue
                if case.glyph_codes:
                    data = render_glyph_codes(case)
                elif producer == "chromium":
                    assert chromium is not None
                    data = chromium.render(case)
                else:
                    data = RENDERERS[producer](case)
                key = f"{case.key}_{producer}"
                path = directory / f"{key}.pdf"
                path.write_bytes(data)
                scan_path = None
                if scans and not case.glyph_codes:
                    # A document of several pages is scanned to one PDF of images.
                    fmt = "pdf" if pages(case) > 1 else "jpeg"
                    scan_path = directory / f"{key}_scan.{'pdf' if fmt == 'pdf' else 'jpg'}"
                    seed = sum(map(ord, key))
                    scan_path.write_bytes(scan(data, seed=seed, fmt=fmt, harsh=True))
                items.append(HardItem(key, case, producer, path, scan_path))
    finally:
        if chromium is not None:
            chromium.close()
    return items
