"""Words and their boxes, from a PDF's text layer (pdfplumber) or from real OCR (pages
rendered by pypdfium2, read by Tesseract with its French and English models, or with the
document's own language model: `languages.py`). A scanned page fed sideways or upside down is
turned upright first (Tesseract's orientation detection), then straightened (`skew_angle`)."""

from __future__ import annotations

import io
import math
import os
import re
import statistics
from collections import defaultdict
from typing import Any

from cleavr_connect.reading import cleaning
from cleavr_connect.reading.files import (
    OCR_DPI,
    DocumentRejected,
    open_image,
    open_pdf,
    page_frames,
)
from cleavr_connect.reading.languages import DEFAULT_MODELS
from cleavr_connect.reading.layout import Page, Word, build_page

TESSERACT_LANGS = DEFAULT_MODELS
# Per page: a scan Tesseract cannot read in this time is given up on (the job fails cleanly).
TESSERACT_TIMEOUT_S = 120


def text_layer_pages(data: bytes, numbers: list[int]) -> list[Page]:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    pages = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number in numbers:
                page = pdf.pages[number - 1]
                words = [
                    Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"])
                    for w in page.extract_words(x_tolerance=1.5, y_tolerance=2.5)
                ]
                pages.append(build_page(number, float(page.width), float(page.height), words))
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:  # pdfminer's own failures
        raise DocumentRejected("file_unreadable", "The PDF's text could not be read.") from exc
    return pages


def render_pages(data: bytes, numbers: list[int], dpi: int = OCR_DPI) -> list[Any]:
    pdf = open_pdf(data)
    images = []
    try:
        for number in numbers:
            page = pdf[number - 1]
            try:
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                images.append(bitmap.to_pil().convert("L"))
            finally:
                page.close()
    finally:
        pdf.close()
    return images


def image_pages(data: bytes) -> list[Any]:
    """Every page of an image file (the frames of a multi-page TIFF), upright by its EXIF
    orientation, in grey."""
    return [frame.convert("L") for frame in page_frames(open_image(data))]


def _prepare(image: Any) -> tuple[Any, Any | None]:
    """Small scans enlarged (Tesseract reads best with capitals ~30 px high), the page turned
    straight, and a median filter against scanner dust. A 1-bit page (a fax) is first smoothed
    back to grey. With it, the page flattened (`cleaning.flatten`) when its paper is grey or
    uneven, else None."""
    from PIL import Image, ImageFilter

    if cleaning.bilevel(image):
        image = cleaning.ungrain(image, image.width / 2480)
    if image.width < 1800:
        factor = 2500 / image.width
        image = image.resize(
            (round(image.width * factor), round(image.height * factor)),
            Image.Resampling.LANCZOS,
        )
    background = cleaning.paper(image)
    flat = cleaning.flatten(image, background) if cleaning.uneven(background) else None
    # Each page turned by its own tilt: the raw page's as before (what it reads must not
    # change), the flattened page's measured on it (a shadow's dark band is no ink there).
    pages = [_straight(image), _straight(flat) if flat is not None else None]
    raw, flat = (p.filter(ImageFilter.MedianFilter(3)) if p else None for p in pages)
    return raw, flat


def _straight(image: Any) -> Any:
    from PIL import Image

    angle = skew_angle(image)
    if abs(angle) >= 0.1:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return image


def skew_angle(image: Any) -> float:
    """The rotation (degrees, within ±4) that makes the text lines horizontal: the one whose
    row profile is the most contrasted (ink concentrated on lines, white between them),
    searched on a quarter-size, thresholded copy."""
    from PIL import Image, ImageOps

    small = ImageOps.invert(image.reduce(4).point(lambda p: 0 if p < 160 else 255))

    def contrast(angle: float) -> float:
        turned = small.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=0)
        rows = turned.resize((1, turned.height), Image.Resampling.BOX).tobytes()
        mean = sum(rows) / len(rows)
        return sum((r - mean) ** 2 for r in rows)

    coarse = max((step / 4 for step in range(-16, 17)), key=contrast)
    return max((coarse + step / 20 for step in range(-5, 6)), key=contrast)


