"""Dependencies every `/v1` router shares."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from cleavr_connect.auth.dependencies import Authenticated
from cleavr_connect.errors import ForbiddenError
from cleavr_connect.ownership import Owner


async def current_owner(token: Authenticated) -> Owner:
    return token.owner


OwnerDep = Annotated[Owner, Depends(current_owner)]


async def test_mode_only(token: Authenticated) -> None:
    if token.livemode:
        raise ForbiddenError(
            "Test helpers only work with test-mode tokens.", code="livemode_not_allowed"
        )


TestModeOnly = Depends(test_mode_only)
