"""What a cheap office scanner (or a phone camera) makes of a page, for the corpus' scans.

Every defect is drawn from a `random.Random(seed)`, the sensor noise included, so the same
document and seed give the same bytes on every run (bench figures do not flip between runs)."""

from __future__ import annotations

import io
import math
import random
from statistics import NormalDist
from typing import Any


def scan(
    pdf: bytes,
    *,
    seed: int,
    fmt: str = "jpeg",
    dpi: int = 300,
    harsh: bool = False,
    turn: int = 0,
    skew: float | None = None,
) -> bytes:
    """What a cheap office scanner makes of the page (of each page, as one PDF or TIFF, when
    `fmt` is pdf or tiff): grey paper, a slight rotation, sensor noise and dust, a little blur,
    lossy compression. `fmt`: jpeg, png, pdf (image only) or tiff (LZW, one frame a page, as
    office scanners write them). `harsh`: a worse one — 200 dpi, faded toner, more
    tilt, noise and blur, heavy JPEG. `turn`: the sheet fed sideways or upside down (90, 180 or
    270 degrees counter-clockwise); `skew`: the tilt in degrees, instead of a random one."""
    if harsh:
        dpi = 200
    rng = random.Random(seed)
    images = _render(pdf, dpi, every_page=fmt in ("pdf", "tiff"))
    pictures = [_scanned(image, rng, harsh, skew) for image in images]
    if turn:
        pictures = [p.rotate(turn, expand=True) for p in pictures]
    out = io.BytesIO()
    if fmt == "png":
        pictures[0].save(out, "PNG", dpi=(dpi, dpi), optimize=False)
    elif fmt == "pdf":
        pictures[0].save(
            out, "PDF", resolution=dpi, quality=80, save_all=True, append_images=pictures[1:]
        )
    elif fmt == "tiff":
        pictures[0].save(
            out,
            "TIFF",
            compression="tiff_lzw",
            dpi=(dpi, dpi),
            save_all=True,
            append_images=pictures[1:],
        )
    else:
        quality = rng.randint(45, 60) if harsh else rng.randint(70, 85)
        pictures[0].save(out, "JPEG", quality=quality, dpi=(dpi, dpi))
    return out.getvalue()


def photo(pdf: bytes, *, seed: int, dpi: int = 150) -> bytes:
    """A phone photo of the printed page: about 150 dpi, light falling unevenly (one corner
    darker), the phone held slightly off the page's axis (perspective), colour JPEG."""
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    page = _render(pdf, dpi, every_page=False)[0]
    width, height = page.size
    # Perspective: each corner moved by up to 3 % of the page inwards or outwards.
    corners = [(0, 0), (width, 0), (width, height), (0, height)]
    moved = [
        (x + rng.uniform(-0.03, 0.03) * width, y + rng.uniform(-0.03, 0.03) * height)
        for x, y in corners
    ]
    page = page.transform(
        page.size,
        Image.Transform.PERSPECTIVE,
        _perspective(corners, moved),
        resample=Image.Resampling.BICUBIC,
        fillcolor=90,
    )
    # Light: a gradient from the brightest to the darkest corner (paper from ~240 to ~150).
    bright, dark = rng.randint(232, 248), rng.randint(145, 175)
    angle = rng.uniform(0, 2 * math.pi)
    light = Image.linear_gradient("L").rotate(math.degrees(angle), expand=False, fillcolor=128)
    light = light.resize(page.size).point(lambda v: dark + (bright - dark) * v // 255)
    page = _multiply(page, light)
    noise = _noise(page.size, rng, rng.uniform(6, 10))
    page = Image.blend(page, noise, 0.08).filter(ImageFilter.GaussianBlur(0.6))
    warm = (rng.randint(0, 12), rng.randint(0, 6), 0)
    colour = Image.merge("RGB", [page.point(lambda v, s=s: max(0, v - s)) for s in warm])
    out = io.BytesIO()
    colour.save(out, "JPEG", quality=rng.randint(78, 90))
    return out.getvalue()


def _render(pdf: bytes, dpi: int, *, every_page: bool) -> list[Any]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(doc) if every_page else 1):
            page = doc[index]
            images.append(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
            page.close()
    finally:
        doc.close()
    return images


def _perspective(
    target: list[tuple[float, float]], source: list[tuple[float, float]]
) -> list[float]:
    """The 8 coefficients PIL's PERSPECTIVE transform takes: for each output pixel of `target`
    corners, the input pixel at the `source` corners (solved by Gaussian elimination)."""
    rows: list[list[float]] = []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y, u])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y, v])
    n = 8
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(n):
            if r != col:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col], strict=True)]
    return [rows[i][n] / rows[i][i] for i in range(n)]


def _multiply(page: Any, light: Any) -> Any:
    from PIL import ImageChops

    return ImageChops.multiply(page, light)


# Grey levels of Gaussian noise around 128, by the uniform byte drawn: the same distribution as
# Pillow's `effect_noise`, but from the document's own random generator.
def _noise(size: tuple[int, int], rng: random.Random, sigma: float) -> Any:
    from PIL import Image

    normal = NormalDist(128, sigma)
    table = [max(0, min(255, round(normal.inv_cdf((u + 0.5) / 256)))) for u in range(256)]
    uniform = Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))
    return uniform.point(table)


def _scanned(image: Any, rng: random.Random, harsh: bool, skew: float | None = None) -> Any:
    from PIL import Image, ImageFilter

    angle = rng.choice([-1, 1]) * rng.uniform(0.4, 2.4 if harsh else 1.6)
    if skew is not None:
        angle = skew
    paper = rng.randint(215, 235) if harsh else rng.randint(228, 245)
    toner = 70 if harsh else 0  # faded: black prints as dark grey
    image = image.point(lambda v: toner + v * (paper - toner) // 255)
    image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=paper)
    noise = _noise(image.size, rng, rng.uniform(14, 24))
    image = Image.blend(image, noise, 0.24 if harsh else 0.18).point(lambda v: min(255, v + 10))
    dust = Image.new("L", image.size, 255)
    pixels = dust.load()
    assert pixels is not None
    for _ in range(image.size[0] * image.size[1] // 4000):
        pixels[rng.randrange(image.size[0]), rng.randrange(image.size[1])] = rng.randint(0, 90)
    image = Image.composite(image, dust, dust.point(lambda v: 255 if v == 255 else 0))
    image = image.filter(ImageFilter.GaussianBlur(0.7 if harsh else 0.5))
    return image
