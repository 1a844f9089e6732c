"""`cleavr-connect worker`: deliver webhooks, run the back office and read the OCR queue until
stopped (SIGTERM or Ctrl-C finish the requests in flight and record them first; a document
being read is handed back to the queue and its reading process killed)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
import time
from typing import Any

from sqlalchemy.engine import make_url

from cleavr_connect import backoffice
from cleavr_connect.config import load_settings
from cleavr_connect.db import migrate
from cleavr_connect.db.engine import Database
from cleavr_connect.runtime import build_runtime


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    w = sub.add_parser(
        "worker",
        help="deliver webhook events, read scanned invoices (applies pending migrations first)",
    )
    w.add_argument(
        "--no-migrate",
        action="store_true",
        help="refuse to start when migrations are pending instead of applying them",
    )
    w.add_argument(
        "--concurrency", type=int, help="requests in flight (CLEAVR_WEBHOOK_CONCURRENCY)"
    )
    w.add_argument(
        "--endpoint-concurrency",
        type=int,
        help="requests in flight to one endpoint (CLEAVR_WEBHOOK_ENDPOINT_CONCURRENCY)",
    )
    w.add_argument("--log-level", default="warning")
    w.set_defaults(handler=worker, sync=True)


def worker(args: argparse.Namespace) -> int:
    overrides: dict[str, Any] = {}
    if args.concurrency:
        overrides["webhook_concurrency"] = args.concurrency
    if args.endpoint_concurrency:
        overrides["webhook_endpoint_concurrency"] = args.endpoint_concurrency
    settings = load_settings(**overrides)
    pending = migrate.pending_revisions(settings.database_url)
    if pending and args.no_migrate:
        print(
            f"error: {len(pending)} migration(s) pending; run `cleavr-connect migrate` first.",
            file=sys.stderr,
        )
        return 2
    if pending:
        migrate.upgrade(settings.database_url)
    logging.getLogger("cleavr_connect").setLevel(args.log_level.upper())

    async def main() -> None:
        from cleavr_connect.receivables.reading_queue import ReadingWorker
        from cleavr_connect.webhooks.worker import Worker

        db = Database(settings.database_url)
        rt = build_runtime(settings)
        delivery = Worker(db, rt)
        reading = ReadingWorker(db, rt)
        stop_back_office = asyncio.Event()

        def stop() -> None:
            delivery.stop()
            reading.stop()
            stop_back_office.set()

        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop)
        shown = make_url(settings.database_url).render_as_string(hide_password=True)
        print(f"Webhook worker {delivery.worker_id} delivering from {shown}", flush=True)
        back_office = asyncio.create_task(backoffice.run(db, rt, stop_back_office))
        reading_task = asyncio.create_task(reading.run())
        try:
            await delivery.run()
        finally:
            stop_back_office.set()
            reading.stop()
            await back_office
            await reading_task
            await db.dispose()
            print(
                f"Webhook worker {delivery.worker_id} stopped after {delivery.delivered} attempts"
                f" and {reading.read} documents read ({time.process_time():.1f} s CPU)",
                flush=True,
            )
            close = getattr(rt.throttle, "close", None)
            if close:
                await close()

    try:
        import uvloop

        loop_factory: Any = uvloop.new_event_loop
    except ImportError:  # pragma: no cover - uvloop comes with uvicorn[standard]
        loop_factory = None
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        runner.run(main())
    return 0
