"""The base every repository reads one row with: by id within its owner's scope, or for the
operator and the worker by id alone, optionally locked until the transaction ends.

    _receivables = Rows(Receivable)
    get = _receivables.get                # get(session, owner, id, *, lock=False)
    by_id_unscoped = _receivables.by_id   # by_id(session, id, *, lock=False)

A model whose scope is not (platform, account, mode) names its owner columns and any further
condition: `Rows(WebhookEndpoint, owner=("platform_id", "livemode"), where=(...,))`.

The read of a request that only reads (a `/v1` GET on PostgreSQL, `sql.plain_reads`) skips the
ORM: the same statement, compiled once, goes to the direct asyncpg pool, and the row comes back
as a detached instance with the values the ORM would have loaded (`tests/db/test_rows.py`
holds the two to the same objects). The ORM's execution, its row processing and the session's
connection checkout and release were most of a detail read's CPU.

A route that reads one row by an id of its path declares it (`RowRead`, `api.routing.reads_row`):
the bearer read then brings that row along in its own statement, joined under the token's owner
(`joined`), and the repository's read finds it in the session (`Preloaded`) instead of making a
second round trip, which was a third of a detail read's CPU.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import JSON, Select, bindparam, select, true
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import instance_state
from sqlalchemy.types import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Integer,
    SmallInteger,
    String,
    TypeDecorator,
)

from cleavr_connect import wire
from cleavr_connect.db.engine import Database, Direct
from cleavr_connect.db.sql import for_update, plain_reads
from cleavr_connect.ownership import Owner

M = TypeVar("M")

OWNER = ("platform_id", "account_id", "livemode")

# Types asyncpg returns as the ORM loads them (String covers Text). JSON comes back as its
# text (the direct pool sets no codec) and is decoded with `wire`, as the engines decode it.
_AS_RETURNED = (String, Boolean, Integer, BigInteger, SmallInteger, Date)


@dataclass(frozen=True, slots=True)
class _Plain:
    """A statement in PostgreSQL's own SQL and the order of its parameters; `head`: how many
    of its columns come before the row's (`joined`)."""

    sql: str
    params: tuple[str, ...]
    head: int = 0


# Where a request's read session holds the row its bearer read brought along (`Preloaded`).
PRELOADED = "cleavr_preloaded"


@dataclass(frozen=True, slots=True)
class RowRead:
    """A read by id as a route makes it: `rows.get` (`columns` None) or `rows.get_with(...,
    columns)`. Declared by the route, so the request's first statement can bring its row."""

    rows: Rows[Any]
    columns: Callable[[AsyncSession], Sequence[Any]] | None = None


@dataclass(frozen=True, slots=True)
class Preloaded:
    """What `read` found for `owner` and `row_id` in the request's first statement: the row's
    values in `get_with`'s order (None: the owner has no such row). Answers that read once."""

    read: RowRead
    owner: Owner
    row_id: str
    values: Sequence[Any] | None


