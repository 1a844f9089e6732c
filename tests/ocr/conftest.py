"""What the OCR tests that go through the API share: a caller and its active user."""

from __future__ import annotations

import pytest

from tests.factories import active_user, caller


@pytest.fixture
async def owner(client, db, runtime):  # type: ignore[no-untyped-def]
    return await caller(client, db, runtime)


@pytest.fixture
async def user(client, owner):  # type: ignore[no-untyped-def]
    return await active_user(client, owner)
