"""A credit notified during the day (camt.054) is booked again in the evening's statement
(camt.053): it is one payment. With the bank's entry reference in both, the reference says so;
without any, what the line says does (account, day, amount, reference or text, debtor's IBAN),
and two identical lines of one file are still two payments."""

from __future__ import annotations

from sqlalchemy import func, select

from cleavr_connect.models import BankEntry, Payment
from cleavr_connect.payments import reconcile
from tests.payments.statements import Entry, camt053, claims
from tests.payouts.books import assert_books_agree

DEBTOR = "FR7630004000031234567890143"
OTHER_DEBTOR = "FR7610107001011234567890129"


async def _import(db, runtime, data: bytes) -> reconcile.ImportResult:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        return await reconcile.import_statement(session, runtime, data, livemode=False)


async def _paid(db, receivable_id: str) -> int:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        total = await session.scalar(
            select(func.sum(Payment.amount_cents)).where(Payment.receivable_id == receivable_id)
        )
    return int(total or 0)


async def test_without_bank_references_the_statement_records_only_what_was_not_notified(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    who, ids, refs, user_id = await claims(client, db, runtime, 2)
    paid = Entry("100.00", "-", structured=refs[0], account=DEBTOR, bank_reference=False)
    notified = await _import(db, runtime, camt053([paid], message="camt.054"))
    assert [p["amount"] for p in notified.payments] == [100]
    # The evening's statement books that credit again, spaced and in lower case as another
    # system writes it, the same debtor's second identical transfer, and another debtor's
    # transfer of the same amount to the same claim.
    spaced = " ".join(refs[0][i : i + 4] for i in range(0, len(refs[0]), 4)).lower()
    again = Entry("100.00", "-", structured=spaced, account=DEBTOR, bank_reference=False)
    other = Entry("100.00", "-", structured=refs[0], account=OTHER_DEBTOR, bank_reference=False)
    second_claim = Entry("40.00", "-", structured=refs[1], bank_reference=False)
    statement = camt053([again, paid, other, second_claim], version=8)
    booked = await _import(db, runtime, statement)
    assert booked.duplicates == 1
    assert sorted(p["amount"] for p in booked.payments) == [40, 100, 100]
    assert booked.unmatched == []
    assert (await _paid(db, ids[0]), await _paid(db, ids[1])) == (30000, 4000)
    # Either file again records nothing.
    for data in (statement, camt053([paid], message="camt.054")):
        repeat = await _import(db, runtime, data)
        assert repeat.payments == [] and repeat.duplicates == repeat.lines
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(BankEntry)) == 4
    books = await assert_books_agree(client, db, who, user_id)
    assert books.collected == 34000


async def test_two_identical_notifications_then_the_statement_record_both_payments(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    """The rule's edge: two separate notifications of identical credits look like one and the
    same; the day's statement, which carries both, records the second."""
    who, ids, refs, user_id = await claims(client, db, runtime, 1)
    paid = Entry("75.00", "-", structured=refs[0], account=DEBTOR, bank_reference=False)
    first = await _import(db, runtime, camt053([paid], message="camt.054"))
    second = await _import(db, runtime, camt053([paid], message="camt.054", version=8))
    assert (len(first.payments), len(second.payments), second.duplicates) == (1, 0, 1)
    statement = await _import(db, runtime, camt053([paid, paid]))
    assert (len(statement.payments), statement.duplicates) == (1, 1)
    assert await _paid(db, ids[0]) == 15000
    await assert_books_agree(client, db, who, user_id)


async def test_with_bank_references_the_notification_and_the_statement_are_one_credit(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    who, ids, refs, user_id = await claims(client, db, runtime, 1)
    paid = Entry("250.00", "BNP-20260115-0001", structured=refs[0], account=DEBTOR)
    notified = await _import(db, runtime, camt053([paid], message="camt.054", version=4))
    assert len(notified.payments) == 1
    # The statement, in another version, with a debtor's identical transfer the bank numbered.
    twin = Entry("250.00", "BNP-20260115-0002", structured=refs[0], account=DEBTOR)
    booked = await _import(db, runtime, camt053([paid, twin], version=8))
    assert (len(booked.payments), booked.duplicates) == (1, 1)
    assert await _paid(db, ids[0]) == 50000
    await assert_books_agree(client, db, who, user_id)
