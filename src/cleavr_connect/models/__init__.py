"""Every table, imported here so Alembic and the tests see the whole schema."""

from cleavr_connect.models.account import Account, AccountSession
from cleavr_connect.models.audit import AuditEvent
from cleavr_connect.models.oauth import AccessToken, AuthorizationCode, Grant, RefreshToken
from cleavr_connect.models.platform import Platform

__all__ = [
    "AccessToken",
    "Account",
    "AccountSession",
    "AuditEvent",
    "AuthorizationCode",
    "Grant",
    "Platform",
    "RefreshToken",
]
