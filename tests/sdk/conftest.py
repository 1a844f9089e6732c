"""The SDK against the real server: uvicorn on a real port (SQLite and PostgreSQL, through the
shared `db_url`), test data made with the server's own factories, and the hosted sign-in and
consent forms submitted over HTTP as a person's browser would.

The SDK's server runs without rate limits (50 concurrent calls must not be throttled); a second,
throttled server exists for the Retry-After test.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urljoin

import httpx
import pytest
from cleavr import AsyncCleavrConnect, CleavrConnect, MemoryTokenStore, Token
from sqlalchemy.exc import DBAPIError

from cleavr_connect.db.engine import Database
from cleavr_connect.models import Account
from cleavr_connect.runtime import Runtime, build_runtime
from tests.conftest import truncate_all
from tests.e2e.conftest import LiveServer, form_with, serve_live
from tests.factories import PASSWORD, REDIRECT_URI, Client, make_account, make_platform

ALL_SCOPES = [
    "users:read",
    "users:write",
    "receivables:read",
    "receivables:write",
    "webhooks:read",
    "webhooks:write",
    "reports:read",
    "commission:read",
]


def _serve(db_url: str, tmp: pytest.TempPathFactory, **overrides: int) -> Iterator[LiveServer]:
    yield from serve_live(db_url, tmp, "sdk-live-data", **overrides)


@pytest.fixture(scope="session")
def _sdk_server(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    yield from _serve(db_url, tmp_path_factory, rate_limit_live=0, rate_limit_test=0)


@pytest.fixture(scope="session")
def _throttled_server(
    db_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    yield from _serve(db_url, tmp_path_factory, rate_limit_live=2, rate_limit_test=2)


@pytest.fixture
async def db(database: Database) -> AsyncIterator[Database]:
    """The shared database emptied before each test, as tests/conftest.py does, but retrying
    when PostgreSQL picks the TRUNCATE as the victim of a deadlock with a live server's webhook
    worker, which keeps polling its queue while tests clean up."""
    for attempt in range(10):
        try:
            await truncate_all(database)
            break
        except DBAPIError as exc:
            if "deadlock" not in str(exc) or attempt == 9:
                raise
            await asyncio.sleep(0.05)
    yield database


@pytest.fixture
async def server(_sdk_server: LiveServer, db: Database) -> LiveServer:
    """The live server, its database emptied for this test."""
    return _sdk_server


@pytest.fixture
async def throttled_server(_throttled_server: LiveServer, db: Database) -> LiveServer:
    return _throttled_server


@pytest.fixture
def server_runtime(server: LiveServer) -> Runtime:
    return build_runtime(server.settings)


@pytest.fixture
async def platform(db: Database, server_runtime: Runtime) -> Client:
    return await make_platform(db, server_runtime, name="Invoicely")


@pytest.fixture
async def account(db: Database, server_runtime: Runtime) -> Account:
    return await make_account(db, server_runtime)


# --------------------------------------------------------------------------- the person


def consent(authorization_url: str, email: str, password: str = PASSWORD) -> str:
    """Signs in and allows on the hosted pages; returns the Location of the redirect back to
    the platform (not followed: it points at the platform's site)."""
    with httpx.Client(timeout=10, follow_redirects=False) as browser:
        answer = browser.get(authorization_url)
        if answer.status_code == 303 and "/signin" in answer.headers["location"]:
            signin_url = urljoin(str(answer.url), answer.headers["location"])
            page = browser.get(signin_url)
            form = form_with(page.text, signin_url, "password")
            answer = browser.post(
                form.action, data={**form.fields, "email": email, "password": password}
            )
            assert answer.status_code == 303, answer.text
            back = urljoin(str(answer.url), answer.headers["location"])
            answer = browser.get(back)
        if answer.status_code == 200:
            form = form_with(answer.text, str(answer.url), "decision")
            answer = browser.post(form.action, data={**form.fields, "decision": "allow"})
        assert answer.status_code == 303, answer.text
        return answer.headers["location"]


# --------------------------------------------------------------------------- observing


class Recorder(httpx.BaseTransport):
    """A real transport that remembers what went over the wire (not a mock: every request
    reaches the server)."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.requests: list[httpx.Request] = []
        self.responses: list[httpx.Response] = []
        self._guard = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._guard:
            self.requests.append(request)
        response = self.inner.handle_request(request)
        response.read()
        with self._guard:
            self.responses.append(response)
        return response

    def refreshes(self) -> int:
        return sum(1 for r in self.requests if _is_refresh(r))

    def close(self) -> None:
        self.inner.close()


class AsyncRecorder(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.requests: list[httpx.Request] = []
        self.responses: list[httpx.Response] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        response = await self.inner.handle_async_request(request)
        await response.aread()
        self.responses.append(response)
        return response

    def refreshes(self) -> int:
        return sum(1 for r in self.requests if _is_refresh(r))

    async def aclose(self) -> None:
        await self.inner.aclose()


def _is_refresh(request: httpx.Request) -> bool:
    return request.url.path == "/oauth/token" and b"grant_type=refresh_token" in request.content


class Clock:
    """The SDK's injectable clock: real time plus an offset the test moves."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def jump_to(self, moment: datetime) -> None:
        self.offset = moment - datetime.now(UTC)


@pytest.fixture
def sdk_clock() -> Clock:
    return Clock()


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    transport = Recorder()
    yield transport
    transport.close()


@pytest.fixture
def sdk(
    server: LiveServer, platform: Client, sdk_clock: Clock, recorder: Recorder
) -> Iterator[CleavrConnect]:
    """The blocking client of the test platform, in-memory store, observed transport."""
    with httpx.Client(transport=recorder, timeout=15) as http:
        yield CleavrConnect(
            client_id=platform.client_id,
            client_secret=platform.client_secret,
            base_url=server.url,
            token_store=MemoryTokenStore(),
            clock=sdk_clock,
            http_client=http,
        )


@pytest.fixture
def async_recorder() -> AsyncRecorder:
    return AsyncRecorder()


@pytest.fixture
async def async_sdk(
    server: LiveServer, platform: Client, sdk_clock: Clock, async_recorder: AsyncRecorder
) -> AsyncIterator[AsyncCleavrConnect]:
    async with httpx.AsyncClient(transport=async_recorder, timeout=15) as http:
        yield AsyncCleavrConnect(
            client_id=platform.client_id,
            client_secret=platform.client_secret,
            base_url=server.url,
            token_store=MemoryTokenStore(),
            clock=sdk_clock,
            http_client=http,
        )


def connect(client: CleavrConnect, account: Account, scopes: list[str] | None = None) -> Token:
    """The whole authorization flow through the SDK: URL, hosted pages, callback, exchange."""
    auth = client.oauth.authorization_url(REDIRECT_URI, scopes or ALL_SCOPES)
    return client.oauth.handle_callback(consent(auth.url, account.email), auth)


async def aconnect(
    client: AsyncCleavrConnect, account: Account, scopes: list[str] | None = None
) -> Token:
    auth = client.oauth.authorization_url(REDIRECT_URI, scopes or ALL_SCOPES)
    location = await asyncio.to_thread(consent, auth.url, account.email)
    return await client.oauth.handle_callback(location, auth)


# --------------------------------------------------------------------------- webhooks


class WebhookReceiver:
    """The platform's webhook endpoint: a real HTTP server keeping each delivery's raw body and
    headers exactly as they arrived."""

    def __init__(self) -> None:
        self.deliveries: list[tuple[bytes, dict[str, str]]] = []
        self._arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server protocol
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver._arrived:
                    receiver.deliveries.append((body, dict(self.headers.items())))
                    receiver._arrived.notify_all()
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/hooks"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def wait_for(self, count: int, timeout: float = 15.0) -> list[tuple[bytes, dict[str, str]]]:
        with self._arrived:
            self._arrived.wait_for(lambda: len(self.deliveries) >= count, timeout)
        assert len(self.deliveries) >= count, f"{len(self.deliveries)} deliveries, not {count}"
        return list(self.deliveries)

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


@pytest.fixture
def webhook_receiver() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    yield receiver
    receiver.close()


@pytest.fixture
def delivery_worker(server: LiveServer) -> Iterator[None]:
    """A webhook worker for one test, in a thread of its own: a session-long worker would
    deliver (and lock) other tests' rows while they run."""
    import threading

    from cleavr_connect.webhooks.worker import Worker

    ready, stopped = threading.Event(), threading.Event()
    holder: dict[str, Any] = {}

    async def main() -> None:
        db = Database(server.settings.database_url, pool_size=2)
        worker = Worker(db, build_runtime(server.settings), poll_seconds=0.05)
        holder["worker"], holder["loop"] = worker, asyncio.get_running_loop()
        ready.set()
        try:
            await worker.run()
        finally:
            await db.dispose()
            stopped.set()

    thread = threading.Thread(target=lambda: asyncio.run(main()), daemon=True)
    thread.start()
    ready.wait(10)
    yield
    holder["loop"].call_soon_threadsafe(holder["worker"].stop)
    stopped.wait(30)
    thread.join(30)
