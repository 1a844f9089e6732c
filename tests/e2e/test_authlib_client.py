"""A third-party OAuth client library (Authlib) drives the whole flow against the live server.

Authlib builds the authorization URL (PKCE S256), checks `state`, exchanges the code, refreshes,
and revokes (RFC 7009), with each client authentication method we advertise. The hosted sign-in
and consent forms are submitted by a plain cookie-keeping HTTP client, as a person's browser
would, following the stable form contract of SPEC §3.
"""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterator
from urllib.parse import urljoin

import httpx
import pytest

from cleavr_connect.db.engine import Database
from cleavr_connect.runtime import Runtime
from tests.e2e.conftest import LiveServer, form_with
from tests.factories import PASSWORD, Client, make_account, query_of

with warnings.catch_warnings():
    # Authlib's httpx integration warns, once at import, that it prefers the `httpx2` package;
    # it works with httpx, which is what the project depends on.
    from authlib import deprecate

    warnings.filterwarnings(
        "ignore",
        message="The httpx module is deprecated",
        category=deprecate.AuthlibDeprecationWarning,
    )
    from authlib.common.security import generate_token
    from authlib.integrations.base_client import OAuthError
    from authlib.integrations.httpx_client import AsyncOAuth2Client
    from authlib.oauth2.rfc6749.errors import MismatchingStateException

SCOPE = "users:read receivables:write"
AUTH_METHODS = ["client_secret_post", "client_secret_basic"]


@pytest.fixture(params=AUTH_METHODS)
async def oauth(
    request: pytest.FixtureRequest, live_server: LiveServer, platform: Client
) -> AsyncIterator[AsyncOAuth2Client]:
    async with AsyncOAuth2Client(
        client_id=platform.client_id,
        client_secret=platform.client_secret,
        token_endpoint_auth_method=request.param,
        # Authlib would otherwise revoke with client_secret_basic whatever the method above.
        revocation_endpoint_auth_method=request.param,
        scope=SCOPE,
        redirect_uri=platform.redirect_uri,
        code_challenge_method="S256",
        timeout=10,
    ) as client:
        yield client


async def consent_through_hosted_pages(live: LiveServer, authorization_url: str, email: str) -> str:
    """Signs in and allows on the hosted pages; returns the final redirect's Location."""
    async with httpx.AsyncClient(timeout=10, follow_redirects=False) as browser:
        answer = await browser.get(authorization_url)
        assert answer.status_code == 303, answer.text
        signin_url = urljoin(str(answer.url), answer.headers["location"])
        assert signin_url.startswith(f"{live.url}/signin?")

        page = await browser.get(signin_url)
        assert page.status_code == 200
        form = form_with(page.text, signin_url, "password")
        assert {"csrf_token", "next", "email", "password"} <= set(form.fields)
        answer = await browser.post(
            form.action, data={**form.fields, "email": email, "password": PASSWORD}
        )
        assert answer.status_code == 303, answer.text
        back_url = urljoin(str(answer.url), answer.headers["location"])
        assert back_url.startswith(f"{live.url}/oauth/authorize?")

        page = await browser.get(back_url)
        assert page.status_code == 200, page.text
        form = form_with(page.text, back_url, "decision")
        assert ("decision", "allow") in form.buttons and ("decision", "deny") in form.buttons
        assert "csrf_token" in form.fields
        answer = await browser.post(form.action, data={**form.fields, "decision": "allow"})
        # The platform's callback is not followed: the code is read from the Location.
        assert answer.status_code == 303, answer.text
        return answer.headers["location"]


