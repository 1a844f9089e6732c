"""The authorization-code flow end to end through the real pages and endpoints."""

from __future__ import annotations

import httpx

from cleavr_connect.crypto import ACCESS_TOKEN_PREFIX, REFRESH_TOKEN_PREFIX, is_well_formed
from tests.factories import bearer, make_account, make_platform, refresh, tokens_for


async def test_code_flow_gives_tokens_that_call_me(client: httpx.AsyncClient, db, runtime) -> None:
    platform = await make_platform(db, runtime)
    account = await make_account(db, runtime)
    tokens = await tokens_for(client, platform, account)
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 3600
    assert tokens["scope"] == "users:read users:write"
    assert is_well_formed(tokens["access_token"], ACCESS_TOKEN_PREFIX)
    assert is_well_formed(tokens["refresh_token"], REFRESH_TOKEN_PREFIX)

    me = await client.get("/v1/me", headers=bearer(tokens["access_token"]))
    assert me.status_code == 200
    assert me.json() == {
        "platform_id": platform.client_id,
        "account_id": account.id,
        "livemode": False,
        "scopes": ["users:read", "users:write"],
    }

    renewed = await refresh(client, platform, tokens["refresh_token"])
    assert renewed.status_code == 200, renewed.text
    assert renewed.headers["cache-control"] == "no-store"
    me = await client.get("/v1/me", headers=bearer(renewed.json()["access_token"]))
    assert me.status_code == 200
