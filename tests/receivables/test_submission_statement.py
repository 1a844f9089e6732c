"""A submission's writes on PostgreSQL (one statement on the driver) and on SQLite (SQLAlchemy
Core): the same rows, and nothing left behind by a refused one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import JSON, Table, Text, cast, func, select, text

from cleavr_connect.db import migrate
from cleavr_connect.db.engine import Database
from cleavr_connect.db.sql import fetch_plain
from cleavr_connect.models import (
    Event,
    OpenInvoiceNumber,
    Receivable,
    ReceivableAction,
    ReceivableDailyTotal,
    ReceivableUserDailyTotal,
)
from cleavr_connect.ownership import Owner
from cleavr_connect.receivables import service
from cleavr_connect.receivables.schemas import ReceivableCreate
from cleavr_connect.runtime import Runtime
from cleavr_connect.users import service as users
from cleavr_connect.users.schemas import UserCreate
from tests.factories import active_user, caller, make_account, make_platform, user_body
from tests.factories import receivable_body as new_receivable_body

TABLES: list[Table] = [
    Receivable.__table__,  # type: ignore[list-item]
    OpenInvoiceNumber.__table__,  # type: ignore[list-item]
    ReceivableAction.__table__,  # type: ignore[list-item]
    Event.__table__,  # type: ignore[list-item]
]
# Rows that say nothing of the submission itself: a serial number each database counts alone.
IGNORED = {("open_invoice_numbers", "id")}


async def _owner_with_active_user(db: Database, rt: Runtime, *, livemode: bool) -> Owner:
    platform = await make_platform(db, rt, livemode=livemode)
    account = await make_account(db, rt)
    owner = Owner(platform.client_id, account.id, livemode)
    async with db.transaction() as session:
        user, _ = await users.create(session, rt, owner, UserCreate.model_validate(user_body()))
        user.status = "active"
    return owner


async def _submit(db: Database, rt: Runtime, owner: Owner, body: dict[str, Any]) -> str:
    async with db.sessionmaker() as session:
        user_id = (
            await session.execute(
                text("SELECT id FROM users WHERE platform_id = :p"), {"p": owner.platform_id}
            )
        ).scalar_one()
    body = {**body, "user_id": user_id}
    async with db.transaction() as session:
        rec, _ = await service.submit(session, rt, owner, ReceivableCreate.model_validate(body))
    return rec.id


async def _rows(db: Database, receivable_id: str, owner: Owner) -> dict[str, list[dict[str, Any]]]:
    """Every column of every row the submission wrote, as SQLAlchemy reads it (datetimes UTC),
    JSON also as the text stored; ids replaced by what they stand for."""
    key = {
        Receivable.__table__: Receivable.id,
        OpenInvoiceNumber.__table__: OpenInvoiceNumber.receivable_id,
        ReceivableAction.__table__: ReceivableAction.receivable_id,
        Event.__table__: Event.object_id,
    }
    names: dict[str, str] = {
        receivable_id: "<rec>",
        owner.platform_id: "<platform>",
        owner.account_id: "<account>",
    }
    found: dict[str, list[dict[str, Any]]] = {}
    async with db.sessionmaker() as session:
        for table in TABLES:
            json_texts = [
                cast(c, Text).label(f"{c.name} as text")
                for c in table.columns
                if isinstance(c.type, JSON)
            ]
            order = [c for c in (table.c.get("seq"), table.c.get("type")) if c is not None]
            result = await session.execute(
                select(*table.columns, *json_texts)
                .where(key[table] == receivable_id)
                .order_by(*order)
            )
            found[table.name] = [dict(row._mapping) for row in result]
        user_id = found["receivables"][0]["user_id"]
        names[user_id] = "<user>"
        for kind in ("receivable_actions", "events"):
            for i, row in enumerate(found[kind]):
                names[row["id"]] = f"<{kind} {i}>"

    def anonymous(value: Any) -> Any:
        if isinstance(value, str):
            for real, stand_in in names.items():
                value = value.replace(real, stand_in)
            return value
        if isinstance(value, dict):
            return {anonymous(k): anonymous(v) for k, v in value.items()}
        if isinstance(value, list):
            return [anonymous(v) for v in value]
        return value

    return {
        table: [
            {
                column: anonymous(value)
                for column, value in row.items()
                if (table, column) not in IGNORED
            }
            for row in rows
        ]
        for table, rows in found.items()
    }


@pytest.mark.parametrize("livemode", [False, True], ids=["test mode", "live mode"])
async def test_postgresql_writes_what_sqlalchemy_core_writes(
    db: Database, runtime: Runtime, tmp_path: Path, livemode: bool
) -> None:
    if db.dialect != "postgresql":
        pytest.skip("compares PostgreSQL's statement with the SQLite (Core) path")
    core_url = f"sqlite:///{tmp_path / 'core.db'}"
    migrate.upgrade(core_url)
    core = Database(core_url)
    try:
        body = new_receivable_body("set below")
        body["invoice"]["numbers"] = ["F-1", "F-2 é"]
        body["invoice"]["late_penalty_rate"] = "12.5"
        body["metadata"] = {"ref": 'Ünïcode "quoted"'}
        written = {}
        for database in (db, core):
            owner = await _owner_with_active_user(database, runtime, livemode=livemode)
            rec_id = await _submit(database, runtime, owner, body)
            written[database.dialect] = await _rows(database, rec_id, owner)
    finally:
        await core.dispose()
    pg, sqlite = written["postgresql"], written["sqlite"]
    assert [len(pg[t.name]) for t in TABLES] == [1, 2, 1 if livemode else 3, 1 if livemode else 3]
    for table in TABLES:
        for pg_row, core_row in zip(pg[table.name], sqlite[table.name], strict=True):
            for column, value in core_row.items():
                assert pg_row[column] == value, (table.name, column)
                assert type(pg_row[column]) is type(value), (table.name, column)
    receivable = pg["receivables"][0]
    assert receivable["ocr as text"] == "null"  # JSON null, as SQLAlchemy's JSON type writes None
    assert receivable["created_at"].utcoffset() is not None


async def _counts(db: Database) -> dict[str, int]:
    counted: list[Table] = [
        *TABLES,
        ReceivableDailyTotal.__table__,  # type: ignore[list-item]
        ReceivableUserDailyTotal.__table__,  # type: ignore[list-item]
    ]
    async with db.sessionmaker() as session:
        return {
            table.name: (
                await session.execute(select(func.count()).select_from(table))
            ).scalar_one()
            for table in counted
        }


async def test_a_refused_submission_leaves_no_row(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    owner = await caller(client, db, runtime)
    user = await active_user(client, owner)
    first = new_receivable_body(user["id"])
    assert (
        await client.post("/v1/receivables", json=first, headers=owner.headers)
    ).status_code == 200
    before = await _counts(db)
    assert before["receivable_daily_totals"] > 0
    duplicate = new_receivable_body(user["id"])
    duplicate["invoice"]["numbers"] = ["NEW-1", first["invoice"]["numbers"][0], "NEW-2"]
    response = await client.post(
        "/v1/receivables", json=duplicate, headers={**owner.headers, "Idempotency-Key": "dup-1"}
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "duplicate_receivable"
    assert first["invoice"]["numbers"][0] in response.json()["error"]["message"]
    assert await _counts(db) == before
    async with db.transaction() as session:
        await session.execute(text("UPDATE users SET status = 'suspended'"))
    refused = await client.post(
        "/v1/receivables", json=new_receivable_body(user["id"]), headers=owner.headers
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["errors"][0]["code"] == "user_not_onboarded"
    assert await _counts(db) == before
    # The numbers the refused submission would have claimed are still free.
    async with db.transaction() as session:
        await session.execute(text("UPDATE users SET status = 'active'"))
    again = new_receivable_body(user["id"])
    again["invoice"]["numbers"] = ["NEW-1", "NEW-2"]
    assert (
        await client.post("/v1/receivables", json=again, headers=owner.headers)
    ).status_code == 200


async def test_plain_sql_runs_in_the_sessions_transaction(db: Database, runtime: Runtime) -> None:
    """A statement in PostgreSQL's own SQL commits and rolls back with the session, even as its
    first one (SQLAlchemy's asyncpg adapter begins lazily, before that statement)."""
    if db.dialect != "postgresql":
        pytest.skip("plain SQL is PostgreSQL's")
    insert = (
        "INSERT INTO events (id, type, platform_id, account_id, livemode, object_id, data,"
        " created_at) VALUES ($1, 'user.created', 'p', 'a', false, 'o', '{}', $2) RETURNING id"
    )
    for ending, kept in (("rollback", 0), ("commit", 1)):
        async with db.sessionmaker() as session:
            row = await fetch_plain(session, insert, f"evt_{ending}", runtime.clock.now())
            assert row is not None and session.in_transaction()
            await getattr(session, ending)()
        async with db.sessionmaker() as session:
            count = select(func.count()).where(Event.id == f"evt_{ending}")
            assert (await session.execute(count)).scalar_one() == kept
