from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from cleavr_connect.db.engine import Database
from cleavr_connect.models import DebtorMessage, User
from cleavr_connect.recovery import playbook
from cleavr_connect.runtime import Runtime
from cleavr_connect.users import service as users
from tests.factories import Caller, caller, create_user, receivable_body
from tests.messages.smtp import SmtpServer


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def live_receivable(
    http: httpx.AsyncClient, db: Database, rt: Runtime, **body: Any
) -> tuple[Caller, dict[str, Any]]:
    """A live receivable accepted by the back office, its first reminder written."""
    who = await caller(http, db, rt, livemode=True)
    user = await create_user(http, who)
    async with db.transaction() as session:
        row = await session.get(User, user["id"])
        assert row is not None
        await users.decide(session, rt, row, "approved")
    rec = await http.post(
        "/v1/receivables", json=receivable_body(user["id"], **body), headers=who.headers
    )
    assert rec.status_code == 200, rec.text
    async with db.transaction() as session:
        await playbook.run_all_due(session, rt)
    return who, rec.json()


async def messages_of(db: Database, receivable_id: str) -> list[DebtorMessage]:
    async with db.transaction() as session:
        rows = await session.execute(
            select(DebtorMessage)
            .where(DebtorMessage.receivable_id == receivable_id)
            .order_by(DebtorMessage.created_at, DebtorMessage.channel)
        )
        return list(rows.scalars())
