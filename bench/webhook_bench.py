"""Webhook delivery benchmark on PostgreSQL: throughput with 1, 2 and 4 `cleavr-connect worker`
processes, and the delay from commit to delivery at a steady rate.

    .venv/bin/python bench/webhook_bench.py [--events 20000] [--workers 1,2,4]
        [--rate 500] [--seconds 30] [--latency-workers 1,2] [--port 8490]

- A fresh database BENCH_DB (default cleavr_bench_webhooks) on PG_ADMIN_URL's server, migrated,
  with one test-mode platform, account and webhook endpoint (every event type, API version
  2026-01-02) pointing at bench/webhook_receiver.py: a bare HTTP/1.1 server on uvloop in its own
  process that answers 200 at once and notes when each event id first arrived.
- Throughput: the workers are started and idle; then EVENTS events (a user object of about 1 KB,
  like `user.updated` with previous_attributes) are committed in one transaction, as a backlog;
  the figure is EVENTS / (last first-arrival - commit). Duplicates (deliveries beyond one per
  event) are counted.
- Latency: RATE events per second, each committed in its own transaction, for SECONDS seconds;
  per event, first arrival at the receiver minus the end of its commit (one clock, one machine).
  p50/p90/p99/max over every event.
- Events are written with plain asyncpg INSERTs into `events` (the same row `record()` writes;
  the outbox trigger queues it in the same transaction), so that the producer costs little CPU
  next to the workers on this 2-core machine.

Output: a summary on stdout and in bench/results/webhooks-<date>.txt.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import secrets
import signal
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from support import fresh_test_platform  # noqa: E402  (run as a script: bench/ is on sys.path)

from cleavr_connect.config import Settings  # noqa: E402
from cleavr_connect.db.engine import Database  # noqa: E402
from cleavr_connect.ids import new_id  # noqa: E402
from cleavr_connect.ownership import Owner  # noqa: E402
from cleavr_connect.runtime import build_runtime  # noqa: E402
from cleavr_connect.webhooks import service as webhooks  # noqa: E402
from cleavr_connect.webhooks.schemas import WebhookCreate  # noqa: E402

PG_ADMIN_URL = os.environ.get("PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
BENCH_DB = os.environ.get("BENCH_DB", "cleavr_bench_webhooks")
SECRET_KEY = "bench-secret-key-0123456789-abcdefghijklmnop"
PYTHON = sys.executable


def db_url() -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + BENCH_DB


def user_object(i: int) -> dict:  # type: ignore[type-arg]
    return {
        "id": f"usr_clv_test_{i:012d}",
        "object": "user",
        "email": f"billing-{i}@acme.example",
        "status": "active",
        "company": {
            "name": "Acme Plomberie SAS",
            "siret": "73282932000074",
            "vat_number": "FR44732829320",
            "address": {
                "line1": "12 rue de la Paix",
                "line2": None,
                "city": "Paris",
                "postal_code": "75002",
                "country": "FR",
            },
            "website": "https://acme.example",
        },
        "contact": {"first_name": "Camille", "last_name": "Martin", "phone": "+33612345678"},
        "platform": {"callback_url": "https://platform.example/kyb", "metadata": {"crm": str(i)}},
        "payout": {"iban_last4": "0189", "account_holder": "Acme Plomberie SAS"},
        "onboarding_url": None,
        "capabilities": {"send_receivables": True, "receive_payouts": True},
        "requirements": {"currently_due": [], "pending_verification": [], "errors": []},
        "livemode": False,
        "created_at": "2026-01-15T09:00:00Z",
        "updated_at": "2026-01-15T09:00:00Z",
    }


async def setup(port: int) -> Owner:
    settings = Settings(
        data_dir=Path("/tmp"),
        database_url=db_url(),
        base_url="http://127.0.0.1",
        secret_key=SECRET_KEY.encode(),
    )
    rt = build_runtime(settings)
    owner: Owner = await fresh_test_platform(PG_ADMIN_URL, BENCH_DB, rt)
    db = Database(db_url())
    try:
        async with db.transaction() as session:
            await webhooks.create(
                session,
                rt,
                owner,
                WebhookCreate(url=f"http://127.0.0.1:{port}/hook"),
                "2026-01-02",
            )
    finally:
        await db.dispose()
    return owner


def event_row(owner: Owner, i: int) -> tuple:  # type: ignore[type-arg]
    obj = user_object(i)
    data = {"object": obj, "previous_attributes": {"status": "under_review"}}
    return (
        new_id("evt", livemode=False),
        "user.updated",
        owner.platform_id,
        owner.account_id,
        False,
        obj["id"],
        json.dumps(data),
        None,
        datetime.now(UTC),
    )


INSERT = (
    "INSERT INTO events (id, type, platform_id, account_id, livemode, object_id, data, "
    "request_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7::json, $8, $9)"
)


class Workers:
    def __init__(self, count: int, logdir: Path) -> None:
        self.count = count
        self.logdir = logdir
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CLEAVR_")}
        env.update(
            CLEAVR_DATABASE_URL=db_url(),
            CLEAVR_SECRET_KEY=SECRET_KEY,
            CLEAVR_DATA_DIR=str(self.logdir),
        )
        # The workers run with the product's defaults unless CLEAVR_WEBHOOK_* are set.
        env.update({k: v for k, v in os.environ.items() if k.startswith("CLEAVR_WEBHOOK_")})
        for i in range(self.count):
            log = (self.logdir / f"worker-{i}.log").open("wb")
            proc = subprocess.Popen(
                [PYTHON, "-m", "cleavr_connect", "worker", "--no-migrate"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=log,
            )
            assert proc.stdout is not None
            line = proc.stdout.readline()
            assert line.startswith(b"Webhook worker"), line
            self.procs.append(proc)

    def stop(self) -> tuple[list[int], float]:
        """Stops every worker; returns the attempts of each and their CPU seconds in all."""
        attempts = []
        cpu = 0.0
        for proc in self.procs:
            proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            out, _ = proc.communicate(timeout=60)
            match = re.search(r"after (\d+) attempts.*?\(([\d.]+) s CPU\)", out.decode())
            attempts.append(int(match.group(1)) if match else -1)
            cpu += float(match.group(2)) if match else 0.0
        return attempts, cpu


def backend_cpu(pids: list[int]) -> float:
    """CPU seconds of these PostgreSQL backends so far (from /proc, same machine)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


