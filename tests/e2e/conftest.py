"""End-to-end fixtures: the real app under uvicorn, a real redirect receiver, a real browser.

The server runs in its own thread with its own event loop, so it owns its database engine
(`create_app` without `database=` builds one, and uvicorn builds the app inside that loop). The
tests talk to it over TCP only, exactly as a platform or a browser would. It lives for the whole
session per database kind; the database is emptied before each test.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import warnings
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest
import uvicorn

from cleavr_connect.app import create_app
from cleavr_connect.cli.serve import KEEP_ALIVE_SECONDS
from cleavr_connect.config import Settings
from cleavr_connect.db.engine import Database
from cleavr_connect.runtime import Runtime, build_runtime
from tests.conftest import SECRET_KEY
from tests.factories import Client, make_platform

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REQUIRE_BROWSER = os.environ.get("CLEAVR_TEST_REQUIRE_BROWSER") == "1"
STARTUP_TIMEOUT = 15.0


def _bound_socket() -> socket.socket:
    """A listening-ready socket on a free port: no race between choosing and binding."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


# --------------------------------------------------------------------------- the live server


@dataclass
class LiveServer:
    url: str
    settings: Settings
    _server: uvicorn.Server = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    _errors: list[BaseException] = field(default_factory=list, repr=False)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=15)
        if self._thread.is_alive():  # pragma: no cover - only when shutdown hangs
            self._server.force_exit = True
            self._thread.join(timeout=5)
        assert not self._thread.is_alive(), "the live server did not stop"
        if self._errors:
            raise RuntimeError("the live server crashed") from self._errors[0]


def _start_live_server(
    settings: Settings,
    sock: socket.socket,
    *,
    worker: bool = False,
    state: dict[str, Any] | None = None,
) -> LiveServer:
    """`state`: attributes set on the app's state (a test's shorter limits)."""

    def app() -> Any:
        built = create_app(settings, worker=worker)
        for name, value in (state or {}).items():
            setattr(built.fastapi.state, name, value)
        return built

    config = uvicorn.Config(
        # A factory: uvicorn calls it inside the server thread's event loop, so the app's own
        # Database (and its connection pool) belongs to that loop only.
        app=app,
        factory=True,
        lifespan="on",
        loop="asyncio",
        ws="none",
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=5,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,  # as `serve`: idle connections outlive httpx's
    )
    server = uvicorn.Server(config)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            server.run(sockets=[sock])
        except BaseException as exc:  # reported by the waiting side
            errors.append(exc)

    thread = threading.Thread(target=run, name="cleavr-live-server", daemon=True)
    live = LiveServer(settings.base_url, settings, server, thread, errors)
    thread.start()

    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not server.started:
        if errors or not thread.is_alive():
            raise RuntimeError(f"the live server failed to start: {errors!r}")
        if time.monotonic() > deadline:
            live.stop()
            raise RuntimeError("the live server did not start in time")
        time.sleep(0.01)
    # Started means listening (and the lifespan ran); one real round trip proves the app answers.
    while True:
        try:
            answer = httpx.get(f"{live.url}/.well-known/oauth-authorization-server", timeout=5)
            if answer.status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            live.stop()
            raise RuntimeError("the live server does not answer")
        time.sleep(0.01)
    return live


def serve_live(
    db_url: str,
    tmp: pytest.TempPathFactory,
    data: str,
    *,
    state: dict[str, Any] | None = None,
    **overrides: Any,
) -> Iterator[LiveServer]:
    """A live server on a free port of 127.0.0.1 for a fixture to yield, stopped after it:
    `overrides` are settings, `state` the app's state (`_start_live_server`)."""
    sock = _bound_socket()
    port = sock.getsockname()[1]
    settings = Settings(
        base_url=f"http://127.0.0.1:{port}",
        database_url=db_url,
        data_dir=tmp.mktemp(data),
        secret_key=SECRET_KEY,
        **overrides,
    )
    live = _start_live_server(settings, sock, state=state)
    yield live
    live.stop()
    sock.close()


