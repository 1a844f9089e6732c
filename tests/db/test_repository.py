"""The repository base: a row by id within its owner's scope, locked or not, and by id alone."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import inspect

from cleavr_connect.db.engine import Database
from cleavr_connect.db.repository import PRELOADED, Rows
from cleavr_connect.models import User
from cleavr_connect.oauth import repository as oauth_repo
from cleavr_connect.ownership import Owner
from cleavr_connect.receivables import repository as receivables_repo
from cleavr_connect.runtime import Runtime
from cleavr_connect.users import repository as users_repo
from cleavr_connect.users import service as users
from cleavr_connect.users.schemas import UserCreate
from cleavr_connect.webhooks import repository as webhooks_repo
from tests.factories import (
    caller,
    make_account,
    make_platform,
    submitted_receivable,
    user_body,
)

ROWS: Rows[User] = Rows(User)


async def test_a_row_exists_only_for_its_owner(db: Database, runtime: Runtime) -> None:
    platform = await make_platform(db, runtime)
    account = await make_account(db, runtime)
    owner = Owner(platform.client_id, account.id, False)
    async with db.transaction() as session:
        user, _ = await users.create(
            session, runtime, owner, UserCreate.model_validate(user_body())
        )
    others = [
        Owner(platform.client_id, account.id, True),  # the other mode
        Owner(platform.client_id, "acct_other", False),
        Owner("plt_other", account.id, False),
    ]
    async with db.transaction() as session:
        for lock in (False, True):
            found = await ROWS.get(session, owner, user.id, lock=lock)
            assert found is not None and found.id == user.id
            for other in others:
                assert await ROWS.get(session, other, user.id, lock=lock) is None
        assert (await ROWS.get_for_update(session, owner, user.id)) is found
        assert (await ROWS.by_id(session, user.id, lock=True)) is found
        assert await ROWS.get(session, owner, "usr_missing") is None


def _columns(obj: Any) -> dict[str, tuple[type, Any]]:
    mapper = type(obj).__mapper__
    return {p.key: (type(getattr(obj, p.key)), getattr(obj, p.key)) for p in mapper.column_attrs}


async def test_a_read_session_reads_the_same_rows_as_the_orm(
    client: httpx.AsyncClient, db: Database, runtime: Runtime
) -> None:
    """A request that only reads has its row read outside the ORM on PostgreSQL (the direct
    pool, its session never begun): the same objects, the same values of the same types, the
    same children, and nothing of another owner's or deleted."""
    claim = await submitted_receivable(client, db, runtime)
    who, user, rec, helper = claim.who, claim.user, claim.receivable, claim.helper
    await client.post(f"{helper}/advance", json={"days": 10}, headers=who.headers)
    paid = await client.post(f"{helper}/payments", json={"amount": 10.5}, headers=who.headers)
    assert paid.status_code == 200, paid.text
    hook = (
        await client.post(
            "/v1/webhooks",
            json={"url": "https://example.com/hook", "description": "é"},
            headers=who.headers,
        )
    ).json()
    gone = (
        await client.post(
            "/v1/webhooks", json={"url": "https://example.com/gone"}, headers=who.headers
        )
    ).json()
    assert (await client.delete(f"/v1/webhooks/{gone['id']}", headers=who.headers)).is_success
    owner = Owner(who.platform.client_id, who.account.id, False)
    other = Owner(owner.platform_id, owner.account_id, True)
    async with db.sessionmaker() as orm:
        expected = {
            "user": await users_repo.get(orm, owner, user["id"]),
            "webhook": await webhooks_repo.get(orm, owner, hook["id"]),
            "loaded": await receivables_repo.get_loaded(orm, owner, rec["id"]),
        }
    async with db.read_sessionmaker() as read:
        found = {
            "user": await users_repo.get(read, owner, user["id"]),
            "webhook": await webhooks_repo.get(read, owner, hook["id"]),
            "loaded": await receivables_repo.get_loaded(read, owner, rec["id"]),
        }
        assert await users_repo.get(read, other, user["id"]) is None
        assert await webhooks_repo.get(read, owner, gone["id"]) is None
        assert await receivables_repo.get_loaded(read, other, rec["id"]) is None
        assert await receivables_repo.get(read, owner, "rcv_missing") is None
        # PostgreSQL: not one of these reads went through the session.
        assert read.in_transaction() is (db.direct is None)
    for kind in ("user", "webhook"):
        assert _columns(found[kind]) == _columns(expected[kind]), kind
    loaded, want = found["loaded"], expected["loaded"]
    assert loaded is not None and want is not None
    assert _columns(loaded.receivable) == _columns(want.receivable)
    assert loaded.payments == want.payments and len(loaded.payments) == 1
    assert loaded.timeline == want.timeline and len(loaded.timeline) >= 2
    # What a later write of the request would need: the instance is a loaded one, detached.
    assert inspect(found["user"]).detached


