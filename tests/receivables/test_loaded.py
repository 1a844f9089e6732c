"""A receivable's payments and timeline read in its own statement are the rows the ORM loads,
value for value and type for type, and render to the same bytes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect

from cleavr_connect import wire
from cleavr_connect.db.engine import Database
from cleavr_connect.models import Payment, Receivable
from cleavr_connect.models import ReceivableAction as Action
from cleavr_connect.receivables import rendering
from cleavr_connect.receivables import repository as repo
from cleavr_connect.runtime import Runtime
from tests.factories import active_user, caller, receivable_body, submitted_receivable


def _values(obj: Any, model: Any) -> dict[str, Any]:
    """Every column attribute of `model`, read from `obj` (an ORM row or a read-only record)."""
    return {attr.key: getattr(obj, attr.key) for attr in inspect(model).column_attrs}


def _types(obj: Any, model: Any) -> dict[str, type]:
    return {key: type(value) for key, value in _values(obj, model).items()}


async def test_children_read_with_the_receivable_equal_the_orm_rows(
    client, db: Database, runtime: Runtime
) -> None:  # type: ignore[no-untyped-def]
    # Another receivable with a payment of its own: its rows must never be read as this one's.
    other = await submitted_receivable(client, db, runtime)
    who, user = other.who, other.user
    other_paid = await client.post(
        f"{other.helper}/payments", json={"amount": 7}, headers=who.headers
    )
    assert other_paid.status_code == 200, other_paid.text
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    helper = f"/v1/test_helpers/receivables/{rec['id']}"
    await client.post(f"{helper}/advance", json={"days": 10}, headers=who.headers)
    for amount in (100, 50.5):
        paid = await client.post(f"{helper}/payments", json={"amount": amount}, headers=who.headers)
        assert paid.status_code == 200, paid.text
    disputed = await client.post(
        f"{helper}/dispute", json={"reason": "Déjà payé à 50 %"}, headers=who.headers
    )
    assert disputed.status_code == 200, disputed.text

    async with db.transaction() as session:
        stored = await session.get(Receivable, rec["id"])
        assert stored is not None
        payments = await repo.payments(session, stored.id)
        timeline = await repo.timeline(session, stored.id)
        reads = [
            await repo.children(session, stored),
            await repo.get_loaded(session, rendering.owner_of(stored), stored.id),
        ]
        await runtime.rates.refresh(session)
        by_orm = wire.dumpb(rendering.shape(runtime, stored, payments, timeline))
    assert len(payments) == 2 and len(timeline) > 4
    for read in reads:
        assert read is not None and read.receivable is stored
        for model, records, rows in (
            (Payment, read.payments, payments),
            (Action, read.timeline, timeline),
        ):
            assert [_values(r, model) for r in records] == [_values(r, model) for r in rows]
            assert [_types(r, model) for r in records] == [_types(r, model) for r in rows]
            # Nothing beyond the model's columns: a renderer reads what it would read from rows.
            assert all(len(r) == len(inspect(model).column_attrs) for r in records)
        assert wire.dumpb(rendering.shape(runtime, stored, read.payments, read.timeline)) == by_orm


async def test_each_receivable_is_read_with_its_own_payments_only(
    client, db: Database, runtime: Runtime
) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    paid = {}
    for amount in ("11", "22", None):
        rec = await client.post(
            "/v1/receivables", json=receivable_body(user["id"]), headers=who.headers
        )
        rid = rec.json()["id"]
        paid[rid] = [] if amount is None else [amount]
        if amount is not None:
            done = await client.post(
                f"/v1/test_helpers/receivables/{rid}/payments",
                json={"amount": amount},
                headers=who.headers,
            )
            assert done.status_code == 200, done.text

    def recovered(body: dict[str, Any]) -> float:
        return float(body["amounts"]["amount_recovered"])

    expected = {rid: sum(float(a) for a in amounts) for rid, amounts in paid.items()}
    for rid, amount in expected.items():
        one = (await client.get(f"/v1/receivables/{rid}", headers=who.headers)).json()
        assert recovered(one) == amount
        listed = await client.get(f"/v1/receivables/{rid}/payments", headers=who.headers)
        assert [float(p["amount"]) for p in listed.json()["data"]] == [float(a) for a in paid[rid]]
    page = (await client.get("/v1/receivables?limit=100", headers=who.headers)).json()["data"]
    assert {item["id"]: recovered(item) for item in page} == expected
