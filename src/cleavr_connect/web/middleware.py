"""Pure ASGI middleware (no BaseHTTPMiddleware: it costs a task per request)."""

from __future__ import annotations

import logging
import re
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cleavr_connect.context import client_ip_var, request_id_var
from cleavr_connect.ids import request_id

log = logging.getLogger("cleavr_connect.access")

# Onboarding links carry their single-use token in the path: never write it to a log.
_PATH_SECRETS = re.compile(r"/onb_[0-9A-Za-z]+")


def loggable_path(path: str) -> str:
    return _PATH_SECRETS.sub("/onb_…", path)


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

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"request-id", rid.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
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