class Rows(Generic[M]):
    def __init__(
        self, model: type[M], *, owner: Sequence[str] = OWNER, where: Sequence[Any] = ()
    ) -> None:
        self.model = model
        self._owner = tuple(owner)
        self._where = tuple(where)
        self._id = model.id  # type: ignore[attr-defined]
        # The read of every detail request, built once with bound parameters: building the
        # expression (and its cache key) each time cost more CPU than running it.
        self._conditions = (
            *(getattr(model, name) == bindparam(name) for name in self._owner),
            *self._where,
            self._id == bindparam("row_id"),
        )
        self._by_owner: Select[Any] = select(model).where(*self._conditions)
        self._with: dict[tuple[str, Any], Select[Any]] = {}
        mapper = model.__mapper__  # type: ignore[attr-defined]
        self._manager = mapper.class_manager
        self._columns = [prop.columns[0] for prop in mapper.column_attrs]
        self._names = [prop.key for prop in mapper.column_attrs]
        self._id_index = self._names.index("id")
        self._record_type: Any = namedtuple(f"{model.__name__}Record", self._names)  # type: ignore[misc]
        # A model keyed by `id` alone, without relationships, gets its identity key set straight
        # (`_instance`); any other the way the ORM sets one.
        plain_key = not mapper.relationships and [c.key for c in mapper.primary_key] == ["id"]
        self._identity = mapper._identity_class if plain_key else None
        self._plain: dict[Any, _Plain] = {}
        self._decode: list[Callable[[Any], Any] | None] | None = None
        self._plain_ok: bool | None = None

    def scoped(self, owner: Owner, *columns: Any) -> Select[Any]:
        """The owner's rows (or these columns of them): the statement every owned read starts
        from."""
        return (select(*columns) if columns else select(self.model)).where(
            *(getattr(self.model, name) == getattr(owner, name) for name in self._owner),
            *self._where,
        )

    async def get(
        self, session: AsyncSession, owner: Owner, row_id: str, *, lock: bool = False
    ) -> M | None:
        """The owner's row with this id (another owner's simply does not exist)."""
        direct = None if lock else self._direct(session)
        if direct is not None:
            preloaded = self._preloaded(session, None, owner, row_id)
            if preloaded is not None:
                return None if preloaded.values is None else self._instance(preloaded.values)
            plain = self._plain.get(None) or self._compile(session, None)
            record = await direct.fetchrow(
                plain.sql, *self._args(plain, owner, row_id), read_only=True
            )
            return None if record is None else self._instance(record)
        return await self._one(session, self._by_owner, lock, self._params(owner, row_id))

    async def get_with(
        self,
        session: AsyncSession,
        owner: Owner,
        row_id: str,
        columns: Callable[[AsyncSession], Sequence[Any]],
        *,
        read_only: bool = False,
    ) -> Sequence[Any] | None:
        """The owner's row followed by `columns(session)` (its children, `db.children`) in one
        statement, built once per kind of database like `get`'s. `read_only`: only to be
        rendered; on the direct pool the row is then a read-only record (`_record`)."""
        direct = self._direct(session)
        if direct is not None:
            preloaded = self._preloaded(session, columns, owner, row_id)
            if preloaded is not None:
                record = preloaded.values
            else:
                plain = self._plain.get(columns) or self._compile(session, columns)
                record = await direct.fetchrow(
                    plain.sql, *self._args(plain, owner, row_id), read_only=True
                )
            if record is None:
                return None
            row = self._record(record) if read_only else self._instance(record)
            return (row, *record[len(self._columns) :])
        key = (session.get_bind().dialect.name, columns)
        stmt = self._with.get(key)
        if stmt is None:
            stmt = self._with[key] = self._by_owner.add_columns(*columns(session))
        return (await session.execute(stmt, self._params(owner, row_id))).first()

    async def get_for_update(self, session: AsyncSession, owner: Owner, row_id: str) -> M | None:
        return await self.get(session, owner, row_id, lock=True)

    async def by_id(self, session: AsyncSession, row_id: str, *, lock: bool = False) -> M | None:
        """For the operator CLI and the worker, which act for Cleavr, not for a platform."""
        return await self._one(session, select(self.model).where(self._id == row_id), lock)

    async def _one(
        self,
        session: AsyncSession,
        stmt: Select[Any],
        lock: bool,
        params: dict[str, Any] | None = None,
    ) -> M | None:
        if lock:
            stmt = for_update(session, stmt)
        row: M | None = (await session.execute(stmt, params)).scalar_one_or_none()
        return row

    def _params(self, owner: Owner, row_id: str) -> dict[str, Any]:
        params = {name: getattr(owner, name) for name in self._owner}
        params["row_id"] = row_id
        return params

    # The direct read: the ORM's statement, and what the ORM makes of its row.

    def _direct(self, session: AsyncSession) -> Direct | None:
        direct = plain_reads(session)
        if direct is None:
            return None
        if self._plain_ok is None:
            self._decode = _decoders(self._columns, session.get_bind().dialect)
            self._plain_ok = self._decode is not None
        return direct if self._plain_ok else None

    def _preloaded(
        self, session: AsyncSession, columns: Any, owner: Owner, row_id: str
    ) -> Preloaded | None:
        """The row the request's first statement brought for exactly this read, taken once."""
        found: Preloaded | None = session.info.get(PRELOADED)
        if (
            found is None
            or found.read.rows is not self
            or found.read.columns is not columns
            or found.owner != owner
            or found.row_id != row_id
        ):
            return None
        del session.info[PRELOADED]
        return found

    def joined(self, head: Select[*tuple[Any, ...]], columns: Any, db: Database) -> _Plain:
        """`head` (one row of columns named after this model's owner columns, or none) followed
        by what `get_with(…, columns)` reads for that owner (NULLs when it has no such row), in
        one PostgreSQL statement: `head`'s parameters and `row_id`."""
        key = ("joined", head, columns)
        plain = self._plain.get(key)
        if plain is not None:
            return plain
        session = db.read_sessionmaker()  # only to build `columns` for this database
        first = head.subquery("head")
        row = select(*self._columns).where(
            *(getattr(self.model, name) == first.c[name] for name in self._owner),
            *self._where,
            self._id == bindparam("row_id"),
        )
        if columns is not None:
            row = row.add_columns(*columns(session))
        lateral = row.lateral("target")
        stmt = select(*first.c, *lateral.c).select_from(first.outerjoin(lateral, true()))
        compiled = stmt.compile(dialect=session.get_bind().dialect)
        plain = _Plain(compiled.string, tuple(compiled.positiontup or ()), len(first.c))
        self._plain[key] = plain
        return plain

    def found(self, values: Sequence[Any]) -> Sequence[Any] | None:
        """The row's part of a `joined` record (None: no such row: its id is NULL)."""
        return None if values[self._id_index] is None else values

    # A list page on the direct pool (`api.pagination.Plain`).

    def owned(self, *columns: Any) -> Select[Any]:
        """`scoped` with the owner as named parameters (`owner_values`): one statement for
        every owner, compiled once."""
        return select(*columns).where(*self._conditions[:-1])

    def owner_values(self, owner: Owner) -> dict[str, Any]:
        return {name: getattr(owner, name) for name in self._owner}

    async def select_rows(
        self,
        session: AsyncSession,
        shape: Any,
        build: Callable[[Sequence[Any]], Select[Any]],
        values: dict[str, Any],
        *,
        read_only: bool = False,
    ) -> list[tuple[Any, ...]]:
        """The rows of `build(entity)`: the model, or its mapper's columns, first, then any
        other column; every value a named parameter given in `values`. Each row is (the
        model's row, the other columns). A request that only reads sends it to the direct pool
        (`plain_reads`), compiled once per `shape` (what tells apart the statements `build`
        makes); the row is then a detached instance, or with `read_only` a read-only record
        (`_record`). Otherwise the ORM runs it."""
        direct = self._direct(session)
        if direct is None:
            result = await session.execute(build([self.model]), values)
            return [tuple(row) for row in result.all()]
        key = ("plain", shape)
        plain = self._plain.get(key)
        if plain is None:
            compiled = build(self._columns).compile(dialect=session.get_bind().dialect)
            params = tuple(compiled.positiontup or ())
            # A value written into the statement would be the first request's for every other.
            if unnamed := [name for name in params if name not in values]:
                raise ValueError(f"parameters without a name of their own: {unnamed}")
            plain = self._plain[key] = _Plain(compiled.string, params)
        records = await direct.fetch(plain.sql, *[values[name] for name in plain.params])
        size, make = len(self._columns), self._record if read_only else self._instance
        return [(make(record), *record[size:]) for record in records]

    def _compile(self, session: AsyncSession, columns: Any) -> _Plain:
        """The Core form of the ORM's statement (the mapper's columns in their order, then
        `columns`), in the SQL and parameter order the direct pool takes."""
        stmt = select(*self._columns).where(*self._conditions)
        if columns is not None:
            stmt = stmt.add_columns(*columns(session))
        compiled = stmt.compile(dialect=session.get_bind().dialect)
        plain = _Plain(compiled.string, tuple(compiled.positiontup or ()))
        self._plain[columns] = plain
        return plain

    def _args(self, plain: _Plain, owner: Owner, row_id: str) -> list[Any]:
        params = self._params(owner, row_id)
        return [params[name] for name in plain.params]

    def _instance(self, record: Any) -> M:
        """A detached instance with the record's values, as the ORM would have loaded them."""
        obj = self._manager.new_instance()
        state = obj.__dict__
        state.update(zip(self._names, self._decoded(record), strict=True))
        if self._identity is None:
            make_transient_to_detached(obj)
        else:  # what it does to an instance just made and filled: its key, nothing to commit
            instance_state(obj).key = (self._identity, (state["id"],), None)
        return cast(M, obj)

    def _record(self, record: Any) -> M:
        """The record's values, as `_instance` decodes them, in a read-only record with the
        model's attribute names (`db.children` reads children so): for renderers, which only
        read, without the instance and its instrumented attributes."""
        return cast(M, self._record_type._make(self._decoded(record)))

    def _decoded(self, record: Any) -> list[Any]:
        """The row's columns of `record` (those of `columns` after them left out), as the ORM
        loads them."""
        return [
            decode(value) if decode is not None and value is not None else value
            for decode, value in zip(cast(list[Any], self._decode), record, strict=False)
        ]


def _decoders(columns: Sequence[Any], dialect: Dialect) -> list[Callable[[Any], Any] | None] | None:
    """How each column's value from asyncpg becomes the ORM's (None: a type not known here, and
    the model is read through the ORM)."""
    out: list[Callable[[Any], Any] | None] = []
    for column in columns:
        kind = column.type
        if isinstance(kind, TypeDecorator):
            if not isinstance(kind.impl_instance, (*_AS_RETURNED, DateTime)):
                return None
            out.append(_decorated(kind, dialect))
        elif isinstance(kind, JSON):
            out.append(_json)
        elif isinstance(kind, _AS_RETURNED):
            out.append(None)
        else:
            return None
    return out


def _decorated(kind: TypeDecorator[Any], dialect: Dialect) -> Callable[[Any], Any]:
    def decode(value: Any) -> Any:
        return kind.process_result_value(value, dialect)

    return decode


def _json(value: Any) -> Any:
    return wire.loads(value) if isinstance(value, str | bytes) else value
