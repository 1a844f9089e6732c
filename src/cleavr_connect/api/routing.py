"""Every `/v1` answer is produced from its response model and written by `wire`.

A route declares its shape once (`response_model=ReceivableOut`): the OpenAPI document shows it,
and `ShapedRoute` validates what the endpoint returns against it and serializes the validated
object. FastAPI's own serialization goes through pydantic's JSON mode, which writes a `Decimal`
as a string; ours keeps money a JSON number with its two decimals (`wire`). A value that does not
fit the shape fails here, in tests, rather than reaching a client half right.

An endpoint whose renderer already builds exactly what validating and dumping would give (a list
page of 100 receivables, where pydantic cost a fifth of the request) returns it wrapped in
`Exact`: it is written as it is. The test suite sets `CHECK_EXACT`, and every `Exact` answer is
then held byte for byte to what the response model makes of it, so the model stays the contract.
"""

from __future__ import annotations

import functools
import inspect
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import parse_qsl

from fastapi import Request, Response, params
from fastapi.datastructures import DefaultPlaceholder
from fastapi.routing import APIRoute
from pydantic import TypeAdapter

from cleavr_connect import wire
from cleavr_connect.api.openapi import JSON_BODY_RESPONSES, WRITE_RESPONSES
from cleavr_connect.db.repository import RowRead
from cleavr_connect.errors import FieldError, UnsupportedMediaType, ValidationError

_SUB_RESPONSE = "_shaped_response"

# Tests turn it on: an `Exact` answer must then be what the response model makes of it.
CHECK_EXACT = False


@dataclass(frozen=True, slots=True)
class Exact:
    """An answer already in its response model's shape, as validating then dumping it would
    give it (same keys in the same order, same values): written without either step."""

    value: Any


F = TypeVar("F", bound=Callable[..., Any])

_READS_ROW = "cleavr_reads_row"


@dataclass(frozen=True, slots=True)
class ReadsRow:
    read: RowRead
    param: str  # the path parameter that is the row's id


def reads_row(read: RowRead, param: str) -> Callable[[F], F]:
    """Declares that the endpoint reads the row `read` names, by the path parameter `param`,
    once its dependencies pass: the request's bearer read may then bring that row along in
    its own statement (`api.middleware`), one round trip instead of two."""

    def mark(endpoint: F) -> F:
        setattr(endpoint, _READS_ROW, ReadsRow(read, param))
        return endpoint

    return mark


def row_read_of(endpoint: Callable[..., Any]) -> ReadsRow | None:
    return getattr(endpoint, _READS_ROW, None)


class NotExact(AssertionError):
    """An `Exact` answer that the response model would have written otherwise."""


class ShapedRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        model = kwargs.get("response_model")
        if model is not None and not isinstance(model, DefaultPlaceholder):
            endpoint = _shaped(endpoint, model, kwargs.get("status_code"))
        super().__init__(path, endpoint, **kwargs)
        if self.takes_json():
            self.responses = {**self.responses, **JSON_BODY_RESPONSES}
        if (self.methods or set()) & {"POST", "PATCH", "PUT", "DELETE"}:
            self.responses = {**self.responses, **WRITE_RESPONSES}

    def takes_json(self) -> bool:
        return self.body_field is not None and not isinstance(
            self.body_field.field_info, params.Form
        )

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        accepted = accepted_query(self)
        json_only = self.takes_json()
        if accepted is None and not json_only:
            return handler

        async def checked(request: Request) -> Response:
            if accepted is not None:
                refuse_unknown_query(request.scope.get("query_string", b""), accepted)
            if json_only:
                await refuse_other_media(request)
            return await handler(request)

        return checked


def accepted_query(route: APIRoute) -> frozenset[str] | None:
    """The query parameters a `/v1` route declares, its dependencies' included (None: not a
    `/v1` route, whose pages read what they like)."""
    if not route.path.startswith("/v1/"):
        return None
    names: set[str] = set()
    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        names.update(field.alias for field in dependant.query_params)
        pending.extend(dependant.dependencies)
    return frozenset(names)


def refuse_unknown_query(query_string: bytes, accepted: frozenset[str]) -> None:
    """Every `/v1` request, on both paths (FastAPI's and `api.dispatch`'s): a parameter the
    endpoint does not take is refused, since ignored (`?statuss=open`) it would answer the
    whole list as if filtered. Read as Starlette reads `request.query_params`."""
    if not query_string:
        return
    names = [name for name, _ in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)]
    unknown = [name for name in names if name not in accepted]
    # Every parameter takes one value: `?limit=1&limit=3` read as its last would answer a
    # request the client did not mean, as an ignored unknown one would.
    repeated = [name for name, count in Counter(names).items() if count > 1 and name in accepted]
    if not unknown and not repeated:
        return
    takes = ", ".join(sorted(accepted)) if accepted else "no query parameter"
    message = f"This endpoint does not take this parameter; it takes {takes}."
    raise ValidationError(
        [FieldError(name, "unknown_parameter", message) for name in dict.fromkeys(unknown)]
        + [
            FieldError(name, "duplicate_parameter", "Give this parameter once, with one value.")
            for name in repeated
        ]
    )


async def refuse_other_media(request: Request) -> None:
    """A JSON body route's check before FastAPI reads the body: FastAPI reads a body sent as
    text/plain (or without a type) as bytes and refuses it as "not an object" naming `body`;
    the media type is what is wrong."""
    if not is_json(request.headers.get("content-type")) and await request.body():
        raise UnsupportedMediaType(param="Content-Type")


def is_json(content_type: str | None) -> bool:
    """`application/json`, or a `+json` type (`application/merge-patch+json`), any parameters."""
    if not content_type:
        return False
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind == "application/json" or (
        kind.startswith("application/") and kind.endswith("+json")
    )


def _shaped(
    endpoint: Callable[..., Any], model: Any, status_code: int | None
) -> Callable[..., Any]:
    adapter: TypeAdapter[Any] = TypeAdapter(model)
    signature = inspect.signature(endpoint, eval_str=True)
    own = [p for p in signature.parameters.values() if p.annotation is Response]
    sub_name = own[0].name if own else _SUB_RESPONSE
    parameters = list(signature.parameters.values())
    if not own:
        parameters.append(
            inspect.Parameter(_SUB_RESPONSE, inspect.Parameter.KEYWORD_ONLY, annotation=Response)
        )

    @functools.wraps(endpoint)
    async def call(**values: Any) -> Any:
        sub: Response = values[sub_name]
        if not own:
            del values[_SUB_RESPONSE]
        result = endpoint(**values)
        if inspect.isawaitable(result):
            result = await result
        if isinstance(result, Response):
            return result
        return render(adapter, result, sub, status_code)

    call.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    return call


def render(
    adapter: TypeAdapter[Any], result: Any, sub: Response, status_code: int | None
) -> Response:
    """The validated object as JSON bytes, with the status and headers the endpoint set."""
    if isinstance(result, Exact):
        body = wire.dumpb(result.value)
        if CHECK_EXACT and body != _validated(adapter, result.value):
            raise NotExact(body, _validated(adapter, result.value))
    else:
        body = _validated(adapter, result)
    response = Response(
        content=body,
        status_code=sub.status_code or status_code or 200,
        media_type="application/json",
    )
    response.headers.raw.extend(
        (k, v) for k, v in sub.headers.raw if k.lower() not in (b"content-length", b"content-type")
    )
    return response


def _validated(adapter: TypeAdapter[Any], result: Any) -> bytes:
    value = adapter.validate_python(result)
    return wire.dumpb(adapter.dump_python(value, mode="python", by_alias=True))
