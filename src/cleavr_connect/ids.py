"""Prefixed random identifiers, in one place."""

from __future__ import annotations

import secrets
import string

_ALPHABET = string.ascii_letters + string.digits


# Rejection sampling on random bytes: each of the 62 characters has exactly 4 of the byte values
# 0..247, the 8 others are dropped. One OS call and one C-level translate per string: cheap
# enough for every request id and every token.
_TO_CHAR = bytes(_ALPHABET.encode()[b % 62] if b < 248 else 0 for b in range(256))
_DROPPED = bytes(range(248, 256))


def random_string(length: int) -> str:
    """`length` characters drawn uniformly and independently from [A-Za-z0-9]."""
    chars = b""
    while len(chars) < length:
        chars += secrets.token_bytes(length + 8).translate(_TO_CHAR, _DROPPED)
    return chars[:length].decode()


def new_id(prefix: str, *, livemode: bool | None = None, length: int = 24) -> str:
    """`usr_clv_4f9a…`; in test mode the random part starts with `test_` (SPEC §2)."""
    body = random_string(length)
    if livemode is False:
        body = "test_" + body
    return f"{prefix}_{body}"


def request_id() -> str:
    return "req_" + random_string(20)
