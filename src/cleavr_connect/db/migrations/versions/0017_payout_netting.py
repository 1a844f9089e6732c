"""payouts net a negative balance into the next one

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 19:30:00

A day whose commission (on payments made to the creditor directly) exceeds what Cleavr
collected leaves a negative balance: no transfer goes out, the payout becomes
`carried_forward`, and the next payout of that user and mode takes the balance in
(`carried_in_cents`, ≤ 0) before its transfer; the absorbed payout names it (`carried_to_id`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("payouts") as batch:
        batch.add_column(
            sa.Column("carried_in_cents", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("carried_to_id", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("payouts") as batch:
        batch.drop_column("carried_to_id")
        batch.drop_column("carried_in_cents")
