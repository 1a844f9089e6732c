"""Cursor pagination (SPEC §4): keyset on (created_at, id), newest first.

The cursor is an object id; the page is found through the owner-scoped index, so page 1,000
costs what page 1 costs (no OFFSET).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query
from sqlalchemy import Integer, Select, bindparam, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.db.repository import Rows
from cleavr_connect.errors import FieldError, ValidationError
from cleavr_connect.ownership import Owner


@dataclass(frozen=True)
class PageParams:
    limit: int
    starting_after: str | None
    ending_before: str | None


async def page_params(
    limit: Annotated[int, Query(ge=1, le=100, description="Page size, 1 to 100.")] = 10,
    starting_after: Annotated[
        str | None, Query(description="An object id: the page after it (older objects).")
    ] = None,
    ending_before: Annotated[
        str | None, Query(description="An object id: the page before it (newer objects).")
    ] = None,
) -> PageParams:
    if starting_after and ending_before:
        raise ValidationError(
            [
                FieldError(
                    "ending_before",
                    "invalid_cursor",
                    "Give starting_after or ending_before, not both.",
                )
            ]
        )
    return PageParams(limit, starting_after, ending_before)


Page = Annotated[PageParams, Depends(page_params)]


@dataclass
class PageResult:
    items: list[Any]
    has_more: bool

    def as_list(self, url: str, render: Any) -> dict[str, Any]:
        return {
            "object": "list",
            "data": [render(item) for item in self.items],
            "has_more": self.has_more,
            "url": url,
        }


@dataclass(frozen=True)
class Plain:
    """A list read by its repository's `Rows.select_rows`, which sends the page of a request
    that only reads to PostgreSQL's direct pool, skipping the ORM, as the detail reads are.
    `select(entity)` is the owner's filtered rows selecting `entity` (the model, or its mapper's
    columns) and anything beside it, every value a named parameter of `values`; `shape` tells
    apart the statements `select` makes (which filters are set). The cursor is the owner's row
    of `rows`. `read_only`: the page is only rendered (on the direct pool its items are then
    read-only records with the model's attribute names, not instances)."""

    rows: Rows[Any]
    owner: Owner
    select: Callable[[Sequence[Any]], Select[Any]]
    values: dict[str, Any]
    shape: tuple[Any, ...]
    read_only: bool = False


async def paginate(
    session: AsyncSession,
    stmt: Select[Any] | Plain,
    model: Any,
    params: PageParams,
    cursor_scope: Select[Any] | None = None,
    *,
    whole_rows: bool = False,
) -> PageResult:
    """`stmt` selects `model` already scoped and filtered; `cursor_scope` is the same owner
    scope selecting (created_at, id), so a cursor from someone else's data is refused (a
    `Plain` list finds its cursor itself). `whole_rows`: the items are the selected rows (the
    model first, then what `stmt` selects beside it), not the model alone."""
    if isinstance(stmt, Plain):
        return await _plain_page(session, stmt, params, whole_rows)
    assert cursor_scope is not None
    key = tuple_(model.created_at, model.id)
    cursor_id = params.starting_after or params.ending_before
    if cursor_id:
        cursor = (await session.execute(cursor_scope.where(model.id == cursor_id))).first()
        if cursor is None:
            raise _unknown_cursor(params)
        bound = tuple_(cursor[0], cursor[1])
        stmt = stmt.where(key < bound if params.starting_after else key > bound)
    stmt = _ordered(stmt, model, params)
    result = await session.execute(stmt.limit(params.limit + 1))
    return _page(list(result.all() if whole_rows else result.scalars()), params)


async def _plain_page(
    session: AsyncSession, plain: Plain, params: PageParams, whole_rows: bool
) -> PageResult:
    """`paginate` of a `Plain` list: the cursor's row and the page, each one statement, with
    the cursor and the limit named parameters too."""
    rows, model = plain.rows, plain.rows.model
    values = dict(plain.values)
    values["page_limit"] = params.limit + 1
    cursor_id = params.starting_after or params.ending_before
    if cursor_id:
        cursor = await rows.get(session, plain.owner, cursor_id)
        if cursor is None:
            raise _unknown_cursor(params)
        values["cursor_created_at"], values["cursor_id"] = cursor.created_at, cursor.id
    after, before = bool(params.starting_after), bool(params.ending_before)

    def build(entity: Sequence[Any]) -> Select[Any]:
        stmt = plain.select(entity)
        if cursor_id:
            key = tuple_(model.created_at, model.id)
            bound = tuple_(
                bindparam("cursor_created_at", type_=model.created_at.type),
                bindparam("cursor_id", type_=model.id.type),
            )
            stmt = stmt.where(key < bound if after else key > bound)
        return _ordered(stmt, model, params).limit(bindparam("page_limit", type_=Integer))

    found = await rows.select_rows(
        session, (plain.shape, after, before), build, values, read_only=plain.read_only
    )
    return _page(found if whole_rows else [row[0] for row in found], params)


def _unknown_cursor(params: PageParams) -> ValidationError:
    cursor_id = params.starting_after or params.ending_before
    param = "starting_after" if params.starting_after else "ending_before"
    return ValidationError(
        [FieldError(param, "invalid_cursor", f"No object {cursor_id!r} to page from.")]
    )


def _ordered(stmt: Select[Any], model: Any, params: PageParams) -> Select[Any]:
    if params.ending_before:
        return stmt.order_by(model.created_at.asc(), model.id.asc())
    return stmt.order_by(model.created_at.desc(), model.id.desc())


def _page(rows: list[Any], params: PageParams) -> PageResult:
    """The page from its rows and one more, read to tell whether there are more."""
    has_more = len(rows) > params.limit
    rows = rows[: params.limit]
    if params.ending_before:
        rows.reverse()
    return PageResult(rows, has_more)


async def child_page(
    read: Awaitable[PageResult], parent: Callable[[], Awaitable[Any]]
) -> PageResult:
    """A page of a parent's children (a receivable's payments, an endpoint's deliveries) read
    in one statement scoped by the owner without reading the parent: `parent()` is read (and
    its 404 raised) only when the page cannot tell, that is when it is empty or its cursor was
    refused, so an unknown or someone else's parent is a 404 before all."""
    try:
        result = await read
    except ValidationError:
        await parent()
        raise
    if not result.items:
        await parent()
    return result
