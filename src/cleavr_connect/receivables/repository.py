"""Receivable queries, each starting from the owner's scope."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

import asyncpg
from sqlalchemy import JSON, Select, Table, bindparam, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached

from cleavr_connect import wire
from cleavr_connect.api.created import NO_RANGE, CreatedRange
from cleavr_connect.api.pagination import PageParams, PageResult, Plain, paginate
from cleavr_connect.commission import service as commission
from cleavr_connect.commission.rates import Band
from cleavr_connect.db import sql
from cleavr_connect.db.children import Children
from cleavr_connect.db.engine import Direct
from cleavr_connect.db.repository import RowRead, Rows
from cleavr_connect.db.sql import fetch_plain, on_postgresql
from cleavr_connect.events import service as events
from cleavr_connect.models import Event, OpenInvoiceNumber, Payment, Receivable, ReceivableAction
from cleavr_connect.ownership import Owner, owned
from cleavr_connect.users import repository as users_repo

if TYPE_CHECKING:
    from cleavr_connect.receivables.submission import SubmissionPlan


_receivables: Rows[Receivable] = Rows(Receivable)
get = _receivables.get
by_id_unscoped = _receivables.by_id


# What a receivable is rendered with, read in the receivable's own statement (`db.children`).
# Another child of the resource is one more `Children` here and one more field of `Loaded`.
_PAYMENTS = Children(
    Payment, Payment.receivable_id, Payment.paid_at, Payment.created_at, Payment.id
)
_TIMELINE = Children(ReceivableAction, ReceivableAction.receivable_id, ReceivableAction.seq)


@dataclass(slots=True)
class Loaded:
    """A receivable with the rows its rendering needs: its payments and timeline as read-only
    records with the attributes of `Payment` and `ReceivableAction` (`Children.records`)."""

    receivable: Receivable
    payments: list[Payment]
    timeline: list[ReceivableAction]


def _children(session: AsyncSession, receivable_id: Any) -> list[Any]:
    return [_PAYMENTS.of(session, receivable_id), _TIMELINE.of(session, receivable_id)]


def _children_of_receivable(session: AsyncSession) -> list[Any]:
    return _children(session, Receivable.id)


def _loaded(row: Any) -> Loaded:
    return Loaded(row[0], _PAYMENTS.records(row[1]), _TIMELINE.records(row[2]))


# `get_loaded`'s read, as a route declares it (`api.routing.reads_row`).
LOADED = RowRead(_receivables, _children_of_receivable)


async def get_loaded(
    session: AsyncSession, owner: Owner, receivable_id: str, *, read_only: bool = False
) -> Loaded | None:
    """The owner's receivable with its payments and timeline, in one statement; `read_only`:
    to render only (on PostgreSQL the receivable is then a read-only record)."""
    row = await _receivables.get_with(
        session, owner, receivable_id, _children_of_receivable, read_only=read_only
    )
    return _loaded(row) if row is not None else None


async def children(session: AsyncSession, rec: Receivable) -> Loaded:
    """The payments and timeline of a receivable in hand, in one statement."""
    row = (await session.execute(select(*_children(session, rec.id)))).one()
    return Loaded(rec, _PAYMENTS.records(row[0]), _TIMELINE.records(row[1]))


async def list_page(
    session: AsyncSession,
    owner: Owner,
    params: PageParams,
    *,
    user_id: str | None = None,
    status: str | None = None,
    created: CreatedRange = NO_RANGE,
) -> PageResult:
    """A page of `Loaded` receivables, in one statement (a cursor adds the one that finds it),
    to render: on PostgreSQL each receivable is a read-only record with its attributes."""
    bounds, named = created.named(Receivable.created_at)
    values = {**_receivables.owner_values(owner), **named, "user_id": user_id, "status": status}

    def of(columns: Sequence[Any]) -> Select[Any]:
        stmt = _receivables.owned(*columns).where(*bounds)
        if user_id:
            stmt = stmt.where(Receivable.user_id == bindparam("user_id"))
        if status:
            stmt = stmt.where(Receivable.status == bindparam("status"))
        return stmt.add_columns(*_children(session, Receivable.id))

    shape = (bool(user_id), bool(status), created.operators)
    plain = Plain(_receivables, owner, of, values, shape, read_only=True)
    page = await paginate(session, plain, Receivable, params, whole_rows=True)
    page.items = [_loaded(row) for row in page.items]
    return page


# `plan_inputs` in PostgreSQL's own SQL, for the direct pool: the same two subqueries.
_PG_PLAN_INPUTS = """
SELECT (SELECT bands FROM commission_tables WHERE platform_id = $1 AND effective_from <= $2
        ORDER BY effective_from DESC, id DESC LIMIT 1) AS bands,
       (SELECT payment_imputation FROM users WHERE id = $3) AS imputation
