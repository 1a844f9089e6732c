"""GET/POST /oauth/authorize: error page vs redirect, PKCE rules, consent memory (SPEC §3)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import httpx
import pytest

from tests.conftest import ENGLISH
from tests.factories import (
    REDIRECT_URI,
    authorize,
    authorize_params,
    csrf_from,
    make_account,
    make_platform,
    pkce_pair,
    query_of,
    sign_in,
)

pytestmark = pytest.mark.asyncio


@pytest.fixture
async def platform(db, runtime):  # type: ignore[no-untyped-def]
    return await make_platform(db, runtime)


@pytest.fixture
async def account(db, runtime):  # type: ignore[no-untyped-def]
    return await make_account(db, runtime)


@pytest.fixture
async def signed_in(client: httpx.AsyncClient, account):  # type: ignore[no-untyped-def]
    response = await sign_in(client, account.email)
    assert response.status_code == 303
    return account


def _url(params: dict[str, str] | list[tuple[str, str]]) -> str:
    return "/oauth/authorize?" + urlencode(params)


@pytest.mark.parametrize(
    "redirect_uri",
    [
        REDIRECT_URI + "/",  # trailing slash
        REDIRECT_URI + "/extra",  # extra path
        REDIRECT_URI + "?next=1",  # added query
        "https://platform.example:8443/callback",  # other port
        "https://platform.example@evil.example/callback",  # userinfo trick
        "https://good@evil.example/callback",
        REDIRECT_URI + "#fragment",
        "http://platform.example/callback",  # other scheme
        "https://PLATFORM.example/callback",  # case is not normalised either
        "",
    ],
)
async def test_unregistered_redirect_uri_gets_error_page_never_a_redirect(
    client: httpx.AsyncClient, platform, signed_in, redirect_uri: str
) -> None:
    response = await client.get(_url(authorize_params(platform, redirect_uri=redirect_uri)))
    assert response.status_code == 400
    assert "location" not in response.headers
    assert response.headers["content-type"].startswith("text/html")
    assert "redirect_uri" in response.text


@pytest.mark.parametrize("client_id", ["", "plat_test_unknown"])
async def test_unknown_or_missing_client_gets_error_page(
    client: httpx.AsyncClient, platform, client_id: str
) -> None:
    params = authorize_params(platform)
    params["client_id"] = client_id
    response = await client.get(_url({k: v for k, v in params.items() if v}))
    assert response.status_code == 400
    assert "location" not in response.headers


async def test_duplicated_client_id_or_redirect_uri_gets_error_page(
    client: httpx.AsyncClient, platform
) -> None:
    params = list(authorize_params(platform).items())
    for name in ("client_id", "redirect_uri"):
        value = dict(params)[name]
        response = await client.get(_url([*params, (name, value)]))
        assert response.status_code == 400
        assert "location" not in response.headers


async def test_disabled_platform_gets_error_page(client, db, runtime, platform) -> None:  # type: ignore[no-untyped-def]
    from cleavr_connect.platforms import service

    async with db.transaction() as session:
        await service.disable(session, platform.client_id, now=runtime.clock.now())
    response = await client.get(_url(authorize_params(platform)))
    assert response.status_code == 400
    assert "location" not in response.headers


def _assert_error_redirect(response: httpx.Response, error: str, state: str | None) -> None:
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.startswith(REDIRECT_URI + "?")
    query = query_of(location)
    assert query["error"] == error
    # RFC 6749 §4.1.2.1: printable ASCII without a double quote or a backslash.
    assert re.fullmatch(r"[\x20\x21\x23-\x5b\x5d-\x7e]+", query["error_description"]), query
    assert query["iss"] == "http://testserver"
    if state is None:
        assert "state" not in query
    else:
        assert query["state"] == state


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"response_type": ""}, "invalid_request"),
        ({"scope": "users:read unknown:scope"}, "invalid_scope"),
        ({"scope": 'users:read "é\u202e'}, "invalid_scope"),
        ({"scope": ""}, "invalid_scope"),
        ({"code_challenge": "x" * 43, "code_challenge_method": "plain"}, "invalid_request"),
        ({"code_challenge": "x" * 43}, "invalid_request"),  # absent method means plain
        ({"code_challenge_method": "S256"}, "invalid_request"),  # method without challenge
        ({"code_challenge": "too-short", "code_challenge_method": "S256"}, "invalid_request"),
    ],
)
async def test_other_errors_redirect_with_state_and_iss(
    client: httpx.AsyncClient, platform, signed_in, overrides: dict[str, str], error: str
) -> None:
    params = authorize_params(platform)
    params.update(overrides)
    params = {k: v for k, v in params.items() if v}
    response = await client.get(_url(params))
    _assert_error_redirect(response, error, params["state"])


async def test_missing_state_is_invalid_request_without_state(
    client: httpx.AsyncClient, platform
) -> None:
    params = authorize_params(platform)
    del params["state"]
    _assert_error_redirect(await client.get(_url(params)), "invalid_request", None)


@pytest.mark.parametrize("name", ["response_type", "scope", "state", "code_challenge"])
async def test_duplicated_parameter_is_invalid_request(
    client: httpx.AsyncClient, platform, name: str
) -> None:
    _, challenge = pkce_pair()
    params = authorize_params(platform, code_challenge=challenge, code_challenge_method="S256")
    items = [*params.items(), (name, params[name])]
    response = await client.get(_url(items))
    expected_state = None if name == "state" else params["state"]
    _assert_error_redirect(response, "invalid_request", expected_state)


async def test_public_client_without_pkce_is_refused(client, db, runtime, account) -> None:  # type: ignore[no-untyped-def]
    spa = await make_platform(db, runtime, public=True)
    await sign_in(client, account.email)
    params = authorize_params(spa)
    response = await client.get(_url(params))
    _assert_error_redirect(response, "invalid_request", params["state"])
    assert "PKCE" in query_of(response.headers["location"])["error_description"]


async def test_require_pkce_flag_refuses_a_request_without_challenge(
    client,
    db,
    runtime,
    account,  # type: ignore[no-untyped-def]
) -> None:
    strict = await make_platform(db, runtime, require_pkce=True)
    params = authorize_params(strict)
    response = await client.get(_url(params))
    _assert_error_redirect(response, "invalid_request", params["state"])


async def test_pkce_is_optional_for_a_confidential_platform(client, platform, account) -> None:  # type: ignore[no-untyped-def]
    result = await authorize(client, platform, account)
    assert result["code"].startswith("auth_code_")


async def test_not_signed_in_goes_to_sign_in_then_consent(
    client: httpx.AsyncClient, platform, account
) -> None:
    params = authorize_params(platform)
    response = await client.get(_url(params))
    assert response.status_code == 303
    assert response.headers["location"].startswith("/signin?next=%2Foauth%2Fauthorize%3F")
    page = await client.get(response.headers["location"])
    assert page.status_code == 200
    assert 'name="email"' in page.text and 'name="password"' in page.text
    assert 'href="/signup?next=' in page.text


async def test_consent_page_shows_platform_mode_scopes_and_account(
    client: httpx.AsyncClient, platform, signed_in
) -> None:
    params = authorize_params(platform, scope="users:write receivables:read")
    page = await client.get(_url(params), headers=ENGLISH)
    assert page.status_code == 200
    assert "Invoicely" in page.text
    assert "Test mode" in page.text
    assert signed_in.email in page.text
    assert "Register businesses for debt recovery" in page.text
    assert "See your unpaid invoices" in page.text
    assert '<button class="primary" type="submit" name="decision" value="allow">' in page.text
    assert 'name="decision" value="deny"' in page.text
    assert page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["referrer-policy"] == "no-referrer"


async def test_allow_redirects_with_code_state_and_iss(client, platform, account) -> None:  # type: ignore[no-untyped-def]
    result = await authorize(client, platform, account, state="xyz-123")
    assert result["state"] == "xyz-123"
    assert result["iss"] == "http://testserver"
    assert result["code"].startswith("auth_code_")
    assert len(result["code"]) >= len("auth_code_") + 43


async def test_deny_redirects_with_access_denied(client, platform, account) -> None:  # type: ignore[no-untyped-def]
    result = await authorize(client, platform, account, decision="deny", state="s1")
    assert result["error"] == "access_denied"
    assert result["state"] == "s1"
    assert result["iss"] == "http://testserver"
    assert "code" not in result


async def test_consent_post_without_csrf_token_is_refused(
    client: httpx.AsyncClient, platform, signed_in
) -> None:
    url = _url(authorize_params(platform))
    await client.get(url)
    response = await client.post(url, data={"decision": "allow", "csrf_token": "0" * 64})
    assert response.status_code == 400
    assert "location" not in response.headers


async def test_registered_uri_with_query_keeps_it(client, db, runtime, account) -> None:  # type: ignore[no-untyped-def]
    uri = "https://platform.example/cb?tenant=42"
    with_query = await make_platform(db, runtime, redirect_uris=[uri])
    result = await authorize(client, with_query, account)
    assert result["tenant"] == "42"
    assert result["code"]


async def test_remembered_consent_skips_the_page_for_same_or_fewer_scopes(
    client: httpx.AsyncClient, platform, account
) -> None:
    await authorize(client, platform, account, scope="users:read users:write")
    for scope in ("users:read users:write", "users:read"):
        response = await client.get(_url(authorize_params(platform, scope=scope)))
        assert response.status_code == 303
        assert "code=" in response.headers["location"]


async def test_wider_scopes_or_prompt_consent_show_the_page_again(
    client: httpx.AsyncClient, platform, account
) -> None:
    await authorize(client, platform, account, scope="users:read")
    wider = await client.get(_url(authorize_params(platform, scope="users:read reports:read")))
    assert wider.status_code == 200 and 'name="decision"' in wider.text
    forced = await client.get(
        _url(authorize_params(platform, scope="users:read", prompt="consent"))
    )
    assert forced.status_code == 200 and 'name="decision"' in forced.text


async def test_consent_is_per_platform(client, db, runtime, platform, account) -> None:  # type: ignore[no-untyped-def]
    await authorize(client, platform, account)
    other = await make_platform(db, runtime, name="Other")
    page = await client.get(_url(authorize_params(other)))
    assert page.status_code == 200 and "Other" in page.text
    # the consent of the first does not carry over, and the form for the other still works
    response = await client.post(
        _url(authorize_params(other)),
        data={"csrf_token": csrf_from(page.text), "decision": "allow"},
    )
    assert response.status_code == 303
