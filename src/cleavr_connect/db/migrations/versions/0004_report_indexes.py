"""report indexes: covering indexes for the summary, aging and recoveries aggregates

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 15:00:00

Each holds every column its report reads, so PostgreSQL answers with an index-only scan and
SQLite with a covering index: over a million receivables the reports read a narrow index instead
of the wide rows (debtor JSON, texts). Plain key columns rather than INCLUDE, so that SQLite's
indexes cover too.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES: list[tuple[str, str, list[str]]] = [
    (
        "ix_receivables_owner_created_totals",
        "receivables",
        [
            "platform_id",
            "account_id",
            "livemode",
            "created_at",
            "status",
            "amount_cents",
            "recovered_cents",
            "commission_cents",
            "first_payment_at",
        ],
    ),
    (
        "ix_receivables_owner_status_due",
        "receivables",
        [
            "platform_id",
            "account_id",
            "livemode",
            "status",
            "due_date",
            "amount_cents",
            "recovered_cents",
            "user_id",
        ],
    ),
    (
        "ix_payments_owner_paid_amounts",
        "payments",
        [
            "platform_id",
            "account_id",
            "livemode",
            "paid_at",
            "amount_cents",
            "commission_cents",
            "net_cents",
            "user_id",
        ],
    ),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
