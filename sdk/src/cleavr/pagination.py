"""Lists that page by themselves: `for user in client.users.list()` walks every page with
`starting_after` (or backwards with `ending_before` when the first call used it).

Sync: `list()` fetches the first page and returns a `SyncPage`. Async: `list()` returns an
`AsyncPager` without any I/O: `await` it for the first page, or `async for` over every item.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, PrivateAttr

from cleavr._request import RequestSpec

T = TypeVar("T", bound=BaseModel)


class ListObject(BaseModel, Generic[T]):
    """One page as the API answers it: `{"object": "list", "data", "has_more", "url"}`."""

    model_config = ConfigDict(extra="allow")

    object: str = "list"
    data: list[T]
    has_more: bool
    url: str | None = None

    _request_id: str | None = PrivateAttr(default=None)

    @property
    def request_id(self) -> str | None:
        """The `Request-Id` of the response this page came from."""
        return self._request_id


def next_page_spec(
    spec: RequestSpec[ListObject[T]], page: ListObject[T]
) -> RequestSpec[ListObject[T]] | None:
    if not page.has_more or not page.data:
        return None
    if (spec.query or {}).get("ending_before") is not None:
        return spec.with_query(ending_before=getattr(page.data[0], "id"))  # noqa: B009
    return spec.with_query(starting_after=getattr(page.data[-1], "id"))  # noqa: B009


class SyncPage(Generic[T]):
    def __init__(
        self,
        run: Callable[[RequestSpec[ListObject[T]]], ListObject[T]],
        spec: RequestSpec[ListObject[T]],
        page: ListObject[T],
    ) -> None:
        self._run = run
        self._spec = spec
        self._page = page

    @property
    def data(self) -> list[T]:
        """The objects of this page only."""
        return self._page.data

    @property
    def has_more(self) -> bool:
        return self._page.has_more

    @property
    def request_id(self) -> str | None:
        return self._page.request_id

    def next_page(self) -> SyncPage[T] | None:
        spec = next_page_spec(self._spec, self._page)
        return None if spec is None else SyncPage(self._run, spec, self._run(spec))

    def iter_pages(self) -> Iterator[SyncPage[T]]:
        page: SyncPage[T] | None = self
        while page is not None:
            yield page
            page = page.next_page()

    def __iter__(self) -> Iterator[T]:
        """Every object of every page from this one on, fetching pages as needed."""
        for page in self.iter_pages():
            yield from page.data

    def __repr__(self) -> str:
        return f"<SyncPage of {len(self.data)} (has_more={self.has_more})>"


class AsyncPage(Generic[T]):
    def __init__(
        self,
        run: Callable[[RequestSpec[ListObject[T]]], Awaitable[ListObject[T]]],
        spec: RequestSpec[ListObject[T]],
        page: ListObject[T],
    ) -> None:
        self._run = run
        self._spec = spec
        self._page = page

    @property
    def data(self) -> list[T]:
        return self._page.data

    @property
    def has_more(self) -> bool:
        return self._page.has_more

    @property
    def request_id(self) -> str | None:
        return self._page.request_id

    async def next_page(self) -> AsyncPage[T] | None:
        spec = next_page_spec(self._spec, self._page)
        return None if spec is None else AsyncPage(self._run, spec, await self._run(spec))

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        page: AsyncPage[T] | None = self
        while page is not None:
            yield page
            page = await page.next_page()

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item

    def __repr__(self) -> str:
        return f"<AsyncPage of {len(self.data)} (has_more={self.has_more})>"


class AsyncPager(Generic[T]):
    """What async `list()` returns: awaitable (the first page) and async-iterable (every item)."""

    def __init__(
        self,
        run: Callable[[RequestSpec[ListObject[T]]], Awaitable[ListObject[T]]],
        spec: RequestSpec[ListObject[T]],
    ) -> None:
        self._run = run
        self._spec = spec

    async def first_page(self) -> AsyncPage[T]:
        return AsyncPage(self._run, self._spec, await self._run(self._spec))

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        return self.first_page().__await__()

    async def __aiter__(self) -> AsyncIterator[T]:
        async for item in await self.first_page():
            yield item
