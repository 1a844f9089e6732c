"""Routes run without FastAPI's per-request machinery, for every route that allows it.

On each request FastAPI walks its route list, wraps the route in its middleware and body-limit
layers, then solves the route's dependency tree with a general solver (every kind of parameter,
security schemes, overrides, caches). That was most of the CPU of a detail read or a token
introspection beyond the endpoint's own work, and a tenth of a receivable's creation. A route
whose inputs are path parameters, dependencies built of the same (the token, the owner, the
session, the runtime, scope checks: anything taking the `Request`) and at most a JSON body
model, and whose answer is a `Response` (`ShapedRoute`, or an endpoint annotated so), is
compiled here, once, into the same tree with nothing left to decide, and run directly: the same
endpoint, the same dependencies in the same order with the same per-request cache, the body read
and validated as FastAPI reads and validates it (at the same points, with the same errors), the
same exception handlers. Anything else — query, header, cookie or form parameters, sync
dependencies, security schemes, HEAD — is left to FastAPI, as is any request a compiled route is
not the first to match. `tests/api/test_dispatch.py` holds the two paths to the same answers.
"""

from __future__ import annotations

import email.message
import inspect
import json
import re
import typing
from collections.abc import Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException, Response, params
from fastapi._body_limit import get_body_limit_error
from fastapi.datastructures import DefaultPlaceholder
from fastapi.dependencies.utils import request_body_to_args
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic_core import PydanticUndefined as Undefined
from starlette.middleware.body_limit import MAX_BODY_SIZE_SCOPE_KEY
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from cleavr_connect.api.routing import (
    ReadsRow,
    ShapedRoute,
    accepted_query,
    refuse_other_media,
    refuse_unknown_query,
    row_read_of,
)
from cleavr_connect.web.handlers import not_utf8

# Where `Routes.match`'s answer for the request is kept once made (`api.middleware` asks first).
MATCHED = "cleavr_matched_route"


@dataclass(frozen=True, slots=True)
class _Step:
    """One dependency (or the endpoint itself) with where each argument comes from."""

    call: Callable[..., Any]
    name: str | None  # the argument of the caller it fills (None: run for its effect)
    cached: bool
    is_generator: bool  # then `call` is the generator wrapped as an async context manager
    key: Callable[..., Any]  # the dependency as declared: what the per-request cache is keyed by
    dependencies: tuple[_Step, ...]
    path_params: tuple[str, ...]
    request_param: str | None
    response_param: str | None


@dataclass(frozen=True, slots=True)
class _Body:
    """The route's JSON body: the endpoint's body parameters, as FastAPI validates them."""

    fields: list[Any]
    embed: bool
    json_only: bool  # `ShapedRoute`'s media type check comes first


@dataclass(frozen=True, slots=True)
class CompiledRoute:
    route: APIRoute
    endpoint: _Step
    body: _Body | None
    query: frozenset[str] | None  # the query parameters it takes (None: not checked)
    reads: ReadsRow | None = None  # `routing.reads_row`


@dataclass(frozen=True, slots=True)
class _Candidate:
    regex: re.Pattern[str]
    route: APIRoute
    compiled: CompiledRoute | None  # None: matched by a route FastAPI must run


def _step(dependant: Any, path_names: set[str], *, top: bool = False) -> _Step | None:
    """The dependant as a step, or None when FastAPI has to solve it. Only the endpoint
    (`top`) may take the body."""
    if (
        dependant.query_params
        or dependant.header_params
        or dependant.cookie_params
        or (dependant.body_params and not top)
        or dependant.websocket_param_name
        or dependant.http_connection_param_name
        or dependant.background_tasks_param_name
        or dependant.security_scopes_param_name
        or getattr(dependant, "own_oauth_scopes", None)
    ):
        return None
    call = dependant.call
    is_generator = inspect.isasyncgenfunction(call)
    if call is None or not (inspect.iscoroutinefunction(call) or is_generator):
        return None  # a sync callable runs in FastAPI's thread pool: leave it there
    for field in dependant.path_params:
        # A str path parameter cannot fail validation: the route's pattern already matched it.
        if field.field_info.annotation is not str or field.field_info.metadata:
            return None
        if field.alias not in path_names:
            return None
    subs = []
    for dependency in dependant.dependencies:
        sub = _step(dependency, path_names)
        if sub is None:
            return None
        subs.append(sub)
    return _Step(
        call=asynccontextmanager(call) if is_generator else call,
        name=dependant.name,
        cached=dependant.use_cache,
        is_generator=is_generator,
        key=call,
        dependencies=tuple(subs),
        path_params=tuple(field.alias for field in dependant.path_params),
        request_param=dependant.request_param_name,
        response_param=dependant.response_param_name,
    )


