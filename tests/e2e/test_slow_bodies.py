"""Request bodies sent too slowly, against the real server (uvicorn, its own event loop and
tasks): a client that stops sending mid-body is answered 408 near the idle limit and its
connection closed, while other clients are served meanwhile."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.conftest import LiveServer, serve_live

IDLE = 0.5


@pytest.fixture(scope="module")
def impatient_server(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    yield from serve_live(
        db_url, tmp_path_factory, "impatient-data", state={"body_idle_seconds": IDLE}
    )


def _stalled_request(url: str, path: str, content_type: str) -> socket.socket:
    """A request that promises 200 bytes of body and sends 20."""
    host, port = url.removeprefix("http://").split(":")
    conn = socket.create_connection((host, int(port)), timeout=10)
    conn.sendall(
        (
            f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {content_type}\r\n"
            "Content-Length: 200\r\n\r\ngrant_type=refresh_"
        ).encode()
    )
    return conn


def _answer(conn: socket.socket) -> bytes:
    chunks = []
    while chunk := conn.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def test_a_stalled_body_is_answered_408_and_its_connection_closed(
    impatient_server: LiveServer,
) -> None:
    started = time.monotonic()
    stalled = [
        _stalled_request(impatient_server.url, "/oauth/token", "application/x-www-form-urlencoded"),
        _stalled_request(impatient_server.url, "/signin", "application/x-www-form-urlencoded"),
    ]
    # Served while the two others stall.
    metadata = httpx.get(f"{impatient_server.url}/.well-known/oauth-authorization-server")
    assert metadata.status_code == 200
    token, page = (_answer(conn) for conn in stalled)  # both read to the server's close
    elapsed = time.monotonic() - started
    for conn in stalled:
        conn.close()
    assert token.startswith(b"HTTP/1.1 408 "), token[:200]
    assert b'"error":"invalid_request"' in token
    assert page.startswith(b"HTTP/1.1 408 "), page[:200]
    assert b"text/html" in page.split(b"\r\n\r\n")[0]
    # Stopped after the idle limit, and within a quarter of it plus scheduling slack.
    assert IDLE <= elapsed < IDLE * 1.25 + 1.5, elapsed
