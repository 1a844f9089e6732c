"""Ownership: every object belongs to one (platform, account, mode) and every query starts here.

`owned(Model, owner)` is the one readable statement that repositories build on, so isolation
between platforms, accounts and modes cannot be forgotten by one endpoint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, select

M = TypeVar("M")


@dataclass(frozen=True)
class Owner:
    platform_id: str
    account_id: str
    livemode: bool


def owned(model: type[M], owner: Owner, *columns: Any) -> Select[Any]:
    """`SELECT model (or columns) WHERE it belongs to owner`."""
    stmt = select(*columns) if columns else select(model)
    return stmt.where(
        model.platform_id == owner.platform_id,  # type: ignore[attr-defined]
        model.account_id == owner.account_id,  # type: ignore[attr-defined]
        model.livemode == owner.livemode,  # type: ignore[attr-defined]
    )
