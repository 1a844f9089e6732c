"""What a user still has to provide, derived from the record (never stored twice)."""

from __future__ import annotations

from typing import Any

from cleavr_connect.models import User

ORDER = (
    "company.name",
    "company.siret",
    "company.address",
    "representative.name",
    "representative.identity_document",
    "payout.iban",
    "terms.mandate",
    "terms.service",
)
# What the reviewer checks once the person has submitted.
VERIFIED_ON_REVIEW = ("company.siret", "representative.identity_document")


def _satisfied(user: User, requirement: str) -> bool:
    company, rep = user.company or {}, user.representative or {}
    address = company.get("address") or {}
    match requirement:
        case "company.name":
            return bool(company.get("name"))
        case "company.siret":
            return bool(company.get("siret"))
        case "company.address":
            return all(address.get(k) for k in ("line1", "city", "postal_code", "country"))
        case "representative.name":
            return bool(rep.get("first_name") and rep.get("last_name"))
        case "representative.identity_document":
            return user.identity_document_id is not None
        case "payout.iban":
            return user.payout_iban_encrypted is not None
        case "terms.mandate":
            return user.mandate_accepted_at is not None
        case "terms.service":
            return user.terms_accepted_at is not None
    raise ValueError(requirement)


def currently_due(user: User) -> list[str]:
    return [r for r in ORDER if not _satisfied(user, r)]


def compute(user: User) -> dict[str, Any]:
    # Approval (the reviewer, the operator CLI, the test helper) settles what was due: an active
    # user owes nothing until new requirements fall due and it becomes `restricted`.
    return {
        "currently_due": [] if user.status == "active" else currently_due(user),
        "pending_verification": list(VERIFIED_ON_REVIEW) if user.status == "under_review" else [],
        "errors": list(user.review_errors or []),
    }
