"""`cleavr-connect users approve|reject`: the live-mode KYB review."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from cleavr_connect.models import Event
from tests.conftest import SECRET_KEY
from tests.factories import caller, create_user


def _run(db_url: str, data_dir, *args: str) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLEAVR_")}
    env.update(
        CLEAVR_DATABASE_URL=db_url,
        CLEAVR_DATA_DIR=str(data_dir),
        CLEAVR_SECRET_KEY=SECRET_KEY.decode(),
        CLEAVR_BASE_URL="http://testserver",
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "cleavr_connect", *args, "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.returncode, json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("outcome", ["approve", "reject"])
async def test_operator_decides_a_live_user(client, db, runtime, db_url, data_dir, outcome) -> None:  # type: ignore[no-untyped-def]
    live = await caller(client, db, runtime, livemode=True)
    user = await create_user(client, live)
    extra = ["--reason", "SIRET closed"] if outcome == "reject" else []
    code, out = _run(db_url, data_dir, "users", outcome, user["id"], *extra)
    assert code == 0, out
    expected = "active" if outcome == "approve" else "rejected"
    assert out == {"id": user["id"], "status": expected, "livemode": True}
    fetched = (await client.get(f"/v1/users/{user['id']}", headers=live.headers)).json()
    assert fetched["status"] == expected
    if outcome == "reject":
        assert fetched["requirements"]["errors"][0]["message"] == "SIRET closed"
    async with db.transaction() as session:
        types = set((await session.execute(select(Event.type))).scalars())
    assert (
        "user.onboarding.completed" if outcome == "approve" else "user.onboarding.rejected"
    ) in types
    # a second decision is an illegal transition
    code, out = _run(db_url, data_dir, "users", "approve", user["id"])
    assert code == 1 and out["error"]["code"] == "invalid_state_transition"


async def test_unknown_user(db, db_url, data_dir) -> None:  # type: ignore[no-untyped-def]
    code, out = _run(db_url, data_dir, "users", "approve", "usr_clv_nope")
    assert code == 1 and out["error"]["code"] == "resource_missing"
