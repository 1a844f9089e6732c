"""The test clock drives the amicable playbook: 90 days of recovery in one call (SPEC §2, §11)."""

from __future__ import annotations

from sqlalchemy import select

from cleavr_connect.models import DebtorMessage, Event
from tests.factories import active_user, caller, receivable_body

EXPECTED = [
    ("submitted", "2026-01-15"),
    ("status_changed", "2026-01-15"),
    ("accepted", "2026-01-15"),
    ("reminder_sent", "2026-01-15"),
    ("reminder_sent", "2026-01-22"),
    ("escalation_sent", "2026-01-30"),
    ("formal_notice_sent", "2026-02-14"),
    ("final_notice_sent", "2026-03-01"),
    ("status_changed", "2026-03-16"),
    ("closed_unrecoverable", "2026-03-16"),
]


async def test_advancing_90_days_runs_the_playbook_in_order(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    response = await client.post(
        f"/v1/test_helpers/receivables/{rec['id']}/advance", json={"days": 90}, headers=who.headers
    )
    assert response.status_code == 200, response.text
    done = response.json()
    assert [(t["type"], t["occurred_at"][:10]) for t in done["timeline"]] == EXPECTED
    assert done["status"] == "closed" and done["outcome"] == "unrecoverable"
    assert done["next_action_at"] is None
    # penalties stop at closure: 2025-12-02 … 2026-03-16 = 105 days at the legal rate 12.15 %
    assert done["amounts"]["late_penalties"] == round(1200 * 0.1215 * 105 / 365, 2)

    async with db.transaction() as session:
        events = list(
            (await session.execute(select(Event).where(Event.object_id == rec["id"]))).scalars()
        )
        messages = list(
            (
                await session.execute(
                    select(DebtorMessage)
                    .where(DebtorMessage.receivable_id == rec["id"])
                    .order_by(DebtorMessage.created_at)
                )
            ).scalars()
        )
    actions = [e for e in events if e.type == "receivable.action_taken"]
    assert len(actions) == 7
    assert sorted(e.data["object"]["timeline"][-1]["type"] for e in actions) == sorted(
        t for t, _ in EXPECTED[2:] if t != "status_changed"
    )
    assert any(e.type == "receivable.closed" for e in events)

    by_template = {}
    for m in messages:
        by_template.setdefault(m.template, []).append(m)
    assert [m.recipient for m in by_template["reminder"]] == ["jean@dupont.example"] * 2
    assert [m.recipient for m in by_template["escalation"]] == ["marie@dupont.example"]
    notice = by_template["formal_notice"]
    assert {m.channel for m in notice} == {"email", "letter"}
    email = next(m for m in notice if m.channel == "email")
    assert email.subject.startswith("Mise en demeure de payer")
    for mention in (
        "L441-10",
        "huit (8) jours",
        "40,00\u00a0€",
        "1344 du Code civil",
        "12,15\u00a0%",
        "Article L111-8 du Code des procédures civiles d'exécution, alinéas 3 et 4",
    ):
        assert mention in email.body, mention
    # Rendered now, sent by the message workers (tests/messages).
    assert all(m.status == "queued" for m in messages)


async def test_payment_before_closure_recovers_and_stops_the_playbook(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    url = f"/v1/test_helpers/receivables/{rec['id']}"
    advanced = await client.post(f"{url}/advance", json={"days": 20}, headers=who.headers)
    owed = advanced.json()["amounts"]["outstanding"]  # principal, penalties and indemnity
    paid = (await client.post(f"{url}/payments", json={"amount": owed}, headers=who.headers)).json()
    assert paid["status"] == "recovered" and paid["next_action_at"] is None
    later = await client.post(f"{url}/advance", json={"days": 60}, headers=who.headers)
    assert later.status_code == 200
    assert [t["type"] for t in later.json()["timeline"]].count("formal_notice_sent") == 0


async def test_dispute_pauses_and_resume_continues(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    url = f"/v1/test_helpers/receivables/{rec['id']}"
    await client.post(f"{url}/dispute", json={"reason": "wrong amount"}, headers=who.headers)
    paused = (await client.post(f"{url}/advance", json={"days": 30}, headers=who.headers)).json()
    # Disputed before the back office sent the first reminder: nothing ran since.
    assert [t["type"] for t in paused["timeline"]].count("reminder_sent") == 0
    await client.post(f"{url}/resolve_dispute", json={"outcome": "resume"}, headers=who.headers)
    resumed = (await client.post(f"{url}/advance", json={"days": 7}, headers=who.headers)).json()
    assert [t["type"] for t in resumed["timeline"]].count("reminder_sent") == 2


async def test_an_escalation_without_other_contacts_is_written_to_the_debtor(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    # A consumer has no one else to turn to: day 15's message goes to the consumer, and must not
    # read as if to a third party ("despite our reminders to <the same person>").
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    body = receivable_body(
        user["id"],
        debtor={
            "company_name": "Mme Zoé Lefèvre",
            "company_type": "consumer",
            "siret": None,
            "contacts": [
                {"first_name": "Zoé", "last_name": "Lefèvre", "email": "zoe@example.fr", "level": 0}
            ],
        },
    )
    rec = (await client.post("/v1/receivables", json=body, headers=who.headers)).json()
    await client.post(
        f"/v1/test_helpers/receivables/{rec['id']}/advance", json={"days": 15}, headers=who.headers
    )
    async with db.transaction() as session:
        escalation = (
            await session.execute(
                select(DebtorMessage).where(
                    DebtorMessage.receivable_id == rec["id"], DebtorMessage.template == "escalation"
                )
            )
        ).scalar_one()
    assert escalation.recipient == "zoe@example.fr"
    assert "Bonjour Zoé Lefèvre," in escalation.body
    assert "malgré nos rappels adressés à" not in escalation.body
    assert "la personne à contacter" not in escalation.body
    assert "Nous revenons vers vous" in escalation.body
    assert "Nous vous demandons de bien vouloir régler la somme de" in escalation.body


async def _first_reminder(client, db, runtime, **invoice: object) -> str:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    body = receivable_body(user["id"], invoice=invoice)
    rec = (await client.post("/v1/receivables", json=body, headers=who.headers)).json()
    await client.post(
        f"/v1/test_helpers/receivables/{rec['id']}/advance", json={"days": 1}, headers=who.headers
    )
    async with db.transaction() as session:
        reminder = (
            await session.execute(
                select(DebtorMessage).where(
                    DebtorMessage.receivable_id == rec["id"],
                    DebtorMessage.template == "reminder",
                    DebtorMessage.channel == "email",
                )
            )
        ).scalar_one()
    return reminder.body


async def test_each_penalty_rate_is_named_for_what_it_is(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    # Between professionals without a contract rate: the ECB's rate plus 10 points, no "taux
    # légal" (the legal interest rate, a different and much lower rate).
    body = await _first_reminder(client, db, runtime)
    assert "12,15\u00a0% (taux de refinancement de la Banque centrale européenne majoré" in body
    assert "taux légal" not in body
    # A contract rate below three times the legal interest rate is raised to it: so named.
    body = await _first_reminder(client, db, runtime, late_penalty_rate=1.0)
    assert "(trois fois le taux d'intérêt légal, minimum prévu à l'article L441-10" in body
    assert "taux prévu au contrat" not in body
    body = await _first_reminder(client, db, runtime, late_penalty_rate=40.0)
    assert "au taux annuel de 40,00\u00a0% (taux prévu au contrat)" in body, body


async def test_a_dispute_settled_early_never_brings_the_next_step_forward(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    helper = f"/v1/test_helpers/receivables/{rec['id']}"
    await client.post(f"{helper}/advance", json={"days": 30}, headers=who.headers)  # formal notice
    await client.post(f"{helper}/dispute", json={"reason": "contested"}, headers=who.headers)
    resumed = await client.post(
        f"{helper}/resolve_dispute", json={"outcome": "resume"}, headers=who.headers
    )
    assert resumed.status_code == 200, resumed.text
    # The final notice stays due on day 45 (2026-03-01), 15 days after the formal notice.
    after = (await client.post(f"{helper}/advance", json={"days": 1}, headers=who.headers)).json()
    assert "final_notice_sent" not in [t["type"] for t in after["timeline"]]
    done = (await client.post(f"{helper}/advance", json={"days": 14}, headers=who.headers)).json()
    sent = [t for t in done["timeline"] if t["type"] == "final_notice_sent"]
    assert [t["occurred_at"][:10] for t in sent] == ["2026-03-01"]
    assert done["status"] == "in_recovery"

    # A dispute that outlasts the next step's day: that step falls due when it is settled.
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    helper = f"/v1/test_helpers/receivables/{rec['id']}"
    await client.post(f"{helper}/advance", json={"days": 30}, headers=who.headers)
    await client.post(f"{helper}/dispute", json={"reason": "contested"}, headers=who.headers)
    await client.post(f"{helper}/advance", json={"days": 20}, headers=who.headers)
    await client.post(f"{helper}/resolve_dispute", json={"outcome": "resume"}, headers=who.headers)
    done = (await client.post(f"{helper}/advance", json={"days": 1}, headers=who.headers)).json()
    sent = [t for t in done["timeline"] if t["type"] == "final_notice_sent"]
    assert [t["occurred_at"][:10] for t in sent] == ["2026-03-06"]


async def test_the_next_action_is_dated_on_the_timelines_clock(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    """After `advance`, `next_action_at` is on the receivable's clock, as its timeline is: the
    step after the last one done, never before it."""
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    assert rec["next_action_at"][:10] == "2026-01-15"  # the first reminder, due at once
    for days, last, upcoming in (
        (10, "2026-01-22", "2026-01-30"),
        (25, "2026-02-14", "2026-03-01"),
    ):
        moved = await client.post(
            f"/v1/test_helpers/receivables/{rec['id']}/advance",
            json={"days": days},
            headers=who.headers,
        )
        shown = moved.json()
        assert shown["timeline"][-1]["occurred_at"][:10] == last
        assert shown["next_action_at"][:10] == upcoming
        assert shown["next_action_at"] > shown["timeline"][-1]["occurred_at"]
