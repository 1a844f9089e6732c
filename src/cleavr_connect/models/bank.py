"""Bank statement entries read from ISO 20022 camt.053/camt.054 files."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cleavr_connect.db.base import Base, UTCDateTime


class BankEntry(Base):
    """One credit or debit of a statement. `dedupe_key` (account, the bank's entry reference,
    the transaction's place in the entry) is unique: a statement imported twice records each
    credit once."""

    __tablename__ = "bank_entries"
    __table_args__ = (
        Index("uq_bank_entries_dedupe_key", "dedupe_key", unique=True),
        Index("ix_bank_entries_status", "livemode", "status", "booking_date"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200))
    livemode: Mapped[bool] = mapped_column(Boolean)
    statement_id: Mapped[str] = mapped_column(String(70))
    account_iban: Mapped[str] = mapped_column(String(34))
    direction: Mapped[str] = mapped_column(String(6))  # credit | debit
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    booking_date: Mapped[date] = mapped_column(Date)
    entry_reference: Mapped[str] = mapped_column(String(70))
    end_to_end_id: Mapped[str | None] = mapped_column(String(70))
    creditor_reference: Mapped[str | None] = mapped_column(String(35))
    remittance: Mapped[str | None] = mapped_column(Text)
    counterparty: Mapped[str | None] = mapped_column(String(140))
    # matched (a payment of a receivable), payout (our payout's debit), unmatched
    status: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str | None] = mapped_column(String(40))
    receivable_id: Mapped[str | None] = mapped_column(String(64))
    payment_id: Mapped[str | None] = mapped_column(String(64))
    payout_id: Mapped[str | None] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
