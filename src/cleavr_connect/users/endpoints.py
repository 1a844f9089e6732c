from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from cleavr_connect.api.deps import OwnerDep, TestModeOnly
from cleavr_connect.api.openapi import ERROR_RESPONSES
from cleavr_connect.api.pagination import Page
from cleavr_connect.api.routing import Exact, ShapedRoute, reads_row
from cleavr_connect.auth.dependencies import requires
from cleavr_connect.clock import isoformat
from cleavr_connect.scopes import Scope
from cleavr_connect.users import repository, requirements, service
from cleavr_connect.users.schemas import (
    OnboardingLinkOut,
    OnboardingStatus,
    Requirements,
    Status,
    UserCreate,
    UserList,
    UserOut,
    UserUpdate,
    VerifyIn,
)
from cleavr_connect.web.deps import RuntimeDep, SessionDep

router = APIRouter(route_class=ShapedRoute, prefix="/v1", tags=["Users"], responses=ERROR_RESPONSES)

UsersRead = [requires(Scope.USERS_READ)]
UsersWrite = [requires(Scope.USERS_WRITE)]


@router.post("/users", response_model=UserOut, dependencies=UsersWrite, summary="Create a user")
async def create_user(
    body: UserCreate, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """Registers a creditor business. It starts `pending_onboarding` with a single-use
    `onboarding_url` (valid 24 h) where the business completes KYB. The link is shown in this
    response only: reads and events carry `onboarding_url: null`; `onboarding_link` issues a
    new one."""
    user, url = await service.create(session, rt, owner, body)
    return service.as_object(user, url)


@router.get("/users", response_model=UserList, dependencies=UsersRead, summary="List users")
async def list_users(
    request: Request,
    owner: OwnerDep,
    session: SessionDep,
    rt: RuntimeDep,
    page: Page,
    status: Annotated[Status | None, Query(description="Only users in this status.")] = None,
    email: Annotated[str | None, Query(description="Only users with this email.")] = None,
) -> dict[str, Any]:
    """Newest first, with cursor pagination (`starting_after`, `ending_before`)."""
    result = await repository.list_page(
        session, owner, page, status=status, email=email.strip().lower() if email else None
    )
    data = await service.render_many(session, rt, result.items)
    return {"object": "list", "data": data, "has_more": result.has_more, "url": "/v1/users"}


@router.get(
    "/users/{user_id}", response_model=UserOut, dependencies=UsersRead, summary="Get a user"
)
@reads_row(repository.BY_ID, "user_id")
async def get_user(user_id: str, owner: OwnerDep, session: SessionDep, rt: RuntimeDep) -> Exact:
    """A user of your platform, account and mode; any other id is a 404."""
    user = await service.get(session, owner, user_id)
    return Exact(service.exact(await service.render(session, rt, user)))


@router.patch(
    "/users/{user_id}", response_model=UserOut, dependencies=UsersWrite, summary="Update a user"
)
async def update_user(
    user_id: str, body: UserUpdate, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """Updates the given fields only. `platform.metadata` keys merge; an empty value removes a
    key. The SIRET and VAT number cannot change once onboarding was submitted. Past onboarding
    (any status but `pending_onboarding`), the company's name, SIRET and address (`line1`,
    `city`, `postal_code`, `country`) can be corrected, not emptied: null or blank is 400
    `required` naming the field."""
    user = await service.update(session, rt, owner, user_id, body)
    return await service.render(session, rt, user)


@router.get(
    "/users/{user_id}/onboarding-status",
    response_model=OnboardingStatus,
    dependencies=UsersRead,
    summary="Onboarding status",
)
async def onboarding_status(
    user_id: str, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """Where the user is in KYB: status, submission and decision times, requirements."""
    user = await service.get(session, owner, user_id)
    return {
        "object": "onboarding_status",
        "user_id": user.id,
        "status": user.status,
        "submitted_at": isoformat(user.onboarding_submitted_at)
        if user.onboarding_submitted_at
        else None,
        "decided_at": isoformat(user.decided_at) if user.decided_at else None,
        "requirements": requirements.compute(user),
        "onboarding_url": None,
    }


@router.get(
    "/users/{user_id}/requirements",
    response_model=Requirements,
    dependencies=UsersRead,
    summary="Requirements",
)
async def user_requirements(user_id: str, owner: OwnerDep, session: SessionDep) -> dict[str, Any]:
    """What is still due, what is being verified, and what review found wrong."""
    return requirements.compute(await service.get(session, owner, user_id))


@router.post(
    "/users/{user_id}/onboarding_link",
    response_model=OnboardingLinkOut,
    dependencies=UsersWrite,
    summary="New onboarding link",
)
async def onboarding_link(
    user_id: str, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """A fresh single-use link (24 h); earlier unused links stop working."""
    user, url, expires_at = await service.new_onboarding_link(session, rt, owner, user_id)
    return {
        "object": "onboarding_link",
        "user_id": user.id,
        "url": url,
        "expires_at": isoformat(expires_at),
    }


@router.post(
    "/test_helpers/users/{user_id}/verify",
    response_model=UserOut,
    dependencies=[requires(Scope.RECEIVABLES_WRITE), TestModeOnly],
    tags=["Test helpers"],
    summary="Decide KYB now (test mode)",
)
async def verify_user(
    user_id: str, body: VerifyIn, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """Approves or rejects the user's KYB at once, whatever the onboarding progress."""
    user = await service.get(session, owner, user_id)
    await service.decide(session, rt, user, body.outcome, reason="Rejected by a test helper.")
    return await service.render(session, rt, user)
