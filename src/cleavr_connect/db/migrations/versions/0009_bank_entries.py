"""bank statement entries (camt.053/camt.054) and payouts in transit

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 16:00:00

Each credit or debit read from a bank statement is kept once (unique `dedupe_key`), with what
it matched: a receivable's payment, one of our payouts, or nothing (listed for the operator).
Payouts gain the status `in_transit` (exported in a pain.001 file, not yet debited); the column
is wide enough already.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from cleavr_connect.db.base import UTCDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bank_entries",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("dedupe_key", sa.String(200), nullable=False),
        sa.Column("livemode", sa.Boolean(), nullable=False),
        sa.Column("statement_id", sa.String(70), nullable=False),
        sa.Column("account_iban", sa.String(34), nullable=False),
        sa.Column("direction", sa.String(6), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("booking_date", sa.Date(), nullable=False),
        sa.Column("entry_reference", sa.String(70), nullable=False),
        sa.Column("end_to_end_id", sa.String(70), nullable=True),
        sa.Column("creditor_reference", sa.String(35), nullable=True),
        sa.Column("remittance", sa.Text(), nullable=True),
        sa.Column("counterparty", sa.String(140), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("reason", sa.String(40), nullable=True),
        sa.Column("receivable_id", sa.String(64), nullable=True),
        sa.Column("payment_id", sa.String(64), nullable=True),
        sa.Column("payout_id", sa.String(64), nullable=True),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
    )
    op.create_index("uq_bank_entries_dedupe_key", "bank_entries", ["dedupe_key"], unique=True)
    op.create_index(
        "ix_bank_entries_status", "bank_entries", ["livemode", "status", "booking_date"]
    )


def downgrade() -> None:
    op.drop_table("bank_entries")
