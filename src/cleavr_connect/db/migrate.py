"""Apply or inspect migrations programmatically (the CLI and the tests use this)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from cleavr_connect.db.engine import create_engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _in_thread(fn, *args) -> None:  # type: ignore[no-untyped-def]
    # env.py runs its own event loop; keep it off any loop the caller is running.
    errors: list[BaseException] = []

    def target() -> None:
        try:
            fn(*args)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def upgrade(url: str, revision: str = "head") -> None:
    _in_thread(command.upgrade, alembic_config(url), revision)


def pending_revisions(url: str) -> list[str]:
    """Revisions not yet applied to the database at `url` (empty when up to date)."""
    script = ScriptDirectory.from_config(alembic_config(url))
    heads = set(script.get_heads())
    current: set[str] = set()

    def read(connection: Connection) -> None:
        current.update(MigrationContext.configure(connection).get_current_heads())

    async def main() -> None:
        engine = create_engine(url)
        async with engine.connect() as connection:
            await connection.run_sync(read)
        await engine.dispose()

    _in_thread(asyncio.run, main())
    if current == heads:
        return []
    pending = []
    for rev in script.iterate_revisions(tuple(heads), "base"):
        if rev.revision in current:
            break
        pending.append(rev.revision)
    return pending
