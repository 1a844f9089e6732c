"""The HTTP adapter of the OAuth back channel: token, revocation, introspection, metadata."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.exceptions import HTTPException

from cleavr_connect import wire
from cleavr_connect.db.engine import Database
from cleavr_connect.oauth import client_auth, introspection, revocation, tokens
from cleavr_connect.oauth.errors import BodyRefused, InvalidRequest, OAuthError, UnauthorizedClient
from cleavr_connect.oauth.metadata import server_metadata
from cleavr_connect.oauth.schemas import (
    IntrospectionOut,
    MetadataOut,
    RevokedOut,
    TokenOut,
    documented,
)
from cleavr_connect.platforms import repository as platforms_repo
from cleavr_connect.platforms.repository import AuthClient
from cleavr_connect.runtime import Runtime
from cleavr_connect.text import has_control_characters
from cleavr_connect.web.deps import DatabaseDep, RuntimeDep

router = APIRouter(tags=["OAuth 2.0"])

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
MAX_FORM_BYTES = 16 * 1024


async def _form(request: Request) -> dict[str, str]:
    """Form-encoded only; a parameter given twice is invalid (RFC 6749 §3.1)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise InvalidRequest("Send the parameters as application/x-www-form-urlencoded.")
    try:
        body = await request.body()
    except HTTPException as exc:  # the body guard: too large (413) or too slow (408)
        raise BodyRefused(str(exc.detail), exc.status_code) from None
    if len(body) > MAX_FORM_BYTES:
        raise BodyRefused("The request body is too large.", 413)
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError as exc:
        raise InvalidRequest("The request body is not UTF-8.") from exc
    form: dict[str, str] = {}
    for key, value in pairs:
        if has_control_characters(key) or has_control_characters(value):
            raise InvalidRequest(f"Parameter {key!r} contains control characters.")
        if key in form:
            raise InvalidRequest(f"Parameter {key!r} was given more than once.")
        form[key] = value
    return form


def _answer(
    body: dict[str, Any], status_code: int = 200, headers: dict[str, str] = NO_STORE
) -> Response:
    """JSON as Starlette's `JSONResponse` writes these bodies (UTF-8, no spaces), encoded by
    orjson: strings, integers and booleans only, so the bytes are the same."""
    return Response(wire.dumpb(body), status_code, headers, "application/json")


def _error(exc: OAuthError, rt: Runtime) -> Response:
    return _answer(exc.body(rt.settings.issuer), exc.status_code, {**NO_STORE, **exc.headers})


async def _read_client(db: Database, client_id: str, _form: dict[str, str]) -> AuthClient | None:
    return await platforms_repo.get_for_auth(db, client_id)


class _Session:
    """The request's session, made the first time it is asked for: an introspection, or a
    refresh answered in one statement, never needs one, and making it costs."""

    __slots__ = ("_db", "made")

    def __init__(self, db: Database) -> None:
        self._db = db
        self.made: AsyncSession | None = None

    def __call__(self) -> AsyncSession:
        if self.made is None:
            self.made = self._db.sessionmaker()
        return self.made


async def _client_call(
    request: Request,
    db: Database,
    rt: Runtime,
    action: Callable[
        [Callable[[], AsyncSession], AuthClient, dict[str, str]], Awaitable[dict[str, Any]]
    ],
    *,
    allow_public: bool = True,
    read_client: Callable[
        [Database, str, dict[str, str]], Awaitable[AuthClient | None]
    ] = _read_client,
    at_once: Callable[
        [Database, Runtime, client_auth.ClientCredentials, dict[str, str]],
        Awaitable[dict[str, Any] | None],
    ]
    | None = None,
) -> Response:
    """Authenticates the client (read by `read_client`), runs the action, and commits even when
    it answers an OAuth error: the revocations and audit rows that an attack triggers must
    survive the refusal. `at_once` may answer first, authenticating and acting in one
    statement; when it answers None, nothing was done and the general path runs. The action
    and a failed authentication's audit ask for the session when they need it."""
    session = _Session(db)
    try:
        form = await _form(request)
        creds = client_auth.extract(request.headers.get("authorization"), form)
        if at_once is not None and (body := await at_once(db, rt, creds, form)) is not None:
            return _answer(body)
        platform = await client_auth.authenticate(
            session,
            rt.keys,
            rt.throttle,
            creds,
            await read_client(db, creds.client_id, form),
            ip=request.client.host if request.client else "unknown",
            now=rt.clock.now(),
        )
        if platform.is_public and not allow_public:
            raise UnauthorizedClient("Public clients cannot use this endpoint.")
        body = await action(session, platform, form)
    except OAuthError as exc:
        await _finish(session.made, commit=True)
        return _error(exc, rt)
    except BaseException:
        await _finish(session.made, commit=False)
        raise
    await _finish(session.made, commit=True)
    return _answer(body)


