"""The shared path of every `/v1` read: its statements run without a transaction around them
(no BEGIN/COMMIT round trips), a write keeps its one transaction, and the one-row read every
detail endpoint starts from stays scoped to the token's owner."""

from __future__ import annotations

import pytest
from fastapi import APIRouter
from sqlalchemy import text

from cleavr_connect.web.deps import SessionDep
from tests.factories import active_user, caller, create_user, make_platform, receivable_body

# In PostgreSQL a statement outside a transaction is a transaction of its own: two statements
# get two transaction ids. Inside one transaction they get the same.
_XID = "SELECT txid_current()"


@pytest.fixture
def probe(app, db):  # type: ignore[no-untyped-def]
    if db.dialect != "postgresql":
        pytest.skip("SQLite: no transaction ids to compare")
    router = APIRouter()

    async def answer(session: SessionDep) -> dict[str, bool]:
        first = (await session.execute(text(_XID))).scalar_one()
        second = (await session.execute(text(_XID))).scalar_one()
        return {"alone": first != second}

    router.add_api_route("/v1/_test/alone", answer, methods=["GET", "POST"])
    app.fastapi.include_router(router)


async def test_a_read_runs_each_statement_alone_and_a_write_in_one_transaction(
    client, db, runtime, probe
) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    read = await client.get("/v1/_test/alone", headers=who.headers)
    assert read.status_code == 200 and read.json() == {"alone": True}
    write = await client.post("/v1/_test/alone", json={}, headers=who.headers)
    assert write.status_code == 200 and write.json() == {"alone": False}


async def test_the_one_row_read_is_scoped_to_the_owner(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    platform = await make_platform(db, runtime)
    first = await caller(client, db, runtime, platform=platform)
    second = await caller(client, db, runtime, platform=platform)  # same platform, other account
    user = await create_user(client, first)
    mine = await client.get(f"/v1/users/{user['id']}", headers=first.headers)
    assert mine.status_code == 200 and mine.json()["id"] == user["id"]
    theirs = await client.get(f"/v1/users/{user['id']}", headers=second.headers)
    assert theirs.status_code == 404
    assert theirs.json()["error"]["param"] == "id"


async def test_a_detail_read_by_id_answers_as_its_token_and_owner_decide(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    """The bearer read brings the declared row along (PostgreSQL, `api.routing.reads_row`): the
    token still decides first and at once (revoked: 401 on the next read), only the token's own
    owner's row is ever shown, a missing scope is a 403, a refused character a 400."""
    platform = await make_platform(db, runtime)
    first = await caller(client, db, runtime, platform=platform)
    second = await caller(client, db, runtime, platform=platform)  # same platform, other account
    narrow = await caller(client, db, runtime, platform=platform, scope="users:read")
    user = await active_user(client, first)
    hook = (
        await client.post(
            "/v1/webhooks", json={"url": "https://example.com/hook"}, headers=first.headers
        )
    ).json()
    rec = (
        await client.post(
            "/v1/receivables", json=receivable_body(user["id"]), headers=first.headers
        )
    ).json()
    paths = {
        f"/v1/users/{user['id']}": user["id"],
        f"/v1/receivables/{rec['id']}": rec["id"],
        f"/v1/webhooks/{hook['id']}": hook["id"],
    }
    for path, row_id in paths.items():
        mine = await client.get(path, headers=first.headers)
        assert mine.status_code == 200 and mine.json()["id"] == row_id, path
    for path in (f"/v1/users/{user['id']}", f"/v1/receivables/{rec['id']}"):
        theirs = await client.get(path, headers=second.headers)
        assert theirs.status_code == 404 and theirs.json()["error"]["param"] == "id", path
    # Webhook endpoints belong to the platform, whichever account the token acts for.
    assert (await client.get(f"/v1/webhooks/{hook['id']}", headers=second.headers)).is_success
    refused = await client.get(f"/v1/receivables/{rec['id']}", headers=narrow.headers)
    assert refused.status_code == 403, refused.text
    bad = await client.get("/v1/receivables/rcv_%00x", headers=first.headers)
    assert bad.status_code == 400, bad.text
    error = bad.json()["error"]
    assert (error["param"], error["errors"][0]["code"]) == ("path", "invalid_characters")
    revoked = await client.post(
        "/oauth/revoke", data={"token": first.token, **first.platform.post_auth()}
    )
    assert revoked.status_code == 200
    for path in paths:
        gone = await client.get(path, headers=first.headers)
        assert gone.status_code == 401 and gone.json()["error"]["code"] == "invalid_token", path
        assert 'error="invalid_token"' in gone.headers["www-authenticate"]
