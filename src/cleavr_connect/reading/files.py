"""Opening an uploaded invoice: PDF (pypdfium2) or a JPEG/PNG scan (Pillow), with the
refusals an integrator can act on — encrypted, broken, too many pages — and, per page, whether
it has a text layer or must be read by OCR."""

from __future__ import annotations

import io
from dataclasses import dataclass

MAX_PAGES = 20
# A page with fewer printable characters in its text layer is treated as a scan.
MIN_TEXT_CHARS = 25
# Pillow refuses larger images as possible decompression bombs; a 600 dpi A3 scan is ~70 Mpx.
MAX_IMAGE_PIXELS = 80_000_000


class DocumentRejected(Exception):
    """The file cannot be read as an invoice; `code` is the API error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)  # both in args: it crosses process boundaries pickled
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Inspection:
    content_type: str
    pages: int
    text_pages: tuple[int, ...]  # 1-based numbers of the pages with a text layer

    @property
    def needs_ocr(self) -> bool:
        return len(self.text_pages) < self.pages


def open_pdf(data: bytes):  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise DocumentRejected(
                "file_encrypted",
                "The PDF is protected by a password: upload an unprotected copy.",
            ) from None
        raise DocumentRejected(
            "file_unreadable", "The PDF is damaged or incomplete and cannot be read."
        ) from None


def open_image(data: bytes):  # type: ignore[no-untyped-def]
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise DocumentRejected(
            "file_unreadable", "The image is damaged or incomplete and cannot be read."
        ) from None
    frames = int(getattr(image, "n_frames", 1))
    if frames > MAX_PAGES:
        raise _too_many(frames)
    return ImageOps.exif_transpose(image) or image


def _too_many(pages: int) -> DocumentRejected:
    return DocumentRejected(
        "too_many_pages", f"The document has {pages} pages; at most {MAX_PAGES} are read."
    )


def inspect(data: bytes, content_type: str) -> Inspection:
    """Opens the file once: refuses what cannot be read, counts pages, finds the text layers."""
    if content_type != "application/pdf":
        open_image(data).close()
        return Inspection(content_type, 1, ())
    pdf = open_pdf(data)
    try:
        count = len(pdf)
        if count == 0:
            raise DocumentRejected("file_unreadable", "The PDF has no pages.")
        if count > MAX_PAGES:
            raise _too_many(count)
        text_pages = []
        for index in range(count):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()
            finally:
                textpage.close()
                page.close()
            if sum(1 for ch in text if ch.isalnum()) >= MIN_TEXT_CHARS:
                text_pages.append(index + 1)
    finally:
        pdf.close()
    return Inspection(content_type, count, tuple(text_pages))
