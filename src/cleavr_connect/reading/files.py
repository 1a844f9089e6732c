"""Opening an uploaded invoice: PDF (pypdfium2) or a JPEG, PNG or TIFF scan (Pillow; a TIFF
may hold several pages), with the
refusals an integrator can act on — encrypted, broken, too many pages, too large to render —
and, per page, whether it has a text layer worth reading or must be read by OCR.

Budgets are checked before anything is decompressed or rendered: a 600-byte PDF can declare a
page of 3000 × 3000 pt (1.3 GB of pixels at 300 dpi) and a 10 MB one can inflate to gigabytes.
Page sizes and image dimensions come from the PDF's dictionaries; compressed streams are
inflated piecewise and counted, never held whole."""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from typing import Any

MAX_PAGES = 20
# A page with fewer printable characters in its text layer is treated as a scan.
MIN_TEXT_CHARS = 25
# Pixels of one page rendered for OCR (or of one scanned image): A2 at 300 dpi is 35 Mpx, a
# 600 dpi A3 scan ~70 Mpx. And of the whole document.
MAX_PAGE_PIXELS = 80_000_000
MAX_DOCUMENT_PIXELS = 400_000_000
MAX_IMAGE_PIXELS = MAX_PAGE_PIXELS
# Bytes the PDF's streams inflate to: one stream, and all of them.
MAX_STREAM_BYTES = 64 * 1024 * 1024
MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024
# Pages are rendered for OCR at this resolution; the pixel budget is counted at it.
OCR_DPI = 300


