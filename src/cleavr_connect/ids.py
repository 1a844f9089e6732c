"""Prefixed random identifiers, in one place."""

from __future__ import annotations

import secrets
import string

_ALPHABET = string.ascii_letters + string.digits


def random_string(length: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def new_id(prefix: str, *, livemode: bool | None = None, length: int = 24) -> str:
    """`usr_clv_4f9a…`; in test mode the random part starts with `test_` (SPEC §2)."""
    body = random_string(length)
    if livemode is False:
        body = "test_" + body
    return f"{prefix}_{body}"


def request_id() -> str:
    return "req_" + random_string(20)
