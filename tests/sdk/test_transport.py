"""Transport rules against the live server: one Idempotency-Key per logical POST reused across
retries (a dropped response is replayed, not re-created), Retry-After on 429, connection errors,
the pinned Cleavr-Version and the error envelope mapped to exceptions."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from cleavr import (
    APIConnectionError,
    AsyncCleavrConnect,
    CleavrConnect,
    InvalidRequestError,
    PermissionDeniedError,
    Token,
)

from cleavr_connect.models import Account
from tests.e2e.conftest import LiveServer
from tests.factories import Client
from tests.sdk.conftest import AsyncRecorder, Recorder, aconnect, connect


class DropFirstResponse(httpx.BaseTransport):
    """Forwards every request to the real server; for the first POST /v1/users it then throws
    the answer away and raises a connection error, as a dropped connection would."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.dropped: list[httpx.Response] = []
        self.seen: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        response = self.inner.handle_request(request)
        if request.method == "POST" and request.url.path == "/v1/users" and not self.dropped:
            response.read()
            self.dropped.append(response)
            raise httpx.ReadError("connection reset by peer", request=request)
        return response


class AsyncDropFirstResponse(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.dropped: list[httpx.Response] = []
        self.seen: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        response = await self.inner.handle_async_request(request)
        if request.method == "POST" and request.url.path == "/v1/users" and not self.dropped:
            await response.aread()
            self.dropped.append(response)
            raise httpx.ReadError("connection reset by peer", request=request)
        return response


def _posts(requests: list[httpx.Request]) -> list[httpx.Request]:
    return [r for r in requests if r.method == "POST" and r.url.path == "/v1/users"]


def test_a_dropped_post_is_replayed_not_duplicated(
    server: LiveServer, platform: Client, account: Account, recorder: Recorder
) -> None:
    dropping = DropFirstResponse(recorder)
    with httpx.Client(transport=dropping) as http:
        sdk = CleavrConnect(
            client_id=platform.client_id,
            client_secret=platform.client_secret,
            base_url=server.url,
            http_client=http,
        )
        connect(sdk, account)
        user = sdk.users.create(email="once@acme.example")

        first, retry = _posts(dropping.seen)
        assert first.headers["idempotency-key"] == retry.headers["idempotency-key"]
        assert dropping.dropped[0].status_code == 200  # the server did create it
        replay = recorder.responses[-1]
        assert replay.headers["idempotent-replayed"] == "true"
        assert replay.json()["id"] == dropping.dropped[0].json()["id"] == user.id
        assert [u.id for u in sdk.users.list()] == [user.id]

        # A new logical POST gets a new key.
        sdk.users.create(email="twice@acme.example")
        assert (
            _posts(dropping.seen)[-1].headers["idempotency-key"] != first.headers["idempotency-key"]
        )
        # A caller's own key is used as given.
        mine = sdk.users.create(email="mine@acme.example", idempotency_key="order-42")
        again = sdk.users.create(email="mine@acme.example", idempotency_key="order-42")
        assert mine.id == again.id
        assert len(list(sdk.users.list())) == 3


async def test_async_dropped_post_is_replayed(
    server: LiveServer, platform: Client, account: Account, async_recorder: AsyncRecorder
) -> None:
    dropping = AsyncDropFirstResponse(async_recorder)
    async with httpx.AsyncClient(transport=dropping) as http:
        sdk = AsyncCleavrConnect(
            client_id=platform.client_id,
            client_secret=platform.client_secret,
            base_url=server.url,
            http_client=http,
        )
        await aconnect(sdk, account)
        user = await sdk.users.create(email="once@acme.example")
        first, retry = _posts(dropping.seen)
        assert first.headers["idempotency-key"] == retry.headers["idempotency-key"]
        assert async_recorder.responses[-1].headers["idempotent-replayed"] == "true"
        assert [u.id async for u in sdk.users.list()] == [user.id]


def test_429_waits_for_retry_after(
    throttled_server: LiveServer, platform: Client, account: Account, recorder: Recorder
) -> None:
    with httpx.Client(transport=recorder) as http:
        sdk = CleavrConnect(
            client_id=platform.client_id,
            client_secret=platform.client_secret,
            base_url=throttled_server.url,
            http_client=http,
            max_retries=3,
        )
        connect(sdk, account)
        for _ in range(6):  # three times the limit of 2 per second
            sdk.me.retrieve()
    limited = [r for r in recorder.responses if r.status_code == 429]
    assert limited, "the server never throttled: the test proves nothing"
    assert all("retry-after" in r.headers for r in limited)
    assert recorder.responses[-1].status_code == 200


def test_connection_errors_are_retried_then_raised(platform: Client) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once closed
    token = Token("clv_tok_x", "clv_ref_x", datetime.now(UTC) + timedelta(hours=1))
    sdk = CleavrConnect(
        client_id=platform.client_id, base_url=f"http://127.0.0.1:{port}", token=token
    )
    with pytest.raises(APIConnectionError) as failed:
        sdk.me.retrieve(max_retries=1)
    assert "ConnectError" in str(failed.value)
    assert failed.value.request is not None


def test_version_is_pinned_and_overridable(
    sdk: CleavrConnect, account: Account, recorder: Recorder
) -> None:
    connect(sdk, account)
    sdk.me.retrieve()
    assert recorder.requests[-1].headers["cleavr-version"] == "2026-01-02"
    assert recorder.responses[-1].headers["cleavr-version"] == "2026-01-02"
    sdk.me.retrieve(cleavr_version="2025-08-28")
    assert recorder.requests[-1].headers["cleavr-version"] == "2025-08-28"
    assert recorder.responses[-1].headers["cleavr-version"] == "2025-08-28"
    with pytest.raises(InvalidRequestError) as bad:
        sdk.me.retrieve(cleavr_version="1999-01-01")
    assert bad.value.code == "invalid_api_version"
    assert bad.value.param == "Cleavr-Version"


def test_error_envelope_becomes_typed_exceptions(
    sdk: CleavrConnect, account: Account, recorder: Recorder
) -> None:
    connect(sdk, account, scopes=["users:read", "users:write"])
    with pytest.raises(InvalidRequestError) as invalid:
        sdk.users.create(email="not-an-email", company={"siret": "123"})
    error = invalid.value
    assert error.status_code == 400
    assert error.code and error.param
    assert {e["param"] for e in error.errors} >= {"email", "company.siret"}
    assert error.request_id == recorder.responses[-1].headers["request-id"]
    assert isinstance(error.body, dict) and error.body["error"]["type"] == "invalid_request_error"
    assert error.param in str(error) and error.request_id in str(error)

    user = sdk.users.create(email="ok@acme.example")
    with pytest.raises(PermissionDeniedError) as denied:
        sdk.test_helpers.users.verify(user.id)  # needs receivables:write
    assert denied.value.status_code == 403 and denied.value.code == "insufficient_scope"
