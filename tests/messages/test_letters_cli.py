"""The operator records a registered letter's tracking number and proof of delivery
(`cleavr-connect messages deliver`); the platform sees it and gets `message.delivered`."""

from __future__ import annotations

from sqlalchemy import select

from cleavr_connect.messages.worker import send_due
from cleavr_connect.models import Event
from tests.cli.conftest import cli  # noqa: F401 - the fixture
from tests.factories import active_user, caller, receivable_body


async def test_registered_letter_tracking_and_delivery(client, db, runtime, cli) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    await client.post(
        f"/v1/test_helpers/receivables/{rec['id']}/advance", json={"days": 30}, headers=who.headers
    )
    listed = await client.get(f"/v1/receivables/{rec['id']}/messages", headers=who.headers)
    letter = next(m for m in listed.json()["data"] if m["channel"] == "letter")
    assert letter["registered"] is True and letter["status"] == "queued"

    early = await cli("messages", "deliver", letter["id"], "--tracking", "1A00000001", "--json")
    assert early.error()["code"] == "invalid_state_transition"
    assert (await cli("messages", "deliver", "msg_nope", "--json")).error()["param"] == (
        "message_id"
    )

    await send_due(db, runtime)
    done = await cli(
        "messages",
        "deliver",
        letter["id"],
        "--tracking",
        "1A00000001",
        "--delivered-at",
        "2026-02-18",
        "--json",
    )
    shown = done.ok()
    assert shown["status"] == "delivered" and shown["provider_reference"] == "1A00000001"
    got = (await client.get(f"/v1/messages/{letter['id']}", headers=who.headers)).json()
    assert got["status"] == "delivered"
    assert got["delivered_at"] == "2026-02-18T12:00:00Z"
    assert got["provider_reference"] == "1A00000001"
    async with db.transaction() as session:
        delivered = (
            await session.execute(select(Event).where(Event.type == "message.delivered"))
        ).scalar_one()
    assert delivered.object_id == letter["id"]
