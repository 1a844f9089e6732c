"""What an SMS costs: GSM 03.38 (3GPP TS 23.038) 7-bit text, 160 characters a message and 153
a part of a longer one, or, as soon as one character is outside that alphabet, UCS-2 at 70 and
67. One "û" or one narrow no-break space turns a two-part French reminder into a three-part
one, so the text is written in the GSM alphabet where a look-alike exists."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

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


# When a debtor may be texted: Monday to Saturday, 8:00 to 20:00 in France, never on a public
# holiday. No text rules recovery SMS hours; these are the hours the telecoms' code of conduct
# (and décret n° 2022-1313 for calls) treats as acceptable, and a text at night or on a Sunday
# about a debt reads as harassment.
PARIS = ZoneInfo("Europe/Paris")
OPENS = time(8)
CLOSES = time(20)


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def public_holidays(year: int) -> frozenset[date]:
    """France's eleven public holidays (Code du travail L3133-1)."""
    easter = _easter(year)
    fixed = ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25))
    movable = (easter + timedelta(days=1), easter + timedelta(days=39), easter + timedelta(50))
    return frozenset({date(year, m, d) for m, d in fixed} | set(movable))


def sending_window(at: datetime) -> datetime:
    """The first moment from `at` (aware) when a text may be sent, in UTC."""
    local = at.astimezone(PARIS)
    for _ in range(10):  # a Saturday evening before Easter Monday is the longest wait
        day = local.date()
        if day.weekday() == 6 or day in public_holidays(day.year) or local.time() >= CLOSES:
            local = datetime.combine(day + timedelta(days=1), OPENS, PARIS)
            continue
        if local.time() < OPENS:
            local = datetime.combine(day, OPENS, PARIS)
        return local.astimezone(UTC)
    return local.astimezone(UTC)
