from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from cleavr_connect.db.base import Base, UTCDateTime


class Receivable(Base):
    """An unpaid invoice (one or several invoice numbers) sent to amicable recovery."""

    __tablename__ = "receivables"
    __table_args__ = (
        Index(
            "ix_receivables_owner_created",
            "platform_id",
            "account_id",
            "livemode",
            "created_at",
            "id",
        ),
        Index("ix_receivables_owner_status", "platform_id", "account_id", "livemode", "status"),
        Index("ix_receivables_user_created", "user_id", "created_at", "id"),
        Index("ix_receivables_due_actions", "livemode", "next_action_at"),
        # Reports (SPEC §9): covering indexes, so the aggregates read only the index (an
        # index-only scan on PostgreSQL, a covering index on SQLite), never the wide rows.
        Index(
            "ix_receivables_owner_created_totals",
            "platform_id",
            "account_id",
            "livemode",
            "created_at",
            "status",
            "amount_cents",
            "recovered_cents",
            "commission_cents",
            "first_payment_at",
        ),
        Index(
            "ix_receivables_owner_status_due",
            "platform_id",
            "account_id",
            "livemode",
            "status",
            "due_date",
            "amount_cents",
            "recovered_cents",
            "user_id",
        ),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    platform_id: Mapped[str] = mapped_column(ForeignKey("platforms.id"))
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    livemode: Mapped[bool] = mapped_column(Boolean)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str | None] = mapped_column(String(30))
    stage: Mapped[str | None] = mapped_column(String(30))
    invoice_numbers: Mapped[list[str]] = mapped_column(JSON)
    # Nullable for drafts (SPEC §7, OCR): a draft holds what was read until it is completed.
    issue_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    service_description: Mapped[str | None] = mapped_column(Text)
    amount_cents: Mapped[int | None] = mapped_column(BigInteger)  # tax included: the principal
    amount_before_tax_cents: Mapped[int | None] = mapped_column(BigInteger)
    tax_amount_cents: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    payment_terms: Mapped[str | None] = mapped_column(Text)
    late_penalty_rate: Mapped[str | None] = mapped_column(String(12))  # annual %, Decimal text
    debtor: Mapped[dict[str, Any]] = mapped_column(JSON)
    debtor_type: Mapped[str] = mapped_column(String(12))  # company | sole_trader | consumer
    # The day the service was rendered or the goods delivered, when given: a consumer claim's
    # prescription runs from it (else from the issue date).
    service_date: Mapped[date | None] = mapped_column(Date)
    metadata_: Mapped[dict[str, str]] = mapped_column("metadata", JSON, default=dict)
    recovered_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    commission_cents: Mapped[int] = mapped_column(BigInteger, default=0)  # excluding VAT
    # The VAT on it: the sum of the payments' (migration 0018), which the report rollups sum.
    commission_vat_cents: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    # Test clock: days this receivable's clock runs ahead of the real one.
    clock_offset_days: Mapped[int] = mapped_column(Integer, default=0)
    playbook_step: Mapped[int] = mapped_column(Integer, default=0)
    timeline_seq: Mapped[int] = mapped_column(Integer, default=0)
    next_action_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recovery_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_payment_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Submission fixes the commission (SPEC §8): the debt's age that day, the band's rate and the
    # platform's whole table then in force, so later table changes never apply to this claim.
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    commission_days_overdue: Mapped[int | None] = mapped_column(Integer)
    commission_rate: Mapped[str | None] = mapped_column(String(12))
    commission_bands: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # The creditor's imputation of partial payments when submitted (users.payment_imputation).
    imputation: Mapped[str | None] = mapped_column(String(20))
    # The formal notice's date (receivable time): a consumer owes interest from it.
    formal_notice_on: Mapped[date | None] = mapped_column(Date)
    # Accessories the creditor gave up: {"late_penalties": bool, "fixed_indemnity": bool,
    # "on": "YYYY-MM-DD"}.
    waived: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The latest payment plan the debtor proposed, with its schedule (`receivables.instalments`).
    payment_plan: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    cancellation_reason: Mapped[str | None] = mapped_column(Text)
    dispute_reason: Mapped[str | None] = mapped_column(Text)
    # Drafts: the params still to give or correct before submit, and why.
    missing_fields: Mapped[list[str] | None] = mapped_column(JSON)
    field_errors: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)
    # Receivables read from an invoice: the stored file, the extraction with a confidence,
    # page and box per field, and the integrator's overrides.
    ocr: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OpenInvoiceNumber(Base):
    """One row per invoice number of an open receivable: the unique index refuses a duplicate
    even when two submissions race (SPEC §7 `duplicate_receivable`)."""

    __tablename__ = "open_invoice_numbers"
    __table_args__ = (
        Index("uq_open_invoice_numbers_user_number", "user_id", "number", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(String(64))
    number: Mapped[str] = mapped_column(String(100))
    receivable_id: Mapped[str] = mapped_column(
        ForeignKey("receivables.id", ondelete="CASCADE"), index=True
    )


class ReceivableAction(Base):
    """The dated timeline of a receivable: playbook actions and lifecycle changes."""

    __tablename__ = "receivable_actions"
    __table_args__ = (Index("ix_receivable_actions_receivable", "receivable_id", "seq"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    receivable_id: Mapped[str] = mapped_column(ForeignKey("receivables.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)  # order within the receivable's timeline
    type: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DebtorMessage(Base):
    """A message to a debtor (e-mail, letter, SMS) rendered when its playbook step falls due,
    then sent by the message workers (`messages/`).

    Sending is a lease like webhook deliveries: a claim writes `sending`, the worker's id and
    the lease's end (`next_attempt_at`) before anything leaves; the outcome is written after.
    A message found `sending` with an ended lease was interrupted: the retry carries the same
    `message_id` (RFC 5322 Message-ID), so a receiver recognises it."""

    __tablename__ = "debtor_messages"
    __table_args__ = (
        Index("ix_debtor_messages_receivable_created", "receivable_id", "created_at", "id"),
        # The workers' claim: due messages only, a tiny partial index.
        Index(
            "ix_debtor_messages_due",
            "next_attempt_at",
            postgresql_where=text("status IN ('queued', 'sending')"),
            sqlite_where=text("status IN ('queued', 'sending')"),
        ),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    receivable_id: Mapped[str] = mapped_column(
        ForeignKey("receivables.id", ondelete="CASCADE"), index=True
    )
    # The receivable's owner, so the messages API scopes its reads like every other resource.
    platform_id: Mapped[str | None] = mapped_column(String(64))
    account_id: Mapped[str | None] = mapped_column(String(64))
    livemode: Mapped[bool | None] = mapped_column(Boolean)
    channel: Mapped[str] = mapped_column(String(20))  # email | letter | sms
    step: Mapped[str | None] = mapped_column(String(30))  # the playbook step that wrote it
    language: Mapped[str] = mapped_column(String(5), server_default=text("'fr'"))
    recipient: Mapped[str] = mapped_column(Text)  # e-mail address, postal address or E.164
    recipient_name: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)  # the plain text
    html: Mapped[str | None] = mapped_column(Text)
    template: Mapped[str] = mapped_column(String(60))
    # The PDF (a letter, or the formal notice attached to its e-mail), under the data directory.
    document_path: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(255))  # RFC 5322 Message-ID
    registered: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))  # LRAR
    status: Mapped[str] = mapped_column(String(20), server_default=text("'queued'"))
    attempts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locked_by: Mapped[str | None] = mapped_column(String(80))
    provider_reference: Mapped[str | None] = mapped_column(Text)
    failure_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = (
        Index("ix_payments_receivable", "receivable_id", "paid_at"),
        Index("ix_payments_owner_paid", "platform_id", "account_id", "livemode", "paid_at"),
        # Reports: recoveries per period from the index alone.
        Index(
            "ix_payments_owner_paid_amounts",
            "platform_id",
            "account_id",
            "livemode",
            "paid_at",
            "amount_cents",
            "commission_cents",
            "net_cents",
            "user_id",
        ),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    receivable_id: Mapped[str] = mapped_column(ForeignKey("receivables.id"))
    user_id: Mapped[str] = mapped_column(String(64))
    platform_id: Mapped[str] = mapped_column(String(64))
    account_id: Mapped[str] = mapped_column(String(64))
    livemode: Mapped[bool] = mapped_column(Boolean)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    paid_at: Mapped[date] = mapped_column(Date)
    days_overdue: Mapped[int] = mapped_column(Integer)
    commission_rate: Mapped[str] = mapped_column(String(12))
    commission_cents: Mapped[int] = mapped_column(BigInteger)  # excluding VAT
    commission_vat_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    net_cents: Mapped[int] = mapped_column(BigInteger)  # amount - commission incl. VAT
    # The part of the payment beyond what was owed: recorded, no commission, to refund.
    overpayment_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    payout_id: Mapped[str | None] = mapped_column(String(64), index=True)
    # operator | test_helper | debtor_portal | direct (paid to the creditor, reported)
    source: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Payout(Base):
    """What Cleavr owes a user for one day: the net of commission of that day's payments."""

    __tablename__ = "payouts"
    __table_args__ = (
        Index("uq_payouts_user_day", "user_id", "payout_date", unique=True),
        Index("uq_payouts_invoice_number", "livemode", "invoice_number", unique=True),
        Index(
            "ix_payouts_owner_created", "platform_id", "account_id", "livemode", "created_at", "id"
        ),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64))
    platform_id: Mapped[str] = mapped_column(String(64))
    account_id: Mapped[str] = mapped_column(String(64))
    livemode: Mapped[bool] = mapped_column(Boolean)
    payout_date: Mapped[date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    commission_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    commission_vat_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    gross_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    # pending | in_transit | paid | carried_forward (a balance ≤ 0: no transfer, netted into
    # the user's next payout, which records it in `carried_in_cents` and is named here in
    # `carried_to_id`) | failed (the transfer came back: sent again once the user has given a
    # payout IBAN again).
    status: Mapped[str] = mapped_column(String(20))
    carried_in_cents: Mapped[int] = mapped_column(BigInteger, default=0, server_default=text("0"))
    carried_to_id: Mapped[str | None] = mapped_column(String(64))
    # The commission invoice, issued when the payout is paid: its number in the mode's gapless
    # sequence and everything printed on it, frozen at issue.
    invoice_number: Mapped[str | None] = mapped_column(String(40))
    invoice: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A returned transfer (migration 0020): the bank's reason, the day it booked the return.
    failure_code: Mapped[str | None] = mapped_column(String(40))
    failure_message: Mapped[str | None] = mapped_column(Text)
    failed_on: Mapped[date | None] = mapped_column(Date)
    # Keyed hash of the IBAN the transfer went to (`payouts.service.iban_hash`).
    sent_iban_hash: Mapped[str | None] = mapped_column(String(64))
    # Transfers sent for it: 2 and more once a returned one went again (`sepa.end_to_end_id`).
    transfer_count: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CommissionTable(Base):
    """A platform's own commission bands (volume discounts), in force from a date."""

    __tablename__ = "commission_tables"
    __table_args__ = (Index("ix_commission_tables_platform", "platform_id", "effective_from"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    platform_id: Mapped[str] = mapped_column(ForeignKey("platforms.id"))
    # [{"min_days": 0, "rate": "10.80"}, …] ascending
    bands: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    effective_from: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReadingJob(Base):
    """The OCR queue: one row per document waiting to be read by a worker (a scan, or a PDF
    whose text layer is glyph codes). A worker takes a row whose `available_at` has come,
    moves `available_at` one lease ahead and reads; the row is deleted in the transaction that
    settles the receivable. A worker that dies leaves its lease to expire: another takes over."""

    __tablename__ = "reading_jobs"
    __table_args__ = (Index("ix_reading_jobs_available", "available_at"),)

    receivable_id: Mapped[str] = mapped_column(
        ForeignKey("receivables.id", ondelete="CASCADE"), primary_key=True
    )
    file_id: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    leased_by: Mapped[str | None] = mapped_column(String(100))
    available_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
