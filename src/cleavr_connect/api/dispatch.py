"""`/v1` reads run without FastAPI's per-request machinery, for every route that allows it.

On each request FastAPI walks its route list, wraps the route in its middleware and body-limit
layers, then solves the route's dependency tree with a general solver (every kind of parameter,
security schemes, overrides, caches). That was most of the CPU of a detail read beyond the
endpoint's own work. A GET route whose inputs are only path parameters and dependencies built
of the same (the token, the owner, the session, the runtime, scope checks: anything taking the
`Request`) is compiled here, once, into the same tree with nothing left to decide, and run
directly: the same endpoint, the same dependencies in the same order with the same per-request
cache, the same response model (`ShapedRoute`), the same exception handlers. Anything else —
query, header, cookie or body parameters, sync dependencies, security schemes — is left to
FastAPI, as is any path a compiled route does not match first. `tests/api/test_dispatch.py`
holds the two paths to the same answers.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Response
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.types import Receive, Scope, Send

_V1 = "/v1/"


@dataclass(frozen=True, slots=True)
class _Step:
    """One dependency (or the endpoint itself) with where each argument comes from."""

    call: Callable[..., Any]
    name: str | None  # the argument of the caller it fills (None: run for its effect)
    cached: bool
    is_generator: bool
    dependencies: tuple[_Step, ...]
    path_params: tuple[str, ...]
    request_param: str | None
    response_param: str | None


@dataclass(frozen=True, slots=True)
class CompiledRead:
    route: APIRoute
    endpoint: _Step


@dataclass(frozen=True, slots=True)
class _Candidate:
    regex: re.Pattern[str]
    route: APIRoute
    compiled: CompiledRead | None  # None: matched by a route FastAPI must run


def _step(dependant: Any, path_names: set[str]) -> _Step | None:
    """The dependant as a step, or None when FastAPI has to solve it."""
    if (
        dependant.query_params
        or dependant.header_params
        or dependant.cookie_params
        or dependant.body_params
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
        call=call,
        name=dependant.name,
        cached=dependant.use_cache,
        is_generator=is_generator,
        dependencies=tuple(subs),
        path_params=tuple(field.alias for field in dependant.path_params),
        request_param=dependant.request_param_name,
        response_param=dependant.response_param_name,
    )


def compile_route(route: APIRoute) -> CompiledRead | None:
    if "GET" not in (route.methods or ()) or not route.path.startswith(_V1):
        return None
    endpoint = _step(route.dependant, set(route.param_convertors))
    return None if endpoint is None else CompiledRead(route, endpoint)


class Reads:
    """The `/v1` GET routes of `routers`, in the order FastAPI matches them."""

    def __init__(self, routers: Sequence[APIRouter]) -> None:
        self._by_resource: dict[str, list[_Candidate]] = {}
        self._any_resource: list[_Candidate] = []
        self._all: list[_Candidate] = []
        for router in routers:
            for route in router.routes:
                if not isinstance(route, APIRoute) or not route.path.startswith(_V1):
                    continue
                if "GET" not in (route.methods or ()):
                    continue
                candidate = _Candidate(route.path_regex, route, compile_route(route))
                self._all.append(candidate)
                resource = route.path[len(_V1) :].split("/", 1)[0]
                if "{" in resource:
                    # Could match any resource: it keeps its place in every list.
                    self._any_resource.append(candidate)
                    for bucket in self._by_resource.values():
                        bucket.append(candidate)
                else:
                    bucket = self._by_resource.setdefault(resource, list(self._any_resource))
                    bucket.append(candidate)

    @property
    def compiled(self) -> list[CompiledRead]:
        return [c.compiled for c in self._all if c.compiled is not None]

    def match(self, path: str) -> tuple[CompiledRead, dict[str, Any]] | None:
        """The compiled route FastAPI would pick for `GET path`, with its path parameters."""
        resource = path[len(_V1) :].split("/", 1)[0]
        for candidate in self._by_resource.get(resource, self._any_resource):
            found = candidate.regex.match(path)
            if found is None:
                continue
            if candidate.compiled is None:
                return None
            convertors = candidate.route.param_convertors
            params = {k: convertors[k].convert(v) for k, v in found.groupdict().items()}
            return candidate.compiled, params
        return None


async def run(
    read: CompiledRead, params: dict[str, Any], scope: Scope, receive: Receive, send: Send
) -> None:
    """What FastAPI does for this route, from the dependencies to the response, without its
    solver. Exceptions go to the app's handlers as FastAPI's exception middleware would send
    them; one without a handler propagates to the server-error handler, as it does there."""
    scope["path_params"] = params
    scope["endpoint"] = read.route.endpoint
    scope["route"] = read.route
    request = Request(scope, receive)
    try:
        async with AsyncExitStack() as stack:
            solved: dict[Callable[..., Any], Any] = {}
            result = await _call(read.endpoint, request, params, stack, solved)
        response = result if isinstance(result, Response) else None
        if response is None:  # pragma: no cover - compiled routes are ShapedRoutes
            raise TypeError(f"{read.route.path} returned {type(result).__name__}, not a Response")
    except Exception as exc:
        handler = _handler(scope, exc)
        if handler is None:
            raise
        response = handler(request, exc)
        if inspect.isawaitable(response):
            response = await response
    await response(scope, receive, send)


async def _call(
    step: _Step,
    request: Request,
    params: dict[str, Any],
    stack: AsyncExitStack,
    solved: dict[Callable[..., Any], Any],
) -> Any:
    values: dict[str, Any] = {}
    for sub in step.dependencies:
        if sub.cached and sub.call in solved:
            value = solved[sub.call]
        else:
            value = await _call(sub, request, params, stack, solved)
            if sub.cached:
                solved[sub.call] = value
        if sub.name is not None:
            values[sub.name] = value
    for name in step.path_params:
        values[name] = params[name]
    if step.request_param is not None:
        values[step.request_param] = request
    if step.response_param is not None:
        values[step.response_param] = _sub_response()
    if step.is_generator:
        return await stack.enter_async_context(asynccontextmanager(step.call)(**values))
    return await step.call(**values)


def _sub_response() -> Response:
    """The `Response` parameter FastAPI passes: no status until the endpoint sets one."""
    sub = Response()
    del sub.headers["content-length"]
    sub.status_code = None  # type: ignore[assignment]
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
