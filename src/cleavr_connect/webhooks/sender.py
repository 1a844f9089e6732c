"""One HTTP attempt: POST the raw body, 10 s in all, no redirects, a bounded excerpt kept.

Requests to one endpoint go through its own *lanes*: at most `lanes` requests at once (the
per-endpoint concurrency limit, so one slow receiver holds only its own lanes), each lane an
httpx transport with a single keep-alive connection. One big shared pool would do the same, but
httpcore's pool bookkeeping grows with the square of its connections and, at a few thousand
deliveries a second, costs more CPU than the requests themselves. Requests go to the transport
directly, without `AsyncClient`: nothing a client adds is wanted here (no cookies carried from
one receiver to the next, no redirects), and it halves the CPU per request.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import httpx

from cleavr_connect.webhooks.ssrf import (
    AddressPolicy,
    BlockedAddressError,
    Resolver,
    is_public,
    peer_address,
    transport,
)

log = logging.getLogger("cleavr_connect.webhooks")

TIMEOUT_SECONDS = 10.0
EXCERPT_BYTES = 1000
LANE_IDLE_SECONDS = 60.0
USER_AGENT = "Cleavr-Connect-Webhooks/1.0"
_HEADERS = {"User-Agent": USER_AGENT, "Content-Type": "application/json"}


def _url_for_log(url: str) -> str:
    """Scheme, host and port only: a path or query may carry a receiver's token."""
    try:
        parsed = _url(url)
    except Exception:  # noqa: BLE001
        return "<invalid url>"
    return f"{parsed.scheme}://{parsed.host}:{parsed.port or ''}"


@lru_cache(maxsize=4096)
def _url(url: str) -> httpx.URL:
    return httpx.URL(url)


@dataclass(frozen=True)
class Outcome:
    status: int | None  # None when no HTTP response came back
    excerpt: str | None
    error: str | None  # timeout, connection_error, blocked_address, redirect, http_500…
    duration_ms: int
    retry_after: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class _Lanes:
    """Up to `size` transports for one endpoint, created when first needed."""

    def __init__(self, size: int, make: Callable[[], httpx.AsyncBaseTransport]) -> None:
        self.size = size
        self._make = make
        self._free: asyncio.Queue[httpx.AsyncBaseTransport] = asyncio.Queue()
        self._created = 0
        self.busy = 0
        self.last_used = time.monotonic()

    async def acquire(self) -> httpx.AsyncBaseTransport:
        self.busy += 1
        if self._free.empty() and self._created < self.size:
            self._created += 1
            return self._make()
        try:
            return await self._free.get()
        except BaseException:
            self.busy -= 1
            raise

    def release(self, lane: httpx.AsyncBaseTransport) -> None:
        self.busy -= 1
        self.last_used = time.monotonic()
        self._free.put_nowait(lane)

    async def aclose(self) -> None:
        while not self._free.empty():
            await self._free.get_nowait().aclose()


