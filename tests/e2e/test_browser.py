"""The hosted pages in a real headless Chromium against the live server (SPEC §3)."""

from __future__ import annotations

import email as email_lib
import email.policy as email_policy
import re
import secrets
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from cleavr_connect.accounts import repository as account_repo
from cleavr_connect.db.engine import Database
from cleavr_connect.runtime import Runtime
from cleavr_connect.scopes import Scope
from tests.e2e.conftest import LiveServer, Receiver
from tests.factories import (
    PASSWORD,
    Client,
    bearer,
    make_account,
    pkce_pair,
    query_of,
)

pytestmark = pytest.mark.browser

SCOPES = [Scope.USERS_READ, Scope.RECEIVABLES_WRITE, Scope.REPORTS_READ]


def authorization_url(live: LiveServer, client: Client, challenge: str, state: str) -> str:
    query = urlencode(
        {
            "client_id": client.client_id,
            "redirect_uri": client.redirect_uri,
            "response_type": "code",
            "scope": " ".join(SCOPES),
            "state": state,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
    )
    return f"{live.url}/oauth/authorize?{query}"


async def open_authorization(page: Any, live: LiveServer, client: Client) -> tuple[str, str]:
    """Opens a PKCE authorization URL; returns (code_verifier, state)."""
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(16)
    await page.goto(authorization_url(live, client, challenge, state))
    # Nobody is signed in in this fresh profile: the sign-in page comes first.
    await page.wait_for_url(lambda url: url.startswith(f"{live.url}/signin?"))
    return verifier, state


async def sign_in(page: Any, email: str, password: str = PASSWORD) -> None:
    await page.fill("input[name=email]", email)
    await page.fill("input[name=password]", password)
    await page.click("form[action='/signin'] button[type=submit]")


async def land_on(page: Any, receiver: Receiver) -> dict[str, str]:
    """Waits until the browser really reached the platform's callback; returns its query."""
    await page.wait_for_url(lambda url: url.startswith(receiver.callback + "?"))
    assert (await page.inner_text("body")).strip() == "ok"
    return query_of(page.url)


async def exchange(live: LiveServer, client: Client, code: str, verifier: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=live.url, timeout=10) as http:
        answer = await http.post(
            "/oauth/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": client.redirect_uri,
                "code_verifier": verifier,
                **client.post_auth(),
            },
        )
    assert answer.status_code == 200, answer.text
    return answer.json()


async def me(live: LiveServer, access_token: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=live.url, timeout=10) as http:
        return await http.get("/v1/me", headers=bearer(access_token))


async def allow_via_sign_in(
    page: Any, live: LiveServer, client: Client, receiver: Receiver, email: str
) -> dict[str, Any]:
    """Sign in, allow, exchange: the token response."""
    verifier, state = await open_authorization(page, live, client)
    await sign_in(page, email)
    await page.click("button[name=decision][value=allow]")
    result = await land_on(page, receiver)
    assert result["state"] == state
    return await exchange(live, client, result["code"], verifier)


async def test_sign_up_consent_allow_then_token_calls_me(
    page: Any,
    live_server: LiveServer,
    platform: Client,
    receiver: Receiver,
    db: Database,
) -> None:
    verifier, state = await open_authorization(page, live_server, platform)

    await page.click("#signup-link")
    await page.wait_for_url(lambda url: url.startswith(f"{live_server.url}/signup?"))
    email = f"new-{secrets.token_hex(4)}@example.com"
    await page.fill("input[name=name]", "Dominique Lefèvre")
    await page.fill("input[name=email]", email)
    await page.fill("input[name=password]", "a long enough password")
    await page.click("form[action='/signup'] button[type=submit]")

    # Signing up mails a confirmation link; opening it signs in and returns to the
    # authorization request: the consent page.
    await page.locator("#check-email").wait_for()
    (mail,) = [
        p
        for p in (live_server.settings.data_dir / "outbox").glob("mail_*.eml")
        if f"To: {email}" in p.read_text()
    ]
    text = email_lib.message_from_bytes(mail.read_bytes(), policy=email_policy.default)
    body = text.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    link = re.search(r"^(http://\S+/signup/verify\?\S+)$", body, re.M)
    assert link, body
    await page.goto(link.group(1))
    allow = page.locator("button[name=decision][value=allow]")
    await allow.wait_for()
    assert page.url.startswith(f"{live_server.url}/oauth/authorize?")
    assert "Invoicely" in await page.inner_text("h1")
    body = await page.inner_text("body")
    assert "Test mode" in body
    assert email in body
    shown = [s.strip() for s in await page.locator("ul.scopes li").all_inner_texts()]
    assert shown == [scope.description for scope in SCOPES]

    await allow.click()
    result = await land_on(page, receiver)
    assert result["code"].startswith("auth_code_")
    assert result["state"] == state
    assert result["iss"] == live_server.url
    assert "error" not in result

    tokens = await exchange(live_server, platform, result["code"], verifier)
    assert tokens["token_type"] == "Bearer"
    assert tokens["scope"] == " ".join(SCOPES)
    answer = await me(live_server, tokens["access_token"])
    assert answer.status_code == 200, answer.text
    async with db.transaction() as session:
        account = await account_repo.get_by_email(session, email)
    assert account is not None and account.name == "Dominique Lefèvre"
    assert answer.json() == {
        "platform_id": platform.client_id,
        "account_id": account.id,
        "livemode": False,
        "scopes": list(SCOPES),
    }


