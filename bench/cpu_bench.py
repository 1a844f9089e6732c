"""CPU per request, in process: the same requests before and after a refactoring, on a shared
machine where wall-clock throughput says more about the neighbours than about the code.

    python bench/cpu_bench.py [--db-url postgresql://postgres@127.0.0.1:5432/postgres]
                              [--requests 300] [--rounds 5]

The app runs in this process behind httpx's ASGI transport (no sockets, no server process);
each round sends `--requests` of each kind one after the other and reads this process's CPU
time (`time.process_time`: user + system of every thread) around them. Reported per request:
the median of the rounds, and the spread (min-max). The database server's own CPU is not
counted (it runs in its own processes), nor is wall time.

Kinds: `POST /v1/receivables` in test mode (validation, user check, submission, acceptance,
events), the refresh grant (`POST /oauth/token`, a chain of rotations), the bearer check
(`GET /v1/me`), token introspection, the detail reads `GET /v1/receivables/{id}`,
`GET /v1/users/{id}`, `GET /v1/webhooks/{id}`, and a list page `GET /v1/receivables?limit=100`
(100 receivables; a tenth of --requests). `--only get_receivable,get_me` measures some kinds;
`--profile FILE` writes cProfile statistics of the measured rounds, timed by this process's CPU
clock like the figures (waits on PostgreSQL or on a busy core are not counted; times include the
profiler's own cost, several times the code's: compare them with each other, not with an
unprofiled run).
The httpx client's own cost is in every figure, the same before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleavr_connect.app import create_app  # noqa: E402
from cleavr_connect.clock import FrozenClock  # noqa: E402
from cleavr_connect.config import Settings  # noqa: E402
from cleavr_connect.db import migrate  # noqa: E402
from cleavr_connect.db.engine import Database  # noqa: E402
from cleavr_connect.runtime import build_runtime  # noqa: E402
from tests.factories import active_user, caller, receivable_body, refresh  # noqa: E402

try:
    from cleavr_connect.app import freeze_startup_objects
except ImportError:  # an older tree, measured through PYTHONPATH, had no such step

    def freeze_startup_objects() -> None:
        pass


BASE_URL = "http://testserver"


async def _round(n: int, send: Callable[[], Awaitable[None]]) -> float:
    start = time.process_time()
    for _ in range(n):
        await send()
    return (time.process_time() - start) / n * 1000


KINDS = (
    "post_receivable",
    "refresh",
    "get_me",
    "introspect",
    "get_receivable",
    "get_user",
    "get_webhook",
    "list_receivables",
)


async def run(
    db_url: str,
    requests: int,
    rounds: int,
    only: tuple[str, ...] = KINDS,
    profile: cProfile.Profile | None = None,
) -> dict[str, list[float]]:
    settings = Settings(
        data_dir=Path(tempfile.mkdtemp(prefix="cleavr-cpu-bench-")),
        database_url=db_url,
        base_url=BASE_URL,
        secret_key=b"cpu-bench-secret-key-0123456789abcdef0123456789",
        rate_limit_live=0,
        rate_limit_test=0,
    )
    rt = build_runtime(settings, FrozenClock())
    db = Database(db_url, pool_size=10)
    app = create_app(settings, runtime=rt, database=db)
    freeze_startup_objects()  # as the service does (asgi.py)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    out: dict[str, list[float]] = {kind: [] for kind in only}
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        who = await caller(http, db, rt)
        user = await active_user(http, who)
        state: dict[str, Any] = {"refresh": who.refresh_token}

        async def post() -> None:
            r = await http.post(
                "/v1/receivables", json=receivable_body(user["id"]), headers=who.headers
            )
            assert r.status_code == 200, r.text

        async def grant() -> None:
            r = await refresh(http, who.platform, state["refresh"])
            assert r.status_code == 200, r.text
            state["refresh"] = r.json()["refresh_token"]
            who.token = r.json()["access_token"]

        def reader(path: str) -> Callable[[], Awaitable[None]]:
            async def read() -> None:
                r = await http.get(path, headers=who.headers)
                assert r.status_code == 200, r.text

            return read

        async def introspect() -> None:
            r = await http.post(
                "/oauth/introspect",
                data={
                    "token": who.token,
                    "client_id": who.platform.client_id,
                    "client_secret": who.platform.client_secret,
                },
            )
            assert r.status_code == 200 and r.json()["active"], r.text

        receivable = (
            await http.post(
                "/v1/receivables", json=receivable_body(user["id"]), headers=who.headers
            )
        ).json()
        webhook = (
            await http.post(
                "/v1/webhooks", json={"url": "https://example.com/hook"}, headers=who.headers
            )
        ).json()
        kinds: dict[str, tuple[Callable[[], Awaitable[None]], int]] = {
            "post_receivable": (post, requests),
            "refresh": (grant, requests),
            "get_me": (reader("/v1/me"), requests),
            "introspect": (introspect, requests),
            "get_receivable": (reader(f"/v1/receivables/{receivable['id']}"), requests),
            "get_user": (reader(f"/v1/users/{user['id']}"), requests),
            "get_webhook": (reader(f"/v1/webhooks/{webhook['id']}"), requests),
            "list_receivables": (reader("/v1/receivables?limit=100"), max(1, requests // 10)),
        }
        if "list_receivables" in only:
            for _ in range(100):
                await post()
        for _ in range(20):  # warm-up: prepared statements, caches, imports
            for kind in only:
                if kind not in ("refresh", "list_receivables", "post_receivable"):
                    await kinds[kind][0]()
        if "list_receivables" in only:
            await kinds["list_receivables"][0]()
        await grant()
        if profile is not None:
            profile.enable()
        for _ in range(rounds):
            for kind in only:
                send, n = kinds[kind]
                out[kind].append(await _round(n, send))
        if profile is not None:
            profile.disable()
    await db.dispose()
    return out


async def _pg_database(admin_url: str) -> tuple[str, str]:
    name = "cleavr_cpu_bench_" + secrets.token_hex(4)
    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return name, admin_url.rsplit("/", 1)[0] + "/" + name


async def _drop(admin_url: str, name: str) -> None:
    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--sqlite", action="store_true", help="a fresh SQLite file instead")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", default=",".join(KINDS), help="comma-separated kinds")
    parser.add_argument("--profile", metavar="FILE", help="write cProfile stats of the rounds")
    a = parser.parse_args()
    only = tuple(k for k in a.only.split(",") if k)
    if unknown := set(only) - set(KINDS):
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))} (known: {', '.join(KINDS)})")
    name = None
    if a.sqlite:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='cleavr-cpu-bench-')}/bench.db"
    else:
        name, url = asyncio.run(_pg_database(a.db_url))
    try:
        migrate.upgrade(url)
        # CPU time, as the figures: waiting on PostgreSQL or a busy core is not our cost.
        profile = cProfile.Profile(time.process_time) if a.profile else None
        result = asyncio.run(run(url, a.requests, a.rounds, only, profile))
        if profile is not None:
            profile.dump_stats(a.profile)
            pstats.Stats(a.profile).sort_stats("cumulative").print_stats(40)
    finally:
        if name is not None:
            asyncio.run(_drop(a.db_url, name))
    print(f"{'sqlite' if a.sqlite else 'postgresql'}, {a.requests} requests x {a.rounds} rounds")
    for kind, values in result.items():
        print(
            f"{kind:16} {statistics.median(values):6.2f} ms CPU/request "
            f"(min {min(values):.2f}, max {max(values):.2f})"
        )


if __name__ == "__main__":
    main()
