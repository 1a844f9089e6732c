"""Failures and retries on the injectable clock (SPEC §10): the schedule with jitter,
Retry-After, 410, timeouts, refused connections, five days of failure, recover and resend."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from cleavr_connect.webhooks.schedule import SCHEDULE, parse_retry_after, retry_delay
from tests.webhooks.helpers import (
    create_endpoint,
    deliver,
    deliveries,
    endpoint_row,
    owner_of,
    record_event,
)
from tests.webhooks.receiver import HANG, Receiver, closed_port


async def _due_in(db, clock) -> float:  # type: ignore[no-untyped-def]
    (delivery,) = await deliveries(db)
    return (delivery.next_attempt_at - clock.now()).total_seconds()


async def test_a_500_is_retried_after_5_seconds_with_jitter(
    client, db, runtime, clock, owner, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    await create_endpoint(client, owner, receiver.url())
    receiver.script("/hook", (500, {}, b"down"))
    await record_event(db, runtime, owner_of(owner))
    (first,) = await deliver(db, runtime)
    assert first.outcome.status == 500
    wait = await _due_in(db, clock)
    assert 4.5 <= wait <= 5.5
    clock.advance(seconds=wait - 0.5)
    assert await deliver(db, runtime) == []  # not yet: nothing sleeps, nothing is early
    clock.advance(seconds=0.5)
    (second,) = await deliver(db, runtime)
    assert second.outcome.status == 200 and second.job.attempt == 2
    (delivery,) = await deliveries(db)
    assert (delivery.status, delivery.attempt_count) == ("succeeded", 2)
    assert len(receiver.requests) == 2
    assert receiver.requests[0].headers["webhook-id"] == receiver.requests[1].headers["webhook-id"]


async def test_the_whole_schedule_then_failed(
    client, db, runtime, clock, owner, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    await create_endpoint(client, owner, receiver.url())
    receiver.always("/hook", (503, {}, b""))
    await record_event(db, runtime, owner_of(owner))
    await deliver(db, runtime)
    waits = []
    for _ in SCHEDULE:
        wait = await _due_in(db, clock)
        waits.append(wait)
        clock.advance(seconds=wait)
        assert len(await deliver(db, runtime)) == 1
    for wait, step in zip(waits, SCHEDULE, strict=True):
        assert step.total_seconds() * 0.9 <= wait <= step.total_seconds() * 1.1
    (delivery,) = await deliveries(db)
    assert (delivery.status, delivery.attempt_count) == ("failed", 8)
    clock.advance(days=2)
    assert await deliver(db, runtime) == []
    assert len(receiver.requests) == 8


def test_the_schedule_and_retry_after_rules() -> None:
    rng = random.Random(7)
    assert [retry_delay(n, rng=random.Random(0)) is None for n in range(1, 9)] == [False] * 7 + [
        True
    ]
    delays = [retry_delay(1, rng=rng).total_seconds() for _ in range(200)]  # type: ignore[union-attr]
    assert 4.5 <= min(delays) < 4.7 and 5.3 < max(delays) <= 5.5  # jitter is spread
    # Retry-After is a floor, capped at the longest step.
    assert retry_delay(1, timedelta(seconds=120), rng) == timedelta(seconds=120)
    assert retry_delay(3, timedelta(seconds=1), rng) >= timedelta(minutes=27)  # type: ignore[operator]
    assert retry_delay(1, timedelta(days=3), rng) == timedelta(hours=10)
    from datetime import UTC, datetime

    now = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    assert parse_retry_after("120", now) == timedelta(seconds=120)
    assert parse_retry_after("Thu, 15 Jan 2026 09:10:00 GMT", now) == timedelta(minutes=10)
    assert parse_retry_after("soon", now) is None and parse_retry_after(None, now) is None


@pytest.mark.parametrize("status", [429, 503])
async def test_retry_after_is_honoured(
    client, db, runtime, clock, owner, receiver: Receiver, status: int
) -> None:  # type: ignore[no-untyped-def]
    await create_endpoint(client, owner, receiver.url())
    receiver.script("/hook", (status, {"Retry-After": "120"}, b"slow down"))
    await record_event(db, runtime, owner_of(owner))
    await deliver(db, runtime)
    assert await _due_in(db, clock) == 120
    clock.advance(seconds=60)  # the schedule alone would have retried after 5 s
    assert await deliver(db, runtime) == []
    clock.advance(seconds=60)
    (retry,) = await deliver(db, runtime)
    assert retry.outcome.succeeded


async def test_retry_after_on_other_statuses_is_ignored(
    client, db, runtime, clock, owner, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    await create_endpoint(client, owner, receiver.url())
    receiver.script("/hook", (500, {"Retry-After": "3600"}, b""))
    await record_event(db, runtime, owner_of(owner))
    await deliver(db, runtime)
    assert await _due_in(db, clock) <= 5.5


async def test_410_disables_the_endpoint_and_tells_the_others(
    client, db, runtime, clock, owner, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    gone = await create_endpoint(client, owner, receiver.url("/gone"))
    watcher = await create_endpoint(
        client, owner, receiver.url("/watch"), events=["webhook_endpoint.disabled"]
    )
    receiver.always("/gone", (410, {}, b"gone"))
    await record_event(db, runtime, owner_of(owner))
    await record_event(db, runtime, owner_of(owner))
    results = await deliver(db, runtime)
    assert sorted(r.outcome.status for r in results) == [410, 410]
    fetched = (await client.get(f"/v1/webhooks/{gone['id']}", headers=owner.headers)).json()
    assert (fetched["enabled"], fetched["disabled_reason"]) == (False, "gone")
    assert {d.status for d in await deliveries(db) if d.endpoint_id == gone["id"]} == {"failed"}
    # The event is listed for the account that created the endpoint.
    response = await client.get(
        "/v1/events", params={"type": "webhook_endpoint.disabled"}, headers=owner.headers
    )
    assert response.status_code == 200, response.text
    listed = response.json()["data"]
    # No retry for a gone endpoint, nor deliveries of new events.
    clock.advance(hours=1)
    await record_event(db, runtime, owner_of(owner))
    await deliver(db, runtime)
    assert len(receiver.at("/gone")) == 2
    (notice,) = [r.json() for r in receiver.at("/watch")]
    assert notice["type"] == "webhook_endpoint.disabled"
    assert notice["data"]["object"]["id"] == gone["id"]
    assert notice["data"]["object"]["disabled_reason"] == "gone"
    assert "secret" not in notice["data"]["object"]
    assert watcher["id"] != gone["id"]
    assert [e["id"] for e in listed] == [notice["id"]]


async def test_a_timeout_is_a_failure_retried_later(
    client, db, runtime, clock, owner, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    endpoint = await create_endpoint(client, owner, receiver.url())
    receiver.script("/hook", HANG)
    await record_event(db, runtime, owner_of(owner))
    # The real limit is 10 s; the test gives the attempt 0.3 s of real time instead.
    (result,) = await deliver(db, runtime, timeout=0.3)
    assert result.outcome.error == "timeout" and result.outcome.status is None
    assert 250 <= result.outcome.duration_ms < 3000
    assert 4.5 <= await _due_in(db, clock) <= 5.5
    clock.advance(seconds=6)
    (retry,) = await deliver(db, runtime)
    assert retry.outcome.succeeded
    attempts = (
        await client.get(f"/v1/webhooks/{endpoint['id']}/deliveries", headers=owner.headers)
    ).json()["data"]
    assert [a["error"] for a in attempts] == [None, "timeout"]


async def test_a_refused_connection_is_a_failure_retried_later(
    client, db, runtime, clock, owner
) -> None:  # type: ignore[no-untyped-def]
    endpoint = await create_endpoint(client, owner, f"http://127.0.0.1:{closed_port()}/hook")
    await record_event(db, runtime, owner_of(owner))
    (result,) = await deliver(db, runtime)
    assert result.outcome.status is None
    assert result.outcome.error.startswith("connection_error")  # type: ignore[union-attr]
    assert 4.5 <= await _due_in(db, clock) <= 5.5
    attempt = (
        await client.get(f"/v1/webhooks/{endpoint['id']}/deliveries", headers=owner.headers)
    ).json()["data"][0]
    assert attempt["status"] == "failed" and attempt["response_status"] is None


async def test_redirects_are_not_followed(
    client, db, runtime, clock, owner, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    await create_endpoint(client, owner, receiver.url())
    receiver.script("/hook", (302, {"Location": receiver.url("/elsewhere")}, b""))
    await record_event(db, runtime, owner_of(owner))
    (result,) = await deliver(db, runtime)
    assert (result.outcome.status, result.outcome.error) == (302, "redirect_not_followed")
    assert receiver.at("/elsewhere") == []


async def test_five_days_of_continuous_failure_disable_the_endpoint(
    client, db, runtime, clock, owner, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    failing = await create_endpoint(client, owner, receiver.url("/fail"))
    watcher = await create_endpoint(
        client, owner, receiver.url("/watch"), events=["webhook_endpoint.disabled"]
    )
    receiver.always("/fail", (500, {}, b""))
    start = clock.now()
    await record_event(db, runtime, owner_of(owner))
    await deliver(db, runtime)
    # A success on day 3 ends that run of failures.
    clock.advance(days=3)
    receiver.script("/fail", (200, {}, b""))
    await record_event(db, runtime, owner_of(owner))
    await deliver(db, runtime)
    # Then a new event every 12 hours, every attempt failing: the run starts at day 3.5.
    enabled_until = None
    for _ in range(14):
        clock.advance(hours=12)
        await record_event(db, runtime, owner_of(owner))
        await deliver(db, runtime)
        fetched = await endpoint_row(db, failing["id"])
        if not fetched.enabled:
            break
        enabled_until = clock.now() - start
    assert fetched.disabled_reason == "failing"
    assert enabled_until == timedelta(days=8)  # 4.5 days of failures: still enabled
    assert clock.now() - start == timedelta(days=8, hours=12)  # 5 days: disabled
    await deliver(db, runtime)
    notices = [r.json() for r in receiver.at("/watch")]
    assert [n["data"]["object"]["id"] for n in notices] == [failing["id"]]
    assert notices[0]["data"]["object"]["disabled_reason"] == "failing"
    assert watcher["enabled"]


async def test_recover_replays_the_failures_of_a_window_after_re_enabling(
    client, db, runtime, clock, owner, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    endpoint = await create_endpoint(client, owner, receiver.url())
    start = clock.now()
    receiver.always("/hook", (410, {}, b""))
    early = await record_event(db, runtime, owner_of(owner))
    await deliver(db, runtime)  # 410: disabled
    clock.advance(minutes=20)
    missed = await record_event(db, runtime, owner_of(owner))  # arrives while disabled
    await deliver(db, runtime)
    clock.advance(minutes=20)
    receiver.always("/hook", (200, {}, b""))
    path = f"/v1/webhooks/{endpoint['id']}/recover"
    refused = await client.post(path, json={"since": start.isoformat()}, headers=owner.headers)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "webhook_disabled"
    enabled = await client.patch(
        f"/v1/webhooks/{endpoint['id']}", json={"enabled": True}, headers=owner.headers
    )
    assert enabled.json()["enabled"] is True and enabled.json()["disabled_reason"] is None
    # A window around the second event only: the early one stays failed.
    window = {
        "since": (start + timedelta(minutes=10)).isoformat(),
        "until": (start + timedelta(minutes=30)).isoformat(),
    }
    recovered = await client.post(path, json=window, headers=owner.headers)
    assert recovered.status_code == 200, recovered.text
    assert recovered.json()["queued"] == 1 and recovered.json()["object"] == "webhook_recovery"
    await deliver(db, runtime)
    assert receiver.event_ids()[-1] == missed
    everything = await client.post(path, json={"since": start.isoformat()}, headers=owner.headers)
    # The early event, and the notice of the endpoint's own disabling, which it missed too.
    assert everything.json()["queued"] == 2
    await deliver(db, runtime)
    replayed = [r.json() for r in receiver.requests[-2:]]
    assert {e["type"] for e in replayed} == {"user.updated", "webhook_endpoint.disabled"}
    assert early in {e["id"] for e in replayed}
    # Nothing left to recover.
    again = await client.post(path, json={"since": start.isoformat()}, headers=owner.headers)
    assert again.json()["queued"] == 0


async def test_resend_delivers_one_event_again(
    client, db, runtime, clock, owner, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    one = await create_endpoint(client, owner, receiver.url("/one"))
    two = await create_endpoint(client, owner, receiver.url("/two"))
    users_only = await create_endpoint(client, owner, receiver.url("/users"), events=["user.*"])
    event_id = await record_event(db, runtime, owner_of(owner), "grant.revoked")
    await deliver(db, runtime)
    assert len(receiver.requests) == 2
    response = await client.post(
        f"/v1/events/{event_id}/resend", json={"webhook_id": one["id"]}, headers=owner.headers
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "object": "event_resend",
        "event_id": event_id,
        "webhook_ids": [one["id"]],
    }
    await deliver(db, runtime)
    assert [r.path for r in receiver.requests].count("/one") == 2
    everywhere = await client.post(f"/v1/events/{event_id}/resend", headers=owner.headers)
    assert sorted(everywhere.json()["webhook_ids"]) == sorted([one["id"], two["id"]])
    await deliver(db, runtime)
    assert len(receiver.at("/one")) == 3 and len(receiver.at("/two")) == 2
    assert receiver.at("/users") == []
    not_subscribed = await client.post(
        f"/v1/events/{event_id}/resend",
        json={"webhook_id": users_only["id"]},
        headers=owner.headers,
    )
    assert not_subscribed.status_code == 400
    assert not_subscribed.json()["error"]["code"] == "event_not_subscribed"
    await client.patch(f"/v1/webhooks/{two['id']}", json={"enabled": False}, headers=owner.headers)
    disabled = await client.post(
        f"/v1/events/{event_id}/resend", json={"webhook_id": two["id"]}, headers=owner.headers
    )
    assert disabled.status_code == 409
