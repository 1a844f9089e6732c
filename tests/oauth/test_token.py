"""POST /oauth/token: client authentication, code exchange and refresh rotation (SPEC §3)."""

from __future__ import annotations

import base64
import re
from dataclasses import replace
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from cleavr_connect.models import AuditEvent
from cleavr_connect.platforms import service as platforms
from tests.factories import (
    authorize,
    bearer,
    exchange,
    make_account,
    make_platform,
    pkce_pair,
    refresh,
    tokens_for,
)


@pytest.fixture
async def platform(db, runtime):  # type: ignore[no-untyped-def]
    return await make_platform(db, runtime)


@pytest.fixture
async def account(db, runtime):  # type: ignore[no-untyped-def]
    return await make_account(db, runtime)


# RFC 6749 §5.2: what an error_description may hold.
DESCRIPTION = re.compile(r"[\x20\x21\x23-\x5b\x5d-\x7e]+")


def _assert_oauth_error(response: httpx.Response, status: int, error: str) -> dict[str, str]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == error
    assert DESCRIPTION.fullmatch(body["error_description"]), body["error_description"]
    assert body["error_uri"] == f"http://testserver/docs/errors#{error}"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"
    return body


async def _audit_types(db) -> list[str]:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        return list((await session.execute(select(AuditEvent.type))).scalars())


async def test_success_has_no_store_headers(client, platform, account) -> None:  # type: ignore[no-untyped-def]
    code = (await authorize(client, platform, account))["code"]
    response = await exchange(client, platform, code)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"
    assert set(response.json()) == {
        "access_token",
        "token_type",
        "expires_in",
        "refresh_token",
        "scope",
    }


async def test_client_secret_basic_works(client, platform, account) -> None:  # type: ignore[no-untyped-def]
    code = (await authorize(client, platform, account))["code"]
    response = await client.post(
        "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": platform.redirect_uri,
        },
        headers=platform.basic_header(),
    )
    assert response.status_code == 200, response.text


async def test_basic_and_post_together_are_refused(client, platform, account) -> None:  # type: ignore[no-untyped-def]
    code = (await authorize(client, platform, account))["code"]
    response = await client.post(
        "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": platform.redirect_uri,
            "client_secret": platform.client_secret,
        },
        headers=platform.basic_header(),
    )
    _assert_oauth_error(response, 400, "invalid_request")


async def test_wrong_secret_is_invalid_client_with_basic_challenge(client, platform) -> None:  # type: ignore[no-untyped-def]
    raw = base64.b64encode(f"{platform.client_id}:wrong".encode()).decode()
    response = await client.post(
        "/oauth/token",
        data={"grant_type": "refresh_token", "refresh_token": "x"},
        headers={"Authorization": f"Basic {raw}"},
    )
    _assert_oauth_error(response, 401, "invalid_client")
    assert response.headers["www-authenticate"].startswith("Basic")


async def test_basic_credentials_with_control_characters_are_invalid_request(
    client, platform
) -> None:  # type: ignore[no-untyped-def]
    # Form-encoded inside the header (RFC 6749 §2.3.1): %00 decodes to a NUL, which PostgreSQL
    # could not even compare.
    for raw_pair in (f"{platform.client_id}%00:x", f"{platform.client_id}:sk_%00"):
        raw = base64.b64encode(raw_pair.encode()).decode()
        response = await client.post(
            "/oauth/token",
            data={"grant_type": "refresh_token", "refresh_token": "x"},
            headers={"Authorization": f"Basic {raw}"},
        )
        _assert_oauth_error(response, 400, "invalid_request")


async def test_basic_credentials_outside_ascii_are_invalid_client(client, platform) -> None:  # type: ignore[no-untyped-def]
    # HTTP headers arrive as Latin-1: a byte over 0x7f is no base64 at all.
    response = await client.post(
        "/oauth/token",
        data={"grant_type": "refresh_token", "refresh_token": "x"},
        headers={"Authorization": b"Basic \xff\xfe"},
    )
    _assert_oauth_error(response, 401, "invalid_client")


async def test_unknown_client_gets_the_same_answer_as_a_wrong_secret(client, platform) -> None:  # type: ignore[no-untyped-def]
    wrong = await client.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": "x",
            "client_id": platform.client_id,
            "client_secret": "sk_test_wrong",
        },
    )
    unknown = await client.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": "x",
            "client_id": "plat_test_nobody",
            "client_secret": "sk_test_wrong",
        },
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert "www-authenticate" not in wrong.headers  # no Basic was used


