"""The page as the field finder sees it: words with boxes and confidences, grouped into lines,
and lines cut into segments where a wide gap separates columns.

Both sources, a PDF's text layer and Tesseract's output, end up here in the same shape, so the
field rules are written once. Coordinates are in points of a page scaled to 595 pt wide (A4),
top-left origin, whatever the source resolution.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from cleavr_connect.reading.values import fold

PAGE_WIDTH = 595.0


@dataclass
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float = 1.0  # 0..1; 1 for a text layer
    # Its box in the scanned page's image as Tesseract read it (before the boxes are
    # straightened), so that a field can be read again from the pixels; None for a text layer.
    pixels: tuple[float, float, float, float] | None = None

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Segment:
    """A run of words in one line, separated from its neighbours by a column-wide gap."""

    line: Line
    first: int  # index of its first word in the line
    last: int  # index after its last word
    start: int  # offset of its text in the line's text

    @property
    def words(self) -> list[Word]:
        return self.line.words[self.first : self.last]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def end(self) -> int:
        return self.line.starts[self.last - 1] + len(self.line.words[self.last - 1].text)

    @property
    def text(self) -> str:
        return self.line.text[self.start : self.end]

    @property
    def folded(self) -> str:
        return self.line.folded[self.start : self.end]


@dataclass
class Line:
    page: int
    words: list[Word]
    text: str = ""
    folded: str = ""
    starts: list[int] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> float:
        return statistics.median(w.height for w in self.words)

    def words_between(self, start: int, end: int) -> list[Word]:
        """The words that characters [start, end) of the text come from."""
        return [
            w
            for w, s in zip(self.words, self.starts, strict=True)
            if s < end and start < s + len(w.text)
        ]

    def segment_at(self, offset: int) -> Segment:
        for segment in self.segments:
            if segment.start <= offset < segment.end + 1:
                return segment
        return self.segments[-1]


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    lines: list[Line]
    langs: str | None = None  # the Tesseract models that read it; None for a text layer
    image: Any = None  # a scanned page's image as read (PIL), for a second reading of a field


@dataclass
class Document:
    pages: list[Page]
    method: str  # "text" (a PDF's text layer) or "ocr"

    @property
    def lines(self) -> list[Line]:
        return [line for page in self.pages for line in page.lines]


def build_page(number: int, width: float, height: float, words: list[Word]) -> Page:
    """Scales to 595 pt wide, then groups words into lines and lines into segments."""
    scale = PAGE_WIDTH / width if width else 1.0
    scaled = [
        Word(w.text, w.x0 * scale, w.top * scale, w.x1 * scale, w.bottom * scale, w.conf, w.pixels)
        for w in words
        if w.text.strip()
    ]
    return Page(number, PAGE_WIDTH, height * scale, _lines(number, scaled))


def _lines(page: int, words: list[Word]) -> list[Line]:
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.middle, w.x0)):
        for row in reversed(rows[-4:]):
            ref = statistics.median(w.middle for w in row)
            row_height = statistics.median(w.height for w in row)
            if word.height < 0.5 * row_height and not any(c.isalnum() for c in word.text):
                # Punctuation ("-", ".") is short: it belongs to the row it sits inside.
                joins = (
                    statistics.median(w.top for w in row)
                    <= word.middle
                    <= (statistics.median(w.bottom for w in row))
                )
            else:
                joins = abs(word.middle - ref) < 0.45 * min(word.height, row_height)
            if joins:
                row.append(word)
                break
        else:
            rows.append([word])
    lines = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        line = Line(page, row)
        _index(line)
        lines.append(line)
    lines.sort(key=lambda ln: (ln.top, ln.words[0].x0))
    return lines


def _index(line: Line) -> None:
    parts: list[str] = []
    offset = 0
    first = 0
    gap_limit = max(1.6 * line.height, 12.0)
    # A gap wider than a space but narrower than a column (two table cells close together)
    # is written as two spaces, so that "12  240,00" never reads as one amount "12 240,00".
    wide = 0.9 * line.height
    for i, word in enumerate(line.words):
        if i:
            gap = word.x0 - line.words[i - 1].x1
            if gap > gap_limit:
                line.segments.append(Segment(line, first, i, line.starts[first]))
                first = i
            separator = "  " if gap > wide else " "
            parts.append(separator)
            offset += len(separator)
        line.starts.append(offset)
        parts.append(word.text)
        offset += len(word.text)
    line.segments.append(Segment(line, first, len(line.words), line.starts[first]))
    line.text = "".join(parts)
    line.folded = fold(line.text)


def box_of(words: list[Word], page: Page) -> list[float]:
    """The words' bounding box as fractions of the page: [x0, top, x1, bottom]."""
    return [
        round(min(w.x0 for w in words) / page.width, 4),
        round(min(w.top for w in words) / page.height, 4),
        round(max(w.x1 for w in words) / page.width, 4),
        round(max(w.bottom for w in words) / page.height, 4),
    ]
