"""French elides "de" before a creditor whose name starts with a vowel."""

from __future__ import annotations

from cleavr_connect.messages.worker import send_due
from tests.factories import active_user, caller, receivable_body


async def test_messages_say_d_acme_not_de_acme(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)  # its company: Acme Plomberie SAS
    debtor = receivable_body("x")["debtor"]
    debtor["contacts"][0]["phone"] = "06 12 34 56 78"
    rec = (
        await client.post(
            "/v1/receivables", json=receivable_body(user["id"], debtor=debtor), headers=who.headers
        )
    ).json()
    helper = f"/v1/test_helpers/receivables/{rec['id']}"
    await client.post(f"{helper}/advance", json={"days": 16}, headers=who.headers)
    await send_due(db, runtime)
    listed = (
        await client.get(f"/v1/receivables/{rec['id']}/messages", headers=who.headers)
    ).json()["data"]
    assert {m["channel"] for m in listed} == {"email", "sms"}
    for m in listed:
        assert "de Acme" not in m["text"] and "de Acme" not in (m["subject"] or ""), m["step"]
        if m["channel"] == "email":
            html = (await client.get(m["html_url"], headers=who.headers)).text
            assert "de Acme" not in html and "d'Acme Plomberie SAS" in html
            assert "pour le compte d'Acme Plomberie SAS" in m["text"]
            # The platform's name too.
            assert "par l'intermédiaire d'Invoicely" in m["text"]
    escalation = next(m for m in listed if m["step"] == "escalation")
    assert escalation["subject"].startswith("Facture impayée d'Acme Plomberie SAS")
    assert f"la facture {rec['invoice']['numbers'][0]} d'Acme Plomberie SAS" in escalation["text"]
