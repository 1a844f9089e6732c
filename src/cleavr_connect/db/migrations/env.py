"""Alembic environment: runs migrations through the same async engine as the service."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from cleavr_connect import models  # noqa: F401  (registers every table)
from cleavr_connect.db.base import Base
from cleavr_connect.db.engine import create_engine

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _main() -> None:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    async with engine.connect() as connection:
        await connection.run_sync(_run)
        await connection.commit()
    await engine.dispose()


if context.is_offline_mode():  # pragma: no cover
    raise SystemExit("offline migrations are not supported; run `cleavr-connect migrate`")

asyncio.run(_main())
