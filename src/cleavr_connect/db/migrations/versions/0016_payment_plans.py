"""payment plans: the creditor's policy on the user, the debtor's plan on the receivable

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 19:30:00

`users.payment_plan_policy` is null until the platform sets one (the defaults apply);
`receivables.payment_plan` holds the latest plan the debtor proposed, with its schedule.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("payment_plan_policy", sa.JSON(), nullable=True))
    with op.batch_alter_table("receivables") as batch:
        batch.add_column(sa.Column("payment_plan", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("receivables") as batch:
        batch.drop_column("payment_plan")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("payment_plan_policy")
