"""`cleavr-connect serve` keeps an idle keep-alive connection open longer than HTTP clients keep
theirs (httpx and the SDK: 5 s; load balancers: 60 s). A server that closes first races the
client's next request on that connection, which then fails without an answer."""

from __future__ import annotations

import asyncio
import re
import socket
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from cleavr_connect.cli.serve import KEEP_ALIVE_SECONDS
from tests.cli.conftest import cli_env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _answer(reader: asyncio.StreamReader) -> bytes:
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    await asyncio.wait_for(reader.readexactly(length), 10)
    return head


@asynccontextmanager
async def _served(
    db_url: str, tmp_path: Path
) -> AsyncIterator[tuple[asyncio.StreamReader, asyncio.StreamWriter, int, Path]]:
    """`cleavr-connect serve` as a process, its stderr in `serve.log`, and a connection to it."""
    port = _free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("ab") as log:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "cleavr_connect",
            "serve",
            "--no-worker",
            "--port",
            str(port),
            env=cli_env(tmp_path, db_url),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=log,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.returncode is None, log_path.read_text()[-2000:]
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                break
            except OSError:
                assert time.monotonic() < deadline
                await asyncio.sleep(0.1)
        yield reader, writer, port, log_path
        writer.close()
    finally:
        proc.terminate()
        await asyncio.wait_for(proc.wait(), 30)


@pytest.mark.parametrize("fresh_db_url", ["sqlite"], indirect=True)
async def test_an_idle_connection_outlives_the_clients_keep_alive(
    fresh_db_url: str, tmp_path: Path
) -> None:
    assert KEEP_ALIVE_SECONDS > 60
    async with _served(fresh_db_url, tmp_path) as (reader, writer, port, _):
        request = f"GET /status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
        writer.write(request)
        assert (await _answer(reader)).startswith(b"HTTP/1.1 200")
        # Idle a little longer than httpx's keep-alive expiry, then reuse the connection.
        await asyncio.sleep(6)
        writer.write(request)
        assert (await _answer(reader)).startswith(b"HTTP/1.1 200")


@pytest.mark.parametrize("fresh_db_url", ["sqlite"], indirect=True)
async def test_the_served_app_logs_each_request_with_its_request_id(
    fresh_db_url: str, tmp_path: Path
) -> None:
    """SPEC §4: the `Request-Id` a client quotes is in the server's log, with the method, the
    path (a portal or onboarding token masked) and the status; never a query string."""
    async with _served(fresh_db_url, tmp_path) as (reader, writer, port, log_path):
        ids = []
        # A token in the query is refused (400); a portal link that opens nothing is a 404.
        for target in ("/v1/me?access_token=secret-in-query", "/fr/d/dpt_SecretPortalToken"):
            writer.write(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            head = (await _answer(reader)).decode("latin-1")
            ids.append(re.search(r"(?im)^request-id: (req_\w+)", head).group(1))  # type: ignore[union-attr]
        deadline = time.monotonic() + 30
        while not all(i in log_path.read_text() for i in ids):
            assert time.monotonic() < deadline, log_path.read_text()[-2000:]
            await asyncio.sleep(0.1)
        text = log_path.read_text()
        assert re.search(
            rf"INFO cleavr_connect\.access GET /v1/me 400 [\d.]+ms request_id={ids[0]}", text
        )
        assert "GET /fr/d/dpt_… 404" in text and ids[1] in text
        assert "secret-in-query" not in text and "SecretPortalToken" not in text
