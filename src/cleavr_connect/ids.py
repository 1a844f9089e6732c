"""Prefixed random identifiers, in one place."""

from __future__ import annotations

import secrets
import string

_ALPHABET = string.ascii_letters + string.digits


def random_string(length: int) -> str:
    # One call to the OS generator, then base62: as uniform as choosing each character, and
    # cheap enough to run on every request (request ids).
    number = int.from_bytes(secrets.token_bytes(length))  # 8 bits per char > log2(62)
    chars = []
    for _ in range(length):
        number, rem = divmod(number, 62)
        chars.append(_ALPHABET[rem])
    return "".join(chars)


def new_id(prefix: str, *, livemode: bool | None = None, length: int = 24) -> str:
    """`usr_clv_4f9a…`; in test mode the random part starts with `test_` (SPEC §2)."""
    body = random_string(length)
    if livemode is False:
        body = "test_" + body
    return f"{prefix}_{body}"


def request_id() -> str:
    return "req_" + random_string(20)
