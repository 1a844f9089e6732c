"""Cursor pagination (SPEC §4): keyset on (created_at, id), newest first.

The cursor is an object id; the page is found through the owner-scoped index, so page 1,000
costs what page 1 costs (no OFFSET).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query
from sqlalchemy import Select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.errors import FieldError, ValidationError


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


async def paginate(
    session: AsyncSession,
    stmt: Select[Any],
    model: Any,
    params: PageParams,
    cursor_scope: Select[Any],
    *,
    whole_rows: bool = False,
) -> PageResult:
    """`stmt` selects `model` already scoped and filtered; `cursor_scope` is the same owner
    scope selecting (created_at, id), so a cursor from someone else's data is refused.
    `whole_rows`: the items are the selected rows (the model first, then what `stmt` selects
    beside it), not the model alone."""
    key = tuple_(model.created_at, model.id)
    cursor_id = params.starting_after or params.ending_before
    if cursor_id:
        cursor = (await session.execute(cursor_scope.where(model.id == cursor_id))).first()
        if cursor is None:
            param = "starting_after" if params.starting_after else "ending_before"
            raise ValidationError(
                [FieldError(param, "invalid_cursor", f"No object {cursor_id!r} to page from.")]
            )
        bound = tuple_(cursor[0], cursor[1])
        stmt = stmt.where(key < bound if params.starting_after else key > bound)
    if params.ending_before:
        stmt = stmt.order_by(model.created_at.asc(), model.id.asc())
    else:
        stmt = stmt.order_by(model.created_at.desc(), model.id.desc())
    result = await session.execute(stmt.limit(params.limit + 1))
    rows: list[Any] = list(result.all() if whole_rows else result.scalars())
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
