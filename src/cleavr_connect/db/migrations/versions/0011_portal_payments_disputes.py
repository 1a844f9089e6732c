"""debtor portal: card checkouts, disputes and promises to pay

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 16:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from cleavr_connect.db.base import UTCDateTime

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _receivable_fk() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        "receivable_id",
        sa.String(64),
        sa.ForeignKey("receivables.id", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "card_checkouts",
        sa.Column("id", sa.String(64), primary_key=True),
        _receivable_fk(),
        sa.Column("livemode", sa.Boolean(), nullable=False),
        sa.Column("provider", sa.String(20), nullable=False),
        sa.Column("provider_ref", sa.String(255), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("payment_id", sa.String(64), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("completed_at", UTCDateTime(), nullable=True),
    )
    op.create_index(
        "uq_card_checkouts_provider_ref",
        "card_checkouts",
        ["provider", "provider_ref"],
        unique=True,
    )
    op.create_index("ix_card_checkouts_receivable_id", "card_checkouts", ["receivable_id"])
    op.create_table(
        "portal_disputes",
        sa.Column("id", sa.String(64), primary_key=True),
        _receivable_fk(),
        sa.Column("reason", sa.String(30), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("evidence_ids", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_portal_disputes_receivable_id", "portal_disputes", ["receivable_id"])
    op.create_table(
        "payment_promises",
        sa.Column("id", sa.String(64), primary_key=True),
        _receivable_fk(),
        sa.Column("promised_for", sa.Date(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_payment_promises_receivable_id", "payment_promises", ["receivable_id"])


def downgrade() -> None:
    op.drop_table("payment_promises")
    op.drop_table("portal_disputes")
    op.drop_table("card_checkouts")
