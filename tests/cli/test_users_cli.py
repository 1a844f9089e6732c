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


async def test_operator_records_a_payment(client, db, runtime, db_url, data_dir) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import active_user, receivable_body

    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    code, out = _run(
        db_url,
        data_dir,
        "payments",
        "record",
        rec["id"],
        "--amount",
        "200.00",
        "--paid-at",
        "2026-01-20",
    )
    assert code == 0, out
    # Submitted 2026-01-15, 45 days after the due date: 15.90 % fixed then, whatever the
    # payment's date. 200.00 × 15.90 % = 31.80, VAT 20 % = 6.36, net 200 − 38.16 = 161.84.
    assert out["amount"] == 200.0 and out["days_overdue"] == 50
    assert (out["commission_rate"], out["commission"], out["commission_vat"]) == (15.9, 31.8, 6.36)
    assert out["net"] == 161.84
    assert out["receivable_status"] == "in_recovery"
    fetched = (await client.get(f"/v1/receivables/{rec['id']}", headers=who.headers)).json()
    assert fetched["amounts"]["amount_recovered"] == 200.0
    code, out = _run(db_url, data_dir, "payments", "record", rec["id"], "--amount", "abc")
    assert code == 1 and out["error"]["param"] == "amount"
    code, out = _run(
        db_url,
        data_dir,
        "payments",
        "record",
        rec["id"],
        "--amount",
        "1",
        "--paid-at",
        "2026-01-10",
    )
    assert code == 1 and out["error"]["code"] == "paid_before_submission"
    assert out["error"]["param"] == "paid_at"
    code, out = _run(db_url, data_dir, "payments", "record", "rec_nope", "--amount", "1")
    assert code == 1 and out["error"]["code"] == "resource_missing"


async def test_operator_sets_a_platform_commission_table(
    client, db, runtime, db_url, data_dir
) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime, scope="commission:read")
    code, out = _run(
        db_url,
        data_dir,
        "platforms",
        "set-rates",
        who.platform.client_id,
        "--rates",
        "0:9.80,45:14.90,90:19.60,180:24.70,365:26.50,547:28.50",
        "--effective-from",
        "2026-01-01",
    )
    assert code == 0, out
    assert out["bands"][1] == {"min_days": 45, "max_days": 89, "rate": 14.9}
    rates = (await client.get("/v1/commission/rates", headers=who.headers)).json()
    assert [b["rate"] for b in rates["bands"]] == [9.8, 14.9, 19.6, 24.7, 26.5, 28.5]
    code, out = _run(
        db_url, data_dir, "platforms", "set-rates", who.platform.client_id, "--rates", "10:5"
    )
    assert code == 1 and out["error"]["code"] == "invalid_rates"


async def test_operator_sets_a_rate_for_a_half_year(db, db_url, data_dir) -> None:  # type: ignore[no-untyped-def]
    code, out = _run(
        db_url, data_dir, "rates", "set", "legal", "--from", "2026-07-01", "--rate", "2.50"
    )
    assert code == 0, out
    assert (out["kind"], out["effective_from"], out["rate"]) == ("legal", "2026-07-01", "2.50")
    code, out = _run(db_url, data_dir, "rates", "show")
    assert code == 0 and {"effective_from": "2026-07-01", "rate": "2.50"} in out["legal"]
    code, out = _run(db_url, data_dir, "rates", "set", "ecb", "--from", "2026-03-01", "--rate", "2")
    assert code == 1 and out["error"]["code"] == "invalid_half_year"
    for bad in ("x", "-1", "-0.01", "101", "NaN"):
        code, out = _run(
            db_url, data_dir, "rates", "set", "legal", "--from", "2027-01-01", "--rate", bad
        )
        assert code == 1 and out["error"]["code"] == "invalid_rate", bad
        assert out["error"]["param"] == "rate"
    code, out = _run(db_url, data_dir, "rates", "show")
    assert not any(r["effective_from"] == "2027-01-01" for r in out["legal"])
