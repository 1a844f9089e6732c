"""Commission invoices: issued when a payout is paid, numbered without gaps per mode, as a PDF
and as a Factur-X PDF whose embedded XML carries the same figures."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from dataclasses import replace

import facturx
import pdfplumber
import pytest
from lxml import etree

from cleavr_connect.config import load_settings
from cleavr_connect.errors import ConflictError
from cleavr_connect.ids import new_id
from cleavr_connect.models import Payout
from cleavr_connect.payouts import invoices
from tests.factories import caller, submitted_receivable

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
}


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages).replace("\u00a0", " ")


async def test_a_paid_payout_has_a_numbered_invoice_as_pdf_and_factur_x(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    claim = await submitted_receivable(client, db, runtime)
    who, helper = claim.who, claim.helper
    await client.post(f"{helper}/payments", json={"amount": 1000}, headers=who.headers)
    pending = (await client.get("/v1/payouts", headers=who.headers)).json()["data"][0]
    url = f"/v1/payouts/{pending['id']}/invoice"
    early = await client.get(url, headers=who.headers)
    assert early.status_code == 409 and early.json()["error"]["code"] == "invoice_not_issued"

    await client.post(f"{helper}/advance", json={"days": 1}, headers=who.headers)
    payout = (await client.get("/v1/payouts", headers=who.headers)).json()["data"][0]
    assert payout["status"] == "paid" and payout["invoice_number"] == "TEST-FC-00000001"
    # 15.90 % (45 days overdue at submission) of 1000.00 = 159.00; VAT 31.80; 190.80.
    assert (payout["commission"], payout["commission_vat"], payout["commission_incl_vat"]) == (
        159.0,
        31.8,
        190.8,
    )
    assert payout["amount"] == payout["net"] == 809.2

    assert (await client.get(url)).status_code == 401
    narrow = await caller(client, db, runtime, scope="users:read")
    assert (await client.get(url, headers=narrow.headers)).status_code == 403
    stranger = await caller(client, db, runtime)
    assert (await client.get(url, headers=stranger.headers)).status_code == 404
    bad = await client.get(url, params={"format": "docx"}, headers=who.headers)
    assert bad.status_code == 400 and bad.json()["error"]["param"] == "format"

    plain = await client.get(url, headers=who.headers)
    assert plain.status_code == 200 and plain.headers["content-type"] == "application/pdf"
    text = _text(plain.content)
    for expected in (
        "Facture de commission TEST-FC-00000001",
        # The agency's identity is not configured here: a test invoice prints zeros.
        "SIREN : 000000000",
        "FR00000000000",
        "Acme Plomberie SAS",  # the customer: the user
        "SIREN : 732829320",
        "FR44732829320",
        "Total HT 159,00 €",
        "TVA au taux de 20 % 31,80 €",
        "Total TTC 190,80 €",
        "Prestation de services",
    ):
        assert expected in text, (expected, text)
    # One invoice of the claim: singular (the table's cell wraps after "Facture").
    number = claim.receivable["invoice"]["numbers"][0]
    assert f"{number}," in text and "Factures" not in text, text
    # The rate in French: a decimal comma.
    assert "15,9 %" in text and "15.90" not in text, text

    fx = await client.get(url, params={"format": "facturx"}, headers=who.headers)
    assert fx.status_code == 200
    _, xml = facturx.get_xml_from_pdf(fx.content, check_xsd=True)
    root = etree.fromstring(xml)
    assert root.findtext(".//rsm:ExchangedDocument/ram:ID", namespaces=NS) == "TEST-FC-00000001"
    summary = ".//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:"
    assert root.findtext(summary + "TaxBasisTotalAmount", namespaces=NS) == "159.00"
    assert root.findtext(summary + "TaxTotalAmount", namespaces=NS) == "31.80"
    assert root.findtext(summary + "GrandTotalAmount", namespaces=NS) == "190.80"

    # The next payout's invoice takes the next number: no gap.
    await client.post(f"{helper}/payments", json={"amount": 100}, headers=who.headers)
    await client.post(f"{helper}/advance", json={"days": 1}, headers=who.headers)
    numbers = sorted(
        p["invoice_number"]
        for p in (await client.get("/v1/payouts", headers=who.headers)).json()["data"]
    )
    assert numbers == ["TEST-FC-00000001", "TEST-FC-00000002"]


async def test_one_gapless_sequence_per_mode(db) -> None:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        assert await invoices.next_number(session, False) == 1
        assert await invoices.next_number(session, True) == 1
        assert await invoices.next_number(session, False) == 2
    with pytest.raises(RuntimeError):
        async with db.transaction() as session:
            assert await invoices.next_number(session, False) == 3
            raise RuntimeError("the payout could not be paid")
    async with db.transaction() as session:
        assert await invoices.next_number(session, False) == 3  # given back by the rollback


async def test_concurrent_issuers_wait_for_each_other(db) -> None:  # type: ignore[no-untyped-def]
    if db.dialect != "postgresql":
        pytest.skip("SQLite runs one writer at a time: there is nothing to race")
    async with db.transaction() as session:
        await invoices.next_number(session, True)  # the mode's row exists, as after migrating

    async def issue(hold: float) -> int:
        async with db.transaction() as session:
            number = await invoices.next_number(session, True)
            await asyncio.sleep(hold)  # still in the transaction: the row stays locked
            return number

    numbers = await asyncio.gather(*(issue(0.05) for _ in range(8)))
    assert sorted(numbers) == list(range(2, 10))


async def test_no_live_invoice_without_the_agency_legal_identity(db, runtime) -> None:  # type: ignore[no-untyped-def]
    def live_payout() -> Payout:
        return Payout(
            id=new_id("po", livemode=True),
            user_id="usr_absent",
            platform_id="plt_x",
            account_id="acct_x",
            livemode=True,
            payout_date=dt.date(2026, 3, 2),
            amount_cents=80_920,
            commission_cents=15_900,
            commission_vat_cents=3_180,
            gross_cents=100_000,
            status="pending",
            created_at=runtime.clock.now(),
        )

    assert runtime.settings.legal_siren == "" and runtime.settings.legal_vat_number == ""
    async with db.transaction() as session:
        payout = live_payout()
        session.add(payout)
        await session.flush()
        with pytest.raises(ConflictError) as refused:
            await invoices.issue(session, runtime, payout)
        assert refused.value.code == "legal_identity_missing"
        assert refused.value.param == "CLEAVR_LEGAL_SIREN"
        assert "CLEAVR_LEGAL_VAT_NUMBER" in refused.value.message
        assert payout.invoice is None
        # No number was spent on the refused invoice: the live sequence still starts at 1.
        assert await invoices.next_number(session, True) == 1

    runtime.settings = replace(runtime.settings, legal_siren="732829320")
    with pytest.raises(ConflictError) as half:
        invoices.seller_identity(runtime.settings, livemode=True)
    assert half.value.param == "CLEAVR_LEGAL_VAT_NUMBER"

    runtime.settings = replace(runtime.settings, legal_vat_number="FR44732829320")
    async with db.transaction() as session:
        payout = live_payout()
        payout.payout_date = dt.date(2026, 3, 3)
        session.add(payout)
        await session.flush()
        invoice = await invoices.issue(session, runtime, payout)
    assert invoice is not None and invoice["number"] == "FC-00000002"
    assert invoice["seller"]["siren"] == "732829320"
    assert invoice["seller"]["vat_number"] == "FR44732829320"


def test_a_malformed_legal_identity_stops_the_start(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CLEAVR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CLEAVR_SECRET_KEY", "k" * 40)
    monkeypatch.setenv("CLEAVR_LEGAL_SIREN", "732 829 320")
    monkeypatch.setenv("CLEAVR_LEGAL_VAT_NUMBER", "fr 44 732829320")
    loaded = load_settings()
    assert (loaded.legal_siren, loaded.legal_vat_number) == ("732829320", "FR44732829320")
    monkeypatch.setenv("CLEAVR_LEGAL_SIREN", "732829321")  # Luhn fails
    with pytest.raises(SystemExit, match="CLEAVR_LEGAL_SIREN"):
        load_settings()
    monkeypatch.setenv("CLEAVR_LEGAL_SIREN", "732829320")
    monkeypatch.setenv("CLEAVR_LEGAL_VAT_NUMBER", "FR45732829320")  # wrong key
    with pytest.raises(SystemExit, match="CLEAVR_LEGAL_VAT_NUMBER"):
        load_settings()
