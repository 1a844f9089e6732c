"""The base every repository reads one row with: by id within its owner's scope, or for the
operator and the worker by id alone, optionally locked until the transaction ends.

    _receivables = Rows(Receivable)
    get = _receivables.get                # get(session, owner, id, *, lock=False)
    by_id_unscoped = _receivables.by_id   # by_id(session, id, *, lock=False)

A model whose scope is not (platform, account, mode) passes its own `scope(owner)` statement.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy import Row, Select, bindparam, select
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
        # The read of every detail request, built once with bound parameters: building the
        # expression (and its cache key) each time cost more CPU than running it. A custom scope
        # builds its statement per call, as it may depend on more than the owner's columns.
        self._by_owner: Select[Any] | None = None
        self._with: dict[tuple[str, Any], Select[Any]] = {}
        if scope is None:
            self._by_owner = select(model).where(
                model.platform_id == bindparam("platform_id"),  # type: ignore[attr-defined]
                model.account_id == bindparam("account_id"),  # type: ignore[attr-defined]
                model.livemode == bindparam("livemode"),  # type: ignore[attr-defined]
                self._id == bindparam("row_id"),
            )

    def scoped(self, owner: Owner) -> Select[Any]:
        """The owner's rows: the statement every owned read starts from."""
        return self._scope(owner)

    async def get(
        self, session: AsyncSession, owner: Owner, row_id: str, *, lock: bool = False
    ) -> M | None:
        """The owner's row with this id (another owner's simply does not exist)."""
        if self._by_owner is None:
            return await self._one(session, self.scoped(owner).where(self._id == row_id), lock)
        return await self._one(session, self._by_owner, lock, _params(owner, row_id))

    async def get_with(
        self,
        session: AsyncSession,
        owner: Owner,
        row_id: str,
        columns: Callable[[AsyncSession], Sequence[Any]],
    ) -> Row[Any] | None:
        """The owner's row followed by `columns(session)` (its children, `db.children`) in one
        statement, built once per kind of database like `get`'s."""
        key = (session.get_bind().dialect.name, columns)
        stmt = self._with.get(key)
        if stmt is None:
            if self._by_owner is None:
                stmt = self.scoped(owner).where(self._id == row_id)
                return (await session.execute(stmt.add_columns(*columns(session)))).first()
            stmt = self._with[key] = self._by_owner.add_columns(*columns(session))
        return (await session.execute(stmt, _params(owner, row_id))).first()

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


def _params(owner: Owner, row_id: str) -> dict[str, Any]:
    return {
        "platform_id": owner.platform_id,
        "account_id": owner.account_id,
        "livemode": owner.livemode,
        "row_id": row_id,
    }
