"""The ASGI application."""

from __future__ import annotations

import asyncio
import gc
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp

from cleavr_connect import __version__, backoffice
from cleavr_connect.api import openapi
from cleavr_connect.api.dispatch import DispatchMiddleware, Routes
from cleavr_connect.api.me import DIRECT_READS
from cleavr_connect.api.middleware import ApiMiddleware
from cleavr_connect.clock import Clock
from cleavr_connect.config import Settings, load_settings
from cleavr_connect.db.engine import Database
from cleavr_connect.receivables.reading_queue import ReadingWorker
from cleavr_connect.router import ROUTERS, router
from cleavr_connect.runtime import Runtime, build_runtime
from cleavr_connect.web import handlers
from cleavr_connect.web.middleware import BodyGuardMiddleware, RequestContextMiddleware
from cleavr_connect.web.pages import render_error_page
from cleavr_connect.webhooks.worker import Worker

STATIC = Path(__file__).resolve().parent / "static"

DESCRIPTION = """
The partner API through which software platforms send their users' unpaid invoices to
professional amicable debt recovery.

Authenticate with OAuth 2.0 (authorization code + PKCE) and send `Authorization: Bearer
clv_tok_…`. Every error answers with one JSON envelope; see the [error reference](/docs/errors).
"""


def create_fastapi(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    database: Database | None = None,
    runtime: Runtime | None = None,
    worker: bool | None = None,
) -> FastAPI:
    from_environment = settings is None
    settings = settings or load_settings()
    runtime = runtime or build_runtime(settings, clock)
    db = database or Database(settings.database_url)
    # The embedded default delivers webhooks in-process (SPEC §12), sharing the app's database
    # engine: on SQLite that one connection serialises its writes with the API's. The service
    # configured from the environment (`serve`, `asgi.py`) runs it unless CLEAVR_NO_WORKER=1;
    # an app built with explicit settings (tests, embedding) only when asked.
    if worker is None:
        worker = from_environment and os.environ.get("CLEAVR_NO_WORKER") != "1"

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        delivery = None
        if worker:
            delivery = Worker(db, runtime)
            task = asyncio.create_task(delivery.run())
            stop_back_office = asyncio.Event()
            back_office = asyncio.create_task(backoffice.run(db, runtime, stop_back_office))
            # Scans are read in child processes of this loop, never in the request.
            reading = ReadingWorker(db, runtime)
            reading_task = asyncio.create_task(reading.run())
        app.state.webhook_worker = delivery
        yield
        if delivery is not None:
            delivery.stop()
            stop_back_office.set()
            reading.stop()
            await task
            await back_office
            await reading_task
        if database is None:
            await db.dispose()

    app = FastAPI(
        title="Cleavr Connect",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        # /docs is served by hosted.site from local assets (no CDN).
        docs_url=None,
        redoc_url=None,
        # FastAPI's own OpenTelemetry hooks: no provider is configured here, so they never
        # recorded anything, and asking whether one is costs every request the time of its
        # three global provider lookups.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.runtime = runtime
    app.state.db = db
    handlers.install(app, error_page=render_error_page)
    # Innermost first: compiled routes run where the router would (`api.dispatch`).
    routes = Routes(ROUTERS)
    app.add_middleware(DispatchMiddleware, routes=routes)
    app.add_middleware(ApiMiddleware, direct_reads=DIRECT_READS, routes=routes)
    app.add_middleware(BodyGuardMiddleware)
    openapi.install(app)
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    database: Database | None = None,
    runtime: Runtime | None = None,
    worker: bool | None = None,
) -> ASGIApp:
    """The FastAPI app wrapped so that even a 500 carries its Request-Id."""
    app = create_fastapi(settings, clock=clock, database=database, runtime=runtime, worker=worker)
    wrapped = RequestContextMiddleware(app)
    wrapped.fastapi = app  # type: ignore[attr-defined]
    return wrapped


def freeze_startup_objects() -> None:
    """Takes what exists once the app is built out of the garbage collector's sight.

    Modules, routes, validators, SQL statements and the runtime — some 270,000 objects — live
    as long as the process, yet every full collection walked them all again; a request that
    allocates much (a page of 100 receivables) paid for those walks. Frozen (`gc.freeze`), they
    are never scanned: that page costs about a third less CPU (docs/benchmarks.md). Objects made
    later are collected as before. The service calls this once, after `create_app`.
    """
    gc.collect()
    gc.freeze()
