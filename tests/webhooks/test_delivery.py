"""Deliveries to a real HTTP receiver: signatures both ways, both API versions, filters, the
default endpoint, secret rotation, grant.revoked (SPEC §10)."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import text
from standardwebhooks import Webhook

from cleavr_connect.db.base import Base
from cleavr_connect.runtime import build_runtime
from cleavr_connect.webhooks import service as webhooks
from cleavr_connect.webhooks.schemas import WebhookCreate
from tests.factories import caller, create_user, make_account, sign_in
from tests.webhooks.helpers import (
    create_endpoint,
    deliver,
    deliveries,
    hex_signature,
    owner_of,
    platform_with_webhook,
    record_event,
)
from tests.webhooks.receiver import Receiver


def verify_both(secret: str, body: bytes, headers: dict[str, str]) -> dict:  # type: ignore[type-arg]
    """What a receiver does: the Standard Webhooks library, then the plain hex HMAC."""
    payload = Webhook(secret).verify(body, headers)
    assert headers["cleavr-signature"] == hex_signature(secret, body)
    return payload


@pytest.mark.parametrize("version", ["2025-08-28", "2026-01-02"])
async def test_a_delivery_verifies_with_standardwebhooks_and_hex_hmac(
    client, db, runtime, owner, receiver: Receiver, version: str
) -> None:  # type: ignore[no-untyped-def]
    endpoint = await create_endpoint(client, owner, receiver.url(), api_version=version)
    user = await create_user(client, owner)
    results = await deliver(db, runtime)
    assert [r.outcome.status for r in results] == [200]

    (request,) = receiver.at("/hook")
    payload = verify_both(endpoint["secret"], request.body, request.headers)
    assert request.headers["content-type"] == "application/json"
    assert request.headers["webhook-id"] == payload["id"]
    assert abs(int(request.headers["webhook-timestamp"]) - runtime.clock.now().timestamp()) < 1
    assert payload["type"] == "user.created"
    assert payload["api_version"] == version
    assert payload["livemode"] is False
    assert payload["id"].startswith("evt_test_")
    if version == "2026-01-02":
        assert payload["data"]["object"]["id"] == user["id"]
        assert payload["data"]["object"]["email"] == user["email"]
    else:
        assert payload["data"] == {
            "user_id": user["id"],
            "email": user["email"],
            "status": "pending_onboarding",
        }
    # A wrong secret or a changed body fails both checks.
    other = (await create_endpoint(client, owner, receiver.url("/other")))["secret"]
    with pytest.raises(Exception, match="signature"):
        Webhook(other).verify(request.body, request.headers)
    assert (
        hex_signature(endpoint["secret"], request.body + b" ")
        != request.headers["cleavr-signature"]
    )
    assert [d.status for d in await deliveries(db)] == ["succeeded"]


async def test_updates_carry_previous_attributes_in_2026_and_previous_status_in_2025(
    client, db, runtime, owner, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    new = await create_endpoint(client, owner, receiver.url("/new"), api_version="2026-01-02")
    old = await create_endpoint(client, owner, receiver.url("/old"), api_version="2025-08-28")
    user = await create_user(client, owner)
    await client.post(
        f"/v1/test_helpers/users/{user['id']}/verify",
        json={"outcome": "approved"},
        headers=owner.headers,
    )
    await deliver(db, runtime)
    new_updates = [r.json() for r in receiver.at("/new") if r.json()["type"] == "user.updated"]
    old_updates = [r.json() for r in receiver.at("/old") if r.json()["type"] == "user.updated"]
    assert new_updates[0]["data"]["object"]["status"] == "active"
    assert new_updates[0]["data"]["previous_attributes"]["status"] == "pending_onboarding"
    assert old_updates[0]["data"]["status"] == "active"
    assert old_updates[0]["data"]["previous_status"] == "pending_onboarding"
    assert new_updates[0]["id"] == old_updates[0]["id"]  # one event, two renderings
    for request in receiver.at("/new"):
        verify_both(new["secret"], request.body, request.headers)
    for request in receiver.at("/old"):
        verify_both(old["secret"], request.body, request.headers)


async def test_filters_pick_the_event_types(client, db, runtime, owner, receiver: Receiver) -> None:  # type: ignore[no-untyped-def]
    await create_endpoint(client, owner, receiver.url("/all"), events=["*"])
    await create_endpoint(client, owner, receiver.url("/users"), events=["user.*"])
    await create_endpoint(client, owner, receiver.url("/onb"), events=["user.onboarding.*"])
    await create_endpoint(client, owner, receiver.url("/exact"), events=["user.created"])
    await create_endpoint(client, owner, receiver.url("/rec"), events=["receivable.*"])
    user = await create_user(client, owner)
    await client.post(
        f"/v1/test_helpers/users/{user['id']}/verify",
        json={"outcome": "approved"},
        headers=owner.headers,
    )
    await deliver(db, runtime)

    def types(path: str) -> set[str]:
        return {r.json()["type"] for r in receiver.at(path)}

    everything = types("/all")
    assert {"user.created", "user.updated", "user.onboarding.completed"} <= everything
    assert types("/users") == everything
    assert types("/onb") == {"user.onboarding.completed"}
    assert types("/exact") == {"user.created"}
    assert types("/rec") == set()


async def test_endpoints_see_every_user_of_their_platform_and_mode_only(
    client, db, runtime, owner, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    await create_endpoint(client, owner, receiver.url("/mine"))
    same_platform = await caller(client, db, runtime, platform=owner.platform)
    other_platform = await caller(client, db, runtime, account=owner.account)
    live = await caller(client, db, runtime, livemode=True, account=owner.account)
    mine = await create_user(client, owner)
    colleague = await create_user(client, same_platform)
    await create_user(client, other_platform)
    await create_user(client, live)
    await deliver(db, runtime)
    seen = {r.json()["data"]["object"]["id"] for r in receiver.at("/mine")}
    assert seen == {mine["id"], colleague["id"]}


async def test_the_default_endpoint_is_signed_with_the_platform_webhook_secret(
    client, db, runtime, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    platform = await platform_with_webhook(db, runtime, receiver.url("/default"))
    who = await caller(client, db, runtime, platform=platform)
    user = await create_user(client, who)
    await deliver(db, runtime)
    (request,) = receiver.at("/default")
    payload = verify_both(platform.webhook_secret, request.body, request.headers)
    assert payload["data"]["object"]["id"] == user["id"]
    listing = (await client.get("/v1/webhooks", headers=who.headers)).json()["data"]
    assert [(e["url"], e["default"], e["events"]) for e in listing] == [
        (receiver.url("/default"), True, ["*"])
    ]
    assert "secret" not in listing[0]


async def test_during_a_rotation_both_secrets_sign_for_24_hours(
    client, db, runtime, clock, owner, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    endpoint = await create_endpoint(client, owner, receiver.url())
    rotated = (
        await client.post(f"/v1/webhooks/{endpoint['id']}/rotate_secret", headers=owner.headers)
    ).json()
    assert rotated["secret"] != endpoint["secret"]
    await record_event(db, runtime, owner_of(owner))
    await deliver(db, runtime)
    request = receiver.requests[-1]
    for secret in (rotated["secret"], endpoint["secret"]):
        Webhook(secret).verify(request.body, request.headers)
        assert hex_signature(secret, request.body) in request.headers["cleavr-signature"].split(",")
    assert len(request.headers["webhook-signature"].split(" ")) == 2

    clock.advance(hours=24, seconds=1)
    await record_event(db, runtime, owner_of(owner))
    await deliver(db, runtime)
    request = receiver.requests[-1]
    assert request.headers["cleavr-signature"] == hex_signature(rotated["secret"], request.body)
    assert len(request.headers["webhook-signature"].split(" ")) == 1


async def test_grant_revoked_is_delivered_when_the_account_disconnects(
    client, db, runtime, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    platform = await platform_with_webhook(db, runtime, receiver.url("/default"))
    account = await make_account(db, runtime)
    who = await caller(client, db, runtime, platform=platform, account=account)
    await sign_in(client, account.email)
    page = await client.get("/account/connections")
    grant_id = re.search(r"/account/connections/([^/]+)/revoke", page.text).group(1)  # type: ignore[union-attr]
    csrf = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text).group(1)  # type: ignore[union-attr]
    response = await client.post(
        f"/account/connections/{grant_id}/revoke", data={"csrf_token": csrf}
    )
    assert response.status_code == 303
    client.cookies.clear()
    assert (await client.get("/v1/me", headers=who.headers)).status_code == 401
    await deliver(db, runtime)
    (request,) = receiver.at("/default")
    event = verify_both(platform.webhook_secret, request.body, request.headers)
    assert event["type"] == "grant.revoked"
    assert event["data"]["object"] == {
        "id": grant_id,
        "object": "grant",
        "platform_id": platform.client_id,
        "account_id": account.id,
        "scopes": event["data"]["object"]["scopes"],
        "revoked_at": event["data"]["object"]["revoked_at"],
    }
    assert "webhooks:read" in event["data"]["object"]["scopes"]


async def test_attempts_are_listed_with_status_duration_and_excerpt(
    client, db, runtime, owner, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    endpoint = await create_endpoint(client, owner, receiver.url())
    receiver.script("/hook", (500, {}, b"boom " * 500))
    event_id = await record_event(db, runtime, owner_of(owner))
    # The receiver listens on loopback: these attempts treat its address as a public one.
    await deliver(db, runtime, public_address=lambda address: True)
    runtime.clock.advance(seconds=6)
    await deliver(db, runtime, public_address=lambda address: True)
    listing = (
        await client.get(f"/v1/webhooks/{endpoint['id']}/deliveries", headers=owner.headers)
    ).json()
    assert listing["url"] == f"/v1/webhooks/{endpoint['id']}/deliveries"
    second, first = listing["data"]
    assert (first["attempt"], first["status"], first["response_status"]) == (1, "failed", 500)
    assert first["error"] == "http_500"
    assert len(first["response_body"]) == 1000 and first["response_body"].startswith("boom")
    assert (second["attempt"], second["status"], second["response_status"]) == (2, "succeeded", 200)
    assert second["response_body"] == '{"received":true}'
    assert first["event_id"] == second["event_id"] == event_id
    assert first["id"].startswith("whdel_test_") and first["duration_ms"] >= 0
    failed = (
        await client.get(
            f"/v1/webhooks/{endpoint['id']}/deliveries",
            params={"status": "failed"},
            headers=owner.headers,
        )
    ).json()["data"]
    assert [d["id"] for d in failed] == [first["id"]]
    by_event = (
        await client.get(
            f"/v1/webhooks/{endpoint['id']}/deliveries",
            params={"event_id": "evt_nope"},
            headers=owner.headers,
        )
    ).json()["data"]
    assert by_event == []


async def test_secrets_are_encrypted_at_rest_and_never_logged(
    client, db, runtime, owner, receiver: Receiver, caplog
) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    platform = await platform_with_webhook(db, runtime, receiver.url("/default"))
    who = await caller(client, db, runtime, platform=platform)
    endpoint = await create_endpoint(client, owner, receiver.url())
    rotated = (
        await client.post(f"/v1/webhooks/{endpoint['id']}/rotate_secret", headers=owner.headers)
    ).json()
    receiver.script("/hook", (500, {}, b"no"))
    await create_user(client, owner)
    await create_user(client, who)
    await deliver(db, runtime)
    runtime.clock.advance(seconds=10)
    await deliver(db, runtime)
    secrets = [endpoint["secret"], rotated["secret"], platform.webhook_secret]
    for secret in secrets:
        assert secret not in caplog.text
    async with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            dump = repr((await conn.execute(text(f'SELECT * FROM "{table.name}"'))).all())
            for secret in secrets:
                assert secret not in dump, f"{table.name} holds a webhook secret in clear"
                assert secret.removeprefix("whsec_") not in dump


async def test_a_lease_that_ran_out_is_delivered_again(
    client, db, runtime, clock, owner, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    """A worker that claimed a batch and died: after the lease the deliveries are due again."""
    from cleavr_connect.webhooks import queue

    await create_endpoint(client, owner, receiver.url())
    event_id = await record_event(db, runtime, owner_of(owner))
    async with db.transaction() as session:
        await queue.fan_out(session, now=clock.now())
        claimed = await queue.claim(
            session, now=clock.now(), worker_id="dead", limit=10, lease=timedelta(seconds=60)
        )
    assert len(claimed) == 1
    assert await deliver(db, runtime) == []  # still leased by the dead worker
    clock.advance(seconds=61)
    results = await deliver(db, runtime)
    assert [r.job.event_id for r in results] == [event_id]
    assert json.loads(receiver.requests[0].body)["id"] == event_id


@pytest.mark.parametrize("livemode", [False, True])
async def test_private_receivers_answers_are_never_shown(
    client, db, settings, clock, receiver: Receiver, livemode: bool
) -> None:  # type: ignore[no-untyped-def]
    """Test mode (and the development setting in live mode) may deliver to private addresses;
    what such a receiver answers stays out of the delivery log, or the log would let a platform
    read internal services."""
    rt = build_runtime(replace(settings, allow_private_network=livemode), clock)
    who = await caller(client, db, rt, livemode=livemode)
    async with db.transaction() as session:
        endpoint, _ = await webhooks.create(
            session, rt, owner_of(who), WebhookCreate(url=receiver.url()), "2026-01-02"
        )
    receiver.script("/hook", (500, {}, b"internal admin page"), (200, {}, b"secret=42"))
    await record_event(db, rt, owner_of(who))
    await deliver(db, rt)
    clock.advance(seconds=6)
    await deliver(db, rt)
    listing = (
        await client.get(f"/v1/webhooks/{endpoint.id}/deliveries", headers=who.headers)
    ).json()["data"]
    assert [(d["response_status"], d["response_body"]) for d in listing] == [
        (200, None),
        (500, None),
    ]
    assert all(d["duration_ms"] >= 0 for d in listing)
    async with db.transaction() as session:
        stored = await session.execute(text("SELECT response_excerpt FROM webhook_attempts"))
        assert [row[0] for row in stored] == [None, None]
