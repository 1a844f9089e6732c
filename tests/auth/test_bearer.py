"""Bearer protection of /v1 and GET /v1/me (SPEC §4)."""

from __future__ import annotations

import pytest
from fastapi import APIRouter
from sqlalchemy import text

from cleavr_connect.api.me import me
from cleavr_connect.auth.dependencies import requires
from cleavr_connect.db.engine import DIRECT_APPLICATION_NAME
from cleavr_connect.oauth import bearer as bearer_auth
from cleavr_connect.scopes import Scope
from cleavr_connect.versions import LATEST
from tests.factories import bearer, make_account, make_platform, tokens_for


@pytest.fixture
async def tokens(client, db, runtime):  # type: ignore[no-untyped-def]
    platform = await make_platform(db, runtime)
    account = await make_account(db, runtime)
    return await tokens_for(client, platform, account, scope="users:write")


async def test_no_token_is_401_with_realm_only(client) -> None:  # type: ignore[no-untyped-def]
    response = await client.get("/v1/me")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="cleavr"'
    error = response.json()["error"]
    assert error["type"] == "authentication_error"
    assert error["request_id"] == response.headers["request-id"]
    assert error["request_id"].startswith("req_")


@pytest.mark.parametrize(
    "token",
    ["clv_tok_" + "A" * 49, "clv_tok_short", "sk_test_abc", "clv_ref_" + "A" * 49],
)
async def test_unknown_or_malformed_token_is_401_invalid_token(client, token: str) -> None:  # type: ignore[no-untyped-def]
    response = await client.get("/v1/me", headers=bearer(token))
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith(
        'Bearer realm="cleavr", error="invalid_token"'
    )
    assert response.json()["error"]["code"] == "invalid_token"


async def test_wrong_scheme_is_400_invalid_request(client, tokens) -> None:  # type: ignore[no-untyped-def]
    response = await client.get(
        "/v1/me", headers={"Authorization": f"Token {tokens['access_token']}"}
    )
    assert response.status_code == 400
    assert 'error="invalid_request"' in response.headers["www-authenticate"]


async def test_token_in_query_string_is_refused(client, tokens) -> None:  # type: ignore[no-untyped-def]
    response = await client.get("/v1/me", params={"access_token": tokens["access_token"]})
    assert response.status_code == 400
    assert 'error="invalid_request"' in response.headers["www-authenticate"]
    # even alongside a valid header
    response = await client.get(
        "/v1/me", params={"access_token": "x"}, headers=bearer(tokens["access_token"])
    )
    assert response.status_code == 400


async def test_expired_token_is_401(client, clock, tokens) -> None:  # type: ignore[no-untyped-def]
    clock.advance(seconds=3599)
    assert (await client.get("/v1/me", headers=bearer(tokens["access_token"]))).status_code == 200
    clock.advance(seconds=2)
    response = await client.get("/v1/me", headers=bearer(tokens["access_token"]))
    assert response.status_code == 401
    assert "expired" in response.json()["error"]["message"]


async def test_me_answers_for_any_valid_token(client, tokens) -> None:  # type: ignore[no-untyped-def]
    response = await client.get("/v1/me", headers=bearer(tokens["access_token"]))
    assert response.status_code == 200
    assert response.json()["scopes"] == ["users:write"]
    assert response.headers["request-id"].startswith("req_")


async def test_me_answered_by_the_middleware_is_the_documented_route_s_answer(
    client, db, runtime, tokens
) -> None:  # type: ignore[no-untyped-def]
    response = await client.get("/v1/me", headers=bearer(tokens["access_token"]))
    token = await bearer_auth.authenticate(
        db, runtime.keys, tokens["access_token"], runtime.clock.now()
    )
    assert response.json() == (await me(token)).model_dump(mode="json")
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cleavr-version"] == LATEST
    assert int(response.headers["content-length"]) == len(response.content)


async def test_bearer_check_survives_the_database_dropping_its_connections(
    client, db, tokens
) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL restarted or a backend killed: the next protected request still answers."""
    if db.direct is None:
        pytest.skip("SQLite: no server connection to lose")
    headers = bearer(tokens["access_token"])
    terminate = text(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE datname = current_database() AND application_name = :name"
    )
    # Several rounds: the next request may find the dead connection before its pool does.
    for _ in range(5):
        assert (await client.get("/v1/me", headers=headers)).status_code == 200
        async with db.engine.connect() as admin:
            killed = (
                await admin.execute(terminate, {"name": DIRECT_APPLICATION_NAME})
            ).scalar_one()
        assert killed >= 1
        response = await client.get("/v1/me", headers=headers)
        assert response.status_code == 200, response.text


async def test_live_token_says_livemode(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    live = await make_platform(db, runtime, livemode=True)
    account = await make_account(db, runtime)
    tokens = await tokens_for(client, live, account)
    assert (await client.get("/v1/me", headers=bearer(tokens["access_token"]))).json()[
        "livemode"
    ] is True


@pytest.fixture
async def scoped_app(app):  # type: ignore[no-untyped-def]
    """Two throwaway endpoints guarded by the reusable scope dependencies."""
    router = APIRouter()

    @router.get("/v1/_test/users", dependencies=[requires(Scope.USERS_READ)])
    async def read_users() -> dict[str, bool]:
        return {"ok": True}

    @router.get("/v1/_test/reports", dependencies=[requires(Scope.REPORTS_READ)])
    async def read_reports() -> dict[str, bool]:
        return {"ok": True}

    app.fastapi.include_router(router)
    return app


async def test_scope_dependencies_write_implies_read_and_403_names_the_scope(
    client, scoped_app, tokens
) -> None:  # type: ignore[no-untyped-def]
    ok = await client.get("/v1/_test/users", headers=bearer(tokens["access_token"]))
    assert ok.status_code == 200  # users:write implies users:read
    denied = await client.get("/v1/_test/reports", headers=bearer(tokens["access_token"]))
    assert denied.status_code == 403
    assert denied.headers["www-authenticate"] == (
        'Bearer realm="cleavr", error="insufficient_scope", scope="reports:read"'
    )
    error = denied.json()["error"]
    assert error["type"] == "permission_error" and error["code"] == "insufficient_scope"
    assert (await client.get("/v1/_test/reports")).status_code == 401


async def test_unknown_route_gets_the_json_envelope(client, tokens) -> None:  # type: ignore[no-untyped-def]
    assert (await client.get("/v1/nothing-here")).status_code == 401  # authentication first
    response = await client.get("/v1/nothing-here", headers=bearer(tokens["access_token"]))
    assert response.status_code == 404
    assert response.json()["error"]["type"] == "not_found_error"
