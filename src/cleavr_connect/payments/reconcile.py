"""Bank statements in: each booked credit that names a receivable's RF reference becomes a
payment of that receivable (source `bank_transfer`), each debit of one of our payouts marks it
paid, a credit returning one of our payouts' transfers marks it failed; everything else is
kept, unmatched, for the operator. A statement imported twice records nothing twice: every line
is keyed by the bank's entry reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.collection import collection_account
from cleavr_connect.errors import ApiError, FieldError, ValidationError
from cleavr_connect.ids import new_id
from cleavr_connect.models import BankEntry, Payout, Receivable
from cleavr_connect.money import as_json, from_cents
from cleavr_connect.payments import camt
from cleavr_connect.payouts import returns as payout_returns
from cleavr_connect.payouts import sepa
from cleavr_connect.payouts import service as payouts
from cleavr_connect.portal import links
from cleavr_connect.receivables import payments, service
from cleavr_connect.receivables import repository as receivables
from cleavr_connect.runtime import Runtime

SOURCE = "bank_transfer"
# An RF reference inside free text, with the spaces people and banks put in it.
_RF_IN_TEXT = re.compile(r"R\s?F\s?\d\s?\d(?:\s?[0-9A-Z]){1,21}", re.IGNORECASE)


@dataclass
class ImportResult:
    lines: int = 0
    duplicates: int = 0
    payments: list[dict[str, Any]] = field(default_factory=list)
    payouts_paid: list[str] = field(default_factory=list)
    # Payouts whose transfer came back (`payouts.returns`).
    payouts_failed: list[str] = field(default_factory=list)
    unmatched: list[dict[str, Any]] = field(default_factory=list)
    # Statements of other accounts in the same file, left out (`camt.SkippedStatement`).
    skipped_statements: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "lines": self.lines,
            "duplicates": self.duplicates,
            "payments": self.payments,
            "payouts_paid": self.payouts_paid,
            "payouts_failed": self.payouts_failed,
            "unmatched": self.unmatched,
            "skipped_statements": self.skipped_statements,
        }


def candidate_references(line: camt.Line) -> list[str]:
    """The structured creditor reference, then every valid RF reference the free text may hold.
    Free text runs into the next word ("RF18 5390 0754 7034 merci"), and a longer run can pass
    the check by chance (1 in 97): every valid prefix is a candidate, longest first, and the
    caller keeps the first one that exists."""
    found: list[str] = []
    if line.structured_reference:
        reference = links.parse_reference(line.structured_reference)
        if reference:
            found.append(reference)
    for candidate in _RF_IN_TEXT.findall(line.remittance or ""):
        compact = re.sub(r"\s", "", candidate).upper()
        for end in range(len(compact), 4, -1):
            reference = links.parse_reference(compact[:end])
            if reference and reference not in found:
                found.append(reference)
    return found


def entry_object(entry: BankEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "object": "bank_entry",
        "statement_id": entry.statement_id,
        "entry_reference": entry.entry_reference,
        "direction": entry.direction,
        "amount": as_json(entry.amount_cents),
        "currency": entry.currency,
        "booking_date": entry.booking_date.isoformat(),
        "creditor_reference": entry.creditor_reference,
        "remittance": entry.remittance,
        "counterparty": entry.counterparty,
        "status": entry.status,
        "reason": entry.reason,
        "receivable_id": entry.receivable_id,
        "payment_id": entry.payment_id,
        "payout_id": entry.payout_id,
        "livemode": entry.livemode,
    }


async def import_statement(
    session: AsyncSession, rt: Runtime, data: bytes, *, livemode: bool = True
) -> ImportResult:
    """Reads a camt.053/camt.054 file and records what it matches (see the module docstring).
    Only the statements of the collection account (the one the portal tells debtors to pay
    into) are read; those of other accounts in the same file are listed as skipped. A file that
    is not a valid statement, or holds no statement of the collection account, is a 400
    `invalid_statement` (`file`): then nothing is recorded."""
    account = collection_account(rt.settings, livemode)
    skipped: list[camt.SkippedStatement] = []
    try:
        lines = camt.read(data, account=account.iban if account else None, skipped=skipped)
    except camt.StatementError as exc:
        raise ValidationError([FieldError("file", "invalid_statement", str(exc))]) from exc
    result = ImportResult(
        lines=len(lines), skipped_statements=[statement.as_dict() for statement in skipped]
    )
    for line in lines:
        entry = BankEntry(
            id=new_id("bke", livemode=livemode),
            dedupe_key=line.dedupe_key[:200],
            livemode=livemode,
            statement_id=line.statement_id[:70],
            account_iban=line.account_iban[:34],
            direction=line.direction,
            amount_cents=line.amount_cents,
            currency=line.currency[:3],
            booking_date=line.booking_date,
            entry_reference=line.entry_reference[:70],
            end_to_end_id=line.end_to_end_id,
            creditor_reference=None,
            remittance=line.remittance,
            counterparty=(line.counterparty or "")[:140] or None,
            status="unmatched",
            imported_at=rt.clock.now(),
        )
        # The unique key is written first: a second import of the line (even a concurrent one,
        # which waits on the index) stops here before touching any receivable.
        try:
            async with session.begin_nested():
                session.add(entry)
                await session.flush()
        except IntegrityError:
            result.duplicates += 1
            continue
        if line.reversal:
            # Money taken back (a recalled transfer, a returned payout): what it undoes is for
            # the operator to judge; recording it as a payment or a paid payout would be wrong.
            entry.reason = "reversal"
        elif line.direction == "credit":
            await _match_credit(
                session, rt, entry, candidate_references(line), result, line.return_reason
            )
        else:
            await _match_debit(session, rt, entry, result)
        if entry.status == "unmatched":
            result.unmatched.append(entry_object(entry))
    await session.flush()
    return result


async def _match_credit(
    session: AsyncSession,
    rt: Runtime,
    entry: BankEntry,
    references: list[str],
    result: ImportResult,
    return_reason: str | None = None,
) -> None:
    returned = await _payout_named(session, entry)
    if returned is not None:
        # One of our transfers coming back (a closed or wrong account: ICDT/RRTN), with its
        # end-to-end id: the user was not paid. Never a debtor's payment. A transfer that left
        # (in a file, or paid) and comes back whole fails its payout; anything else is for the
        # operator (a payout never sent, or an amount that is not the transfer's).
        entry.reason = "payout_returned"
        entry.payout_id = returned.id
        if (
            returned.status in ("in_transit", "paid")
            and _latest_transfer(returned, entry)
            and payouts.transfer_cents(returned) == entry.amount_cents
        ):
            await payout_returns.returned(
                session, rt, returned, reason=return_reason, booked_on=entry.booking_date
            )
            entry.status = "payout"
            result.payouts_failed.append(returned.id)
        return
    if entry.currency != "EUR":
        entry.reason = "currency_not_supported"
        return
    if not references:
        entry.reason = "no_reference"
        return
    found = None
    for reference in references:
        found = await links.receivable_for_reference(session, reference)
        if found is not None:
            entry.creditor_reference = reference
            break
    if found is None or found.livemode != entry.livemode:
        entry.creditor_reference = entry.creditor_reference or references[0]
        entry.reason = "unknown_reference"
        return
    rec = await receivables.by_id_unscoped(session, found.id, lock=True)
    assert rec is not None
    try:
        async with session.begin_nested():
            payment = await payments.record(
                session,
                rt,
                rec,
                str(from_cents(entry.amount_cents)),
                _paid_on(rt, rec, entry),
                source=SOURCE,
            )
    except ValidationError as exc:
        entry.reason = exc.errors[0].code
        entry.receivable_id = rec.id
        return
    except ApiError as exc:
        entry.reason = exc.code
        entry.receivable_id = rec.id
        return
    entry.status = "matched"
    entry.receivable_id = rec.id
    entry.payment_id = payment.id
    result.payments.append(payments.as_object(payment))


def _paid_on(rt: Runtime, rec: Receivable, entry: BankEntry) -> date:
    # Booked after the receivable's today (its test clock lags): paid on its today.
    return min(entry.booking_date, service.receivable_now(rt, rec).date())


async def _payout_named(session: AsyncSession, entry: BankEntry) -> Payout | None:
    """The payout of the entry's mode whose transfer the entry's end-to-end id names."""
    if not entry.end_to_end_id:
        return None
    stmt = select(Payout).where(
        Payout.id == sepa.payout_id_of(entry.end_to_end_id), Payout.livemode == entry.livemode
    )
    return (await session.execute(stmt)).scalar_one_or_none()


def _latest_transfer(payout: Payout, entry: BankEntry) -> bool:
    """The entry is of the payout's latest transfer (a payout sent again after a return has
    several, numbered in their end-to-end ids)."""
    return sepa.transfer_of(entry.end_to_end_id or "") == max(payout.transfer_count or 0, 1)


async def _match_debit(
    session: AsyncSession, rt: Runtime, entry: BankEntry, result: ImportResult
) -> None:
    payout = await _payout_named(session, entry)
    if payout is None:
        entry.reason = "not_a_payout"
        return
    if payouts.transfer_cents(payout) != entry.amount_cents:
        entry.reason = "amount_differs"
        entry.payout_id = payout.id
        return
    if payout.status in ("pending", "in_transit") and _latest_transfer(payout, entry):
        await payouts.mark_paid(session, rt, payout)
        result.payouts_paid.append(payout.id)
    # `paid`: the same debit seen again; `failed`, or an earlier transfer's debit: a transfer
    # its return already undid (the statements came out of order). The payout stays as it is.
    entry.status = "payout"
    entry.payout_id = payout.id


async def unmatched(session: AsyncSession, *, livemode: bool, limit: int = 100) -> list[BankEntry]:
    """What the statements held that matched nothing, oldest first, for the operator."""
    stmt = (
        select(BankEntry)
        .where(BankEntry.livemode == livemode, BankEntry.status == "unmatched")
        .order_by(BankEntry.booking_date, BankEntry.id)
        .limit(limit)
    )
    return list((await session.execute(stmt)).scalars())
