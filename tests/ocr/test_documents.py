"""Opening uploads: pages, text layers, and the refusals an integrator can act on."""

from __future__ import annotations

import io

import pytest

from cleavr_connect.reading.files import DocumentRejected, inspect
from tests.ocr import invoices


def test_a_text_pdf_has_a_text_layer() -> None:
    found = inspect(invoices.pdf(), "application/pdf")
    assert (found.pages, found.text_pages, found.needs_ocr) == (1, (1,), False)


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
