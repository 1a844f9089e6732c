"""The repository base: a row by id within its owner's scope, locked or not, and by id alone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import inspect

from cleavr_connect.api.created import CreatedRange
from cleavr_connect.api.pagination import PageParams
from cleavr_connect.db.engine import Database
from cleavr_connect.db.repository import PRELOADED, Rows
from cleavr_connect.errors import ValidationError
from cleavr_connect.models import Receivable, User
from cleavr_connect.oauth import repository as oauth_repo
from cleavr_connect.ownership import Owner
from cleavr_connect.receivables import repository as receivables_repo
from cleavr_connect.runtime import Runtime
from cleavr_connect.users import repository as users_repo
from cleavr_connect.users import service as users
from cleavr_connect.users.schemas import UserCreate
from cleavr_connect.webhooks import repository as webhooks_repo
from tests.factories import (
    active_user,
    caller,
    make_account,
    make_platform,
    receivable_body,
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


def _attributes(obj: Any) -> dict[str, tuple[type, Any]]:
    """`_columns` of a `Receivable`, or of a read-only record with its attribute names."""
    names = [p.key for p in Receivable.__mapper__.column_attrs]
    return {name: (type(getattr(obj, name)), getattr(obj, name)) for name in names}


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
            "rendered": await receivables_repo.get_loaded(read, owner, rec["id"], read_only=True),
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
    # To render only: the same values, in a read-only record on PostgreSQL.
    rendered = found["rendered"]
    assert rendered is not None
    assert _attributes(rendered.receivable) == _columns(want.receivable)
    assert rendered.payments == want.payments and rendered.timeline == want.timeline
    # What a later write of the request would need: the instance is a loaded one, detached,
    # under the identity the ORM gives it, with nothing pending.
    for kind in ("user", "webhook"):
        state, orm_state = inspect(found[kind]), inspect(expected[kind])
        assert state.detached and state.key == orm_state.key, kind
        assert not state.modified and not state.committed_state and not state.expired_attributes
    assert inspect(loaded.receivable).key == inspect(want.receivable).key


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


async def test_a_list_page_read_on_the_direct_pool_is_the_orms_page(
    client: httpx.AsyncClient, db: Database, runtime: Runtime
) -> None:
    """A list page of a request that only reads (on PostgreSQL the direct pool, its session
    never begun) holds the receivables the ORM reads for the same query, column for column and
    child for child, whatever the filters and the cursor; another owner's never."""
    claim = await submitted_receivable(client, db, runtime)
    who, user, helper = claim.who, claim.user, claim.helper
    second = await active_user(client, who)
    ids = [claim.receivable["id"]]
    for n, owner_user in enumerate([user, second, second, user]):
        body = receivable_body(owner_user["id"])
        body["invoice"]["numbers"] = [f"LIST-{n}"]
        created = await client.post("/v1/receivables", json=body, headers=who.headers)
        assert created.status_code == 200, created.text
        ids.append(created.json()["id"])
    paid = await client.post(f"{helper}/payments", json={"amount": 10.5}, headers=who.headers)
    assert paid.status_code == 200, paid.text
    cancelled = await client.post(
        f"/v1/receivables/{ids[2]}/cancel", json={"reason": "settled"}, headers=who.headers
    )
    assert cancelled.status_code == 200, cancelled.text
    await caller(client, db, runtime)  # another account's rows beside these
    owner = Owner(who.platform.client_id, who.account.id, False)
    async with db.sessionmaker() as orm:
        first = await receivables_repo.get(orm, owner, ids[0])
        assert first is not None
        since = first.created_at
    # Newest first: created in the same instant (a frozen clock), by id.
    newest = sorted(ids, reverse=True)
    second_s = timedelta(seconds=1)
    # (filters, page, how many receivables the page holds)
    queries: list[tuple[dict[str, Any], PageParams, int]] = [
        ({}, PageParams(10, None, None), 5),
        ({}, PageParams(2, None, None), 2),
        ({}, PageParams(2, newest[1], None), 2),
        ({}, PageParams(2, None, newest[3]), 2),
        ({"user_id": second["id"]}, PageParams(10, None, None), 2),
        ({"status": "cancelled"}, PageParams(10, None, None), 1),
        ({"created": CreatedRange(gte=since, lt=since + second_s)}, PageParams(10, None, None), 5),
        ({"created": CreatedRange(gt=since)}, PageParams(10, None, None), 0),
        (
            {"user_id": user["id"], "created": CreatedRange(gt=since - second_s, lte=since)},
            PageParams(2, None, None),
            2,
        ),
    ]
    for filters, params, size in queries:
        async with db.sessionmaker() as orm:
            want = await receivables_repo.list_page(orm, owner, params, **filters)
        async with db.read_sessionmaker() as read:
            found = await receivables_repo.list_page(read, owner, params, **filters)
            assert read.in_transaction() is (db.direct is None), (filters, params)
        assert found.has_more == want.has_more, (filters, params)
        assert [item.receivable.id for item in found.items] == [
            item.receivable.id for item in want.items
        ], (filters, params)
        assert len(want.items) == size, (filters, params)
        if params.starting_after:
            assert [item.receivable.id for item in found.items] == newest[2:4] and found.has_more
        if params.ending_before:
            assert [item.receivable.id for item in found.items] == newest[1:3] and found.has_more
        for got, expected in zip(found.items, want.items, strict=True):
            assert _attributes(got.receivable) == _columns(expected.receivable)
            assert got.payments == expected.payments and got.timeline == expected.timeline
    # The filters and the cursor mean on the direct pool what they mean through the ORM.
    async with db.read_sessionmaker() as read:
        page = await receivables_repo.list_page(read, owner, PageParams(10, None, None))
        assert {item.receivable.id for item in page.items} == set(ids)
        mine = await receivables_repo.list_page(
            read, owner, PageParams(10, None, None), user_id=second["id"]
        )
        assert {item.receivable.id for item in mine.items} == {ids[2], ids[3]}
        other = Owner(owner.platform_id, owner.account_id, True)
        assert not (await receivables_repo.list_page(read, other, PageParams(10, None, None))).items
        with pytest.raises(ValidationError) as refused:
            await receivables_repo.list_page(read, other, PageParams(10, ids[0], None))
        assert refused.value.errors[0].param == "starting_after"


async def test_a_list_statement_with_a_value_written_in_is_refused(db: Database) -> None:
    """Each list statement on the direct pool is compiled once for every owner: a value written
    into it instead of named would be the first request's for all the others."""
    async with db.read_sessionmaker() as read:
        if db.direct is None:
            pytest.skip("SQLite: no direct pool; its list pages go through the ORM")
        rows = receivables_repo.LOADED.rows
        with pytest.raises(ValueError, match="without a name"):
            await rows.select_rows(
                read,
                "written in",
                lambda entity: rows.owned(*entity).where(Receivable.status == "open"),
                rows.owner_values(Owner("plt_x", "acct_x", False)),
            )
