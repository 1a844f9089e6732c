"""What a cheap office scanner makes of a page, for the corpus' scans."""

from __future__ import annotations

import io
import random


def scan(pdf: bytes, *, seed: int, fmt: str = "jpeg", dpi: int = 300, harsh: bool = False) -> bytes:
    """What a cheap office scanner makes of the page: grey paper, a slight rotation, sensor
    noise and dust, a little blur, lossy compression. `fmt`: jpeg, png or pdf (image only).
    `harsh`: a worse one — 200 dpi, faded toner, more tilt, noise and blur, heavy JPEG."""
    if harsh:
        dpi = 200
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        page.close()
    finally:
        doc.close()
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
    out = io.BytesIO()
    if fmt == "png":
        image.save(out, "PNG", dpi=(dpi, dpi), optimize=False)
    elif fmt == "pdf":
        image.save(out, "PDF", resolution=dpi, quality=80)
    else:
        quality = rng.randint(45, 60) if harsh else rng.randint(70, 85)
        image.save(out, "JPEG", quality=quality, dpi=(dpi, dpi))
    return out.getvalue()
