"""The words hosted pages borrow from the services, put in the catalogue and translated here.

The services answer the API in English; on a page each message is looked up in the catalogue by
its English text, and the few that carry a number are matched by pattern. A message no entry
knows is shown as the service wrote it, so a new rule never shows an empty message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from babel import Locale as BabelLocale

from cleavr_connect import i18n
from cleavr_connect.errors import FieldError
from cleavr_connect.i18n import N_

# Field messages of accounts, onboarding and identifier checks (their English is the msgid).
FIELD_MESSAGES = (
    N_("Enter a valid email address."),
    N_("Use at most 1024 characters."),
    N_(
        "This password is too easy to guess (a common password, a word, a name or a "
        "pattern). Add words that have nothing to do with you."
    ),
    N_("Enter your name."),
    N_("An account already uses this email."),
    N_("Enter the company's name."),
    N_("Enter the SIRET."),
    N_("This was verified and cannot change."),
    N_("Enter the street address."),
    N_("Enter the city."),
    N_("Choose a country from the list."),
    N_("Enter the postal code."),
    N_("Enter a valid postal code."),
    N_("A French postal code has 5 digits."),
    N_("The company could not be verified."),
    N_("Enter a web address such as https://acme.fr."),
    N_("Enter the first name."),
    N_("Enter the last name."),
    N_("Enter the date of birth."),
    N_("Enter a date such as 1985-04-12."),
    N_("Check the year of birth."),
    N_("Enter a phone number."),
    N_("Enter the IBAN payouts go to."),
    N_("The bank returned a payout sent to this IBAN. Enter another IBAN."),
    N_("Enter the name the account is held in."),
    N_("Remove the invisible characters."),
    N_("Enter the account holder's name in letters."),
    N_("Accept the recovery mandate to continue."),
    N_("Accept the terms to continue."),
    N_("Enter a valid 14-digit SIRET (the checksum does not match)."),
    N_("Enter a valid French VAT number."),
    N_("This VAT number does not belong to the SIRET's company."),
    N_("Enter a valid IBAN (ISO 13616, mod 97)."),
    N_("Enter a valid phone number, e.g. +33 6 12 34 56 78."),
    N_("Too many failed sign-in attempts. Try again later."),
    N_("The email or password is incorrect."),
    N_("Your form expired. Please sign in again."),
    N_("Your form expired. Please try again."),
    N_("This form expired. Check the details and send it again."),
)

# Why an authorization request cannot even be answered to its redirect URI (oauth.authorization).
AUTHORIZATION_MESSAGES = (
    N_("The request must name exactly one client_id."),
    N_("This application is not registered with Cleavr."),
    N_("The request must carry exactly one redirect_uri."),
    N_("The redirect_uri is not one this application registered, so we will not send you there."),
)

# Messages with a number in them: the English pattern and the msgid it becomes.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^At most (?P<number>\d+) characters\.$"), N_("At most %(number)s characters.")),
    (
        re.compile(r"^Use at least (?P<number>\d+) characters\.$"),
        N_("Use at least %(number)s characters."),
    ),
    (
        re.compile(r"^The legal representative must be at least (?P<number>\d+) years old\.$"),
        N_("The legal representative must be at least %(number)s years old."),
    ),
)

# The onboarding steps and the scopes the consent page lists.
STEP_TITLES = (
    N_("Company"),
    N_("Legal representative"),
    N_("Identity document"),
    N_("Payout account"),
    N_("Review and accept"),
)
SCOPE_DESCRIPTIONS = (
    N_("See the businesses you registered for debt recovery"),
    N_("Register businesses for debt recovery and update their details"),
    N_("See your unpaid invoices and how their recovery is going"),
    N_("Send unpaid invoices to recovery and manage them"),
    N_("See the notifications sent about your recoveries"),
    N_("Choose where notifications about your recoveries are sent"),
    N_("See reports on amounts submitted and recovered"),
    N_("See the commission rates that apply to you"),
)


def message(locale: i18n.Locale, text: str) -> str:
    """One service message in `locale`."""
    for pattern, msgid in _PATTERNS:
        match = pattern.match(text)
        if match:
            return i18n.gettext(locale, msgid, number=match["number"])
    return i18n.gettext(locale, text)


def field_errors(locale: i18n.Locale, errors: Iterable[FieldError]) -> dict[str, str]:
    """The first message per field, translated (the page shows one message under each field)."""
    shown: dict[str, str] = {}
    for err in errors:
        shown.setdefault(err.param, message(locale, err.message))
    return shown


def country_names(locale: i18n.Locale, codes: Iterable[str]) -> dict[str, str]:
    """ISO 3166 codes → names in `locale` (from CLDR, through Babel)."""
    territories = BabelLocale.parse(i18n.BABEL_LOCALES[locale]).territories
    return {code: territories.get(code, code) for code in codes}
