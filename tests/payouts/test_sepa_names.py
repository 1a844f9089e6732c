"""Names in the SEPA payout file (pain.001): only the EPC basic Latin set every bank takes, and
a name with nothing writable there holds back its own payout, not the whole file."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from cleavr_connect.models import Payout, User
from cleavr_connect.payments import reconcile
from cleavr_connect.payouts import sepa
from cleavr_connect.text import epc_text
from tests.payments.statements import Entry, camt053
from tests.payments.test_bank_statements import _receivables

IBAN = "FR1420041010050500013M02606"


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Plomberie Martin & Fils", "Plomberie Martin Fils"),
        ("Ærøskøbing <Søn> «Café»", "AEroskobing Son Cafe"),
        ("数字公司", "Shu Zi Gong Si"),
        ("😀 \x00 😀", ""),
        ("Ł" * 80, "L" * 70),
        ("O'Neil (SARL) 12/3 + co.", "O'Neil (SARL) 12/3 + co."),
    ],
)
def test_names_are_written_in_the_epc_basic_set(name: str, written: str) -> None:
    assert epc_text(name) == written


async def _payout_for(client, db, runtime, holder: str, company: str) -> Payout:  # type: ignore[no-untyped-def]
    _, refs, user_id = await _receivables(client, db, runtime, 1)
    async with db.transaction() as session:
        user = await session.get(User, user_id)
        assert user is not None
        await session.execute(
            update(User)
            .where(User.id == user_id)
            .values(
                payout_iban_encrypted=runtime.keys.encrypt(IBAN),
                payout_account_holder=holder,
                company={**user.company, "name": company},
            )
        )
        statement = camt053([Entry("100.00", f"N-{user_id[-20:]}", structured=refs[0])])
        await reconcile.import_statement(session, runtime, statement, livemode=False)
    async with db.transaction() as session:
        return (await session.execute(select(Payout).where(Payout.user_id == user_id))).scalar_one()


async def test_a_name_with_nothing_writable_holds_back_only_its_payout(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    unwritable = await _payout_for(client, db, runtime, "😀😀", "🏠")
    written = await _payout_for(client, db, runtime, "数字 & Søn", "Acme")
    async with db.transaction() as session:
        exported = await sepa.export(session, runtime, day=written.payout_date, livemode=False)
    assert exported.skipped == [{"payout_id": unwritable.id, "reason": "no_account_holder"}]
    assert [p["id"] for p in exported.payouts] == [written.id]
    sepa.validate(exported.xml)
    assert "<Nm>Shu Zi Son</Nm>" in exported.xml.decode()
    async with db.transaction() as session:
        held = await session.get(Payout, unwritable.id)
        assert held is not None and held.status == "pending"
