"""A client that disconnects half-way through its body: the request is abandoned, nothing of it
is kept, and the log says so in one line without a traceback (it is not our error)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from sqlalchemy import func, select

from cleavr_connect.models import PortalDispute, StoredFile, User
from tests.factories import caller
from tests.portal.test_portal_pages import _claim


async def _abandoned(app, path: str, headers: dict[str, str], start: bytes) -> list[Any]:  # type: ignore[no-untyped-def]
    pending = [
        {"type": "http.request", "body": start, "more_body": True},
        {"type": "http.disconnect"},
    ]

    async def receive() -> dict[str, Any]:
        if pending:
            return pending.pop(0)
        await asyncio.sleep(3600)
        raise AssertionError("read past the disconnect")

    sent: list[Any] = []

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    await asyncio.wait_for(app(scope, receive, send), 10)  # raises if the error escapes
    return sent


def _quiet(caplog: pytest.LogCaptureFixture) -> None:
    loud = [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    assert not loud, [r.getMessage() for r in loud]
    gone = [r for r in caplog.records if "client disconnected" in r.getMessage()]
    assert len(gone) == 1, [r.getMessage() for r in caplog.records]


async def test_an_api_body_cut_off_is_abandoned_quietly(app, client, db, runtime, caplog) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    caplog.set_level(logging.INFO)
    # What arrived is even valid JSON: it is still not the request that was being sent.
    start = b'{"email": "coupe@example.fr", "business_type": "company"}'
    sent = await _abandoned(
        app,
        "/v1/users",
        {**who.headers, "Content-Type": "application/json", "Content-Length": "4096"},
        start,
    )
    assert sent[0]["status"] == 499
    _quiet(caplog)
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 0


async def test_a_portal_upload_cut_off_is_abandoned_quietly(
    app, client, db, runtime, caplog
) -> None:  # type: ignore[no-untyped-def]
    _, path, _ = await _claim(client, db, runtime)
    caplog.set_level(logging.INFO)
    start = (
        b'--xyz\r\nContent-Disposition: form-data; name="reason"\r\n\r\ndefective\r\n'
        b'--xyz\r\nContent-Disposition: form-data; name="documents"; filename="a.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n%PDF-1.4\n" + b"x" * 4096
    )
    sent = await _abandoned(
        app,
        f"{path}/dispute",
        {"Content-Type": "multipart/form-data; boundary=xyz", "Content-Length": "900000"},
        start,
    )
    assert sent[0]["status"] == 499
    _quiet(caplog)
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(PortalDispute)) == 0
        assert await session.scalar(select(func.count()).select_from(StoredFile)) == 0
