"""OCR queue benchmark on PostgreSQL: scanned pages read per second by 1, 2, … `cleavr-connect
worker` processes sharing the queue.

    .venv/bin/python bench/ocr_queue_bench.py [--documents 16] [--workers 1,2]

- A fresh database BENCH_DB (default cleavr_bench_ocr) on PG_ADMIN_URL's server, migrated, with
  one test-mode platform, account and active user, and a data folder shared by this script and
  the workers (the uploaded files live there).
- For each worker count K: K real `cleavr-connect worker` processes are started and idle; then
  DOCUMENTS one-page scans (generated invoices of the test corpus, each drawn and scanned with
  its own seed: 300 dpi PNG, tilt, noise) are uploaded as `POST /v1/receivables/ocr` uploads
  them (`from_document.upload`: the receivable `processing`, its job queued, one transaction);
  the figure is pages / (queue empty - commit). Every receivable must have left `processing`.
- The same documents for every K: compare the rows of one run. Per worker = pages/s / K.

Output: a summary on stdout and in bench/results/ocr-queue-<date>.txt.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import asyncpg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from support import fresh_test_platform  # noqa: E402  (run as a script: bench/ is on sys.path)

from cleavr_connect.config import Settings  # noqa: E402
from cleavr_connect.db.engine import Database  # noqa: E402
from cleavr_connect.ownership import Owner  # noqa: E402
from cleavr_connect.receivables import from_document  # noqa: E402
from cleavr_connect.receivables.schemas import ReceivablePatch  # noqa: E402
from cleavr_connect.runtime import Runtime, build_runtime  # noqa: E402
from cleavr_connect.users import service as users  # noqa: E402
from cleavr_connect.users.schemas import UserCreate  # noqa: E402
from tests.ocr.layouts import render_pdf  # noqa: E402
from tests.ocr.scanner import scan  # noqa: E402
from tests.ocr.specs import build_specs  # noqa: E402

PG_ADMIN_URL = os.environ.get("PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
BENCH_DB = os.environ.get("BENCH_DB", "cleavr_bench_ocr")
SECRET_KEY = "bench-secret-key-0123456789-abcdefghijklmnop"
PYTHON = sys.executable


def db_url() -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + BENCH_DB


def settings(data_dir: Path) -> Settings:
    return Settings(
        data_dir=data_dir,
        database_url=db_url(),
        base_url="http://127.0.0.1",
        secret_key=SECRET_KEY.encode(),
    )


async def setup(rt: Runtime) -> tuple[Owner, str]:
    owner: Owner = await fresh_test_platform(PG_ADMIN_URL, BENCH_DB, rt)
    db = Database(db_url())
    try:
        async with db.transaction() as session:
            user, _ = await users.create(
                session, rt, owner, UserCreate.model_validate({"email": "ocr@bench.example"})
            )
            user_id = user.id
    finally:
        await db.dispose()
    conn = await asyncpg.connect(db_url())
    try:
        # The KYB review is not what is measured: the user is approved directly.
        await conn.execute("UPDATE users SET status = 'active' WHERE id = $1", user_id)
    finally:
        await conn.close()
    return owner, user_id


def documents(count: int) -> list[bytes]:
    return [
        scan(render_pdf(spec), seed=1000 + i, fmt="png")
        for i, spec in enumerate(build_specs(count, seed=20261207))
    ]


class Workers:
    def __init__(self, count: int, data_dir: Path) -> None:
        self.count = count
        self.data_dir = data_dir
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CLEAVR_")}
        env.update(
            CLEAVR_DATABASE_URL=db_url(),
            CLEAVR_SECRET_KEY=SECRET_KEY,
            CLEAVR_DATA_DIR=str(self.data_dir),
        )
        for i in range(self.count):
            log = (self.data_dir / f"worker-{self.count}-{i}.log").open("wb")
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

    def stop(self) -> None:
        for proc in self.procs:
            proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            proc.communicate(timeout=120)


async def run_once(
    rt: Runtime, owner: Owner, user_id: str, docs: list[bytes], workers: int, data_dir: Path
) -> dict[str, float]:
    pool = Workers(workers, data_dir)
    pool.start()
    db = Database(db_url())
    try:
        await asyncio.sleep(1.0)  # idle, polling
        ids = []
        async with db.transaction() as session:
            for i, data in enumerate(docs):
                rec, processing = await from_document.upload(
                    session,
                    rt,
                    owner,
                    user_id=user_id,
                    data=data,
                    filename=f"scan-{workers}-{i}.png",
                    overrides=ReceivablePatch.model_validate({}),
                )
                assert processing, "a scan must go through the queue"
                ids.append(rec.id)
        committed = time.monotonic()
        conn = await asyncpg.connect(db_url())
        try:
            while await conn.fetchval("SELECT count(*) FROM reading_jobs"):
                if time.monotonic() - committed > 60 * len(docs):
                    raise SystemExit("the queue did not empty")
                await asyncio.sleep(0.1)
            elapsed = time.monotonic() - committed
            left = await conn.fetchval(
                "SELECT count(*) FROM receivables WHERE id = ANY($1) AND status = 'processing'",
                ids,
            )
            assert left == 0, f"{left} receivables still processing"
        finally:
            await conn.close()
    finally:
        await db.dispose()
        pool.stop()
    pages = len(docs)
    return {"workers": workers, "pages": pages, "seconds": elapsed, "rate": pages / elapsed}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=16)
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    counts = [int(c) for c in args.workers.split(",")]
    with tempfile.TemporaryDirectory(prefix="ocr-queue-bench-") as tmp:
        data_dir = Path(tmp)
        rt = build_runtime(settings(data_dir))
        owner, user_id = await setup(rt)
        print(f"making {args.documents} scans…", flush=True)
        docs = documents(args.documents)
        load = os.getloadavg()
        rows = [await run_once(rt, owner, user_id, docs, k, data_dir) for k in counts]
        load_after = os.getloadavg()
    base = rows[0]["rate"] / rows[0]["workers"]
    lines = [
        f"OCR queue — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {args.documents} one-page scans "
        f"(300 dpi PNG) per row, PostgreSQL, `cleavr-connect worker` processes",
        f"machine: {platform.machine()}, {os.cpu_count()} cores, load average "
        f"{load[0]:.2f} before, {load_after[0]:.2f} after",
        "",
        "| workers | pages | seconds | pages/s | pages/s per worker | in single workers |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        per = row["rate"] / row["workers"]
        lines.append(
            f"| {row['workers']} | {row['pages']} | {row['seconds']:.1f} | {row['rate']:.2f} | "
            f"{per:.2f} | {row['rate'] / base:.2f}× |"
        )
    text = "\n".join(lines)
    print(text)
    out = ROOT / "bench" / "results" / f"ocr-queue-{datetime.now(UTC):%Y%m%d-%H%M%S}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
    print(f"written: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    asyncio.run(main())
