"""French business identifiers, IBANs and phone numbers, checked with well-kept libraries."""

from __future__ import annotations

import phonenumbers
from stdnum import iban as iban_rules
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren as siren_rules
from stdnum.fr import siret as siret_rules
from stdnum.fr import tva as tva_rules

from cleavr_connect.errors import FieldError


def clean_siret(value: str, param: str) -> tuple[str | None, FieldError | None]:
    """Luhn with La Poste's exception (stdnum knows it); returns the compact form."""
    try:
        return siret_rules.validate(value), None
    except StdnumError:
        return None, FieldError(
            param, "invalid_siret", "Enter a valid 14-digit SIRET (the checksum does not match)."
        )


def clean_vat(value: str, param: str, siret: str | None) -> tuple[str | None, FieldError | None]:
    """A French VAT number whose key matches the SIREN of the SIRET, when both are given; or
    another EU member state's, checked with that state's rules."""
    compact_other = "".join(value.split()).replace(".", "").upper()
    if compact_other[:2].isalpha() and compact_other[:2] != "FR":
        from stdnum.eu import vat as eu_vat

        if eu_vat.is_valid(compact_other):
            return eu_vat.compact(compact_other), None
        return None, FieldError(param, "invalid_vat_number", "Enter a valid EU VAT number.")
    try:
        compact = tva_rules.validate(value)
    except StdnumError:
        return None, FieldError(param, "invalid_vat_number", "Enter a valid French VAT number.")
    compact = compact.removeprefix("FR")
    # The last nine characters are the SIREN (older numbers may carry letters in the key).
    if siret and compact[2:].isdigit() and compact[2:] != siret[:9]:
        return None, FieldError(
            param, "vat_number_mismatch", "This VAT number does not belong to the SIRET's company."
        )
    return "FR" + compact, None


def vat_for_siren(siren: str) -> str:
    return "FR" + siren_rules.to_tva(siren)


def clean_iban(value: str, param: str) -> tuple[str | None, FieldError | None]:
    try:
        return iban_rules.validate(value), None
    except StdnumError:
        return None, FieldError(param, "invalid_iban", "Enter a valid IBAN (ISO 13616, mod 97).")


def clean_phone(value: str, param: str) -> tuple[str | None, FieldError | None]:
    """Any valid number, French by default; stored as E.164."""
    try:
        number = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        return None, FieldError(
            param, "invalid_phone", "Enter a valid phone number, e.g. +33 6 12 34 56 78."
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None
