"""Database faults: PostgreSQL backends terminated under the API. Nothing sticks afterwards: the
pool replaces dead connections before handing them out, and an Idempotency-Key whose request
died with its connection is free again at once."""

from __future__ import annotations

import socket

import asyncpg
import httpx
import pytest
from fastapi import APIRouter, Request
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.api import idempotency
from cleavr_connect.web.deps import SessionDep
from tests.factories import caller, user_body


async def terminate_every_connection(db_url: str) -> int:
    """What a server restart or a failover does to the pool, from a connection of its own."""
    conn = await asyncpg.connect(db_url)
    try:
        return int(
            await conn.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    finally:
        await conn.close()


@pytest.fixture
def postgres_only(db) -> None:  # type: ignore[no-untyped-def]
    if db.dialect != "postgresql":
        pytest.skip("SQLite: no server connection to lose")


async def test_requests_after_the_database_dropped_every_connection(
    client, db, db_url, runtime, postgres_only
) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await client.post("/v1/users", json=user_body(), headers=who.headers)
    assert user.is_success
    # Lists (FastAPI's path) and a detail read (`api.dispatch`), both without a pre-ping.
    reads = ("/v1/users", "/v1/receivables", "/v1/webhooks", f"/v1/users/{user.json()['id']}")
    for _ in range(3):
        # Fill the pool with connections, then have the server end them all.
        for path in reads:
            assert (await client.get(path, headers=who.headers)).status_code == 200
        assert await terminate_every_connection(db_url) >= 1
        for path in reads:
            response = await client.get(path, headers=who.headers)
            assert response.status_code == 200, response.text
        assert await terminate_every_connection(db_url) >= 1
        response = await client.post("/v1/users", json=user_body(), headers=who.headers)
        assert response.status_code == 200, response.text
        assert await terminate_every_connection(db_url) >= 1
        tokens_page = await client.get("/signin")
        assert tokens_page.status_code == 200


@pytest.mark.parametrize("when", ["during_a_statement", "before_the_commit"])
async def test_an_idempotency_key_is_free_again_when_its_request_lost_its_connection(
    app, client, db, db_url, runtime, postgres_only, when: str
) -> None:  # type: ignore[no-untyped-def]
    router = APIRouter()

    @router.post("/v1/_test/dies")
    async def dies(session: SessionDep) -> dict[str, bool]:
        pid = (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        if when == "during_a_statement":
            await session.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        else:  # the server goes away between the last statement and the commit
            killer = await asyncpg.connect(db_url)
            await killer.execute("SELECT pg_terminate_backend($1)", pid)
            await killer.close()
        return {"ok": True}

    app.fastapi.include_router(router)
    who = await caller(client, db, runtime)
    headers = {**who.headers, "Idempotency-Key": f"dies-{when}"}
    first = await client.post("/v1/_test/dies", json={}, headers=headers)
    assert first.status_code == 503  # the database went away: to be retried
    assert "Traceback" not in first.text
    again = await client.post("/v1/_test/dies", json={}, headers=headers)
    # Run again (and fail again), not 409 "still in progress" for the next 60 seconds.
    assert again.status_code == 503, again.text


async def test_an_idempotency_key_is_released_even_when_the_rollback_raises(
    app, client, db, runtime, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """What a dead connection does to the driver: the rollback after the failure raises too."""
    router = APIRouter()

    @router.post("/v1/_test/fails")
    async def fails(session: SessionDep) -> dict[str, bool]:
        await session.execute(text("SELECT 1"))
        raise ConnectionResetError("the server closed the connection")

    app.fastapi.include_router(router)
    who = await caller(client, db, runtime)

    async def dead_rollback(self: AsyncSession) -> None:
        raise ConnectionResetError("cannot roll back: the connection is closed")

    monkeypatch.setattr(AsyncSession, "rollback", dead_rollback)
    headers = {**who.headers, "Idempotency-Key": "rollback-raises"}
    assert (await client.post("/v1/_test/fails", json={}, headers=headers)).status_code == 503
    monkeypatch.undo()
    again = await client.post("/v1/_test/fails", json={}, headers=headers)
    assert again.status_code == 503, again.text  # ran again, not 409 for 60 seconds


async def test_a_write_whose_commit_answer_was_lost_is_not_run_twice(
    client, db, runtime, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The commit reaches the database and commits, then the connection is lost before its
    acknowledgement: the request fails (503), yet the user and the key's stored answer are
    committed. The key is not released as after a failure: a retry answers what was committed
    and creates no second user. (Had nothing been committed, the key would stay taken until it
    counts as abandoned, then run again.)"""
    who = await caller(client, db, runtime)
    committed = AsyncSession.commit
    commits: list[bool] = []

    async def commit_then_lose_the_answer(self: AsyncSession) -> None:
        await committed(self)
        commits.append(True)
        if len(commits) == 2:  # the key's claim commits first, then the request's work
            raise ConnectionResetError("the connection closed before the commit's answer")

    monkeypatch.setattr(AsyncSession, "commit", commit_then_lose_the_answer)
    headers = {**who.headers, "Idempotency-Key": "commit-answer-lost"}
    body = user_body()
    first = await client.post("/v1/users", json=body, headers=headers)
    assert first.status_code == 503 and len(commits) == 2
    monkeypatch.undo()
    replayed = await client.post("/v1/users", json=body, headers=headers)
    assert replayed.status_code == 200, replayed.text
    assert replayed.headers.get("idempotent-replayed") == "true"
    listed = (await client.get("/v1/users", headers=who.headers)).json()["data"]
    assert [u["id"] for u in listed] == [replayed.json()["id"]]


async def test_a_database_that_cannot_be_reached_is_a_503_to_retry(settings, runtime) -> None:  # type: ignore[no-untyped-def]
    """Nothing listens where the database should be (a restart, a failover): every kind of
    request answers 503 `service_unavailable` with Retry-After, not a 500 `internal_error`
    to report; the health check says the same."""
    from cleavr_connect.app import create_app
    from cleavr_connect.crypto import generate_token
    from cleavr_connect.db.engine import Database

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again below: nothing listens there
    gone = Database(f"postgresql://postgres@127.0.0.1:{port}/nowhere")
    app = create_app(settings, runtime=runtime, database=gone)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            token = {"Authorization": "Bearer " + generate_token("clv_tok_")}  # well-formed
            for method, path in (("GET", "/v1/me"), ("POST", "/v1/users"), ("GET", "/health")):
                response = await http.request(
                    method, path, headers=token, json={} if method == "POST" else None
                )
                assert response.status_code == 503, (path, response.text)
                assert response.headers["retry-after"] == "1"
                error = response.json()["error"]
                assert error["code"] == "service_unavailable" and "Traceback" not in response.text
    finally:
        await gone.dispose()


async def test_a_request_that_lost_its_key_to_a_retry_keeps_none_of_its_work(
    app, client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    """Request A holds its Idempotency-Key past ABANDONED_AFTER (a stalled connection); a retry
    B takes the key over and runs. When A finishes, its work is rolled back and it answers
    409: the request ran once, as B, and B's answer is the key's."""
    if db.dialect != "postgresql":
        pytest.skip("SQLite runs one writer at a time: B would wait for A to finish")
    from cleavr_connect.audit import service as audit
    from cleavr_connect.models import AuditEvent

    router = APIRouter()
    headers: dict[str, str] = {}
    answers: list[int] = []

    @router.post("/v1/_test/slow")
    async def slow(session: SessionDep, request: Request) -> dict[str, bool]:
        await audit.record(session, "test.ran", now=runtime.clock.now())
        if not answers:  # A, stalled: meanwhile its key counts as abandoned and B comes
            answers.append(0)
            runtime.clock.advance(seconds=idempotency.ABANDONED_AFTER.total_seconds() + 1)
            answers.append(
                (await client.post("/v1/_test/slow", json={}, headers=headers)).status_code
            )
        return {"ok": True}

    app.fastapi.include_router(router)
    who = await caller(client, db, runtime)
    headers.update({**who.headers, "Idempotency-Key": "stalled"})
    first = await client.post("/v1/_test/slow", json={}, headers=headers)
    assert answers == [0, 200], first.text
    assert first.status_code == 409, first.text
    assert first.json()["error"]["code"] == "idempotency_key_in_use"
    replay = await client.post("/v1/_test/slow", json={}, headers=headers)
    assert replay.status_code == 200 and replay.headers["idempotent-replayed"] == "true"
    async with db.transaction() as session:
        ran = (await session.execute(select(AuditEvent).where(AuditEvent.type == "test.ran"))).all()
    assert len(ran) == 1