def _answers_a_response(route: APIRoute) -> bool:
    if isinstance(route, ShapedRoute) and route.response_model is not None:
        return True  # `ShapedRoute` renders whatever the endpoint returns into a Response
    try:
        returned = typing.get_type_hints(route.endpoint).get("return")
    except Exception:  # an annotation that does not resolve: let FastAPI handle the route
        return False
    return isinstance(returned, type) and issubclass(returned, Response)


def _json_body(route: APIRoute) -> _Body | None | bool:
    """The route's body as compiled (None: it takes none; False: FastAPI must read it)."""
    if route.body_field is None:
        return None
    strict = route.strict_content_type
    if isinstance(strict, DefaultPlaceholder):
        strict = strict.value
    if isinstance(route.body_field.field_info, params.Form) or strict is not True:
        return False
    json_only = isinstance(route, ShapedRoute) and route.takes_json()
    return _Body(list(route.dependant.body_params), route._embed_body_fields, json_only)


def compile_route(route: APIRoute) -> CompiledRoute | None:
    if not _answers_a_response(route):
        return None
    body = _json_body(route)
    if body is False:
        return None
    endpoint = _step(route.dependant, set(route.param_convertors), top=True)
    if endpoint is None:
        return None
    reads = row_read_of(route.endpoint)
    if reads is not None and reads.param not in route.param_convertors:
        raise ValueError(f"{route.path} reads a row by {reads.param!r}, not a path parameter")
    return CompiledRoute(
        route, endpoint, body if isinstance(body, _Body) else None, accepted_query(route), reads
    )


def _bucket(segments: list[str]) -> tuple[str, str] | None:
    """Routes are grouped by their first two path segments (None: a parameter among them)."""
    key = (segments + ["", ""])[:2]
    return None if any("{" in part for part in key) else (key[0], key[1])


class Routes:
    """The routes of `routers`, in the order FastAPI matches them, those it can run compiled."""

    def __init__(self, routers: Sequence[APIRouter]) -> None:
        self._buckets: dict[tuple[str, str], list[_Candidate]] = {}
        self._anywhere: list[_Candidate] = []
        self._all: list[_Candidate] = []
        for router in routers:
            for route in router.routes:
                if not isinstance(route, APIRoute):
                    continue
                candidate = _Candidate(route.path_regex, route, compile_route(route))
                self._all.append(candidate)
                key = _bucket(route.path.split("/")[1:])
                if key is None:
                    # Could match under any first segments: it keeps its place in every list.
                    self._anywhere.append(candidate)
                    for bucket in self._buckets.values():
                        bucket.append(candidate)
                else:
                    self._buckets.setdefault(key, list(self._anywhere)).append(candidate)

    @property
    def compiled(self) -> list[CompiledRoute]:
        return [c.compiled for c in self._all if c.compiled is not None]

    def match(self, method: str, path: str) -> tuple[CompiledRoute, dict[str, Any]] | None:
        """The compiled route FastAPI would pick for `method path`, with its path parameters
        (None: FastAPI picks another route, or none)."""
        if method == "HEAD":
            return None
        key = _bucket(path.split("/")[1:]) or ("", "")
        for candidate in self._buckets.get(key, self._anywhere):
            if method not in (candidate.route.methods or ()):
                continue
            found = candidate.regex.match(path)
            if found is None:
                continue
            if candidate.compiled is None:
                return None
            convertors = candidate.route.param_convertors
            params = {k: convertors[k].convert(v) for k, v in found.groupdict().items()}
            return candidate.compiled, params
        return None


class DispatchMiddleware:
    """Innermost: what the other middleware hands to the router goes to a compiled route when
    one is FastAPI's pick, and to FastAPI otherwise."""

    def __init__(self, app: ASGIApp, routes: Routes) -> None:
        self.app = app
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            state = scope.get("state")
            found: tuple[CompiledRoute, dict[str, Any]] | None
            if state is not None and MATCHED in state:
                found = state.pop(MATCHED)
            else:
                found = self.routes.match(scope["method"], scope["path"])
            if found is not None:
                await run(*found, scope, receive, send)
                return
        await self.app(scope, receive, send)


