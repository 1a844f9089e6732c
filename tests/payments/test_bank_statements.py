"""Bank statements in (camt.053): matched credits become payments exactly once (SPEC §13)."""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pytest
from lxml import etree
from sqlalchemy import func, select, update
from stdnum import iso11649

from cleavr_connect.errors import ValidationError
from cleavr_connect.models import BankEntry, Event, Payment, Payout, Receivable, User
from cleavr_connect.payments import camt, reconcile
from cleavr_connect.payouts import sepa
from tests.payments.statements import NS as camt_ns
from tests.payments.statements import Entry, camt053
from tests.payments.statements import receivables as _receivables


async def test_three_matching_credits_and_a_stray_one_imported_twice(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    ids, refs, _ = await _receivables(client, db, runtime, 3)
    statement = camt053(
        [
            Entry("100.00", "BANKREF-1", structured=refs[0]),
            # The debtor typed the reference in the free text, spaced and in lower case.
            Entry(
                "250.50",
                "BANKREF-2",
                unstructured=f"Facture {iso11649.format(refs[1]).lower()} merci",
            ),
            Entry("1257.98", "BANKREF-3", unstructured=f"PAIEMENT/{refs[2]}"),
            Entry("42.00", "BANKREF-4", unstructured="VIREMENT LOYER JANVIER"),
        ]
    )
    for attempt in range(2):
        async with db.transaction() as session:
            result = await reconcile.import_statement(session, runtime, statement, livemode=False)
        if attempt == 0:
            assert [p["receivable_id"] for p in result.payments] == ids
            assert [p["amount"] for p in result.payments] == [
                Decimal("100.00"),
                Decimal("250.50"),
                Decimal("1257.98"),
            ]
            assert [u["reason"] for u in result.unmatched] == ["no_reference"]
            assert result.unmatched[0]["amount"] == 42.0
        else:
            assert result.payments == [] and result.unmatched == [] and result.duplicates == 4

    async with db.transaction() as session:
        payments = list(
            (await session.execute(select(Payment).order_by(Payment.amount_cents))).scalars()
        )
        assert [(p.amount_cents, p.source) for p in payments] == [
            (10000, "bank_transfer"),
            (25050, "bank_transfer"),
            (125798, "bank_transfer"),
        ]
        # the full payment recovered its claim, with its events
        third = await session.get(Receivable, ids[2])
        assert third is not None and third.status == "recovered"
        received = (
            await session.execute(
                select(func.count()).select_from(Event).where(Event.type == "payment.received")
            )
        ).scalar_one()
        assert received == 3
        stray = await reconcile.unmatched(session, livemode=False)
        assert [(e.amount_cents, e.remittance) for e in stray] == [(4200, "VIREMENT LOYER JANVIER")]
        assert (
            await session.execute(select(func.count()).select_from(BankEntry))
        ).scalar_one() == 4


async def test_credits_that_cannot_be_recorded_stay_unmatched(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    ids, refs, _ = await _receivables(client, db, runtime, 1)
    # Check digits are compared modulo 97 (00 is as good as 97): one more, modulo 97, is wrong.
    bad_check = refs[0][:2] + f"{(int(refs[0][2:4]) + 1) % 97:02d}" + refs[0][4:]
    statement = camt053(
        [
            Entry("5000.00", "R-1", structured=refs[0]),  # a test receivable's reference
            Entry("10.00", "R-2", structured=bad_check),  # a reference with a wrong check
        ]
    )
    async with db.transaction() as session:
        result = await reconcile.import_statement(session, runtime, statement, livemode=True)
        assert result.payments == []
        # a live statement never pays a test receivable
        assert [u["reason"] for u in result.unmatched] == ["unknown_reference", "no_reference"]
    # More than is owed arrived: recorded, the claim recovered, the excess flagged for refund
    # (1200.00 + 17.98 of penalties + 40.00 were owed: 5000.00 − 1257.98 = 3742.02).
    async with db.transaction() as session:
        result = await reconcile.import_statement(
            session, runtime, camt053([Entry("5000.00", "R-9", structured=refs[0])]), livemode=False
        )
        assert result.unmatched == []
        assert [(p["overpayment"], p["refund_due"]) for p in result.payments] == [
            (Decimal("3742.02"), True)
        ]
        rec = await session.get(Receivable, ids[0])
        assert rec is not None and rec.status == "recovered"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<not xml", "not well-formed"),
        (b'<Document xmlns="urn:example"/>', "not a camt.053"),
        (
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt/></Document>',
            "invalid against camt.053.001.02.xsd",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">'
            b"<BkToCstmrStmt>&x;</BkToCstmrStmt></Document>",
            "DOCTYPE",
        ),
        (
            b'<!DOCTYPE Document><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">'
            b"<BkToCstmrStmt/></Document>",
            "DOCTYPE",
        ),
        # The schema takes 5 decimals; a euro amount has 2, and is never rounded into a payment.
        (camt053([Entry("12.345", "A", structured="RF18539007547034")]), "more than 2 decimals"),
    ],
)
def test_a_file_that_is_not_a_valid_statement_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(camt.StatementError, match=message):
        camt.read(data)


