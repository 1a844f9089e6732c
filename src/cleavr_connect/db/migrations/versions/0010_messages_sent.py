"""messages really sent: owner, content, lease and outcome of each debtor message; verified
account e-mail addresses

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 16:00:00

`debtor_messages` gains the receivable's owner (the messages API scopes by it), the rendered
HTML and PDF, the RFC 5322 Message-ID, and the sending lease and outcome. Existing messages
take their receivable's owner. Accounts gain `email_verified_at`; accounts that exist already
were created by the operator or before verification existed, and count as verified.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cleavr_connect.db.base

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = cleavr_connect.db.base.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table("debtor_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("platform_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("account_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("livemode", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("step", sa.String(length=30), nullable=True))
        batch_op.add_column(
            sa.Column(
                "language", sa.String(length=5), server_default=sa.text("'fr'"), nullable=False
            )
        )
        batch_op.add_column(sa.Column("recipient_name", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("html", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("document_path", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("message_id", sa.String(length=255), nullable=True))
        batch_op.add_column(
            sa.Column("registered", sa.Boolean(), server_default=sa.text("false"), nullable=False)
        )
        batch_op.add_column(
            sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.add_column(sa.Column("next_attempt_at", UTC(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("locked_by", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("provider_reference", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("failure_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("updated_at", UTC(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("delivered_at", UTC(timezone=True), nullable=True))
        batch_op.create_index(
            "ix_debtor_messages_receivable_created",
            ["receivable_id", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_debtor_messages_due",
            ["next_attempt_at"],
            unique=False,
            postgresql_where=sa.text("status IN ('queued', 'sending')"),
            sqlite_where=sa.text("status IN ('queued', 'sending')"),
        )
    for column in ("platform_id", "account_id", "livemode"):
        op.execute(
            f"UPDATE debtor_messages SET {column} = (SELECT r.{column} FROM receivables r"  # noqa: S608
            " WHERE r.id = debtor_messages.receivable_id)"
        )
    # Messages queued before they could be sent are sent now, from their creation.
    op.execute("UPDATE debtor_messages SET next_attempt_at = created_at WHERE status = 'queued'")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email_verified_at", UTC(timezone=True), nullable=True))
    op.execute("UPDATE accounts SET email_verified_at = created_at")


def downgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("email_verified_at")
    with op.batch_alter_table("debtor_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_debtor_messages_due")
        batch_op.drop_index("ix_debtor_messages_receivable_created")
        for column in (
            "delivered_at",
            "updated_at",
            "failure_reason",
            "provider_reference",
            "locked_by",
            "next_attempt_at",
            "attempts",
            "registered",
            "message_id",
            "document_path",
            "html",
            "recipient_name",
            "language",
            "step",
            "livemode",
            "account_id",
            "platform_id",
        ):
            batch_op.drop_column(column)
