"""One place that turns exceptions into responses: the JSON envelope for the API, an HTML page
for hosted pages. No stack trace ever reaches a client."""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.routing import Match

from cleavr_connect.db.engine import database_unreachable
from cleavr_connect.errors import (
    SHOULD_RETRY_HEADER,
    ApiError,
    FieldError,
    InvalidRequestError,
    NotFoundError,
    PayloadTooLarge,
    RequestTimeout,
    ServiceUnavailable,
    ValidationError,
)
from cleavr_connect.i18n import N_
from cleavr_connect.ownership import Owner
from cleavr_connect.runtime import Runtime
from cleavr_connect.web.middleware import CLIENT_CLOSED_REQUEST, log_client_gone

log = logging.getLogger("cleavr_connect.errors")

HTML_PREFIXES = (
    "/oauth/authorize",
    "/signin",
    "/signup",
    "/signout",
    "/account",
    "/onboarding",
    "/legal",
    # The API reference and the site's files (platforms' brand files too): a missing one is a
    # missing page, as for a browser.
    "/docs",
    "/static/",
    "/brand/",
)


# What an HTML page says of the refusals every route shares, by code, instead of the API's
# English message (msgids of the hosted catalogue, translated on the page). A missing page or
# file, a wrong method, a body too large or too slow, a form the parser could not read.
PAGE_MESSAGES = {
    "endpoint_not_found": N_("This page does not exist."),
    "method_not_allowed": N_(
        "This page cannot be used that way: go back and use its links and forms."
    ),
    "body_too_large": N_("What was sent is too large for this form."),
    "request_timeout": N_("What was sent took too long to arrive: try again."),
}
FORM_UNREADABLE = N_("The form could not be read: go back and send it again.")

# The debtor portal, `/{lang}/d/{token}…`: a debtor's browser, never an API client; its error
# pages speak the language the path names (`web.pages.render_error_page`).
PORTAL_PATH = re.compile(r"/(?P<lang>[a-z]{2})/d/")


# What only programs call: they read the JSON error whatever they say they accept.
MACHINE_PREFIXES = ("/v1/", "/oauth/", "/.well-known/", "/webhooks/", "/admin/", "/health")


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith(HTML_PREFIXES) or PORTAL_PATH.match(path) is not None:
        return True
    # Any other address is one a person typed, or a link an SMS or a mail client cut short
    # ("…/fr/d"): a browser, which asks for HTML, gets a page in its language, not the JSON.
    accept = request.headers.get("accept", "")
    return not path.startswith(MACHINE_PREFIXES) and "text/html" in accept


def _request_id(request: Request) -> str | None:
    return request.scope.get("state", {}).get("request_id")


# Renders an error as an HTML page: `(request, runtime, status_code, message)`. The hosted pages
# provide it when the app is built (`install`), so this module stays below them.
ErrorPage = Callable[[Request, Any, int, str], Response]


def api_error_response(request: Request, exc: ApiError) -> Response:
    if _wants_html(request):
        error_page: ErrorPage = request.app.state.error_page
        message = PAGE_MESSAGES.get(exc.code, exc.message)
        page = error_page(request, request.app.state.runtime, exc.status_code, message)
        # `Allow` of a 405, `Retry-After`, `Connection: close`: the page keeps them.
        page.headers.update({k: v for k, v in exc.headers.items() if k != SHOULD_RETRY_HEADER})
        return page
    base = request.app.state.runtime.settings.base_url
    return JSONResponse(
        exc.body(_request_id(request), base), status_code=exc.status_code, headers=exc.headers
    )


_TYPE_TAGS = frozenset({"float", "int", "str", "bool", "date", "datetime", "decimal", "none"})
_TAG_PREFIXES = ("function-", "literal[", "list[", "dict[")


def _param_name(loc: tuple[object, ...]) -> str:
    """The `param` a validation error names: a query, path or header parameter by its name, a
    body field by its path (`_path_of`), the body itself when the path is empty."""
    if loc and loc[0] in ("query", "path", "header") and len(loc) > 1:
        return str(loc[1])
    return _param_of(_path_of(loc)) or "body"


