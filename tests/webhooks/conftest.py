from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from cleavr_connect.clock import FrozenClock
from tests.factories import caller
from tests.webhooks.receiver import Receiver


@pytest.fixture
def clock() -> FrozenClock:
    # Frozen, but at the real time: Standard Webhooks verifiers refuse timestamps more than five
    # minutes away from their own clock.
    return FrozenClock(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    server = await Receiver().start()
    yield server
    await server.stop()


@pytest.fixture
async def owner(client, db, runtime):  # type: ignore[no-untyped-def]
    return await caller(client, db, runtime)
