"""The conventions every `/v1` request shares (SPEC §4), applied once, before any endpoint:

`Cleavr-Version` (validated, defaulted to the platform's pinned version, echoed), bearer
authentication (one indexed read), the per-grant rate limit with `RateLimit-*` headers, and for
writes one transaction per request with `Idempotency-Key`. A write's response is held back until
its transaction has committed, so a client never sees a success that was then lost.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cleavr_connect.api import idempotency
from cleavr_connect.api.dispatch import MATCHED, Routes
from cleavr_connect.api.routing import refuse_unknown_query
from cleavr_connect.auth.dependencies import authenticate_request_and_read
from cleavr_connect.db import sql
from cleavr_connect.db.engine import Database, is_lost_connection
from cleavr_connect.db.repository import PRELOADED, RowRead
from cleavr_connect.errors import (
    ApiError,
    InvalidRequestError,
    PayloadTooLarge,
    RateLimitError,
    RequestTimeout,
    ValidationError,
)
from cleavr_connect.oauth.bearer import TokenInfo
from cleavr_connect.oauth.repository import token_read_brings_rows
from cleavr_connect.runtime import Runtime
from cleavr_connect.text import character_error, refused_character, tainted
from cleavr_connect.versions import LATEST, VERSIONS, is_known
from cleavr_connect.web.middleware import CLIENT_CLOSED_REQUEST, BodyRejected, log_client_gone

log = logging.getLogger("cleavr_connect.api")

WRITE_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})
READ_METHODS = frozenset({"GET", "HEAD"})
MAX_BODY = 12 * 1024 * 1024
NO_PARAMETERS: frozenset[str] = frozenset()  # a direct read takes none


class InvalidApiVersion(InvalidRequestError):
    default_code = "invalid_api_version"


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


DirectRead = Callable[[TokenInfo], dict[str, Any]]


class ApiMiddleware:
    """`direct_reads` maps a GET path to a function of the token alone, answered here without
    going through the router (see `api.me.DIRECT_READS`). `routes`: the compiled routes, whose
    declared read by id (`api.routing.reads_row`) the bearer read brings along."""

    def __init__(
        self,
        app: ASGIApp,
        direct_reads: Mapping[str, DirectRead] | None = None,
        routes: Routes | None = None,
    ) -> None:
        self.app = app
        self.direct_reads = dict(direct_reads or {})
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        rt: Runtime = scope["app"].state.runtime
        db: Database = scope["app"].state.db
        extra: list[tuple[bytes, bytes]] = []

        requested = _header(scope, b"cleavr-version")
        version = requested if requested and is_known(requested) else LATEST
        extra.append((b"cleavr-version", version.encode()))
        try:
            if requested is not None and not is_known(requested):
                raise InvalidApiVersion(
                    f"Unknown Cleavr-Version {requested!r}. Known versions: {', '.join(VERSIONS)}.",
                    param="Cleavr-Version",
                )
            token, preloaded = await authenticate_request_and_read(
                _header(scope, b"authorization"),
                scope.get("query_string", b""),
                db,
                rt,
                self._row_read(scope, db),
            )
            if preloaded is not None:
                state[PRELOADED] = preloaded  # for the read session (`web.deps.get_session`)
            if requested is None:
                version = token.api_version
                extra[0] = (b"cleavr-version", version.encode())
            state["token"] = token
            state["api_version"] = version
            _refuse_control_characters(scope)
            limit = rt.rate_limit(token.livemode)
            if limit > 0:
                verdict = await rt.limiter.hit(token.grant_id, limit)
                extra.extend(verdict.headers())
                if not verdict.allowed:
                    raise RateLimitError()
        except ApiError as exc:
            await self._send_error(scope, send, exc, extra)
            return

        if scope["method"] in WRITE_METHODS:
            await self._write(scope, receive, send, db, rt, token, extra)
        elif scope["method"] == "GET" and (direct := self.direct_reads.get(scope["path"])):
            try:
                refuse_unknown_query(scope.get("query_string", b""), NO_PARAMETERS)
            except ApiError as exc:
                await self._send_error(scope, send, exc, extra)
                return
            body = json.dumps(direct(token), ensure_ascii=False, separators=(",", ":"))
            await _respond(send, 200, body.encode(), extra)
        elif scope["method"] in READ_METHODS:
            # A read: its statements need no transaction around them (`web.deps.get_session`).
            state["read_only"] = True
            await _read(lambda s: self.app(scope, receive, s), send, extra)
        else:
            await self.app(scope, receive, _with_headers(send, extra))

    def _row_read(self, scope: Scope, db: Database) -> tuple[RowRead, str] | None:
        """The row a GET's compiled route declares it reads, and its id, when the bearer read
        can bring it (PostgreSQL's direct pool). The route's match is kept for dispatching."""
        if self.routes is None or scope["method"] != "GET" or not token_read_brings_rows(db):
            return None
        if scope["path"] in self.direct_reads:
            return None
        found = self.routes.match("GET", scope["path"])
        scope["state"][MATCHED] = found
        if found is None or found[0].reads is None:
            return None
        reads = found[0].reads
        row_id = found[1][reads.param]
        if refused_character(row_id, one_line=True):
            return None  # refused once authenticated (`_refuse_control_characters`)
        return reads.read, row_id

    async def _send_error(
        self, scope: Scope, send: Send, exc: ApiError, extra: list[tuple[bytes, bytes]]
    ) -> None:
        rt: Runtime = scope["app"].state.runtime
        body = json.dumps(exc.body(scope["state"].get("request_id"), rt.settings.base_url)).encode()
        headers = [(k.lower().encode(), v.encode()) for k, v in exc.headers.items()]
        await _respond(send, exc.status_code, body, headers + extra)

    async def _write(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        db: Database,
        rt: Runtime,
        token: TokenInfo,
        extra: list[tuple[bytes, bytes]],
    ) -> None:
        try:
            body = await _read_body(receive)
        except ApiError as exc:
            await self._send_error(scope, send, exc, extra)
            return
        except ClientDisconnect:
            log_client_gone(scope)
            await _respond(send, CLIENT_CLOSED_REQUEST, b"", extra)
            return
        try:
            _refuse_escaped_controls(body)
        except ApiError as exc:
            await self._send_error(scope, send, exc, extra)
            return
        key = _header(scope, b"idempotency-key") if scope["method"] == "POST" else None
        claim: idempotency.Claim | None = None
        if key is not None:
            target = scope["path"] + "?" + scope.get("query_string", b"").decode("latin-1")
            fingerprint = idempotency.request_fingerprint(scope["method"], target, body)
            try:
                outcome = await idempotency.claim(
                    db, token.grant_id, key, fingerprint, rt.clock.now()
                )
            except ApiError as exc:
                await self._send_error(scope, send, exc, extra)
                return
            if isinstance(outcome, idempotency.Replay):
                replayed = [
                    (b"content-type", b"application/json"),
                    (b"idempotent-replayed", b"true"),
                ]
                await _respond(
                    send,
                    outcome.status,
                    idempotency.open_replay(rt.keys, outcome),
                    replayed + extra,
                )
                return
            claim = outcome

        response = _BufferedResponse()
        # A claimed key ends stored (2xx–4xx answers) or released, on every path: a rollback or
        # close that raises on a dead connection must not leave it locked for ABANDONED_AFTER.
        # But not a commit that raised: it may have committed (the connection lost before its
        # acknowledgement), the stored answer with it; released, the key would let a retry run
        # the request a second time. Left claimed, a retry waits for ABANDONED_AFTER and then
        # finds the stored answer, or takes the key over if nothing was committed.
        stored = False
        committing = False
        try:
            session = db.sessionmaker()
            scope["state"]["db_session"] = session
            if claim is None:
                # Nothing of ours joins the endpoint's writes (a claim's stored answer
                # would): a write that is one statement may commit on its own.
                sql.allow_alone(session, db)
            try:
                await self.app(scope, _replaying(body, receive), response.send)
                if response.status < 400:
                    if claim:
                        try:
                            await idempotency.store(
                                session, rt.keys, claim, response.status, response.body
                            )
                        except idempotency.TakenOver as exc:
                            # The retry that took the key over runs the request: not this one.
                            await session.rollback()
                            stored = True  # nothing of ours to release: the key is the retry's
                            await self._send_error(scope, send, exc, extra)
                            return
                    # A session that never began (a write that was one statement of its own,
                    # `sql.alone`) has nothing to commit.
                    if session.in_transaction():
                        committing = True
                        await session.commit()
                    stored = True
                elif session.in_transaction():
                    # Refused or failed: nothing the request wrote survives.
                    await session.rollback()
            finally:
                scope["state"].pop("db_session", None)
                await sql.close_used(session)
            if claim and 400 <= response.status < 500 and response.status not in (409, 429):
                # A refusal is an answer too: the same request gets the same refusal.
                async with db.transaction() as session:
                    await idempotency.store(session, rt.keys, claim, response.status, response.body)
                stored = True
        finally:
            if claim and not stored and not committing:
                await _release(db, claim)
        await _respond(send, response.status, response.body, response.headers + extra)


async def _read(
    answer: Callable[[Send], Awaitable[None]], send: Send, extra: list[tuple[bytes, bytes]]
) -> None:
    """A read, run once more when its pooled connection turned out dead before it answered
    (reads have no pre-ping, `db.engine.Database`): nothing was written, nothing sent."""
    started = False

    async def sending(message: Message) -> None:
        nonlocal started
        started = True
        await send(message)

    try:
        await answer(_with_headers(sending, extra))
    except Exception as exc:
        if started or not is_lost_connection(exc):
            raise
        log.warning("a read lost its database connection; running it again")
        await answer(_with_headers(send, extra))


async def _release(db: Database, claim: idempotency.Claim) -> None:
    try:
        await idempotency.release(db, claim)
    except Exception:
        # Whatever failed first is the error to report; the key is taken over after 60 s.
        log.exception("could not release an Idempotency-Key after a failed request")


def _refuse_control_characters(scope: Scope) -> None:
    """The path and the query: what FastAPI would hand to endpoints and then to the database."""
    if character := refused_character(scope["path"], one_line=True):
        raise ValidationError([character_error("path", character)])
    query = scope.get("query_string", b"")
    if query:
        try:
            pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True, encoding="utf-8")
        except UnicodeDecodeError:
            return  # not text: the endpoint refuses the value as such
        for key, value in pairs:
            if character := refused_character(key + value, one_line=True):
                raise ValidationError([character_error(key, character)])


# A body is read whole only when it may hold a refused character: a byte outside ASCII (UTF-8
# of any such character), a `\u` escape (the only way JSON carries a control character, and a
# way for every other one), or DEL (valid raw in JSON strings).
_MAY_HOLD_REFUSED = re.compile(rb"[\x7f-\xff]|\\u")


def _refuse_escaped_controls(body: bytes) -> None:
    """Every string and key of a JSON body, metadata included, against `text.refused_character`:
    one rule for every text field of every endpoint, before any of them runs. Tab and line
    breaks pass here; a one-line field's schema refuses them (`api.validation.Line`)."""
    if not _MAY_HOLD_REFUSED.search(body):
        return
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return  # not JSON: the endpoint refuses it as such
    found = tainted(document)
    if found is not None:
        raise ValidationError([character_error(found[0] or "body", found[1])])


class _BufferedResponse:
    def __init__(self) -> None:
        self.status = 500
        self.headers: list[tuple[bytes, bytes]] = []
        self.chunks: list[bytes] = []

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = [(k, v) for k, v in message.get("headers", []) if k != b"content-length"]
        elif message["type"] == "http.response.body":
            self.chunks.append(message.get("body", b""))

    @property
    def body(self) -> bytes:
        return b"".join(self.chunks)


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        try:
            message = await receive()
        except BodyRejected as exc:
            error = PayloadTooLarge if exc.status_code == 413 else RequestTimeout
            raise error(exc.detail, headers=dict(exc.headers or {})) from None
        if message["type"] == "http.disconnect":
            # Cut off: what arrived is not the request (a truncated body may even parse).
            raise ClientDisconnect()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            raise PayloadTooLarge("The request body is over 12 MB.")
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _with_headers(send: Send, extra: list[tuple[bytes, bytes]]) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = list(message.get("headers", [])) + extra
        await send(message)

    return wrapped


async def _respond(
    send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]
) -> None:
    base = [(b"content-length", str(len(body)).encode())]
    if not any(k == b"content-type" for k, _ in headers):
        base.append((b"content-type", b"application/json"))
    await send({"type": "http.response.start", "status": status, "headers": base + headers})
    await send({"type": "http.response.body", "body": body})
