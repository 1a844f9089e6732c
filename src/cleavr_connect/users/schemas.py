"""The users API in and out (SPEC §6). Unknown fields are refused, so typos surface as 400s."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from cleavr_connect.api.validation import Amount, Country, Flag, Line, WholeNumber
from cleavr_connect.errors import FieldError
from cleavr_connect.events.payloads import describe
from cleavr_connect.money import Money

if TYPE_CHECKING:
    from cleavr_connect.web.handlers import RefusedBody

Status = Literal["pending_onboarding", "under_review", "active", "rejected", "restricted"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AddressIn(_In):
    line1: Line | None = Field(None, max_length=200)
    line2: Line | None = Field(None, max_length=200)
    city: Line | None = Field(None, max_length=100)
    postal_code: Line | None = Field(None, max_length=20)
    country: Country | None = None


class CompanyIn(_In):
    name: Line | None = Field(None, max_length=200)
    siret: Line | None = Field(None, max_length=20, description="14 digits, checked with Luhn")
    vat_number: Line | None = Field(None, max_length=20, description="French VAT, key checked")
    address: AddressIn | None = None
    website: str | None = Field(None, max_length=300)


class ContactIn(_In):
    first_name: Line | None = Field(None, max_length=100)
    last_name: Line | None = Field(None, max_length=100)
    phone: Line | None = Field(None, max_length=30, description="Stored in E.164")
    job_title: Line | None = Field(None, max_length=100)


class PlatformIn(_In):
    callback_url: str | None = Field(
        None, max_length=2000, description="Where hosted onboarding sends the person back."
    )
    metadata: dict[str, str] | None = Field(
        None, description="Up to 50 keys (≤ 40 chars) with string values (≤ 500 chars)."
    )


class UserCreate(_In):
    email: str = Field(max_length=320, description="The business's contact email.")
    company: CompanyIn | None = None
    contact: ContactIn | None = None
    platform: PlatformIn | None = None

    @classmethod
    async def domain_errors(cls, body: RefusedBody) -> list[FieldError]:
        """The rules beyond the schema, for a body the schema refused."""
        from cleavr_connect.users.refused import creation_errors

        return await creation_errors(body)


class SettingsIn(_In):
    payment_imputation: Literal["accessories_first", "principal_first"] | None = Field(
        None,
        description="How the user's claims impute partial payments: `accessories_first` (the "
        "law's default, Code civil 1343-1: penalties/interest, the €40, then principal) or "
        "`principal_first` when the user's contract says so. Applies to claims submitted after.",
    )


class PaymentPlanPolicyIn(_In):
    max_instalments: WholeNumber | None = Field(
        None, description="The most monthly instalments accepted without asking (2 to 12)"
    )
    min_instalment_amount: Amount | None = Field(
        None, description="The smallest instalment accepted without asking (EUR)"
    )
    auto_accept: Flag | None = Field(
        None,
        description="Accept a plan within the policy at once; false: every plan waits for "
        "`POST /v1/receivables/{id}/payment_plan/accept|refuse`",
    )


class UserUpdate(_In):
    email: str | None = Field(None, max_length=320)
    company: CompanyIn | None = None
    contact: ContactIn | None = None
    platform: PlatformIn | None = None
    settings: SettingsIn | None = None
    payment_plan_policy: PaymentPlanPolicyIn | None = Field(
        None, description="Fields given change; the others keep their value"
    )

    @classmethod
    async def domain_errors(cls, body: RefusedBody) -> list[FieldError]:
        """The rules beyond the schema, for a body the schema refused."""
        from cleavr_connect.users.refused import update_errors

        return await update_errors(body)


class Settings(BaseModel):
    payment_imputation: Literal["accessories_first", "principal_first"]


class Address(BaseModel):
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    postal_code: str | None = None
    country: str | None = None


class Company(BaseModel):
    name: str | None = None
    siret: str | None = None
    vat_number: str | None = None
    address: Address = Field(default_factory=Address)
    website: str | None = None


class Contact(BaseModel):
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    job_title: str | None = None


class PlatformData(BaseModel):
    callback_url: str | None = None
    metadata: dict[str, str] = Field(default_factory=dict)


class Capabilities(BaseModel):
    send_receivables: bool = Field(description="True only when the user is active.")
    receive_payouts: bool


class RequirementError(BaseModel):
    requirement: str
    code: str
    message: str


class Requirements(BaseModel):
    currently_due: list[str]
    pending_verification: list[str]
    errors: list[RequirementError]


class Payout(BaseModel):
    iban_last4: str | None = None
    account_holder: str | None = None


class PaymentPlanPolicy(BaseModel):
    max_instalments: int = Field(description="Default 6")
    min_instalment_amount: Money = Field(description="Default 50.00")
    auto_accept: bool = Field(description="Default true")


class UserOut(BaseModel):
    id: str
    object: Literal["user"] = "user"
    email: str
    status: Status
    company: Company
    contact: Contact
    platform: PlatformData
    payout: Payout
    onboarding_url: str | None = Field(
        description="The single-use onboarding link, in the response that creates the user only "
        "(null in later reads and in events: it redeems for whoever holds it)."
    )
    capabilities: Capabilities
    requirements: Requirements
    settings: Settings
    payment_plan_policy: PaymentPlanPolicy = Field(
        description="The payment plans the user's debtors may agree from the portal without "
        "the platform's decision (2 to 12 monthly instalments are proposed)"
    )
    livemode: bool
    created_at: str
    updated_at: str


describe(
    UserOut,
    "user.created",
    "user.updated",
    "user.onboarding.completed",
    "user.onboarding.rejected",
    "user.requirements.updated",
)


class UserList(BaseModel):
    object: Literal["list"] = "list"
    data: list[UserOut]
    has_more: bool
    url: str


class OnboardingStatus(BaseModel):
    object: Literal["onboarding_status"] = "onboarding_status"
    user_id: str
    status: Status
    submitted_at: str | None
    decided_at: str | None
    requirements: Requirements
    onboarding_url: None = Field(
        None, description="Always null: links are shown once; ask `onboarding_link` for a new one."
    )


class OnboardingLinkOut(BaseModel):
    object: Literal["onboarding_link"] = "onboarding_link"
    user_id: str
    url: str
    expires_at: str


class VerifyIn(_In):
    outcome: Literal["approved", "rejected"]
