"""The repository base: a row by id within its owner's scope, locked or not, and by id alone."""

from __future__ import annotations

from cleavr_connect.db.engine import Database
from cleavr_connect.db.repository import Rows
from cleavr_connect.models import User
from cleavr_connect.ownership import Owner
from cleavr_connect.runtime import Runtime
from cleavr_connect.users import service as users
from cleavr_connect.users.schemas import UserCreate
from tests.factories import make_account, make_platform, user_body

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
