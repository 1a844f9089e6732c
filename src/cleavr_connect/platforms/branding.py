"""How a platform looks on the pages its users see, and who may frame its users' onboarding.

The logo is kept in the database (small PNG or JPEG, re-encoded by Pillow so that only pixels
are served back, never a file's other content) and served by us: pages make no request to the
platform's servers. The accent colour comes with the text colour that reads on it.
"""

from __future__ import annotations

import hashlib
import io
import re
from typing import Any
from urllib.parse import urlsplit

from PIL import Image, UnidentifiedImageError

from cleavr_connect.errors import FieldError, ValidationError
from cleavr_connect.models import Platform

MAX_LOGO_BYTES = 512 * 1024
MAX_LOGO_SIDE = 1024
LOGO_HEIGHT = 64  # stored at twice the displayed height, for sharp screens
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
INK, WHITE, BLACK = "#14213d", "#ffffff", "#000000"


def _luminance(color: str) -> float:
    """Relative luminance (WCAG 2.x)."""
    channels = []
    for i in (1, 3, 5):
        c = int(color[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def ink_on(color: str) -> str:
    """Text colour for `color`: white, else our dark ink, else black, the first that reaches
    4.5:1 (WCAG AA); white or black always does."""
    for ink in (WHITE, INK, BLACK):
        if contrast(color, ink) >= 4.5:
            return ink
    return WHITE if contrast(color, WHITE) >= contrast(color, BLACK) else BLACK


def check_color(value: str) -> str:
    if not _COLOR.match(value):
        raise ValidationError(
            [FieldError("brand_color", "invalid_color", "Give the colour as #rrggbb.")]
        )
    return value.lower()


def check_logo(data: bytes) -> tuple[bytes, str]:
    """The logo re-encoded as PNG, at most LOGO_HEIGHT×2 pixels high."""

    def refuse(message: str) -> ValidationError:
        return ValidationError([FieldError("logo", "invalid_logo", message)])

    if len(data) > MAX_LOGO_BYTES:
        raise refuse(f"The logo must be at most {MAX_LOGO_BYTES // 1024} KB.")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("PNG", "JPEG", "WEBP"):
                raise refuse("The logo must be a PNG, JPEG or WebP image.")
            if max(image.size) > MAX_LOGO_SIDE:
                raise refuse(f"The logo must be at most {MAX_LOGO_SIDE} pixels on each side.")
            pixels = image.convert("RGBA")
            if pixels.height > LOGO_HEIGHT * 2:
                width = max(1, round(pixels.width * LOGO_HEIGHT * 2 / pixels.height))
                pixels = pixels.resize((width, LOGO_HEIGHT * 2), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            pixels.save(out, "PNG", optimize=True)
    except Image.DecompressionBombError as exc:
        # Its header alone claims billions of pixels: refused before a single one is decoded.
        raise refuse(f"The logo must be at most {MAX_LOGO_SIDE} pixels on each side.") from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise refuse("The logo is not an image we can read.") from exc
    return out.getvalue(), "image/png"


def check_origin(value: str, index: int = 0) -> str:
    """`https://app.example.com` (scheme, host, port only): the form frame-ancestors takes."""
    parts = urlsplit(value.strip())
    loopback = parts.hostname in ("localhost", "127.0.0.1", "::1")
    if (
        parts.scheme not in ("https", "http")
        or (parts.scheme == "http" and not loopback)
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username
    ):
        raise ValidationError(
            [
                FieldError(
                    f"embed_origin[{index}]",
                    "invalid_origin",
                    "An origin is https://host[:port], nothing after it.",
                )
            ]
        )
    return f"{parts.scheme}://{parts.netloc.lower()}"


def apply(
    platform: Platform,
    *,
    logo: bytes | None = None,
    remove_logo: bool = False,
    brand_color: str | None = None,
    embed_origins: list[str] | None = None,
) -> None:
    if logo is not None:
        platform.logo, platform.logo_media_type = check_logo(logo)
    elif remove_logo:
        platform.logo, platform.logo_media_type = None, None
    if brand_color is not None:
        platform.brand_color = check_color(brand_color) if brand_color else None
    if embed_origins is not None:
        platform.embed_origins = [check_origin(o, i) for i, o in enumerate(embed_origins)]


def version(platform: Platform) -> str:
    """Changes whenever the branding does: the cache-busting part of its URLs."""
    digest = hashlib.sha256()
    digest.update((platform.brand_color or "").encode())
    digest.update(platform.logo or b"")
    return digest.hexdigest()[:12]


def brand_of(platform: Platform | None) -> dict[str, Any] | None:
    """What templates need to co-brand a page (`brand` in their context)."""
    if platform is None:
        return None
    stamp = version(platform)
    return {
        "platform_id": platform.id,
        "name": platform.name,
        "color": platform.brand_color,
        "version": stamp,
        "logo_url": f"/brand/{platform.id}/logo?v={stamp}" if platform.logo else None,
    }
