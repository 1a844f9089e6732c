"""`POST /v1/test_helpers/messages/{id}/deliver`: test mode delivers nothing by itself (a live
letter is delivered when Cleavr records the postal proof), so an integrator's
`message.delivered` handler is exercised through this helper. Only a sent letter, as in live
mode: e-mails and SMS stay `sent`."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select

from cleavr_connect.messages.worker import send_due
from cleavr_connect.models import Event
from tests.factories import Caller, active_user, caller, receivable_body


async def _formal_notice(
    client: httpx.AsyncClient, db: Any, runtime: Any
) -> tuple[Caller, dict[str, dict[str, Any]]]:
    """A test claim at its formal notice: the letter and the e-mail, queued (not yet sent)."""
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    await client.post(
        f"/v1/test_helpers/receivables/{rec['id']}/advance", json={"days": 30}, headers=who.headers
    )
    listed = (
        await client.get(f"/v1/receivables/{rec['id']}/messages", headers=who.headers)
    ).json()["data"]
    return who, {m["channel"]: m for m in listed if m["step"] == "formal_notice"}


def _deliver(message_id: str) -> str:
    return f"/v1/test_helpers/messages/{message_id}/deliver"


async def test_a_sent_letter_is_delivered_with_its_event(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who, notice = await _formal_notice(client, db, runtime)
    letter = notice["letter"]
    early = await client.post(_deliver(letter["id"]), headers=who.headers)
    assert early.status_code == 409 and early.json()["error"]["code"] == "invalid_state_transition"
    assert "is queued" in early.json()["error"]["message"]

    await send_due(db, runtime)
    sent = (await client.get(f"/v1/messages/{letter['id']}", headers=who.headers)).json()
    assert sent["status"] == "sent" and sent["delivered_at"] is None  # nothing happens by itself

    answer = await client.post(_deliver(letter["id"]), headers=who.headers)
    assert answer.status_code == 200, answer.text
    delivered = answer.json()
    assert delivered["status"] == "delivered" and delivered["delivered_at"]
    assert delivered["provider_reference"] == sent["provider_reference"]
    assert (await client.get(f"/v1/messages/{letter['id']}", headers=who.headers)).json() == (
        delivered
    )
    async with db.transaction() as session:
        events = (
            (await session.execute(select(Event).where(Event.type == "message.delivered")))
            .scalars()
            .all()
        )
    assert [e.data["object"]["id"] for e in events] == [letter["id"]]
    assert events[0].data["object"]["status"] == "delivered" and events[0].livemode is False

    again = await client.post(_deliver(letter["id"]), headers=who.headers)
    assert again.status_code == 409 and "is delivered" in again.json()["error"]["message"]


async def test_e_mails_and_sms_stay_sent(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who, notice = await _formal_notice(client, db, runtime)
    await send_due(db, runtime)
    answer = await client.post(_deliver(notice["email"]["id"]), headers=who.headers)
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "invalid_state_transition"
    assert "only a letter is delivered" in answer.json()["error"]["message"]
    shown = (await client.get(f"/v1/messages/{notice['email']['id']}", headers=who.headers)).json()
    assert shown["status"] == "sent"


async def test_who_may_deliver(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who, notice = await _formal_notice(client, db, runtime)
    await send_due(db, runtime)
    path = _deliver(notice["letter"]["id"])
    assert (await client.post(path)).status_code == 401
    reader = await caller(
        client, db, runtime, scope="receivables:read", platform=who.platform, account=who.account
    )
    refused = await client.post(path, headers=reader.headers)
    assert refused.status_code == 403
    assert "insufficient_scope" in refused.headers["www-authenticate"]
    stranger = await caller(client, db, runtime)
    unknown = await client.post(path, headers=stranger.headers)
    assert unknown.status_code == 404 and unknown.json()["error"]["param"] == "id"
    live = await caller(client, db, runtime, livemode=True)
    answer = await client.post(path, headers=live.headers)
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "livemode_not_allowed"
    shown = (await client.get(f"/v1/messages/{notice['letter']['id']}", headers=who.headers)).json()
    assert shown["status"] == "sent"