async def worker_backends() -> list[int]:
    conn = await asyncpg.connect(db_url())
    try:
        rows = await conn.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            BENCH_DB,
        )
    finally:
        await conn.close()
    return [r["pid"] for r in rows]


async def receiver_count(http: httpx.AsyncClient) -> dict:  # type: ignore[type-arg]
    return (await http.get("/count")).json()


async def wait_for(http: httpx.AsyncClient, unique: int, within: float) -> None:
    deadline = time.monotonic() + within
    while (await receiver_count(http))["unique"] < unique:
        if time.monotonic() > deadline:
            raise SystemExit(f"only {(await receiver_count(http))['unique']} of {unique} arrived")
        await asyncio.sleep(0.05)


async def throughput(  # type: ignore[type-arg]
    owner: Owner, workers: int, events: int, port: int, logdir: Path
) -> dict:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
        await http.post("/reset")
        pool = Workers(workers, logdir)
        pool.start()
        await asyncio.sleep(1.0)  # idle, polling
        pg_cpu_before = backend_cpu(await worker_backends())
        conn = await asyncpg.connect(db_url())
        try:
            rows = [event_row(owner, i) for i in range(events)]
            async with conn.transaction():
                await conn.executemany(INSERT, rows)
            committed = time.time()
        finally:
            await conn.close()
        await wait_for(http, events, within=600)
        await asyncio.sleep(0.5)
        stats = (await http.get("/stats")).json()
        backends = await worker_backends()
        pg_cpu = backend_cpu(backends) - pg_cpu_before
        attempts, cpu = pool.stop()
    last = max(stats["arrivals"].values())
    elapsed = last - committed
    return {
        "workers": workers,
        "events": events,
        "seconds": round(elapsed, 2),
        "per_second": round(events / elapsed),
        "duplicates": stats["count"] - stats["unique"],
        "attempts_per_worker": attempts,
        "worker_cpu_ms_per_delivery": round(cpu * 1000 / events, 3),
        "postgres_cpu_ms_per_delivery": round(pg_cpu * 1000 / events, 3),
    }


