"""platform branding, embedding origins, receivable status component tokens

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 16:30:00

A platform's logo (PNG/JPEG bytes, small), accent colour and the origins allowed to frame its
users' onboarding; and the short-lived, read-only tokens that unlock one receivable's status
component (kept only as keyed hashes).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from cleavr_connect.db.base import UTCDateTime

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("platforms") as batch:
        batch.add_column(sa.Column("logo", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("logo_media_type", sa.String(40), nullable=True))
        batch.add_column(sa.Column("brand_color", sa.String(7), nullable=True))
        batch.add_column(sa.Column("embed_origins", sa.JSON(), nullable=False, server_default="[]"))
    op.create_table(
        "component_tokens",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("platform_id", sa.String(64), sa.ForeignKey("platforms.id"), nullable=False),
        sa.Column("account_id", sa.String(64), nullable=False),
        sa.Column("livemode", sa.Boolean(), nullable=False),
        sa.Column(
            "receivable_id",
            sa.String(64),
            sa.ForeignKey("receivables.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_component_tokens_expires_at", "component_tokens", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_component_tokens_expires_at", table_name="component_tokens")
    op.drop_table("component_tokens")
    with op.batch_alter_table("platforms") as batch:
        batch.drop_column("embed_origins")
        batch.drop_column("brand_color")
        batch.drop_column("logo_media_type")
        batch.drop_column("logo")