async def _finish(session: AsyncSession | None, *, commit: bool) -> None:
    """A refresh on PostgreSQL never touches the session (the repository writes it on its own):
    a session that began no transaction holds nothing, and closing it would cost a task."""
    if session is None or not session.in_transaction():
        return
    try:
        await (session.commit() if commit else session.rollback())
    finally:
        await session.close()


@router.get(
    "/.well-known/oauth-authorization-server",
    summary="Authorization server metadata",
    responses=documented(MetadataOut, client_auth=False),
)
async def metadata(rt: RuntimeDep) -> dict[str, Any]:
    """RFC 8414 metadata: the endpoints, and exactly which methods and scopes are enforced."""
    return server_metadata(rt.settings.issuer)


@router.post(
    "/oauth/token",
    summary="Exchange a code or refresh token",
    responses=documented(TokenOut),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "required": ["grant_type"],
                        "properties": {
                            "grant_type": {"enum": ["authorization_code", "refresh_token"]},
                            "code": {"type": "string"},
                            "redirect_uri": {"type": "string"},
                            "code_verifier": {"type": "string"},
                            "refresh_token": {"type": "string"},
                            "scope": {"type": "string"},
                            "client_id": {"type": "string"},
                            "client_secret": {"type": "string"},
                        },
                    }
                }
            },
        }
    },
)
async def token(request: Request, db: DatabaseDep, rt: RuntimeDep) -> Response:
    """RFC 6749 token endpoint. Client authentication by HTTP Basic or `client_secret` in the
    body (not both), or `client_id` alone for public clients using PKCE."""

    async def action(
        session: Callable[[], AsyncSession], platform: AuthClient, form: dict[str, str]
    ) -> dict[str, Any]:
        return (await tokens.token_endpoint(db, session(), rt, platform, form)).as_dict()

    return await _client_call(request, db, rt, action, at_once=tokens.refresh_at_once)


@router.post("/oauth/revoke", summary="Revoke a token", responses=documented(RevokedOut))
async def revoke(request: Request, db: DatabaseDep, rt: RuntimeDep) -> Response:
    """RFC 7009. Always 200 for an unknown or already revoked token. Revoking a refresh token
    ends the whole grant: every access and refresh token of it."""

    async def action(
        session: Callable[[], AsyncSession], platform: AuthClient, form: dict[str, str]
    ) -> dict[str, Any]:
        await revocation.revoke(session(), rt, platform, form)
        return {}

    return await _client_call(request, db, rt, action)


@router.post(
    "/oauth/introspect", summary="Introspect a token", responses=documented(IntrospectionOut)
)
async def introspect(request: Request, db: DatabaseDep, rt: RuntimeDep) -> Response:
    """RFC 7662. A platform introspects its own tokens; anything else is `{"active": false}`."""

    read = introspection.Read(rt)

    async def action(
        _session: Callable[[], AsyncSession], platform: AuthClient, form: dict[str, str]
    ) -> dict[str, Any]:
        return await introspection.introspect(rt, platform, form, read)

    return await _client_call(
        request, db, rt, action, allow_public=False, read_client=read.client_and_token
    )
