"""The same statement imported by four operators at once (PostgreSQL, concurrent
transactions): every line is recorded once, each credit becomes one payment, and no import
fails: the later ones wait on the line's unique key and count it as a duplicate."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from cleavr_connect.models import BankEntry, Payment
from cleavr_connect.payments import reconcile
from tests.payments.statements import Entry, camt053
from tests.payments.statements import receivables as _receivables


async def test_one_statement_imported_four_times_at_once_pays_once(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    if db.dialect != "postgresql":
        pytest.skip("SQLite runs one writer at a time: there is nothing to race")
    _, refs, _ = await _receivables(client, db, runtime, 2)
    statement = camt053(
        [
            Entry("100.00", "C-1", structured=refs[0]),
            Entry("50.00", "C-2", structured=refs[1]),
            Entry("60.00", "C-3", unstructured=f"Facture {refs[0]}"),
        ]
    )

    async def import_once() -> reconcile.ImportResult:
        async with db.transaction() as session:
            return await reconcile.import_statement(session, runtime, statement, livemode=False)

    results = await asyncio.gather(*(import_once() for _ in range(4)))
    assert sum(len(r.payments) for r in results) == 3
    assert sum(r.duplicates for r in results) == 9
    async with db.transaction() as session:
        assert (await session.execute(select(func.count()).select_from(Payment))).scalar() == 3
        assert (await session.execute(select(func.count()).select_from(BankEntry))).scalar() == 3