class Sender:
    def __init__(
        self,
        *,
        lanes: int = 32,
        in_flight: int = 256,
        allow_private_network: bool = False,
        resolver: Resolver | None = None,
        timeout: float = TIMEOUT_SECONDS,
        ssl_context: ssl.SSLContext | None = None,
        public_address: AddressPolicy = is_public,
    ) -> None:
        self.lanes = lanes
        # Only a public receiver's answer is kept: test mode may deliver to private addresses,
        # and the delivery log must not become a way to read internal services.
        self._public_address = public_address
        self._ssl_context = ssl_context  # default: the system's CA bundle
        # Requests in flight across endpoints; taken after the endpoint's lane, so a request
        # waiting for its (slow) endpoint holds no slot.
        self._slots = asyncio.Semaphore(in_flight)
        self.timeout = timeout
        self.allow_private_network = allow_private_network
        self._resolver = resolver
        self._endpoints: dict[str, _Lanes] = {}

        self._timeouts = {
            "timeout": {"connect": timeout, "read": timeout, "write": timeout, "pool": timeout}
        }

    def _lanes_for(self, endpoint_id: str, livemode: bool) -> _Lanes:
        lanes = self._endpoints.get(endpoint_id)
        if lanes is None:
            # Live mode checks every address it connects to; test mode and the development
            # setting let deliveries reach private networks.
            guarded = livemode and not self.allow_private_network
            lanes = self._endpoints[endpoint_id] = _Lanes(
                self.lanes,
                lambda: transport(
                    guarded=guarded, resolver=self._resolver, ssl_context=self._ssl_context
                ),
            )
        return lanes

    async def post(
        self,
        url: str,
        body: bytes,
        headers: dict[str, str],
        *,
        livemode: bool,
        endpoint_id: str,
        before_send: Callable[[], dict[str, str]] | None = None,
    ) -> Outcome:
        """Waits for a free lane of the endpoint, then makes the attempt. `before_send` adds
        headers computed at the last moment (the signature's timestamp)."""
        lanes = self._lanes_for(endpoint_id, livemode)
        lane = await lanes.acquire()
        try:
            async with self._slots:
                if before_send is not None:
                    headers = {**headers, **before_send()}
                return await self._attempt(lane, url, body, headers)
        finally:
            lanes.release(lane)

    async def _attempt(
        self, lane: httpx.AsyncBaseTransport, url: str, body: bytes, headers: dict[str, str]
    ) -> Outcome:
        started = time.perf_counter()
        status: int | None = None
        excerpt: str | None = None
        retry_after: str | None = None
        error: str | None = None
        try:
            # One deadline for the whole attempt: resolving, connecting, sending, reading.
            async with asyncio.timeout(self.timeout):
                request = httpx.Request(
                    "POST",
                    _url(url),
                    content=body,
                    headers={**_HEADERS, **headers},
                    extensions=self._timeouts,
                )
                response = await lane.handle_async_request(request)
                try:
                    status = response.status_code
                    retry_after = response.headers.get("retry-after")
                    peer = peer_address(response.extensions.get("network_stream"))
                    if peer is not None and self._public_address(peer):
                        excerpt = await _excerpt(response)
                finally:
                    await response.aclose()
        except (TimeoutError, httpx.TimeoutException):
            error = "timeout"
        except httpx.ConnectError as exc:
            blocked = isinstance(exc.__cause__, BlockedAddressError)
            error = ("blocked_address: " if blocked else "connection_error: ") + str(exc)
        except httpx.HTTPError as exc:
            error = f"network_error: {type(exc).__name__}"
        except (httpx.InvalidURL, ValueError):
            error = "invalid_url"
        except Exception as exc:  # a failed attempt, never a lost result
            log.exception("webhook attempt to %s failed unexpectedly", _url_for_log(url))
            error = f"internal_error: {type(exc).__name__}"
        if error is None and status is not None and 300 <= status < 400:
            error = "redirect_not_followed"
        elif error is None and status is not None and status >= 400:
            error = f"http_{status}"
        duration = int((time.perf_counter() - started) * 1000)
        return Outcome(status, excerpt, error[:200] if error else None, duration, retry_after)

    async def prune(self, idle_seconds: float = LANE_IDLE_SECONDS) -> None:
        """Closes the connections of endpoints that sent nothing for a while."""
        cutoff = time.monotonic() - idle_seconds
        for endpoint_id, lanes in list(self._endpoints.items()):
            if lanes.busy == 0 and lanes.last_used < cutoff:
                del self._endpoints[endpoint_id]
                await lanes.aclose()

    async def aclose(self) -> None:
        endpoints, self._endpoints = self._endpoints, {}
        for lanes in endpoints.values():
            await lanes.aclose()


async def _excerpt(response: httpx.Response) -> str | None:
    """At most EXCERPT_BYTES of the body: a receiver answering with megabytes costs us nothing
    more (the connection is dropped instead of drained)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_raw():
        chunks.append(chunk)
        size += len(chunk)
        if size >= EXCERPT_BYTES:
            break
    if not chunks:
        return None
    return b"".join(chunks)[:EXCERPT_BYTES].decode("utf-8", "replace")