def _path_of(loc: tuple[object, ...]) -> list[str | int]:
    """The keys and list indexes a `loc` walks, after its `body` prefix; union member tags that
    pydantic adds (`float`, `function-after[…]`) are not fields and are dropped."""
    path: list[str | int] = []
    for p in loc[1:] if loc and loc[0] == "body" else loc:
        if isinstance(p, int):
            path.append(p)
        elif not (str(p) in _TYPE_TAGS or str(p).startswith(_TAG_PREFIXES)):
            path.append(str(p))
    return path


def _param_of(path: list[str | int]) -> str:
    """`["debtor", "contacts", 0, "email"]` → `debtor.contacts[0].email`."""
    name = ""
    for p in path:
        name += f"[{p}]" if isinstance(p, int) or p.isdigit() else (f".{p}" if name else p)
    return name


@dataclass(frozen=True)
class RefusedBody:
    """A JSON body the schema refused, as a body model's `domain_errors` reads it to list the
    rules beyond the schema in the same 400: `accepted` is the body without the refused fields
    (a refused list element takes its whole list), `refused` the params those cover; the
    caller, the clock and the request's transaction answer the rules that need them."""

    accepted: dict[str, Any]
    refused: frozenset[str]
    owner: Owner | None
    runtime: Runtime
    session: AsyncSession
    path_params: Mapping[str, str]

    def covers(self, param: str) -> bool:
        return any(param == p or param.startswith((p + ".", p + "[")) for p in self.refused)


def _prune(body: dict[str, Any], locs: list[tuple[object, ...]]) -> tuple[dict[str, Any], set[str]]:
    """`body` without what the schema refused at `locs`, and the params dropped."""
    out = copy.deepcopy(body)
    dropped: set[str] = set()
    for loc in locs:
        if loc[:1] != ("body",):
            continue
        path = _path_of(loc)
        if any(isinstance(p, int) and i == len(path) - 1 for i, p in enumerate(path)):
            path = path[:-1]  # an element refused whole: its list goes, indexes stay true
        node: Any = out
        for key in path[:-1]:
            if isinstance(node, dict) and isinstance(key, str):
                node = node.get(key)
            elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
                node = node[key]
            else:
                node = None
        if path and isinstance(node, dict) and isinstance(path[-1], str):
            node.pop(path[-1], None)
            dropped.add(_param_of(path))
    return out, dropped


async def _domain_errors(
    request: Request, exc: RequestValidationError, refused: set[str]
) -> list[FieldError]:
    """A body model's own rules (`domain_errors(RefusedBody)`, when it has them), run on what
    the schema accepted of the body it refused, so that one 400 lists every bad field: the
    field rules, those between fields and those that need the caller or the database. A field
    the schema already refused is not reported twice."""
    field = getattr(request.scope.get("route"), "body_field", None)
    model = getattr(getattr(field, "field_info", None), "annotation", None)
    check = getattr(model, "domain_errors", None)
    if check is None or not isinstance(exc.body, dict):
        return []
    accepted, dropped = _prune(exc.body, [tuple(e.get("loc", ())) for e in exc.errors()])
    state = request.scope.get("state", {})
    token = state.get("token")

    async def run(session: AsyncSession) -> list[FieldError]:
        body = RefusedBody(
            accepted=accepted,
            refused=frozenset(refused | dropped),
            owner=getattr(token, "owner", None),
            runtime=request.app.state.runtime,
            session=session,
            path_params=request.path_params,
        )
        found: list[FieldError] = await check(body)
        return [e for e in found if not body.covers(e.param)]

    if state.get("db_session") is not None:
        return await run(state["db_session"])
    async with request.app.state.db.sessionmaker() as session:
        return await run(session)


