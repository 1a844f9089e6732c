from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cleavr_connect.db.base import Base, UTCDateTime


class RateEntry(Base):
    """A half-year's rate added by the operator (`cleavr-connect rates set`), on top of the
    history shipped as data (rate_data/*.csv)."""

    __tablename__ = "rate_entries"
    __table_args__ = (Index("uq_rate_entries_kind_from", "kind", "effective_from", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(10))  # ecb | legal
    effective_from: Mapped[date] = mapped_column(Date)
    rate: Mapped[str] = mapped_column(String(12))  # annual %, Decimal text
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class InvoiceSequence(Base):
    """The last commission invoice number issued in a mode. Numbers come from an UPDATE of this
    row inside the transaction that issues the invoice: the row lock orders concurrent issuers
    (SQLite has one writer anyway) and a rolled-back issue gives its number back, so the
    sequence has no gap (Code général des impôts, annexe II, art. 242 nonies A)."""

    __tablename__ = "invoice_sequences"

    livemode: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)
