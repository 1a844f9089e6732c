"""Hosted sign-in, sign-up, connections pages, throttling and the audit trail."""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi import APIRouter
from sqlalchemy import select, text

from cleavr_connect.db.base import Base
from cleavr_connect.models import AuditEvent, Grant
from tests.factories import (
    PASSWORD,
    authorize,
    bearer,
    csrf_from,
    make_account,
    make_platform,
    sign_in,
    tokens_for,
)


@pytest.fixture
async def account(db, runtime):  # type: ignore[no-untyped-def]
    return await make_account(db, runtime)


async def _audit(db) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        return list(
            (await session.execute(select(AuditEvent).order_by(AuditEvent.created_at))).scalars()
        )


async def test_sign_in_sets_an_httponly_session_cookie(client: httpx.AsyncClient, account) -> None:
    response = await sign_in(client, account.email)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "clv_session=clv_ses_" in cookie
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie


async def test_wrong_password_re_renders_with_a_message(client, db, account) -> None:  # type: ignore[no-untyped-def]
    response = await sign_in(client, account.email, "wrong password!")
    assert response.status_code == 401
    assert "The email or password is incorrect." in response.text
    assert account.email in response.text  # the email is kept in the form
    events = await _audit(db)
    assert [e.type for e in events if e.type.startswith("account.signin")] == [
        "account.signin_failed"
    ]
    assert events[-1].request_id and events[-1].request_id.startswith("req_")


