"""a payout's credit transfer can come back

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 06:30:00

The beneficiary's bank can return a payout's transfer (a closed or wrong account): the bank
statement then shows a credit quoting the payout's end-to-end id. The payout becomes `failed`
with the bank's reason (`failure_code`, `failure_message`) and the day the return was booked
(`failed_on`); it is sent again once its user has given a payout IBAN again. `sent_iban_hash`
is the keyed hash of the IBAN the transfer went to, so that a return clears the user's IBAN
only when it is still that one; `transfer_count` numbers its transfers, whose end-to-end ids
(from the second on, `…/2`) tell which one a return or a debit is of.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("payouts") as batch:
        batch.add_column(sa.Column("failure_code", sa.String(40), nullable=True))
        batch.add_column(sa.Column("failure_message", sa.Text(), nullable=True))
        batch.add_column(sa.Column("failed_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("sent_iban_hash", sa.String(64), nullable=True))
        batch.add_column(
            sa.Column("transfer_count", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("payouts") as batch:
        batch.drop_column("transfer_count")
        batch.drop_column("sent_iban_hash")
        batch.drop_column("failed_on")
        batch.drop_column("failure_message")
        batch.drop_column("failure_code")
