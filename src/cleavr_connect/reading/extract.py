"""One document in, its invoice fields out.

An e-invoice (UBL or CII XML, or the XML a Factur-X PDF embeds) is read exactly from its XML;
a Factur-X PDF's printed page then completes the fields its XML lacks (`einvoice_page.complete`).
Otherwise a PDF page with a readable text layer is read from it (exact, fast), and a page
without one — a scan, or a text layer of glyph codes — and any JPEG, PNG or TIFF (each of its
pages), is rendered and read by Tesseract. Everything here is plain data in and out: the API
reads text PDFs and e-invoices in a thread, and the OCR queue's workers read the rest
(`ocr=True`).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from typing import Any

from cleavr_connect.reading import einvoice, einvoice_page, languages, second_reading, sources
from cleavr_connect.reading.files import DocumentRejected, Inspection, inspect
from cleavr_connect.reading.found import Reading
from cleavr_connect.reading.layout import Document
from cleavr_connect.reading.rules import read_invoice

log = logging.getLogger("cleavr_connect.ocr")

# pypdfium2 is not thread-safe: one caller at a time per process (the API's threads and the
# in-process OCR worker share it).
PDFIUM = threading.Lock()


def _terms(data: bytes, content_type: str) -> dict[str, Any] | None:
    """The e-invoice's business terms; None for a PDF that carries none."""
    if content_type == einvoice.CONTENT_TYPE:
        terms = einvoice.terms_of(einvoice.parse_xml(data))
        if terms is None:
            raise DocumentRejected(
                "file_unreadable",
                "This e-invoice could not be read: send UBL 2.1 or CII (EN 16931), or its PDF.",
            )
        return terms
    if content_type != "application/pdf":
        return None
    xml = einvoice.xml_of_pdf(data)
    if xml is None:
        return None
    try:
        return einvoice.terms_of(einvoice.parse_xml(xml))
    except DocumentRejected:
        return None  # an attachment that is no e-invoice: the PDF is read as printed


def inspect_document(data: bytes, content_type: str) -> Inspection:
    """Pages, text layers, budgets and refusals; whether the document is an e-invoice."""
    if content_type == einvoice.CONTENT_TYPE:
        _terms(data, content_type)
        return Inspection(content_type, 1, (), einvoice=True)
    with PDFIUM:
        inspection = inspect(data, content_type)
    if content_type == "application/pdf" and _terms(data, content_type) is not None:
        return Inspection(content_type, inspection.pages, inspection.text_pages, einvoice=True)
    return inspection


def analyse(
    data: bytes, content_type: str, user_siret: str | None = None, *, ocr: bool = True
) -> dict[str, Any]:
    """The extraction as JSON-ready data: method, pages, kind, language, fields, timings.
    With `ocr=False` a document that needs OCR is refused instead of read (the API's case)."""
    started = time.perf_counter()
    terms = _terms(data, content_type)
    if terms is not None:
        reading = einvoice.read(terms, user_siret=user_siret)
        if content_type != "application/pdf":
            return _result("einvoice", 1, 0, reading, started)
        with PDFIUM:
            inspection = inspect(data, content_type)
        scanned = 0
        # The XML may lack what the page prints (Factur-X MINIMUM, BASIC WL): the page completes
        # the XML, never the other way round. Pages that need OCR are read only where OCR is
        # allowed; otherwise the XML alone stands (no refusal: it is exact).
        if ocr or not inspection.needs_ocr:
            try:
                printed, scanned = _read_pages(data, content_type, inspection, user_siret)
            except Exception:  # noqa: BLE001 - the page only completes an exact reading
                log.warning("the printed page of an e-invoice could not be read", exc_info=True)
            else:
                einvoice_page.complete(reading, printed)
        return _result("einvoice", inspection.pages, scanned, reading, started)
    with PDFIUM:
        inspection = inspect(data, content_type)
    if inspection.needs_ocr and not ocr:
        raise DocumentRejected("ocr_unavailable", "This document must be read by the OCR queue.")
    reading, scanned = _read_pages(data, content_type, inspection, user_siret)
    return _result("ocr" if scanned else "text", inspection.pages, scanned, reading, started)


def _read_pages(
    data: bytes, content_type: str, inspection: Inspection, user_siret: str | None
) -> tuple[Reading, int]:
    """The fields the pages print, read by layout: text layers as they are, other pages (and
    images) by OCR. Returns the reading and how many pages were read by OCR."""
    if content_type == "application/pdf":
        pages = sources.text_layer_pages(data, list(inspection.text_pages))
        scanned = [n for n in range(1, inspection.pages + 1) if n not in inspection.text_pages]
        with PDFIUM:
            images = sources.render_pages(data, scanned) if scanned else []
    else:
        images = sources.image_pages(data)
        pages, scanned = [], list(range(1, len(images) + 1))
    read = [sources.ocr_page(n, image) for n, image in zip(scanned, images, strict=True)]
    if read:
        # A German, Spanish or Italian document: its scanned pages read again with its own
        # language model, when installed (names and towns then read with their letters).
        folded = " ".join(line.folded for page in pages + read for line in page.lines)
        models = languages.models_for(languages.other_language(folded))
        if models is not None:
            # The model failing to load leaves the default reading.
            with contextlib.suppress(DocumentRejected):
                read = [
                    sources.ocr_page(n, image, models)
                    for n, image in zip(scanned, images, strict=True)
                ]
    pages = sorted(pages + read, key=lambda p: p.number)
    doc = Document(pages, "ocr" if scanned else "text")
    reading = read_invoice(doc, user_siret=user_siret)
    # The names, streets, towns and numbers of scanned pages read once more, alone.
    second_reading.check(reading, doc)
    return reading, len(scanned)


def _result(
    method: str, pages: int, ocr_pages: int, reading: Reading, started: float
) -> dict[str, Any]:
    return {
        "method": method,
        "pages": pages,
        "ocr_pages": ocr_pages,
        "language": reading.language,
        "document_type": reading.document_type,
        "fields": {name: found.as_json() for name, found in sorted(reading.fields.items())},
        "seller_sirets": reading.seller_sirets,
        "seconds": round(time.perf_counter() - started, 3),
    }
