"""The user's `payment_plan_policy`: shown with its defaults, changed field by field through the
user update, refused with the field named."""

from __future__ import annotations

from sqlalchemy import select

from cleavr_connect.models import Event
from tests.factories import caller, create_user


async def test_the_policy_has_defaults_and_changes_field_by_field(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await create_user(client, who)
    assert user["payment_plan_policy"] == {
        "max_instalments": 6,
        "min_instalment_amount": 50.00,
        "auto_accept": True,
    }
    changed = await client.patch(
        f"/v1/users/{user['id']}",
        json={"payment_plan_policy": {"max_instalments": 10, "min_instalment_amount": "80.50"}},
        headers=who.headers,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["payment_plan_policy"] == {
        "max_instalments": 10,
        "min_instalment_amount": 80.50,
        "auto_accept": True,
    }
    # a later update of one field keeps the others
    again = await client.patch(
        f"/v1/users/{user['id']}",
        json={"payment_plan_policy": {"auto_accept": False}},
        headers=who.headers,
    )
    assert again.json()["payment_plan_policy"] == {
        "max_instalments": 10,
        "min_instalment_amount": 80.50,
        "auto_accept": False,
    }
    read = (await client.get(f"/v1/users/{user['id']}", headers=who.headers)).json()
    assert read["payment_plan_policy"]["auto_accept"] is False
    async with db.transaction() as session:
        updated = [
            e for e in (await session.execute(select(Event))).scalars() if e.type == "user.updated"
        ]
    assert any(
        (e.data.get("previous_attributes") or {})
        .get("payment_plan_policy", {})
        .get("max_instalments")
        == 6
        for e in updated
    )


async def test_a_wrong_policy_is_refused_with_its_field(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await create_user(client, who)
    refused = await client.patch(
        f"/v1/users/{user['id']}",
        json={"payment_plan_policy": {"max_instalments": 13, "min_instalment_amount": -1}},
        headers=who.headers,
    )
    assert refused.status_code == 400
    errors = {(e["param"], e["code"]) for e in refused.json()["error"]["errors"]}
    assert errors == {
        ("payment_plan_policy.max_instalments", "invalid_instalments"),
        ("payment_plan_policy.min_instalment_amount", "invalid_amount"),
    }
    assert (await client.get(f"/v1/users/{user['id']}", headers=who.headers)).json()[
        "payment_plan_policy"
    ]["max_instalments"] == 6
    unknown = await client.patch(
        f"/v1/users/{user['id']}",
        json={"payment_plan_policy": {"max": 3}},
        headers=who.headers,
    )
    assert unknown.status_code == 400