async def test_form_encoding_is_required(client, platform) -> None:  # type: ignore[no-untyped-def]
    response = await client.post(
        "/oauth/token", json={"grant_type": "refresh_token", **platform.post_auth()}
    )
    _assert_oauth_error(response, 400, "invalid_request")


async def test_duplicated_parameter_is_invalid_request(client, platform) -> None:  # type: ignore[no-untyped-def]
    body = f"grant_type=refresh_token&grant_type=refresh_token&client_id={platform.client_id}"
    response = await client.post(
        "/oauth/token",
        content=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    _assert_oauth_error(response, 400, "invalid_request")


async def test_unsupported_and_missing_grant_type(client, platform) -> None:  # type: ignore[no-untyped-def]
    response = await client.post(
        "/oauth/token", data={"grant_type": "password", **platform.post_auth()}
    )
    _assert_oauth_error(response, 400, "unsupported_grant_type")
    # What the client sent, quoted back, in the characters the RFC allows and at a bounded length.
    for sent in ('pa"ss\\wé\u202e', "x" * 5000):
        response = await client.post(
            "/oauth/token", data={"grant_type": sent, **platform.post_auth()}
        )
        body = _assert_oauth_error(response, 400, "unsupported_grant_type")
        assert len(body["error_description"]) <= 300
    response = await client.post("/oauth/token", data=platform.post_auth())
    _assert_oauth_error(response, 400, "invalid_request")


async def test_code_is_single_use_and_replay_revokes_its_tokens(
    client, db, platform, account
) -> None:  # type: ignore[no-untyped-def]
    code = (await authorize(client, platform, account))["code"]
    first = await exchange(client, platform, code)
    assert first.status_code == 200
    tokens = first.json()
    assert (await client.get("/v1/me", headers=bearer(tokens["access_token"]))).status_code == 200

    replay = await exchange(client, platform, code)
    _assert_oauth_error(replay, 400, "invalid_grant")
    me = await client.get("/v1/me", headers=bearer(tokens["access_token"]))
    assert me.status_code == 401
    _assert_oauth_error(
        await refresh(client, platform, tokens["refresh_token"]), 400, "invalid_grant"
    )
    assert "oauth.code_replayed" in await _audit_types(db)


async def test_code_replay_does_not_touch_other_families(client, platform, account) -> None:  # type: ignore[no-untyped-def]
    other = await tokens_for(client, platform, account)
    code = (await authorize(client, platform, account))["code"]
    assert (await exchange(client, platform, code)).status_code == 200
    await exchange(client, platform, code)
    assert (await client.get("/v1/me", headers=bearer(other["access_token"]))).status_code == 200


async def test_code_expires_after_60_seconds(client, clock, platform, account) -> None:  # type: ignore[no-untyped-def]
    code = (await authorize(client, platform, account))["code"]
    clock.advance(seconds=61)
    _assert_oauth_error(await exchange(client, platform, code), 400, "invalid_grant")


async def test_code_is_bound_to_its_client(client, db, runtime, platform, account) -> None:  # type: ignore[no-untyped-def]
    code = (await authorize(client, platform, account))["code"]
    thief = await make_platform(db, runtime, name="Thief")
    _assert_oauth_error(await exchange(client, thief, code), 400, "invalid_grant")
    # and the rightful client can still use it: a foreign attempt does not burn it
    assert (await exchange(client, platform, code)).status_code == 200


async def test_redirect_uri_must_match_the_authorized_one(client, db, runtime, account) -> None:  # type: ignore[no-untyped-def]
    two = await make_platform(
        db,
        runtime,
        redirect_uris=["https://platform.example/callback", "https://platform.example/other"],
    )
    code = (await authorize(client, two, account))["code"]
    response = await exchange(client, two, code, redirect_uri="https://platform.example/other")
    _assert_oauth_error(response, 400, "invalid_grant")
    missing = await client.post(
        "/oauth/token", data={"grant_type": "authorization_code", "code": code, **two.post_auth()}
    )
    _assert_oauth_error(missing, 400, "invalid_request")


async def test_pkce_verifier_checks(client, platform, account) -> None:  # type: ignore[no-untyped-def]
    verifier, challenge = pkce_pair()
    params = {"code_challenge": challenge, "code_challenge_method": "S256"}
    code = (await authorize(client, platform, account, **params))["code"]
    _assert_oauth_error(await exchange(client, platform, code), 400, "invalid_grant")  # missing

    code = (await authorize(client, platform, account, **params))["code"]
    wrong, _ = pkce_pair()
    _assert_oauth_error(
        await exchange(client, platform, code, code_verifier=wrong), 400, "invalid_grant"
    )

    code = (await authorize(client, platform, account, **params))["code"]
    assert (await exchange(client, platform, code, code_verifier=verifier)).status_code == 200


async def test_verifier_without_challenge_is_a_downgrade(client, platform, account) -> None:  # type: ignore[no-untyped-def]
    code = (await authorize(client, platform, account))["code"]
    verifier, _ = pkce_pair()
    _assert_oauth_error(
        await exchange(client, platform, code, code_verifier=verifier), 400, "invalid_grant"
    )


async def test_public_client_exchanges_with_pkce_and_no_secret(
    client, db, runtime, account
) -> None:  # type: ignore[no-untyped-def]
    spa = await make_platform(db, runtime, public=True)
    assert spa.client_secret is None
    tokens = await tokens_for(client, spa, account)
    assert (await client.get("/v1/me", headers=bearer(tokens["access_token"]))).status_code == 200
    renewed = await refresh(client, spa, tokens["refresh_token"])
    assert renewed.status_code == 200


async def test_confidential_client_without_secret_is_invalid_client(client, platform) -> None:  # type: ignore[no-untyped-def]
    response = await client.post(
        "/oauth/token",
        data={"grant_type": "refresh_token", "refresh_token": "x", "client_id": platform.client_id},
    )
    _assert_oauth_error(response, 401, "invalid_client")


async def test_refresh_rotates_and_reuse_revokes_the_grant(client, db, platform, account) -> None:  # type: ignore[no-untyped-def]
    first = await tokens_for(client, platform, account)
    second = (await refresh(client, platform, first["refresh_token"])).json()
    assert second["refresh_token"] != first["refresh_token"]
    third = (await refresh(client, platform, second["refresh_token"])).json()
    assert (await client.get("/v1/me", headers=bearer(third["access_token"]))).status_code == 200

    reuse = await refresh(client, platform, first["refresh_token"])
    _assert_oauth_error(reuse, 400, "invalid_grant")
    # the current tokens of the grant die with it
    assert (await client.get("/v1/me", headers=bearer(third["access_token"]))).status_code == 401
    _assert_oauth_error(
        await refresh(client, platform, third["refresh_token"]), 400, "invalid_grant"
    )
    assert "oauth.refresh_token_reused" in await _audit_types(db)


async def test_a_refresh_spends_nothing_unless_the_client_authenticates(
    client, db, runtime, clock, platform, account
) -> None:  # type: ignore[no-untyped-def]
    """The refresh grant authenticates the client in the statement that spends the token (on
    PostgreSQL): a wrong secret, a secret past its grace period or a disabled platform leave
    the refresh token unspent, and the old secret works during its grace period."""
    tokens = await tokens_for(client, platform, account)
    wrong = replace(platform, client_secret="sk_test_wrong")
    _assert_oauth_error(
        await refresh(client, wrong, tokens["refresh_token"]), 401, "invalid_client"
    )
    assert "oauth.client_auth_failed" in await _audit_types(db)
    # not spent: the owner's next refresh with the right secret works, and is not a reuse
    fresh = await refresh(client, platform, tokens["refresh_token"])
    assert fresh.status_code == 200, fresh.text
    async with db.transaction() as session:
        _, secret, _ = await platforms.rotate_secret(
            session, runtime.keys, platform.client_id, grace=timedelta(hours=1), now=clock.now()
        )
    # the old secret during its grace period, then the new one
    during = await refresh(client, platform, fresh.json()["refresh_token"])
    assert during.status_code == 200, during.text
    clock.advance(seconds=3601)
    after = await refresh(client, platform, during.json()["refresh_token"])
    _assert_oauth_error(after, 401, "invalid_client")
    current = replace(platform, client_secret=secret)
    renewed = await refresh(client, current, during.json()["refresh_token"])
    assert renewed.status_code == 200, renewed.text
    me = await client.get("/v1/me", headers=bearer(renewed.json()["access_token"]))
    assert me.status_code == 200 and me.json()["livemode"] is False
    async with db.transaction() as session:
        await platforms.disable(session, platform.client_id, now=clock.now())
    _assert_oauth_error(
        await refresh(client, current, renewed.json()["refresh_token"]), 401, "invalid_client"
    )


async def test_a_live_platforms_refresh_issues_live_tokens(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    live = await make_platform(db, runtime, livemode=True)
    account = await make_account(db, runtime)
    tokens = await tokens_for(client, live, account)
    renewed = await refresh(client, live, tokens["refresh_token"])
    assert renewed.status_code == 200, renewed.text
    me = await client.get("/v1/me", headers=bearer(renewed.json()["access_token"]))
    assert me.json()["livemode"] is True


async def test_refresh_can_narrow_but_not_widen_scope(client, platform, account) -> None:  # type: ignore[no-untyped-def]
    tokens = await tokens_for(client, platform, account, scope="users:read users:write")
    wider = await refresh(
        client, platform, tokens["refresh_token"], scope="users:read reports:read"
    )
    _assert_oauth_error(wider, 400, "invalid_scope")
    # a refused narrowing does not spend the token
    narrow = await refresh(client, platform, tokens["refresh_token"], scope="users:read")
    assert narrow.status_code == 200, narrow.text
    body = narrow.json()
    assert body["scope"] == "users:read"
    me = await client.get("/v1/me", headers=bearer(body["access_token"]))
    assert me.json()["scopes"] == ["users:read"]
    # the new refresh token keeps the original grant (RFC 6749 §6)
    again = (await refresh(client, platform, body["refresh_token"])).json()
    assert again["scope"] == "users:read users:write"


async def test_refresh_token_of_another_client_is_invalid_grant(
    client, db, runtime, platform, account
) -> None:  # type: ignore[no-untyped-def]
    tokens = await tokens_for(client, platform, account)
    other = await make_platform(db, runtime, name="Other")
    _assert_oauth_error(await refresh(client, other, tokens["refresh_token"]), 400, "invalid_grant")
    # not reuse: the owner's token still works
    assert (await refresh(client, platform, tokens["refresh_token"])).status_code == 200


async def test_refresh_token_expires_after_90_days_unused(client, clock, platform, account) -> None:  # type: ignore[no-untyped-def]
    tokens = await tokens_for(client, platform, account)
    clock.advance(days=89)
    renewed = await refresh(client, platform, tokens["refresh_token"])
    assert renewed.status_code == 200
    clock.advance(days=91)
    _assert_oauth_error(
        await refresh(client, platform, renewed.json()["refresh_token"]), 400, "invalid_grant"
    )


@pytest.mark.parametrize("token", ["", "clv_ref_short", "clv_tok_" + "a" * 49, "garbage"])
async def test_malformed_refresh_tokens(client, platform, token: str) -> None:  # type: ignore[no-untyped-def]
    response = await refresh(client, platform, token)
    _assert_oauth_error(response, 400, "invalid_request" if not token else "invalid_grant")


def _from(app, address: str) -> httpx.AsyncClient:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.mark.parametrize("path", ["/oauth/token", "/oauth/introspect", "/oauth/revoke"])
async def test_wrong_secrets_slow_their_sender_and_never_lock_the_platform_out(
    app, db, platform, path: str
) -> None:  # type: ignore[no-untyped-def]
    wrong = {
        "grant_type": "refresh_token",
        "token": "x",
        "refresh_token": "x",
        "client_id": platform.client_id,
        "client_secret": "sk_test_wrong",
    }
    right = {**wrong, "client_secret": platform.client_secret}
    async with _from(app, "198.51.100.7") as attacker, _from(app, "203.0.113.20") as owner:
        for _ in range(10):
            _assert_oauth_error(await attacker.post(path, data=wrong), 401, "invalid_client")
        throttled = await attacker.post(path, data=wrong)
        # RFC 6749 §5.2 has no throttling code: still invalid_client, with 429 and Retry-After.
        _assert_oauth_error(throttled, 429, "invalid_client")
        assert int(throttled.headers["retry-after"]) > 0
        # The right secret is never refused: not from the platform's own address...
        assert (await owner.post(path, data=right)).status_code != 401
        assert (await owner.post(path, data=right)).status_code < 429
        # ...nor even from the address that sent the wrong ones.
        assert (await attacker.post(path, data=right)).status_code < 429
        assert (await attacker.post(path, data=right)).json().get("error") != "invalid_client"
    assert (await _audit_types(db)).count("oauth.client_auth_failed") == 11


async def test_throttled_basic_clients_keep_their_challenge(app, platform) -> None:  # type: ignore[no-untyped-def]
    wrong = {"grant_type": "refresh_token", "refresh_token": "x"}
    bad = httpx.BasicAuth(platform.client_id, "sk_test_wrong")
    async with _from(app, "198.51.100.8") as attacker:
        for _ in range(11):
            response = await attacker.post("/oauth/token", data=wrong, auth=bad)
    assert response.status_code == 429
    assert response.headers["www-authenticate"].startswith("Basic")
    assert int(response.headers["retry-after"]) > 0


async def test_error_uri_page_exists(client) -> None:  # type: ignore[no-untyped-def]
    page = await client.get("/docs/errors")
    assert page.status_code == 200
    for code in (
        "invalid_request",
        "invalid_client",
        "invalid_grant",
        "unauthorized_client",
        "unsupported_grant_type",
        "invalid_scope",
    ):
        assert f'id="{code}"' in page.text