async def test_the_row_a_bearer_read_brings_is_the_repositorys_own(
    client: httpx.AsyncClient, db: Database, runtime: Runtime
) -> None:
    """The row joined to the bearer read under the token's owner (`access_token_row_and`) is
    what the repository's read gives, for that read only, once; another owner's row, or a
    deleted one, is not there. Without the direct pool (SQLite) nothing comes along."""
    claim = await submitted_receivable(client, db, runtime)
    who, user, rec, helper = claim.who, claim.user, claim.receivable, claim.helper
    paid = await client.post(f"{helper}/payments", json={"amount": 10.5}, headers=who.headers)
    assert paid.status_code == 200, paid.text
    hook = (
        await client.post(
            "/v1/webhooks", json={"url": "https://example.com/hook"}, headers=who.headers
        )
    ).json()
    other = await caller(client, db, runtime)
    owner = Owner(who.platform.client_id, who.account.id, False)
    digest = runtime.keys.hash_token(who.token)
    reads = [
        (receivables_repo.LOADED, rec["id"]),
        (users_repo.BY_ID, user["id"]),
        (webhooks_repo.BY_ID, hook["id"]),
    ]
    for read, row_id in reads:
        head, preloaded = await oauth_repo.access_token_row_and(db, digest, read, row_id)
        assert head == await oauth_repo.access_token_row(db, digest)
        if db.direct is None:
            assert preloaded is None
            continue
        assert preloaded is not None and preloaded.owner == owner
        async with db.read_sessionmaker() as plain, db.read_sessionmaker() as joined:
            joined.info[PRELOADED] = preloaded
            if read.columns is None:
                want: Any = await read.rows.get(plain, owner, row_id)
                got: Any = await read.rows.get(joined, owner, row_id)
                assert _columns(got) == _columns(want)
            else:
                want = await receivables_repo.get_loaded(plain, owner, row_id)
                got = await receivables_repo.get_loaded(joined, owner, row_id)
                assert got is not None and want is not None
                assert _columns(got.receivable) == _columns(want.receivable)
                assert got.payments == want.payments and len(got.payments) == 1
                assert got.timeline == want.timeline
            assert PRELOADED not in joined.info  # taken once
        # Another owner's token finds nothing under its owner, nor a missing id.
        theirs = runtime.keys.hash_token(other.token)
        for digest_, id_ in ((theirs, row_id), (digest, "xyz_missing")):
            head, preloaded = await oauth_repo.access_token_row_and(db, digest_, read, id_)
            assert head is not None and preloaded is not None and preloaded.values is None
    # A preloaded row answers only the read, owner and id it was read for.
    _, preloaded = await oauth_repo.access_token_row_and(db, digest, users_repo.BY_ID, user["id"])
    if preloaded is not None:
        live = Owner(owner.platform_id, owner.account_id, True)
        async with db.read_sessionmaker() as session:
            session.info[PRELOADED] = preloaded
            assert await users_repo.get(session, live, user["id"]) is None
            assert await webhooks_repo.get(session, owner, user["id"]) is None
            assert PRELOADED in session.info
    unknown = await oauth_repo.access_token_row_and(db, "unknown", users_repo.BY_ID, user["id"])
    assert unknown == (None, None)