async def test_deny_lands_with_access_denied(
    page: Any,
    live_server: LiveServer,
    platform: Client,
    receiver: Receiver,
    db: Database,
    live_runtime: Runtime,
) -> None:
    account = await make_account(db, live_runtime)
    _, state = await open_authorization(page, live_server, platform)
    await sign_in(page, account.email)
    await page.click("button[name=decision][value=deny]")

    result = await land_on(page, receiver)
    assert result["error"] == "access_denied"
    assert result["state"] == state
    assert result["iss"] == live_server.url
    assert "code" not in result


async def test_pages_refuse_framing_and_referrers(
    page: Any,
    live_server: LiveServer,
    platform: Client,
    receiver: Receiver,
    db: Database,
    live_runtime: Runtime,
) -> None:
    account = await make_account(db, live_runtime)
    pages: dict[str, dict[str, str]] = {}

    def record(response: Any) -> None:
        html = response.headers.get("content-type", "").startswith("text/html")
        document = response.request.resource_type == "document"
        if html and document and response.url.startswith(live_server.url):
            pages[response.url.removeprefix(live_server.url).split("?")[0]] = response.headers

    page.on("response", record)
    await open_authorization(page, live_server, platform)
    await page.goto(f"{live_server.url}/signup")
    await page.go_back()
    await sign_in(page, account.email)
    await page.click("button[name=decision][value=allow]")
    await land_on(page, receiver)
    await page.goto(f"{live_server.url}/account/connections")
    await page.locator(".connection").wait_for()

    assert {"/signin", "/signup", "/oauth/authorize", "/account/connections"} <= set(pages)
    for path, headers in pages.items():
        assert headers.get("x-frame-options") == "DENY", path
        csp = [d.strip() for d in headers.get("content-security-policy", "").split(";")]
        assert "frame-ancestors 'none'" in csp, path
        assert headers.get("referrer-policy") == "no-referrer", path

    # And Chromium honours them: a third-party page can frame the platform's page, but a frame
    # of our sign-in page is refused.
    embed = urlencode([("src", receiver.callback), ("src", f"{live_server.url}/signin")])
    await page.goto(f"{receiver.origin}/embed?{embed}")
    theirs = await (await page.wait_for_selector("#f0")).content_frame()
    ours = await (await page.wait_for_selector("#f1")).content_frame()
    await theirs.wait_for_load_state()
    await ours.wait_for_load_state()
    assert (await theirs.inner_text("body")).strip() == "ok"
    assert ours.url.startswith("chrome-error://"), ours.url
    assert await ours.locator("input[name=email]").count() == 0


async def test_connections_page_revokes_the_platform(
    page: Any,
    live_server: LiveServer,
    platform: Client,
    receiver: Receiver,
    db: Database,
    live_runtime: Runtime,
) -> None:
    account = await make_account(db, live_runtime)
    tokens = await allow_via_sign_in(page, live_server, platform, receiver, account.email)
    assert (await me(live_server, tokens["access_token"])).status_code == 200

    await page.goto(f"{live_server.url}/account/connections")
    connection = page.locator(".connection", has_text="Invoicely")
    await connection.wait_for()
    assert await connection.locator("ul.scopes li").all_inner_texts() == [
        scope.description for scope in SCOPES
    ]
    await connection.get_by_role("button", name="Revoke access").click()
    await page.wait_for_url(f"{live_server.url}/account/connections?revoked=1")
    assert "Access revoked" in await page.inner_text("[role=status]")
    assert await page.locator(".connection").count() == 0

    # The grant's tokens died at once.
    refused = await me(live_server, tokens["access_token"])
    assert refused.status_code == 401, refused.text
    async with httpx.AsyncClient(base_url=live_server.url, timeout=10) as http:
        renewed = await http.post(
            "/oauth/token",
            data={
                "grant_type": "refresh_token",
                "refresh_token": tokens["refresh_token"],
                **platform.post_auth(),
            },
        )
    assert renewed.status_code == 400, renewed.text
    assert renewed.json()["error"] == "invalid_grant"
