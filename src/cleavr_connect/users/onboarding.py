"""Hosted onboarding (KYB), one function per step (SPEC §6); the link and session that open it are
in `onboarding_access`.

The person who opens `onboarding_url` acts for Cleavr's KYB, not for a platform, so users are
loaded by id from the signed onboarding session rather than through an owner. Each step validates
every field at once and raises one `ValidationError` whose params are the form's field names, so
the page can show each message next to its field. A saved step writes the user and its events in
the request's transaction.
"""

from __future__ import annotations

import copy
import re
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect import storage
from cleavr_connect.api.validation import url_error
from cleavr_connect.errors import FieldError, ValidationError
from cleavr_connect.events import service as events
from cleavr_connect.i18n import N_
from cleavr_connect.models import StoredFile, User
from cleavr_connect.runtime import Runtime
from cleavr_connect.text import epc_text, nfc, refused_character
from cleavr_connect.users import requirements, service
from cleavr_connect.users.validation import clean_iban, clean_phone, clean_siret, clean_vat

# (slug, title): the order of the hosted steps; each slug is also its path.
STEPS = (
    ("company", "Company"),
    ("representative", "Legal representative"),
    ("document", "Identity document"),
    ("payout", "Payout account"),
    ("review", "Review and accept"),
)
# Which step provides each requirement (SPEC §6 names).
REQUIREMENT_STEPS = {
    "company.name": "company",
    "company.siret": "company",
    "company.address": "company",
    "representative.name": "representative",
    "representative.identity_document": "document",
    "payout.iban": "payout",
    "terms.mandate": "review",
    "terms.service": "review",
}
REQUIREMENT_LABELS = {
    "company.name": "the company's legal name",
    "company.siret": "the SIRET",
    "company.address": "the registered address",
    "representative.name": "the legal representative",
    "representative.identity_document": "an identity document",
    "payout.iban": "the payout IBAN",
    "terms.mandate": "the recovery mandate",
    "terms.service": "the terms of service",
}

COMPANY_FIELDS = (
    "name",
    "siret",
    "vat_number",
    "line1",
    "line2",
    "city",
    "postal_code",
    "country",
    "website",
)
REPRESENTATIVE_FIELDS = ("first_name", "last_name", "date_of_birth", "phone", "job_title")
PAYOUT_FIELDS = ("iban", "account_holder")

# Where a French business's registered office can be, and its SEPA neighbours.
COUNTRIES = {
    "FR": "France",
    "MC": "Monaco",
    "BE": "Belgium",
    "LU": "Luxembourg",
    "CH": "Switzerland",
    "DE": "Germany",
    "ES": "Spain",
    "IT": "Italy",
    "NL": "Netherlands",
    "PT": "Portugal",
    "AT": "Austria",
    "IE": "Ireland",
    "GB": "United Kingdom",
}
_POSTAL_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$")
# A public web address: a host with a dot in it, no spaces anywhere.
_WEBSITE = re.compile(r"^https?://[^\s/?#@]+\.[^\s/?#@]+(?:[/?#]\S*)?$", re.IGNORECASE)
ADULT_AGE = 18


# --------------------------------------------------------------------------- prefill


def company_values(user: User) -> dict[str, str]:
    company = user.company or {}
    address = company.get("address") or {}
    values = {k: company.get(k) or "" for k in ("name", "siret", "vat_number", "website")}
    values.update({k: address.get(k) or "" for k in ("line1", "line2", "city", "postal_code")})
    values["country"] = address.get("country") or "FR"
    return values


def representative_values(user: User) -> dict[str, str]:
    # The platform's contact is the best first guess for the representative.
    merged = {**(user.contact or {}), **(user.representative or {})}
    return {k: merged.get(k) or "" for k in REPRESENTATIVE_FIELDS}


def payout_values(user: User) -> dict[str, str]:
    # The IBAN is never sent back to the browser, only its last digits (see the template).
    holder = user.payout_account_holder or (user.company or {}).get("name") or ""
    return {"iban": "", "account_holder": holder}


def missing_before_review(user: User) -> list[tuple[str, str, str]]:
    """(requirement, label, step) of what the steps before the review still owe, in step order.

    Beyond the API's requirements, the form wants the representative's birth date and phone:
    the names alone may come prefilled from the platform's contact."""
    due = requirements.currently_due(user)
    missing = [(r, REQUIREMENT_LABELS[r], REQUIREMENT_STEPS[r]) for r in due]
    rep = user.representative or {}
    if "representative.name" not in due and not (rep.get("date_of_birth") and rep.get("phone")):
        label = "the legal representative's date of birth and phone"
        missing.append(("representative.details", label, "representative"))
    order = [slug for slug, _ in STEPS]
    return sorted((m for m in missing if m[2] != "review"), key=lambda m: order.index(m[2]))


