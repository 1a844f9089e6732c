"""Payment plans end to end in test mode: the debtor proposes from the portal, the user's policy
or the platform decides, instalments are paid or missed on the receivable's clock (SPEC §13).

Figures by hand: principal 1,200.00 due 2025-12-01, a company debtor, the legal rate of the
half-year (ECB 2.15 + 10 = 12.15 %), the €40 indemnity; the test clock starts 2026-01-15.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from cleavr_connect import wire
from cleavr_connect.models import DebtorMessage, Event, Receivable
from cleavr_connect.portal import links
from tests.factories import active_user, caller, receivable_body


async def _claim(client, db, runtime, *, policy: dict[str, Any] | None = None):  # type: ignore[no-untyped-def]
    """A claim one day into recovery (the first reminder sent), and its portal link."""
    who = await caller(client, db, runtime)
    user = await active_user(client, who, company={"name": "Plomberie Martin"})
    if policy is not None:
        answer = await client.patch(
            f"/v1/users/{user['id']}", json={"payment_plan_policy": policy}, headers=who.headers
        )
        assert answer.status_code == 200, answer.text
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    await _advance(client, who, rec["id"], 1)
    async with db.transaction() as session:
        row = await session.get(Receivable, rec["id"])
        assert row is not None
        url = await links.portal_link(session, runtime, row)
    return rec["id"], url.removeprefix("http://testserver"), who


async def _advance(client, who, rec_id: str, days: int) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    answer = await client.post(
        f"/v1/test_helpers/receivables/{rec_id}/advance", json={"days": days}, headers=who.headers
    )
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def _propose(client, path: str, count: str) -> Any:  # type: ignore[no-untyped-def]
    page = await client.get(path)  # the CSRF token of the debtor's pages
    assert page.status_code == 200, page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    return await client.post(
        f"{path}/plan", data={"csrf_token": token.group(1), "instalments": count}
    )


async def _get(client, who, rec_id: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return (await client.get(f"/v1/receivables/{rec_id}", headers=who.headers)).json()  # type: ignore[no-any-return]


async def _plan_messages(db, rec_id: str) -> list[DebtorMessage]:  # type: ignore[no-untyped-def]
    """The messages telling the debtor a decision on their proposal."""
    async with db.transaction() as session:
        rows = await session.execute(
            select(DebtorMessage).where(
                DebtorMessage.receivable_id == rec_id,
                DebtorMessage.template.in_(("payment_plan_accepted", "payment_plan_refused")),
            )
        )
        return list(rows.scalars())


async def _event_types(db) -> list[str]:  # type: ignore[no-untyped-def]
    """The `payment_plan.*` events recorded, sorted (events of one instant have no order)."""
    async with db.transaction() as session:
        rows = (await session.execute(select(Event))).scalars()
        return sorted(e.type for e in rows if e.type.startswith("payment_plan."))


# 2026-01-16: penalties for 46 days on 1,200.00 at 12.15 %: 1200 × 0.1215 × 46 / 365 = 18.3748
# → 18.37; outstanding 1,200.00 + 18.37 + 40.00 = 1,258.37 = 125,837 cents = 3 × 41,945 + 2:
# the first two instalments carry one cent more.
SCHEDULE = [
    {"number": 1, "due_date": "2026-01-23", "amount": 419.46},
    {"number": 2, "due_date": "2026-02-23", "amount": 419.46},
    {"number": 3, "due_date": "2026-03-23", "amount": 419.45},
]


async def test_three_instalments_one_missed_breaks_the_plan_and_recovery_resumes(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    rec_id, path, who = await _claim(client, db, runtime)
    before = await _get(client, who, rec_id)
    assert before["stage"] == "reminder" and before["amounts"]["outstanding"] == 1258.37

    # the debtor proposes three instalments: within the default policy, accepted at once
    sent = await _propose(client, path, "3")
    assert sent.status_code == 303 and sent.headers["location"].endswith("notice=plan_accepted")
    page = (await client.get(sent.headers["location"])).text
    assert "Votre échéancier est accepté" in page and "23 février 2026" in page
    # a promise to pay has no place beside a schedule, nor a second plan
    assert 'action="' + path + '/promise"' not in page and "Proposer un échéancier" not in page

    shown = await _get(client, who, rec_id)
    plan = shown["payment_plan"]
    assert shown["stage"] == "payment_plan" and plan["status"] == "accepted"
    assert plan["total"] == 1258.37 and plan["within_policy"] is True
    assert [
        {k: i[k] for k in ("number", "due_date", "amount")} for i in plan["instalments"]
    ] == SCHEDULE
    assert {i["status"] for i in plan["instalments"]} == {"scheduled"}
    # the page said it at once: no e-mail confirms it a second time
    assert await _plan_messages(db, rec_id) == []
    # the playbook waits: the next step is instalment 1's reminder, 3 days before it is due
    # (2026-01-20 on the receivable's clock, a day ahead of real time after `advance`: the
    # clock its timeline and `next_action_at` are shown on)
    assert shown["next_action_at"].startswith("2026-01-20T09:00:00")

    # instalment 1 is paid on time (any source pays instalments; here the test helper)
    paid = await client.post(
        f"/v1/test_helpers/receivables/{rec_id}/payments",
        json={"amount": 419.46},
        headers=who.headers,
    )
    shown = paid.json()
    assert [i["status"] for i in shown["payment_plan"]["instalments"]] == [
        "paid",
        "scheduled",
        "scheduled",
    ]
    assert shown["amounts"]["outstanding"] == 838.91  # 1,258.37 − 419.46

    # while the plan is kept nothing accrues: 16 days later the balance is the same
    shown = await _advance(client, who, rec_id, 16)
    assert shown["amounts"]["outstanding"] == 838.91 and shown["status"] == "in_recovery"

    # instalment 2 (due 2026-02-23) is not paid: its reminder goes on 2026-02-20, the grace
    # ends with 2026-02-28, and on 2026-03-01 the plan is broken
    shown = await _advance(client, who, rec_id, 27)  # to 2026-02-28
    assert shown["payment_plan"]["status"] == "accepted"
    shown = await _advance(client, who, rec_id, 1)  # to 2026-03-01
    plan = shown["payment_plan"]
    assert plan["status"] == "broken" and plan["ended_at"].startswith("2026-03-01")
    assert [i["status"] for i in plan["instalments"]] == ["paid", "missed", "scheduled"]
    # the playbook resumes where it stopped: the second reminder, on the day the plan broke
    assert shown["stage"] == "reminder"
    types = [e["type"] for e in shown["timeline"]]
    assert types[-2:] == ["payment_plan_broken", "reminder_sent"]
    assert types.count("instalment_reminder_sent") == 1  # instalment 1 was paid before its own
    # the plan's benefit is lost: penalties count again, on 838.91 from 2026-01-17 to 03-01
    # (44 days): 838.91 × 0.1215 × 44 / 365 = 12.2869 → 12.29; 838.91 + 12.29 = 851.20
    assert shown["amounts"]["outstanding"] == 851.20

    assert await _event_types(db) == [
        "payment_plan.accepted",
        "payment_plan.broken",
        "payment_plan.proposed",
    ]
    async with db.transaction() as session:
        reminder = (
            await session.execute(
                select(DebtorMessage).where(
                    DebtorMessage.receivable_id == rec_id,
                    DebtorMessage.template == "instalment_reminder",
                )
            )
        ).scalar_one()
    assert reminder.channel == "email" and reminder.recipient == "jean@dupont.example"
    assert "échéance 2 sur 3 au 23 février 2026" in reminder.subject
    assert "419,46\u00a0€" in reminder.body and "/fr/d/dpt_" in reminder.body
    assert "L111-8" in reminder.body or "L. 111-8" in reminder.body  # the law's mentions
    assert reminder.created_at.date().isoformat() == "2026-02-20"


async def test_every_instalment_paid_completes_the_plan_and_the_claim(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    rec_id, path, who = await _claim(client, db, runtime)
    assert (await _propose(client, path, "3")).status_code == 303
    for amount in (419.46, 419.46, 419.45):
        shown = (
            await client.post(
                f"/v1/test_helpers/receivables/{rec_id}/payments",
                json={"amount": amount},
                headers=who.headers,
            )
        ).json()
    assert shown["payment_plan"]["status"] == "completed"
    assert shown["status"] == "recovered" and shown["amounts"]["outstanding"] == 0
    assert await _event_types(db) == [
        "payment_plan.accepted",
        "payment_plan.completed",
        "payment_plan.proposed",
    ]


async def test_a_plan_outside_the_policy_waits_then_the_platform_accepts_it(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    rec_id, path, who = await _claim(client, db, runtime, policy={"max_instalments": 2})
    before = await _get(client, who, rec_id)
    sent = await _propose(client, path, "3")
    assert sent.headers["location"].endswith("notice=plan_pending")
    shown = await _get(client, who, rec_id)
    assert shown["payment_plan"]["status"] == "pending"
    assert shown["payment_plan"]["within_policy"] is False
    # pending, the plan changes nothing of recovery
    assert shown["stage"] == "reminder" and shown["next_action_at"] == before["next_action_at"]
    # a second proposal while one waits is refused on the page
    again = await _propose(client, path, "2")
    assert again.status_code == 409 and "ne peut pas être proposé" in again.text

    await _advance(client, who, rec_id, 2)  # the platform answers two days later
    accepted = await client.post(
        f"/v1/receivables/{rec_id}/payment_plan/accept", headers=who.headers
    )
    assert accepted.status_code == 200, accepted.text
    plan = accepted.json()["payment_plan"]
    assert plan["status"] == "accepted" and accepted.json()["stage"] == "payment_plan"
    # fixed from what is outstanding on 2026-01-18: 48 days of penalties,
    # 1200 × 0.1215 × 48 / 365 = 19.1737 → 19.17; 1,259.17 = 3 × 419.72 + 0.01
    assert plan["total"] == 1259.17
    assert [(i["due_date"], i["amount"]) for i in plan["instalments"]] == [
        ("2026-01-25", 419.73),
        ("2026-02-25", 419.72),
        ("2026-03-25", 419.72),
    ]
    twice = await client.post(f"/v1/receivables/{rec_id}/payment_plan/accept", headers=who.headers)
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "no_pending_payment_plan"
    assert await _event_types(db) == ["payment_plan.accepted", "payment_plan.proposed"]
    # the debtor who waited is told, once, with the schedule (dated on the receivable's clock)
    (told,) = await _plan_messages(db, rec_id)
    assert told.template == "payment_plan_accepted" and told.recipient == "jean@dupont.example"
    assert told.created_at.date().isoformat() == "2026-01-18"
    assert "échéance 1\u00a0: 419,73\u00a0€, à régler au plus tard le 25 janvier 2026" in told.body
    assert "échéance 3\u00a0: 419,72\u00a0€, à régler au plus tard le 25 mars 2026" in told.body


async def test_the_platform_refuses_a_plan(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    rec_id, path, who = await _claim(client, db, runtime, policy={"auto_accept": False})
    nothing = await client.post(
        f"/v1/receivables/{rec_id}/payment_plan/refuse", headers=who.headers
    )
    assert nothing.status_code == 409
    assert nothing.json()["error"]["code"] == "no_pending_payment_plan"
    # auto_accept false: even two instalments of 629.19 wait
    assert (await _propose(client, path, "2")).headers["location"].endswith("notice=plan_pending")
    refused = await client.post(
        f"/v1/receivables/{rec_id}/payment_plan/refuse",
        json={"reason": "Two months at most"},
        headers=who.headers,
    )
    assert refused.status_code == 200, refused.text
    plan = refused.json()["payment_plan"]
    assert plan["status"] == "refused" and plan["refusal_reason"] == "Two months at most"
    assert refused.json()["stage"] == "reminder"
    accept = await client.post(f"/v1/receivables/{rec_id}/payment_plan/accept", headers=who.headers)
    assert accept.json()["error"]["code"] == "no_pending_payment_plan"
    assert await _event_types(db) == ["payment_plan.proposed", "payment_plan.refused"]
    (told,) = await _plan_messages(db, rec_id)
    assert told.template == "payment_plan_refused"
    assert "Motif indiqué par Plomberie Martin\u00a0: Two months at most" in told.body
    # refused, the debtor may propose another
    page = (await client.get(path)).text
    assert "Proposer un échéancier" in page


async def test_the_decisions_need_the_write_scope(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    rec_id, path, who = await _claim(client, db, runtime, policy={"auto_accept": False})
    await _propose(client, path, "4")
    reader = await caller(
        client,
        db,
        runtime,
        scope="receivables:read",
        platform=who.platform,
        account=who.account,
    )
    for action in ("accept", "refuse"):
        answer = await client.post(
            f"/v1/receivables/{rec_id}/payment_plan/{action}", headers=reader.headers
        )
        assert answer.status_code == 403
        assert answer.json()["error"]["code"] == "insufficient_scope"


async def test_the_proposal_page_refuses_a_count_outside_2_to_12(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    rec_id, path, who = await _claim(client, db, runtime)
    page = (await client.get(f"{path}/plan")).text
    assert '<html lang="fr">' in page and "Nombre de mensualités" in page
    # the options name what each instalment would be: 1,258.37 in 12 = 104.87 (×5) to 104.86
    assert "12 mensualités de 104,86\u00a0€ à 104,87\u00a0€" in page
    assert "3 mensualités de 419,45\u00a0€ à 419,46\u00a0€" in page
    english = (await client.get(f"{path.replace('/fr/', '/en/')}/plan")).text
    assert "Number of monthly instalments" in english
    for bad in ("1", "13", "three", ""):
        answer = await _propose(client, path, bad)
        assert answer.status_code == 400 and "entre 2 et 12 mensualités" in answer.text
    expired = await client.post(f"{path}/plan", data={"instalments": "3"})
    assert expired.status_code == 400
    assert (await _get(client, who, rec_id))["payment_plan"] is None


async def test_the_claim_page_shows_each_rate_period_and_the_platform_logo(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    from cleavr_connect.models import Platform

    rec_id, path, who = await _claim(client, db, runtime)
    html = (await client.get(path)).text
    # 2025-12-02 → 2026-01-16 at 12.15 %, 1,200.00 a day-base: the half-years split it
    rows = re.findall(
        r"du (.+?) au (.+?)\u00a0: (\d+) jours sur ([^<]+?) au taux annuel de ([^<]+?)<", html
    )
    assert rows, html
    assert sum(int(days) for _, _, days, _, _ in rows) == 46
    assert all("12,15" in rate for *_, rate in rows)
    assert "platform-logo" not in html
    async with db.transaction() as session:
        rec = await session.get(Receivable, rec_id)
        assert rec is not None
        platform = await session.get(Platform, rec.platform_id)
        assert platform is not None
        platform.logo = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
        platform.logo_media_type = "image/png"
        platform.name = "Facturo"
    html = (await client.get(path)).text
    assert re.search(
        r'<img class="platform-logo" src="/brand/[^"]+/logo\?v=[^"]+" alt="Facturo"', html
    )


async def test_payments_from_every_source_pay_the_instalments(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from cleavr_connect.payments import reconcile
    from tests.payments.statements import Entry, camt053

    rec_id, path, who = await _claim(client, db, runtime)
    assert (await _propose(client, path, "3")).status_code == 303
    # instalment 1: a bank transfer quoting the claim's RF reference, read from a camt.053
    async with db.transaction() as session:
        row = await session.get(Receivable, rec_id)
        assert row is not None
        reference = await links.creditor_reference(session, runtime, row)
    booked = date(2026, 1, 16)  # the day the plan was accepted
    statement = camt053([Entry("419.46", "BANK-PLAN-1", structured=reference, booked=booked)])
    async with db.transaction() as session:
        await reconcile.import_statement(session, runtime, statement, livemode=False)
    shown = await _get(client, who, rec_id)
    assert [i["status"] for i in shown["payment_plan"]["instalments"]] == [
        "paid",
        "scheduled",
        "scheduled",
    ]
    # instalment 2, in two parts: a payment to the creditor reported by the platform ...
    direct = await client.post(
        f"/v1/receivables/{rec_id}/direct_payments", json={"amount": 400}, headers=who.headers
    )
    plan = direct.json()["payment_plan"]
    assert plan["instalments"][1]["amount_paid"] == 400.00
    assert plan["instalments"][1]["status"] == "scheduled"
    # ... the portal asks for the rest of instalment 2 (19.46) by transfer and by card, and
    # offers everything outstanding by card too (419.46 + 419.45 − 400.00 = 438.91)
    page = await client.get(path)
    assert "Payer 19,46\u00a0€ par carte" in page.text
    assert "Payer 438,91\u00a0€ par carte" in page.text
    assert "<dt>Montant</dt><dd>19,46\u00a0€</dd>" in page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    instalment = await client.post(f"{path}/card", data={"csrf_token": token.group(1)})
    sandbox = instalment.headers["location"].removeprefix("http://testserver")
    assert "19,46\u00a0€" in (await client.get(sandbox)).text
    started = await client.post(f"{path}/card", data={"csrf_token": token.group(1), "whole": "1"})
    sandbox = started.headers["location"].removeprefix("http://testserver")
    assert "438,91\u00a0€" in (await client.get(sandbox)).text
    await client.post(sandbox, data={"decision": "pay", "csrf_token": token.group(1)})
    shown = await _get(client, who, rec_id)
    assert shown["payment_plan"]["status"] == "completed"
    assert [i["status"] for i in shown["payment_plan"]["instalments"]] == ["paid"] * 3
    assert shown["status"] == "recovered"


async def test_a_dispute_ends_an_accepted_plan_and_recovery_resumes_after_it(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    rec_id, path, who = await _claim(client, db, runtime)
    assert (await _propose(client, path, "3")).headers["location"].endswith("plan_accepted")
    await _advance(client, who, rec_id, 2)  # to 2026-01-18
    page = await client.get(path)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    sent = await client.post(
        f"{path}/dispute",
        data={"csrf_token": token.group(1), "reason": "defective", "comment": "Fuite"},
    )
    assert sent.status_code == 303, sent.text
    shown = await _get(client, who, rec_id)
    plan = shown["payment_plan"]
    # the debtor who contests keeps no schedule: the plan is broken, nothing is left due on it
    assert shown["status"] == "disputed" and plan["status"] == "broken"
    assert plan["ended_at"].startswith("2026-01-18")
    assert [i["status"] for i in plan["instalments"]] == ["scheduled"] * 3
    assert shown["stage"] == "reminder" and shown["next_action_at"] is None
    ended = [e for e in shown["timeline"] if e["type"] == "payment_plan_broken"]
    assert len(ended) == 1 and ended[0]["details"]["reason"] == "disputed"
    count = len(shown["timeline"])
    assert await _event_types(db) == [
        "payment_plan.accepted",
        "payment_plan.broken",
        "payment_plan.proposed",
    ]
    # the broken plan's benefit is lost: penalties run from the due date again; on 2026-01-18,
    # 48 days: 1200 × 0.1215 × 48 / 365 = 19.1737 → 19.17, so 1,259.17
    assert shown["amounts"]["outstanding"] == 1259.17
    # a month later nothing was sent (no instalment reminder, no playbook step)
    shown = await _advance(client, who, rec_id, 30)
    assert len(shown["timeline"]) == count
    # the dispute is settled for the creditor: the playbook resumes where it stopped
    resumed = await client.post(
        f"/v1/test_helpers/receivables/{rec_id}/resolve_dispute",
        json={"outcome": "resume"},
        headers=who.headers,
    )
    shown = resumed.json()
    assert shown["status"] == "in_recovery" and shown["stage"] == "reminder"
    assert shown["next_action_at"] is not None
    assert shown["payment_plan"]["status"] == "broken"


async def test_a_cancelled_claim_lets_its_pending_plan_lapse(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    rec_id, path, who = await _claim(client, db, runtime, policy={"auto_accept": False})
    assert (await _propose(client, path, "2")).headers["location"].endswith("plan_pending")
    cancelled = await client.post(
        f"/v1/receivables/{rec_id}/cancel",
        json={"reason": "Settled out of band"},
        headers=who.headers,
    )
    assert cancelled.status_code == 200, cancelled.text
    plan = cancelled.json()["payment_plan"]
    assert plan["status"] == "refused" and plan["refusal_reason"] == "cancelled"
    late = await client.post(f"/v1/receivables/{rec_id}/payment_plan/accept", headers=who.headers)
    assert late.status_code == 409
    assert late.json()["error"]["code"] == "no_pending_payment_plan"
    assert await _event_types(db) == ["payment_plan.proposed", "payment_plan.refused"]
    # nobody decided it: the plan lapsed with the claim, and no refusal is sent
    assert await _plan_messages(db, rec_id) == []


async def test_a_cancel_that_also_ends_a_plan_answers_the_receivable_as_it_ends_up(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    # Two changes in one request, each announced: the answer is the receivable after both,
    # as the last event carries it, not as the first one did.
    rec_id, path, who = await _claim(client, db, runtime)
    assert (await _propose(client, path, "3")).headers["location"].endswith("plan_accepted")
    cancelled = await client.post(
        f"/v1/receivables/{rec_id}/cancel", json={"reason": "settled"}, headers=who.headers
    )
    assert cancelled.status_code == 200, cancelled.text
    answer = cancelled.json()
    assert answer["status"] == "cancelled" and answer["payment_plan"]["status"] == "broken"
    assert answer == await _get(client, who, rec_id)
    async with db.transaction() as session:
        rows = (await session.execute(select(Event).where(Event.object_id == rec_id))).scalars()
        carried = {e.type: e.data["object"] for e in rows}
    assert wire.dumpb(carried["payment_plan.broken"]) == cancelled.content
    assert carried["receivable.cancelled"]["payment_plan"]["status"] == "accepted"


async def test_the_proposal_refuses_digits_of_other_scripts(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    # Python's int() reads "٣" (Arabic-Indic) and "３" (full width) as 3: the form does not.
    rec_id, path, who = await _claim(client, db, runtime)
    for bad in ("\u0663", "\uff13", "1\u0662", "1_0", "+3"):
        answer = await _propose(client, path, bad)
        assert answer.status_code == 400, (bad, answer.text[:200])
        assert "entre 2 et 12 mensualités" in answer.text
    assert (await _get(client, who, rec_id))["payment_plan"] is None
    assert (await _propose(client, path, " 3 ")).status_code == 303


async def test_no_plan_has_an_instalment_of_nothing(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    # 0.05 EUR left: at most 5 instalments of 0.01, never 12 of which 7 of 0.00.
    rec_id, path, who = await _claim(client, db, runtime)
    owed = (await _get(client, who, rec_id))["amounts"]["outstanding"]
    paid = await client.post(
        f"/v1/test_helpers/receivables/{rec_id}/payments",
        json={"amount": f"{owed - 0.05:.2f}"},
        headers=who.headers,
    )
    assert paid.status_code == 200, paid.text
    page = (await client.get(f"{path}/plan")).text
    assert "5 mensualités de 0,01\u00a0€" in page and "6 mensualités de" not in page
    answer = await _propose(client, path, "12")
    assert answer.status_code == 400 and "de 0,00\u00a0€" not in answer.text
    assert (await _get(client, who, rec_id))["payment_plan"] is None
    accepted = await _propose(client, path, "5")
    assert accepted.status_code == 303, accepted.text
    plan = (await _get(client, who, rec_id))["payment_plan"]
    assert [i["amount"] for i in plan["instalments"]] == [0.01] * 5


async def test_a_promise_posted_beside_a_kept_plan_holds_none_of_its_instalments(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    rec_id, path, who = await _claim(client, db, runtime)
    # A claim page opened before the plan still has the promise form.
    page = await client.get(path)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    assert (await _propose(client, path, "3")).status_code == 303
    promised = await client.post(
        f"{path}/promise", data={"csrf_token": token.group(1), "promised_for": "2026-02-14"}
    )
    assert promised.status_code == 303
    shown = await _get(client, who, rec_id)
    assert shown["next_action_at"].startswith("2026-01-20T09:00:00")  # instalment 1's reminder
    # Nothing paid: instalment 1 (due 23 January) is missed after its grace, on 29 January,
    # not found missed the day after the promise with the playbook's steps all taken at once.
    later = await _advance(client, who, rec_id, 14)
    entries = [(t["type"], t["occurred_at"][:10]) for t in later["timeline"]]
    assert ("instalment_reminder_sent", "2026-01-20") in entries
    assert ("payment_plan_broken", "2026-01-29") in entries
    assert later["payment_plan"]["status"] == "broken"


async def test_a_plan_accepted_after_the_claim_was_paid_down_has_no_instalment_of_nothing(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    rec_id, path, who = await _claim(client, db, runtime, policy={"max_instalments": 2})
    assert (await _propose(client, path, "6")).headers["location"].endswith("notice=plan_pending")
    # Before the platform answers, the debtor pays all but 0.03 EUR.
    owed = (await _get(client, who, rec_id))["amounts"]["outstanding"]
    paid = await client.post(
        f"/v1/test_helpers/receivables/{rec_id}/payments",
        json={"amount": f"{owed - 0.03:.2f}"},
        headers=who.headers,
    )
    assert paid.status_code == 200, paid.text
    accepted = await client.post(
        f"/v1/receivables/{rec_id}/payment_plan/accept", headers=who.headers
    )
    assert accepted.status_code == 200, accepted.text
    plan = accepted.json()["payment_plan"]
    assert plan["total"] == 0.03
    assert [i["amount"] for i in plan["instalments"]] == [0.01, 0.01, 0.01]


async def test_the_card_form_sent_again_says_what_was_paid_and_charges_once(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    # Under a plan the claim stays open after an instalment: the debtor who goes back to the
    # card page and presses "pay" again (or double-taps) is told what the card paid, once.
    from cleavr_connect.models import Payment

    rec_id, path, _ = await _claim(client, db, runtime)
    assert (await _propose(client, path, "3")).status_code == 303
    page = await client.get(path)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    started = await client.post(f"{path}/card", data={"csrf_token": token.group(1)})
    sandbox = started.headers["location"].removeprefix("http://testserver")
    form = {"decision": "pay", "csrf_token": token.group(1)}
    first = await client.post(sandbox, data=form)
    again = await client.post(sandbox, data=form)
    assert first.status_code == 200 and "419,46\u00a0€" in first.text
    assert "0,00\u00a0€" not in again.text
    assert again.status_code == 200 and "419,46\u00a0€" in again.text, again.text
    async with db.transaction() as session:
        paid = list((await session.execute(select(Payment))).scalars())
    assert [p.amount_cents for p in paid] == [41946]
    # a declined checkout sent again stays declined, and says so
    started = await client.post(f"{path}/card", data={"csrf_token": token.group(1)})
    sandbox = started.headers["location"].removeprefix("http://testserver")
    await client.post(sandbox, data={"decision": "decline", "csrf_token": token.group(1)})
    late = await client.post(sandbox, data=form)
    assert late.status_code == 303 and late.headers["location"].endswith("?notice=card_declined")
    async with db.transaction() as session:
        assert len(list((await session.execute(select(Payment))).scalars())) == 1
