"""CPU per statement of the direct pool (`db.engine.Direct`) beside a bare asyncpg connection
and asyncpg's own pool, on uvloop as the service runs.

    python bench/direct_pool_bench.py [--db-url postgresql://postgres@127.0.0.1:5432/postgres]
                                      [--statements 5000] [--rounds 2]

Each round runs `SELECT $1::int` `--statements` times one after the other through each of the
three, after 500 warm-up statements, and reads this process's CPU time around them
(`time.process_time`); the server's own CPU is not counted. What the pool adds is the difference
from the bare connection.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import uvloop

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from cleavr_connect.db.engine import Direct  # noqa: E402

SQL = "SELECT $1::int"


async def _keep(_conn: asyncpg.Connection) -> None:
    """asyncpg's pool as the service configured it before: no reset statements."""


async def _cpu(run: Callable[[], Awaitable[Any]], n: int) -> float:
    for _ in range(500):
        await run()
    start = time.process_time()
    for _ in range(n):
        await run()
    return (time.process_time() - start) / n * 1e6


async def main(db_url: str, statements: int, rounds: int) -> None:
    bare = await asyncpg.connect(db_url)
    pool = await asyncpg.create_pool(
        db_url, min_size=1, max_size=4, reset=_keep, max_inactive_connection_lifetime=0
    )
    direct = Direct(db_url, 4)

    async def through_pool() -> Any:
        async with pool.acquire() as conn:
            return await conn.fetchrow(SQL, 1)

    kinds: dict[str, Callable[[], Awaitable[Any]]] = {
        "bare connection": lambda: bare.fetchrow(SQL, 1),
        "asyncpg pool": through_pool,
        "Direct": lambda: direct.fetchrow(SQL, 1),
    }
    try:
        for number in range(1, rounds + 1):
            for name, run in kinds.items():
                print(f"round {number}  {name:16} {await _cpu(run, statements):6.1f} µs CPU")
    finally:
        await direct.close()
        await pool.close()
        await bare.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--statements", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=2)
    a = parser.parse_args()
    uvloop.run(main(a.db_url, a.statements, a.rounds))
