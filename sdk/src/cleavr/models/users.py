"""Users: the creditor businesses of a platform (SPEC §6)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, WrapValidator

from cleavr.models._base import CleavrObject, Money, lenient


class Address(CleavrObject):
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    postal_code: str | None = None
    country: str | None = None


class Company(CleavrObject):
    name: str | None = None
    siret: str | None = None
    vat_number: str | None = None
    address: Address = Field(default_factory=Address)
    website: str | None = None


class Contact(CleavrObject):
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    job_title: str | None = None


class UserPlatformData(CleavrObject):
    callback_url: str | None = None
    metadata: dict[str, str] = Field(default_factory=dict)


class Capabilities(CleavrObject):
    send_receivables: bool = False
    receive_payouts: bool = False


class RequirementError(CleavrObject):
    requirement: str
    code: str
    message: str


class Requirements(CleavrObject):
    currently_due: list[str] = Field(default_factory=list)
    pending_verification: list[str] = Field(default_factory=list)
    errors: list[RequirementError] = Field(default_factory=list)


class PayoutDetails(CleavrObject):
    iban_last4: str | None = None
    account_holder: str | None = None


UserStatus = Annotated[
    Literal["pending_onboarding", "under_review", "active", "rejected", "restricted"],
    WrapValidator(lenient),
]


class UserSettings(CleavrObject):
    payment_imputation: str | None = None
    """accessories_first or principal_first."""


class PaymentPlanPolicy(CleavrObject):
    max_instalments: int | None = None
    """The most monthly instalments a debtor's plan may have to be accepted without asking."""
    min_instalment_amount: Money | None = None
    auto_accept: bool | None = None
    """False: every plan waits for `receivables.accept_payment_plan` or `refuse_payment_plan`."""


class User(CleavrObject):
    id: str
    object: Literal["user"] = "user"
    email: str
    status: UserStatus
    company: Company = Field(default_factory=Company)
    contact: Contact = Field(default_factory=Contact)
    platform: UserPlatformData = Field(default_factory=UserPlatformData)
    payout: PayoutDetails = Field(default_factory=PayoutDetails)
    onboarding_url: str | None = None
    capabilities: Capabilities = Field(default_factory=Capabilities)
    requirements: Requirements = Field(default_factory=Requirements)
    settings: UserSettings = Field(default_factory=UserSettings)
    payment_plan_policy: PaymentPlanPolicy = Field(default_factory=PaymentPlanPolicy)
    livemode: bool
    created_at: datetime
    updated_at: datetime | None = None


class OnboardingStatus(CleavrObject):
    object: str = "onboarding_status"
    user_id: str
    status: UserStatus
    submitted_at: datetime | None = None
    decided_at: datetime | None = None
    requirements: Requirements = Field(default_factory=Requirements)
    onboarding_url: str | None = None


class OnboardingLink(CleavrObject):
    object: str = "onboarding_link"
    user_id: str
    url: str
    expires_at: datetime


class Me(CleavrObject):
    platform_id: str
    account_id: str
    livemode: bool
    scopes: list[str]
