"""The base every repository reads one row with: by id within its owner's scope, or for the
operator and the worker by id alone, optionally locked until the transaction ends.

    _receivables = Rows(Receivable)
    get = _receivables.get                # get(session, owner, id, *, lock=False)
    by_id_unscoped = _receivables.by_id   # by_id(session, id, *, lock=False)

A model whose scope is not (platform, account, mode) passes its own `scope(owner)` statement.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.db.sql import for_update
from cleavr_connect.ownership import Owner, owned

M = TypeVar("M")


class Rows(Generic[M]):
    def __init__(
        self, model: type[M], *, scope: Callable[[Owner], Select[Any]] | None = None
    ) -> None:
        self.model = model
        self._scope = scope or (lambda owner: owned(model, owner))
        self._id = model.id  # type: ignore[attr-defined]

    def scoped(self, owner: Owner) -> Select[Any]:
        """The owner's rows: the statement every owned read starts from."""
        return self._scope(owner)

    async def get(
        self, session: AsyncSession, owner: Owner, row_id: str, *, lock: bool = False
    ) -> M | None:
        """The owner's row with this id (another owner's simply does not exist)."""
        return await self._one(session, self.scoped(owner).where(self._id == row_id), lock)

    async def get_for_update(self, session: AsyncSession, owner: Owner, row_id: str) -> M | None:
        return await self.get(session, owner, row_id, lock=True)

    async def by_id(self, session: AsyncSession, row_id: str, *, lock: bool = False) -> M | None:
        """For the operator CLI and the worker, which act for Cleavr, not for a platform."""
        return await self._one(session, select(self.model).where(self._id == row_id), lock)

    async def _one(self, session: AsyncSession, stmt: Select[Any], lock: bool) -> M | None:
        if lock:
            stmt = for_update(session, stmt)
        row: M | None = (await session.execute(stmt)).scalar_one_or_none()
        return row