def step_done(user: User) -> dict[str, bool]:
    owed = {step for _, _, step in missing_before_review(user)}
    return {slug: slug not in owed and slug != "review" for slug, _ in STEPS}


# --------------------------------------------------------------------------- saving


def _text(
    values: dict[str, str],
    field: str,
    errors: list[FieldError],
    *,
    max_length: int,
    required: str | None = None,
) -> str | None:
    """The trimmed value, or None when empty; `required` is the message when it must be given."""
    value = " ".join((values.get(field) or "").split())
    if not value:
        if required:
            errors.append(FieldError(field, "required", required))
        return None
    if len(value) > max_length:
        errors.append(FieldError(field, "too_long", f"At most {max_length} characters."))
    elif refused_character(value, one_line=True):
        # Nobody types one; PostgreSQL could not store a NUL, a bank file refuses them, and a
        # bidirectional override would show the name reversed on letters.
        errors.append(FieldError(field, "invalid_characters", "Remove the invisible characters."))
    return nfc(value)


async def _record(
    session: AsyncSession,
    rt: Runtime,
    type_: str,
    user: User,
    previous: dict[str, Any] | None = None,
) -> None:
    await events.record(
        session,
        type_,
        owner=service.owner_of(user),
        obj=await service.render(session, rt, user),
        previous_attributes=previous,
        now=rt.clock.now(),
    )


def _snapshot(user: User) -> dict[str, Any]:
    return copy.deepcopy(service.as_object(user, None))


async def _saved(session: AsyncSession, rt: Runtime, user: User, before: dict[str, Any]) -> None:
    """Stamps the change and records what the platform can observe of it."""
    user.updated_at = rt.clock.now()
    await session.flush()
    after = service.as_object(user, None)
    ignored = ("updated_at", "onboarding_url")
    previous = {k: before[k] for k in after if k not in ignored and after[k] != before[k]}
    if previous:
        await _record(session, rt, "user.updated", user, previous)
    if after["requirements"] != before["requirements"]:
        await _record(session, rt, "user.requirements.updated", user)


async def save_company(
    session: AsyncSession, rt: Runtime, user: User, values: dict[str, str]
) -> None:
    errors: list[FieldError] = []
    current = dict(user.company or {})
    name = _text(values, "name", errors, max_length=200, required="Enter the company's name.")
    siret: str | None = None
    raw_siret = _text(values, "siret", errors, max_length=20, required="Enter the SIRET.")
    if raw_siret:
        siret, err = clean_siret(raw_siret, "siret")
        errors.extend([err] if err else [])
    vat: str | None = None
    raw_vat = _text(values, "vat_number", errors, max_length=20)
    if raw_vat:
        vat, err = clean_vat(raw_vat, "vat_number", siret)
        errors.extend([err] if err else [])
    if user.onboarding_submitted_at is not None:
        # As for PATCH /v1/users: identifiers verified at a previous submission stay.
        for field, new in (("siret", siret), ("vat_number", vat)):
            if current.get(field) and new and new != current.get(field):
                errors.append(
                    FieldError(field, "field_locked", "This was verified and cannot change.")
                )
    line1 = _text(values, "line1", errors, max_length=200, required="Enter the street address.")
    line2 = _text(values, "line2", errors, max_length=200)
    city = _text(values, "city", errors, max_length=100, required="Enter the city.")
    country = (values.get("country") or "").strip().upper()
    if country not in COUNTRIES:
        errors.append(FieldError("country", "invalid_country", "Choose a country from the list."))
    postal = _text(values, "postal_code", errors, max_length=20, required="Enter the postal code.")
    if postal and country == "FR" and not (postal.isdigit() and len(postal) == 5):
        errors.append(
            FieldError("postal_code", "invalid_postal_code", "A French postal code has 5 digits.")
        )
    elif postal and not _POSTAL_CODE.match(postal):
        errors.append(
            FieldError("postal_code", "invalid_postal_code", "Enter a valid postal code.")
        )
    website = _text(values, "website", errors, max_length=300)
    if website:
        if "://" not in website:
            website = "https://" + website
        if url_error(website, "website") or not _WEBSITE.match(website):
            errors.append(
                FieldError("website", "invalid_url", "Enter a web address such as https://acme.fr.")
            )
    if errors:
        raise ValidationError(errors)
    before = _snapshot(user)
    address = {"line1": line1, "line2": line2, "city": city, "postal_code": postal}
    user.company = {
        **current,
        "name": name,
        "siret": siret,
        "vat_number": vat,
        "website": website,
        "address": {**(current.get("address") or {}), **address, "country": country},
    }
    await _saved(session, rt, user, before)


def _birth_date(value: str) -> date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


