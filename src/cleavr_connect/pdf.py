"""Plain A4 documents (invoices, statements, court forms) drawn with reportlab's platypus: a
title, paragraphs and tables, nothing else. Text arrives translated and formatted.

Text is set in the standard Helvetica (nothing embedded); a letter Helvetica lacks (Greek,
Cyrillic, Polish "ł", Vietnamese, Arabic script …) is set in DejaVu Sans, shipped under
`fonts/` with its licence and embedded as a subset of the glyphs used (a few kB). Arabic
letters appear in their isolated forms and left to right: shaping and bidi reordering are not
done. What neither font has (CJK ideographs) is shown as "?".
"""

from __future__ import annotations

import functools
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from cleavr_connect.text import without_bidi_controls

# The standard PDF fonts (Helvetica) have WinAnsi's characters only; reportlab draws any other
# as a wrong glyph ("Łukasz" came out "nukasz"). Babel's French formats use a narrow no-break
# space and a minus sign: drawn as their WinAnsi look-alikes, so figures stay in one font.
_SPACES = {"\u202f": "\u00a0", "\u2009": " ", "\u2212": "-"}
# For `winansi` (text drawn with a standard font only): Central European letters with no
# decomposition.
_WINANSI = str.maketrans(
    {
        **_SPACES,
        "Ł": "L",
        "ł": "l",
        "Đ": "D",
        "đ": "d",
        "Ħ": "H",
        "ħ": "h",
        "ı": "i",
        "Ŀ": "L",
        "ŀ": "l",
        "Ŧ": "T",
        "ŧ": "t",
    }
)


def _drawable(char: str) -> str:
    try:
        char.encode("cp1252")
        return char
    except UnicodeEncodeError:
        # "ś" → "s", "č" → "c": the letter without its accent; else a visible stand-in.
        parts = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in parts if not unicodedata.combining(c))
        try:
            return base if base and base.encode("cp1252") else "?"
        except UnicodeEncodeError:
            return "?"


def winansi(value: str) -> str:
    """`value` as the standard PDF fonts can draw it: a letter they lack loses its accent
    (Polish, Czech, Romanian … names stay readable), any other character becomes "?".
    Directional overrides are dropped: a name cannot reorder the page around it."""
    value = without_bidi_controls(value).translate(_WINANSI)
    if value.isascii():
        return value
    return "".join(_drawable(c) for c in value)


FONTS = Path(__file__).resolve().parent / "fonts"
# The DejaVu face that stands in for each standard face (no oblique shipped: upright is read
# the same way).
_FALLBACK = {
    "Helvetica": "DejaVuSans",
    "Helvetica-Oblique": "DejaVuSans",
    "Helvetica-Bold": "DejaVuSans-Bold",
    "Helvetica-BoldOblique": "DejaVuSans-Bold",
}


@functools.cache
def _fallback_coverage() -> dict[str, frozenset[int]]:
    """Registers the DejaVu faces with reportlab (once); the code points each can draw."""
    covered = {}
    for name in sorted(set(_FALLBACK.values())):
        font = TTFont(name, str(FONTS / f"{name}.ttf"))
        pdfmetrics.registerFont(font)
        covered[name] = frozenset(font.face.charToGlyph)
    return covered


def _in_winansi(char: str) -> bool:
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


_SPACES_TABLE = str.maketrans(_SPACES)


def markup(value: str, font: str = "Helvetica") -> str:
    """`value` as reportlab paragraph markup for a paragraph set in the standard `font`: what
    that font cannot draw is wrapped in the DejaVu face of the same weight; directional
    overrides are dropped, so that a name cannot reorder the page around it."""
    value = unicodedata.normalize("NFC", without_bidi_controls(value).translate(_SPACES_TABLE))
    if value.isascii():
        return escape(value).replace("\n", "<br/>")
    fallback = _FALLBACK.get(font, "DejaVuSans")
    covered = _fallback_coverage()[fallback]
    out: list[str] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            out.append(f'<font name="{fallback}">{escape("".join(run))}</font>')
            run.clear()

    for char in value:
        if _in_winansi(char):
            close_run()
            out.append(escape(char))
        elif ord(char) in covered:
            run.append(char)
        else:
            close_run()
            out.append(escape(_drawable(char)))
    close_run()
    return "".join(out).replace("\n", "<br/>")


@dataclass
class Document:
    title: str
    author: str = ""
    blocks: list[tuple[str, object]] = field(default_factory=list)

    def heading(self, text: str) -> Document:
        self.blocks.append(("heading", text))
        return self

    def paragraph(self, text: str) -> Document:
        self.blocks.append(("paragraph", text))
        return self

    def small(self, text: str) -> Document:
        self.blocks.append(("small", text))
        return self

    def table(self, rows: Sequence[Sequence[str]], *, header: bool = True) -> Document:
        self.blocks.append(("table" if header else "grid", [list(r) for r in rows]))
        return self

    def render(self) -> bytes:
        styles = getSampleStyleSheet()
        out = io.BytesIO()
        doc = SimpleDocTemplate(
            out,
            pagesize=A4,
            title=without_bidi_controls(self.title),
            author=without_bidi_controls(self.author),
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=16 * mm,
            bottomMargin=16 * mm,
        )

        def paragraph(text: str, style: str) -> Paragraph:
            return Paragraph(markup(text, styles[style].fontName), styles[style])

        story: list[object] = [paragraph(self.title, "Title")]
        for kind, value in self.blocks:
            if kind == "heading":
                story.append(paragraph(str(value), "Heading3"))
            elif kind == "paragraph":
                story.append(paragraph(str(value), "BodyText"))
            elif kind == "small":
                story.append(paragraph(str(value), "Italic"))
            else:
                rows = value if isinstance(value, list) else []
                cells = [[paragraph(str(c), "BodyText") for c in r] for r in rows]
                table = Table(cells, repeatRows=1 if kind == "table" else 0)
                style = [
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
                if kind == "table":
                    style.append(("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke))
                table.setStyle(TableStyle(style))
                story.append(table)
            story.append(Spacer(1, 3 * mm))
        doc.build(story)
        return out.getvalue()
