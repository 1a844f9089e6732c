"""Letters as PDFs (formal notice, final notice), drawn with reportlab from the same rendered
text as the e-mail, and kept under the data directory.

Reportlab rather than WeasyPrint: pure Python wheels, no Pango from the system. Its standard
Helvetica covers French (WinAnsi: accents, €, no-break space); CLDR's narrow no-break space
(U+202F, French thousands) is not in it and is drawn as a plain no-break space; a name in
another script is set in the shipped DejaVu Sans (`pdf.markup`).
"""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
)

from cleavr_connect import storage
from cleavr_connect.config import Settings
from cleavr_connect.pdf import markup
from cleavr_connect.text import without_bidi_controls


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(text, style.fontName), style)


# French window envelopes (DL, C5, C4 with the window on the right): the address frame is
# 85 mm wide and 33 mm high, 110 mm from the left edge and 55 mm from the top, which also leaves
# room above it for a registered letter's barcode. Postal rules allow six lines in it.
WINDOW_LEFT = 110 * mm
WINDOW_TOP = 55 * mm
WINDOW_WIDTH = 85 * mm
WINDOW_HEIGHT = 33 * mm
# The sender's block stays left of the window; the letter's text starts below the window.
SENDER_WIDTH = 85 * mm
TEXT_TOP = 95 * mm
MARGIN = 20 * mm
TOP_MARGIN = 18 * mm
BOTTOM_MARGIN = 18 * mm
# Frames without reportlab's default 6 pt padding: the text lines up with the blocks above it.
_FLUSH = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}


def draw(
    *,
    sender_lines: list[str],
    recipient_lines: list[str],
    place_and_date: str,
    heading: str | None,
    subject: str,
    text: str,
    title: str,
) -> bytes:
    """One letter: sender block (top left), recipient block (in the window of a French window
    envelope, at a fixed place whatever the sender block holds), date, subject, the body
    paragraphs (blank-line separated in `text`)."""
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=10, leading=13)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11)
    right = ParagraphStyle("right", parent=body, leftIndent=WINDOW_LEFT - MARGIN)
    bold = ParagraphStyle("bold", parent=body, fontName="Helvetica-Bold")
    page_width, page_height = A4
    sender = _paragraph("\n".join(sender_lines), body)
    recipient = _paragraph("\n".join(recipient_lines), body)

    def first_page(canvas: Canvas, _doc: object) -> None:
        _, height = sender.wrapOn(canvas, SENDER_WIDTH, TEXT_TOP - TOP_MARGIN)
        sender.drawOn(canvas, MARGIN, page_height - TOP_MARGIN - height)
        _, height = recipient.wrapOn(canvas, WINDOW_WIDTH, WINDOW_HEIGHT)
        recipient.drawOn(canvas, WINDOW_LEFT, page_height - WINDOW_TOP - height)

    text_width = page_width - 2 * MARGIN
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=without_bidi_controls(title),
        author=without_bidi_controls(sender_lines[0]) if sender_lines else "",
    )
    doc.addPageTemplates(
        [
            PageTemplate(
                id="first",
                frames=[
                    Frame(
                        MARGIN,
                        BOTTOM_MARGIN,
                        text_width,
                        page_height - TEXT_TOP - BOTTOM_MARGIN,
                        id="first",
                        **_FLUSH,
                    )
                ],
                onPage=first_page,
            ),
            PageTemplate(
                id="later",
                frames=[
                    Frame(
                        MARGIN,
                        BOTTOM_MARGIN,
                        text_width,
                        page_height - TOP_MARGIN - BOTTOM_MARGIN,
                        id="later",
                        **_FLUSH,
                    )
                ],
            ),
        ]
    )
    story: list[object] = [
        NextPageTemplate("later"),
        _paragraph(place_and_date, right),
        Spacer(1, 6 * mm),
    ]
    if heading:
        story += [_paragraph(heading, bold), Spacer(1, 2 * mm)]
    story += [_paragraph(subject, bold), Spacer(1, 6 * mm)]
    # The mentions after the signature ("--") are set smaller, like a letterhead's footer.
    main, _, footer = text.partition("\n--\n")
    for block in main.strip().split("\n\n"):
        if block.strip():
            story += [_paragraph(block.strip(), body), Spacer(1, 3 * mm)]
    if footer.strip():
        story.append(Spacer(1, 4 * mm))
        for block in footer.strip().split("\n\n"):
            story += [_paragraph(block.strip(), small), Spacer(1, 2 * mm)]
    doc.build(story)  # type: ignore[arg-type]
    return buffer.getvalue()


def documents_dir(settings: Settings) -> Path:
    return settings.data_dir / "messages"


def _write(path: Path, data: bytes) -> None:
    # Whole or not at all (the rename is the send), and no half-written `.part` left behind.
    storage.write_whole(path, data, mode=0o644)


async def keep(settings: Settings, name: str, data: bytes) -> str:
    """Writes the PDF under `<data dir>/messages/`; returns its path relative to the data
    directory, as stored on the message."""
    relative = Path("messages") / name[-2:] / f"{name}.pdf"
    await asyncio.to_thread(_write, settings.data_dir / relative, data)
    return relative.as_posix()


def read(settings: Settings, relative: str) -> bytes:
    return (settings.data_dir / relative).read_bytes()
