"""Runs one CLI action in one transaction, turning our errors into clear messages."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.cli.output import fail
from cleavr_connect.config import load_settings
from cleavr_connect.db import migrate
from cleavr_connect.db.engine import Database
from cleavr_connect.errors import ApiError, ValidationError
from cleavr_connect.runtime import Runtime, build_runtime

T = TypeVar("T")


def ensure_migrated(url: str) -> None:
    if migrate.pending_revisions(url):
        migrate.upgrade(url)


async def with_transaction(
    work: Callable[[AsyncSession, Runtime], Awaitable[T]], *, as_json: bool = False
) -> T | None:
    settings = load_settings()
    ensure_migrated(settings.database_url)
    rt = build_runtime(settings)
    db = Database(settings.database_url, pool_size=1)
    try:
        async with db.transaction() as session:
            return await work(session, rt)
    except ValidationError as exc:
        first = exc.errors[0]
        messages = "; ".join(f"{e.param}: {e.message}" for e in exc.errors)
        fail(messages, as_json=as_json, code=first.code, param=first.param)
        return None
    except ApiError as exc:
        fail(exc.message, as_json=as_json, code=exc.code, param=exc.param)
        return None
    finally:
        await db.dispose()
        close: Any = getattr(rt.throttle, "close", None)
        if close:
            await close()


def stderr(message: str) -> None:
    print(message, file=sys.stderr)