async def test_sign_in_without_csrf_token_is_refused(client: httpx.AsyncClient, account) -> None:
    await client.get("/signin")
    response = await client.post("/signin", data={"email": account.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "clv_session" not in response.headers.get("set-cookie", "")


def _from(app, address: str) -> httpx.AsyncClient:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def test_wrong_passwords_slow_the_guesser_not_the_owner(app, db, clock, account) -> None:  # type: ignore[no-untyped-def]
    async with _from(app, "198.51.100.7") as guesser, _from(app, "203.0.113.20") as owner:
        for _ in range(5):
            assert (await sign_in(guesser, account.email, "wrong password!")).status_code == 401
        # The owner, elsewhere, signs in with the right password at once.
        assert (await sign_in(owner, account.email)).status_code == 303
        # The guesser waits, and each further failure doubles the wait.
        waits = []
        for _ in range(4):
            throttled = await sign_in(guesser, account.email, "wrong password!")
            assert throttled.status_code == 429
            waits.append(int(throttled.headers["retry-after"]))
            clock.advance(seconds=waits[-1])
            assert (await sign_in(guesser, account.email, "wrong password!")).status_code == 401
        assert waits == [1, 2, 4, 8]
    assert "account.signin_throttled" in [e.type for e in await _audit(db)]


async def test_the_delay_ends_and_a_success_forgets_it(client, clock, account) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        await sign_in(client, account.email, "wrong password!")
    assert (await sign_in(client, account.email)).status_code == 429
    clock.advance(seconds=1)
    assert (await sign_in(client, account.email)).status_code == 303
    client.cookies.clear()
    assert (await sign_in(client, account.email, "wrong password!")).status_code == 401


async def test_failed_sign_ins_are_throttled_per_ip(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    # 20 failures spread over unknown accounts from one address
    for i in range(20):
        assert (
            await sign_in(client, f"nobody{i}@example.com", "wrong password!")
        ).status_code == 401
    account = await make_account(db, runtime)
    assert (await sign_in(client, account.email)).status_code == 429


async def test_sign_up_errors_are_shown_next_to_each_field(client, account) -> None:  # type: ignore[no-untyped-def]
    page = await client.get("/signup")
    response = await client.post(
        "/signup",
        data={
            "email": account.email,
            "password": "short",
            "name": "",
            "csrf_token": csrf_from(page.text),
            "next": "",
        },
    )
    assert response.status_code == 400
    # A registered address is never disclosed (tests/hosted/test_signup_verification.py).
    assert 'id="email-error"' not in response.text and "already" not in response.text
    assert 'id="password-error"' in response.text
    assert 'id="name-error"' in response.text


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "/docs/errors",
        "javascript:alert(1)",
    ],
)
async def test_next_never_leaves_our_pages(client, account, next_url: str) -> None:  # type: ignore[no-untyped-def]
    page = await client.get("/signin")
    response = await client.post(
        "/signin",
        data={
            "email": account.email,
            "password": PASSWORD,
            "csrf_token": csrf_from(page.text),
            "next": next_url,
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/account/connections"


async def test_connections_page_lists_and_revokes(client, db, runtime, account) -> None:  # type: ignore[no-untyped-def]
    platform = await make_platform(db, runtime, name="Facturo")
    tokens = await tokens_for(client, platform, account)
    page = await client.get("/account/connections")
    assert page.status_code == 200
    assert "Facturo" in page.text
    grant_id = re.search(r'data-grant="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]

    # another account cannot revoke it
    intruder = httpx.AsyncClient(
        transport=client._transport, base_url="http://testserver", headers=client.headers
    )
    other = await make_account(db, runtime)
    await sign_in(intruder, other.email)
    their_page = await intruder.get("/account/connections")
    refused = await intruder.post(
        f"/account/connections/{grant_id}/revoke", data={"csrf_token": csrf_from(their_page.text)}
    )
    assert refused.status_code == 404
    await intruder.aclose()
    assert (await client.get("/v1/me", headers=bearer(tokens["access_token"]))).status_code == 200

    response = await client.post(
        f"/account/connections/{grant_id}/revoke", data={"csrf_token": csrf_from(page.text)}
    )
    assert response.status_code == 303
    assert (await client.get("/v1/me", headers=bearer(tokens["access_token"]))).status_code == 401
    refreshed = await client.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": tokens["refresh_token"],
            **platform.post_auth(),
        },
    )
    assert refreshed.status_code == 400
    after = await client.get(response.headers["location"])
    assert "Access revoked" in after.text and "Facturo" not in after.text
    async with db.transaction() as session:
        grant = await session.get(Grant, grant_id)
        assert grant is not None and grant.revoked_reason == "revoked_by_account"
    # consent is forgotten: the next authorization asks again
    assert "oauth.grant_revoked" in [e.type for e in await _audit(db)]


async def test_revoke_without_csrf_is_refused(client, db, runtime, account) -> None:  # type: ignore[no-untyped-def]
    platform = await make_platform(db, runtime)
    tokens = await tokens_for(client, platform, account)
    page = await client.get("/account/connections")
    grant_id = re.search(r'data-grant="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    response = await client.post(f"/account/connections/{grant_id}/revoke", data={})
    assert response.status_code == 400
    assert (await client.get("/v1/me", headers=bearer(tokens["access_token"]))).status_code == 200


async def test_connections_requires_sign_in(client: httpx.AsyncClient) -> None:
    response = await client.get("/account/connections")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/signin?next=/account/connections")


async def test_sign_out_ends_the_session(client, account) -> None:  # type: ignore[no-untyped-def]
    await sign_in(client, account.email)
    page = await client.get("/account/connections")
    response = await client.post("/signout", data={"csrf_token": csrf_from(page.text)})
    assert response.status_code == 303
    assert (await client.get("/account/connections")).status_code == 303


async def test_sign_out_without_its_csrf_token_changes_nothing(client, account) -> None:  # type: ignore[no-untyped-def]
    await sign_in(client, account.email)
    session_cookie = client.cookies["clv_session"]
    response = await client.post("/signout", data={"csrf_token": "0" * 64})
    assert response.status_code == 400
    assert "clv_session" not in response.headers.get("set-cookie", "")
    assert client.cookies["clv_session"] == session_cookie
    assert (await client.get("/account/connections")).status_code == 200


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("password1234", "password_too_weak"),
        ("azertyuiop123", "password_too_weak"),
        ("motdepasse2024", "password_too_weak"),
        ("1234567890", "password_too_weak"),
        ("qwertyuiop", "password_too_weak"),
        ("lea.dupont@example.fr", "password_too_weak"),  # the e-mail itself
        ("léa dupont 1990", "password_too_weak"),  # the name and a year
        ("short", "password_too_short"),
    ],
)
async def test_sign_up_refuses_guessable_passwords(client, password: str, code: str) -> None:  # type: ignore[no-untyped-def]
    page = await client.get("/signup")
    response = await client.post(
        "/signup",
        data={
            "email": "lea.dupont@example.fr",
            "password": password,
            "name": "Léa Dupont",
            "csrf_token": csrf_from(page.text),
        },
    )
    assert response.status_code == 400
    assert "clv_session" not in response.headers.get("set-cookie", "")
    expected = {
        "password_too_weak": ("too easy to guess", "trop facile à deviner"),
        "password_too_short": ("at least 10 characters", "au moins 10 caractères"),
    }[code]
    assert any(text in response.text for text in expected)


async def test_audit_trail_has_the_flow_and_no_secret_anywhere(
    client, db, runtime, account
) -> None:  # type: ignore[no-untyped-def]
    platform = await make_platform(db, runtime)
    tokens = await tokens_for(client, platform, account)
    code = (await authorize(client, platform, account, prompt="consent"))["code"]
    types = [e.type for e in await _audit(db)]
    assert "oauth.consent_granted" in types and "account.signin_succeeded" in types
    secrets = [
        tokens["access_token"],
        tokens["refresh_token"],
        code,
        platform.client_secret,
        platform.webhook_secret,
        PASSWORD,
    ]
    # No table anywhere holds a token, code, secret or password in clear.
    async with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            rows = (await conn.execute(text(f'SELECT * FROM "{table.name}"'))).all()
            dump = repr(rows)
            for secret in secrets:
                assert secret not in dump, f"{table.name} holds a secret in clear"


async def test_unexpected_errors_answer_the_envelope_without_a_trace(
    client, app, db, runtime, account
) -> None:  # type: ignore[no-untyped-def]
    router = APIRouter()

    @router.post("/v1/_test/boom")
    async def boom() -> None:
        raise RuntimeError("internal detail that must not leak")

    app.fastapi.include_router(router)
    platform = await make_platform(db, runtime)
    tokens = await tokens_for(client, platform, account)
    response = await client.post("/v1/_test/boom", headers=bearer(tokens["access_token"]))
    assert response.status_code == 500
    body = response.json()["error"]
    assert body["type"] == "api_error"
    assert body["request_id"] == response.headers["request-id"]
    assert "internal detail" not in response.text and "Traceback" not in response.text


async def test_an_answered_error_ends_the_request_normally_for_the_server(app, db, runtime) -> None:  # type: ignore[no-untyped-def]
    """The 500 is sent and logged; the application then returns as after any answer. Raised on
    to the server, it would make the server drop the keep-alive connection and the client's
    next request on it fail with a network error."""
    router = APIRouter()

    @router.get("/_test/boom")
    async def boom() -> None:
        raise RuntimeError("internal detail that must not leak")

    app.fastapi.include_router(router)
    sent: list[dict] = []  # type: ignore[type-arg]

    async def receive() -> dict:  # type: ignore[type-arg]
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:  # type: ignore[type-arg]
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/_test/boom",
        "raw_path": b"/_test/boom",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 1234),
        "server": ("testserver", 80),
    }
    await app(scope, receive, send)  # returns: nothing raised on to the server
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 500
    assert b"internal detail" not in b"".join(m.get("body", b"") for m in sent[1:])
