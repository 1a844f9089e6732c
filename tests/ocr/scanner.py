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


# -- degraded scans --------------------------------------------------------------------------

# What goes wrong with a page that the office scanner above does not do: each kind alone, on
# an otherwise ordinary scan, so that the reading can be measured per kind.
DEGRADATIONS = (
    "low_res",  # 150 or 200 dpi, sent as is or enlarged back to 300 dpi by the scanner
    "jpeg",  # heavy JPEG compression, quality 20-35
    "fax",  # 1-bit, dithered (a fax or a "black and white" scanner setting), Group 4 TIFF
    "blur",  # defocus, or the sheet moving under the sensor
    "faded",  # grey paper, faded toner: little contrast left
    "shadow",  # light falling off towards one edge, or a fold line across the page
    "stain",  # a coffee ring or a rubber stamp over the text
    "skew",  # the sheet fed 1-3 degrees off
    "bleed",  # the back page showing through thin paper
    "photocopy",  # a scan of a printed scan
)


def degrade(pdf: bytes, *, seed: int, kind: str) -> bytes:
    """The first page of `pdf` scanned with one of `DEGRADATIONS` (seeded: the same document,
    seed and kind give the same bytes). JPEG, except the fax (1-bit TIFF, Group 4)."""
    from PIL import Image, ImageFilter

    if kind not in DEGRADATIONS:
        raise ValueError(f"unknown degradation {kind!r}")
    rng = random.Random(f"{seed}-{kind}")
    dpi = rng.choice([150, 200]) if kind == "low_res" else 300
    if kind == "fax":
        dpi = 200
    page = _render(pdf, dpi, every_page=False)[0]
    paper = rng.randint(228, 245)
    toner = 0
    if kind == "faded":
        paper, toner = rng.randint(165, 195), rng.randint(95, 125)
    if kind == "bleed":
        back = _render(pdf, dpi, every_page=False)[0].transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        back = back.transform(
            back.size,
            Image.Transform.AFFINE,
            (1, 0, rng.uniform(-60, 60), 0, 1, rng.uniform(-90, 90)),
            fillcolor=255,
        ).filter(ImageFilter.GaussianBlur(1.5))
        # Ink of the back page shows as a light grey: 255 → 255, 0 → about 175-200.
        faint = rng.randint(175, 200)
        page = _multiply(page, back.point(lambda v: faint + v * (255 - faint) // 255))
    page = page.point(lambda v: toner + v * (paper - toner) // 255)
    if kind == "photocopy":
        page = _photocopy(page, rng, paper)
    if kind == "stain":
        page = _stain(page, rng)
    if kind == "shadow":
        page = _shadow(page, rng)
    angle = rng.choice([-1, 1]) * (rng.uniform(1.0, 3.0) if kind == "skew" else rng.uniform(0, 0.6))
    page = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=paper)
    page = Image.blend(page, _noise(page.size, rng, rng.uniform(10, 18)), 0.12)
    page = _blurred(page, rng) if kind == "blur" else page.filter(ImageFilter.GaussianBlur(0.4))
    out = io.BytesIO()
    if kind == "fax":
        page.convert("1").save(out, "TIFF", compression="group4", dpi=(dpi, dpi))
        return out.getvalue()
    if kind == "low_res" and rng.random() < 0.5:
        # The scanner's "300 dpi" made of a 150/200 dpi sensor reading: enlarged, blurred.
        factor = 300 / dpi
        page = page.resize(
            (round(page.width * factor), round(page.height * factor)), Image.Resampling.BILINEAR
        )
        dpi = 300
    quality = rng.randint(20, 35) if kind == "jpeg" else rng.randint(70, 85)
    page.save(out, "JPEG", quality=quality, dpi=(dpi, dpi))
    return out.getvalue()


def _blurred(page: Any, rng: random.Random) -> Any:
    from PIL import Image, ImageChops, ImageFilter

    if rng.random() < 0.5:
        return page.filter(ImageFilter.GaussianBlur(rng.uniform(1.4, 2.2)))
    # Motion: the page seen at several offsets along one direction, averaged.
    length = rng.randint(5, 9)
    angle = rng.uniform(0, math.pi)
    dx, dy = math.cos(angle), math.sin(angle)
    acc = None
    for step in range(length):
        offset = step - (length - 1) / 2
        moved = ImageChops.offset(page, round(offset * dx), round(offset * dy))
        acc = moved if acc is None else Image.blend(acc, moved, 1 / (step + 1))
    return acc


def _shadow(page: Any, rng: random.Random) -> Any:
    """Light falling off towards one edge (a book's spine, the lid left open), or a sheet folded
    in three: a darker band and a bright crease across the page."""
    from PIL import Image, ImageDraw, ImageFilter

    width, height = page.size
    if rng.random() < 0.5:
        dark = rng.randint(95, 140)
        ramp = Image.linear_gradient("L").resize((width, height))  # 0 at the top, 255 below
        ramp = ramp.rotate(rng.choice([0, 90, 180, 270]), expand=False, fillcolor=255)
        ramp = ramp.resize((width, height))
        # Only the last third or so darkens, falling smoothly to `dark` at the edge.
        start = rng.randint(110, 170)
        light = ramp.point(
            lambda v: (
                255 if v < start else 255 - (255 - dark) * (v - start) ** 2 // (255 - start) ** 2
            )
        )
        return _multiply(page, light)
    light = Image.new("L", page.size, 255)
    draw = ImageDraw.Draw(light)
    y = height * rng.uniform(0.3, 0.7)
    slope = rng.uniform(-0.01, 0.01) * width
    band = rng.randint(25, 45)
    draw.polygon(
        [(0, y - band), (width, y - band + slope), (width, y + slope), (0, y)],
        fill=rng.randint(150, 190),
    )
    light = light.filter(ImageFilter.GaussianBlur(band / 2))
    draw = ImageDraw.Draw(light)
    draw.line([(0, y), (width, y + slope)], fill=rng.randint(70, 110), width=3)
    page = _multiply(page, light)
    return page


def _stain(page: Any, rng: random.Random) -> Any:
    """A coffee cup's ring (a darker rim, a lighter inside) or a rubber stamp in grey ink, over
    the page's text."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    width, height = page.size
    layer = Image.new("L", page.size, 255)
    draw = ImageDraw.Draw(layer)
    cx, cy = width * rng.uniform(0.25, 0.75), height * rng.uniform(0.2, 0.6)
    if rng.random() < 0.5:
        r = width * rng.uniform(0.1, 0.16)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=rng.randint(205, 225))
        draw.ellipse(
            (cx - r, cy - r, cx + r, cy + r), outline=rng.randint(140, 170), width=round(r / 14)
        )
        layer = layer.filter(ImageFilter.GaussianBlur(r / 40))
        return _multiply(page, layer)
    size = round(width * 0.045)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", size)
    words = rng.choice(["PAYÉ", "REÇU", "COPIE", "ACQUITTÉ", "RECEIVED"])
    stamp = Image.new("L", (size * 9, size * 3), 255)
    sdraw = ImageDraw.Draw(stamp)
    sdraw.rectangle((4, 4, stamp.width - 5, stamp.height - 5), outline=0, width=max(3, size // 8))
    sdraw.text((size // 2, size // 2), words, font=font, fill=0)
    sdraw.text((size // 2, round(size * 1.6)), f"le {rng.randint(1, 28):02d}/11", font=font, fill=0)
    stamp = stamp.rotate(rng.uniform(-20, 20), expand=True, fillcolor=255)
    ink = rng.randint(110, 160)
    stamp = stamp.point(lambda v: ink + v * (255 - ink) // 255)
    layer.paste(stamp, (round(cx - stamp.width / 2), round(cy - stamp.height / 2)))
    return _multiply(page, layer)


def _photocopy(page: Any, rng: random.Random, paper: int) -> Any:
    """A scan printed on an office laser and scanned again: the first scan's grey and noise
    printed as toner (contrast pushed, letters thickened, grey specks), then the second scan's
    own paper and tilt."""
    from PIL import Image, ImageFilter

    first = _scanned(page, rng, False)
    # The printer: contrast pushed around a threshold, toner spreading (letters bolder).
    cut = rng.randint(150, 185)
    printed = first.filter(ImageFilter.MinFilter(3)) if rng.random() < 0.5 else first
    printed = printed.point(lambda v: max(0, min(255, (v - cut) * 4 + 128)))
    printed = printed.filter(ImageFilter.GaussianBlur(0.8))
    specks = _noise(page.size, rng, 40).point(lambda v: 0 if v < 40 else 255)
    printed = _multiply(printed, specks.filter(ImageFilter.GaussianBlur(0.7)))
    return printed.point(lambda v: v * paper // 255).rotate(
        rng.uniform(-0.8, 0.8), resample=Image.Resampling.BICUBIC, fillcolor=paper
    )