@pytest.fixture(scope="session")
def _live_server_per_database(
    db_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    yield from serve_live(db_url, tmp_path_factory, "live-data")


@pytest.fixture
async def live_server(_live_server_per_database: LiveServer, db: Database) -> LiveServer:
    """The real app over HTTP on 127.0.0.1 (system clock), its database emptied for this test
    (the `db` fixture truncates every table first)."""
    return _live_server_per_database


@pytest.fixture
def live_runtime(live_server: LiveServer) -> Runtime:
    """Builds test data hashed with the server's secret key, stamped by the real clock."""
    return build_runtime(live_server.settings)


# --------------------------------------------------------------------------- the receiver


class Receiver:
    """The platform's side of the redirect: a tiny real HTTP server answering 200 "ok"."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server protocol
                receiver.hits.append(self.path)
                url = urlsplit(self.path)
                status, kind, body = 404, "text/plain", "not found"
                if url.path == "/callback":
                    status, body = 200, "ok"
                elif url.path == "/embed":
                    # A third-party page that frames each ?src= URL (clickjacking checks).
                    status, kind = 200, "text/html"
                    body = "".join(
                        f'<iframe id="f{i}" src="{escape(src)}"></iframe>'
                        for i, src in enumerate(parse_qs(url.query).get("src", []))
                    )
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        port = self._httpd.server_address[1]
        self.origin = f"http://127.0.0.1:{port}"
        self.callback = f"{self.origin}/callback"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="cleavr-redirect-receiver", daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


@pytest.fixture(scope="session")
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
async def platform(db: Database, live_runtime: Runtime, receiver: Receiver) -> Client:
    """A confidential test-mode platform whose redirect URI is the real local receiver."""
    return await make_platform(
        db, live_runtime, name="Invoicely", redirect_uris=[receiver.callback]
    )


@pytest.fixture
async def http(live_server: LiveServer) -> AsyncIterator[httpx.AsyncClient]:
    """A plain HTTP client of the live server: keeps cookies, never follows redirects."""
    async with httpx.AsyncClient(base_url=live_server.url, timeout=10) as client:
        yield client


# --------------------------------------------------------------------------- HTML forms


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str]
    buttons: list[tuple[str, str]]


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._current: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._current = Form(a.get("action", ""), a.get("method", "get").lower(), {}, [])
            self.forms.append(self._current)
        elif self._current is not None and tag == "input" and "name" in a:
            self._current.fields[a["name"]] = a.get("value", "")
        elif self._current is not None and tag == "button" and "name" in a:
            self._current.buttons.append((a["name"], a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def forms_of(html: str, page_url: str) -> list[Form]:
    """Every form of the page, entities decoded and actions made absolute."""
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        form.action = urljoin(page_url, form.action or page_url)
    return parser.forms


def form_with(html: str, page_url: str, field_name: str) -> Form:
    for form in forms_of(html, page_url):
        if field_name in form.fields or any(name == field_name for name, _ in form.buttons):
            return form
    raise AssertionError(f"no form with a {field_name!r} field on {page_url}:\n{html[:2000]}")


# --------------------------------------------------------------------------- the browser


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"Chromium not found at {CHROMIUM}: browser tests cannot run"
    if REQUIRE_BROWSER:
        pytest.fail(message + " (CLEAVR_TEST_REQUIRE_BROWSER=1)", pytrace=False)
    with warnings.catch_warnings():
        # The suite turns warnings into errors; this one must stay a loud warning.
        warnings.simplefilter("always")
        warnings.warn(f"SKIPPING browser tests: {message}", pytest.PytestWarning, stacklevel=1)
    pytest.skip(message)


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Any]:
    """A real headless Chromium (Debian's): missing means skip, or fail when it is required."""
    _require_chromium()
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        await chromium.close()


@pytest.fixture
async def page(browser: Any, live_server: LiveServer) -> AsyncIterator[Any]:
    """A fresh browser profile (no cookies) per test, in English (French has its own tests)."""
    context = await browser.new_context(locale="en-GB")
    context.set_default_timeout(15_000)
    tab = await context.new_page()
    yield tab
    await context.close()
