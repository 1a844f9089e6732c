"""The back office's recurring pass: live receivables enter recovery without any API call."""

from __future__ import annotations

from cleavr_connect import backoffice
from cleavr_connect.users import repository, service
from tests.factories import caller, create_user, receivable_body


async def test_a_pass_accepts_live_receivables_and_pays_payouts(client, db, runtime, clock) -> None:  # type: ignore[no-untyped-def]
    live = await caller(client, db, runtime, livemode=True)
    user = await create_user(client, live)
    async with db.transaction() as session:
        await service.decide(
            session, runtime, await repository.by_id_unscoped(session, user["id"]), "approved"
        )
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=live.headers)
    ).json()
    assert rec["status"] == "pending"
    done = await backoffice.run_once(db, runtime)
    assert done["playbook_steps"] == 2  # accepted, first reminder
    fetched = (await client.get(f"/v1/receivables/{rec['id']}", headers=live.headers)).json()
    assert fetched["status"] == "in_recovery"
    assert (await backoffice.run_once(db, runtime))["playbook_steps"] == 0  # nothing more due
    clock.advance(days=7)
    assert (await backoffice.run_once(db, runtime))["playbook_steps"] == 1  # second reminder