async def latency(  # type: ignore[type-arg]
    owner: Owner, workers: int, rate: int, seconds: int, port: int, logdir: Path
) -> dict:
    total = rate * seconds
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
        await http.post("/reset")
        pool = Workers(workers, logdir)
        pool.start()
        await asyncio.sleep(1.0)
        committed: dict[str, float] = {}
        conns = [await asyncpg.connect(db_url()) for _ in range(4)]
        started = time.monotonic()

        async def producer(conn: asyncpg.Connection, offset: int) -> None:
            # Each producer owns every 4th slot of the schedule: a steady RATE in all.
            for n in range(offset, total, len(conns)):
                due = started + n / rate
                delay = due - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                row = event_row(owner, n)
                await conn.execute(INSERT, *row)  # autocommit: one transaction per event
                committed[row[0]] = time.time()

        await asyncio.gather(*(producer(c, i) for i, c in enumerate(conns)))
        produced_in = time.monotonic() - started
        for conn in conns:
            await conn.close()
        await wait_for(http, total, within=120)
        await asyncio.sleep(0.5)
        stats = (await http.get("/stats")).json()
        pool.stop()
    delays = sorted(
        (stats["arrivals"][event_id] - at) * 1000
        for event_id, at in committed.items()
        if event_id in stats["arrivals"]
    )
    quantiles = statistics.quantiles(delays, n=100)
    return {
        "workers": workers,
        "rate": rate,
        "achieved_rate": round(total / produced_in),
        "events": total,
        "delivered": len(delays),
        "p50_ms": round(quantiles[49], 1),
        "p90_ms": round(quantiles[89], 1),
        "p99_ms": round(quantiles[98], 1),
        "max_ms": round(delays[-1], 1),
        "duplicates": stats["count"] - stats["unique"],
    }


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--rate", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--latency-workers", default="1,2")
    parser.add_argument("--port", type=int, default=8490)
    args = parser.parse_args()
    logdir = Path(f"/tmp/cleavr-webhook-bench-{secrets.token_hex(3)}")
    logdir.mkdir()
    receiver = subprocess.Popen(
        [PYTHON, str(ROOT / "bench" / "webhook_receiver.py"), str(args.port)],
        stdout=subprocess.PIPE,
    )
    assert receiver.stdout is not None
    receiver.stdout.readline()
    lines = [
        f"# Webhook delivery benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: {machine()}, load average before: {os.getloadavg()[0]:.2f}",
        f"PostgreSQL {db_url().rsplit('@', 1)[-1]}, receiver bench/webhook_receiver.py",
    ]
    try:
        asyncio.run(run(args, logdir, lines))
    finally:
        receiver.terminate()
        receiver.wait()
    lines.append(f"load average after: {os.getloadavg()[0]:.2f}")
    out = ROOT / "bench" / "results" / f"webhooks-{datetime.now(UTC):%Y%m%d-%H%M%S}.txt"
    out.parent.mkdir(exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    print(lines[-1])
    print(f"written to {out.relative_to(ROOT)}")


async def run(args: argparse.Namespace, logdir: Path, lines: list[str]) -> None:
    for count in [int(w) for w in args.workers.split(",") if w]:
        owner = await setup(args.port)
        result = await throughput(owner, count, args.events, args.port, logdir)
        lines.append("throughput " + json.dumps(result))
        print(lines[-1], flush=True)
    for count in [int(w) for w in args.latency_workers.split(",") if w]:
        owner = await setup(args.port)
        result = await latency(owner, count, args.rate, args.seconds, args.port, logdir)
        lines.append("latency " + json.dumps(result))
        print(lines[-1], flush=True)


if __name__ == "__main__":
    main()
