"""Child rows read with their parent row, in the parent's statement.

A list page renders each object with its children (a receivable's payments and timeline). One
query per child and row would make a page of 100 cost 200 statements; a join would multiply the
children of one kind by those of another. Instead each kind of child is one correlated
subquery that aggregates the parent's children into a JSON array, in order (PostgreSQL
`json_agg(… ORDER BY …)`, SQLite `json_group_array` over an ordered subquery). Each child is
an array of its column values; JSON columns travel as the JSON they store, inside the array, so
the whole value is decoded once (a decoding per JSON column of each child cost more than the
statement on a list page), and dates as ISO text, turned back into what the ORM would have
loaded (same types, same `wire` decoding), so a renderer cannot tell the difference.

    _PAYMENTS = Children(Payment, Payment.receivable_id, Payment.paid_at, Payment.id)
    stmt = select(Receivable, _PAYMENTS.of(session, Receivable.id))
    payments = _PAYMENTS.rows(row[1])  # or `.records(row[1])`: read-only, cheaper
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import JSON, Boolean, Date, Text, func, literal_column, select
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from cleavr_connect import wire
from cleavr_connect.db.base import UTCDateTime
from cleavr_connect.db.sql import on_postgresql

M = TypeVar("M")

_UTC = UTCDateTime()


def _utc_datetime(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    # PostgreSQL's text is already UTC (`+00:00`); SQLite's is naive.
    if value.tzinfo is UTC:
        return value
    return cast(datetime, _UTC.process_result_value(value, cast(Any, None)))


def _converter(column: Any) -> Callable[[Any], Any] | None:
    """How a column's value in the JSON array becomes what the ORM loads (None: as it is)."""
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return _utc_datetime
    if isinstance(kind, Date):
        return date.fromisoformat
    if isinstance(kind, Boolean):
        return bool
    return None


class Children(Generic[M]):
    """The rows of `model` whose `key` is a parent's id, ordered by `order_by`. Without a key
    (None), every row of the table: a small table read beside another statement."""

    def __init__(self, model: type[M], key: Any, *order_by: Any) -> None:
        self.model = model
        self.key = key
        self.order_by = order_by
        mapper = model.__mapper__  # type: ignore[attr-defined]
        self._manager = mapper.class_manager
        props = [(prop.key, prop.columns[0]) for prop in mapper.column_attrs]
        self._columns = [column for _, column in props]
        self._decode = [(name, _converter(column)) for name, column in props]
        self._record: Any = namedtuple(f"{model.__name__}Record", [n for n, _ in props])  # type: ignore[misc]
        self._converted = [(i, c) for i, (_, c) in enumerate(self._decode) if c is not None]

    def of(self, session: AsyncSession, parent_id: Any = None) -> ColumnElement[Any]:
        """The parent's children as one JSON value, for the parent's select list."""
        of_parent = [] if self.key is None else [self.key == parent_id]
        if on_postgresql(session):
            # PostgreSQL writes a `json` value into the array as its stored text: the digits of
            # its numbers, which `wire` decodes as they are, stay as stored.
            values = self._columns
            agg = func.json_agg(aggregate_order_by(func.json_build_array(*values), *self.order_by))
            stmt = select(func.coalesce(agg, literal_column("'[]'::json")))
            stmt = stmt.select_from(self.model).where(*of_parent)
        else:
            # SQLite (before 3.44) has no ORDER BY in an aggregate: it aggregates an ordered
            # subquery in its order. That subquery sits in a FROM clause, where SQLAlchemy does
            # not correlate by itself: left alone it would add the parent's table to its FROM
            # and read every parent's children. A JSON column is text to SQLite: `json()` puts
            # it in the array as JSON (numbers keep their digits), not as a string.
            values = [
                func.json(sql_cast(c, Text)) if isinstance(c.type, JSON) else c
                for c in self._columns
            ]
            ordered = (
                select(func.json_array(*values).label("child"))
                .select_from(self.model)
                .where(*of_parent)
                .order_by(*self.order_by)
                .correlate_except(self.model)
                .subquery()
            )
            stmt = select(func.json_group_array(func.json(ordered.c.child)))
        return stmt.scalar_subquery().label(f"{self.model.__tablename__}_json")  # type: ignore[attr-defined]

    def rows(self, value: Any) -> list[M]:
        """The children from the value `of` selected: detached instances, as if loaded."""
        found = wire.loads(value) if isinstance(value, str | bytes) else value or []
        out = []
        for values in found:
            obj = self._manager.new_instance()
            state = obj.__dict__
            for (name, convert), raw in zip(self._decode, values, strict=True):
                state[name] = convert(raw) if convert is not None and raw is not None else raw
            out.append(obj)
        return out

    def records(self, value: Any) -> list[Any]:
        """The children from the value `of` selected as read-only records: the model's
        attribute names and the values `rows` gives, without an ORM instance each (building
        those was most of a list page's reading). For renderers, which only read them."""
        found = wire.loads(value) if isinstance(value, str | bytes) else value or []
        make, converted, width = self._record._make, self._converted, len(self._decode)
        out = []
        for values in found:
            if len(values) != width:
                raise ValueError(f"{len(values)} values for the {width} columns of a child")
            for i, convert in converted:
                if values[i] is not None:
                    values[i] = convert(values[i])
            out.append(make(values))
        return out
