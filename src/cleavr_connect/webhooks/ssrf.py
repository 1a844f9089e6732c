"""SSRF protection for webhook delivery (SPEC §10).

Live mode refuses private, loopback, link-local (cloud metadata), multicast and reserved
addresses. The check runs when the connection is opened, on the addresses the name resolves to
at that moment, and the connection goes to the very address that was checked: a DNS answer that
changes between a check and a connect (rebinding) cannot slip through. TLS still verifies the
certificate against the hostname. Test mode, and the `CLEAVR_ALLOW_PRIVATE_NETWORK`
development setting, allow every address.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from collections.abc import Awaitable, Callable, Iterable
from functools import lru_cache
from typing import Any

import httpcore
import httpx

from cleavr_connect.webhooks import network

Resolver = Callable[[str, int], Awaitable[list[str]]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class BlockedAddressError(httpcore.ConnectError):
    """The URL leads to an address that live mode does not deliver to."""


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    # `is_global` excludes private, loopback, link-local (169.254.169.254 and fe80::/10),
    # shared (100.64/10), unique-local (fc00::/7, incl. fd00:ec2::254), reserved and unspecified.
    return address.is_global and not address.is_multicast


def literal_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves the host itself, checks every address (unless `allow_private`), then connects to
    an address it checked."""

    def __init__(self, *, allow_private: bool, resolver: Resolver | None = None) -> None:
        self._resolve = resolver or system_resolver
        self.allow_private = allow_private

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            resolved = await self._resolve(host, port)
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        addresses = [ipaddress.ip_address(a.split("%")[0]) for a in resolved]
        if not addresses:
            raise httpcore.ConnectError(f"{host} has no address")
        if not self.allow_private:
            blocked = [a for a in addresses if not is_public(a)]
            if blocked:
                # One private answer is enough to refuse: the name points into a private network.
                raise BlockedAddressError(f"{host} resolves to a non-public address {blocked[0]}")
        last: Exception | None = None
        for address in addresses:
            try:
                return await network.connect(str(address), port)
            except httpcore.ConnectError as exc:
                last = exc
        assert last is not None
        raise last

    async def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not webhook destinations")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class _PoolTransport(httpx.AsyncHTTPTransport):
    """httpx's transport over a connection pool we build (httpx has no way to pass the network
    backend to the pool it builds)."""

    def __init__(self, pool: httpcore.AsyncConnectionPool) -> None:
        self._pool = pool


@lru_cache(maxsize=1)
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle is slow: one context for every connection.
    return httpx.create_ssl_context(trust_env=False)


def transport(
    *,
    guarded: bool,
    resolver: Resolver | None = None,
    max_connections: int = 1,
    ssl_context: ssl.SSLContext | None = None,
) -> httpx.AsyncHTTPTransport:
    """An httpx transport whose connections go through the address check when `guarded`."""
    pool = httpcore.AsyncConnectionPool(
        ssl_context=ssl_context or _ssl_context(),
        max_connections=max_connections,
        max_keepalive_connections=max_connections,
        keepalive_expiry=30,
        network_backend=GuardedBackend(allow_private=not guarded, resolver=resolver),
    )
    return _PoolTransport(pool)