async def run(
    compiled: CompiledRoute, params: dict[str, Any], scope: Scope, receive: Receive, send: Send
) -> None:
    """What FastAPI does for this route, from the body and the dependencies to the response,
    without its solver. Exceptions go to the app's handlers as FastAPI's exception middleware
    would send them; one without a handler propagates to the server-error handler, as it does
    there."""
    route = compiled.route
    scope["path_params"] = params
    scope["endpoint"] = route.endpoint
    scope["route"] = route
    scope.setdefault("router", scope["app"].router)
    request = Request(scope, receive)
    try:
        if compiled.query is not None:
            refuse_unknown_query(scope.get("query_string", b""), compiled.query)
        body: Any = Undefined
        if compiled.body is not None:
            if compiled.body.json_only:
                await refuse_other_media(request)
            body = await _read_json(request)
        async with AsyncExitStack() as stack:
            solved: dict[Callable[..., Any], Any] = {}
            result = await _call(compiled.endpoint, request, params, stack, solved, compiled, body)
        if not isinstance(result, Response):
            raise TypeError(f"{route.path} returned {type(result).__name__}, not a Response")
        response = result
    except Exception as exc:
        handler = _handler(scope, exc)
        if handler is None:
            raise
        response = handler(request, exc)
        if inspect.isawaitable(response):
            response = await response
    await response(scope, receive, send)


async def _read_json(request: Request) -> Any:
    """The body as FastAPI's request handler reads it for a JSON body model: nothing
    (`Undefined`) when empty, the decoded JSON for a JSON media type, the bytes otherwise."""
    try:
        raw = await request.body()
        if not raw:
            return Undefined
        content_type = request.headers.get("content-type")
        if not content_type:
            return raw
        if content_type != "application/json":
            message = email.message.Message()
            message["content-type"] = content_type
            subtype = message.get_content_subtype()
            if message.get_content_maintype() != "application" or not (
                subtype == "json" or subtype.endswith("+json")
            ):
                return raw
        return await request.json()
    except json.JSONDecodeError as e:
        error = {
            "type": "json_invalid",
            "loc": ("body", e.pos),
            "msg": "JSON decode error",
            "input": {},
            "ctx": {"error": e.msg},
        }
        raise RequestValidationError([error], body=e.doc) from e
    except UnicodeDecodeError as e:
        raise RequestValidationError([not_utf8(e)]) from e
    except RecursionError as e:
        # Arrays or objects nested thousands deep: no request of this API is shaped so.
        error = {
            "type": "json_invalid",
            "loc": ("body", 0),
            "msg": "JSON decode error",
            "input": {},
            "ctx": {"error": "nested too deeply"},
        }
        raise RequestValidationError([error]) from e
    except HTTPException:
        raise
    except Exception as e:
        if MAX_BODY_SIZE_SCOPE_KEY in request.scope and (limit := get_body_limit_error(e)):
            raise limit from e
        raise HTTPException(status_code=400, detail="There was an error parsing the body") from e


async def _call(
    step: _Step,
    request: Request,
    params: dict[str, Any],
    stack: AsyncExitStack,
    solved: dict[Callable[..., Any], Any],
    compiled: CompiledRoute | None = None,
    body: Any = Undefined,
) -> Any:
    """Runs `step` after its dependencies; `compiled` is given for the endpoint, whose body is
    validated once its dependencies have run, as FastAPI's solver does."""
    values: dict[str, Any] = {}
    for sub in step.dependencies:
        if sub.cached and sub.key in solved:
            value = solved[sub.key]
        else:
            value = await _call(sub, request, params, stack, solved)
            if sub.cached:
                solved[sub.key] = value
        if sub.name is not None:
            values[sub.name] = value
    if compiled is not None and compiled.body is not None:
        fields = compiled.body
        found, errors = await request_body_to_args(
            body_fields=fields.fields, received_body=body, embed_body_fields=fields.embed
        )
        if errors:
            raise RequestValidationError(errors, body=body)
        values.update(found)
    for name in step.path_params:
        values[name] = params[name]
    if step.request_param is not None:
        values[step.request_param] = request
    if step.response_param is not None:
        values[step.response_param] = _sub_response()
    if step.is_generator:
        return await stack.enter_async_context(step.call(**values))
    return await step.call(**values)


def _sub_response() -> Response:
    """The `Response` parameter FastAPI passes: no status until the endpoint sets one, no
    header (what `Response()` then `del headers["content-length"]` gives, without building
    and dropping the header)."""
    sub = Response.__new__(Response)
    sub.status_code = None  # type: ignore[assignment]
    sub.background = None
    sub.body = b""
    sub.raw_headers = []
    return sub


def _handler(scope: Scope, exc: Exception) -> Callable[..., Any] | None:
    """The app's handler for `exc`, as FastAPI's exception middleware looks it up (the
    catch-all `Exception` handler belongs to the server-error middleware outside)."""
    handlers = scope["app"].exception_handlers
    for cls in type(exc).__mro__:
        if cls is Exception:
            return None
        if cls in handlers:
            return handlers[cls]  # type: ignore[no-any-return]
    return None
