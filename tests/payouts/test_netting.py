"""A day's payout that ends negative (commission owed on payments the debtor made to the creditor
directly) sends no transfer: its balance is netted into the user's next payout, and its
commission invoice states what is still owed. Figures computed by hand below."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import facturx
import pdfplumber
from lxml import etree
from sqlalchemy import select, update

from cleavr_connect.models import Payout, User
from cleavr_connect.payments import reconcile
from cleavr_connect.payouts import sepa
from tests.factories import active_user, caller, receivable_body
from tests.payments.statements import Entry, camt053

NS = {"ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}
# 6000.00 claimed so that every payment below is counted whole; submitted 45 days overdue, so
# the commission rate is 15.90 % for all of them.
BIG = {"amount": 6000.00, "amount_before_tax": 5000.00, "tax_amount": 1000.00}


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = "\n".join(page.extract_text() or "" for page in doc.pages)
    return " ".join(text.replace("\u00a0", " ").split())  # lines joined: wrapping aside


async def _claim(client, db, runtime) -> tuple[Any, dict[str, Any], str]:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post(
            "/v1/receivables", json=receivable_body(user["id"], invoice=BIG), headers=who.headers
        )
    ).json()
    assert rec["commission_rate"] == 15.9, rec
    return who, user, rec["id"]


async def _payouts(client, who) -> dict[str, dict[str, Any]]:  # type: ignore[no-untyped-def]
    listed = (await client.get("/v1/payouts", headers=who.headers)).json()["data"]
    return {p["payout_date"]: p for p in listed}


async def test_a_negative_day_is_carried_to_the_next_payout(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who, _, rec_id = await _claim(client, db, runtime)
    helper = f"/v1/test_helpers/receivables/{rec_id}"
    direct = f"/v1/receivables/{rec_id}/direct_payments"

    # 15 January: 100.00 collected by Cleavr, 1000.00 paid to the creditor directly.
    # Commission 15.90 + 159.00 = 174.90, VAT 3.18 + 31.80 = 34.98, 209.88 incl. VAT.
    # Balance 100.00 − 209.88 = −109.88: nothing is sent.
    await client.post(f"{helper}/payments", json={"amount": 100}, headers=who.headers)
    assert (await client.post(direct, json={"amount": 1000}, headers=who.headers)).is_success
    await client.post(f"{helper}/advance", json={"days": 1}, headers=who.headers)
    first = (await _payouts(client, who))["2026-01-15"]
    assert first["status"] == "carried_forward"
    assert (first["gross_amount"], first["commission"], first["commission_vat"]) == (
        100.0,
        174.9,
        34.98,
    )
    assert first["amount"] == -109.88 and first["carried_forward"] == -109.88
    assert first["transfer_amount"] == 0 and first["carried_in"] == 0
    # The platform learns it by an event carrying the payout, not a `payout.paid`.
    announced = (
        await client.get(
            "/v1/events", params={"type": "payout.carried_forward"}, headers=who.headers
        )
    ).json()["data"]
    assert [e["data"]["object"]["id"] for e in announced] == [first["id"]]
    assert announced[0]["data"]["object"]["carried_forward"] == -109.88
    paid = await client.get("/v1/events", params={"type": "payout.paid"}, headers=who.headers)
    assert paid.json()["data"] == []

    # Its invoice is issued all the same: 100.00 of the 209.88 was deducted from the day's
    # collections, 109.88 remains due.
    assert first["invoice_number"] == "TEST-FC-00000001"
    url = f"/v1/payouts/{first['id']}/invoice"
    text = _text((await client.get(url, headers=who.headers)).content)
    assert "Total TTC 209,88 €" in text
    assert f"Déduit du versement {first['id']} du 15/01/2026 : 100,00 €" in text
    assert "Reste dû : 109,88 €, déduit de votre prochain versement" in text
    fx = (await client.get(url, params={"format": "facturx"}, headers=who.headers)).content
    _, xml = facturx.get_xml_from_pdf(fx, check_xsd=True)
    root = etree.fromstring(xml)
    summation = ".//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:"
    assert root.findtext(summation + "GrandTotalAmount", namespaces=NS) == "209.88"
    assert root.findtext(summation + "TotalPrepaidAmount", namespaces=NS) == "100.00"
    assert root.findtext(summation + "DuePayableAmount", namespaces=NS) == "109.88"

    # 16 January: 50.00 collected, commission 7.95 + VAT 1.59 = 9.54, day's net 40.46;
    # with the −109.88 carried in: −69.42, carried again. All 9.54 of its invoice is due.
    await client.post(f"{helper}/payments", json={"amount": 50}, headers=who.headers)
    await client.post(f"{helper}/advance", json={"days": 1}, headers=who.headers)
    shown = await _payouts(client, who)
    second = shown["2026-01-16"]
    assert second["status"] == "carried_forward"
    assert second["amount"] == 40.46 and second["carried_in"] == -109.88
    assert second["carried_forward"] == -69.42 and second["transfer_amount"] == 0
    assert shown["2026-01-15"]["carried_to"] == second["id"]
    text = _text(
        (await client.get(f"/v1/payouts/{second['id']}/invoice", headers=who.headers)).content
    )
    assert "Total TTC 9,54 €" in text and "Reste dû : 9,54 €" in text

    # 17 January: 300.00 collected, commission 47.70 + VAT 9.54 = 57.24, net 242.76; with
    # −69.42 carried in the transfer is 173.34 (= 450.00 collected − 276.66 of commissions).
    await client.post(f"{helper}/payments", json={"amount": 300}, headers=who.headers)
    await client.post(f"{helper}/advance", json={"days": 1}, headers=who.headers)
    shown = await _payouts(client, who)
    third = shown["2026-01-17"]
    assert third["status"] == "paid"
    assert third["amount"] == 242.76 and third["carried_in"] == -69.42
    assert third["transfer_amount"] == 173.34 and third["carried_forward"] == 0
    assert shown["2026-01-16"]["carried_to"] == third["id"]
    assert shown["2026-01-15"]["carried_to"] == second["id"]  # absorbed once, not twice
    text = _text(
        (await client.get(f"/v1/payouts/{third['id']}/invoice", headers=who.headers)).content
    )
    assert "Total TTC 57,24 €" in text and "Reste dû" not in text
    assert "Acquittée : déduite du versement" in text


async def test_the_transfer_file_carries_the_netted_amount_and_never_a_negative_one(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    who, user, rec_id = await _claim(client, db, runtime)
    async with db.transaction() as session:
        await session.execute(
            update(User)
            .where(User.id == user["id"])
            .values(payout_iban_encrypted=runtime.keys.encrypt("FR1420041010050500013M02606"))
        )
    helper = f"/v1/test_helpers/receivables/{rec_id}"
    direct = f"/v1/receivables/{rec_id}/direct_payments"
    # 15 January: 1000.00 paid directly: 159.00 + 31.80 owed, balance −190.80.
    await client.post(direct, json={"amount": 1000}, headers=who.headers)
    await client.post(f"{helper}/advance", json={"days": 1}, headers=who.headers)
    # 16 January: 300.00 collected, net 242.76; exported with −190.80 netted in: 51.96.
    await client.post(f"{helper}/payments", json={"amount": 300}, headers=who.headers)
    async with db.transaction() as session:
        day = (await _payouts(client, who))["2026-01-16"]
        exported = await sepa.export(session, runtime, day=dt.date(2026, 1, 16), livemode=False)
    assert [p["id"] for p in exported.payouts] == [day["id"]]
    assert exported.payouts[0]["transfer_amount"] == Decimal("51.96")
    text = exported.xml.decode()
    assert "<CtrlSum>51.96</CtrlSum>" in text and 'Ccy="EUR">51.96<' in text

    # The bank's debit of 51.96 is recognised as that payout.
    async with db.transaction() as session:
        debit = camt053([Entry("51.96", "OUT-1", direction="DBIT", end_to_end=day["id"])])
        result = await reconcile.import_statement(session, runtime, debit, livemode=False)
    assert result.payouts_paid == [day["id"]]

    # 17 January: 500.00 paid directly: 79.50 + 15.90 = 95.40 owed, a day of −95.40: the
    # export sends no transfer at all and carries it.
    await client.post(f"{helper}/advance", json={"days": 1}, headers=who.headers)
    await client.post(direct, json={"amount": 500}, headers=who.headers)
    async with db.transaction() as session:
        negative = await sepa.export(session, runtime, day=dt.date(2026, 1, 17), livemode=False)
        assert negative.xml == b"" and negative.payouts == []
        assert [p["amount"] for p in negative.carried] == [Decimal("-95.40")]
        rows = {
            p.payout_date.isoformat(): p for p in (await session.execute(select(Payout))).scalars()
        }
    assert rows["2026-01-17"].status == "carried_forward"
    assert rows["2026-01-15"].carried_to_id == day["id"]
