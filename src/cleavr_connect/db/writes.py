"""How many writes a session has sent: the same count before and after tells that nothing was
written in between (`receivables.rendering` answers a write with the rendering its events
carry while that holds).

Counted: every flush of the ORM, every statement sent through `session.execute` that is not a
SELECT (Core inserts and updates included), and the plain statements of `sql.fetch_plain`.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

_KEY = "cleavr_writes"


def count(session: AsyncSession | Session) -> int:
    return int(session.info.get(_KEY, 0))


def note(session: AsyncSession | Session) -> None:
    session.info[_KEY] = count(session) + 1


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _flush: UOWTransaction) -> None:
    note(session)


@event.listens_for(Session, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    if not state.is_select:
        note(state.session)
