"""A consumer's debt is never told to anyone but the consumer."""

from __future__ import annotations

from cleavr_connect.messages.worker import send_due
from tests.factories import active_user, caller, receivable_body


async def test_a_consumers_escalation_goes_to_the_consumer_not_to_a_second_contact(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    body = receivable_body(user["id"])
    body["debtor"].update(company_type="consumer", company_name="Jean Dupont")
    del body["debtor"]["siret"]
    # A second person given as a level-1 contact: a spouse, a relative.
    rec = (await client.post("/v1/receivables", json=body, headers=who.headers)).json()
    helper = f"/v1/test_helpers/receivables/{rec['id']}"
    await client.post(f"{helper}/advance", json={"days": 16}, headers=who.headers)
    await send_due(db, runtime)
    listed = (
        await client.get(f"/v1/receivables/{rec['id']}/messages", headers=who.headers)
    ).json()["data"]
    assert {m["to"] for m in listed} == {"jean@dupont.example"}, [m["to"] for m in listed]
    escalation = next(m for m in listed if m["step"] == "escalation")
    # Written to the debtor, not about them to someone else.
    assert "Marie" not in escalation["text"]
    assert "nos rappels adressés à" not in escalation["text"]
