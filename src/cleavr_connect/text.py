"""Text rules shared by every entry point (API, OAuth endpoints, hosted pages)."""

from __future__ import annotations

import re

# C0 controls (but tab, line feed, carriage return) and DEL: never meaningful in a name, an id or
# a query, and NUL cannot even be stored by PostgreSQL. Refused everywhere, on every database.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The same rule as a JSON Schema pattern (ECMA-262), for the OpenAPI document.
WITHOUT_CONTROL_CHARACTERS = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$"


def has_control_characters(value: str) -> bool:
    return CONTROL_CHARACTERS.search(value) is not None
