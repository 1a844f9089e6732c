"""Per-request facts that logs and the audit trail need, without threading them through calls."""

from __future__ import annotations

from contextvars import ContextVar

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
client_ip_var: ContextVar[str | None] = ContextVar("client_ip", default=None)


def current_request_id() -> str | None:
    return request_id_var.get()


def current_ip() -> str | None:
    return client_ip_var.get()