class MethodNotAllowed(InvalidRequestError):
    status_code = 405
    default_code = "method_not_allowed"


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route takes at this path (Starlette's own `Allow` names only the first
    route that matched the path, and GET and POST of one path are two routes)."""
    allowed = []
    for method in _METHODS:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
            allowed.append(method)
        elif method == "HEAD" and "GET" in allowed:
            allowed.append(method)  # answered as GET (`web.middleware.RequestContextMiddleware`)
    return allowed


def not_utf8(exc: UnicodeDecodeError) -> dict[str, Any]:
    """A JSON body that is not UTF-8 (RFC 8259 §8.1), as the JSON error it is."""
    return {
        "type": "json_invalid",
        "loc": ("body", exc.start),
        "msg": "JSON decode error",
        "input": {},
        "ctx": {"error": f"not UTF-8: byte 0x{exc.object[exc.start]:02x}"},
    }


def install(app: FastAPI, *, error_page: ErrorPage) -> None:
    app.state.error_page = error_page

    @app.exception_handler(ApiError)
    async def on_api_error(request: Request, exc: ApiError) -> Response:
        return api_error_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        errors = []
        for err in exc.errors():
            kind = err.get("type")
            if kind == "json_invalid":
                # Its `loc` holds a character position, which `param` would show as a list index.
                where = err.get("loc", ())[-1]
                why = (err.get("ctx") or {}).get("error", "unreadable")
                errors.append(
                    FieldError(
                        "body", "invalid_json", f"The body is not valid JSON ({why}, at {where})."
                    )
                )
                continue
            # A schema's own validators (`api.validation.Line`, `Country`) answer with their code.
            code = (
                "invisible_characters"
                if kind == "invisible_characters"
                else "invalid_characters"
                if kind == "invalid_characters"
                else "invalid_country"
                if kind == "invalid_country"
                else "missing"
                if kind == "missing"
                else "invalid"
            )
            errors.append(
                FieldError(_param_name(tuple(err.get("loc", ()))), code, err.get("msg", ""))
            )
        if not errors:
            return api_error_response(request, InvalidRequestError())
        errors += await _domain_errors(request, exc, {e.param for e in errors})
        return api_error_response(request, ValidationError(errors))

    @app.exception_handler(ClientDisconnect)
    async def on_client_gone(request: Request, exc: ClientDisconnect) -> Response:
        # The body stopped half-way (the form was never read whole, the transaction rolled back):
        # one line in the log instead of a traceback, and an answer no one will read.
        log_client_gone(request.scope)
        return Response(status_code=CLIENT_CLOSED_REQUEST)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        if isinstance(exc.__cause__, UnicodeDecodeError) and not _wants_html(request):
            # FastAPI's own reading of a JSON body (`api.dispatch` answers the same).
            return await on_validation(request, RequestValidationError([not_utf8(exc.__cause__)]))
        headers = dict(exc.headers or {})
        error: ApiError
        if exc.status_code == 404:
            error = NotFoundError("No such endpoint.", code="endpoint_not_found")
        elif exc.status_code == 405:
            headers["Allow"] = ", ".join(_allowed_methods(request))
            error = MethodNotAllowed("This method is not allowed here.", headers=headers)
        elif exc.status_code == 413:
            error = PayloadTooLarge(str(exc.detail), headers=headers)
        elif exc.status_code == 408:
            error = RequestTimeout(str(exc.detail), headers=headers)
        else:
            detail = str(exc.detail)
            if exc.status_code == 400 and _wants_html(request):
                # Starlette's words for a malformed form ("Missing boundary in multipart.").
                detail = FORM_UNREADABLE
            error = InvalidRequestError(detail, headers=headers)
            error.status_code = exc.status_code  # type: ignore[misc]
        return api_error_response(request, error)

    @app.exception_handler(Exception)
    async def on_unexpected(request: Request, exc: Exception) -> Response:
        if database_unreachable(exc):
            log.warning(
                "database unreachable request_id=%s: %s", _request_id(request), exc.__class__
            )
            return api_error_response(request, ServiceUnavailable(headers={"Retry-After": "1"}))
        log.exception("unhandled error request_id=%s", _request_id(request))
        return api_error_response(request, ApiError())
