"""The quick check of plain addresses (`api.validation.plainly_valid_email`) never accepts what
email-validator refuses, and what it passes on to email-validator gets the library's verdict."""

from __future__ import annotations

import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from cleavr_connect.api.validation import email_error, plainly_valid_email


def _library_accepts(value: str) -> bool:
    try:
        validate_email(value, check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        return False
    return True


# Near misses of the plain shape: each is decided by the library.
TRICKY = [
    "jean.dupont@example.com",
    "contact+factures@sarl-martin.fr",
    "o'brien@example.co.uk",
    "x@y.test",
    "a@b",
    "a@localhost",
    "a@mail.local",
    "a@hidden.onion",
    "a@1.2.3.4",
    "a@[127.0.0.1]",
    "a@b.c0m",
    "a@b.123",
    "a@-b.fr",
    "a@b-.fr",
    "a@ab--cd.fr",
    "a@xn--bcher-kva.ch",
    "a@bücher.ch",
    "é@b.fr",
    ".a@b.fr",
    "a.@b.fr",
    "a..b@b.fr",
    '"a b"@b.fr',
    "a@b..fr",
    "a@b.fr.",
    "a@" + "b" * 64 + ".fr",
    "a@" + "b" * 63 + ".fr",
    "a" * 65 + "@b.fr",
    "a" * 64 + "@b.fr",
    "a@" + ".".join(["b" * 60] * 4) + ".fr",
    "a@b_c.fr",
    "a@B.FR",
    "a@b.arpa",
    "a@in-addr.arpa",
    "",
    "@b.fr",
    "a@",
]


@pytest.mark.parametrize("value", TRICKY)
def test_the_quick_check_agrees_with_email_validator(value: str) -> None:
    if plainly_valid_email(value):
        assert _library_accepts(value)
    assert (email_error(value, "email") is None) == _library_accepts(value.strip())


_ATOM = st.from_regex(r"\A[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,70}\Z")
_HOST = st.from_regex(r"\A[A-Za-z0-9.-]{1,80}\Z")
_TLD = st.from_regex(r"\A[A-Za-z0-9-]{1,8}\Z")


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(local=_ATOM, host=_HOST, tld=_TLD)
def test_no_address_the_quick_check_accepts_is_refused_by_email_validator(
    local: str, host: str, tld: str
) -> None:
    value = f"{local}@{host}.{tld}"
    if plainly_valid_email(value):
        assert _library_accepts(value), value
    assert (email_error(value, "email") is None) == _library_accepts(value)
