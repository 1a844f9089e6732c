"""The routes run without FastAPI's request handling (`api.dispatch`) answer exactly what
FastAPI answers: same status, body and headers — `/v1` reads of found objects, unknown and
foreign ids, a token without the scope, paths a compiled route must not take from another
route; `/v1` writes with JSON bodies, refused or not (bad JSON, wrong media types, missing
and mistyped fields); the OAuth back channel (introspection, revocation, refresh, their
refusals); pages."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from cleavr_connect.api import dispatch
from cleavr_connect.db.engine import Database
from cleavr_connect.router import ROUTERS
from cleavr_connect.runtime import Runtime
from tests.api.test_shapes import v1_routes
from tests.api.test_statement_counts import _scenario, filled_path
from tests.factories import caller, receivable_body, refresh

# Headers that differ between any two responses.
_PER_RESPONSE = {"request-id", "date"}


def _same_parts(response: httpx.Response) -> tuple[int, Any, dict[str, str]]:
    headers = {k: v for k, v in response.headers.items() if k not in _PER_RESPONSE}
    body: Any = response.content
    if response.headers.get("content-type", "").startswith("application/json"):
        body = response.json()
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            body["error"].pop("request_id", None)
    return response.status_code, body, headers


async def test_compiled_reads_answer_what_fastapi_answers(
    app: Any,
    client: httpx.AsyncClient,
    db: Database,
    runtime: Runtime,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    who, ids = await _scenario(client, db, runtime)
    stranger = await caller(client, db, runtime)
    no_scope = await caller(client, db, runtime, scope="users:read")
    compiled = {read.route.path for read in dispatch.Routes(ROUTERS).compiled}
    gets = [r for r in v1_routes(app.fastapi) if "GET" in r.methods and r.path in compiled]
    paths: list[str] = []
    for route in gets:
        paths.append(filled_path(route.path, ids))
        paths.append(filled_path(route.path, dict.fromkeys(ids, "nope_0")))
    # A POST-only path under a compiled GET pattern, and a path no route has.
    paths += ["/v1/receivables/ocr", "/v1/users/x/y/z", "/v1/nothing/here"]

    answers: dict[str, list[tuple[int, Any, dict[str, str]]]] = {}
    for fast in (True, False):
        if not fast:
            _fastapi_only(monkeypatch)
        for path in dict.fromkeys(paths):
            for who_asks in (who, stranger, no_scope):
                response = await client.get(path, headers=who_asks.headers)
                answers.setdefault(f"{path} as {id(who_asks)}", []).append(_same_parts(response))
    differing = [key for key, (fast, slow) in answers.items() if fast != slow]
    assert differing == []
    statuses = {fast[0] for fast, _ in answers.values()}
    assert {200, 403, 404} <= statuses


# Bodies every JSON route refuses or takes: (content, content type).
_BODIES: list[tuple[bytes | None, str | None]] = [
    (None, None),
    (b"", "application/json"),
    (b"{", "application/json"),
    (b"[]", "application/json"),
    (b"null", "application/json"),
    (b'{"amount": "abc", "url": 7, "user_id": []}', "application/json"),
    (b'{"amount": "abc"}', "application/json; charset=utf-8"),
    (b'{"amount": "abc"}', "application/merge-patch+json"),
    (b'{"amount": "abc"}', "text/plain"),
    (b'{"amount": "abc"}', None),
    (b'{"reason": "\xff"}', "application/json"),
    (b"\xff\xfe", "application/json"),
    (b'{"a": 1}', "application/vnd.api+json"),
    (b'{"a": 1}', "Application/JSON"),
]


async def test_compiled_writes_answer_what_fastapi_answers(
    app: Any,
    client: httpx.AsyncClient,
    db: Database,
    runtime: Runtime,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    who, ids = await _scenario(client, db, runtime)
    no_scope = await caller(client, db, runtime, scope="users:read")
    routes = dispatch.Routes(ROUTERS)
    writes = sorted(
        (method, c.route.path)
        for c in routes.compiled
        if c.body is not None and c.route.path.startswith("/v1/")
        for method in c.route.methods
    )
    assert ("POST", "/v1/receivables") in writes and ("PATCH", "/v1/users/{user_id}") in writes
    answers: dict[str, list[tuple[int, Any, dict[str, str]]]] = {}
    for method, template in writes:
        path = filled_path(template, ids)
        for n, (content, kind) in enumerate(_BODIES):
            for who_asks in (who, no_scope):
                headers = dict(who_asks.headers)
                if kind is not None:
                    headers["content-type"] = kind
                # The same request on each path, one after the other: a request that changes
                # something is answered the same, with the state it left.
                for fast in (True, False):
                    with monkeypatch.context() as patched:
                        if not fast:
                            _fastapi_only(patched)
                        response = await client.request(
                            method, path, content=content, headers=headers
                        )
                    parts = _same_parts(response)
                    if parts[0] < 300:  # written twice: compare the shapes, not the values
                        parts = (parts[0], sorted(parts[1]), parts[2])
                    key = f"{method} {template} #{n} as {id(who_asks)}"
                    answers.setdefault(key, []).append(parts)
    differing = {key: pair for key, pair in answers.items() if pair[0] != pair[1]}
    assert differing == {}
    statuses = {fast[0] for fast, _ in answers.values()}
    assert {400, 403, 415} <= statuses
    # Through the compiled path, a valid creation is a creation, and a refusal names the field.
    user = ids["user_id"]
    created = await client.post("/v1/receivables", json=receivable_body(user), headers=who.headers)
    assert created.status_code == 200 and created.json()["status"] == "in_recovery"
    bad = receivable_body(user)
    bad["invoice"]["amount_total"] = "abc"
    refused = await client.post("/v1/receivables", json=bad, headers=who.headers)
    assert refused.status_code == 400
    assert [e["param"] for e in refused.json()["error"]["errors"]] == ["invoice.amount_total"]


def _page_parts(response: httpx.Response) -> tuple[int, Any, dict[str, str]]:
    """A page with its request id (in error pages) and cookie values (random) left out."""
    status, body, headers = _same_parts(response)
    if isinstance(body, bytes):
        body = re.sub(rb"req_[0-9A-Za-z]+", b"req_", body)
    if "set-cookie" in headers:
        headers["set-cookie"] = re.sub(r"=[^;]*;", "=;", headers["set-cookie"])
    return status, body, headers


def _fastapi_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dispatch.Routes, "match", lambda self, method, path: None)


async def test_the_oauth_back_channel_answers_what_fastapi_answers(
    client: httpx.AsyncClient, db: Database, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    who = await caller(client, db, runtime)
    other = await caller(client, db, runtime)
    spare = [await caller(client, db, runtime, platform=who.platform) for _ in range(2)]
    auth = who.platform.post_auth()
    forms: list[tuple[str, dict[str, str]]] = [
        ("/oauth/introspect", {"token": who.token, **auth}),
        ("/oauth/introspect", {"token": other.token, **auth}),  # another platform's: inactive
        ("/oauth/introspect", {"token": "clv_tok_nope", **auth}),
        ("/oauth/introspect", {"token": who.token, "client_id": auth["client_id"]}),
        ("/oauth/introspect", {"token": who.token, **auth, "client_secret": "sk_test_wrong"}),
        ("/oauth/introspect", auth),
        ("/oauth/revoke", {"token": "clv_tok_nope", **auth}),
        ("/oauth/token", {"grant_type": "password", **auth}),
        ("/oauth/token", {"grant_type": "refresh_token", "refresh_token": "clv_rt_nope", **auth}),
    ]
    answers: list[list[tuple[int, Any, dict[str, str]]]] = []
    for fast in (True, False):
        if not fast:
            _fastapi_only(monkeypatch)
        seen = [_same_parts(await client.post(path, data=form)) for path, form in forms]
        seen.append(_same_parts(await client.post("/oauth/introspect", json={"token": "x"})))
        # A refresh and a revocation change state: each run spends its own caller's tokens.
        mine = spare[0 if fast else 1]
        rotated = await refresh(client, who.platform, mine.refresh_token)
        status, body, headers = _same_parts(rotated)
        seen.append((status, sorted(body), headers))
        revoked = await client.post("/oauth/revoke", data={"token": mine.token, **auth})
        seen.append(_same_parts(revoked))
        answers.append(seen)
    fast_answers, fastapi_answers = answers
    assert fast_answers == fastapi_answers
    assert fast_answers[0][1]["active"] is True and fast_answers[1][1] == {"active": False}
    assert fast_answers[-2][0] == 200


async def test_pages_answer_what_fastapi_answers(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = ["/", "/status", "/docs", "/docs/errors", "/legal/terms", "/account", "/fr/d/nope"]
    answers = []
    for fast in (True, False):
        if not fast:
            _fastapi_only(monkeypatch)
        seen = []
        for path in paths:
            client.cookies.clear()  # each page as a first visit: it sets its CSRF cookie
            seen.append(_page_parts(await client.get(path)))
        answers.append(seen)
    assert answers[0] == answers[1]
    assert {status for status, _, _ in answers[0]} >= {200, 404}


def test_routes_with_path_parameters_and_json_bodies_are_compiled_and_the_others_are_not() -> None:
    reads = dispatch.Routes(ROUTERS)
    compiled = {(m, c.route.path) for c in reads.compiled for m in c.route.methods}
    for path in (
        "/oauth/introspect",
        "/oauth/token",
        "/v1/receivables/{receivable_id}",
        "/v1/users/{user_id}",
        "/v1/webhooks/{webhook_id}",
        "/v1/events/{event_id}",
        "/v1/messages/{message_id}",
    ):
        assert ("POST" if path.startswith("/oauth") else "GET", path) in compiled
    for write in (("POST", "/v1/receivables"), ("PATCH", "/v1/users/{user_id}")):
        assert write in compiled
    # Query parameters (pages, filters) are FastAPI's to validate.
    for path in ("/v1/receivables", "/v1/users", "/v1/events", "/v1/reports/summary"):
        assert ("GET", path) not in compiled
    found = reads.match("GET", "/v1/receivables/rcv_123")
    assert found is not None and found[1] == {"receivable_id": "rcv_123"}
    assert reads.match("GET", "/v1/receivables") is None
    assert reads.match("GET", "/v1/receivables/rcv_123/payments") is None
    # Paths of the app's own routes, outside the routers: never taken.
    for path in ("/openapi.json", "/static/app.css"):
        assert reads.match("GET", path) is None
    assert reads.match("HEAD", "/v1/receivables/rcv_123") is None
