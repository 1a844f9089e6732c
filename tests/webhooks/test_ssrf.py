"""SSRF: live mode refuses private, loopback, link-local and metadata addresses, checked on the
addresses a name resolves to when the connection is made (SPEC §10)."""

from __future__ import annotations

import ipaddress
from dataclasses import replace

import pytest

from cleavr_connect.runtime import build_runtime
from cleavr_connect.webhooks import service
from cleavr_connect.webhooks.schemas import WebhookCreate
from cleavr_connect.webhooks.ssrf import is_public
from tests.factories import caller
from tests.webhooks.helpers import create_endpoint, deliver, owner_of, record_event
from tests.webhooks.receiver import Receiver

HOST = "hooks.partner.example"


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("127.8.9.10", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),  # noqa: S104
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fd00:ec2::254", False),  # AWS metadata over IPv6
        ("::ffff:127.0.0.1", False),
        ("::ffff:169.254.169.254", False),
        ("::127.0.0.1", False),  # IPv4-compatible, which Python calls global
        ("::", False),
        ("64:ff9b::7f00:1", False),  # NAT64 of 127.0.0.1
        ("64:ff9b::a9fe:a9fe", False),  # NAT64 of the metadata address
        ("64:ff9b::808:808", True),  # NAT64 of 8.8.8.8
        ("64:ff9b:1::808:808", False),  # local-use NAT64 (RFC 8215)
        ("2002:7f00:1::", False),  # 6to4 of 127.0.0.1
        ("2002:a00:1::1", False),  # 6to4 of 10.0.0.1
        ("2002:808:808::1", True),  # 6to4 of 8.8.8.8
        ("::ffff:0:7f00:1", False),  # IPv4-translated
    ],
)
def test_the_address_policy(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


def resolver_to(*answers: str):  # type: ignore[no-untyped-def]
    """A DNS that answers `answers` for HOST, and records each lookup."""
    lookups: list[str] = []

    async def resolve(host: str, port: int) -> list[str]:
        lookups.append(host)
        if host != HOST:
            raise OSError(f"unknown host {host}")
        return list(answers)

    resolve.lookups = lookups  # type: ignore[attr-defined]
    return resolve


@pytest.mark.parametrize(
    "answers",
    [
        ["127.0.0.1"],
        ["169.254.169.254"],
        ["::1"],
        ["::ffff:127.0.0.1"],
        ["10.0.0.7"],
        ["::127.0.0.1"],
        ["64:ff9b::7f00:1"],
        ["2002:7f00:1::"],
        ["93.184.215.14", "192.168.0.10"],  # one private answer is enough
    ],
)
async def test_live_mode_refuses_a_name_that_resolves_to_a_private_address(
    client, db, runtime, receiver: Receiver, answers: list[str]
) -> None:  # type: ignore[no-untyped-def]
    live = await caller(client, db, runtime, livemode=True)
    # The name looks public, so registration takes it; the check that matters is at send time.
    endpoint = await create_endpoint(client, live, f"https://{HOST}:{receiver.port}/hook")
    await record_event(db, runtime, owner_of(live))
    resolve = resolver_to(*answers)
    (result,) = await deliver(db, runtime, resolver=resolve)
    assert result.outcome.status is None
    assert result.outcome.error.startswith("blocked_address")  # type: ignore[union-attr]
    assert resolve.lookups == [HOST]  # resolved when sending
    assert receiver.requests == []
    attempt = (
        await client.get(f"/v1/webhooks/{endpoint['id']}/deliveries", headers=live.headers)
    ).json()["data"][0]
    assert attempt["error"].startswith("blocked_address")


async def test_test_mode_delivers_to_the_address_it_resolved(
    client, db, runtime, owner, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    await create_endpoint(client, owner, f"http://{HOST}:{receiver.port}/hook")
    await record_event(db, runtime, owner_of(owner))
    resolve = resolver_to("127.0.0.1")
    (result,) = await deliver(db, runtime, resolver=resolve)
    assert result.outcome.succeeded
    # The name exists only in our resolver: the connection went to the address it returned,
    # with the name kept in the Host header (and for TLS).
    assert resolve.lookups == [HOST]
    assert receiver.requests[0].headers["host"] == f"{HOST}:{receiver.port}"


async def test_a_name_that_stops_resolving_is_a_connection_error(
    client, db, runtime, owner, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    await create_endpoint(client, owner, f"http://other.partner.example:{receiver.port}/hook")
    await record_event(db, runtime, owner_of(owner))
    (result,) = await deliver(db, runtime, resolver=resolver_to("127.0.0.1"))
    assert result.outcome.error.startswith("connection_error")  # type: ignore[union-attr]


async def test_the_development_setting_allows_private_addresses_in_live_mode(
    client, db, settings, clock, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    dev = build_runtime(replace(settings, allow_private_network=True), clock)
    live = await caller(client, db, dev, livemode=True)
    async with db.transaction() as session:
        await service.create(
            session,
            dev,
            owner_of(live),
            WebhookCreate(url=receiver.url()),
            "2026-01-02",
        )
    await record_event(db, dev, owner_of(live))
    (result,) = await deliver(db, dev)
    assert result.outcome.succeeded
    assert receiver.requests[0].json()["livemode"] is True
    # The same endpoint without the setting: refused.
    await record_event(db, dev, owner_of(live))
    strict = build_runtime(settings, clock)
    (refused,) = await deliver(db, strict)
    assert refused.outcome.error.startswith("blocked_address")  # type: ignore[union-attr]
