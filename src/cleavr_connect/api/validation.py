"""Checks shared by every endpoint's service: metadata limits, URLs, emails."""

from __future__ import annotations

import ipaddress
import re
from datetime import date
from typing import Annotated, Any
from urllib.parse import SplitResult, urlsplit

import pycountry
from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email
from pydantic import AfterValidator, BeforeValidator, Field, Strict, WithJsonSchema
from pydantic_core import PydanticCustomError

from cleavr_connect.errors import FieldError
from cleavr_connect.money import MAX_AMOUNT
from cleavr_connect.text import ONE_LINE, character_error, nfc, refused_character

# An amount as the API reads it: a JSON number (or a plain decimal string) with at most two
# decimals, up to 1,000,000,000.00. Any JSON value gets through pydantic, booleans and arrays
# included, so that `money.parse_amount` refuses it in the same pass as every other rule, with
# its `invalid_amount` code; the published schema says what is accepted.
AMOUNT_JSON_SCHEMA = {
    "anyOf": [
        {
            "type": "number",
            "multipleOf": 0.01,
            "minimum": -float(MAX_AMOUNT),
            "maximum": float(MAX_AMOUNT),
        },
        {"type": "string", "pattern": r"^-?(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$"},
    ],
    "examples": [5000.00],
}
Amount = Annotated[Any, WithJsonSchema(AMOUNT_JSON_SCHEMA)]
# An amount that must be more than zero (a commission quote, a payment).
POSITIVE_AMOUNT_JSON_SCHEMA = {
    "anyOf": [
        {**AMOUNT_JSON_SCHEMA["anyOf"][0], "minimum": 0.01},  # type: ignore[index]
        {
            "type": "string",
            "pattern": r"^(0\.(0[1-9]|[1-9][0-9]?)|[1-9][0-9]{0,9}(\.[0-9]{1,2})?)$",
        },
    ],
    "examples": [5000.00],
}
PositiveAmount = Annotated[Any, WithJsonSchema(POSITIVE_AMOUNT_JSON_SCHEMA)]

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _plain_day(value: Any) -> Any:
    # pydantic reads "2025-11-01T00:00:00" as a date, and a number as Unix seconds; a date with
    # a time part, or a timestamp, is not a date.
    if (isinstance(value, str) and not _DAY.fullmatch(value)) or isinstance(value, int | float):
        raise ValueError("Use a date as YYYY-MM-DD, without a time.")
    return value


# A calendar date, `YYYY-MM-DD` and nothing more.
Day = Annotated[date, BeforeValidator(_plain_day)]


def _whole(value: Any) -> Any:
    # JSON has one kind of number: `60.0` is the integer 60, as JSON Schema's `integer` says.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# An integer as JSON carries it: 60 or 60.0, never 60.5, "60" or true.
WholeNumber = Annotated[int, BeforeValidator(_whole), Strict()]
# A boolean as JSON carries it: true or false, never "no", "off", 0 or 1.
Flag = Annotated[bool, Strict()]


def _one_line(value: str) -> str:
    # The middleware has refused what no field takes (`text.refused_character`); what is left
    # to refuse here is a tab or a line break, which would split a name across a letter's lines.
    if character := refused_character(value, one_line=True):
        if character in "\t\n\r":
            raise PydanticCustomError(
                "invalid_characters", "A one-line field takes no tab or line break."
            )
        error = character_error("", character)
        raise PydanticCustomError(error.code, error.message)
    return nfc(value)


# A name, an address line, a title: one line of text, stored in NFC (docs/decisions.md).
Line = Annotated[str, AfterValidator(_one_line), Field(json_schema_extra={"pattern": ONE_LINE})]


def _not_blank(value: str) -> str:
    # A name of spaces only would address a letter to no one.
    if not value.strip():
        raise PydanticCustomError("missing", "Spaces alone are no name.")
    return value


# A name that must be given: one line with something besides spaces.
RequiredName = Annotated[
    Line,
    AfterValidator(_not_blank),
    Field(json_schema_extra={"pattern": "^(?=.*\\S)" + ONE_LINE[1:]}),
]
# Free text that may run over several lines (a description, a reason), stored in NFC.
Text = Annotated[str, AfterValidator(nfc)]


# The officially assigned ISO 3166-1 alpha-2 codes (pycountry's list): an address abroad is
# printed with its country on letters and decides the court of an injunction (CPC 1406), so a
# code that names no country (`UK`, `XK`, `ZZ`) would address a letter to nowhere.
COUNTRY_CODES: frozenset[str] = frozenset(country.alpha_2 for country in pycountry.countries)


