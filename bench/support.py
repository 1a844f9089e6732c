"""What the benchmarks share: the server under test, SQL capture, plans, machine facts."""

from __future__ import annotations

import contextlib
import json
import math
import os
import platform as py_platform
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import event

from cleavr_connect.db.engine import Database

VENV_BIN = Path(sys.executable).parent


async def fresh_test_platform(admin_url: str, name: str, rt: Any) -> Any:
    """Database `name` dropped and made anew on `admin_url`'s server, migrated, with one
    test-mode platform and account (the benchmarks' owner). Returns their `Owner`."""
    from cleavr_connect.accounts import service as accounts
    from cleavr_connect.db import migrate
    from cleavr_connect.ownership import Owner
    from cleavr_connect.platforms import service as platforms

    admin = await asyncpg.connect(admin_url)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    migrate.upgrade(url)
    db = Database(url)
    try:
        async with db.transaction() as session:
            created = await platforms.create(
                session,
                rt.keys,
                name="Bench",
                redirect_uris=["https://bench.example/callback"],
                livemode=False,
                now=rt.clock.now(),
            )
            account = await accounts.create(
                session,
                email="bench@cleavr.test",
                password="bench-password-1234",
                name="Bench",
                now=rt.clock.now(),
            )
    finally:
        await db.dispose()
    return Owner(created.platform.id, account.id, False)


def log(msg: str) -> None:
    print(f"[{datetime.now().strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def machine(pg_version: str, pg_settings: dict[str, str]) -> list[tuple[str, str]]:
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    return [
        ("host", f"{py_platform.system()} {py_platform.release()} {py_platform.machine()}"),
        ("CPU", f"{os.cpu_count()} × {model} (nproc {len(os.sched_getaffinity(0))})"),
        ("RAM", f"{mem_kb / 1024 / 1024:.1f} GiB"),
        ("Python", py_platform.python_version()),
        (
            "PostgreSQL",
            pg_version + " (" + ", ".join(f"{k}={v}" for k, v in pg_settings.items()) + ")",
        ),
    ]


class Server:
    """`cleavr-connect serve --workers N --no-worker` in its own process group."""

    def __init__(self, port: int, env: dict[str, str], log_path: Path, workers: int = 1) -> None:
        self.port = port
        self.log_path = log_path
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log_file = open(log_path, "w")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [
                str(VENV_BIN / "cleavr-connect"),
                "serve",
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--no-worker",
                "--no-migrate",
                # No line per request: the peers measured beside it write none either.
                "--log-level",
                "warning",
            ],
            env=env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    def wait_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        url = f"http://127.0.0.1:{self.port}/.well-known/oauth-authorization-server"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"server exited ({self.proc.returncode}), see {self.log_path}")
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise SystemExit(f"server not up after {timeout}s, see {self.log_path}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log_file.close()

    def worker_pids(self) -> list[int]:
        """The serving process(es): the group leader and its children."""
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.proc.pid)], capture_output=True, text=True
        ).stdout.split()
        return [self.proc.pid, *map(int, out)]


class Capture:
    """Records the SQL + parameters a block of repository calls sends (engine event)."""

    def __init__(self, db: Database) -> None:
        self.statements: list[tuple[str, tuple[Any, ...]]] = []
        self.engine = db.engine.sync_engine
        event.listen(self.engine, "before_cursor_execute", self._on)

    def _on(self, conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        self.statements.append((statement, tuple(parameters or ())))

    def close(self) -> None:  # idempotent: a finally may close it again
        if event.contains(self.engine, "before_cursor_execute", self._on):
            event.remove(self.engine, "before_cursor_execute", self._on)


class DriverCapture:
    """Every statement the request transactions send, counted at the driver (asyncpg's query
    loggers on the connections SQLAlchemy's pool hands out): what goes through SQLAlchemy and
    what the hot paths run on the same connection directly. BEGIN/COMMIT are left out."""

    def __init__(self, db: Database) -> None:
        self.statements: list[str] = []
        self.pool = db.engine.sync_engine.pool
        self.watched: list[Any] = []
        event.listen(self.pool, "checkout", self._on_checkout)

    def _log(self, query: Any) -> None:
        if query.query.split(None, 1)[0].rstrip(";").upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):
            self.statements.append(query.query)

    def _on_checkout(self, dbapi_connection, record, proxy) -> None:  # type: ignore[no-untyped-def]
        driver = dbapi_connection.driver_connection
        if driver not in self.watched:
            driver.add_query_logger(self._log)
            self.watched.append(driver)

    def close(self) -> None:
        event.remove(self.pool, "checkout", self._on_checkout)
        for driver in self.watched:
            driver.remove_query_logger(self._log)


@dataclass
class Plan:
    label: str
    sql: str
    params: tuple[Any, ...]
    text: str = ""
    exec_ms: float = 0.0
    plan_ms: float = 0.0
    jit_ms: float = 0.0
    top_nodes: str = ""
    indexes: str = ""
    hit: int = 0
    read: int = 0


def _walk(node: dict[str, Any], out: list[dict[str, Any]]) -> None:
    out.append(node)
    for kid in node.get("Plans") or []:
        _walk(kid, out)


async def explain(conn: asyncpg.Connection, plan: Plan) -> Plan:
    opts = "ANALYZE, BUFFERS"
    raw = await conn.fetchval(f"EXPLAIN ({opts}, FORMAT JSON) {plan.sql}", *plan.params)
    text = await conn.fetch(f"EXPLAIN ({opts}) {plan.sql}", *plan.params)
    doc = (json.loads(raw) if isinstance(raw, str) else raw)[0]
    nodes: list[dict[str, Any]] = []
    _walk(doc["Plan"], nodes)
    plan.top_nodes = " → ".join(
        n["Node Type"] + (f" ({n['Strategy']})" if n.get("Strategy") not in (None, "Plain") else "")
        for n in nodes[:6]
    )
    plan.indexes = ", ".join(sorted({n["Index Name"] for n in nodes if n.get("Index Name")}))
    plan.hit = int(doc["Plan"].get("Shared Hit Blocks", 0))
    plan.read = int(doc["Plan"].get("Shared Read Blocks", 0))
    plan.exec_ms = float(doc.get("Execution Time", 0.0))
    plan.plan_ms = float(doc.get("Planning Time", 0.0))
    plan.jit_ms = float((doc.get("JIT") or {}).get("Timing", {}).get("Total", 0.0))
    plan.text = "\n".join(r[0] for r in text)
    return plan
