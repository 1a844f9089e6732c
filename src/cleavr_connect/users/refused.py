"""A user body the schema refused, checked on what the schema accepted of it by the rules of
`POST /v1/users` or `PATCH /v1/users/{id}`, so that one 400 lists every bad field (SPEC §4):
the field rules, those between fields (a French postal code, a VAT number against the SIRET,
identifiers locked after onboarding) and live mode's https callback."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import ValidationError as PydanticValidationError

from cleavr_connect.errors import FieldError, ValidationError
from cleavr_connect.users import repository as repo
from cleavr_connect.users import service
from cleavr_connect.users.schemas import UserCreate, UserUpdate

if TYPE_CHECKING:
    from cleavr_connect.web.handlers import RefusedBody

# Stands in for a refused e-mail; the errors on a refused field are not reported.
_REFUSED_EMAIL = "refused@example.com"


async def creation_errors(body: RefusedBody) -> list[FieldError]:
    data = dict(body.accepted)
    if body.covers("email") or not isinstance(data.get("email"), str):
        data["email"] = _REFUSED_EMAIL
    try:
        model = UserCreate.model_validate(data)
    except PydanticValidationError:
        return []  # nothing more can be said than the schema's errors
    livemode = body.owner.livemode if body.owner else False
    return service.checked_creation(model, livemode)[2]


async def update_errors(body: RefusedBody) -> list[FieldError]:
    user_id = body.path_params.get("user_id")
    if body.owner is None or user_id is None:
        return []
    user = await repo.get(body.session, body.owner, user_id)
    try:
        model = UserUpdate.model_validate(body.accepted)
    except PydanticValidationError:
        return []
    if user is None:
        return []
    try:
        service.update_changes(user, model, body.owner.livemode)
    except ValidationError as refused:
        return refused.errors
    return []
