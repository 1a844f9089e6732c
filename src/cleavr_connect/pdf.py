"""Plain A4 documents (invoices, statements, court forms) drawn with reportlab's platypus: a
title, paragraphs and tables, nothing else. Text arrives translated and formatted."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from cleavr_connect.text import without_bidi_controls

# The standard PDF fonts (Helvetica) have WinAnsi's characters only; reportlab draws any other
# as a wrong glyph ("Łukasz" came out "nukasz"). Babel's French formats use a narrow no-break
# space; Central European names have letters with no decomposition.
_WINANSI = str.maketrans(
    {
        "\u202f": "\u00a0",
        "\u2009": " ",
        "\u2212": "-",
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


def _text(value: str) -> str:
    return escape(winansi(value)).replace("\n", "<br/>")


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
            title=self.title,
            author=self.author,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=16 * mm,
            bottomMargin=16 * mm,
        )
        story: list[object] = [Paragraph(_text(self.title), styles["Title"])]
        for kind, value in self.blocks:
            if kind == "heading":
                story.append(Paragraph(_text(str(value)), styles["Heading3"]))
            elif kind == "paragraph":
                story.append(Paragraph(_text(str(value)), styles["BodyText"]))
            elif kind == "small":
                story.append(Paragraph(_text(str(value)), styles["Italic"]))
            else:
                rows = value if isinstance(value, list) else []
                cells = [[Paragraph(_text(str(c)), styles["BodyText"]) for c in r] for r in rows]
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
