"""HTTP hardening: API headers, body size caps and read timeouts everywhere, 405 with Allow,
and statement parameters kept out of database errors."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from types import SimpleNamespace

import httpx
import pytest
from sqlalchemy import text

from cleavr_connect.web.middleware import BodyGuardMiddleware, BodyRejected
from tests.factories import caller, csrf_from, user_body

API_HEADERS = {"cache-control": "no-store", "x-content-type-options": "nosniff"}


def _api_headers_on(response: httpx.Response) -> None:
    for name, value in API_HEADERS.items():
        assert response.headers.get(name) == value, (response.request.url, name)


async def test_every_api_answer_is_no_store_and_nosniff(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    responses = [
        await client.get("/v1/users"),  # 401
        await client.get("/v1/me", headers=who.headers),  # answered by the middleware
        await client.get("/v1/users", headers=who.headers),
        await client.get("/v1/nothing-here", headers=who.headers),  # 404
        await client.post("/v1/users", json={"email": "x"}, headers=who.headers),  # 400
        await client.post("/v1/users", json=user_body(), headers=who.headers),  # 200
        await client.get("/v1/reports/summary", params={"format": "csv"}, headers=who.headers),
    ]
    assert [r.status_code for r in responses] == [401, 200, 200, 404, 400, 200, 200]
    for response in responses:
        _api_headers_on(response)


async def test_unknown_method_is_405_with_every_allowed_method(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    response = await client.delete("/v1/users", headers=who.headers)
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert {m.strip() for m in response.headers["allow"].split(",")} >= {"GET", "POST"}
    assert "DELETE" not in response.headers["allow"]
    user = (await client.post("/v1/users", json=user_body(), headers=who.headers)).json()
    response = await client.put(f"/v1/users/{user['id']}", json={}, headers=who.headers)
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["allow"].split(",")} >= {"GET", "PATCH"}
    _api_headers_on(response)


async def test_oversized_api_bodies_are_413(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    big = b'{"email": "' + b"a" * (13 * 1024 * 1024) + b'"}'
    declared = await client.post(
        "/v1/users", content=big, headers={**who.headers, "Content-Type": "application/json"}
    )

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(14):
            yield b" " * (1024 * 1024)

    streamed = await client.post(  # chunked: no Content-Length to trust
        "/v1/users", content=chunks(), headers={**who.headers, "Content-Type": "application/json"}
    )
    for response in (declared, streamed):
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "body_too_large"
        _api_headers_on(response)


async def test_hosted_pages_cap_bodies_before_reading_them(client) -> None:  # type: ignore[no-untyped-def]
    page = await client.get("/signin")
    form = {"email": "a@b.fr", "password": "x", "csrf_token": csrf_from(page.text)}
    multipart = await client.post(
        "/signin", data=form, files={"upload": ("big.bin", b"\0" * (2 * 1024 * 1024))}
    )
    urlencoded = await client.post("/signin", data={**form, "padding": "x" * 100_000})
    for response in (multipart, urlencoded):
        assert response.status_code == 413
        assert response.headers["content-type"].startswith("text/html")
    token = await client.post(
        "/oauth/token", data={"grant_type": "refresh_token", "refresh_token": "x" * 20_000}
    )
    assert token.status_code == 413
    assert token.json()["error"] == "invalid_request"  # OAuth endpoints answer OAuth errors


@pytest.mark.parametrize(
    ("path", "kind"),
    [("/signin", "html"), ("/oauth/token", "oauth"), ("/v1/users", "api")],
)
async def test_a_stalled_body_ends_in_408(app, client, db, runtime, path: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    app.fastapi.state.body_idle_seconds = 0.3
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if kind == "api":
        headers = {
            **(await caller(client, db, runtime)).headers,
            "Content-Type": "application/json",
        }

    async def trickle() -> AsyncIterator[bytes]:
        yield b"a=1"
        await asyncio.sleep(5)
        yield b"&b=2"

    started = asyncio.get_running_loop().time()
    response = await client.post(path, content=trickle(), headers=headers)
    assert asyncio.get_running_loop().time() - started < 4
    assert response.status_code == 408
    if kind == "oauth":
        assert response.json()["error"] == "invalid_request"
    elif kind == "api":
        assert response.json()["error"]["code"] == "request_timeout"


async def test_a_stalled_body_ends_alone_and_a_slow_one_that_keeps_sending_is_read(  # type: ignore[no-untyped-def]
    app, client
) -> None:
    """Several reads watched at once: the stalled one ends in 408 near its limit, the one that
    sends a part within each idle period is read whole, however long it takes in all."""
    app.fastapi.state.body_idle_seconds = 0.4
    headers = {"Content-Type": "application/x-www-form-urlencoded"}

    async def stalled() -> AsyncIterator[bytes]:
        yield b"grant_type=refresh_token"
        await asyncio.sleep(5)
        yield b"&refresh_token=x"

    async def steady() -> AsyncIterator[bytes]:
        yield b"grant_type=refresh_token"
        for i in range(6):  # 6 x 0.15 s: longer than the idle limit, never idle that long
            await asyncio.sleep(0.15)
            yield f"&p{i}=1".encode()
        yield b"&refresh_token=x"

    loop = asyncio.get_running_loop()
    started = loop.time()
    late, kept = await asyncio.gather(
        client.post("/oauth/token", content=stalled(), headers=headers),
        client.post("/oauth/token", content=steady(), headers=headers),
    )
    assert late.status_code == 408
    assert late.json()["error"] == "invalid_request"
    # Read whole, then refused for what it says (no client), not for its pace.
    assert kept.status_code == 401, kept.text
    assert kept.json()["error"] == "invalid_client"
    assert loop.time() - started < 4


async def test_database_errors_never_carry_statement_parameters(db) -> None:  # type: ignore[no-untyped-def]
    secret = "argon2id-hash-that-must-not-leak"
    async with db.engine.connect() as conn:
        with pytest.raises(Exception) as caught:
            await conn.execute(
                text("INSERT INTO no_such_table (value) VALUES (:value)"), {"value": secret}
            )
    assert secret not in str(caught.value)


async def test_head_answers_as_get_without_a_body(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    for path, headers in (("/v1/users", who.headers), ("/v1/me", who.headers), ("/", {}),
                          ("/signin", {}), ("/docs", {}), ("/status", {})):  # fmt: skip
        got = await client.get(path, headers=headers)
        head = await client.head(path, headers=headers)
        assert head.status_code == got.status_code == 200, (path, head.status_code)
        assert head.content == b"", path
        assert head.headers["content-type"] == got.headers["content-type"], path
    refused = await client.head("/v1/users")
    assert refused.status_code == 401 and refused.content == b""


async def test_a_405_page_names_the_allowed_methods(client) -> None:  # type: ignore[no-untyped-def]
    response = await client.put("/signin")
    assert response.status_code == 405
    assert response.headers["content-type"].startswith("text/html")
    assert {m.strip() for m in response.headers["allow"].split(",")} == {"GET", "HEAD", "POST"}
    assert "cleavr-should-retry" not in response.headers


async def test_a_late_read_is_refused_even_when_the_server_swallows_the_cancellation() -> None:
    """A server's `receive` that catches the cancellation and answers anyway: the read is still
    late, so it ends in 408, and the task is left with no cancellation pending."""

    async def swallowing_receive() -> dict[str, object]:
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.sleep(5)
        return {"type": "http.request", "body": b"late", "more_body": False}

    async def app(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        await receive()

    state = SimpleNamespace(body_idle_seconds=0.2, body_total_seconds=5.0)
    scope = {
        "type": "http",
        "path": "/oauth/token",
        "headers": [],
        "app": SimpleNamespace(state=state),
    }
    started = asyncio.get_running_loop().time()
    with pytest.raises(BodyRejected) as refused:
        await BodyGuardMiddleware(app)(scope, swallowing_receive, None)  # type: ignore[arg-type]
    assert refused.value.status_code == 408
    assert asyncio.get_running_loop().time() - started < 2
    task = asyncio.current_task()
    assert task is not None and task.cancelling() == 0
    await asyncio.sleep(0)  # no cancellation left to land here
