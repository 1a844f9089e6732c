"""FastAPI dependencies shared by every router: the runtime and the request's transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.db import sql
from cleavr_connect.db.engine import Database
from cleavr_connect.db.repository import PRELOADED
from cleavr_connect.runtime import Runtime


async def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime  # type: ignore[no-any-return]


async def get_database(request: Request) -> Database:
    return request.app.state.db  # type: ignore[no-any-return]


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request owns the transaction: commit when the endpoint returns, roll back if it raises.

    `scope="function"` below makes this run before the response is sent, so a client never sees
    a success for a change that then failed to commit.
    """
    shared = request.scope.get("state", {}).get("db_session")
    if shared is not None:
        # A /v1 write: the API middleware owns this transaction and commits it.
        yield shared
        return
    db: Database = request.app.state.db
    state = request.scope.get("state", {})
    maker = db.read_sessionmaker if state.get("read_only") else None
    session = (maker or db.sessionmaker)()
    if maker is not None and PRELOADED in state:
        # The row the bearer read brought along (`api.middleware`), for the repository's read.
        session.info[PRELOADED] = state.pop(PRELOADED)
    try:
        yield session
    except BaseException:
        if session.in_transaction():
            await session.rollback()
        raise
    else:
        if session.in_transaction():
            await session.commit()
    finally:
        await sql.close_used(session)


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
DatabaseDep = Annotated[Database, Depends(get_database)]
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
