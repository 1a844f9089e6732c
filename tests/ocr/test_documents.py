"""Opening uploads: pages, text layers, and the refusals an integrator can act on."""

from __future__ import annotations

import io
import time
import zlib

import pytest

from cleavr_connect.reading.files import MAX_STREAM_BYTES, DocumentRejected, check_budget, inspect
from tests.ocr import invoices


def test_a_text_pdf_has_a_text_layer() -> None:
    found = inspect(invoices.pdf(), "application/pdf")
    assert (found.pages, found.text_pages, found.needs_ocr) == (1, (1,), False)


@pytest.mark.parametrize(
    "kind", ["fattura_it", "hosting_de", "rechnung_at", "factura_es", "factuur_be_nl"]
)
def test_a_text_layer_in_another_language_is_text(kind: str) -> None:
    """An Italian, German, Spanish or Dutch invoice's text layer is read as text, not taken
    for glyph codes and sent to OCR; a layer of glyph codes still is."""
    from tests.ocr import hard, real_shaped

    every = {c.key: c for c in [*real_shaped.cases(), *real_shaped.eighth_cases()]}
    found = inspect(hard.render_reportlab(every[kind]), "application/pdf")
    assert found.needs_ocr is False
    glyphs = next(c for c in hard.cases() if c.glyph_codes)
    assert inspect(hard.render_glyph_codes(glyphs), "application/pdf").needs_ocr is True


def test_a_scanned_pdf_needs_ocr() -> None:
    found = inspect(invoices.scanned(fmt="pdf"), "application/pdf")
    assert (found.pages, found.text_pages, found.needs_ocr) == (1, (), True)


def test_an_image_is_one_page_to_read() -> None:
    found = inspect(invoices.scanned(fmt="png"), "image/png")
    assert (found.pages, found.needs_ocr) == (1, True)


@pytest.mark.parametrize(
    ("data", "content_type", "code"),
    [
        (invoices.pages_pdf(21), "application/pdf", "too_many_pages"),
        (invoices.encrypted_pdf(), "application/pdf", "file_encrypted"),
        (b"%PDF-1.7\ngarbage", "application/pdf", "file_unreadable"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png", "file_unreadable"),
        (b"\xff\xd8\xff\xe0truncated", "image/jpeg", "file_unreadable"),
    ],
)
def test_refusals(data: bytes, content_type: str, code: str) -> None:
    with pytest.raises(DocumentRejected) as caught:
        inspect(data, content_type)
    assert caught.value.code == code and caught.value.message


def test_twenty_pages_are_read() -> None:
    assert inspect(invoices.pages_pdf(20), "application/pdf").pages == 20


def test_a_pdf_restricted_by_an_owner_password_only_opens() -> None:
    """Permissions without a user password: every viewer opens it, so do we."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(
        buffer, encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner", canPrint=0)
    )
    c.drawString(72, 720, "Facture F-2025-0142 Total TTC 1 200,00 EUR and more text")
    c.showPage()
    c.save()
    assert inspect(buffer.getvalue(), "application/pdf").text_pages == (1,)


# -- budgets, checked before anything is rendered or decompressed --------------------------------


def _pdf_with_stream(dictionary: bytes, stream: bytes) -> bytes:
    """A one-page PDF whose page draws nothing but carries this stream object."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>",
        dictionary.replace(b">>", b" /Length %d >>" % len(stream), 1)
        + b"\nstream\n"
        + stream
        + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def test_a_tiny_pdf_with_a_huge_page_is_refused_before_rendering() -> None:
    data = invoices.huge_page_pdf()
    assert len(data) < 2000
    started = time.perf_counter()
    with pytest.raises(DocumentRejected) as caught:
        inspect(data, "application/pdf")
    assert caught.value.code == "page_too_large"
    assert "3000 × 3000 pt" in caught.value.message
    assert time.perf_counter() - started < 5  # rendering it would take tens of seconds


def test_a_stream_that_inflates_past_the_budget_is_refused() -> None:
    bomb = zlib.compress(b"\0" * (MAX_STREAM_BYTES + 1024 * 1024), 9)
    assert len(bomb) < 200_000
    data = _pdf_with_stream(b"<< /Filter /FlateDecode >>", bomb)
    with pytest.raises(DocumentRejected) as caught:
        inspect(data, "application/pdf")
    assert caught.value.code == "document_too_large"


def test_an_image_declaring_too_many_pixels_is_refused() -> None:
    data = _pdf_with_stream(
        b"<< /Type /XObject /Subtype /Image /Width 100000 /Height 100000 /BitsPerComponent 8"
        b" /ColorSpace /DeviceGray /Filter /FlateDecode >>",
        zlib.compress(b"\0" * 1000),
    )
    with pytest.raises(DocumentRejected) as caught:
        inspect(data, "application/pdf")
    assert caught.value.code == "document_too_large"


def test_a_scan_image_with_too_many_pixels_is_refused_from_its_header() -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (12_000, 8_000)).save(buffer, "PNG")  # 96 Mpx, a few kB
    with pytest.raises(DocumentRejected) as caught:
        inspect(buffer.getvalue(), "image/png")
    assert caught.value.code == "page_too_large"


def test_a_normal_invoice_is_within_every_budget() -> None:
    check_budget(invoices.pdf())
    assert inspect(invoices.pdf(), "application/pdf").pages == 1
