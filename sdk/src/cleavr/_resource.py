"""Resources describe each endpoint once, as a method returning a `RequestSpec`; the `endpoint`
and `paginated` descriptors turn it into a blocking method on `CleavrConnect` and a coroutine
method on `AsyncCleavrConnect`, with the right types for each (`Resource[SyncMode]` /
`Resource[AsyncMode]`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar, overload

from pydantic import BaseModel

from cleavr._engine import AsyncEngine, Engine, SyncEngine
from cleavr._request import RequestSpec
from cleavr.pagination import AsyncPager, ListObject, SyncPage

P = ParamSpec("P")
T = TypeVar("T")
I = TypeVar("I", bound=BaseModel)  # noqa: E741 - the item type of a list


class SyncMode:
    """Marks a resource of the blocking client."""


class AsyncMode:
    """Marks a resource of the asyncio client."""


M = TypeVar("M", SyncMode, AsyncMode)


class Resource(Generic[M]):
    def __init__(self, engine: Engine) -> None:
        self._engine = engine


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
    def __get__(self, obj: Resource[Any] | None, owner: type[Any]) -> Any:
        if obj is None:
            return self
        engine = obj._engine
        build = self._build

        def call(*args: Any, **kwargs: Any) -> Any:
            # The spec is built at call time in both clients: bad arguments fail at once.
            return engine.run(build(obj, *args, **kwargs))

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
    def __get__(self, obj: Resource[Any] | None, owner: type[Any]) -> Any:
        if obj is None:
            return self
        engine = obj._engine
        build = self._build

        def call(*args: Any, **kwargs: Any) -> Any:
            spec = build(obj, *args, **kwargs)
            if isinstance(engine, SyncEngine):
                return SyncPage(engine.run, spec, engine.run(spec))
            assert isinstance(engine, AsyncEngine)
            return AsyncPager(engine.run, spec)

        return functools.update_wrapper(call, build)
