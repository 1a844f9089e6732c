"""One document in, its invoice fields out: the function the process pool runs.

A PDF page with a text layer is read from it (exact, fast); a page without one, and any JPEG or
PNG, is rendered and read by Tesseract. Everything here is plain data in and out, so it can run
in another process.
"""

from __future__ import annotations

import time
from typing import Any

from cleavr_connect.reading import sources
from cleavr_connect.reading.files import Inspection, inspect
from cleavr_connect.reading.layout import Document
from cleavr_connect.reading.rules import read_invoice


def inspect_document(data: bytes, content_type: str) -> Inspection:
    return inspect(data, content_type)


def analyse(data: bytes, content_type: str, user_siret: str | None = None) -> dict[str, Any]:
    """The extraction as JSON-ready data: method, pages, kind, language, fields, timings."""
    started = time.perf_counter()
    inspection = inspect(data, content_type)
    if content_type == "application/pdf":
        pages = sources.text_layer_pages(data, list(inspection.text_pages))
        scanned = [n for n in range(1, inspection.pages + 1) if n not in inspection.text_pages]
        images = sources.render_pages(data, scanned) if scanned else []
    else:
        pages, scanned = [], [1]
        images = sources.image_pages(data)[:1]
    pages += [sources.ocr_page(n, image) for n, image in zip(scanned, images, strict=True)]
    pages.sort(key=lambda p: p.number)
    doc = Document(pages, "ocr" if scanned else "text")
    reading = read_invoice(doc, user_siret=user_siret)
    seconds = time.perf_counter() - started
    return {
        "method": doc.method,
        "pages": inspection.pages,
        "ocr_pages": len(scanned),
        "language": reading.language,
        "document_type": reading.document_type,
        "fields": {name: found.as_json() for name, found in sorted(reading.fields.items())},
        "seller_sirets": reading.seller_sirets,
        "seconds": round(seconds, 3),
    }
