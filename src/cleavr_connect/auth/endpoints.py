from __future__ import annotations

from fastapi import APIRouter

from cleavr_connect.api.openapi import ERROR_RESPONSES
from cleavr_connect.auth.dependencies import Authenticated
from cleavr_connect.auth.schemas import Me

router = APIRouter(prefix="/v1", tags=["Authentication"], responses={401: ERROR_RESPONSES[401]})


@router.get("/me", response_model=Me, summary="Who am I")
async def me(token: Authenticated) -> Me:
    """The platform, account and mode behind the access token, and its scopes. Any valid token
    may call it: use it to check a token works."""
    return Me(
        platform_id=token.platform_id,
        account_id=token.account_id,
        livemode=token.livemode,
        scopes=list(token.scopes),
    )
