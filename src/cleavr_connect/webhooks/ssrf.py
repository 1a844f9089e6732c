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
import re
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
AddressPolicy = Callable[[IPAddress], bool]


class BlockedAddressError(httpcore.ConnectError):
    """The URL leads to an address that live mode does not deliver to."""


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


# IPv6 prefixes that carry an IPv4 address a gateway will reach (RFC 4291 IPv4-compatible and
# -mapped, RFC 6052 NAT64, RFC 6145 IPv4-translated): the embedded address is the real target.
_EMBEDS_IPV4_IN_LAST_32_BITS = tuple(
    ipaddress.IPv6Network(n) for n in ("::/96", "::ffff:0:0/96", "::ffff:0:0:0/96", "64:ff9b::/96")
)
# RFC 8215 local-use NAT64: whatever it translates to is local.
_LOCAL_NAT64 = ipaddress.IPv6Network("64:ff9b:1::/48")


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    found = []
    if any(address in net for net in _EMBEDS_IPV4_IN_LAST_32_BITS):
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    if address.sixtofour is not None:  # 2002::/16, RFC 3056
        found.append(address.sixtofour)
    if address.teredo is not None:  # 2001::/32, RFC 4380: (server, client)
        found.extend(address.teredo)
    return found


def is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        if address in _LOCAL_NAT64:
            return False
        inner = embedded_ipv4(address)
        if inner:
            return all(is_public(v4) for v4 in inner)
    # `is_global` excludes private, loopback, link-local (169.254.169.254 and fe80::/10),
    # shared (100.64/10), unique-local (fc00::/7, incl. fd00:ec2::254), reserved and unspecified.
    return address.is_global and not address.is_multicast


_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$", re.IGNORECASE)


def literal_address(host: str) -> IPAddress | None:
    """The address a host names by itself, in every form a resolver accepts: dotted, IPv6, and
    the IPv4 shorthands (`2130706433`, `0x7f000001`, `127.1`, `0177.0.0.1`, `0`)."""
    host = host.strip("[]").rstrip(".")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if _NUMERIC_LABEL.match(host.rsplit(".", 1)[-1]):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            # Numeric but not an address (`999999999999`): no resolver will find a name in it.
            return ipaddress.IPv4Address(0)
    return None


def peer_address(stream: Any) -> IPAddress | None:
    """The address a response actually came from (httpcore's `network_stream` extension)."""
    try:
        peer = stream.get_extra_info("server_addr")
        return ipaddress.ip_address(str(peer[0]).split("%")[0])
    except (AttributeError, TypeError, IndexError, ValueError):
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
