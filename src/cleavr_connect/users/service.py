"""Users: creditor businesses registered by a platform (SPEC §6). Every change writes its event
in the same transaction."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.api.validation import email_error, metadata_errors, url_error
from cleavr_connect.clock import isoformat
from cleavr_connect.crypto import generate_token
from cleavr_connect.errors import ConflictError, FieldError, NotFoundError, ValidationError
from cleavr_connect.events import service as events
from cleavr_connect.ids import new_id
from cleavr_connect.models import OnboardingLink, User
from cleavr_connect.ownership import Owner
from cleavr_connect.runtime import Runtime
from cleavr_connect.users import plan_policy, requirements
from cleavr_connect.users import repository as repo
from cleavr_connect.users.schemas import (
    Company,
    CompanyIn,
    Contact,
    ContactIn,
    PlatformIn,
    RequirementError,
    UserCreate,
    UserUpdate,
)
from cleavr_connect.users.validation import clean_phone, clean_siret, clean_vat
from cleavr_connect.versions import register_summary

ONBOARDING_LINK_TTL = timedelta(hours=24)
LINK_PREFIX = "onb_"

# Test mode decides KYB at once; these SIRETs (valid checksums) pick the outcome (README).
MAGIC_SIRET_REJECTED = "00000000000000"
MAGIC_SIRET_UNDER_REVIEW = "00000000000018"

# The legal status changes; anything else is a 409 (an explicit state machine).
TRANSITIONS: dict[str, frozenset[str]] = {
    "pending_onboarding": frozenset({"under_review", "active", "rejected"}),
    "under_review": frozenset({"active", "rejected"}),
    "active": frozenset({"restricted"}),
    "restricted": frozenset({"under_review", "active", "rejected"}),
    "rejected": frozenset(),
}


def _user_summary(obj: dict[str, Any]) -> dict[str, Any]:
    return {"user_id": obj["id"], "email": obj["email"], "status": obj["status"]}


register_summary("user", _user_summary)


def owner_of(user: User) -> Owner:
    return Owner(user.platform_id, user.account_id, user.livemode)


def as_object(user: User, onboarding_url: str | None) -> dict[str, Any]:
    """The user resource, as the API returns it and events carry it."""
    company = dict(user.company or {})
    company.setdefault("address", {})
    return {
        "id": user.id,
        "object": "user",
        "email": user.email,
        "status": user.status,
        "company": company,
        "contact": dict(user.contact or {}),
        "platform": {"callback_url": user.callback_url, "metadata": dict(user.metadata_ or {})},
        "payout": {
            "iban_last4": user.payout_iban_last4,
            "account_holder": user.payout_account_holder,
        },
        "onboarding_url": onboarding_url,
        "capabilities": {
            "send_receivables": user.status == "active",
            "receive_payouts": user.status == "active" and user.payout_iban_encrypted is not None,
        },
        "requirements": requirements.compute(user),
        "settings": {"payment_imputation": user.payment_imputation or "accessories_first"},
        "payment_plan_policy": plan_policy.policy_of(user.payment_plan_policy).as_object(),
        "livemode": user.livemode,
        "created_at": isoformat(user.created_at),
        "updated_at": isoformat(user.updated_at),
    }


# The parts of the resource copied from what is stored (whose stored form may hold more keys,
# fewer, or another order than the response model writes), put in the model's shape through it.
_COMPANY: TypeAdapter[Any] = TypeAdapter(Company)
_CONTACT: TypeAdapter[Any] = TypeAdapter(Contact)
_METADATA: TypeAdapter[Any] = TypeAdapter(dict[str, str])
_ERRORS: TypeAdapter[Any] = TypeAdapter(list[RequirementError])


def exact(obj: dict[str, Any]) -> dict[str, Any]:
    """`as_object`'s rendering as `UserOut` writes it, for `api.routing.Exact`: only its stored
    parts go through their models, not the whole resource."""
    out = dict(obj)
    out["company"] = _COMPANY.dump_python(_COMPANY.validate_python(obj["company"]))
    out["contact"] = _CONTACT.dump_python(_CONTACT.validate_python(obj["contact"]))
    platform = obj["platform"]
    if platform["metadata"]:
        out["platform"] = {**platform, "metadata": _METADATA.validate_python(platform["metadata"])}
    needs = obj["requirements"]
    if needs["errors"]:
        errors = _ERRORS.dump_python(_ERRORS.validate_python(needs["errors"]))
        out["requirements"] = {**needs, "errors": errors}
    return out


async def render(session: AsyncSession, rt: Runtime, user: User) -> dict[str, Any]:
    """The user as reads and events show it: never with an onboarding link. A link redeems
    whoever holds it, so it is shown once, in the response that issues it, and kept only as a
    keyed hash; events (kept 30 days, listable) and later reads carry `onboarding_url: null`."""
    return as_object(user, None)


async def render_many(
    session: AsyncSession, rt: Runtime, users: list[User]
) -> list[dict[str, Any]]:
    return [as_object(u, None) for u in users]


def onboarding_url(rt: Runtime, token: str) -> str:
    return f"{rt.settings.base_url}/onboarding/{token}"


def _clean_company(
    company: CompanyIn, errors: list[FieldError], current: dict[str, Any]
) -> dict[str, Any]:
    data = company.model_dump(exclude_unset=True)
    # `"address": null` changes nothing (the address is an object of optional fields, each
    # cleared on its own), as an absent address does.
    data.pop("address", None)
    if company.siret is not None:
        siret, err = clean_siret(company.siret, "company.siret")
        errors.extend([err] if err else [])
        data["siret"] = siret
    if company.vat_number is not None:
        siret = data.get("siret") or current.get("siret")
        vat, err = clean_vat(company.vat_number, "company.vat_number", siret)
        errors.extend([err] if err else [])
        data["vat_number"] = vat
    elif data.get("siret") and "vat_number" not in data and current.get("vat_number"):
        # A new SIRET alone is checked against the VAT number on file, as the pair is at
        # creation: the two must name one company.
        _, err = clean_vat(current["vat_number"], "company.siret", data["siret"])
        if err is not None:
            errors.append(
                FieldError(
                    "company.siret",
                    "vat_number_mismatch",
                    "This SIRET's company is not the one of the VAT number on file: send its "
                    "VAT number with it (or null to remove the one on file).",
                )
            )
    if company.website:
        err = url_error(company.website, "company.website")
        errors.extend([err] if err else [])
    if company.address is not None:
        address = {
            **(current.get("address") or {}),
            **company.address.model_dump(exclude_unset=True),
        }
        postal = address.get("postal_code")
        if (
            postal
            and address.get("country", "FR") == "FR"
            and not (postal.isdigit() and len(postal) == 5)
        ):
            errors.append(
                FieldError(
                    "company.address.postal_code",
                    "invalid_postal_code",
                    "A French postal code has 5 digits.",
                )
            )
        data["address"] = address
    return {**current, **data}


def _clean_contact(
    contact: ContactIn, errors: list[FieldError], current: dict[str, Any]
) -> dict[str, Any]:
    data = contact.model_dump(exclude_unset=True)
    if contact.phone:
        phone, err = clean_phone(contact.phone, "contact.phone")
        errors.extend([err] if err else [])
        data["phone"] = phone
    return {**current, **data}


def _check_platform(platform: PlatformIn, livemode: bool, errors: list[FieldError]) -> None:
    if platform.callback_url:
        err = url_error(platform.callback_url, "platform.callback_url", require_https=livemode)
        errors.extend([err] if err else [])
    errors.extend(metadata_errors(platform.metadata, "platform.metadata"))


async def _emit(
    session: AsyncSession,
    rt: Runtime,
    type_: str,
    user: User,
    *,
    previous: dict[str, Any] | None = None,
) -> None:
    # The resource as `GET /v1/users/{id}` answers it, every key of its model present.
    obj = exact(await render(session, rt, user))
    await events.record(
        session,
        type_,
        owner=owner_of(user),
        obj=obj,
        previous_attributes=previous,
        now=rt.clock.now(),
    )


async def _issue_link(session: AsyncSession, rt: Runtime, user: User) -> tuple[str, datetime]:
    now = rt.clock.now()
    await repo.expire_links(session, user.id, now)
    token = generate_token(LINK_PREFIX)
    expires_at = now + ONBOARDING_LINK_TTL
    session.add(
        OnboardingLink(
            token_hash=rt.keys.hash_token(token),
            user_id=user.id,
            created_at=now,
            expires_at=expires_at,
        )
    )
    await session.flush()
    return token, expires_at


def checked_creation(
    data: UserCreate, livemode: bool
) -> tuple[dict[str, Any], dict[str, Any], list[FieldError]]:
    """The clean company and contact of a new user, and every rule `data` breaks."""
    errors: list[FieldError] = []
    err = email_error(data.email, "email")
    errors.extend([err] if err else [])
    company = _clean_company(data.company, errors, {}) if data.company else {}
    contact = _clean_contact(data.contact, errors, {}) if data.contact else {}
    if data.platform:
        _check_platform(data.platform, livemode, errors)
    return company, contact, errors


async def create(
    session: AsyncSession, rt: Runtime, owner: Owner, data: UserCreate
) -> tuple[User, str]:
    """The new user and its first onboarding link, shown only in the creation response."""
    company, contact, errors = checked_creation(data, owner.livemode)
    if errors:
        raise ValidationError(errors)
    now = rt.clock.now()
    user = User(
        id=new_id("usr_clv", livemode=owner.livemode),
        platform_id=owner.platform_id,
        account_id=owner.account_id,
        livemode=owner.livemode,
        email=data.email.strip().lower(),
        status="pending_onboarding",
        company=company,
        contact=contact,
        representative={
            k: v for k, v in contact.items() if k in ("first_name", "last_name", "phone")
        },
        callback_url=data.platform.callback_url if data.platform else None,
        metadata_=(data.platform.metadata or {}) if data.platform else {},
        review_errors=[],
        created_at=now,
        updated_at=now,
    )
    session.add(user)
    await session.flush()
    token, _ = await _issue_link(session, rt, user)
    await _emit(session, rt, "user.created", user)
    return user, onboarding_url(rt, token)


async def get(session: AsyncSession, owner: Owner, user_id: str) -> User:
    user = await repo.get(session, owner, user_id)
    if user is None:
        raise NotFoundError(f"No such user: {user_id!r}.", param="id")
    return user


LOCKED_AFTER_SUBMISSION = ("siret", "vat_number")


async def update(
    session: AsyncSession, rt: Runtime, owner: Owner, user_id: str, data: UserUpdate
) -> User:
    """Applies `data` only once every field of it is valid: a refused update changes nothing."""
    user = await repo.get_for_update(session, owner, user_id) or await get(session, owner, user_id)
    changes = update_changes(user, data, owner.livemode)
    before = as_object(user, None)
    for name, value in changes.items():
        setattr(user, name, value)
    after = as_object(user, None)
    previous = {k: before[k] for k in after if after[k] != before[k] and k != "updated_at"}
    if previous:
        user.updated_at = rt.clock.now()
        await session.flush()
        await _emit(session, rt, "user.updated", user, previous=previous)
        if before["requirements"] != after["requirements"]:
            await _emit(session, rt, "user.requirements.updated", user)
    return user


def update_changes(user: User, data: UserUpdate, livemode: bool) -> dict[str, Any]:
    """The user's attributes `data` changes (name → new value); ValidationError with every
    violation, before anything changes."""
    errors: list[FieldError] = []
    changes: dict[str, Any] = {}
    if data.email is not None:
        err = email_error(data.email, "email")
        errors.extend([err] if err else [])
        changes["email"] = data.email.strip().lower()
    if data.company:
        company = _clean_company(data.company, errors, dict(user.company or {}))
        # One error per field: an invalid value is said to be so, not also to be locked.
        refused = {error.param for error in errors}
        errors.extend(
            e for e in _locked_company_fields(user, data, company) if e.param not in refused
        )
        refused = {error.param for error in errors}
        errors.extend(
            e for e in _emptied_company_fields(user, data.company) if e.param not in refused
        )
        if company is not None:
            changes["company"] = company
    if data.contact:
        contact = _clean_contact(data.contact, errors, dict(user.contact or {}))
        if contact is not None:
            changes["contact"] = contact
    if data.platform:
        _check_platform(data.platform, livemode, errors)
    if data.settings is not None and data.settings.payment_imputation is not None:
        changes["payment_imputation"] = data.settings.payment_imputation
    if data.payment_plan_policy is not None:
        policy, policy_errors = plan_policy.merged(
            user.payment_plan_policy, data.payment_plan_policy.model_dump(exclude_none=True)
        )
        errors.extend(policy_errors)
        changes["payment_plan_policy"] = policy
    if data.platform is not None:
        if data.platform.callback_url is not None:
            changes["callback_url"] = data.platform.callback_url or None
        if data.platform.metadata is not None:
            # Stripe's rule: keys merge, and an empty value removes a key.
            merged = {**(user.metadata_ or {}), **data.platform.metadata}
            changes["metadata_"] = {k: v for k, v in merged.items() if v != ""}
            if not errors:
                errors.extend(metadata_errors(changes["metadata_"], "platform.metadata"))
    if errors:
        raise ValidationError(errors)
    return changes


# What a user past onboarding must keep: the company's requirements (`requirements.ORDER`),
# which letters and invoices print as the creditor's identity.
KEPT_AFTER_ONBOARDING = ("name", "siret")
KEPT_ADDRESS_AFTER_ONBOARDING = ("line1", "city", "postal_code", "country")


def _emptied_company_fields(user: User, company: CompanyIn) -> list[FieldError]:
    """The required fields `company` sets to null or blank on a user no longer onboarding
    (under review, active, restricted, rejected): a PATCH corrects them, never removes them."""
    if user.status == "pending_onboarding":
        return []
    sent: list[tuple[str, Any]] = [
        (f"company.{name}", getattr(company, name))
        for name in KEPT_AFTER_ONBOARDING
        if name in company.model_fields_set
    ]
    if company.address is not None:
        sent += [
            (f"company.address.{name}", getattr(company.address, name))
            for name in KEPT_ADDRESS_AFTER_ONBOARDING
            if name in company.address.model_fields_set
        ]
    return [
        FieldError(param, "required", "This field is required: correct it, it cannot be removed.")
        for param, value in sent
        if value is None or not str(value).strip()
    ]


def _locked_company_fields(
    user: User, data: UserUpdate, company: dict[str, Any] | None
) -> list[FieldError]:
    """The identifiers verified at onboarding that `data` would change: once it was submitted,
    or once KYB was decided (by the back office, or test mode's helper standing for it)."""
    verified = user.onboarding_submitted_at is not None or user.decided_at is not None
    if data.company is None or not verified or not company:
        return []
    return [
        FieldError(
            f"company.{field}",
            "field_locked",
            "This identifier was verified at onboarding and cannot change.",
        )
        for field in LOCKED_AFTER_SUBMISSION
        if getattr(data.company, field) is not None
        and company.get(field) != (user.company or {}).get(field)
    ]


async def new_onboarding_link(
    session: AsyncSession, rt: Runtime, owner: Owner, user_id: str
) -> tuple[User, str, datetime]:
    user = await get(session, owner, user_id)
    if user.status not in ("pending_onboarding", "restricted"):
        raise ConflictError(
            f"Onboarding is closed for a user whose status is {user.status}.",
            code="onboarding_closed",
        )
    token, expires_at = await _issue_link(session, rt, user)
    return user, onboarding_url(rt, token), expires_at


async def _set_status(
    session: AsyncSession, rt: Runtime, user: User, status: str
) -> dict[str, Any]:
    if status not in TRANSITIONS[user.status]:
        raise ConflictError(
            f"A user cannot go from {user.status} to {status}.", code="invalid_state_transition"
        )
    previous = {"status": user.status, "requirements": requirements.compute(user)}
    user.status = status
    user.updated_at = rt.clock.now()
    await session.flush()
    return previous


async def decide(
    session: AsyncSession, rt: Runtime, user: User, outcome: str, *, reason: str | None = None
) -> User:
    """KYB decision: `approved` makes the user active, `rejected` ends onboarding."""
    now = rt.clock.now()
    if outcome == "approved":
        previous = await _set_status(session, rt, user, "active")
        user.review_errors = []
        user.decided_at = now
        await _emit(session, rt, "user.updated", user, previous=previous)
        await _emit(session, rt, "user.onboarding.completed", user)
    elif outcome == "rejected":
        previous = await _set_status(session, rt, user, "rejected")
        user.review_errors = [
            {
                "requirement": "company.siret",
                "code": "verification_failed",
                "message": reason or "The company could not be verified.",
            }
        ]
        user.decided_at = now
        await _emit(session, rt, "user.updated", user, previous=previous)
        await _emit(session, rt, "user.onboarding.rejected", user)
    else:
        raise ValidationError([FieldError("outcome", "invalid", "Use approved or rejected.")])
    await repo.expire_links(session, user.id, now)
    await _emit(session, rt, "user.requirements.updated", user)
    return user


async def payout_account_refused(
    session: AsyncSession, rt: Runtime, user: User, *, message: str
) -> None:
    """The bank sent a payout back from the user's IBAN (closed, wrong, blocked account): the
    IBAN is forgotten (its last four digits stay shown), `payout.iban` falls due again with the
    bank's reason in `requirements.errors`, and an active user becomes `restricted`, which
    opens hosted onboarding to enter another one. Its payouts wait for it (SPEC §6: `active`
    → `restricted` when new requirements fall due)."""
    before = as_object(user, None)
    user.payout_iban_encrypted = None
    user.review_errors = [
        e for e in (user.review_errors or []) if e.get("requirement") != "payout.iban"
    ] + [{"requirement": "payout.iban", "code": "payout_returned", "message": message}]
    if user.status == "active":
        await _set_status(session, rt, user, "restricted")
    user.updated_at = rt.clock.now()
    await session.flush()
    after = as_object(user, None)
    previous = {
        k: before[k]
        for k in after
        if k not in ("updated_at", "onboarding_url") and after[k] != before[k]
    }
    await _emit(session, rt, "user.updated", user, previous=previous)
    await _emit(session, rt, "user.requirements.updated", user)


async def submit_onboarding(session: AsyncSession, rt: Runtime, user: User) -> User:
    """The person finished the hosted form: review starts (test mode decides at once)."""
    missing = requirements.currently_due(user)
    if missing:
        raise ValidationError(
            [
                FieldError(r, "requirement_missing", "This information is still missing.")
                for r in missing
            ]
        )
    user.onboarding_submitted_at = rt.clock.now()
    previous = await _set_status(session, rt, user, "under_review")
    await _emit(session, rt, "user.updated", user, previous=previous)
    await _emit(session, rt, "user.requirements.updated", user)
    if not user.livemode:
        siret = (user.company or {}).get("siret")
        if siret == MAGIC_SIRET_REJECTED:
            await decide(session, rt, user, "rejected", reason="Test SIRET for a rejection.")
        elif siret != MAGIC_SIRET_UNDER_REVIEW:
            await decide(session, rt, user, "approved")
    return user
