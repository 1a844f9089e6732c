"""A refused update leaves the user as it was, in the session too (not only after rollback)."""

from __future__ import annotations

import pytest

from cleavr_connect.api.validation import MAX_METADATA_KEYS
from cleavr_connect.db.engine import Database
from cleavr_connect.errors import ValidationError
from cleavr_connect.ownership import Owner
from cleavr_connect.runtime import Runtime
from cleavr_connect.users import service as users
from cleavr_connect.users.schemas import UserCreate, UserUpdate
from tests.factories import make_account, make_platform, user_body


async def test_a_refused_update_changes_nothing(db: Database, runtime: Runtime) -> None:
    platform = await make_platform(db, runtime)
    account = await make_account(db, runtime)
    owner = Owner(platform.client_id, account.id, False)
    async with db.transaction() as session:
        user, _ = await users.create(
            session, runtime, owner, UserCreate.model_validate(user_body())
        )
    email, metadata = user.email, dict(user.metadata_ or {})
    too_many = {f"k{i}": "v" for i in range(MAX_METADATA_KEYS + 1)}
    async with db.sessionmaker() as session:
        with pytest.raises(ValidationError) as refused:
            await users.update(
                session,
                runtime,
                owner,
                user.id,
                UserUpdate.model_validate(
                    {"email": "new@acme.example", "platform": {"metadata": too_many}}
                ),
            )
        assert refused.value.errors[0].code == "metadata_too_many_keys"
        in_session = await users.get(session, owner, user.id)
        assert in_session.email == email and dict(in_session.metadata_ or {}) == metadata
        await session.rollback()
