"""`client.users`: create and manage your platform's users, and their onboarding (KYB)."""

from __future__ import annotations

from typing import Literal, Unpack

from cleavr._encoding import compact
from cleavr._request import RequestOptions, RequestSpec, model_parser
from cleavr._resource import M, Resource, endpoint, paginated
from cleavr.models.users import OnboardingLink, OnboardingStatus, Requirements, User
from cleavr.pagination import ListObject
from cleavr.params import (
    CompanyParams,
    ContactParams,
    PaymentPlanPolicyParams,
    UserPlatformParams,
)
from cleavr.resources._common import page_query, path

UserStatus = Literal["pending_onboarding", "under_review", "active", "rejected", "restricted"]


class Users(Resource[M]):
    @endpoint
    def create(
        self,
        *,
        email: str,
        company: CompanyParams | None = None,
        contact: ContactParams | None = None,
        platform: UserPlatformParams | None = None,
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[User]:
        """Registers a creditor business; it starts `pending_onboarding` with an
        `onboarding_url` where it completes KYB."""
        body = compact(
            {"email": email, "company": company, "contact": contact, "platform": platform}
        )
        return RequestSpec("POST", "/v1/users", model_parser(User), json=body, options=options)

    @endpoint
    def retrieve(self, user_id: str, **options: Unpack[RequestOptions]) -> RequestSpec[User]:
        return RequestSpec(
            "GET", path("/v1/users/{}", user_id), model_parser(User), options=options
        )

    @endpoint
    def update(
        self,
        user_id: str,
        *,
        email: str | None = None,
        company: CompanyParams | None = None,
        contact: ContactParams | None = None,
        platform: UserPlatformParams | None = None,
        payment_plan_policy: PaymentPlanPolicyParams | None = None,
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[User]:
        """Changes the given fields only; `platform.metadata` keys merge, an empty value
        removes a key; `payment_plan_policy` fields given change, the others stay."""
        body = compact(
            {
                "email": email,
                "company": company,
                "contact": contact,
                "platform": platform,
                "payment_plan_policy": payment_plan_policy,
            }
        )
        return RequestSpec(
            "PATCH", path("/v1/users/{}", user_id), model_parser(User), json=body, options=options
        )

    @paginated
    def list(
        self,
        *,
        status: UserStatus | None = None,
        email: str | None = None,
        limit: int | None = None,
        starting_after: str | None = None,
        ending_before: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[ListObject[User]]:
        """Newest first. Iterating the result walks every page."""
        query = page_query(limit, starting_after, ending_before, status=status, email=email)
        return RequestSpec(
            "GET", "/v1/users", model_parser(ListObject[User]), query=query, options=options
        )

    @endpoint
    def onboarding_status(
        self, user_id: str, **options: Unpack[RequestOptions]
    ) -> RequestSpec[OnboardingStatus]:
        return RequestSpec(
            "GET",
            path("/v1/users/{}/onboarding-status", user_id),
            model_parser(OnboardingStatus),
            options=options,
        )

    @endpoint
    def requirements(
        self, user_id: str, **options: Unpack[RequestOptions]
    ) -> RequestSpec[Requirements]:
        return RequestSpec(
            "GET",
            path("/v1/users/{}/requirements", user_id),
            model_parser(Requirements),
            options=options,
        )

    @endpoint
    def onboarding_link(
        self, user_id: str, **options: Unpack[RequestOptions]
    ) -> RequestSpec[OnboardingLink]:
        """A fresh single-use onboarding link (24 h); earlier unused links stop working."""
        return RequestSpec(
            "POST",
            path("/v1/users/{}/onboarding_link", user_id),
            model_parser(OnboardingLink),
            options=options,
        )
