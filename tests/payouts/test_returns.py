"""A payout's transfer that the user's bank sends back (SEPA return, seen on our statement as a
credit quoting the payout's end-to-end id): the payout is `failed` with the bank's reason and
day, the user has to give another IBAN, and the same money goes again to the new one."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from cleavr_connect.hosted import texts
from cleavr_connect.models import BankEntry, Event, Payout, User
from cleavr_connect.payments import reconcile
from cleavr_connect.payouts import sepa
from cleavr_connect.payouts import service as payouts
from cleavr_connect.users import onboarding
from cleavr_connect.users import service as users
from tests.payments.statements import Entry, camt053, claims
from tests.payouts.books import assert_books_agree

OLD_IBAN = "FR1420041010050500013M02606"
NEW_IBAN = "FR7630001007941234567890185"


async def _events(db, type_: str) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    async with db.transaction() as session:
        rows = await session.execute(select(Event).where(Event.type == type_).order_by(Event.id))
        return [e.data for e in rows.scalars()]


async def _paid_payout(client, db, runtime):  # type: ignore[no-untyped-def]
    """Two debtor transfers, their payout sent in a pain.001 and its debit on the statement."""
    who, ids, refs, user_id = await claims(client, db, runtime, 2)
    async with db.transaction() as session:
        await session.execute(
            update(User)
            .where(User.id == user_id)
            .values(
                payout_iban_encrypted=runtime.keys.encrypt(OLD_IBAN),
                payout_iban_last4=OLD_IBAN[-4:],
                payout_account_holder="Plomberie Martin",
            )
        )
        await reconcile.import_statement(
            session,
            runtime,
            camt053(
                [
                    Entry("100.00", "IN-1", structured=refs[0]),
                    Entry("233.33", "IN-2", structured=refs[1]),
                ]
            ),
            livemode=False,
        )
    async with db.transaction() as session:
        payout = (await session.execute(select(Payout))).scalar_one()
        exported = await sepa.export(session, runtime, day=payout.payout_date, livemode=False)
        assert [p["id"] for p in exported.payouts] == [payout.id]
        debit = camt053(
            [
                Entry(
                    f"{payouts.transfer_cents(payout) / 100:.2f}",
                    "OUT-1",
                    direction="DBIT",
                    end_to_end=sepa.end_to_end_id(payout.id),
                )
            ]
        )
        paid = await reconcile.import_statement(session, runtime, debit, livemode=False)
        assert paid.payouts_paid == [payout.id]
    return who, user_id, payout.id


def _return(payout: Payout, reference: str, *, reason: str = "AC04", transfer: int = 1) -> bytes:
    return camt053(
        [
            Entry(
                f"{payouts.transfer_cents(payout) / 100:.2f}",
                reference,
                end_to_end=sepa.end_to_end_id(payout.id, transfer),
                unstructured="RETOUR VIREMENT COMPTE CLOTURE",
                booked=date(2026, 1, 19),
                return_reason=reason,
            )
        ]
    )


async def test_a_returned_transfer_fails_its_payout_and_goes_again_to_the_new_iban(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    who, user_id, payout_id = await _paid_payout(client, db, runtime)
    before = await assert_books_agree(client, db, who, user_id)
    assert before.by_status == {"paid": before.net}
    async with db.transaction() as session:
        payout = await session.get(Payout, payout_id)
        assert payout is not None
        invoice = payout.invoice_number
        back = _return(payout, "RET-1")
        result = await reconcile.import_statement(session, runtime, back, livemode=False)
    assert result.payouts_failed == [payout_id]
    assert result.payments == [] and result.unmatched == []

    listed = (await client.get("/v1/payouts?status=failed", headers=who.headers)).json()["data"]
    assert [
        (p["id"], p["status"], p["failure_code"], p["failed_on"], p["paid_at"]) for p in listed
    ] == [(payout_id, "failed", "account_closed", "2026-01-19", None)]
    assert "AC04" in listed[0]["failure_message"]
    # The commission was earned and its invoice stands: only the delivery failed.
    assert listed[0]["invoice_number"] == invoice
    (failed,) = await _events(db, "payout.failed")
    assert failed["object"]["id"] == payout_id and failed["object"]["status"] == "failed"

    # The user must give another IBAN: restricted, `payout.iban` due with the bank's reason.
    user = (await client.get(f"/v1/users/{user_id}", headers=who.headers)).json()
    assert user["status"] == "restricted"
    assert user["capabilities"]["receive_payouts"] is False
    assert "payout.iban" in user["requirements"]["currently_due"]
    assert [(e["requirement"], e["code"]) for e in user["requirements"]["errors"]] == [
        ("payout.iban", "payout_returned")
    ]
    # The hosted pages show it in the user's language.
    said = user["requirements"]["errors"][0]["message"]
    assert texts.message("fr", said) == (
        "La banque a renvoyé un virement adressé à cet IBAN. Saisissez un autre IBAN."
    )
    assert user["payout"]["iban_last4"] == OLD_IBAN[-4:]
    (updated,) = [
        e for e in await _events(db, "user.updated") if e["object"]["status"] == "restricted"
    ]
    assert updated["previous_attributes"]["status"] == "active"
    assert updated["previous_attributes"]["capabilities"]["receive_payouts"] is True

    # Owed to the user again, in every book, to the cent; nothing recovered moved.
    after = await assert_books_agree(client, db, who, user_id)
    assert (after.collected, after.commission, after.vat, after.net) == (
        before.collected,
        before.commission,
        before.vat,
        before.net,
    )
    assert after.by_status == {"failed": before.net}

    # Without another IBAN nothing goes, neither in a file nor by test mode's bank.
    async with db.transaction() as session:
        nothing = await sepa.export(session, runtime, day=date(2026, 1, 20), livemode=False)
        assert nothing.payouts == [] and nothing.xml == b""
        assert await payouts.pay_due(session, runtime, today=date(2026, 1, 21)) == 0

    # The user enters another IBAN and is approved again: the same payout goes to it.
    async with db.transaction() as session:
        user_row = await session.get(User, user_id)
        assert user_row is not None
        await onboarding.save_payout(
            session, runtime, user_row, {"iban": NEW_IBAN, "account_holder": "Plomberie Martin"}
        )
        await users.decide(session, runtime, user_row, "approved")
    async with db.transaction() as session:
        again = await sepa.export(session, runtime, day=date(2026, 1, 20), livemode=False)
        assert [p["id"] for p in again.payouts] == [payout_id]
        text = again.xml.decode()
        assert NEW_IBAN in text and OLD_IBAN not in text
        assert f"<CtrlSum>{before.net / 100:.2f}</CtrlSum>" in text
        # The second transfer says it is one: a return or a debit names which transfer it is of.
        second = sepa.end_to_end_id(payout_id, 2)
        assert second.endswith("/2") and f"<EndToEndId>{second}</EndToEndId>" in text
        # The first transfer's debit seen late pays nothing; the second's pays the payout.
        payout = await session.get(Payout, payout_id)
        assert payout is not None
        out = camt053(
            [
                Entry(
                    f"{before.net / 100:.2f}",
                    "OUT-1-AGAIN",
                    direction="DBIT",
                    end_to_end=sepa.end_to_end_id(payout_id),
                ),
                Entry(
                    f"{before.net / 100:.2f}",
                    "OUT-2",
                    direction="DBIT",
                    end_to_end=second,
                    booked=date(2026, 1, 21),
                ),
            ]
        )
        paid = await reconcile.import_statement(session, runtime, out, livemode=False)
        assert paid.payouts_paid == [payout_id]
    final = await assert_books_agree(client, db, who, user_id)
    assert final.by_status == {"paid": before.net}
    assert len(await _events(db, "payout.paid")) == 2
    async with db.transaction() as session:
        payout = await session.get(Payout, payout_id)
        assert payout is not None and payout.invoice_number == invoice  # one invoice, not two
        # The first transfer's return booked again under another reference fails nothing:
        # the payout went again since, to another IBAN. The operator sees it.
        late = await reconcile.import_statement(
            session, runtime, _return(payout, "RET-LATE"), livemode=False
        )
        assert late.payouts_failed == []
        assert [u["reason"] for u in late.unmatched] == ["payout_returned"]
        assert payout.status == "paid"
        # The second transfer's own return fails it again, and the new IBAN goes too.
        again_back = await reconcile.import_statement(
            session, runtime, _return(payout, "RET-2", reason="AC01", transfer=2), livemode=False
        )
        assert again_back.payouts_failed == [payout_id]
        assert (payout.status, payout.failure_code) == ("failed", "invalid_account_number")
        user_row = await session.get(User, user_id)
        assert user_row is not None
        assert (user_row.status, user_row.payout_iban_encrypted) == ("restricted", None)
    books = await assert_books_agree(client, db, who, user_id)
    assert books.by_status == {"failed": before.net}


async def test_a_return_that_is_not_the_transfer_is_left_to_the_operator(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    """A credit naming a payout with another amount (the bank took a fee, or a partial
    return) changes nothing: the operator sees it among the unmatched lines."""
    who, user_id, payout_id = await _paid_payout(client, db, runtime)
    async with db.transaction() as session:
        payout = await session.get(Payout, payout_id)
        assert payout is not None
        short = camt053(
            [
                Entry(
                    f"{(payouts.transfer_cents(payout) - 500) / 100:.2f}",
                    "RET-FEE",
                    end_to_end=sepa.end_to_end_id(payout_id),
                    return_reason="AC04",
                )
            ]
        )
        result = await reconcile.import_statement(session, runtime, short, livemode=False)
    assert result.payouts_failed == []
    assert [(u["reason"], u["payout_id"]) for u in result.unmatched] == [
        ("payout_returned", payout_id)
    ]
    async with db.transaction() as session:
        payout = await session.get(Payout, payout_id)
        assert payout is not None and payout.status == "paid"
        entry = (
            await session.execute(select(BankEntry).where(BankEntry.entry_reference == "RET-FEE"))
        ).scalar_one()
        assert entry.status == "unmatched"
    books = await assert_books_agree(client, db, who, user_id)
    assert books.by_status == {"paid": books.net}


async def test_test_mode_pays_a_returned_payout_again_the_day_after_a_new_iban(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    """Test mode's simulated bank sends no file: its next day's run pays the failed payout
    once the user has an IBAN again, and only then."""
    who, user_id, payout_id = await _paid_payout(client, db, runtime)
    async with db.transaction() as session:
        payout = await session.get(Payout, payout_id)
        assert payout is not None
        await reconcile.import_statement(
            session, runtime, _return(payout, "RET-1", reason="MS03"), livemode=False
        )
        assert (payout.status, payout.failure_code) == ("failed", "declined")
        assert await payouts.pay_due(session, runtime, today=date(2026, 1, 22)) == 0
        user_row = await session.get(User, user_id)
        assert user_row is not None
        await onboarding.save_payout(
            session, runtime, user_row, {"iban": OLD_IBAN, "account_holder": "Plomberie Martin"}
        )
    async with db.transaction() as session:
        # Restricted until approved again: nothing leaves for an IBAN nobody looked at.
        assert await payouts.pay_due(session, runtime, today=date(2026, 1, 22)) == 0
        user_row = await session.get(User, user_id)
        assert user_row is not None
        await users.decide(session, runtime, user_row, "approved")
        assert await payouts.pay_due(session, runtime, today=date(2026, 1, 22)) == 1
        payout = await session.get(Payout, payout_id)
        assert payout is not None
        assert (payout.status, payout.transfer_count) == ("paid", 2)
        assert payout.sent_iban_hash == payouts.iban_hash(runtime, OLD_IBAN)
    books = await assert_books_agree(client, db, who, user_id)
    assert books.by_status == {"paid": books.net}
    user = (await client.get(f"/v1/users/{user_id}", headers=who.headers)).json()
    assert user["status"] == "active" and user["requirements"]["errors"] == []
