"""RFC 7009 revocation, RFC 7662 introspection and RFC 8414 metadata."""

from __future__ import annotations

import httpx
import pytest

from cleavr_connect.app import create_app
from cleavr_connect.db.engine import Database
from cleavr_connect.platforms import service as platforms
from tests.factories import bearer, make_account, make_platform, refresh, tokens_for


@pytest.fixture
async def platform(db, runtime):  # type: ignore[no-untyped-def]
    return await make_platform(db, runtime)


@pytest.fixture
async def account(db, runtime):  # type: ignore[no-untyped-def]
    return await make_account(db, runtime)


async def test_metadata_says_what_is_enforced(client) -> None:  # type: ignore[no-untyped-def]
    body = (await client.get("/.well-known/oauth-authorization-server")).json()
    assert body["issuer"] == "http://testserver"
    assert body["authorization_endpoint"] == "http://testserver/oauth/authorize"
    assert body["token_endpoint"] == "http://testserver/oauth/token"
    assert body["revocation_endpoint"] == "http://testserver/oauth/revoke"
    assert body["introspection_endpoint"] == "http://testserver/oauth/introspect"
    assert body["response_types_supported"] == ["code"]
    assert body["grant_types_supported"] == ["authorization_code", "refresh_token"]
    assert body["code_challenge_methods_supported"] == ["S256"]
    assert body["token_endpoint_auth_methods_supported"] == [
        "client_secret_post",
        "client_secret_basic",
        "none",
    ]
    assert (
        "users:write" in body["scopes_supported"] and "commission:read" in body["scopes_supported"]
    )
    assert body["authorization_response_iss_parameter_supported"] is True


async def _revoke(client, platform, token: str, hint: str | None = None):  # type: ignore[no-untyped-def]
    data = {"token": token, **platform.post_auth()}
    if hint:
        data["token_type_hint"] = hint
    return await client.post("/oauth/revoke", data=data)


async def test_revoking_an_access_token(client, platform, account) -> None:  # type: ignore[no-untyped-def]
    tokens = await tokens_for(client, platform, account)
    response = await _revoke(client, platform, tokens["access_token"], "access_token")
    assert response.status_code == 200
    assert (await client.get("/v1/me", headers=bearer(tokens["access_token"]))).status_code == 401
    # the refresh token still works: only the access token was revoked
    assert (await refresh(client, platform, tokens["refresh_token"])).status_code == 200


async def test_revocation_applies_at_once_in_another_process(
    client, settings, runtime, platform, account
) -> None:  # type: ignore[no-untyped-def]
    """Another server process has its own pools and memory: nothing there may still accept a
    revoked token (no cache of token checks anywhere)."""
    tokens = await tokens_for(client, platform, account)
    other_db = Database(settings.database_url, pool_size=2)
    other = create_app(settings, runtime=runtime, database=other_db)
    try:
        transport = httpx.ASGITransport(app=other)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as second:
            me = await second.get("/v1/me", headers=bearer(tokens["access_token"]))
            assert me.status_code == 200
            assert (await _revoke(client, platform, tokens["refresh_token"])).status_code == 200
            after = await second.get("/v1/me", headers=bearer(tokens["access_token"]))
            assert after.status_code == 401
            assert after.json()["error"]["code"] == "invalid_token"
    finally:
        await other_db.dispose()


async def test_revoking_a_refresh_token_kills_the_grant_even_with_a_wrong_hint(
    client, platform, account
) -> None:  # type: ignore[no-untyped-def]
    tokens = await tokens_for(client, platform, account)
    response = await _revoke(client, platform, tokens["refresh_token"], "access_token")
    assert response.status_code == 200
    assert (await client.get("/v1/me", headers=bearer(tokens["access_token"]))).status_code == 401
    assert (await refresh(client, platform, tokens["refresh_token"])).status_code == 400


async def test_unknown_and_already_revoked_tokens_answer_200(client, platform, account) -> None:  # type: ignore[no-untyped-def]
    tokens = await tokens_for(client, platform, account)
    assert (await _revoke(client, platform, "clv_tok_unknown")).status_code == 200
    assert (await _revoke(client, platform, tokens["access_token"])).status_code == 200
    assert (await _revoke(client, platform, tokens["access_token"])).status_code == 200


async def test_a_client_cannot_revoke_another_clients_token(
    client, db, runtime, platform, account
) -> None:  # type: ignore[no-untyped-def]
    tokens = await tokens_for(client, platform, account)
    other = await make_platform(db, runtime, name="Other")
    assert (await _revoke(client, other, tokens["access_token"])).status_code == 200
    assert (await _revoke(client, other, tokens["refresh_token"])).status_code == 200
    assert (await client.get("/v1/me", headers=bearer(tokens["access_token"]))).status_code == 200