def test_trailing_zeros_are_no_third_decimal() -> None:
    lines = camt.read(camt053([Entry("12.340", "A", structured="RF18539007547034")]))
    assert [line.amount_cents for line in lines] == [1234]


async def test_an_invalid_statement_records_nothing(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        with pytest.raises(ValidationError) as caught:
            await reconcile.import_statement(session, runtime, b"<x/>", livemode=False)
    assert caught.value.errors[0].param == "file"
    assert caught.value.errors[0].code == "invalid_statement"


async def test_payouts_leave_in_a_valid_pain001_and_the_debit_pays_them(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    ids, refs, user_id = await _receivables(client, db, runtime, 2)
    async with db.transaction() as session:
        await session.execute(
            update(User)
            .where(User.id == user_id)
            .values(
                payout_iban_encrypted=runtime.keys.encrypt("FR1420041010050500013M02606"),
                payout_account_holder="Plomberie Martin & Fils",
            )
        )
        await reconcile.import_statement(
            session,
            runtime,
            camt053(
                [Entry("100.00", "A", structured=refs[0]), Entry("200.00", "B", structured=refs[1])]
            ),
            livemode=False,
        )
    async with db.transaction() as session:
        payout = (await session.execute(select(Payout))).scalar_one()
        day = payout.payout_date
        exported = await sepa.export(session, runtime, day=day, livemode=False)
        assert [p["id"] for p in exported.payouts] == [payout.id]
        assert payout.status == "in_transit"
    sepa.validate(exported.xml)  # against the pain.001.001.03 XSD sepaxml ships
    text = exported.xml.decode()
    # SEPA identifiers keep to the EPC basic Latin set (EPC's RestrictedIdentificationSEPA1):
    # the payout's id with `-` for `_`.
    end_to_end = payout.id.replace("_", "-")
    assert (
        "FR1420041010050500013M02606" in text and f"<EndToEndId>{end_to_end}</EndToEndId>" in text
    )
    document = etree.fromstring(exported.xml)
    for tag in ("MsgId", "PmtInfId", "EndToEndId", "Ustrd", "Nm"):
        for found in document.iter(f"{{*}}{tag}"):
            assert re.fullmatch(r"[A-Za-z0-9/?:().,'+ -]{1,140}", found.text or ""), (
                tag,
                found.text,
            )
    assert f"<CtrlSum>{payout.amount_cents / 100:.2f}</CtrlSum>" in text
    # The message id: when the file was made, on our clock and a 24-hour one, then random.
    (msg_id,) = [found.text for found in document.iter("{*}MsgId")]
    assert re.fullmatch(rf"{runtime.clock.now():%Y%m%d%H%M%S}-[0-9A-F]{{12}}", msg_id or "")
    assert sepa.message_id(datetime(2026, 1, 15, 15, 30, 5)).startswith("20260115153005-")
    assert "<NbOfTxs>1</NbOfTxs>" in text
    # `&` is outside the EPC basic set that every SEPA bank must take.
    assert "<Nm>Plomberie Martin Fils</Nm>" in text
    with pytest.raises(ValueError, match="pain.001 invalid"):
        sepa.validate(exported.xml.replace(b"<NbOfTxs>1</NbOfTxs>", b"<NbOfTxs>x</NbOfTxs>"))

    async with db.transaction() as session:
        again = await sepa.export(session, runtime, day=day, livemode=False)
        assert again.payouts == [] and again.xml == b""  # nothing is paid out twice
        debit = camt053(
            [
                Entry(
                    f"{payout.amount_cents / 100:.2f}",
                    "OUT-1",
                    direction="DBIT",
                    end_to_end=end_to_end,
                )
            ]
        )
        result = await reconcile.import_statement(session, runtime, debit, livemode=False)
        assert result.payouts_paid == [payout.id] and result.unmatched == []
    async with db.transaction() as session:
        paid = await session.get(Payout, payout.id)
        assert paid is not None and paid.status == "paid"
        events = (
            (await session.execute(select(Event).where(Event.type == "payout.paid")))
            .scalars()
            .all()
        )
        assert [e.data["object"]["id"] for e in events] == [payout.id]


async def test_mark_paid_by_the_operator(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    ids, refs, user_id = await _receivables(client, db, runtime, 1)
    async with db.transaction() as session:
        await reconcile.import_statement(
            session, runtime, camt053([Entry("100.00", "A", structured=refs[0])]), livemode=False
        )
        payout = (await session.execute(select(Payout))).scalar_one()
        done = await sepa.mark_paid(session, runtime, [payout.id])
        assert done[0]["status"] == "paid"


async def test_the_operator_imports_a_statement_over_http(settings, runtime, db, client) -> None:  # type: ignore[no-untyped-def]
    import httpx

    from cleavr_connect.app import create_app

    ids, refs, _ = await _receivables(client, db, runtime, 1)
    statement = camt053([Entry("100.00", "HTTP-1", structured=refs[0]), Entry("5.00", "HTTP-2")])
    # without CLEAVR_ADMIN_TOKEN the endpoint does not exist
    assert (await client.post("/admin/bank_statements", content=statement)).status_code == 404

    admin = replace(settings, admin_token="op-secret-token-0123456789")
    runtime.settings = admin
    app = create_app(admin, runtime=runtime, database=db)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        url = "/admin/bank_statements?mode=test"
        assert (await http.post(url, content=statement)).status_code == 401
        wrong = {"Authorization": "Bearer nope"}
        assert (await http.post(url, content=statement, headers=wrong)).status_code == 401
        ok = {"Authorization": "Bearer op-secret-token-0123456789"}
        bad = await http.post(url, content=b"<x/>", headers=ok)
        assert bad.status_code == 400 and bad.json()["error"]["errors"][0]["param"] == "file"
        mode = await http.post("/admin/bank_statements?mode=x", content=statement, headers=ok)
        assert mode.status_code == 400
        answer = await http.post(url, content=statement, headers=ok)
        assert b'"amount":5.00' in answer.content  # a number with two decimals, as in the API
        first = answer.json()
        assert [p["receivable_id"] for p in first["payments"]] == ids
        assert [u["amount"] for u in first["unmatched"]] == [5.0]
        again = (await http.post(url, content=statement, headers=ok)).json()
        assert again["payments"] == [] and again["duplicates"] == 2
        # A real month's statement is far over the 64 KB of an ordinary form.
        month = camt053([Entry("1.00", f"BULK-{n}", unstructured="x" * 140) for n in range(400)])
        assert len(month) > 200 * 1024
        bulk = await http.post(url, content=month, headers=ok)
        assert bulk.status_code == 200, bulk.text[:300]
        assert bulk.json()["lines"] == 400


def _batch(amounts: list[str | None], entry_amount: str) -> bytes:
    """One booked credit of `entry_amount` whose transactions carry `amounts` (None: none) and
    the creditor references REF0, REF1, …"""
    ns = {"c": camt_ns}
    root = etree.fromstring(camt053([Entry(entry_amount, "BATCH", structured="REF")]))
    details = root.find(".//c:NtryDtls", ns)
    assert details is not None
    template = details[0]
    details.remove(template)
    for index, amount in enumerate(amounts):
        tx = copy.deepcopy(template)
        ref = tx.find(".//c:Ref", ns)
        assert ref is not None
        ref.text = f"REF{index}"
        if amount is not None:
            amt = etree.Element(f"{{{camt_ns}}}AmtDtls")
            tx_amt = etree.SubElement(amt, f"{{{camt_ns}}}TxAmt")
            etree.SubElement(tx_amt, f"{{{camt_ns}}}Amt", Ccy="EUR").text = amount
            tx.insert(1, amt)  # after Refs, as the schema orders them
        details.append(tx)
    return etree.tostring(root)


def test_a_batch_transaction_without_its_amount_gets_the_rest_of_the_entry() -> None:
    lines = camt.read(_batch(["20.00", None, "5.00"], "30.00"))
    assert [(line.amount_cents, line.structured_reference) for line in lines] == [
        (2000, "REF0"),
        (500, "REF1"),
        (500, "REF2"),
    ]
    # Two without theirs: the 10.00 left is one line naming nobody (it pays no claim).
    lines = camt.read(_batch(["20.00", None, None], "30.00"))
    assert [(line.amount_cents, line.structured_reference) for line in lines] == [
        (2000, "REF0"),
        (1000, None),
    ]
    assert lines[1].remittance is None and lines[1].counterparty is None


def _without_bank_references(data: bytes) -> bytes:
    root = etree.fromstring(data)
    for found in list(root.iter(f"{{{camt_ns}}}AcctSvcrRef")):
        found.getparent().remove(found)  # type: ignore[union-attr]
    return etree.tostring(root)


async def test_identical_entries_without_bank_reference_are_each_recorded_once(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    # The debtor pays 100.00 twice the same day with the same reference; the bank gives no
    # entry reference: two payments, and importing the file again records neither twice.
    ids, refs, _ = await _receivables(client, db, runtime, 1)
    entry = Entry("100.00", "unused", structured=refs[0])
    statement = _without_bank_references(camt053([entry, entry]))
    lines = camt.read(statement)
    assert len({line.dedupe_key for line in lines}) == 2
    for attempt in range(2):
        async with db.transaction() as session:
            result = await reconcile.import_statement(session, runtime, statement, livemode=False)
        assert (len(result.payments), result.duplicates) == ((2, 0) if attempt == 0 else (0, 2))
    async with db.transaction() as session:
        paid = await session.scalar(
            select(func.sum(Payment.amount_cents)).where(Payment.receivable_id == ids[0])
        )
    assert paid == 20000
