"""The conventions every /v1 endpoint shares (SPEC §4)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from fastapi import APIRouter
from sqlalchemy import func, insert, select, update

from cleavr_connect.api.deps import OwnerDep
from cleavr_connect.models import Event, Platform, User
from cleavr_connect.ratelimit import MemoryRateLimiter, RedisRateLimiter
from cleavr_connect.users import service as users
from cleavr_connect.users.schemas import UserCreate
from cleavr_connect.web.deps import RuntimeDep, SessionDep
from tests.factories import caller, create_user, refresh, user_body


@pytest.fixture
async def owner(client, db, runtime):  # type: ignore[no-untyped-def]
    return await caller(client, db, runtime)


async def _count(db, model) -> int:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


# -- versions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["2025-08-28", "2026-01-02"])
async def test_known_versions_are_echoed(client, owner, version: str) -> None:  # type: ignore[no-untyped-def]
    response = await client.get("/v1/me", headers={**owner.headers, "Cleavr-Version": version})
    assert response.status_code == 200
    assert response.headers["cleavr-version"] == version


async def test_absent_header_uses_the_platforms_pinned_version(client, db, owner) -> None:  # type: ignore[no-untyped-def]
    response = await client.get("/v1/me", headers=owner.headers)
    assert response.headers["cleavr-version"] == "2026-01-02"  # pinned to the latest at creation
    async with db.transaction() as session:
        await session.execute(
            update(Platform)
            .where(Platform.id == owner.platform.client_id)
            .values(api_version="2025-08-28")
        )
    response = await client.get("/v1/me", headers=owner.headers)
    assert response.headers["cleavr-version"] == "2025-08-28"


async def test_unknown_version_is_400(client, owner) -> None:  # type: ignore[no-untyped-def]
    response = await client.get("/v1/me", headers={**owner.headers, "Cleavr-Version": "2024-01-01"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_api_version" and error["param"] == "Cleavr-Version"
    assert response.headers["cleavr-version"] == "2026-01-02"


async def test_errors_carry_the_version_and_request_id_too(client) -> None:  # type: ignore[no-untyped-def]
    response = await client.get("/v1/users", headers={"Cleavr-Version": "2025-08-28"})
    assert response.status_code == 401
    assert response.headers["cleavr-version"] == "2025-08-28"
    assert response.headers["request-id"] == response.json()["error"]["request_id"]


# -- idempotency ------------------------------------------------------------------------------


async def test_idempotent_replay_returns_the_first_response(client, db, owner) -> None:  # type: ignore[no-untyped-def]
    body = user_body()
    headers = {**owner.headers, "Idempotency-Key": "create-acme-1"}
    first = await client.post("/v1/users", json=body, headers=headers)
    second = await client.post("/v1/users", json=body, headers=headers)
    assert first.status_code == second.status_code == 200
    assert second.json() == first.json()
    assert second.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert await _count(db, User) == 1


async def test_same_key_with_another_body_is_refused(client, db, owner) -> None:  # type: ignore[no-untyped-def]
    headers = {**owner.headers, "Idempotency-Key": "k-2"}
    await client.post("/v1/users", json=user_body(), headers=headers)
    response = await client.post("/v1/users", json=user_body(), headers=headers)
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "idempotency_error"
    assert await _count(db, User) == 1


async def test_concurrent_requests_with_one_key_create_one_object(client, db, owner) -> None:  # type: ignore[no-untyped-def]
    body = user_body()
    headers = {**owner.headers, "Idempotency-Key": "race"}
    responses = await asyncio.gather(
        *[client.post("/v1/users", json=body, headers=headers) for _ in range(5)]
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(200) >= 1
    assert set(statuses) <= {200, 409}
    assert await _count(db, User) == 1
    ids = {r.json()["id"] for r in responses if r.status_code == 200}
    assert len(ids) == 1
    for r in responses:
        if r.status_code == 409:
            assert r.json()["error"]["code"] == "idempotency_key_in_use"


async def test_keys_are_scoped_to_the_grant(client, db, runtime, owner) -> None:  # type: ignore[no-untyped-def]
    other = await caller(client, db, runtime)
    body = user_body()
    a = await client.post(
        "/v1/users", json=body, headers={**owner.headers, "Idempotency-Key": "shared"}
    )
    b = await client.post(
        "/v1/users", json=body, headers={**other.headers, "Idempotency-Key": "shared"}
    )
    assert a.json()["id"] != b.json()["id"]


async def test_a_refusal_is_replayed_and_keys_expire_after_24_hours(
    client, db, clock, owner
) -> None:  # type: ignore[no-untyped-def]
    headers = {**owner.headers, "Idempotency-Key": "bad-one"}
    bad = user_body(email="nope")
    first = await client.post("/v1/users", json=bad, headers=headers)
    again = await client.post("/v1/users", json=bad, headers=headers)
    assert first.status_code == again.status_code == 400
    assert again.headers["idempotent-replayed"] == "true"
    clock.advance(hours=24, seconds=1)
    renewed = (await refresh(client, owner.platform, owner.refresh_token)).json()
    headers["Authorization"] = f"Bearer {renewed['access_token']}"
    fresh = await client.post("/v1/users", json=user_body(), headers=headers)
    assert fresh.status_code == 200 and "idempotent-replayed" not in fresh.headers


# -- transactions -----------------------------------------------------------------------------


@pytest.fixture
async def failing_routes(app):  # type: ignore[no-untyped-def]
    router = APIRouter()

    @router.post("/v1/_test/create-then-fail")
    async def create_then_fail(owner: OwnerDep, session: SessionDep, rt: RuntimeDep) -> None:
        await users.create(session, rt, owner, UserCreate(email="half@written.example"))
        raise RuntimeError("boom after the write")

    @router.post("/v1/_test/create-then-refuse")
    async def create_then_refuse(owner: OwnerDep, session: SessionDep, rt: RuntimeDep) -> None:
        from cleavr_connect.errors import ConflictError

        await users.create(session, rt, owner, UserCreate(email="half@written.example"))
        raise ConflictError("refused after the write")

    app.fastapi.include_router(router)
    return app


@pytest.mark.parametrize(
    ("path", "status"), [("create-then-fail", 500), ("create-then-refuse", 409)]
)
async def test_a_failed_request_leaves_neither_change_nor_event(
    client, db, owner, failing_routes, path, status
) -> None:  # type: ignore[no-untyped-def]
    response = await client.post(
        f"/v1/_test/{path}", headers={**owner.headers, "Idempotency-Key": path}
    )
    assert response.status_code == status
    assert "boom" not in response.text
    assert await _count(db, User) == 0
    assert await _count(db, Event) == 0


# -- rate limits ------------------------------------------------------------------------------


async def test_rate_limit_per_grant_with_headers(client, db, runtime, clock, owner) -> None:  # type: ignore[no-untyped-def]
    runtime.settings = runtime.settings.with_overrides(rate_limit_test=3)
    responses = [await client.get("/v1/me", headers=owner.headers) for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert responses[0].headers["ratelimit-limit"] == "3"
    assert responses[0].headers["ratelimit-remaining"] == "2"
    limited = responses[3]
    assert limited.json()["error"]["type"] == "rate_limit_error"
    assert int(limited.headers["retry-after"]) >= 1
    other = await caller(client, db, runtime)  # another grant has its own budget
    assert (await client.get("/v1/me", headers=other.headers)).status_code == 200
    clock.advance(seconds=1)
    assert (await client.get("/v1/me", headers=owner.headers)).status_code == 200


async def test_rate_limiters_in_process_and_shared_through_redis(clock) -> None:  # type: ignore[no-untyped-def]
    import secrets

    memory = MemoryRateLimiter(clock)
    assert [(await memory.hit("g", 2)).allowed for _ in range(3)] == [True, True, False]
    url = "redis://127.0.0.1:6379/15"
    one, two = RedisRateLimiter(url, clock), RedisRateLimiter(url, clock)
    key = "grant-" + secrets.token_hex(4)
    assert (await one.hit(key, 2)).allowed
    assert (await two.hit(key, 2)).allowed
    third = await one.hit(key, 2)
    assert not third.allowed and third.remaining == 0
    await one.close()
    await two.close()


# -- pagination -------------------------------------------------------------------------------


async def test_pagination_over_1000_users_both_ways_without_gaps_or_repeats(
    client, db, clock, owner
) -> None:  # type: ignore[no-untyped-def]
    me = (await client.get("/v1/me", headers=owner.headers)).json()
    base = clock.now()
    rows = []
    for i in range(1000):
        # groups of equal timestamps exercise the id tie-break
        created = base - timedelta(seconds=i // 7)
        rows.append(
            {
                "id": f"usr_clv_test_{i:05d}x",
                "platform_id": me["platform_id"],
                "account_id": me["account_id"],
                "livemode": False,
                "email": f"u{i}@example.com",
                "status": "pending_onboarding",
                "company": {},
                "contact": {},
                "representative": {},
                "metadata": {},
                "review_errors": [],
                "created_at": created,
                "updated_at": created,
            }
        )
    async with db.transaction() as session:
        await session.execute(insert(User), rows)
    expected = [
        r["id"] for r in sorted(rows, key=lambda r: (r["created_at"], r["id"]), reverse=True)
    ]

    seen: list[str] = []
    params: dict[str, object] = {"limit": 37}
    while True:
        page = (await client.get("/v1/users", params=params, headers=owner.headers)).json()
        seen.extend(u["id"] for u in page["data"])
        if not page["has_more"]:
            break
        params = {"limit": 37, "starting_after": page["data"][-1]["id"]}
    assert seen == expected

    back: list[str] = []
    params = {"limit": 100, "ending_before": expected[-1]}
    while True:
        page = (await client.get("/v1/users", params=params, headers=owner.headers)).json()
        back = [u["id"] for u in page["data"]] + back
        if not page["has_more"]:
            break
        params = {"limit": 100, "ending_before": page["data"][0]["id"]}
    assert back == expected[:-1]


async def test_both_cursors_at_once_is_400(client, owner) -> None:  # type: ignore[no-untyped-def]
    user = await create_user(client, owner)
    response = await client.get(
        "/v1/users",
        params={"starting_after": user["id"], "ending_before": user["id"]},
        headers=owner.headers,
    )
    assert response.status_code == 400 and response.json()["error"]["param"] == "ending_before"


# -- documentation ----------------------------------------------------------------------------


async def test_openapi_describes_endpoints_fields_errors_and_headers(client) -> None:  # type: ignore[no-untyped-def]
    doc = (await client.get("/openapi.json")).json()
    assert doc["openapi"] == "3.1.0"
    post = doc["paths"]["/v1/users"]["post"]
    assert {"400", "401", "403", "409", "429"} <= set(post["responses"])
    assert "422" not in post["responses"]
    names = [p["name"] for p in post["parameters"]]
    assert "Cleavr-Version" in names and "Idempotency-Key" in names
    assert "ErrorEnvelope" in doc["components"]["schemas"]
    assert "UserCreate" in doc["components"]["schemas"]
    assert "invalid_api_version" in doc["info"]["description"]
    assert doc["components"]["securitySchemes"]["oauth2"]["flows"]["authorizationCode"]["scopes"]
    page = await client.get("/docs")
    assert page.status_code == 200 and "swagger" in page.text.lower()


async def test_stored_replays_are_encrypted_and_still_replay(client, db, owner) -> None:  # type: ignore[no-untyped-def]
    from cleavr_connect.models import IdempotencyKey

    headers = {**owner.headers, "Idempotency-Key": "hook-1"}
    body = {"url": "https://hooks.example/cleavr", "events": ["*"]}
    first = await client.post("/v1/webhooks", json=body, headers=headers)
    assert first.status_code == 200, first.text
    secret = first.json()["secret"]
    again = await client.post("/v1/webhooks", json=body, headers=headers)
    assert again.headers["idempotent-replayed"] == "true" and again.json() == first.json()
    async with db.transaction() as session:
        stored = (await session.execute(select(IdempotencyKey.response_body))).scalars().all()
    assert stored and all(secret not in row for row in stored)