def _tesseract(image: Any, psm: int, langs: str = TESSERACT_LANGS) -> dict[str, list[Any]]:
    import pytesseract

    try:
        result: dict[str, list[Any]] = pytesseract.image_to_data(
            image,
            lang=langs,
            config=f"--psm {psm} -c tessedit_do_invert=0",
            output_type=pytesseract.Output.DICT,
            timeout=TESSERACT_TIMEOUT_S,
        )
    except pytesseract.TesseractNotFoundError as exc:
        raise DocumentRejected(
            "ocr_unavailable", "Scans cannot be read here: Tesseract is not installed."
        ) from exc
    except pytesseract.TesseractError as exc:  # e.g. the French model is missing
        raise DocumentRejected("ocr_failed", f"The scan could not be read ({exc}).") from exc
    except RuntimeError as exc:  # pytesseract's timeout
        raise DocumentRejected("ocr_failed", "The scan could not be read in time.") from exc
    return result


# Tesseract's usual misreadings of a printed amount on a faded scan: the decimal comma as a
# semicolon ("151;70") and a speck before the currency sign read as a colon ("151,70:€"). A
# colon between digits stays (a time, "12:30").
_SEMICOLON_COMMA = re.compile(r"(?<=\d);(?=\d{2}(?!\d))")
_COLON_BEFORE_EURO = re.compile(r"(?<=\d[.,]\d{2})[:;](?=€$)")


def _ocr_word(text: str) -> str:
    if not any(ch.isdigit() for ch in text):
        return text
    return _COLON_BEFORE_EURO.sub("", _SEMICOLON_COMMA.sub(",", text))


def _lines_of(data: dict[str, list[Any]]) -> dict[tuple[int, int, int], list[Word]]:
    lines: dict[tuple[int, int, int], list[Word]] = defaultdict(list)
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if not text.strip() or conf < 0:
            continue
        box = (
            float(data["left"][i]),
            float(data["top"][i]),
            float(data["left"][i] + data["width"][i]),
            float(data["top"][i] + data["height"][i]),
        )
        lines[(data["block_num"][i], data["par_num"][i], data["line_num"][i])].append(
            Word(_ocr_word(text.strip()), *box, max(0.0, min(1.0, conf / 100)), box)
        )
    return lines


