"""A receivable body the schema refused, checked on what the schema accepted of it by the rules
of `POST /v1/receivables` or of a draft's `PATCH`, so that one 400 lists every bad field
(SPEC §4): the field rules, those between fields (amounts, dates), and the user's status.

A refused required field is missing, as on a draft: `drafts.placeholders` stands in for it with
a value that trips no rule on the fields that are there."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError as PydanticValidationError

from cleavr_connect.errors import ApiError, FieldError
from cleavr_connect.receivables import drafts, service, submission
from cleavr_connect.receivables.schemas import ReceivableCreate, ReceivablePatch
from cleavr_connect.users import repository as users_repo

if TYPE_CHECKING:
    from cleavr_connect.web.handlers import RefusedBody


async def creation_errors(body: RefusedBody) -> list[FieldError]:
    today = body.runtime.clock.now().date()
    data: dict[str, Any] = copy.deepcopy(body.accepted)
    for section in ("invoice", "debtor"):
        if not isinstance(data.get(section), dict):
            data[section] = {}
    missing = [p for p in drafts.REQUIRED if body.covers(p)]
    filled = drafts.placeholders(data, missing, today)
    user_id = data.get("user_id")
    known_user = isinstance(user_id, str) and not body.covers("user_id")
    filled["user_id"] = user_id if known_user else ""
    try:
        model = ReceivableCreate.model_validate(filled)
    except PydanticValidationError:
        return []  # nothing more can be said than the schema's errors
    errors = submission.validate(model, today)[1]
    if known_user and body.owner is not None:
        status = await users_repo.status_of(body.session, body.owner, model.user_id)
        refused = submission.user_error(model.user_id, status)
        errors += [refused] if refused else []
    return errors


async def patch_errors(body: RefusedBody) -> list[FieldError]:
    """What `drafts.update` would refuse besides the schema's errors, the draft's stored fields
    taken into account (a VAT number against its SIRET)."""
    receivable_id = body.path_params.get("receivable_id")
    if body.owner is None or receivable_id is None:
        return []
    try:
        rec = await service.get(body.session, body.owner, receivable_id)
        patch = ReceivablePatch.model_validate(body.accepted).model_dump(exclude_unset=True)
    except (ApiError, PydanticValidationError):
        return []
    if rec.status != "draft":
        return []
    data = drafts.merge(drafts.data_of(rec), patch)
    return drafts.format_errors(data, patch, body.runtime.clock.now().date())
