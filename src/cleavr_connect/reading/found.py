"""What the field rules produce (`Found`, `Reading`) and the context they share: the laid-out
document, the page of each line, the debtor's block once found."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from cleavr_connect.reading.layout import Document, Line, Page, Word, box_of


@dataclass
class Found:
    value: Any
    confidence: float
    page: int | None = None
    box: list[float] | None = None
    source: str = "label"
    # The words it was read from (a scan's can be read again: `second_reading.py`).
    words: list[Word] = field(default_factory=list, repr=False, compare=False)

    def as_json(self) -> dict[str, Any]:
        value = self.value
        if isinstance(value, Decimal):
            value = f"{value:.2f}"
        elif isinstance(value, date):
            value = value.isoformat()
        return {
            "value": value,
            "confidence": round(max(0.0, min(1.0, self.confidence)), 2),
            "page": self.page,
            "box": self.box,
            "source": self.source,
        }


@dataclass
class Reading:
    """What was read: the fields found, the document's kind and language."""

    fields: dict[str, Found] = field(default_factory=dict)
    document_type: str = "invoice"  # or "credit_note"
    language: str = "fr"
    seller_sirets: list[str] = field(default_factory=list)

    def value(self, name: str) -> Any:
        found = self.fields.get(name)
        return found.value if found else None


class Context:
    """The document being read, and what the rules found so far."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.pages: dict[int, Page] = {p.number: p for p in doc.pages}
        self.lines = doc.lines
        self.reading = Reading()
        self.block: list[tuple[Line, int, int]] = []  # debtor block: (line, start, end)
        self.block_factor = 1.0  # lower when the block was found by its shape, not a label
        self.month_first = False  # slashed dates read month first (decided per document)
        # "de", "it" or "es": written in German, Italian or Spanish rather than French or English.
        self.other_language: str | None = None
        # Such a document scanned and read without its language's model: letters (ä, ö, ß, í, ñ,
        # ò…) the French and English models do not hold, so a scanned name may lack them.
        self.other_alphabet = False

    def found(
        self, line: Line, start: int, end: int, value: Any, factor: float, source: str = "label"
    ) -> Found:
        words = line.words_between(start, end) or line.words
        conf = min(w.conf for w in words) * factor
        box = box_of(words, self.pages[line.page])
        return Found(value, conf, line.page, box, source, words)

    def merge(self, parts: list[Found], value: Any) -> Found:
        """One field read from several places (invoice numbers listed on one line)."""
        first = parts[0]
        boxes = [p.box for p in parts if p.box and p.page == first.page]
        box = [
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        ]
        words = [w for p in parts for w in p.words]
        return Found(value, min(p.confidence for p in parts), first.page, box, first.source, words)

    def below(self, line: Line, x0: float, x1: float) -> Line | None:
        """The next line of the same page with text under [x0, x1] (a label above its value)."""
        index = self.lines.index(line)
        for other in self.lines[index + 1 : index + 4]:
            if other.page != line.page or other.top - line.bottom > 2.5 * line.height:
                return None
            if any(s.x0 < x1 + 10 and s.x1 > x0 - 10 for s in other.segments):
                return other
        return None

    def in_block(self, line: Line, start: int) -> bool:
        return any(ln is line and s <= start < e for ln, s, e in self.block)