class DocumentRejected(Exception):
    """The file cannot be read as an invoice; `code` is the API error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)  # both in args: it crosses process boundaries pickled
        self.code = code
        self.message = message

    @classmethod
    def from_parts(cls, parts: list[str]) -> DocumentRejected:
        """A refusal made in a reading process (`child.py`), received as [code, message]."""
        code, message = parts
        return cls(code, message)


@dataclass(frozen=True)
class Inspection:
    content_type: str
    pages: int
    text_pages: tuple[int, ...]  # 1-based numbers of the pages with a readable text layer
    einvoice: bool = False  # an e-invoice's XML: read exactly, no page is read at all

    @property
    def needs_ocr(self) -> bool:
        return not self.einvoice and len(self.text_pages) < self.pages


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
    """The image file opened, every page of it (the frames of a multi-page TIFF) checked against
    the budgets and decoded once, so that a damaged one is refused here rather than half-read."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    # Pillow warns of a TIFF's damaged directory and reads on: a refusal here.
    tiff = data[:4] in (b"II*\x00", b"MM\x00*")
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice it: a refusal here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            if tiff:
                warnings.simplefilter("error", UserWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise _page_too_large(1, "an image of more pixels than allowed") from None
    except (OSError, ValueError, EOFError, SyntaxError, UserWarning):
        raise _unreadable_image() from None
    try:
        with warnings.catch_warnings():
            if tiff:
                warnings.simplefilter("error", UserWarning)
            frames = int(getattr(image, "n_frames", 1))
    except (OSError, ValueError, EOFError, SyntaxError, UserWarning):  # a broken page list
        raise _unreadable_image() from None
    if frames > MAX_PAGES:
        raise _too_many(frames)
    total = 0
    for index in range(frames):
        try:
            with warnings.catch_warnings():
                if tiff:
                    warnings.simplefilter("error", UserWarning)
                image.seek(index)
                # The header's size, before a pixel is decoded.
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise _page_too_large(index + 1, f"{image.width} × {image.height} px")
                total += image.width * image.height
                if total > MAX_DOCUMENT_PIXELS:
                    raise _document_too_large()
                image.load()
        except (
            OSError,
            ValueError,
            EOFError,
            UserWarning,
            Image.DecompressionBombError,
            SyntaxError,
        ):
            raise _unreadable_image() from None
    image.seek(0)
    return image


def page_frames(image: Any) -> list[Any]:
    """The pages of an image opened by `open_image`, each turned upright by its EXIF (or TIFF)
    orientation tag, as a phone or a scanner marks a picture taken sideways."""
    from PIL import ImageOps

    pages = []
    for index in range(int(getattr(image, "n_frames", 1))):
        image.seek(index)
        upright = ImageOps.exif_transpose(image)
        pages.append(image.copy() if upright is None or upright is image else upright)
    return pages


def _unreadable_image() -> DocumentRejected:
    return DocumentRejected(
        "file_unreadable", "The image is damaged or incomplete and cannot be read."
    )


def _too_many(pages: int) -> DocumentRejected:
    return DocumentRejected(
        "too_many_pages", f"The document has {pages} pages; at most {MAX_PAGES} are read."
    )


def _page_too_large(number: int, size: str) -> DocumentRejected:
    return DocumentRejected(
        "page_too_large",
        f"Page {number} is {size}: too large to read (at most {MAX_PAGE_PIXELS // 1_000_000} "
        f"million pixels at {OCR_DPI} dpi, about A2).",
    )


def _document_too_large() -> DocumentRejected:
    return DocumentRejected(
        "document_too_large",
        "The document's pages or embedded images add up to more than can be read "
        f"({MAX_DOCUMENT_PIXELS // 1_000_000} million pixels, "
        f"{MAX_DECOMPRESSED_BYTES // (1024 * 1024)} MB of content once decompressed).",
    )


def check_budget(data: bytes) -> None:
    """Refuses a PDF whose streams inflate, or whose images decode, past the budgets — read
    from the raw file, before pdfium or pdfminer decompresses anything."""
    import zlib

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError
    from pypdf.generic import IndirectObject, StreamObject

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        ids = {(num, gen) for gen, nums in reader.xref.items() for num in nums}
        ids |= {(num, 0) for num in reader.xref_objStm}
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        return  # pdfium judges what pypdf cannot parse (and refuses it as unreadable)
    inflated = pixels = 0
    for num, gen in sorted(ids):
        try:
            obj = reader.get_object(IndirectObject(num, gen, reader))
        except Exception:  # noqa: BLE001, S112 - a broken object is pdfium's to refuse
            continue
        if not isinstance(obj, StreamObject):
            continue
        if obj.get("/Subtype") == "/Image":
            try:
                area = int(obj.get("/Width", 0)) * int(obj.get("/Height", 0))
            except (TypeError, ValueError):
                area = 0
            if area > MAX_IMAGE_PIXELS:
                raise DocumentRejected(
                    "document_too_large",
                    f"An image in the PDF has {area:,} pixels: too large to read.",
                )
            pixels += area
        raw = getattr(obj, "_data", b"") or b""
        filters = obj.get("/Filter")
        first = filters[0] if isinstance(filters, list) and filters else filters
        size = len(raw)
        if first in ("/FlateDecode", "/Fl"):
            size = _inflated_size(zlib.decompressobj(), raw)
        if size > MAX_STREAM_BYTES:
            raise _document_too_large()
        inflated += size
        if inflated > MAX_DECOMPRESSED_BYTES or pixels > MAX_DOCUMENT_PIXELS:
            raise _document_too_large()


def _inflated_size(decompressor: Any, raw: bytes) -> int:
    """Inflates piecewise (1 MB at most at a time), stopping past the stream budget."""
    import zlib

    size = 0
    chunk = raw
    try:
        while chunk:
            size += len(decompressor.decompress(chunk, 1 << 20))
            if size > MAX_STREAM_BYTES:
                return size
            chunk = decompressor.unconsumed_tail
    except zlib.error:
        pass  # a damaged stream: what was inflated counts
    return size


def inspect(data: bytes, content_type: str) -> Inspection:
    """Opens the file once: refuses what cannot be read or is too large to render, counts
    pages, finds the text layers worth reading."""
    if content_type != "application/pdf":
        image = open_image(data)
        pages = int(getattr(image, "n_frames", 1))
        image.close()
        return Inspection(content_type, pages, ())
    check_budget(data)
    pdf = open_pdf(data)
    try:
        count = len(pdf)
        if count == 0:
            raise DocumentRejected("file_unreadable", "The PDF has no pages.")
        if count > MAX_PAGES:
            raise _too_many(count)
        scale = (OCR_DPI / 72) ** 2
        total = 0.0
        for index in range(count):
            width, height = pdf.get_page_size(index)
            pixels = abs(width * height) * scale
            if pixels > MAX_PAGE_PIXELS:
                raise _page_too_large(index + 1, f"{width:.0f} × {height:.0f} pt")
            total += pixels
        if total > MAX_DOCUMENT_PIXELS:
            raise _document_too_large()
        text_pages = []
        for index in range(count):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()
            finally:
                textpage.close()
                page.close()
            if readable_text(text):
                text_pages.append(index + 1)
    finally:
        pdf.close()
    return Inspection(content_type, count, tuple(text_pages))


_WORD = re.compile(r"[^\W\d_]{2,}")
# Words every invoice prints, in the languages read here: a text layer that has none of them, or
# whose words are mostly unpronounceable, is glyph codes (a font without a Unicode map), not text.
_COMMON = frozenset(
    [
        "facture",
        "invoice",
        "date",
        "total",
        "tva",
        "vat",
        "client",
        "montant",
        "amount",
        "due",
        "ttc",
        "ht",
        "euros",
        "eur",
        "n",
        "de",
        "la",
        "le",
        "les",
        "du",
        "des",
        "et",
        "a",
        "au",
        "pour",
        "to",
        "the",
        "of",
        "and",
        "for",
        "no",
        "siret",
        "paiement",
        "payment",
        "net",
        "prix",
        "price",
        "qte",
        "quantite",
        "quantity",
        "description",
        "designation",
        "adresse",
        "address",
        "tel",
        "email",
        "bill",
        "sous",
        # German, Italian, Spanish, Dutch and Portuguese invoices: their text layers are text too
        # (an Italian fattura has none of the words above but "data").
        "rechnung",
        "datum",
        "betrag",
        "summe",
        "netto",
        "brutto",
        "mwst",
        "ust",
        "der",
        "die",
        "und",
        "fattura",
        "totale",
        "iva",
        "data",
        "numero",
        "importo",
        "imponibile",
        "di",
        "il",
        "per",
        "factura",
        "fecha",
        "importe",
        "el",
        "factuur",
        "btw",
        "bedrag",
        "totaal",
        "fatura",
    ]
)
_VOWELS = set("aeiouyàâäéèêëîïôöùûü")


def readable_text(text: str) -> bool:
    """Enough characters, and words that are words: some common invoice words, and most words
    with a vowel (glyph codes decoded as Latin letters rarely look like either)."""
    if sum(1 for ch in text if ch.isalnum()) < MIN_TEXT_CHARS:
        return False
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 3:
        return False
    common = sum(1 for w in words if w in _COMMON)
    voweled = sum(1 for w in words if _VOWELS & set(w)) / len(words)
    return common >= 2 and voweled >= 0.6
