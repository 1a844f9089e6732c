"""Text rules shared by every entry point (API, OAuth endpoints, hosted pages)."""

from __future__ import annotations

import re
from typing import Any

from text_unidecode import unidecode

# C0 controls (but tab, line feed, carriage return) and DEL: never meaningful in a name, an id or
# a query, and NUL cannot even be stored by PostgreSQL. Refused everywhere, on every database.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The same rule as a JSON Schema pattern (ECMA-262), for the OpenAPI document.
WITHOUT_CONTROL_CHARACTERS = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$"


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


def tainted_param(value: Any, where: str = "") -> str | None:
    """The first string (or key) of a decoded JSON value that holds a control character, named
    as an error's `param` (`debtor.contacts[0].email`); None when there is none."""
    if isinstance(value, str):
        return where if has_control_characters(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            name = f"{where}.{key}" if where else str(key)
            if has_control_characters(str(key)):
                return name
            found = tainted_param(item, name)
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = tainted_param(item, f"{where}[{index}]")
            if found is not None:
                return found
    return None


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
