"""Pure ASGI middleware (no BaseHTTPMiddleware: it costs a task per request)."""

from __future__ import annotations

import asyncio
import logging
import re
import time

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cleavr_connect.context import client_ip_var, request_id_var
from cleavr_connect.ids import request_id

log = logging.getLogger("cleavr_connect.access")

# Onboarding and debtor portal links carry their token in the path: it is the key to a
# company's onboarding or to a debtor's claim, so it is never written to a log.
_PATH_SECRETS = re.compile(r"/(onb|dpt)_[0-9A-Za-z]+")


API_HEADERS = ((b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff"))


def loggable_path(path: str) -> str:
    return _PATH_SECRETS.sub(r"/\1_…", path)


# What a request the client abandoned while sending its body is logged with (nginx's "client
# closed request"); nothing was read whole, so nothing was done, and no one is left to answer.
CLIENT_CLOSED_REQUEST = 499


def log_client_gone(scope: Scope) -> None:
    """One quiet line, no traceback: a client closing its connection mid-body is not our error."""
    log.info(
        "client disconnected before sending its whole body; request abandoned: %s %s request_id=%s",
        scope.get("method"),
        loggable_path(scope.get("path", "")),
        scope.get("state", {}).get("request_id"),
    )


class RequestContextMiddleware:
    """Gives every request an id (`Request-Id` header, logs, error bodies, audit rows)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id()
        scope.setdefault("state", {})["request_id"] = rid
        token_rid = request_id_var.set(rid)
        client = scope.get("client")
        token_ip = client_ip_var.set(client[0] if client else None)
        started = time.perf_counter()
        status = 500

        api = scope["path"].startswith("/v1/")
        head = scope["method"] == "HEAD"
        inner = scope
        if head:
            # HEAD is GET without the body (RFC 9110 §9.3.2), which the routes only declare. A
            # copy of the scope: the server keeps its own, still HEAD.
            inner = {**scope, "method": "GET"}

        answered = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, answered
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                answered = True
            if head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"request-id", rid.encode()))
                if api:
                    # API answers are personal data: never cached, never sniffed into HTML.
                    names = {k.lower() for k, _ in headers}
                    headers.extend(h for h in API_HEADERS if h[0] not in names)
                message["headers"] = headers
            await send(message)

        try:
            await self.app(inner, receive, send_with_id)
        except Exception:
            if not answered:
                raise  # nothing sent: the server answers 500 itself
            # Answered and logged already (`web.handlers`' catch-all): Starlette raises it again
            # for the server to log, and the server then drops the connection, so that the
            # client's next request on it fails as if the network had.
        finally:
            if log.isEnabledFor(logging.INFO):
                # The path only: query strings can carry codes and tokens.
                log.info(
                    "%s %s %s %.1fms request_id=%s",
                    scope["method"],
                    loggable_path(scope["path"]),
                    status,
                    (time.perf_counter() - started) * 1000,
                    rid,
                )
            request_id_var.reset(token_rid)
            client_ip_var.reset(token_ip)


# The largest body each part of the site reads: the API (OCR uploads and evidence), the hosted
# onboarding (a 10 MB identity document), the OAuth back channel, and every other hosted form.
BODY_LIMITS: tuple[tuple[str, int | None], ...] = (
    ("/v1/", 12 * 1024 * 1024),
    # The onboarding upload caps its own body (storage.MAX_UPLOAD_BYTES, then drains a little to
    # answer with the form's message): only the read timeout applies there.
    ("/onboarding/", None),
    ("/oauth/token", 16 * 1024),
    ("/oauth/revoke", 16 * 1024),
    ("/oauth/introspect", 16 * 1024),
    # A month of a busy account's camt.053 runs to megabytes (payments.endpoints reads 20 MB).
    ("/admin/bank_statements", 20 * 1024 * 1024),
)
DEFAULT_BODY_LIMIT = 64 * 1024
# The debtor portal's dispute form carries up to 5 documents of 10 MB each (portal.requests).
PORTAL_DISPUTE = re.compile(r"/[a-z]{2}/d/[^/]+/dispute")
PORTAL_DISPUTE_LIMIT = 5 * 10 * 1024 * 1024 + 64 * 1024
# A client must keep sending: each part of the body within this many seconds, the whole body
# within BODY_TOTAL_SECONDS (12 MB then needs ~100 KB/s), or the request ends with 408.
BODY_IDLE_SECONDS = 15.0
BODY_TOTAL_SECONDS = 120.0


def body_limit(path: str) -> int | None:
    for prefix, limit in BODY_LIMITS:
        if path.startswith(prefix):
            return limit
    if PORTAL_DISPUTE.fullmatch(path):
        return PORTAL_DISPUTE_LIMIT
    return DEFAULT_BODY_LIMIT


class BodyRejected(HTTPException):
    """413 or 408 raised from `receive`, where the body is read: the error handlers turn it into
    the API envelope or the hosted error page (FastAPI re-raises HTTP exceptions it meets while
    parsing a body; any other exception there would become a generic 400)."""


class _Reads:
    """Body reads under way, each with the loop time it must end by, checked every `interval`
    seconds by one task per event loop, which cancels a read past its time. A timer armed and
    cancelled for each read would be exact to the millisecond, but it cost more than reading a
    small body whole; a read is now stopped between its limit and a quarter of it (at most a
    second) later. The task lingers `LINGER` seconds without reads, then ends."""

    LINGER = 30.0

    def __init__(self) -> None:
        self._until: dict[asyncio.Task[object], float] = {}
        self._expired: set[asyncio.Task[object]] = set()
        self._sweeper: asyncio.Task[None] | None = None
        self._interval = 1.0

    def start(self, task: asyncio.Task[object], until: float, limit: float) -> None:
        self._until[task] = until
        self._interval = min(self._interval, max(0.01, limit / 4))
        sweeper = self._sweeper
        if sweeper is None or sweeper.done() or sweeper.get_loop() is not task.get_loop():
            self._sweeper = task.get_loop().create_task(self._sweep())

    def stop(self, task: asyncio.Task[object]) -> bool:
        """Ends the watch over `task`'s read: True when it was cancelled for being late."""
        self._until.pop(task, None)
        if task in self._expired:
            self._expired.discard(task)
            return True
        return False

    async def _sweep(self) -> None:
        loop = asyncio.get_running_loop()
        idle_since = loop.time()
        while True:
            await asyncio.sleep(self._interval)
            now = loop.time()
            if not self._until:
                if now - idle_since > self.LINGER:
                    return
                continue
            idle_since = now
            for task, until in list(self._until.items()):
                if until <= now and task.get_loop() is loop:
                    del self._until[task]
                    self._expired.add(task)
                    task.cancel()


class BodyGuardMiddleware:
    """Caps the size of every request body (by its Content-Length before a byte is read, and by
    counting as it arrives) and how long reading it may take, so a large or trickled body cannot
    fill the disk with a spooled upload or hold a connection open."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._reads = _Reads()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope["path"])
        state = scope["app"].state
        idle = getattr(state, "body_idle_seconds", BODY_IDLE_SECONDS)
        total = getattr(state, "body_total_seconds", BODY_TOTAL_SECONDS)
        declared = None
        for key, value in scope["headers"]:
            if key == b"content-length":
                declared = int(value) if value.isdigit() else None
        received = 0
        deadline: float | None = None
        done = False
        reads = self._reads

        async def guarded() -> Message:
            nonlocal received, deadline, done
            if done:
                return await receive()
            if limit is not None and declared is not None and declared > limit:
                raise _too_large(limit)
            task = asyncio.current_task()
            assert task is not None
            now = task.get_loop().time()
            if deadline is None:
                deadline = now + total
            reads.start(task, min(now + idle, deadline), idle)
            try:
                message = await receive()
            except asyncio.CancelledError:
                if reads.stop(task) and task.uncancel() == 0:
                    raise _too_slow() from None
                raise
            # Late, and the server's `receive` swallowed the cancellation: it is withdrawn.
            if reads.stop(task) and task.uncancel() == 0:
                raise _too_slow()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if limit is not None and received > limit:
                    raise _too_large(limit)
                done = not message.get("more_body", False)
            return message

        await self.app(scope, guarded, send)


def _too_slow() -> BodyRejected:
    return BodyRejected(408, "The request body did not arrive in time.", {"Connection": "close"})


def _too_large(limit: int) -> BodyRejected:
    size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
    return BodyRejected(413, f"The request body is over {size}.", {"Connection": "close"})
