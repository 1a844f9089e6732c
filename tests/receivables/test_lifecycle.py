"""Every legal and illegal status change, table-driven (SPEC §7)."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select, update

from cleavr_connect.errors import ConflictError
from cleavr_connect.models import Event, Receivable
from cleavr_connect.receivables import lifecycle
from cleavr_connect.receivables import service as receivables
from tests.factories import active_user, caller, receivable_body

# from → the statuses it may move to; everything else must be refused.
LEGAL = {
    "processing": {"draft", "pending", "cancelled"},
    "draft": {"pending", "cancelled"},
    "pending": {"in_recovery", "disputed", "cancelled", "closed"},
    "in_recovery": {"recovered", "closed", "disputed", "cancelled"},
    "disputed": {"in_recovery", "closed", "cancelled"},
    "recovered": set(),
    "closed": set(),
    "cancelled": set(),
}
PAIRS = list(itertools.product(LEGAL, LEGAL))


@pytest.mark.parametrize(("current", "target"), PAIRS)
def test_the_table(current: str, target: str) -> None:
    assert lifecycle.can_move(current, target) is (target in LEGAL[current])


async def test_every_transition_through_the_service(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec_id = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()["id"]
    for current, target in PAIRS:
        async with db.transaction() as session:
            await session.execute(
                update(Receivable).where(Receivable.id == rec_id).values(status=current)
            )
        async with db.sessionmaker() as session:
            rec = await session.get(Receivable, rec_id)
            if target in LEGAL[current]:

                async def matching(current: str = current, target: str = target) -> int:
                    rows = (
                        await session.execute(
                            select(Event).where(Event.type == "receivable.status_updated")
                        )
                    ).scalars()
                    return sum(
                        1
                        for e in rows
                        if e.data.get("previous_attributes") == {"status": current}
                        and e.data["object"]["status"] == target
                    )

                already = await matching()
                await receivables.transition(
                    session, runtime, rec, target, outcome="unrecoverable", reason="r"
                )
                assert rec.status == target
                assert await matching() == already + 1, (current, target)
            else:
                with pytest.raises(ConflictError) as caught:
                    await receivables.transition(
                        session, runtime, rec, target, outcome="unrecoverable"
                    )
                assert caught.value.code == "invalid_state_transition"
                assert caught.value.status_code == 409
            await session.rollback()


async def test_illegal_transition_over_http_is_409(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    url = f"/v1/test_helpers/receivables/{rec['id']}"
    resolve = await client.post(
        f"{url}/resolve_dispute", json={"outcome": "resume"}, headers=who.headers
    )
    assert (
        resolve.status_code == 409 and resolve.json()["error"]["code"] == "invalid_state_transition"
    )
    disputed = await client.post(
        f"{url}/dispute", json={"reason": "Goods never delivered"}, headers=who.headers
    )
    assert disputed.json()["status"] == "disputed" and disputed.json()["next_action_at"] is None
    again = await client.post(f"{url}/dispute", json={"reason": "again"}, headers=who.headers)
    assert again.status_code == 409
    resumed = await client.post(
        f"{url}/resolve_dispute", json={"outcome": "resume"}, headers=who.headers
    )
    assert (
        resumed.json()["status"] == "in_recovery" and resumed.json()["next_action_at"] is not None
    )
    await client.post(f"{url}/dispute", json={"reason": "third"}, headers=who.headers)
    closed = await client.post(
        f"{url}/resolve_dispute", json={"outcome": "close"}, headers=who.headers
    )
    assert closed.json()["status"] == "closed" and closed.json()["outcome"] == "escalation_required"
    async with db.transaction() as session:
        types = list(
            (
                await session.execute(select(Event.type).where(Event.object_id == rec["id"]))
            ).scalars()
        )
    assert types.count("receivable.disputed") == 2 and types.count("receivable.closed") == 1
