"""What the timeline says of the playbook's steps: what was done, nothing threatened. The final
notice announces the end of amicable recovery (the file goes back to the creditor), never legal
action, which an amicable agency cannot take; a consumer's escalation goes to the consumer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cleavr_connect.db import migrate
from tests.factories import active_user, caller, receivable_body

FINAL_NOTICE = "Final notice sent before amicable recovery ends."
ESCALATION = "Escalation emailed to the debtor's escalation contacts, else to the primary contact."


async def test_the_timeline_announces_the_end_of_amicable_recovery_not_legal_action(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    shown = (
        await client.post(
            f"/v1/test_helpers/receivables/{rec['id']}/advance",
            json={"days": 45},
            headers=who.headers,
        )
    ).json()
    said = {e["type"]: e["description"] for e in shown["timeline"]}
    assert said["final_notice_sent"] == FINAL_NOTICE
    assert said["escalation_sent"] == ESCALATION
    assert not any("legal action" in e["description"] for e in shown["timeline"])

    # The status component says the same in French.
    token = await client.post(f"/v1/receivables/{rec['id']}/component_token", headers=who.headers)
    assert token.status_code == 200, token.text
    view = (
        await client.get(
            "/components/receivable",
            headers={"Authorization": f"Bearer {token.json()['token']}"},
        )
    ).json()
    labels = [e["label"] for e in view["timeline"]]
    assert "Dernier avis envoyé avant la fin du recouvrement amiable." in labels
    assert not any("poursuites" in label for label in labels)
    # A consumer's escalation goes to the consumer: no label says "other contacts".
    assert "Relance d'escalade envoyée au débiteur par e-mail." in labels
    assert not any("autres contacts" in label for label in labels)


def test_entries_already_written_take_the_new_wording(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    migrate.upgrade(f"sqlite:///{path}", "0018")
    rows = [
        ("act_1", "final_notice_sent", "Final notice before legal action sent."),
        ("act_2", "escalation_sent", "Escalated to the debtor's escalation contacts."),
        ("act_3", "reminder_sent", "First reminder emailed to the primary contact."),
        ("act_4", "final_notice_sent", "Sent by hand by the operator."),
    ]
    with sqlite3.connect(path) as conn:
        for seq, (action_id, type_, description) in enumerate(rows):
            conn.execute(
                "INSERT INTO receivable_actions (id, receivable_id, seq, type, description,"
                " details, occurred_at) VALUES (?, 'rec_1', ?, ?, ?, '{}',"
                " '2026-11-01 10:00:00.000000')",
                (action_id, seq, type_, description),
            )
    migrate.upgrade(f"sqlite:///{path}")
    with sqlite3.connect(path) as conn:
        now = dict(conn.execute("SELECT id, description FROM receivable_actions").fetchall())
    assert now == {
        "act_1": FINAL_NOTICE,
        "act_2": ESCALATION,
        "act_3": "First reminder emailed to the primary contact.",
        "act_4": "Sent by hand by the operator.",
    }
