"""What a cheap office scanner makes of a page, for the corpus' scans."""

from __future__ import annotations

import io
import random
from typing import Any


def scan(pdf: bytes, *, seed: int, fmt: str = "jpeg", dpi: int = 300, harsh: bool = False) -> bytes:
    """What a cheap office scanner makes of the page (of each page, as one PDF, when `fmt` is
    pdf): grey paper, a slight rotation, sensor
    noise and dust, a little blur, lossy compression. `fmt`: jpeg, png or pdf (image only).
    `harsh`: a worse one — 200 dpi, faded toner, more tilt, noise and blur, heavy JPEG."""
    if harsh:
        dpi = 200
    import pypdfium2 as pdfium

    rng = random.Random(seed)
    doc = pdfium.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(doc) if fmt == "pdf" else 1):
            page = doc[index]
            images.append(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
            page.close()
    finally:
        doc.close()
    pictures = [_scanned(image, rng, harsh) for image in images]
    out = io.BytesIO()
    if fmt == "png":
        pictures[0].save(out, "PNG", dpi=(dpi, dpi), optimize=False)
    elif fmt == "pdf":
        pictures[0].save(
            out, "PDF", resolution=dpi, quality=80, save_all=True, append_images=pictures[1:]
        )
    else:
        quality = rng.randint(45, 60) if harsh else rng.randint(70, 85)
        pictures[0].save(out, "JPEG", quality=quality, dpi=(dpi, dpi))
    return out.getvalue()


def _scanned(image: Any, rng: random.Random, harsh: bool) -> Any:
    from PIL import Image, ImageFilter

    angle = rng.choice([-1, 1]) * rng.uniform(0.4, 2.4 if harsh else 1.6)
    paper = rng.randint(215, 235) if harsh else rng.randint(228, 245)
    toner = 70 if harsh else 0  # faded: black prints as dark grey
    image = image.point(lambda v: toner + v * (paper - toner) // 255)
    image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=paper)
    noise = Image.effect_noise(image.size, rng.uniform(14, 24))
    image = Image.blend(image, noise, 0.24 if harsh else 0.18).point(lambda v: min(255, v + 10))
    dust = Image.new("L", image.size, 255)
    pixels = dust.load()
    assert pixels is not None
    for _ in range(image.size[0] * image.size[1] // 4000):
        pixels[rng.randrange(image.size[0]), rng.randrange(image.size[1])] = rng.randint(0, 90)
    image = Image.composite(image, dust, dust.point(lambda v: 255 if v == 255 else 0))
    image = image.filter(ImageFilter.GaussianBlur(0.7 if harsh else 0.5))
    return image
