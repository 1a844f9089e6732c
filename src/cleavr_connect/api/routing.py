"""Every `/v1` answer is produced from its response model and written by `wire`.

A route declares its shape once (`response_model=ReceivableOut`): the OpenAPI document shows it,
and `ShapedRoute` validates what the endpoint returns against it and serializes the validated
object. FastAPI's own serialization goes through pydantic's JSON mode, which writes a `Decimal`
as a string; ours keeps money a JSON number with its two decimals (`wire`). A value that does not
fit the shape fails here, in tests, rather than reaching a client half right.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi import Response
from fastapi.datastructures import DefaultPlaceholder
from fastapi.routing import APIRoute
from pydantic import TypeAdapter

from cleavr_connect import wire

_SUB_RESPONSE = "_shaped_response"


class ShapedRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        model = kwargs.get("response_model")
        if model is not None and not isinstance(model, DefaultPlaceholder):
            endpoint = _shaped(endpoint, model, kwargs.get("status_code"))
        super().__init__(path, endpoint, **kwargs)


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
    value = adapter.validate_python(result)
    body = wire.dumpb(adapter.dump_python(value, mode="python", by_alias=True))
    response = Response(
        content=body,
        status_code=sub.status_code or status_code or 200,
        media_type="application/json",
    )
    response.headers.raw.extend(
        (k, v) for k, v in sub.headers.raw if k.lower() not in (b"content-length", b"content-type")
    )
    return response