def ocr_page(number: int, image: Any, langs: str = TESSERACT_LANGS) -> Page:
    """Tesseract in sparse-text mode (every word, wherever it is: invoices are forms, not
    prose), then a second look at the lines it was unsure of. A page that reads as few words
    is asked for its orientation; turned upright, it is read again, and the better reading
    of the two is kept."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    prepared, lines = _read(image, langs)
    legible = _legible(lines)
    if legible < LEGIBLE_WORDS:
        turn = orientation(image)
        if turn:
            upright = image.rotate(-turn, expand=True)
            turned, turned_lines = _read(upright, langs)
            if _legible(turned_lines) > legible:
                prepared, lines = turned, turned_lines
    lines = _second_look(prepared, lines, langs)
    words = [w for line in lines for w in line]
    _deskew(words, lines, prepared.width, prepared.height)
    page = build_page(number, float(prepared.width), float(prepared.height), words)
    page.langs = langs
    if number <= KEPT_IMAGES:
        page.image = prepared
    return page


# The first pages keep their image for a second reading of their fields (`second_reading.py`):
# the debtor and the numbers stand there, and keeping every page of a 20-page scan would double
# the reading's memory.
KEPT_IMAGES = 2


def _read(image: Any, langs: str) -> tuple[Any, list[list[Word]]]:
    """The page read as it is; a page with grey or uneven paper read flattened as well, and the
    reading with more legible words kept (the flattened one only when clearly better: a
    reading's confidence is Tesseract's, and a few words more may be noise read as words)."""
    prepared, flat = _prepare(image)
    lines = list(_lines_of(_tesseract(prepared, psm=11, langs=langs)).values())
    if flat is None:
        return prepared, lines
    flat_lines = list(_lines_of(_tesseract(flat, psm=11, langs=langs)).values())
    legible, flat_legible = _legible(lines), _legible(flat_lines)
    if flat_legible > legible + max(2, legible * FLAT_MARGIN):
        return flat, flat_lines
    return prepared, lines


# The flattened page's reading is kept when it has this share more legible words.
FLAT_MARGIN = 0.05


# An upright invoice page gives dozens of words Tesseract is sure of; a page read sideways or
# upside down gives a handful at most (specks and stray letters).
LEGIBLE_WORDS = 12
LEGIBLE_CONF = 0.8
# Orientation is found on the page at about 150 dpi (A4: ~1240 px across its short side), and
# taken when Tesseract is at least this confident of it.
OSD_SHORT_SIDE = 1240
OSD_MIN_CONFIDENCE = 1.5


def _legible(lines: list[list[Word]]) -> int:
    """Words of three letters or more read with confidence."""
    return sum(
        1
        for line in lines
        for w in line
        if w.conf >= LEGIBLE_CONF and sum(ch.isalpha() for ch in w.text) >= 3
    )


def orientation(image: Any) -> int:
    """How many degrees (0, 90, 180 or 270, clockwise) the page must be turned to stand
    upright, by Tesseract's orientation and script detection (`--psm 0`); 0 when it cannot
    tell (too little text, or the `osd` model missing)."""
    import pytesseract
    from PIL import Image

    short = min(image.width, image.height)
    if short > 1.5 * OSD_SHORT_SIDE:
        factor = OSD_SHORT_SIDE / short
        image = image.resize(
            (round(image.width * factor), round(image.height * factor)),
            Image.Resampling.BOX,
        )
    try:
        found = pytesseract.image_to_osd(
            image,
            config="--psm 0 -c min_characters_to_try=20",
            output_type=pytesseract.Output.DICT,
            timeout=TESSERACT_TIMEOUT_S,
        )
    except (pytesseract.TesseractError, pytesseract.TesseractNotFoundError, RuntimeError):
        return 0
    turn = int(found.get("rotate", 0)) % 360
    if turn not in (90, 180, 270) or float(found.get("orientation_conf", 0)) < OSD_MIN_CONFIDENCE:
        return 0
    return turn


# A line read with less confidence than this is read again, on its own and larger.
SECOND_LOOK_BELOW = 0.6
SECOND_LOOK_SCALE = 2
SECOND_LOOK_MAX_LINES = 40


def _second_look(image: Any, lines: list[list[Word]], langs: str) -> list[list[Word]]:
    """Reads the doubtful lines again (`read_again`): Tesseract does better on a line seen
    alone than among the page's noise. A line's new reading replaces the old one only when
    Tesseract is more confident of it."""
    doubtful = [
        i
        for i, line in enumerate(lines)
        if min(w.conf for w in line) < SECOND_LOOK_BELOW
        and any(ch.isalnum() for w in line for ch in w.text)
    ][:SECOND_LOOK_MAX_LINES]
    if not doubtful:
        return lines
    boxes = [
        (
            min(w.x0 for w in lines[i]),
            min(w.top for w in lines[i]),
            max(w.x1 for w in lines[i]),
            max(w.bottom for w in lines[i]),
        )
        for i in doubtful
    ]
    again = read_again(image, boxes, langs)
    out = list(lines)
    # The crop's margin may take in a neighbouring line's words, whole or cut: those are
    # read already (kept twice, they gave "18 18 rue rue de de la la Liberté Lib").
    others = [w for i, line in enumerate(lines) if i not in doubtful for w in line]
    for k, i in enumerate(doubtful):
        new = [w for w in again[k] if not any(_over(w, o) for o in others)]
        if new and statistics.fmean(w.conf for w in new) > statistics.fmean(
            w.conf for w in lines[i]
        ):
            out[i] = new
    return out


def _over(a: Word, b: Word) -> bool:
    """Whether two words lie over the same ink (their boxes overlapping by half the smaller
    one's area)."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.bottom, b.bottom) - max(a.top, b.top)
    if width <= 0 or height <= 0:
        return False
    smaller = min((a.x1 - a.x0) * (a.bottom - a.top), (b.x1 - b.x0) * (b.bottom - b.top))
    return width * height > 0.5 * smaller


def read_again(
    image: Any,
    boxes: list[tuple[float, float, float, float]],
    langs: str,
    *,
    paper: bool = False,
) -> list[list[Word]]:
    """The words in each box of the image (pixels), read in one Tesseract call: each box
    cropped with a margin, enlarged, and stacked on one strip as a single text column
    (`--psm 6`). The words come back in the image's coordinates, box by box. With `paper`,
    the strip between the crops is the paper's grey rather than white: on a grey scan, white
    gaps make Tesseract's threshold fall between white and the paper, and it reads nothing."""
    from PIL import Image, ImageStat

    scale = SECOND_LOOK_SCALE
    crops = []
    for x0, top, x1, bottom in boxes:
        margin = max(8.0, 0.6 * (bottom - top))
        box = (
            max(0, int(x0 - margin)),
            max(0, int(top - margin)),
            min(image.width, int(x1 + margin)),
            min(image.height, int(bottom + margin)),
        )
        crop = image.crop(box)
        crops.append((box, crop.resize((crop.width * scale, crop.height * scale))))
    gap = 40
    background = 255
    if paper:
        background = int(statistics.median(ImageStat.Stat(c).median[0] for _, c in crops))
    strip = Image.new(
        "L",
        (max(c.width for _, c in crops) + 2 * gap, sum(c.height + gap for _, c in crops) + gap),
        background,
    )
    offsets = []
    y = gap
    for _, crop in crops:
        strip.paste(crop, (gap, y))
        offsets.append((y, y + crop.height))
        y += crop.height + gap
    again: list[list[Word]] = [[] for _ in crops]
    for new_line in _lines_of(_tesseract(strip, psm=6, langs=langs)).values():
        for word in new_line:
            middle = (word.top + word.bottom) / 2
            for k, (top, bottom) in enumerate(offsets):
                if top <= middle <= bottom:
                    (x0, y0, _, _), _ = crops[k]
                    pixels = (
                        x0 + (word.x0 - gap) / scale,
                        y0 + (word.top - top) / scale,
                        x0 + (word.x1 - gap) / scale,
                        y0 + (word.bottom - top) / scale,
                    )
                    again[k].append(Word(word.text, *pixels, word.conf, pixels))
                    break
    return again


def _deskew(words: list[Word], lines: Any, width: float, height: float) -> None:
    """Straightens word boxes in place. Tesseract reads slightly rotated scans well, but its
    boxes keep the tilt, and across a page 1.5° moves the end of a line by a line's height.
    The angle is the median slope of Tesseract's own long lines."""
    slopes = []
    for line in lines:
        if len(line) < 3:
            continue
        first, last = line[0], line[-1]
        span = last.x1 - first.x0
        if span < width * 0.15:
            continue
        xs = [(w.x0 + w.x1) / 2 for w in line]
        ys = [w.bottom for w in line]
        mx, my = statistics.fmean(xs), statistics.fmean(ys)
        den = sum((x - mx) ** 2 for x in xs)
        if den:
            slopes.append(sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den)
    if len(slopes) < 3:
        return
    angle = math.atan(statistics.median(slopes))
    if abs(angle) < 0.0005:
        return
    cos, sin = math.cos(-angle), math.sin(-angle)
    cx, cy = width / 2, height / 2
    for word in words:
        mx, my = (word.x0 + word.x1) / 2 - cx, (word.top + word.bottom) / 2 - cy
        nx, ny = cx + mx * cos - my * sin, cy + mx * sin + my * cos
        dx, dy = nx - (word.x0 + word.x1) / 2, ny - (word.top + word.bottom) / 2
        word.x0 += dx
        word.x1 += dx
        word.top += dy
        word.bottom += dy
