"""`GET /v1/me`: who the access token stands for. The /v1 middleware answers it once it has
authenticated the request (`DIRECT_READS`); the route is the documented contract."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from cleavr_connect.api.openapi import ERROR_RESPONSES
from cleavr_connect.api.routing import ShapedRoute
from cleavr_connect.auth.dependencies import Authenticated
from cleavr_connect.auth.schemas import Me
from cleavr_connect.oauth.bearer import TokenInfo

router = APIRouter(
    route_class=ShapedRoute,
    prefix="/v1",
    tags=["Authentication"],
    responses={401: ERROR_RESPONSES[401]},
)


@router.get("/me", response_model=Me, summary="Who am I")
async def me(token: Authenticated) -> Me:
    """The platform, account and mode behind the access token, and its scopes. Any valid token
    may call it: use it to check a token works."""
    return Me(**me_payload(token))


def me_payload(token: TokenInfo) -> dict[str, Any]:
    return {
        "platform_id": token.platform_id,
        "account_id": token.account_id,
        "livemode": token.livemode,
        "scopes": list(token.scopes),
    }


# Answered by the /v1 middleware itself, once it has authenticated the request: the most called
# endpoint of all (integrations check their token with it) skips routing and dependency solving.
# The route above stays the documented contract; a test holds the two to the same body.
DIRECT_READS = {"/v1/me": me_payload}
