"""Scopes are data: one enum of resource:action values with the words the consent page shows."""

from __future__ import annotations

from enum import StrEnum


class Scope(StrEnum):
    USERS_READ = "users:read"
    USERS_WRITE = "users:write"
    RECEIVABLES_READ = "receivables:read"
    RECEIVABLES_WRITE = "receivables:write"
    WEBHOOKS_READ = "webhooks:read"
    WEBHOOKS_WRITE = "webhooks:write"
    REPORTS_READ = "reports:read"
    COMMISSION_READ = "commission:read"

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]


_DESCRIPTIONS: dict[Scope, str] = {
    Scope.USERS_READ: "See the businesses you registered for debt recovery",
    Scope.USERS_WRITE: "Register businesses for debt recovery and update their details",
    Scope.RECEIVABLES_READ: "See your unpaid invoices and how their recovery is going",
    Scope.RECEIVABLES_WRITE: "Send unpaid invoices to recovery and manage them",
    Scope.WEBHOOKS_READ: "See the notifications sent about your recoveries",
    Scope.WEBHOOKS_WRITE: "Choose where notifications about your recoveries are sent",
    Scope.REPORTS_READ: "See reports on amounts submitted and recovered",
    Scope.COMMISSION_READ: "See the commission rates that apply to you",
}

ALL_SCOPES: tuple[str, ...] = tuple(s.value for s in Scope)

# Write implies read: a token holding users:write may call users:read endpoints.
_IMPLIED: dict[str, str] = {
    Scope.USERS_WRITE: Scope.USERS_READ,
    Scope.RECEIVABLES_WRITE: Scope.RECEIVABLES_READ,
    Scope.WEBHOOKS_WRITE: Scope.WEBHOOKS_READ,
}


def parse_scope_string(raw: str) -> list[str]:
    """Space-delimited, order-preserving, duplicates dropped (RFC 6749 §3.3)."""
    seen: list[str] = []
    for item in raw.split(" "):
        if item and item not in seen:
            seen.append(item)
    return seen


def unknown_scopes(scopes: list[str]) -> list[str]:
    return [s for s in scopes if s not in ALL_SCOPES]


def normalize(scopes: list[str] | set[str]) -> str:
    """Canonical storage form: known order, space separated."""
    wanted = set(scopes)
    return " ".join(s for s in ALL_SCOPES if s in wanted)


def effective(granted: str | list[str]) -> frozenset[str]:
    items = granted.split() if isinstance(granted, str) else granted
    result = set(items)
    for scope in items:
        implied = _IMPLIED.get(scope)
        if implied:
            result.add(implied)
    return frozenset(result)