"""


async def plan_inputs(
    session: AsyncSession, platform_id: str, user_id: str, at: datetime, *, alone: bool = False
) -> tuple[tuple[Band, ...], str | None]:
    """What planning a submission reads, in one statement: the platform's commission bands in
    force at `at` and the user's imputation of partial payments. `alone`: the submission is
    all the request writes (`write_submission`), and this read needs no transaction either."""
    direct = sql.alone(session) if alone else None
    if direct is not None:
        record = await sql.fetch_alone(
            session, direct, _PG_PLAN_INPUTS, platform_id, at, user_id, read_only=True
        )
        stored = record["bands"]
        return commission.bands_of(wire.loads(stored) if stored is not None else None), record[
            "imputation"
        ]
    stmt = select(commission.in_force(platform_id, at), users_repo.imputation(user_id))
    stored, imputation = (await session.execute(stmt)).one()
    return commission.bands_of(stored), imputation


async def open_numbers_taken(session: AsyncSession, user_id: str, numbers: list[str]) -> list[str]:
    result = await session.execute(
        select(OpenInvoiceNumber.number).where(
            OpenInvoiceNumber.user_id == user_id, OpenInvoiceNumber.number.in_(numbers)
        )
    )
    return list(result.scalars())


async def release_numbers(session: AsyncSession, receivable_id: str) -> None:
    await session.execute(
        delete(OpenInvoiceNumber).where(OpenInvoiceNumber.receivable_id == receivable_id)
    )


async def timeline(session: AsyncSession, receivable_id: str) -> list[ReceivableAction]:
    result = await session.execute(
        select(ReceivableAction)
        .where(ReceivableAction.receivable_id == receivable_id)
        .order_by(ReceivableAction.seq)
    )
    return list(result.scalars())


async def payments(session: AsyncSession, receivable_id: str) -> list[Payment]:
    result = await session.execute(
        select(Payment)
        .where(Payment.receivable_id == receivable_id)
        .order_by(Payment.paid_at, Payment.created_at, Payment.id)
    )
    return list(result.scalars())


async def payments_page(
    session: AsyncSession, owner: Owner, receivable_id: str, params: PageParams
) -> PageResult:
    """One page of the receivable's payments, newest first, as every list pages (SPEC §4),
    scoped by the payments' own owner columns (a payment carries its receivable's owner), so
    the page needs no read of the receivable; a cursor must be one of its payments. An empty
    page does not tell an unknown receivable from one without payments: the caller asks."""
    of_it = Payment.receivable_id == receivable_id
    cursor_scope = owned(Payment, owner, Payment.created_at, Payment.id).where(of_it)
    stmt = owned(Payment, owner).where(of_it)
    return await paginate(session, stmt, Payment, params, cursor_scope)


# -- writing a submission ---------------------------------------------------------------------

# Built once: the statements of a submission, the hot path of `POST /v1/receivables`.
_INSERT_RECEIVABLE = insert(cast(Table, Receivable.__table__))
_INSERT_ACTIONS = insert(cast(Table, ReceivableAction.__table__))
# Claiming the invoice numbers is also the duplicate check: the unique index answers it, even
# against a concurrent submission, and a conflict leaves the transaction usable.
_CLAIM_NUMBERS = {
    pg: dialect.insert(OpenInvoiceNumber.__table__)
    .on_conflict_do_nothing()
    .returning(OpenInvoiceNumber.number)
    for pg, dialect in ((True, postgresql), (False, sqlite))
}
_COLUMNS = [(prop.key, prop.columns[0].name) for prop in Receivable.__mapper__.column_attrs]


@dataclass(slots=True)
class WriteResult:
    """What writing a submission found: the user's status (None: no such user) and the plan's
    invoice numbers already in an open receivable. Nothing is written unless the user is active;
    a number taken leaves nothing written on PostgreSQL, and rows the caller's transaction must
    roll back on SQLite."""

    user_status: str | None
    taken: list[str]


async def write_submission(
    session: AsyncSession, plan: SubmissionPlan, *, alone: bool = False
) -> WriteResult:
    """Writes a planned submission: the receivable (inserted, or the draft updated), its
    invoice numbers, its timeline and its events. A new receivable on PostgreSQL is written in
    one statement that also checks its user and its numbers; anything else in a few SQLAlchemy
    statements. Nothing is written for a user that is not active; a duplicate on SQLite must be
    rolled back by the caller. `alone`: the submission is all the request writes, and its one
    statement may then be its own transaction (`db.sql.alone`)."""
    rec = plan.receivable
    if plan.draft:
        claimed = await _claim(session, plan)
        if len(claimed) == len(plan.numbers):
            await session.flush()  # the draft's new values
            await _insert_timeline_and_events(session, plan)
        return WriteResult(None, _unclaimed(plan, claimed))
    row = _row(rec)
    if on_postgresql(session):
        written = await _insert_submission_pg(
            session,
            row,
            plan.numbers,
            [e.row() for e in plan.timeline],
            _event_rows(plan),
            direct=sql.alone(session) if alone else None,
        )
    else:
        status = (
            await users_repo.status_of(session, plan.owner, rec.user_id)
            if plan.user_unchecked
            else cast(str | None, plan.user_status)
        )
        if status != "active":
            return WriteResult(status, [])
        await session.execute(_INSERT_RECEIVABLE, row)
        written = WriteResult(status, _unclaimed(plan, await _claim(session, plan)))
        if not written.taken:
            await _insert_timeline_and_events(session, plan)
    if written.user_status == "active" and not written.taken and not alone:
        # The row is written: the session knows it from now on, as if it had loaded it (a
        # submission `alone` is all its request does: nothing reads it there again).
        make_transient_to_detached(rec)
        session.add(rec)
    return written


def _unclaimed(plan: SubmissionPlan, claimed: list[str]) -> list[str]:
    return [n for n in plan.numbers if n not in claimed]


def _row(rec: Receivable) -> dict[str, Any]:
    """Every column of a receivable built in memory (unset ones None: loaded, once attached)."""
    held = rec.__dict__  # the values themselves, without the mapped attributes' machinery
    row = {}
    for key, name in _COLUMNS:
        if key not in held:
            setattr(rec, key, None)
        row[name] = held[key]
    return row


def _event_rows(plan: SubmissionPlan) -> list[dict[str, Any]]:
    return events.build_rows(
        [(type_, plan.obj, previous) for type_, previous in plan.events],
        owner=plan.owner,
        now=plan.now,
    )


async def _claim(session: AsyncSession, plan: SubmissionPlan) -> list[str]:
    rec = plan.receivable
    result = await session.execute(
        _CLAIM_NUMBERS[on_postgresql(session)],
        [{"user_id": rec.user_id, "number": n, "receivable_id": rec.id} for n in plan.numbers],
    )
    return list(result.scalars())


async def _insert_timeline_and_events(session: AsyncSession, plan: SubmissionPlan) -> None:
    await session.execute(_INSERT_ACTIONS, [e.row() for e in plan.timeline])
    await events.record_many(
        session,
        [(type_, plan.obj, previous) for type_, previous in plan.events],
        owner=plan.owner,
        now=plan.now,
    )


# -- PostgreSQL: a submission in one statement --------------------------------------------------
#
# `POST /v1/receivables` writes a receivable, its open invoice numbers, its timeline and its
# events. On PostgreSQL that is one data-modifying `WITH`, sent to asyncpg as written: in the
# request's transaction (`db.sql.fetch_plain`), or as its own transaction when it is all the
# request writes (`db.sql.alone`). Either way it writes everything or nothing: an inactive user
# or an invoice number already open writes no row, so that no rollback is needed.
# Column lists and types come from the models, so the statement writes every column the
# SQLAlchemy insert writes; casts carry no length, so an over-long value fails as it would there
# (a cast to varchar(n) would truncate it).


def _pg_type(table: Table, name: str) -> str:
    compiled = table.c[name].type.compile(dialect=postgresql.dialect())  # type: ignore[no-untyped-call]
    return re.sub(r"\(\d+\)", "", compiled)


def _unnest_insert(table: Table, first: int, *, when: str) -> tuple[str, list[str]]:
    """`INSERT INTO table SELECT … FROM unnest($first::T[], …)`: one array per column (JSON as
    text arrays, cast per value), the rows written only `when`."""
    names = [c.name for c in table.columns]
    arrays = []
    selected = []
    for i, name in enumerate(names, first):
        json_column = isinstance(table.c[name].type, JSON)
        arrays.append(f"${i}::{'TEXT' if json_column else _pg_type(table, name)}[]")
        selected.append(f"r.{name}::JSON" if json_column else f"r.{name}")
    sql = f"""INSERT INTO {table.name} ({", ".join(names)})
    SELECT {", ".join(selected)}
    FROM unnest({", ".join(arrays)}) AS r({", ".join(names)})
    WHERE {when}"""  # noqa: S608 - names and types from the models, values all bound
    return sql, names


def _submission_statement() -> tuple[str, list[str], list[str], list[str]]:
    receivables = cast(Table, Receivable.__table__)
    rec_names = [c.name for c in receivables.columns]
    param = {name: f"${i}::{_pg_type(receivables, name)}" for i, name in enumerate(rec_names, 1)}
    numbers = len(rec_names) + 1
    actions, action_names = _unnest_insert(
        cast(Table, ReceivableAction.__table__), numbers + 1, when="EXISTS (SELECT FROM rec)"
    )
    events_insert, event_names = _unnest_insert(
        cast(Table, Event.__table__),
        numbers + 1 + len(action_names),
        when="EXISTS (SELECT FROM rec)",
    )
    # Names and types come from the models; every value is bound.
    sql = f"""