def _country(value: str) -> str:
    code = value.upper() if value.isascii() else value
    if code not in COUNTRY_CODES:
        raise PydanticCustomError(
            "invalid_country", "Use an ISO 3166-1 alpha-2 country code, such as FR or BE."
        )
    return code


# A country, as its ISO 3166-1 alpha-2 code; any case is read, and kept upper-case.
Country = Annotated[
    str,
    AfterValidator(_country),
    WithJsonSchema(
        {
            "type": "string",
            "enum": sorted(COUNTRY_CODES),
            "description": "ISO 3166-1 alpha-2 country code (any case; kept upper-case).",
        }
    ),
]


MAX_METADATA_KEYS = 50
MAX_METADATA_KEY = 40
MAX_METADATA_VALUE = 500


def metadata_errors(metadata: dict[str, str] | None, param: str = "metadata") -> list[FieldError]:
    if metadata is None:
        return []
    errors = []
    if len(metadata) > MAX_METADATA_KEYS:
        errors.append(
            FieldError(param, "metadata_too_many_keys", f"At most {MAX_METADATA_KEYS} keys.")
        )
    for key, value in metadata.items():
        if not key or len(key) > MAX_METADATA_KEY:
            errors.append(
                FieldError(
                    f"{param}.{key}",
                    "metadata_key_invalid",
                    f"Keys are 1 to {MAX_METADATA_KEY} characters.",
                )
            )
        if len(value) > MAX_METADATA_VALUE:
            errors.append(
                FieldError(
                    f"{param}.{key}",
                    "metadata_value_too_long",
                    f"Values are at most {MAX_METADATA_VALUE} characters.",
                )
            )
    return errors


def email_error(value: str, param: str) -> FieldError | None:
    """RFC 5321/5322 syntax as email-validator reads it (no DNS lookup); `.test` domains are
    accepted for test data."""
    value = value.strip()
    if plainly_valid_email(value):
        return None
    try:
        validate_email(value, check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        return FieldError(param, "invalid_email", "Enter a valid email address.")
    return None


# An address every part of which email-validator accepts without a second look: dot-atoms of
# ASCII letters, digits and the other RFC 5322 atom characters before the @, and a host name of
# letter-digit-hyphen labels under an alphabetic top-level domain after it. Almost every real
# address is one; the library's full check (Unicode, IDNA, quoted parts, literals), about ten
# times the CPU, runs on the rest. `tests/api/test_email_syntax.py` holds the two to the same
# verdicts.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PLAIN_EMAIL = re.compile(rf"({_ATOM}(?:\.{_ATOM})*)@((?:{_LABEL}\.)+[A-Za-z]{{2,63}})", re.ASCII)
_SPECIAL_DOMAINS = tuple(name for name in SPECIAL_USE_DOMAIN_NAMES if name != "test")


def plainly_valid_email(value: str) -> bool:
    """Whether `value` is such an address (False: ask email-validator)."""
    found = _PLAIN_EMAIL.fullmatch(value)
    if found is None or len(value) > 254 or len(found[1]) > 64:
        return False
    domain = found[2].lower()
    # IDNA reserves "--" in a label's third and fourth places (punycode's "xn--" among them).
    if "--" in domain:
        return False
    return not any(
        domain == special or domain.endswith("." + special) for special in _SPECIAL_DOMAINS
    )


# A DNS name once in ASCII (IDNA): letters, digits, hyphens (and the underscores some real
# names carry), dot-separated; an absolute name may end with a dot.
_DNS_NAME = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?")


def _reachable_authority(parts: SplitResult) -> bool:
    """Whether the host and port could ever be connected to: a port from 1 to 65535, and an IP
    address or a DNS name (an IDN is fine, a space, `%00` or a 64-character label is not)."""
    try:
        port = parts.port
    except ValueError:  # not a number, or over 65535
        return False
    host = parts.hostname or ""
    if port == 0 or not host or "%" in host:
        return False
    if ":" in host:  # an IPv6 literal (a zone such as %25eth0 names no host on the Internet)
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return False
        return True
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:  # an empty label, a label over 63 characters, an invalid IDN
        return False
    return _DNS_NAME.fullmatch(ascii_host) is not None


def url_error(value: str, param: str, *, require_https: bool = False) -> FieldError | None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not _reachable_authority(parts):
        return FieldError(param, "invalid_url", "Enter an absolute http(s) URL.")
    loopback = parts.hostname in ("localhost", "127.0.0.1", "::1")
    if require_https and parts.scheme != "https" and not loopback:
        return FieldError(param, "insecure_url", "Live mode requires an https URL.")
    return None