async def save_representative(
    session: AsyncSession, rt: Runtime, user: User, values: dict[str, str]
) -> None:
    errors: list[FieldError] = []
    first = _text(values, "first_name", errors, max_length=100, required="Enter the first name.")
    last = _text(values, "last_name", errors, max_length=100, required="Enter the last name.")
    born: date | None = None
    raw_birth = _text(
        values, "date_of_birth", errors, max_length=10, required="Enter the date of birth."
    )
    if raw_birth:
        born = _birth_date(raw_birth)
        today = rt.clock.now().date()
        if born is None:
            errors.append(
                FieldError("date_of_birth", "invalid_date", "Enter a date such as 1985-04-12.")
            )
        elif _age(born, today) < ADULT_AGE:
            errors.append(
                FieldError(
                    "date_of_birth",
                    "too_young",
                    f"The legal representative must be at least {ADULT_AGE} years old.",
                )
            )
        elif _age(born, today) > 120:
            errors.append(FieldError("date_of_birth", "invalid_date", "Check the year of birth."))
    phone: str | None = None
    raw_phone = _text(values, "phone", errors, max_length=30, required="Enter a phone number.")
    if raw_phone:
        phone, err = clean_phone(raw_phone, "phone")
        errors.extend([err] if err else [])
    job_title = _text(values, "job_title", errors, max_length=100)
    if errors:
        raise ValidationError(errors)
    before = _snapshot(user)
    user.representative = {
        **(user.representative or {}),
        "first_name": first,
        "last_name": last,
        "date_of_birth": born.isoformat() if born else None,
        "phone": phone,
        "job_title": job_title,
    }
    await _saved(session, rt, user, before)


# What the onboarding page says of an identity document of another type (the API's words name
# the kinds an endpoint takes); any other refusal says storage's message, translated on the page.
DOCUMENT_TYPES_RULE = N_("Upload a PDF, JPEG or PNG file.")


async def identity_document(session: AsyncSession, user: User) -> StoredFile | None:
    if user.identity_document_id is None:
        return None
    return await session.get(StoredFile, user.identity_document_id)


async def save_document(
    session: AsyncSession, rt: Runtime, user: User, data: bytes, filename: str | None
) -> StoredFile:
    try:
        stored = await storage.store(
            rt.settings,
            data,
            user_id=user.id,
            livemode=user.livemode,
            purpose="identity_document",
            original_name=filename,
            now=rt.clock.now(),
        )
    except storage.UploadRejected as exc:
        message = exc.on_page(DOCUMENT_TYPES_RULE)
        raise ValidationError([FieldError("document", exc.code, message)]) from exc
    before = _snapshot(user)
    session.add(stored)
    user.identity_document_id = stored.id
    await _saved(session, rt, user, before)
    return stored


async def save_payout(
    session: AsyncSession, rt: Runtime, user: User, values: dict[str, str]
) -> None:
    errors: list[FieldError] = []
    iban: str | None = None
    raw_iban = _text(values, "iban", errors, max_length=50)
    if raw_iban:
        iban, err = clean_iban(raw_iban, "iban")
        errors.extend([err] if err else [])
    elif user.payout_iban_encrypted is None:
        errors.append(FieldError("iban", "required", "Enter the IBAN payouts go to."))
    holder = _text(
        values,
        "account_holder",
        errors,
        max_length=200,
        required="Enter the name the account is held in.",
    )
    if holder and not errors and not epc_text(holder):
        # The bank file writes names in Latin letters (SEPA): an emoji-only name cannot go.
        errors.append(
            FieldError("account_holder", "invalid", "Enter the account holder's name in letters.")
        )
    if errors:
        raise ValidationError(errors)
    before = _snapshot(user)
    if iban:
        # Encrypted at rest; the last four digits are what anyone is ever shown again.
        user.payout_iban_encrypted = rt.keys.encrypt(iban)
        user.payout_iban_last4 = iban[-4:]
    user.payout_account_holder = holder
    await _saved(session, rt, user, before)


async def submit(
    session: AsyncSession, rt: Runtime, user: User, *, accept_mandate: bool, accept_terms: bool
) -> User:
    """Accepting the mandate and the terms ends the form; review starts (and in test mode, the
    decision is taken at once by `service.submit_onboarding`)."""
    errors: list[FieldError] = []
    if not accept_mandate:
        errors.append(
            FieldError("accept_mandate", "required", "Accept the recovery mandate to continue.")
        )
    if not accept_terms:
        errors.append(FieldError("accept_terms", "required", "Accept the terms to continue."))
    for requirement, label, _ in missing_before_review(user):
        errors.append(
            FieldError(requirement, "requirement_missing", f"Add {label} before submitting.")
        )
    if errors:
        raise ValidationError(errors)
    now = rt.clock.now()
    user.mandate_accepted_at = now
    user.terms_accepted_at = now
    # Emits user.updated and user.requirements.updated with the final state.
    return await service.submit_onboarding(session, rt, user)