WITH usr AS (
    SELECT status FROM users
    WHERE id = {param["user_id"]} AND platform_id = {param["platform_id"]}
      AND account_id = {param["account_id"]} AND livemode = {param["livemode"]}
), taken AS (
    SELECT number FROM open_invoice_numbers
    WHERE user_id = {param["user_id"]} AND number = ANY(${numbers}::VARCHAR[])
), rec AS (
    INSERT INTO receivables ({", ".join(rec_names)})
    SELECT {", ".join(param.values())}
    WHERE EXISTS (SELECT FROM usr WHERE status = 'active') AND NOT EXISTS (SELECT FROM taken)
    RETURNING id
), claimed AS (
    INSERT INTO open_invoice_numbers (user_id, number, receivable_id)
    SELECT {param["user_id"]}, n, rec.id FROM rec, unnest(${numbers}::VARCHAR[]) AS n
), actions AS (
    {actions}
), events AS (
    {events_insert}
)
SELECT (SELECT status FROM usr) AS user_status, ARRAY(SELECT number FROM taken) AS taken
"""  # noqa: S608
    return sql, rec_names, action_names, event_names


_PG_SUBMISSION, _REC_NAMES, _ACTION_NAMES, _EVENT_NAMES = _submission_statement()
_REC_JSON = frozenset(
    c.name for c in cast(Table, Receivable.__table__).columns if isinstance(c.type, JSON)
)


def _arrays(
    table: Table, names: list[str], rows: list[dict[str, Any]], **texts: list[str]
) -> list[list[Any]]:
    """One list per column, JSON values as the column stores them: `wire.dumps`, as SQLAlchemy's
    JSON bind does (None is JSON `null`), unless given already serialised in `texts`."""
    out = []
    for name in names:
        if name in texts:
            out.append(texts[name])
        elif isinstance(table.c[name].type, JSON):
            out.append([wire.dumps(row[name]) for row in rows])
        else:
            out.append([row[name] for row in rows])
    return out


async def _insert_submission_pg(
    session: AsyncSession,
    receivable: dict[str, Any],
    numbers: list[str],
    actions: list[dict[str, Any]],
    event_rows: list[dict[str, Any]],
    *,
    direct: Direct | None = None,
) -> WriteResult:
    """The rows of a new receivable (column name → value, as SQLAlchemy's insert takes them),
    written only if its user is one of the owner's users and active, and none of its invoice
    numbers is open already: all of them, or none. `direct`: as its own transaction there."""
    values: list[Any] = [
        wire.dumps(receivable[name]) if name in _REC_JSON else receivable[name]
        for name in _REC_NAMES
    ]
    values.append(numbers)
    values += _arrays(cast(Table, ReceivableAction.__table__), _ACTION_NAMES, actions)
    values += _arrays(
        cast(Table, Event.__table__),
        _EVENT_NAMES,
        event_rows,
        data=events.data_json(event_rows),
    )
    try:
        if direct is not None:
            row = await sql.fetch_alone(session, direct, _PG_SUBMISSION, *values)
        else:
            row = await fetch_plain(session, _PG_SUBMISSION, *values)
    except (asyncpg.UniqueViolationError, IntegrityError) as exc:
        raced = _number_raced(exc, receivable["user_id"], numbers)
        if raced is None:
            raise
        # The statement failed whole: nothing of it is written (in a transaction, the caller's
        # refusal rolls the rest back).
        return WriteResult("active", [raced])
    assert row is not None
    user_status, taken = row[0], row[1]
    return WriteResult(user_status, list(taken))


def _number_raced(exc: Exception, user_id: str, numbers: list[str]) -> str | None:
    """The invoice number a concurrent submission claimed first, committed after this statement
    began (the unique index refuses it, where `taken` did not see it yet); None: another error.
    PostgreSQL names the key's values in the error's detail."""
    error = exc.orig.__cause__ if isinstance(exc, IntegrityError) and exc.orig else exc
    if getattr(error, "constraint_name", None) != _NUMBERS_INDEX:
        return None
    detail = getattr(error, "detail", None) or ""
    found = [n for n in numbers if detail.endswith(f"=({user_id}, {n}) already exists.")]
    return found[0] if found else numbers[0]


_NUMBERS_INDEX = "uq_open_invoice_numbers_user_number"
