"""Bearer protection for `/v1` (SPEC §4) and scope checks as reusable dependencies.

Each domain declares its own `Read`/`Write` aliases from `requires(...)`, e.g.
`UsersWrite = Annotated[TokenInfo, requires(Scope.USERS_WRITE)]`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from cleavr_connect.db.engine import Database
from cleavr_connect.db.repository import Preloaded, RowRead
from cleavr_connect.errors import AuthenticationError, ForbiddenError
from cleavr_connect.oauth import bearer
from cleavr_connect.oauth.bearer import BearerError, TokenInfo
from cleavr_connect.runtime import Runtime
from cleavr_connect.scopes import Scope

REALM = 'Bearer realm="cleavr"'


class BearerAuthError(AuthenticationError):
    def __init__(self, exc: BearerError) -> None:
        challenge = REALM
        if exc.error:
            challenge += f', error="{exc.error}", error_description="{exc.description}"'
        code = exc.error or "unauthenticated"
        super().__init__(exc.description, code=code, headers={"WWW-Authenticate": challenge})
        self.status_code = exc.status_code  # type: ignore[misc]
        if exc.status_code == 400:
            self.type = "invalid_request_error"  # type: ignore[misc]


class InsufficientScope(ForbiddenError):
    def __init__(self, scope: str) -> None:
        super().__init__(
            f"This request needs the {scope} scope, which the access token does not have.",
            headers={"WWW-Authenticate": f'{REALM}, error="insufficient_scope", scope="{scope}"'},
        )


async def authenticate_request(
    authorization: str | None, query_string: bytes, db: Database, rt: Runtime
) -> TokenInfo:
    """Any valid access token. One indexed read, no write, so revocation applies at once."""
    token, _ = await authenticate_request_and_read(authorization, query_string, db, rt, None)
    return token


async def authenticate_request_and_read(
    authorization: str | None,
    query_string: bytes,
    db: Database,
    rt: Runtime,
    read: tuple[RowRead, str] | None,
) -> tuple[TokenInfo, Preloaded | None]:
    """`authenticate_request`, whose one read also brings the row `read` names (the route's
    read by id and the id), when the database can (`bearer.authenticate_and_read`)."""
    if b"access_token=" in query_string:
        raise BearerAuthError(
            BearerError(
                "invalid_request",
                "Access tokens in the query string are refused: use the Authorization header.",
                400,
            )
        )
    try:
        token = bearer.token_from_header(authorization)
        if read is None:
            return await bearer.authenticate(db, rt.keys, token, rt.clock.now()), None
        return await bearer.authenticate_and_read(db, rt.keys, token, rt.clock.now(), *read)
    except BearerError as exc:
        raise BearerAuthError(exc) from None


async def authenticated(request: Request) -> TokenInfo:
    """The token the `/v1` middleware already checked, or a check now for other routes."""
    token: TokenInfo | None = request.scope.get("state", {}).get("token")
    if token is None:
        token = await authenticate_request(
            request.headers.get("authorization"),
            request.scope.get("query_string", b""),
            request.app.state.db,
            request.app.state.runtime,
        )
        request.state.token = token
    return token


Authenticated = Annotated[TokenInfo, Depends(authenticated)]


def requires(scope: Scope) -> Any:
    """A dependency that lets the request through only when the token has `scope`."""

    async def check(token: Authenticated) -> TokenInfo:
        if scope.value not in token.effective_scopes:
            raise InsufficientScope(scope.value)
        return token

    check.__name__ = f"requires_{scope.name.lower()}"
    return Depends(check)
