"""Reversals (`RvslInd`) as French banks book them: a recalled credit comes back as a debit
marked reversed, a returned debit as a credit. Neither pays a claim nor a payout; each is kept
among the unmatched lines the operator works through, never dropped unseen."""

from __future__ import annotations

from lxml import etree
from sqlalchemy import func, select

from cleavr_connect.models import BankEntry, Payment, Payout
from cleavr_connect.payments import reconcile
from cleavr_connect.payouts import sepa
from tests.payments.statements import Entry, camt053
from tests.payments.statements import receivables as _receivables


def _spaced_lowercase(reference: str) -> str:
    return " ".join(reference[i : i + 4] for i in range(0, len(reference), 4)).lower()


async def test_a_recalled_credit_is_shown_to_the_operator_and_pays_nothing(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    ids, refs, _ = await _receivables(client, db, runtime, 2)
    statement = camt053(
        [
            # The debtor's transfer, its RF as people type it: lowercase, in groups of four.
            Entry("300.00", "BNP-1", structured=_spaced_lowercase(refs[0])),
            Entry("150.00", "BNP-2", unstructured=f"Facture {_spaced_lowercase(refs[1])} merci"),
            # The bank takes the first back (a recall): a debit, marked reversed.
            Entry("300.00", "BNP-3", direction="DBIT", reversal=True, structured=refs[0]),
            # A reversed credit naming the second claim is no payment of it either.
            Entry("20.00", "BNP-4", reversal=True, structured=refs[1]),
        ],
        version=8,
    )
    async with db.transaction() as session:
        result = await reconcile.import_statement(session, runtime, statement, livemode=False)
    assert result.lines == 4
    assert sorted(p["amount"] for p in result.payments) == [150, 300]
    assert [(u["entry_reference"], u["direction"], u["reason"]) for u in result.unmatched] == [
        ("BNP-3", "debit", "reversal"),
        ("BNP-4", "credit", "reversal"),
    ]
    async with db.transaction() as session:
        kept = await reconcile.unmatched(session, livemode=False)
        assert sorted(e.entry_reference for e in kept) == ["BNP-3", "BNP-4"]
        assert (await session.execute(select(func.count()).select_from(Payment))).scalar() == 2
    # The same file again records nothing more.
    async with db.transaction() as session:
        again = await reconcile.import_statement(session, runtime, statement, livemode=False)
        assert again.duplicates == 4 and again.payments == [] and again.unmatched == []
        assert (await session.execute(select(func.count()).select_from(BankEntry))).scalar() == 4


async def test_a_returned_payout_transfer_is_named_and_is_no_payment(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    """The user's bank sends our transfer back (account closed): a credit carrying the
    payout's end-to-end id. It names that payout for the operator and pays no claim, even when
    the bank copied the original remittance text with a claim's RF reference in it."""
    _, refs, _ = await _receivables(client, db, runtime, 1)
    async with db.transaction() as session:
        await reconcile.import_statement(
            session, runtime, camt053([Entry("100.00", "IN-1", structured=refs[0])]), livemode=False
        )
    async with db.transaction() as session:
        payout = (await session.execute(select(Payout))).scalar_one()
        back = camt053(
            [
                Entry(
                    f"{payout.amount_cents / 100:.2f}",
                    "RET-1",
                    end_to_end=sepa.end_to_end_id(payout.id),
                    unstructured=f"RETOUR AC04 COMPTE CLOTURE {refs[0]}",
                )
            ]
        )
        result = await reconcile.import_statement(session, runtime, back, livemode=False)
    assert result.payments == []
    assert [(u["reason"], u["payout_id"]) for u in result.unmatched] == [
        ("payout_returned", payout.id)
    ]


async def test_an_rf_reference_in_the_transaction_s_additional_information_matches(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    """A transfer whose reason the bank books only in `AddtlTxInf`, no `RmtInf`."""
    ids, refs, _ = await _receivables(client, db, runtime, 1)
    document = etree.fromstring(camt053([Entry("250.00", "SG-1")]))
    (tx,) = document.iter("{*}TxDtls")
    info = etree.SubElement(tx, f"{{{etree.QName(tx).namespace}}}AddtlTxInf")
    info.text = f"VIR SEPA RECU /DE BOULANGERIE DUPONT /MOTIF {_spaced_lowercase(refs[0])} /REF 9"
    async with db.transaction() as session:
        result = await reconcile.import_statement(
            session, runtime, etree.tostring(document), livemode=False
        )
    assert result.unmatched == []
    assert [(p["receivable_id"], p["amount"]) for p in result.payments] == [(ids[0], 250)]
