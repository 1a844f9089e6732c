"""The webhooks endpoints: the 401/403/404/400 quartet and the happy paths (SPEC §5, §10)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from tests.factories import caller
from tests.webhooks.helpers import create_endpoint, deliver, owner_of, record_event
from tests.webhooks.receiver import Receiver

URL = "https://hooks.platform.example/cleavr"

# (method, path template, body, scope needed); {id} is a webhook, {event} an event
ENDPOINTS: list[tuple[str, str, dict[str, Any] | None, str]] = [
    ("POST", "/v1/webhooks", {"url": URL}, "webhooks:write"),
    ("GET", "/v1/webhooks", None, "webhooks:read"),
    ("GET", "/v1/webhooks/{id}", None, "webhooks:read"),
    ("PATCH", "/v1/webhooks/{id}", {"description": "renamed"}, "webhooks:write"),
    ("DELETE", "/v1/webhooks/{id}", None, "webhooks:write"),
    ("POST", "/v1/webhooks/{id}/rotate_secret", None, "webhooks:write"),
    ("POST", "/v1/webhooks/{id}/recover", {"since": "{since}"}, "webhooks:write"),
    ("GET", "/v1/webhooks/{id}/deliveries", None, "webhooks:read"),
    ("POST", "/v1/events/{event}/resend", None, "webhooks:write"),
]


@pytest.fixture
async def endpoint(client, owner):  # type: ignore[no-untyped-def]
    return await create_endpoint(client, owner, URL)


@pytest.fixture
async def event_id(db, runtime, owner, endpoint):  # type: ignore[no-untyped-def]
    return await record_event(db, runtime, owner_of(owner))


def _call(http: httpx.AsyncClient, method, path, body, headers, ids):  # type: ignore[no-untyped-def]
    if body is not None:
        body = {k: (v.format(**ids) if isinstance(v, str) else v) for k, v in body.items()}
    return http.request(method, path.format(**ids), json=body, headers=headers)


@pytest.fixture
def ids(runtime, endpoint, event_id) -> dict[str, str]:  # type: ignore[no-untyped-def]
    since = (runtime.clock.now() - timedelta(hours=1)).isoformat()
    return {"id": endpoint["id"], "event": event_id, "since": since}


@pytest.mark.parametrize(("method", "path", "body", "scope"), ENDPOINTS)
async def test_without_a_token_is_401(client, ids, method, path, body, scope) -> None:  # type: ignore[no-untyped-def]
    response = await _call(client, method, path, body, {}, ids)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="cleavr"'


@pytest.mark.parametrize(("method", "path", "body", "scope"), ENDPOINTS)
async def test_without_the_scope_is_403(
    client, db, runtime, owner, ids, method, path, body, scope
) -> None:  # type: ignore[no-untyped-def]
    # Same platform and account: every scope but webhooks:write, and webhooks:read if needed.
    others = "users:read users:write receivables:read receivables:write reports:read"
    if scope == "webhooks:write":
        others += " webhooks:read"
    narrow = await caller(
        client, db, runtime, scope=others, platform=owner.platform, account=owner.account
    )
    response = await _call(client, method, path, body, narrow.headers, ids)
    assert response.status_code == 403, response.text
    assert f'scope="{scope}"' in response.headers["www-authenticate"]


@pytest.mark.parametrize(("method", "path", "body", "scope"), [e for e in ENDPOINTS if "{" in e[1]])
async def test_another_platforms_or_modes_object_is_404(
    client, db, runtime, owner, ids, method, path, body, scope
) -> None:  # type: ignore[no-untyped-def]
    other_platform = await caller(client, db, runtime, account=owner.account)
    live = await caller(client, db, runtime, livemode=True, account=owner.account)
    for stranger in (other_platform, live):
        response = await _call(client, method, path, body, stranger.headers, ids)
        assert response.status_code == 404, (stranger, response.text)
        assert response.json()["error"]["type"] == "not_found_error"
    # The owner still sees it unchanged.
    again = await client.get(f"/v1/webhooks/{ids['id']}", headers=owner.headers)
    assert again.status_code == 200 and again.json()["description"] is None


async def test_endpoints_belong_to_the_platform_and_mode_not_the_account(
    client, db, runtime, owner, endpoint
) -> None:  # type: ignore[no-untyped-def]
    colleague = await caller(client, db, runtime, platform=owner.platform)
    fetched = await client.get(f"/v1/webhooks/{endpoint['id']}", headers=colleague.headers)
    assert fetched.status_code == 200
    listing = (await client.get("/v1/webhooks", headers=colleague.headers)).json()["data"]
    assert [e["id"] for e in listing] == [endpoint["id"]]


async def test_but_events_belong_to_the_account(client, db, runtime, owner, ids) -> None:  # type: ignore[no-untyped-def]
    colleague = await caller(client, db, runtime, platform=owner.platform)
    response = await client.post(f"/v1/events/{ids['event']}/resend", headers=colleague.headers)
    assert response.status_code == 404


async def test_an_internationalised_host_is_a_url(client, owner) -> None:  # type: ignore[no-untyped-def]
    for url in ("https://hooks.exämple.fr/x", "https://hooks.example:8443/x"):
        response = await client.post("/v1/webhooks", json={"url": url}, headers=owner.headers)
        assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({"url": "not a url"}, "url", "invalid_url"),
        ({"url": "ftp://files.example/x"}, "url", "invalid_url"),
        ({"url": "https://user:pw@hooks.example/x"}, "url", "invalid_url"),
        # Hosts and ports no connection could ever reach.
        ({"url": "https://hooks.example:0/x"}, "url", "invalid_url"),
        ({"url": "https://hooks.example:65536/x"}, "url", "invalid_url"),
        ({"url": "https://hooks.example:-1/x"}, "url", "invalid_url"),
        ({"url": "https://hoo ks.example/x"}, "url", "invalid_url"),
        ({"url": "https://%00.example/x"}, "url", "invalid_url"),
        ({"url": "https://a..example/x"}, "url", "invalid_url"),
        ({"url": f"https://{'h' * 64}.example/x"}, "url", "invalid_url"),
        ({"url": "https://[fe80::1%25eth0]/x"}, "url", "invalid_url"),
        ({"url": URL, "events": []}, "events", "required"),
        (
            {"url": URL, "events": ["receivable.*", "receivable.creatd"]},
            "events[1]",
            "invalid_event_type",
        ),
        ({"url": URL, "events": ["nope.*"]}, "events[0]", "invalid_event_type"),
        ({"url": URL, "events": ["rec*"]}, "events[0]", "invalid_event_type"),
        ({"url": URL, "events": "user.created"}, "events", "invalid"),
        ({"url": URL, "description": "x" * 501}, "description", "invalid"),
        ({"url": URL, "api_version": "2024-01-01"}, "api_version", "invalid"),
        ({"url": URL, "enabled": "perhaps"}, "enabled", "invalid"),
        ({"url": URL, "secret": "whsec_mine"}, "secret", "invalid"),
        ({}, "url", "missing"),
    ],
)
async def test_each_invalid_field_is_400_with_its_param(client, owner, body, param, code) -> None:  # type: ignore[no-untyped-def]
    response = await client.post("/v1/webhooks", json=body, headers=owner.headers)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert (error["type"], error["param"]) == ("invalid_request_error", param)
    assert error["errors"][0]["code"] == code


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://hooks.platform.example/x", "insecure_url"),
        ("https://127.0.0.1/x", "url_not_allowed"),
        ("https://localhost:8443/x", "url_not_allowed"),
        ("https://169.254.169.254/latest/meta-data", "url_not_allowed"),
        ("https://10.0.0.8/x", "url_not_allowed"),
        ("https://[::1]/x", "url_not_allowed"),
        ("https://[fd00:ec2::254]/x", "url_not_allowed"),
    ],
)
async def test_live_mode_refuses_insecure_and_private_urls(client, db, runtime, url, code) -> None:  # type: ignore[no-untyped-def]
    live = await caller(client, db, runtime, livemode=True)
    response = await client.post("/v1/webhooks", json={"url": url}, headers=live.headers)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["param"] == "url"
    # Test mode takes them (its deliveries may go anywhere).
    test = await caller(client, db, runtime, account=live.account)
    assert (
        await client.post("/v1/webhooks", json={"url": url}, headers=test.headers)
    ).status_code == 200


SHORTHAND_PRIVATE_URLS = [
    "https://2130706433/x",  # 127.0.0.1 in decimal
    "https://0x7f000001/x",  # in hex
    "https://0x7f.1/x",
    "https://127.1/x",  # the short form
    "https://0177.0.0.1/x",  # octal
    "https://0/x",  # 0.0.0.0, which reaches the host itself
    "https://localhost./x",  # the fully qualified name
    "https://LOCALHOST/x",
    "https://[::127.0.0.1]/x",  # IPv4-compatible
    "https://[::ffff:169.254.169.254]/x",  # IPv4-mapped
    "https://[64:ff9b::a9fe:a9fe]/x",  # NAT64 of 169.254.169.254
    "https://[2002:7f00:1::]/x",  # 6to4 of 127.0.0.1
    "https://[2002:a00:1::1]/x",  # 6to4 of 10.0.0.1
    "https://999999999999/x",  # numeric, no address: never a name
]


async def test_live_mode_refuses_private_addresses_in_every_spelling(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    live = await caller(client, db, runtime, livemode=True)
    for url in SHORTHAND_PRIVATE_URLS:
        response = await client.post("/v1/webhooks", json={"url": url}, headers=live.headers)
        assert response.status_code == 400, url
        assert (response.json()["error"]["code"], response.json()["error"]["param"]) == (
            "url_not_allowed",
            "url",
        ), url
    for url in ("https://8.8.8.8/x", "https://134744072/x", "https://[64:ff9b::808:808]/x"):
        response = await client.post("/v1/webhooks", json={"url": url}, headers=live.headers)
        assert response.status_code == 200, (url, response.text)


async def test_create_returns_the_secret_once(client, owner) -> None:  # type: ignore[no-untyped-def]
    response = await client.post(
        "/v1/webhooks",
        json={
            "url": URL,
            "events": ["receivable.*", "user.created", "receivable.*"],
            "description": "Production",
        },
        headers={**owner.headers, "Cleavr-Version": "2025-08-28"},
    )
    assert response.status_code == 200, response.text
    created = response.json()
    assert created["id"].startswith("wh_test_")
    assert created["object"] == "webhook_endpoint"
    assert created["secret"].startswith("whsec_") and len(created["secret"]) > 40
    assert created["events"] == ["receivable.*", "user.created"]  # duplicates dropped
    assert created["description"] == "Production"
    assert created["enabled"] is True and created["disabled_reason"] is None
    assert created["api_version"] == "2025-08-28"  # the request's version
    assert created["default"] is False and created["livemode"] is False
    fetched = (await client.get(f"/v1/webhooks/{created['id']}", headers=owner.headers)).json()
    assert "secret" not in fetched
    assert fetched == {k: v for k, v in created.items() if k != "secret"}
    defaulted = await create_endpoint(client, owner, URL)
    assert defaulted["events"] == ["*"] and defaulted["api_version"] == "2026-01-02"


async def test_an_idempotent_create_makes_one_endpoint(client, owner) -> None:  # type: ignore[no-untyped-def]
    headers = {**owner.headers, "Idempotency-Key": "hook-1"}
    first = await client.post("/v1/webhooks", json={"url": URL}, headers=headers)
    second = await client.post("/v1/webhooks", json={"url": URL}, headers=headers)
    assert first.json() == second.json() and second.headers["idempotent-replayed"] == "true"
    listing = (await client.get("/v1/webhooks", headers=owner.headers)).json()["data"]
    assert len(listing) == 1


async def test_list_paginates_newest_first(client, clock, owner) -> None:  # type: ignore[no-untyped-def]
    made = []
    for i in range(5):
        made.append(await create_endpoint(client, owner, f"{URL}/{i}"))
        clock.advance(seconds=1)
    page = (await client.get("/v1/webhooks", params={"limit": 2}, headers=owner.headers)).json()
    assert page["url"] == "/v1/webhooks" and page["has_more"] is True
    assert [e["id"] for e in page["data"]] == [made[4]["id"], made[3]["id"]]
    rest = (
        await client.get(
            "/v1/webhooks",
            params={"limit": 10, "starting_after": made[3]["id"]},
            headers=owner.headers,
        )
    ).json()
    assert [e["id"] for e in rest["data"]] == [m["id"] for m in reversed(made[:3])]
    assert rest["has_more"] is False
    bad = await client.get("/v1/webhooks", params={"limit": 0}, headers=owner.headers)
    assert bad.status_code == 400 and bad.json()["error"]["param"] == "limit"


async def test_update_changes_the_given_fields(client, owner, endpoint) -> None:  # type: ignore[no-untyped-def]
    path = f"/v1/webhooks/{endpoint['id']}"
    response = await client.patch(
        path,
        json={
            "url": URL + "/v2",
            "events": ["user.*"],
            "api_version": "2025-08-28",
            "description": "Staging",
        },
        headers=owner.headers,
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert (updated["url"], updated["events"]) == (URL + "/v2", ["user.*"])
    assert (updated["api_version"], updated["description"]) == ("2025-08-28", "Staging")
    assert "secret" not in updated
    disabled = (await client.patch(path, json={"enabled": False}, headers=owner.headers)).json()
    assert (disabled["enabled"], disabled["disabled_reason"]) == (False, "manual")
    assert disabled["url"] == URL + "/v2"  # untouched
    cleared = (await client.patch(path, json={"description": None}, headers=owner.headers)).json()
    assert cleared["description"] is None
    for body, param in (
        ({"events": ["user.nothing"]}, "events[0]"),
        ({"url": "nope"}, "url"),
        ({"enabled": None, "colour": "red"}, "colour"),
        ({"api_version": "2030-01-01"}, "api_version"),
    ):
        bad = await client.patch(path, json=body, headers=owner.headers)
        assert bad.status_code == 400 and bad.json()["error"]["param"] == param, bad.text


async def test_delete_removes_the_endpoint(client, owner, endpoint) -> None:  # type: ignore[no-untyped-def]
    path = f"/v1/webhooks/{endpoint['id']}"
    response = await client.delete(path, headers=owner.headers)
    assert response.status_code == 200
    assert response.json() == {"id": endpoint["id"], "object": "webhook_endpoint", "deleted": True}
    assert (await client.get(path, headers=owner.headers)).status_code == 404
    assert (await client.delete(path, headers=owner.headers)).status_code == 404
    assert (await client.get("/v1/webhooks", headers=owner.headers)).json()["data"] == []


async def test_rotate_secret_returns_a_new_secret_and_the_overlap(
    client, clock, owner, endpoint
) -> None:  # type: ignore[no-untyped-def]
    response = await client.post(
        f"/v1/webhooks/{endpoint['id']}/rotate_secret", headers=owner.headers
    )
    assert response.status_code == 200, response.text
    rotated = response.json()
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != endpoint["secret"]
    expires = (clock.now() + timedelta(hours=24)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert rotated["previous_secret_expires_at"] == expires


async def test_recover_validates_its_window(client, clock, owner, endpoint) -> None:  # type: ignore[no-untyped-def]
    path = f"/v1/webhooks/{endpoint['id']}/recover"
    now = clock.now()
    for body, param, code in (
        ({}, "since", "missing"),
        ({"since": "yesterday"}, "since", "invalid"),
        ({"since": (now - timedelta(days=31)).isoformat()}, "since", "outside_retention"),
        (
            {"since": now.isoformat(), "until": (now - timedelta(hours=1)).isoformat()},
            "since",
            "invalid_window",
        ),
        ({"since": now.isoformat(), "extra": 1}, "extra", "invalid"),
    ):
        response = await client.post(path, json=body, headers=owner.headers)
        assert response.status_code == 400, (body, response.text)
        assert response.json()["error"]["param"] == param
        assert response.json()["error"]["errors"][0]["code"] == code
    ok = await client.post(
        path, json={"since": int((now - timedelta(days=1)).timestamp())}, headers=owner.headers
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["queued"] == 0 and ok.json()["webhook_id"] == endpoint["id"]


async def test_deliveries_and_resend_validate_their_input(
    client, db, runtime, owner, endpoint, event_id
) -> None:  # type: ignore[no-untyped-def]
    bad = await client.get(
        f"/v1/webhooks/{endpoint['id']}/deliveries",
        params={"status": "lost"},
        headers=owner.headers,
    )
    assert bad.status_code == 400 and bad.json()["error"]["param"] == "status"
    unknown = await client.post(
        f"/v1/events/{event_id}/resend", json={"webhook_id": "wh_nope"}, headers=owner.headers
    )
    assert unknown.status_code == 404 and unknown.json()["error"]["param"] == "webhook_id"
    foreign = await caller(client, db, runtime, account=owner.account)
    theirs = await create_endpoint(client, foreign, URL)
    crossing = await client.post(
        f"/v1/events/{event_id}/resend", json={"webhook_id": theirs["id"]}, headers=owner.headers
    )
    assert crossing.status_code == 404
    extra = await client.post(
        f"/v1/events/{event_id}/resend", json={"webhook": "x"}, headers=owner.headers
    )
    assert extra.status_code == 400 and extra.json()["error"]["param"] == "webhook"
    assert (
        await client.post("/v1/events/evt_nope/resend", headers=owner.headers)
    ).status_code == 404


async def test_the_default_endpoint_is_listed_once_and_can_be_deleted(
    client, db, runtime, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    from tests.webhooks.helpers import platform_with_webhook

    platform = await platform_with_webhook(db, runtime, receiver.url("/default"))
    who = await caller(client, db, runtime, platform=platform)
    first = (await client.get("/v1/webhooks", headers=who.headers)).json()["data"]
    again = (await client.get("/v1/webhooks", headers=who.headers)).json()["data"]
    assert len(first) == 1 and first == again
    default = first[0]
    assert default["default"] is True and default["api_version"] == "2026-01-02"
    await client.delete(f"/v1/webhooks/{default['id']}", headers=who.headers)
    await record_event(db, runtime, owner_of(who))
    await deliver(db, runtime)
    assert receiver.requests == []
    assert (await client.get("/v1/webhooks", headers=who.headers)).json()["data"] == []


async def test_the_default_endpoint_is_listed_beside_one_created_before_any_listing(
    client, db, runtime, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    from tests.webhooks.helpers import platform_with_webhook

    platform = await platform_with_webhook(db, runtime, receiver.url("/default"))
    who = await caller(client, db, runtime, platform=platform)
    mine = await create_endpoint(client, who, URL)
    listed = (await client.get("/v1/webhooks", headers=who.headers)).json()["data"]
    assert sorted((e["id"] == mine["id"], e["default"]) for e in listed) == [
        (False, True),
        (True, False),
    ]
    again = (await client.get("/v1/webhooks", headers=who.headers)).json()["data"]
    assert again == listed


async def test_deliveries_of_another_platforms_endpoint_are_404_even_when_it_has_some(
    client, db, runtime, owner, receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    endpoint = await create_endpoint(client, owner, receiver.url())
    await record_event(db, runtime, owner_of(owner))
    await deliver(db, runtime, public_address=lambda address: True)
    path = f"/v1/webhooks/{endpoint['id']}/deliveries"
    mine = (await client.get(path, headers=owner.headers)).json()["data"]
    assert len(mine) == 1
    other_platform = await caller(client, db, runtime, account=owner.account)
    live = await caller(client, db, runtime, livemode=True, account=owner.account)
    for stranger in (other_platform, live):
        for params in ({}, {"starting_after": mine[0]["id"]}):
            response = await client.get(path, params=params, headers=stranger.headers)
            assert response.status_code == 404, (params, response.text)
    unknown = await client.get("/v1/webhooks/wh_nope/deliveries", headers=owner.headers)
    assert unknown.status_code == 404 and unknown.json()["error"]["param"] == "id"
    await client.delete(f"/v1/webhooks/{endpoint['id']}", headers=owner.headers)
    assert (await client.get(path, headers=owner.headers)).status_code == 404
