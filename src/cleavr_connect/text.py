"""Text rules shared by every entry point (API, OAuth endpoints, hosted pages)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from text_unidecode import unidecode

from cleavr_connect.errors import FieldError

# C0 controls (but tab, line feed, carriage return) and DEL: never meaningful in a name, an id or
# a query, and NUL cannot even be stored by PostgreSQL. Refused everywhere, on every database.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# What a reader of a letter, a page or a back-office list cannot see, or what changes how the
# text around it is shown: C1 controls, every format character of Unicode (category Cf: the
# bidirectional embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069, zero-width
# spaces and joiners U+200B–U+200F, the BOM U+FEFF, soft hyphen, tags…), the line and paragraph
# separators U+2028/U+2029, and lone UTF-16 surrogates (a JSON `\ud800` escape, which no
# database can store as UTF-8). A name shown "Acme\u202eSAS" reads "AcmeSAS" backwards; a
# zero-width space makes two names look equal. `tests/test_text_rules.py` holds this list to
# Unicode's categories.
_INVISIBLE_RANGES = (
    "\u0080-\u009f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
_REFUSED_IN_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f{_INVISIBLE_RANGES}]")
_REFUSED_IN_LINE = re.compile(f"[\x00-\x1f\x7f{_INVISIBLE_RANGES}]")

# The same rule as a JSON Schema pattern (ECMA-262), for the OpenAPI document: the code points
# of the Basic Multilingual Plane (lone surrogates, which a pattern cannot name, and the few
# format characters above it are refused all the same).
WITHOUT_CONTROL_CHARACTERS = (
    "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u00ad"
    "\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u180e"
    "\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\ufeff\\ufff9-\\ufffb]*$"
)
# A one-line field (a name, an address line): no tab or line break either.
ONE_LINE = WITHOUT_CONTROL_CHARACTERS.replace(
    "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f", "\\u0000-\\u001f"
)


def refused_character(value: str, *, one_line: bool = False) -> str | None:
    """The first character of `value` that no text field takes (`one_line`: nor a tab or a line
    break), or None."""
    found = (_REFUSED_IN_LINE if one_line else _REFUSED_IN_TEXT).search(value)
    return found.group() if found else None


def character_error(param: str, character: str) -> FieldError:
    """The validation error for `character` in `param`: `invalid_characters` for a control
    character, `invisible_characters` for a format character, separator or lone surrogate,
    naming the code point (the client cannot see it either)."""
    point = ord(character)
    name = unicodedata.name(character, "")
    shown = f"U+{point:04X}" + (f" {name}" if name else "")
    if point < 0x20 or 0x7F <= point <= 0x9F:
        return FieldError(
            param,
            "invalid_characters",
            f"Control characters are refused ({shown}); tab and line breaks are accepted only "
            "in multi-line fields.",
        )
    if 0xD800 <= point <= 0xDFFF:
        return FieldError(
            param,
            "invisible_characters",
            f"A lone surrogate ({shown}) is half of a \\u escape pair, not a character.",
        )
    return FieldError(
        param,
        "invisible_characters",
        f"Invisible and bidirectional formatting characters are refused ({shown}).",
    )


def nfc(value: str) -> str:
    """`value` in Unicode Normalization Form C: "é" as one code point, as letters print it."""
    return value if value.isascii() else unicodedata.normalize("NFC", value)


# A whole number typed in a form: ASCII digits only. `int()` also takes "٣" (Arabic-Indic),
# "３" (full width) and "1_000"; no one types those into an amount or a count on purpose.
_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


def whole_number(raw: str) -> int | None:
    """`raw` (surrounding spaces ignored) as a non-negative integer written in ASCII digits, or
    None for anything else."""
    text = raw.strip()
    return int(text) if _WHOLE_NUMBER.fullmatch(text) else None


def has_control_characters(value: str) -> bool:
    return CONTROL_CHARACTERS.search(value) is not None


def tainted(value: Any, where: str = "") -> tuple[str, str] | None:
    """The first string (or key) of a decoded JSON value that holds a character no text field
    takes, as (`param` of an error: `debtor.contacts[0].email`, the character); None when there
    is none."""
    if isinstance(value, str):
        character = refused_character(value)
        return (where, character) if character else None
    if isinstance(value, dict):
        for key, item in value.items():
            name = f"{where}.{key}" if where else str(key)
            if character := refused_character(str(key)):
                return name, character
            found = tainted(item, name)
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = tainted(item, f"{where}[{index}]")
            if found is not None:
                return found
    return None


def tainted_param(value: Any, where: str = "") -> str | None:
    """The `param` of `tainted`, or None."""
    found = tainted(value, where)
    return found[0] if found else None


# The EPC's basic Latin set (SEPA Credit Transfer rulebook): the only characters every bank of
# the scheme must take in a payout file. A name is transliterated into it (Ø → O, 数字 → Shu Zi);
# what has no Latin form (an emoji, `&`, `<`) becomes a space.
_OUTSIDE_EPC = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]")
EPC_NAME_LENGTH = 70


def epc_text(value: str | None, limit: int = EPC_NAME_LENGTH) -> str:
    """`value` in the EPC basic set, spaces collapsed, at most `limit` characters ("" when
    nothing of it can be written there)."""
    text = " ".join(_OUTSIDE_EPC.sub(" ", unidecode(value or "")).split())
    return text[:limit].rstrip()


# Unicode's explicit directional formatting characters: embeddings and overrides (LRE, RLE,
# PDF, LRO, RLO) and isolates (LRI, RLI, FSI, PDI). One of them in a stored name reorders
# everything after it where the name is shown ("Trojan Source", CVE-2021-42574): a letter's
# amount or date could read backwards. Names never need them; the Unicode bidi algorithm
# orders Arabic or Hebrew letters by itself.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def without_bidi_controls(value: str) -> str:
    """`value` without explicit directional formatting characters, so that nothing it holds
    can reorder the text around it in a letter, an e-mail or an SMS."""
    return _BIDI_CONTROLS.sub("", value)
