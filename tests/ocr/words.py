"""Pages as OCR hands them to the field rules: words with boxes and confidences, written by
hand so that a test shows one reading in a few lines, without rendering or Tesseract."""

from __future__ import annotations

from cleavr_connect.reading.found import Reading
from cleavr_connect.reading.layout import Document, Word, build_page
from cleavr_connect.reading.rules import read_invoice


def line(text: str, x0: float, top: float, conf: float = 0.95) -> list[Word]:
    """One printed line, 10 pt high, 6 pt per character, words 4 pt apart."""
    words = []
    for part in text.split():
        x1 = x0 + 6 * len(part)
        words.append(Word(part, x0, top, x1, top + 10, conf))
        x0 = x1 + 4
    return words


def read(words: list[Word]) -> Reading:
    """The fields read from one A4 page (595 × 842 pt) of OCR words."""
    return read_invoice(Document([build_page(1, 595, 842, words)], "ocr"))
