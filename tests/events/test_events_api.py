"""`GET /v1/events` and `GET /v1/events/{id}`: the quartet, filters, versions, 30 days."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cleavr_connect.models import Event
from cleavr_connect.webhooks.queue import purge_expired
from tests.api import created_cases
from tests.factories import caller, create_user, refresh
from tests.webhooks.helpers import owner_of, record_event

ENDPOINTS = [("/v1/events", "list"), ("/v1/events/{id}", "get")]


@pytest.fixture
async def owner(client, db, runtime):  # type: ignore[no-untyped-def]
    return await caller(client, db, runtime)


@pytest.fixture
async def event_id(db, runtime, owner):  # type: ignore[no-untyped-def]
    return await record_event(db, runtime, owner_of(owner))


@pytest.mark.parametrize(("path", "kind"), ENDPOINTS)
async def test_without_a_token_is_401(client, event_id, path, kind) -> None:  # type: ignore[no-untyped-def]
    response = await client.get(path.format(id=event_id))
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="cleavr"'


@pytest.mark.parametrize(("path", "kind"), ENDPOINTS)
async def test_without_the_scope_is_403(client, db, runtime, owner, event_id, path, kind) -> None:  # type: ignore[no-untyped-def]
    narrow = await caller(
        client,
        db,
        runtime,
        scope="users:read users:write receivables:write",
        platform=owner.platform,
        account=owner.account,
    )
    response = await client.get(path.format(id=event_id), headers=narrow.headers)
    assert response.status_code == 403
    assert 'scope="webhooks:read"' in response.headers["www-authenticate"]
    # webhooks:write implies webhooks:read
    writer = await caller(
        client, db, runtime, scope="webhooks:write", platform=owner.platform, account=owner.account
    )
    assert (await client.get(path.format(id=event_id), headers=writer.headers)).status_code == 200


async def test_someone_elses_event_is_404_and_never_listed(
    client, db, runtime, owner, event_id
) -> None:  # type: ignore[no-untyped-def]
    strangers = (
        await caller(client, db, runtime, account=owner.account),  # other platform
        await caller(client, db, runtime, platform=owner.platform),  # other account
        await caller(client, db, runtime, livemode=True, account=owner.account),  # other mode
    )
    for stranger in strangers:
        response = await client.get(f"/v1/events/{event_id}", headers=stranger.headers)
        assert response.status_code == 404
        assert response.json()["error"]["type"] == "not_found_error"
        listing = (await client.get("/v1/events", headers=stranger.headers)).json()
        assert event_id not in [e["id"] for e in listing["data"]]
        cursor = await client.get(
            "/v1/events", params={"starting_after": event_id}, headers=stranger.headers
        )
        assert cursor.status_code == 400 and cursor.json()["error"]["param"] == "starting_after"
    assert (await client.get(f"/v1/events/{event_id}", headers=owner.headers)).status_code == 200


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"type": "user.nothing"}, "type"),
        ({"type": "nope.*"}, "type"),
        ({"created[gte]": "last tuesday"}, "created[gte]"),
        ({"created[lt]": "2026-13-40"}, "created[lt]"),
        ({"limit": 500}, "limit"),
    ],
)
async def test_invalid_filters_are_400_with_their_param(client, owner, params, param) -> None:  # type: ignore[no-untyped-def]
    response = await client.get("/v1/events", params=params, headers=owner.headers)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["param"] == param


async def test_events_render_in_the_requests_version(client, owner) -> None:  # type: ignore[no-untyped-def]
    user = await create_user(client, owner)
    latest = (await client.get("/v1/events", headers=owner.headers)).json()["data"][0]
    assert latest["type"] == "user.created" and latest["api_version"] == "2026-01-02"
    assert latest["data"]["object"]["id"] == user["id"]
    assert set(latest) == {"id", "object", "type", "created_at", "api_version", "livemode", "data"}
    old = await client.get(
        f"/v1/events/{latest['id']}", headers={**owner.headers, "Cleavr-Version": "2025-08-28"}
    )
    assert old.headers["cleavr-version"] == "2025-08-28"
    body = old.json()
    assert body["api_version"] == "2025-08-28"
    assert body["data"] == {
        "user_id": user["id"],
        "email": user["email"],
        "status": "pending_onboarding",
    }


async def test_filters_by_type_and_creation_time(client, db, runtime, clock, owner) -> None:  # type: ignore[no-untyped-def]
    who = owner_of(owner)
    start = clock.now()
    first = await record_event(db, runtime, who, "user.created")
    clock.advance(minutes=10)
    second = await record_event(db, runtime, who, "user.onboarding.completed")
    clock.advance(minutes=10)
    third = await record_event(
        db, runtime, who, "grant.revoked", obj={"id": "grant_1", "object": "grant"}
    )

    async def ids(**params) -> list[str]:  # type: ignore[no-untyped-def]
        response = await client.get("/v1/events", params=params, headers=owner.headers)
        assert response.status_code == 200, response.text
        return [e["id"] for e in response.json()["data"]]

    assert await ids() == [third, second, first]
    assert await ids(type="user.created") == [first]
    assert await ids(type="user.*") == [second, first]
    assert await ids(type="user.onboarding.*") == [second]
    assert await ids(type="*") == [third, second, first]
    assert await ids(**{"created[gte]": (start + timedelta(minutes=10)).isoformat()}) == [
        third,
        second,
    ]
    assert await ids(**{"created[gt]": (start + timedelta(minutes=10)).isoformat()}) == [third]
    assert await ids(**{"created[lt]": str(int((start + timedelta(minutes=10)).timestamp()))}) == [
        first
    ]
    assert await ids(
        **{
            "created[lte]": (start + timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "type": "user.*",
        }
    ) == [second, first]
    assert await ids(**{"created[gte]": start.date().isoformat()}) == [third, second, first]


async def test_created_filters_at_a_day_boundary(client, db, runtime, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(created_cases.LAST_SECOND)
    who = await caller(client, db, runtime)
    made = {}
    for name, at in (("last", created_cases.LAST_SECOND), ("next", created_cases.NEXT_MIDNIGHT)):
        clock.set(at)
        made[name] = await record_event(db, runtime, owner_of(who))

    async def ids(query: dict[str, str]) -> list[str]:
        response = await client.get("/v1/events", params=query, headers=who.headers)
        assert response.status_code == 200, (query, response.text)
        return [e["id"] for e in response.json()["data"]]

    assert await ids({}) == [made["next"], made["last"]]
    assert await created_cases.mismatches(ids, made) == []


async def test_created_filters_refuse_what_is_not_a_time(client, owner) -> None:  # type: ignore[no-untyped-def]
    for operator in created_cases.OPERATORS:
        param = f"created[{operator}]"
        for value in created_cases.BAD_VALUES:
            response = await client.get("/v1/events", params={param: value}, headers=owner.headers)
            assert response.status_code == 400, (param, value, response.text)
            error = response.json()["error"]
            assert (error["code"], error["param"]) == ("invalid_timestamp", param), (param, value)
    # Reported with the other filters' refusals, in one answer.
    both = await client.get(
        "/v1/events",
        params={"type": "nope.*", "created[gte]": "2026-01-15", "created[lte]": "soon"},
        headers=owner.headers,
    )
    assert both.status_code == 400
    assert [(e["param"], e["code"]) for e in both.json()["error"]["errors"]] == [
        ("type", "invalid_event_type"),
        ("created[lte]", "invalid_timestamp"),
    ]


async def test_pagination_is_newest_first_with_cursors(client, db, runtime, clock, owner) -> None:  # type: ignore[no-untyped-def]
    made = []
    for _ in range(7):
        made.append(await record_event(db, runtime, owner_of(owner)))
        clock.advance(seconds=1)
    made.reverse()
    page = (await client.get("/v1/events", params={"limit": 3}, headers=owner.headers)).json()
    assert page["url"] == "/v1/events" and page["has_more"] is True
    assert [e["id"] for e in page["data"]] == made[:3]
    following = (
        await client.get(
            "/v1/events", params={"limit": 3, "starting_after": made[2]}, headers=owner.headers
        )
    ).json()
    assert [e["id"] for e in following["data"]] == made[3:6]
    previous = (
        await client.get(
            "/v1/events", params={"limit": 3, "ending_before": made[3]}, headers=owner.headers
        )
    ).json()
    assert [e["id"] for e in previous["data"]] == made[:3]


async def test_events_are_kept_30_days(client, db, runtime, clock, owner) -> None:  # type: ignore[no-untyped-def]
    old = await record_event(db, runtime, owner_of(owner))
    clock.advance(days=29)
    recent = await record_event(db, runtime, owner_of(owner))
    clock.advance(days=1, seconds=1)
    renewed = (await refresh(client, owner.platform, owner.refresh_token)).json()
    headers = {"Authorization": f"Bearer {renewed['access_token']}"}
    listing = (await client.get("/v1/events", headers=headers)).json()["data"]
    assert [e["id"] for e in listing] == [recent]
    assert (await client.get(f"/v1/events/{old}", headers=headers)).status_code == 404
    assert (await client.get(f"/v1/events/{recent}", headers=headers)).status_code == 200
    # And the worker's purge deletes them for good.
    async with db.transaction() as session:
        assert await purge_expired(session, now=clock.now()) == 1
    async with db.transaction() as session:
        remaining = (await session.execute(select(func.count()).select_from(Event))).scalar_one()
    assert remaining == 1


async def test_the_document_lists_exactly_the_type_filters_the_server_takes(client, owner) -> None:  # type: ignore[no-untyped-def]
    document = (await client.get("/openapi.json")).json()
    params = {p["name"]: p["schema"] for p in document["paths"]["/v1/events"]["get"]["parameters"]}
    listed = params["type"]["enum"]
    assert {"*", "receivable.*", "user.onboarding.*", "payment.received"} <= set(listed)
    for event_type in listed:
        response = await client.get(
            "/v1/events", params={"type": event_type}, headers=owner.headers
        )
        assert response.status_code == 200, (event_type, response.text)
    webhook = document["components"]["schemas"]["WebhookCreate"]["properties"]["events"]
    assert webhook["items"]["enum"] == listed
    # Times with or without their offset (UTC), dates and Unix seconds, within the years the
    # server can turn into UTC instants, the day after a date included.
    created = [alt["pattern"] for alt in params["created[gte]"]["anyOf"]]
    accepted = (
        "1900-01-01T00:00:00+23:59",
        "2999-12-31T23:59:59.999999-23:59",
        "2026-01-15T09:00:00",
        "1900-01-01",
        "2999-12-31",
        "9999999999",
    )
    for value in accepted:
        assert any(re.fullmatch(p, value) for p in created), value
        for operator in ("gte", "gt", "lte", "lt"):
            response = await client.get(
                "/v1/events", params={f"created[{operator}]": value}, headers=owner.headers
            )
            assert response.status_code == 200, (operator, value, response.text)
    for value in created_cases.BAD_VALUES:
        if value != "2026-02-30":  # a pattern cannot know the length of each month
            assert not any(re.fullmatch(p, value) for p in created), value