async def connect(
    oauth: AsyncOAuth2Client, live: LiveServer, platform: Client, email: str
) -> dict[str, str]:
    """The authorization-code flow as an Authlib-based platform runs it: the first token."""
    verifier = generate_token(64)
    url, state = oauth.create_authorization_url(
        f"{live.url}/oauth/authorize", code_verifier=verifier
    )
    sent = query_of(url)
    assert sent["code_challenge_method"] == "S256" and sent["code_challenge"]

    location = await consent_through_hosted_pages(live, url, email)
    assert location.startswith(platform.redirect_uri + "?")
    result = query_of(location)
    assert result["state"] == state
    assert result["iss"] == live.url
    assert result["code"].startswith("auth_code_")

    # Authlib refuses a response whose state is not the one it sent (nothing is sent then).
    with pytest.raises(MismatchingStateException):
        await oauth.fetch_token(
            f"{live.url}/oauth/token",
            authorization_response=location,
            state=state + "-forged",
            code_verifier=verifier,
        )
    token = await oauth.fetch_token(
        f"{live.url}/oauth/token",
        authorization_response=location,
        state=state,
        code_verifier=verifier,
    )
    assert token["token_type"] == "Bearer"
    assert token["scope"] == SCOPE
    assert token["access_token"].startswith("clv_tok_")
    assert token["refresh_token"].startswith("clv_ref_")
    return dict(token)


async def me_status(live: LiveServer, access_token: str) -> int:
    async with httpx.AsyncClient(timeout=10) as http:
        answer = await http.get(
            f"{live.url}/v1/me", headers={"Authorization": f"Bearer {access_token}"}
        )
    return answer.status_code


async def test_code_flow_refresh_then_revoke(
    oauth: AsyncOAuth2Client,
    live_server: LiveServer,
    platform: Client,
    db: Database,
    live_runtime: Runtime,
) -> None:
    account = await make_account(db, live_runtime)
    first = await connect(oauth, live_server, platform, account.email)

    me = await oauth.get(f"{live_server.url}/v1/me")  # Authlib sends the bearer token
    assert me.status_code == 200, me.text
    assert me.json() == {
        "platform_id": platform.client_id,
        "account_id": account.id,
        "livemode": False,
        "scopes": SCOPE.split(),
    }

    second = dict(await oauth.refresh_token(f"{live_server.url}/oauth/token"))
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    me = await oauth.get(f"{live_server.url}/v1/me")
    assert me.status_code == 200, me.text
    assert me.json()["account_id"] == account.id

    revoked = await oauth.revoke_token(
        f"{live_server.url}/oauth/revoke",
        token=second["refresh_token"],
        token_type_hint="refresh_token",
    )
    assert revoked.status_code == 200, revoked.text
    # Revoking the refresh token ends the grant: the latest access token dies with it.
    assert await me_status(live_server, second["access_token"]) == 401
    with pytest.raises(OAuthError) as refused:
        await oauth.refresh_token(
            f"{live_server.url}/oauth/token", refresh_token=second["refresh_token"]
        )
    assert refused.value.error == "invalid_grant"


async def test_rotated_refresh_token_is_refused(
    oauth: AsyncOAuth2Client,
    live_server: LiveServer,
    platform: Client,
    db: Database,
    live_runtime: Runtime,
) -> None:
    account = await make_account(db, live_runtime)
    first = await connect(oauth, live_server, platform, account.email)

    second = dict(await oauth.refresh_token(f"{live_server.url}/oauth/token"))
    assert await me_status(live_server, second["access_token"]) == 200

    with pytest.raises(OAuthError) as refused:
        await oauth.refresh_token(
            f"{live_server.url}/oauth/token", refresh_token=first["refresh_token"]
        )
    assert refused.value.error == "invalid_grant"
    # Reuse detection: two parties hold that refresh token, so the whole grant is revoked.
    assert await me_status(live_server, second["access_token"]) == 401

    # RFC 7009: revoking an already revoked token is still a 200.
    revoked = await oauth.revoke_token(
        f"{live_server.url}/oauth/revoke",
        token=second["refresh_token"],
        token_type_hint="refresh_token",
    )
    assert revoked.status_code == 200, revoked.text
    assert await me_status(live_server, second["access_token"]) == 401
