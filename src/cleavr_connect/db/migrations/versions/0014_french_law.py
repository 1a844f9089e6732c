"""French-law arithmetic: debtor kinds, rate tables, commission fixed at submission with VAT,
overpayments, waivers and commission invoices

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 16:00:00

`individual` debtors become `consumer` (the 2025-08-28 name is still accepted as an alias).
Receivables already submitted keep the commission rule they were submitted under: their
commission is still computed per payment, so the new columns stay null for them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_entries",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("rate", sa.String(12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "uq_rate_entries_kind_from", "rate_entries", ["kind", "effective_from"], unique=True
    )
    op.create_table(
        "invoice_sequences",
        sa.Column("livemode", sa.Boolean(), primary_key=True),
        sa.Column("last_number", sa.Integer(), nullable=False, server_default="0"),
    )
    op.execute("INSERT INTO invoice_sequences (livemode, last_number) VALUES (false, 0)")
    op.execute("INSERT INTO invoice_sequences (livemode, last_number) VALUES (true, 0)")
    with op.batch_alter_table("receivables") as batch:
        batch.add_column(sa.Column("service_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("commission_days_overdue", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("commission_rate", sa.String(12), nullable=True))
        batch.add_column(sa.Column("commission_bands", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("formal_notice_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("waived", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("imputation", sa.String(20), nullable=True))
    op.execute("UPDATE receivables SET debtor_type = 'consumer' WHERE debtor_type = 'individual'")
    with op.batch_alter_table("payments") as batch:
        batch.add_column(
            sa.Column("commission_vat_cents", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch.add_column(
            sa.Column("overpayment_cents", sa.BigInteger(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("payouts") as batch:
        batch.add_column(
            sa.Column("commission_vat_cents", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("invoice_number", sa.String(40), nullable=True))
        batch.add_column(sa.Column("invoice", sa.JSON(), nullable=True))
    op.create_index(
        "uq_payouts_invoice_number", "payouts", ["livemode", "invoice_number"], unique=True
    )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("payment_imputation", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("payment_imputation")
    op.drop_index("uq_payouts_invoice_number", table_name="payouts")
    with op.batch_alter_table("payouts") as batch:
        batch.drop_column("invoice")
        batch.drop_column("invoice_number")
        batch.drop_column("commission_vat_cents")
    with op.batch_alter_table("payments") as batch:
        batch.drop_column("overpayment_cents")
        batch.drop_column("commission_vat_cents")
    op.execute("UPDATE receivables SET debtor_type = 'individual' WHERE debtor_type = 'consumer'")
    with op.batch_alter_table("receivables") as batch:
        for name in (
            "imputation",
            "waived",
            "formal_notice_on",
            "commission_bands",
            "commission_rate",
            "commission_days_overdue",
            "submitted_at",
            "service_date",
        ):
            batch.drop_column(name)
    op.drop_table("invoice_sequences")
    op.drop_index("uq_rate_entries_kind_from", table_name="rate_entries")
    op.drop_table("rate_entries")
