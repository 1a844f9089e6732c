"""How the playbook's messages address the debtor: a formal or final notice is addressed to the
debtor, so its e-mail copy greets as the letter does ("Madame, Monsieur,"), not the contact it
happens to be e-mailed to by bare name; reminders are numbered as French counts them."""

from __future__ import annotations

from tests.factories import active_user, caller, receivable_body


async def test_a_notice_e_mail_greets_as_its_letter(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    await client.post(
        f"/v1/test_helpers/receivables/{rec['id']}/advance", json={"days": 45}, headers=who.headers
    )
    listed = (
        await client.get(
            f"/v1/receivables/{rec['id']}/messages", params={"limit": 100}, headers=who.headers
        )
    ).json()["data"]
    notices = [m for m in listed if m["step"] in ("formal_notice", "final_notice")]
    assert {(m["step"], m["channel"]) for m in notices} == {
        ("formal_notice", "email"),
        ("formal_notice", "letter"),
        ("final_notice", "email"),
        ("final_notice", "letter"),
    }
    for m in notices:
        assert m["text"].startswith("Madame, Monsieur,\n"), (m["step"], m["channel"])
        assert not m["text"].startswith("Jean Dupont,"), (m["step"], m["channel"])
    reminder = next(m for m in listed if m["step"] == "reminder")
    assert reminder["text"].startswith("Bonjour Jean Dupont,\n")


async def test_the_second_reminder_is_the_deuxieme_not_the_last(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    """ "Second" says there is no third; an escalation and two notices follow it."""
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    await client.post(
        f"/v1/test_helpers/receivables/{rec['id']}/advance", json={"days": 7}, headers=who.headers
    )
    listed = (
        await client.get(f"/v1/receivables/{rec['id']}/messages", headers=who.headers)
    ).json()["data"]
    subjects = sorted(m["subject"] for m in listed if m["step"] == "reminder")
    assert [s.split(" — ")[0] for s in subjects] == [
        "Deuxième rappel de paiement",
        "Rappel de paiement",
    ]