async def test_revocation_requires_client_authentication(client, platform, account) -> None:  # type: ignore[no-untyped-def]
    tokens = await tokens_for(client, platform, account)
    response = await client.post(
        "/oauth/revoke",
        data={
            "token": tokens["access_token"],
            "client_id": platform.client_id,
            "client_secret": "wrong",
        },
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    response = await client.post(
        "/oauth/revoke",
        data={"client_id": platform.client_id, "client_secret": platform.client_secret},
    )
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"


async def _introspect(client, platform, token: str):  # type: ignore[no-untyped-def]
    return await client.post("/oauth/introspect", data={"token": token, **platform.post_auth()})


async def test_introspection_of_own_active_tokens(client, platform, account) -> None:  # type: ignore[no-untyped-def]
    tokens = await tokens_for(client, platform, account)
    body = (await _introspect(client, platform, tokens["access_token"])).json()
    assert body["active"] is True
    assert body["client_id"] == platform.client_id
    assert body["scope"] == "users:read users:write"
    assert body["sub"] == account.id
    assert body["token_type"] == "access_token"
    assert body["exp"] - body["iat"] == 3600
    body = (await _introspect(client, platform, tokens["refresh_token"])).json()
    assert body["active"] is True and body["token_type"] == "refresh_token"


async def test_introspection_inactive_is_only_active_false(
    client, db, runtime, clock, platform, account
) -> None:  # type: ignore[no-untyped-def]
    tokens = await tokens_for(client, platform, account)
    other = await make_platform(db, runtime, name="Other")
    assert (await _introspect(client, other, tokens["access_token"])).json() == {"active": False}
    assert (await _introspect(client, platform, "clv_tok_nope")).json() == {"active": False}
    assert (await _introspect(client, platform, "whatever")).json() == {"active": False}
    rotated = tokens["refresh_token"]
    await refresh(client, platform, rotated)
    assert (await _introspect(client, platform, rotated)).json() == {"active": False}
    clock.advance(seconds=3601)
    assert (await _introspect(client, platform, tokens["access_token"])).json() == {"active": False}


async def test_introspection_tells_nothing_to_a_client_that_fails_authentication(
    client, db, runtime, platform, account
) -> None:  # type: ignore[no-untyped-def]
    """The token is read with the client, but only looked at once the client authenticated: a
    wrong secret, an unknown client or a disabled platform get `invalid_client`, whatever the
    token is."""
    tokens = await tokens_for(client, platform, account)
    for token in (tokens["access_token"], tokens["refresh_token"], "clv_tok_nope", "whatever"):
        for data in (
            {"client_id": platform.client_id, "client_secret": "sk_test_wrong"},
            {"client_id": "plat_test_unknown", "client_secret": platform.client_secret},
        ):
            response = await client.post("/oauth/introspect", data={"token": token, **data})
            assert response.status_code == 401, response.text
            assert response.json()["error"] == "invalid_client"
            assert "active" not in response.json()
    # without the token parameter, the client is still authenticated first
    response = await client.post("/oauth/introspect", data=platform.post_auth())
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"
    async with db.transaction() as session:
        await platforms.disable(session, platform.client_id, now=runtime.clock.now())
    response = await _introspect(client, platform, tokens["refresh_token"])
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"


async def test_public_clients_cannot_introspect(client, db, runtime, account) -> None:  # type: ignore[no-untyped-def]
    spa = await make_platform(db, runtime, public=True)
    tokens = await tokens_for(client, spa, account)
    response = await _introspect(client, spa, tokens["access_token"])
    assert response.status_code == 400
    assert response.json()["error"] == "unauthorized_client"
    # but they can revoke their own tokens
    assert (await _revoke(client, spa, tokens["refresh_token"])).status_code == 200
    assert (await client.get("/v1/me", headers=bearer(tokens["access_token"]))).status_code == 401


async def test_introspection_sees_a_revocation_at_once(client, platform, account) -> None:  # type: ignore[no-untyped-def]
    """Nothing about a token is remembered between introspections: revoked is inactive next."""
    tokens = await tokens_for(client, platform, account)
    access = (await _introspect(client, platform, tokens["access_token"])).json()
    refresh_body = (await _introspect(client, platform, tokens["refresh_token"])).json()
    assert access["active"] is True and access["grant_id"] == refresh_body["grant_id"]
    assert (await _revoke(client, platform, tokens["access_token"])).status_code == 200
    assert (await _introspect(client, platform, tokens["access_token"])).json() == {"active": False}
    assert (await _introspect(client, platform, tokens["refresh_token"])).json()["active"] is True
    assert (await _revoke(client, platform, tokens["refresh_token"])).status_code == 200
    assert (await _introspect(client, platform, tokens["refresh_token"])).json() == {
        "active": False
    }
