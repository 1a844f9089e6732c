"""Resources describe each endpoint once, as a method returning a `RequestSpec`; the `endpoint`
and `paginated` descriptors turn it into a blocking method on `CleavrConnect` and a coroutine
method on `AsyncCleavrConnect`, with the right types for each (`Resource[SyncMode]` /
`Resource[AsyncMode]`). Under `client.with_raw_response` (`RawSyncMode` / `RawAsyncMode`) the
same methods answer with the `RawResponse`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar, overload

from pydantic import BaseModel

from cleavr._engine import AsyncEngine, Engine, SyncEngine
from cleavr._request import RawResponse, RequestSpec, raw
from cleavr.pagination import AsyncPager, ListObject, SyncPage

P = ParamSpec("P")
T = TypeVar("T")
I = TypeVar("I", bound=BaseModel)  # noqa: E741 - the item type of a list


class SyncMode:
    """Marks a resource of the blocking client."""


class AsyncMode:
    """Marks a resource of the asyncio client."""


class RawSyncMode:
    """Marks a resource of `CleavrConnect.with_raw_response`."""


class RawAsyncMode:
    """Marks a resource of `AsyncCleavrConnect.with_raw_response`."""


M = TypeVar("M", SyncMode, AsyncMode, RawSyncMode, RawAsyncMode)


class Resource(Generic[M]):
    def __init__(self, engine: Engine, *, raw: bool = False) -> None:
        self._engine = engine
        self._raw = raw


class endpoint(Generic[P, T]):  # noqa: N801 - used as a decorator
    """`@endpoint` on a method returning `RequestSpec[T]`: sync returns T, async awaits T."""

    def __init__(self, build: Callable[Concatenate[Any, P], RequestSpec[T]]) -> None:
        self._build = build
        functools.update_wrapper(self, build)  # type: ignore[arg-type]

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> endpoint[P, T]: ...
    @overload
    def __get__(self, obj: Resource[SyncMode], owner: type[Any]) -> Callable[P, T]: ...
    @overload
    def __get__(
        self, obj: Resource[AsyncMode], owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, T]]: ...
    @overload
    def __get__(
        self, obj: Resource[RawSyncMode], owner: type[Any]
    ) -> Callable[P, RawResponse[T]]: ...
    @overload
    def __get__(
        self, obj: Resource[RawAsyncMode], owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, RawResponse[T]]]: ...
    def __get__(self, obj: Resource[Any] | None, owner: type[Any]) -> Any:
        if obj is None:
            return self
        engine = obj._engine
        build = self._build
        as_raw = obj._raw

        def call(*args: Any, **kwargs: Any) -> Any:
            # The spec is built at call time in both clients: bad arguments fail at once.
            spec: RequestSpec[Any] = build(obj, *args, **kwargs)
            return engine.run(raw(spec) if as_raw else spec)

        return functools.update_wrapper(call, build)


class paginated(Generic[P, I]):  # noqa: N801 - used as a decorator
    """`@paginated` on a method returning `RequestSpec[ListObject[I]]`: sync returns a
    `SyncPage[I]` (first page fetched), async an `AsyncPager[I]`."""

    def __init__(self, build: Callable[Concatenate[Any, P], RequestSpec[ListObject[I]]]) -> None:
        self._build = build
        functools.update_wrapper(self, build)  # type: ignore[arg-type]

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> paginated[P, I]: ...
    @overload
    def __get__(self, obj: Resource[SyncMode], owner: type[Any]) -> Callable[P, SyncPage[I]]: ...
    @overload
    def __get__(self, obj: Resource[AsyncMode], owner: type[Any]) -> Callable[P, AsyncPager[I]]: ...
    @overload
    def __get__(
        self, obj: Resource[RawSyncMode], owner: type[Any]
    ) -> Callable[P, RawResponse[ListObject[I]]]: ...
    @overload
    def __get__(
        self, obj: Resource[RawAsyncMode], owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, RawResponse[ListObject[I]]]]: ...
    def __get__(self, obj: Resource[Any] | None, owner: type[Any]) -> Any:
        if obj is None:
            return self
        engine = obj._engine
        build = self._build
        as_raw = obj._raw

        def call(*args: Any, **kwargs: Any) -> Any:
            spec = build(obj, *args, **kwargs)
            if as_raw:
                return engine.run(raw(spec))  # the first page, as it came
            if isinstance(engine, SyncEngine):
                return SyncPage(engine.run, spec, engine.run(spec))
            assert isinstance(engine, AsyncEngine)
            return AsyncPager(engine.run, spec)

        return functools.update_wrapper(call, build)
