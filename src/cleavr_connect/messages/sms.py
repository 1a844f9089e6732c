"""What an SMS costs: GSM 03.38 (3GPP TS 23.038) 7-bit text, 160 characters a message and 153
a part of a longer one, or, as soon as one character is outside that alphabet, UCS-2 at 70 and
67. One "û" or one narrow no-break space turns a two-part French reminder into a three-part
one, so the text is written in the GSM alphabet where a look-alike exists."""

from __future__ import annotations

import math

# The default alphabet, and its extension table (each extension character takes two septets).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

# Typography the GSM alphabet lacks, as its closest look-alike. Letters are left alone: a
# name keeps its spelling, even when that costs UCS-2.
_LOOK_ALIKES = str.maketrans(
    {
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2019": "'",
        "\u2018": "'",
        "«": '"',
        "»": '"',
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": "...",
    }
)


def gsm_typography(text: str) -> str:
    return text.translate(_LOOK_ALIKES)


def is_gsm7(text: str) -> bool:
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text)


def segments(text: str) -> tuple[str, int]:
    """(`"GSM-7"` or `"UCS-2"`, how many messages the text is sent as)."""
    if is_gsm7(text):
        length = sum(2 if c in GSM7_EXTENSION else 1 for c in text)
        return "GSM-7", 1 if length <= 160 else math.ceil(length / 153)
    units = len(text.encode("utf-16-le")) // 2  # characters beyond the BMP take two
    return "UCS-2", 1 if units <= 70 else math.ceil(units / 67)
