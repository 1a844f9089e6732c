"""A scanned page made easier for Tesseract to read, without numpy (Pillow only).

Tesseract binarizes a page with one global threshold (Otsu). That fails on pages whose paper is
not one even white: grey paper and faded toner (little contrast left), light falling off
towards an edge or a fold's shadow (the threshold right for one half of the page is wrong for
the other), the back page showing through, a stain. And it reads a dithered 1-bit fax as
specks. Here:

- `bilevel`: a page of black and white pixels only (a fax, a "black and white" scanner
  setting, often dithered) is smoothed back to grey, so that letters are shapes again and the
  dither's dots fade into the paper;
- `flatten`: the paper's own brightness, estimated at each place of the page (the page with
  every dark stroke narrower than a few millimetres closed over), divides the page: paper
  becomes white wherever it lies, ink keeps its contrast to the paper around it; then the ink's
  level is stretched to black. Dark areas wider than the window (a filled table header) are
  part of the paper estimate and keep their own contrast.

Which of the raw and the cleaned page is read is decided by the caller (`sources.py`), by
Tesseract's own confidence."""

from __future__ import annotations

from typing import Any

# Of the pixels, the share that may lie between black and white for the page to count as
# 1-bit (JPEG keeps a 1-bit page's pixels near 0 and 255).
BILEVEL_GREYS = 0.02
# Paper estimate: on a page reduced this many times, dark marks narrower than the window
# (in reduced pixels) closed over. At 300 dpi: 8 × 5 = 40 px, 3.4 mm: wider than any stroke
# and than a line of body text; narrower than a shadow or a fold.
REDUCE = 8
WINDOW = 5


def bilevel(image: Any) -> bool:
    """Whether the page is made of black and white pixels only."""
    histogram = image.histogram()
    total = sum(histogram)
    greys = sum(histogram[24:232])
    return total > 0 and greys / total < BILEVEL_GREYS


def ungrain(image: Any, dpi_scale: float = 1.0) -> Any:
    """A 1-bit page back to grey: blurred by about a third of a stroke's width."""
    from PIL import ImageFilter

    return image.filter(ImageFilter.GaussianBlur(max(0.8, 1.1 * dpi_scale)))


def paper(image: Any) -> Any:
    """The paper's brightness across `image`, at 1/`REDUCE` of its size: a closing of the
    reduced page (every dark mark narrower than the window brightened over), blurred."""
    from PIL import ImageFilter

    small = image.reduce(REDUCE)
    small = small.filter(ImageFilter.MaxFilter(WINDOW)).filter(ImageFilter.MinFilter(WINDOW))
    return small.filter(ImageFilter.GaussianBlur(WINDOW / 2))


# The paper is uneven (or grey) when the darkest of it is darker than this, or its brightest
# and darkest 2 % lie further apart than `PAPER_SPREAD` levels. An office scan's paper lies
# between ~215 and 250 everywhere.
PAPER_DARK = 200
PAPER_SPREAD = 40


def uneven(background: Any) -> bool:
    """Whether a page's paper (`paper`) is grey or uneven enough to be worth flattening."""
    histogram = background.histogram()
    total = sum(histogram)
    low = _percentile(histogram, total, 0.02)
    high = _percentile(histogram, total, 0.98)
    return low < PAPER_DARK or high - low > PAPER_SPREAD


def _percentile(histogram: list[int], total: int, q: float) -> int:
    seen = 0
    for level, count in enumerate(histogram):
        seen += count
        if seen >= q * total:
            return level
    return 255


def flatten(image: Any, background: Any) -> Any:
    """The page divided by its paper (`paper`: white paper everywhere), then the ink stretched
    to black: the darkest 0.5 % of the page become 0."""
    import math

    from PIL import Image, ImageChops, ImageOps

    background = background.resize(image.size, Image.Resampling.BILINEAR)
    log = [0] + [round(255 * math.log(v) / math.log(255)) for v in range(1, 256)]
    # A division as a subtraction of logs (log v scaled to 0..255, and back):
    # log(page) - log(paper) + 255: 255 where the page is as bright as its paper.
    ratio = ImageChops.subtract(image.point(log), background.point(log), 1.0, 255)
    exp = [round(255 ** (v / 255)) for v in range(256)]
    flat = ratio.point(exp)
    return ImageOps.autocontrast(flat, cutoff=(0.5, 0))
