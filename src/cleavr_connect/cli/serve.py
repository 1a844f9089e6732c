"""`cleavr-connect serve` and `cleavr-connect migrate`."""

from __future__ import annotations

import argparse
import os
import sys

from sqlalchemy.engine import make_url

from cleavr_connect.config import load_settings
from cleavr_connect.db import migrate


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    s = sub.add_parser("serve", help="run the API (applies pending migrations first)")
    s.add_argument("--host", default=os.environ.get("CLEAVR_HOST", "127.0.0.1"))
    s.add_argument("--port", type=int, default=int(os.environ.get("CLEAVR_PORT", "8000")))
    s.add_argument("--workers", type=int, default=1, help="API processes")
    s.add_argument("--no-worker", action="store_true", help="do not run the in-process worker")
    s.add_argument(
        "--no-migrate",
        action="store_true",
        help="refuse to start when migrations are pending instead of applying them",
    )
    s.add_argument(
        "--log-level",
        default="info",
        choices=("critical", "error", "warning", "info", "debug", "trace"),
        help="info (the default) logs one line per request with its Request-Id",
    )
    s.set_defaults(handler=serve, sync=True)

    m = sub.add_parser("migrate", help="apply pending database migrations")
    m.set_defaults(handler=migrate_cmd, sync=True)


def migrate_cmd(args: argparse.Namespace) -> int:
    settings = load_settings()
    pending = migrate.pending_revisions(settings.database_url)
    migrate.upgrade(settings.database_url)
    shown = make_url(settings.database_url).render_as_string(hide_password=True)
    print(f"Database {shown}: {len(pending)} migration(s) applied.")
    return 0


# An idle keep-alive connection stays open longer than clients keep theirs (httpx and our SDK
# 5 s, load balancers such as AWS's 60 s): when the server closed first, a client's next request
# on the connection raced the close and failed without an answer.
KEEP_ALIVE_SECONDS = 75


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = load_settings()
    pending = migrate.pending_revisions(settings.database_url)
    if pending and args.no_migrate:
        print(
            f"error: {len(pending)} migration(s) pending; run `cleavr-connect migrate` first.",
            file=sys.stderr,
        )
        return 2
    if pending:
        migrate.upgrade(settings.database_url)
    os.environ["CLEAVR_NO_WORKER"] = "1" if args.no_worker else "0"
    os.environ["CLEAVR_LOG_LEVEL"] = args.log_level  # the service's own loggers (`asgi.py`)
    print(f"Cleavr Connect on http://{args.host}:{args.port} (issuer {settings.base_url})")
    uvicorn.run(
        "cleavr_connect.asgi:app",
        host=args.host,
        port=args.port,
        workers=args.workers,
        loop="uvloop",
        http="httptools",
        log_level=args.log_level,
        access_log=False,
        proxy_headers=False,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )
    return 0
