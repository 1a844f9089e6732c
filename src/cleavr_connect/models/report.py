"""Rollups of receivables for the summary report (SPEC §9), kept by database triggers.

Triggers on `receivables` (migrations 0006 and 0007) update them in the statement that changes a
row, whatever writes it (the ORM, Core, COPY), so they always hold exactly what the receivables
hold, in the same transaction. A report window then costs its days, not its receivables. Each
key is split over up to 16 `shard` rows (one per PostgreSQL backend), so that concurrent
transactions of one account do not queue on one locked row; reports sum over them.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Boolean, Date, Integer, SmallInteger, String, text
from sqlalchemy.orm import Mapped, mapped_column

from cleavr_connect.db.base import Base


class ReceivableDailyTotal(Base):
    """Receivables created on `day` (UTC) per current status, for the whole owner: count and
    sums. A window reads days × statuses rows, however many users and receivables."""

    __tablename__ = "receivable_daily_totals"

    platform_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    livemode: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    shard: Mapped[int] = mapped_column(SmallInteger, primary_key=True, server_default="0")
    count: Mapped[int] = mapped_column(BigInteger)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    recovered_cents: Mapped[int] = mapped_column(BigInteger)
    commission_cents: Mapped[int] = mapped_column(BigInteger)
    commission_vat_cents: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    paid_count: Mapped[int] = mapped_column(BigInteger)  # with a first payment


class ReceivableUserDailyTotal(Base):
    """The same per user, for the summary of one user."""

    __tablename__ = "receivable_user_daily_totals"

    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    shard: Mapped[int] = mapped_column(SmallInteger, primary_key=True, server_default="0")
    platform_id: Mapped[str] = mapped_column(String(64))
    account_id: Mapped[str] = mapped_column(String(64))
    livemode: Mapped[bool] = mapped_column(Boolean)
    count: Mapped[int] = mapped_column(BigInteger)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    recovered_cents: Mapped[int] = mapped_column(BigInteger)
    commission_cents: Mapped[int] = mapped_column(BigInteger)
    commission_vat_cents: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    paid_count: Mapped[int] = mapped_column(BigInteger)


class ReceivablePaymentDelay(Base):
    """PostgreSQL only: a histogram of the time from submission to the first payment, per
    creation day (UTC), over `reports.repository.DELAY_EDGES`. It says where the median lies;
    the exact value is then read from the few receivables of that bin."""

    __tablename__ = "receivable_payment_delays"

    platform_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    livemode: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    bin: Mapped[int] = mapped_column(Integer, primary_key=True)
    shard: Mapped[int] = mapped_column(SmallInteger, primary_key=True, server_default="0")
    count: Mapped[int] = mapped_column(BigInteger)
