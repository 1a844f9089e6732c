"""The platform decides a payment plan the debtor proposed outside the policy, and the debtor is
told: one e-mail queued with the decision, delivered over SMTP by the message worker, listed
with the receivable's messages and announced by `message.sent` like every other message.

Figures by hand: principal 1,200.00 due 2025-12-01, a company debtor, the legal rate of the
half-year (12.15 %), the €40 indemnity; the clock is 2026-01-15. Penalties for 45 days:
1200 × 0.1215 × 45 / 365 = 17.9753 → 17.98; outstanding 1,257.98 = 125,798 cents = 3 × 41,932
+ 2: the first two instalments carry one cent more. Accepted on 2026-01-15, the first instalment
falls due 7 days later, then monthly.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
from sqlalchemy import select

from cleavr_connect.db.engine import Database
from cleavr_connect.messages.worker import send_due
from cleavr_connect.models import Event, Receivable
from cleavr_connect.portal import links
from cleavr_connect.runtime import Runtime, build_runtime
from tests.factories import Caller
from tests.messages.conftest import live_receivable, messages_of
from tests.messages.smtp import SmtpServer

NBSP, NNBSP = "\u00a0", "\u202f"
PLAN_STEPS = ("payment_plan_accepted", "payment_plan_refused")


def _smtp_runtime(runtime: Runtime, smtp: SmtpServer) -> Runtime:
    return build_runtime(
        runtime.settings.with_overrides(
            smtp_url=smtp.url, mail_from="Cleavr <recouvrement@cleavr.example>"
        ),
        runtime.clock,
    )


async def _proposed(
    client: httpx.AsyncClient,
    db: Database,
    rt: Runtime,
    count: int = 3,
    *,
    auto_accept: bool = False,
    **body: Any,
) -> tuple[Caller, str]:
    """A live claim in recovery (its first reminder sent) whose debtor proposed `count`
    instalments from the portal; without `auto_accept` the plan waits for the platform."""
    who, rec = await live_receivable(client, db, rt, **body)
    policy = await client.patch(
        f"/v1/users/{rec['user_id']}",
        json={"payment_plan_policy": {"auto_accept": auto_accept}},
        headers=who.headers,
    )
    assert policy.status_code == 200, policy.text
    async with db.transaction() as session:
        row = await session.get(Receivable, rec["id"])
        assert row is not None
        url = await links.portal_link(session, rt, row)
    path = url.removeprefix("http://testserver")
    page = await client.get(path)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, page.text
    sent = await client.post(
        f"{path}/plan", data={"csrf_token": token.group(1), "instalments": str(count)}
    )
    assert sent.status_code == 303, sent.text
    expected = "plan_accepted" if auto_accept else "plan_pending"
    assert sent.headers["location"].endswith(f"notice={expected}")
    assert await send_due(db, rt) == 1  # the first reminder: what went before the decision
    return who, rec["id"]


async def _listed(client: httpx.AsyncClient, who: Caller, rec_id: str) -> list[dict[str, Any]]:
    page = await client.get(
        f"/v1/receivables/{rec_id}/messages", params={"limit": 100}, headers=who.headers
    )
    assert page.status_code == 200, page.text
    return page.json()["data"]  # type: ignore[no-any-return]


async def test_accepting_a_pending_plan_emails_the_debtor_the_schedule_in_french(
    client, db, runtime, smtp: SmtpServer
) -> None:  # type: ignore[no-untyped-def]
    rt = _smtp_runtime(runtime, smtp)
    who, rec_id = await _proposed(client, db, rt)
    assert [m.step for m in await messages_of(db, rec_id)] == ["reminder"]  # pending: nothing

    accepted = await client.post(
        f"/v1/receivables/{rec_id}/payment_plan/accept", headers=who.headers
    )
    assert accepted.status_code == 200, accepted.text
    plan = accepted.json()["payment_plan"]
    assert [(i["due_date"], i["amount"]) for i in plan["instalments"]] == [
        ("2026-01-22", 419.33),
        ("2026-02-22", 419.33),
        ("2026-03-22", 419.32),
    ]
    (queued,) = [m for m in await messages_of(db, rec_id) if m.step in PLAN_STEPS]
    assert queued.step == "payment_plan_accepted" and queued.status == "queued"
    assert queued.channel == "email" and queued.recipient == "jean@dupont.example"
    assert queued.language == "fr"
    # the decision's timeline entry names who was told
    entry = next(e for e in accepted.json()["timeline"] if e["type"] == "payment_plan_accepted")
    assert entry["details"]["recipients"] == ["jean@dupont.example"]

    assert await send_due(db, rt) == 1
    assert await send_due(db, rt) == 0
    (received,) = [r for r in smtp.received if r.message["Message-ID"] == queued.message_id]
    got = received.message
    assert received.rcpt_tos == ["jean@dupont.example"]
    assert got["Subject"].startswith("Votre échéancier est accepté — ")
    assert got["Content-Language"] == "fr"
    text = got.get_body(("plain",)).get_content().replace("\r\n", "\n")  # type: ignore[union-attr]
    assert text == queued.body
    assert "accepte l'échéancier que vous avez proposé le 15 janvier 2026" in text
    assert (
        f"Échéancier{NBSP}:\n- échéance 1{NBSP}: 419,33{NBSP}€, à régler au plus tard le 22 janvier"
        in text
    )
    assert f"- échéance 2{NBSP}: 419,33{NBSP}€, à régler au plus tard le 22 février 2026" in text
    assert f"- échéance 3{NBSP}: 419,32{NBSP}€, à régler au plus tard le 22 mars 2026" in text
    assert f"Total de l'échéancier{NBSP}: 1{NNBSP}257,98{NBSP}€" in text
    # what a missed instalment does
    assert "Une échéance impayée 5 jours après sa date met fin à l'échéancier" in text
    # how to pay, and the mentions every recovery message carries (R124-4 CPCE, L111-8)
    assert f"sur votre espace de paiement{NBSP}: http://testserver/fr/d/dpt_" in text
    assert re.search(r"référence de paiement RF\d\d", text)
    assert (
        f"Créancier{NBSP}: Acme Plomberie SAS" in text
        and f"Référence du dossier{NBSP}: {rec_id}" in text
    )
    assert "Article L111-8 du Code des procédures civiles d'exécution" in text
    html = got.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert f"<li>échéance 2{NBSP}: 419,33" in html

    listed = [m for m in await _listed(client, who, rec_id) if m["step"] in PLAN_STEPS]
    assert [(m["step"], m["status"], m["to"]) for m in listed] == [
        ("payment_plan_accepted", "sent", "jean@dupont.example")
    ]
    async with db.transaction() as session:
        events = (
            await session.execute(select(Event).where(Event.type.like("message.%")))
        ).scalars()
        sent = [e.data["object"] for e in events if e.data["object"]["id"] == queued.id]
    assert [(o["step"], o["status"]) for o in sent] == [("payment_plan_accepted", "sent")]


async def test_refusing_a_pending_plan_emails_the_debtor_the_reason_and_what_is_due(
    client, db, runtime, smtp: SmtpServer
) -> None:  # type: ignore[no-untyped-def]
    rt = _smtp_runtime(runtime, smtp)
    who, rec_id = await _proposed(client, db, rt, 4)
    refused = await client.post(
        f"/v1/receivables/{rec_id}/payment_plan/refuse",
        json={"reason": "Deux mensualités au plus"},
        headers=who.headers,
    )
    assert refused.status_code == 200, refused.text
    assert await send_due(db, rt) == 1
    (row,) = [m for m in await messages_of(db, rec_id) if m.step in PLAN_STEPS]
    assert row.step == "payment_plan_refused" and row.status == "sent"
    (received,) = [r for r in smtp.received if r.message["Message-ID"] == row.message_id]
    got = received.message
    assert got["Subject"].startswith("Votre proposition d'échéancier n'est pas acceptée — ")
    text = got.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "n'accepte pas l'échéancier en 4 mensualités que vous avez proposé le 15 janvier" in text
    assert f"Motif indiqué par Acme Plomberie SAS{NBSP}: Deux mensualités au plus" in text
    assert f"La somme de 1{NNBSP}257,98{NBSP}€ reste donc due." in text
    assert (
        f"ou proposer un autre échéancier, sur votre espace de paiement{NBSP}: http://testserver/fr/d/dpt_"
        in text
    )
    assert f"Échéancier{NBSP}:" not in text  # no schedule for a refused plan
    assert f"Créancier{NBSP}: Acme Plomberie SAS" in text
    assert "Article L111-8 du Code des procédures civiles d'exécution" in text
    listed = [m for m in await _listed(client, who, rec_id) if m["step"] in PLAN_STEPS]
    assert [(m["step"], m["status"]) for m in listed] == [("payment_plan_refused", "sent")]


async def test_a_refusal_without_a_reason_says_none(client, db, runtime, smtp: SmtpServer) -> None:  # type: ignore[no-untyped-def]
    rt = _smtp_runtime(runtime, smtp)
    who, rec_id = await _proposed(client, db, rt, 4)
    refused = await client.post(
        f"/v1/receivables/{rec_id}/payment_plan/refuse", headers=who.headers
    )
    assert refused.status_code == 200, refused.text
    (row,) = [m for m in await messages_of(db, rec_id) if m.step in PLAN_STEPS]
    assert row.step == "payment_plan_refused"
    assert "Motif" not in row.body and "reste donc due" in row.body


async def test_an_english_speaking_debtor_is_told_in_english(
    client, db, runtime, smtp: SmtpServer
) -> None:  # type: ignore[no-untyped-def]
    rt = _smtp_runtime(runtime, smtp)
    debtor = {"language": "en"}
    who, rec_id = await _proposed(client, db, rt, debtor=debtor)
    accepted = await client.post(
        f"/v1/receivables/{rec_id}/payment_plan/accept", headers=who.headers
    )
    assert accepted.status_code == 200, accepted.text
    assert await send_due(db, rt) == 1
    (row,) = [m for m in await messages_of(db, rec_id) if m.step in PLAN_STEPS]
    assert row.language == "en"
    (received,) = [r for r in smtp.received if r.message["Message-ID"] == row.message_id]
    assert received.message["Content-Language"] == "en"
    assert row.subject.startswith("Your payment plan is accepted — Acme Plomberie SAS")
    text = row.body
    assert (
        "Acme Plomberie SAS has accepted the payment plan you proposed on 15 January 2026" in text
    )
    assert "- instalment 1: €419.33, due on 22 January 2026" in text
    assert "- instalment 3: €419.32, due on 22 March 2026" in text
    assert "Total of the plan: €1,257.98" in text
    assert "An instalment not paid within 5 days of its due date ends the plan" in text
    assert "on your payment page: http://testserver/en/d/dpt_" in text
    # the law's text in French, with its translation, as in every English message
    assert "Les frais de recouvrement entrepris sans titre exécutoire" in text
    assert "The costs of recovery undertaken without" in text


async def test_a_consumer_gets_the_same_message_with_the_consumer_mentions(
    client, db, runtime, smtp: SmtpServer
) -> None:  # type: ignore[no-untyped-def]
    rt = _smtp_runtime(runtime, smtp)
    debtor = {"company_type": "individual", "siret": None}
    who, rec_id = await _proposed(client, db, rt, debtor=debtor)
    accepted = await client.post(
        f"/v1/receivables/{rec_id}/payment_plan/accept", headers=who.headers
    )
    assert accepted.status_code == 200, accepted.text
    (row,) = [m for m in await messages_of(db, rec_id) if m.step in PLAN_STEPS]
    assert row.step == "payment_plan_accepted"
    assert (
        "accepte l'échéancier que vous avez proposé" in row.body
        and f"- échéance 3{NBSP}: " in row.body
    )
    # only what the law words differently: interest, not commercial penalties, and no indemnity
    assert "intérêts de retard (article 1231-6 du Code civil)" in row.body
    assert "L441-10" not in row.body
