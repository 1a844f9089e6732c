"""Typed request parameters (TypedDicts): what your editor completes and mypy checks.

Money accepts `Decimal` (recommended), `int` or a string such as `"5000.00"`; dates accept
`datetime.date` or `"YYYY-MM-DD"`.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from decimal import Decimal
from typing import BinaryIO, Literal, TypedDict

Money = Decimal | int | str
DateInput = date | str
TimeInput = datetime | date | str


class AddressParams(TypedDict, total=False):
    line1: str
    line2: str
    city: str
    postal_code: str
    country: str
    """ISO 3166-1 alpha-2, e.g. "FR"."""


class CompanyParams(TypedDict, total=False):
    name: str
    siret: str
    vat_number: str
    address: AddressParams
    website: str


class ContactParams(TypedDict, total=False):
    first_name: str
    last_name: str
    phone: str
    job_title: str


class UserPlatformParams(TypedDict, total=False):
    callback_url: str
    """Where hosted onboarding sends the person back (`?user_id=…&status=…`)."""
    metadata: dict[str, str]


class PaymentPlanPolicyParams(TypedDict, total=False):
    max_instalments: int
    min_instalment_amount: Money
    auto_accept: bool


class InvoiceParams(TypedDict, total=False):
    numbers: list[str]
    issue_date: DateInput
    due_date: DateInput
    service_description: str
    amount: Money
    """Tax included; must equal amount_before_tax + tax_amount."""
    amount_before_tax: Money
    tax_amount: Money
    currency: str
    payment_terms: str
    late_penalty_rate: Money
    """Annual %, else the legal rate applies."""


class DebtorContactParams(TypedDict, total=False):
    first_name: str
    last_name: str
    email: str
    phone: str
    job_title: str
    level: int
    """0 = primary contact, 1+ = escalation."""


class DebtorParams(TypedDict, total=False):
    company_name: str
    company_type: Literal["company", "individual"]
    siret: str
    vat_number: str
    address: AddressParams
    contacts: list[DebtorContactParams]


class RangeFilter(TypedDict, total=False):
    """`{"gte": …, "lte": …}`, sent as `created[gte]=…&created[lte]=…`. A `date` is the whole
    UTC day (`lte` includes it, `gt` is after it); a naive `datetime` is UTC."""

    gte: TimeInput
    gt: TimeInput
    lte: TimeInput
    lt: TimeInput


class FileParam(TypedDict):
    """A document to upload: its name, its bytes and its media type."""

    filename: str
    content: bytes
    content_type: str


# What an upload accepts: a path, the bytes, an open binary file, or a `FileParam` /
# `(filename, content, content_type)`. The media type is read from the content (PDF, JPEG,
# PNG, XML) when not given.
FileInput = str | os.PathLike[str] | bytes | BinaryIO | FileParam | tuple[str, bytes, str]
