"""The operator's bank statement import over HTTP, beside `cleavr-connect payments import`.

Not part of the platforms' API: it answers only when `CLEAVR_ADMIN_TOKEN` is set, to a bearer
that equals it (compared as keyed hashes, in constant time).
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request, Response

from cleavr_connect import wire
from cleavr_connect.errors import (
    AuthenticationError,
    FieldError,
    NotFoundError,
    ValidationError,
)
from cleavr_connect.payments import reconcile
from cleavr_connect.runtime import Runtime
from cleavr_connect.web.deps import RuntimeDep, SessionDep

router = APIRouter(include_in_schema=False)

MAX_STATEMENT_BYTES = 20 * 1024 * 1024


def _operator(request: Request, rt: Runtime) -> None:
    expected = rt.settings.admin_token
    if not expected:
        raise NotFoundError("No such endpoint.", code="endpoint_not_found")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        rt.keys.hash_token(given.strip()), rt.keys.hash_token(expected)
    ):
        raise AuthenticationError("The operator token is missing or wrong.")


@router.post("/admin/bank_statements")
async def import_bank_statement(
    request: Request, session: SessionDep, rt: RuntimeDep, mode: str = "live"
) -> Response:
    """Imports a camt.053/camt.054 file (the raw XML as the body): what matched, what was
    already imported, and what matched nothing."""
    _operator(request, rt)
    if mode not in ("live", "test"):
        raise ValidationError([FieldError("mode", "invalid", "`mode` is `live` or `test`.")])
    data = await request.body()
    if len(data) > MAX_STATEMENT_BYTES:
        raise ValidationError([FieldError("file", "file_too_large", "The file is over 20 MB.")])
    result = await reconcile.import_statement(session, rt, data, livemode=mode == "live")
    # Amounts as JSON numbers with two decimals, as every answer of the API.
    return Response(wire.dumpb(result.as_dict()), media_type="application/json")
