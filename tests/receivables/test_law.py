"""French-law rules through the API, with figures computed by hand: debtor kinds, a consumer's
legal interest from the formal notice, direct payments, waivers, written-off claims."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from cleavr_connect.models import DebtorMessage
from tests.factories import active_user, caller, receivable_body, submitted_receivable


def _consumer(user_id: str, amount: float = 600.0) -> dict[str, Any]:
    body = receivable_body(user_id)
    body["invoice"].update(
        amount=amount, amount_before_tax=round(amount / 1.2, 2), tax_amount=round(amount / 6, 2)
    )
    body["debtor"]["company_type"] = "consumer"
    body["debtor"]["company_name"] = "Jeanne Martin"
    del body["debtor"]["siret"]
    return body


async def test_a_600_consumer_claim_owes_legal_interest_only_after_the_formal_notice(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post("/v1/receivables", json=_consumer(user["id"]), headers=who.headers)
    ).json()
    assert rec["debtor"]["company_type"] == "consumer"
    url = f"/v1/test_helpers/receivables/{rec['id']}/advance"
    # Due 2025-12-01, 45 days before submission: a professional would owe penalties and €40.
    assert rec["amounts"]["late_penalties"] == rec["amounts"]["interest"] == 0.0
    assert rec["amounts"]["fixed_indemnity"] == 0.0 and rec["amounts"]["total_claimable"] == 600.0
    before = (await client.post(url, json={"days": 29}, headers=who.headers)).json()
    assert before["amounts"]["interest"] == 0.0 and before["amounts"]["outstanding"] == 600.0
    notice = (await client.post(url, json={"days": 1}, headers=who.headers)).json()
    assert "formal_notice_sent" in [t["type"] for t in notice["timeline"]]  # on 2026-02-14
    after = (await client.post(url, json={"days": 20}, headers=who.headers)).json()
    # 15 Feb – 6 Mar 2026: 20 days at 2.62 % on 600.00: 600 × 2.62 × 20 / 36500 = 0.8613… → 0.86
    assert after["amounts"]["interest"] == 0.86
    assert after["amounts"]["late_penalties"] == 0.0 and after["amounts"]["fixed_indemnity"] == 0.0
    assert after["amounts"]["outstanding"] == 600.86
    async with db.transaction() as session:
        notices = (
            (
                await session.execute(
                    select(DebtorMessage.body).where(DebtorMessage.template == "formal_notice")
                )
            )
            .scalars()
            .all()
        )
    assert notices and all("intérêts au taux légal" in b for b in notices)
    assert not any("L441-10" in b or "40 EUR" in b for b in notices)


@pytest.mark.parametrize(
    ("sent", "stored"), [("individual", "consumer"), ("sole_trader", "sole_trader")]
)
async def test_debtor_kinds(client, db, runtime, sent, stored) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    body = receivable_body(user["id"])
    body["debtor"]["company_type"] = sent
    rec = (await client.post("/v1/receivables", json=body, headers=who.headers)).json()
    assert rec["debtor"]["company_type"] == stored
    # A sole trader is a professional: €40 and penalties (2 Dec – 15 Jan, 45 days at 12.15 %:
    # 1200 × 12.15 × 45 / 36500 = 17.9753… → 17.98); the 2025 `individual` is a consumer.
    expected = (17.98, 40.0) if stored == "sole_trader" else (0.0, 0.0)
    assert (rec["amounts"]["late_penalties"], rec["amounts"]["fixed_indemnity"]) == expected


async def test_a_contract_rate_of_1_percent_is_raised_to_the_floor(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    body = receivable_body(user["id"])
    body["invoice"]["late_penalty_rate"] = 1
    rec = (await client.post("/v1/receivables", json=body, headers=who.headers)).json()
    # 2 – 31 Dec 2025: 30 days at 3 × 2.76 = 8.28 %; 1 – 15 Jan 2026: 15 days at 3 × 2.62 =
    # 7.86 %. 1200 × (30 × 8.28 + 15 × 7.86) / 36500 = 1200 × 366.3 / 36500 = 12.0427… → 12.04
    # (at 1 %: 1.48).
    assert rec["amounts"]["late_penalties"] == 12.04
    assert rec["invoice"]["late_penalty_rate"] == 1.0


async def test_direct_payment_reduces_the_claim_and_owes_commission(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    claim = await submitted_receivable(client, db, runtime)
    who, rec = claim.who, claim.receivable
    url = f"/v1/receivables/{rec['id']}/direct_payments"
    assert (await client.post(url, json={"amount": 100})).status_code == 401
    reader = await caller(client, db, runtime, scope="receivables:read")
    assert (await client.post(url, json={"amount": 100}, headers=reader.headers)).status_code == 403
    stranger = await caller(client, db, runtime)
    other = await client.post(url, json={"amount": 100}, headers=stranger.headers)
    assert other.status_code == 404
    bad = await client.post(url, json={"amount": 0}, headers=who.headers)
    assert bad.status_code == 400 and bad.json()["error"]["param"] == "amount"
    early = await client.post(
        url, json={"amount": 50, "paid_at": "2026-01-10"}, headers=who.headers
    )
    assert early.status_code == 400
    assert early.json()["error"]["param"] == "paid_at"
    assert early.json()["error"]["code"] == "paid_before_submission"

    done = await client.post(url, json={"amount": 100}, headers=who.headers)
    assert done.status_code == 200, done.text
    figures = done.json()["amounts"]
    # Submitted 45 days overdue: 15.90 % of 100.00 = 15.90, VAT 3.18; the creditor already
    # has the money, so the 19.08 is deducted from what Cleavr pays out.
    assert figures["paid_directly"] == 100.0 and figures["amount_recovered"] == 100.0
    assert (figures["commission"], figures["commission_vat"]) == (15.9, 3.18)
    assert figures["net"] == -19.08
    # 1200 + 17.98 + 40 − 100 (imputed: 17.98 penalties, 40 indemnity, 42.02 principal)
    assert figures["outstanding"] == 1157.98
    payment = (
        await client.get(f"/v1/receivables/{rec['id']}/payments", headers=who.headers)
    ).json()["data"][0]
    assert payment["source"] == "direct" and payment["net"] == -19.08


async def test_waiving_the_accessories_then_paying_the_principal_recovers(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    claim = await submitted_receivable(client, db, runtime)
    who, rec = claim.who, claim.receivable
    url = f"/v1/receivables/{rec['id']}/waive"
    assert (await client.post(url, json={"late_penalties": True})).status_code == 401
    reader = await caller(client, db, runtime, scope="receivables:read")
    assert (
        await client.post(url, json={"late_penalties": True}, headers=reader.headers)
    ).status_code == 403
    stranger = await caller(client, db, runtime)
    assert (
        await client.post(url, json={"late_penalties": True}, headers=stranger.headers)
    ).status_code == 404
    nothing = await client.post(url, json={}, headers=who.headers)
    assert nothing.status_code == 400 and nothing.json()["error"]["code"] == "nothing_to_waive"

    waived = await client.post(
        url,
        json={"late_penalties": True, "fixed_indemnity": True, "reason": "goodwill"},
        headers=who.headers,
    )
    assert waived.status_code == 200, waived.text
    figures = waived.json()["amounts"]
    # 17.98 of penalties (45 days at 12.15 % on 1200.00) and the €40 given up.
    assert figures["waived"] == 57.98 and figures["outstanding"] == 1200.0
    assert waived.json()["waived"]["on"] == "2026-01-15"
    helper = claim.helper
    later = (await client.post(f"{helper}/advance", json={"days": 10}, headers=who.headers)).json()
    assert later["amounts"]["outstanding"] == 1200.0  # nothing accrues after the waiver
    paid = await client.post(f"{helper}/payments", json={"amount": 1200}, headers=who.headers)
    assert paid.json()["status"] == "recovered" and paid.json()["amounts"]["outstanding"] == 0.0
    again = await client.post(url, json={"late_penalties": True}, headers=who.headers)
    assert again.status_code == 409


async def test_the_waiver_in_the_timeline_is_money_with_two_decimals(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    claim = await submitted_receivable(client, db, runtime)
    waived = await client.post(
        f"/v1/receivables/{claim.receivable['id']}/waive",
        json={"fixed_indemnity": True},
        headers=claim.who.headers,
    )
    assert waived.status_code == 200, waived.text
    entry = waived.json()["timeline"][-1]
    assert entry["type"] == "accessories_waived" and entry["details"]["waived"] == 40.0
    assert entry["description"] == "The creditor waived 40.00 EUR of accessories."
    # As every amount on the wire: `40.00`, not `40.0`.
    assert b'"waived":40.00,' in waived.content and b'"waived":40.0,' not in waived.content


async def test_a_cancelled_claim_shows_what_was_written_off(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    claim = await submitted_receivable(client, db, runtime)
    who, rec = claim.who, claim.receivable
    await client.post(
        f"/v1/receivables/{rec['id']}/cancel", json={"reason": "settled"}, headers=who.headers
    )
    await client.post(
        f"/v1/test_helpers/receivables/{rec['id']}/advance", json={"days": 1}, headers=who.headers
    )
    figures = (await client.get(f"/v1/receivables/{rec['id']}", headers=who.headers)).json()[
        "amounts"
    ]
    # Stopped on the day it was cancelled: 1200 + 17.98 + 40, none of it outstanding.
    assert figures["outstanding"] == 0.0 and figures["written_off"] == 1257.98


async def test_a_user_whose_contract_puts_principal_first(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    assert user["settings"] == {"payment_imputation": "accessories_first"}
    patched = await client.patch(
        f"/v1/users/{user['id']}",
        json={"settings": {"payment_imputation": "principal_first"}},
        headers=who.headers,
    )
    assert patched.status_code == 200 and patched.json()["settings"]["payment_imputation"] == (
        "principal_first"
    )
    bad = await client.patch(
        f"/v1/users/{user['id']}",
        json={"settings": {"payment_imputation": "x"}},
        headers=who.headers,
    )
    assert bad.status_code == 400
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    paid = await client.post(
        f"/v1/test_helpers/receivables/{rec['id']}/payments",
        json={"amount": 1000},
        headers=who.headers,
    )
    # All 1000.00 to principal: 200.00 + 17.98 + 40.00 still owed.
    assert paid.json()["amounts"]["outstanding"] == 257.98
