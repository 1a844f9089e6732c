"""debtor portal links and ISO 11649 creditor references

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 15:45:00

Each message to a debtor carries its own portal link; only the keyed hash of its token is
stored. Each receivable gets one `RF…` creditor reference, unique, for bank transfers.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from cleavr_connect.db.base import UTCDateTime

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "portal_tokens",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column(
            "receivable_id",
            sa.String(64),
            sa.ForeignKey("receivables.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_used_at", UTCDateTime(), nullable=True),
    )
    op.create_index("uq_portal_tokens_token_hash", "portal_tokens", ["token_hash"], unique=True)
    op.create_index("ix_portal_tokens_receivable_id", "portal_tokens", ["receivable_id"])
    op.create_table(
        "creditor_references",
        sa.Column(
            "receivable_id",
            sa.String(64),
            sa.ForeignKey("receivables.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("reference", sa.String(25), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index(
        "uq_creditor_references_reference", "creditor_references", ["reference"], unique=True
    )


def downgrade() -> None:
    op.drop_table("creditor_references")
    op.drop_table("portal_tokens")
