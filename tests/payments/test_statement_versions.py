"""Statements in every camt.053/camt.054 version banks send (.02 to .14), and only of the
collection account (SPEC §13)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import func, select
from stdnum import iso11649

from cleavr_connect.errors import ValidationError
from cleavr_connect.models import BankEntry, Payment, Receivable
from cleavr_connect.payments import camt, reconcile
from tests.payments.statements import IBAN, Entry, camt053, receivables

DATA = Path(__file__).resolve().parent / "data"
OTHER_IBAN = "FR1420041010050500013M02606"


def _file(name: str, **references: str) -> bytes:
    data = (DATA / name).read_bytes()
    for key, value in references.items():
        data = data.replace(f"${key}".encode(), value.encode())
    assert b"$RF_" not in data
    return data


async def _count(db, model) -> int:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        return (await session.execute(select(func.count()).select_from(model))).scalar_one()


@pytest.mark.parametrize("message", ["camt.053", "camt.054"])
@pytest.mark.parametrize("version", camt.VERSIONS)
def test_every_version_is_read_alike(message: str, version: int) -> None:
    statement = camt053(
        [
            Entry("12.34", "A", structured="RF18539007547034"),
            Entry("56.00", "B", structured="RF18539007547034", status="PDNG"),
            Entry("7.00", "C", direction="DBIT", end_to_end="po-1"),
        ],
        message=message,
        version=version,
    )
    lines = camt.read(statement, account=IBAN)
    assert [
        (line.direction, line.amount_cents, line.structured_reference, line.counterparty)
        for line in lines
    ] == [
        ("credit", 1234, "RF18539007547034", "BOULANGERIE DUPONT"),
        ("debit", 700, None, "BOULANGERIE DUPONT"),
    ]
    assert lines[1].end_to_end_id == "po-1"


@pytest.mark.parametrize(
    ("namespace", "message"),
    [
        ("camt.053.001.01", "camt.053.001.01 is a version this service cannot read"),
        ("camt.053.001.15", "camt.053.001.15 is a version this service cannot read"),
        ("camt.054.001.99", "camt.054.001.99 is a version this service cannot read"),
        ("camt.052.001.08", "not a camt.053 or camt.054 document"),
    ],
)
def test_a_version_without_its_schema_is_refused(namespace: str, message: str) -> None:
    data = f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:{namespace}"/>'.encode()
    with pytest.raises(camt.StatementError, match=message):
        camt.read(data)


def test_a_later_version_is_still_checked_against_its_schema() -> None:
    # `<Sts>BOOK</Sts>` is no longer valid from .07: the status is a choice.
    statement = camt053([Entry("1.00", "A")], version=8).replace(
        b"<Sts><Cd>BOOK</Cd></Sts>", b"<Sts>BOOK</Sts>"
    )
    with pytest.raises(camt.StatementError, match="invalid against camt.053.001.08.xsd"):
        camt.read(statement)


async def test_a_camt053_v08_statement_from_a_french_bank(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    ids, refs, _ = await receivables(client, db, runtime, 3)
    statement = _file(
        "camt.053.001.08.xml", RF_FULL=refs[0], RF_PARTIAL=refs[1], RF_PENDING=refs[2]
    )
    for attempt in range(2):
        async with db.transaction() as session:
            result = await reconcile.import_statement(session, runtime, statement, livemode=False)
        if attempt == 0:
            assert [(p["receivable_id"], p["amount"]) for p in result.payments] == [
                (ids[0], Decimal("1257.98")),
                (ids[1], Decimal("500.00")),
            ]
            # the bank's fee; the pending credit is no line at all
            assert [(u["amount"], u["reason"]) for u in result.unmatched] == [(4.0, "not_a_payout")]
            assert result.lines == 3
        else:
            assert result.payments == [] and result.unmatched == [] and result.duplicates == 3
    async with db.transaction() as session:
        paid = list(await session.execute(select(Payment).order_by(Payment.amount_cents)))
        assert [(p.receivable_id, p.amount_cents) for (p,) in paid] == [
            (ids[1], 50000),
            (ids[0], 125798),
        ]
        statuses = [(await session.get(Receivable, rec_id)).status for rec_id in ids]  # type: ignore[union-attr]
        assert statuses[0] == "recovered"
        assert statuses[1] != "recovered" and statuses[2] != "recovered"
        entries = list((await session.execute(select(BankEntry))).scalars())
        assert {e.entry_reference for e in entries} == {
            "2026011500001A7F",
            "2026011500002C31",
            "2026011500004FEE",
        }
        assert {e.counterparty for e in entries if e.direction == "credit"} == {
            "BOULANGERIE DUPONT SARL",
            "GARAGE MARTIN",
        }


async def test_a_camt054_v08_notification_pays_part_of_a_claim_once(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    ids, refs, _ = await receivables(client, db, runtime, 1)
    notification = _file("camt.054.001.08.xml", RF_SPACED=iso11649.format(refs[0]))
    async with db.transaction() as session:
        first = await reconcile.import_statement(session, runtime, notification, livemode=False)
    async with db.transaction() as session:
        again = await reconcile.import_statement(session, runtime, notification, livemode=False)
    assert [(p["receivable_id"], p["amount"]) for p in first.payments] == [
        (ids[0], Decimal("300.00"))
    ]
    assert again.payments == [] and again.duplicates == 1
    assert await _count(db, Payment) == 1
    async with db.transaction() as session:
        rec = await session.get(Receivable, ids[0])
        assert rec is not None and rec.status != "recovered"


@pytest.mark.parametrize("version", [2, 8])
async def test_a_statement_of_another_account_records_nothing(  # type: ignore[no-untyped-def]
    client, db, runtime, version: int
) -> None:
    _, refs, _ = await receivables(client, db, runtime, 1)
    entries = [Entry("100.00", "ACC-1", structured=refs[0])]
    wrong = camt053(entries, iban=OTHER_IBAN, version=version)
    async with db.transaction() as session:
        with pytest.raises(ValidationError) as caught:
            await reconcile.import_statement(session, runtime, wrong, livemode=False)
    error = caught.value.errors[0]
    assert (error.param, error.code) == ("file", "invalid_statement")
    assert OTHER_IBAN in error.message and IBAN in error.message
    # a notification's account too
    notification = camt053(entries, iban=OTHER_IBAN, message="camt.054", version=version)
    async with db.transaction() as session:
        with pytest.raises(ValidationError, match=OTHER_IBAN):
            await reconcile.import_statement(session, runtime, notification, livemode=False)
    # an account named only by the bank's own number cannot be shown to be ours
    unnamed = camt053(entries, iban=None, other_id="00012345678", version=version)
    async with db.transaction() as session:
        with pytest.raises(ValidationError, match="names no IBAN"):
            await reconcile.import_statement(session, runtime, unnamed, livemode=False)
    assert await _count(db, BankEntry) == 0 and await _count(db, Payment) == 0
    # the same credits on our account are payments
    async with db.transaction() as session:
        ours = camt053(entries, version=version)
        result = await reconcile.import_statement(session, runtime, ours, livemode=False)
    assert len(result.payments) == 1


async def test_the_configured_collection_account_is_the_one_checked(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    _, refs, _ = await receivables(client, db, runtime, 1)
    runtime.settings = replace(runtime.settings, collection_iban=OTHER_IBAN)
    entries = [Entry("100.00", "CFG-1", structured=refs[0])]
    async with db.transaction() as session:
        with pytest.raises(ValidationError, match=f"not the collection account {OTHER_IBAN}"):
            await reconcile.import_statement(session, runtime, camt053(entries), livemode=False)
    assert await _count(db, BankEntry) == 0
    async with db.transaction() as session:
        ours = camt053(entries, iban=OTHER_IBAN)
        result = await reconcile.import_statement(session, runtime, ours, livemode=False)
    assert len(result.payments) == 1


def _one_file(*statements: bytes) -> bytes:
    """A bank's daily file: the statements of several accounts under one message, each with its
    own id as banks number them."""
    root = etree.fromstring(statements[0])
    message = root[0]
    for index, other in enumerate(statements[1:], start=2):
        statement = etree.fromstring(other)[0].find("{*}Stmt")
        assert statement is not None
        statement.find("{*}Id").text = f"2026-01-15-00{index}"  # type: ignore[union-attr]
        message.append(statement)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize("version", [2, 8])
async def test_a_file_of_several_accounts_is_read_for_the_collection_account_only(  # type: ignore[no-untyped-def]
    client, db, runtime, version: int
) -> None:
    _, refs, _ = await receivables(client, db, runtime, 2)
    both = _one_file(
        camt053([Entry("100.00", "OURS-1", structured=refs[0])], version=version),
        # another account of ours at the bank, whose credit quotes a claim's reference
        camt053([Entry("70.00", "THEIRS-1", structured=refs[1])], iban=OTHER_IBAN, version=version),
        camt053([Entry("5.00", "THEIRS-2")], iban=None, other_id="00012345678", version=version),
    )
    for attempt in range(2):
        async with db.transaction() as session:
            result = await reconcile.import_statement(session, runtime, both, livemode=False)
        assert result.skipped_statements == [
            {"statement_id": "2026-01-15-002", "account": OTHER_IBAN, "reason": "other_account"},
            {"statement_id": "2026-01-15-003", "account": "00012345678", "reason": "no_iban"},
        ]
        if attempt == 0:
            assert [p["amount"] for p in result.payments] == [Decimal("100.00")]
        else:
            assert result.payments == [] and result.duplicates == 1
    assert await _count(db, BankEntry) == 1 and await _count(db, Payment) == 1
