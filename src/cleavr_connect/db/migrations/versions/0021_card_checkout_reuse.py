"""a card checkout keeps its URL and expiry, to be handed out again

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 13:00:00

Starting a card payment from the debtor portal reuses the claim's open checkout for the same
amount while it is valid (`portal.checkout.start`): a double click or a second tab lands on the
same payment page instead of opening a second checkout. `url` is where the checkout sends the
debtor (the sandbox page, or Stripe's hosted page) and `expires_at` when it stops taking a
payment. Checkouts started before have neither and are never reused.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from cleavr_connect.db.base import UTCDateTime

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("card_checkouts") as batch:
        batch.add_column(sa.Column("url", sa.Text(), nullable=True))
        batch.add_column(sa.Column("expires_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("card_checkouts") as batch:
        batch.drop_column("expires_at")
        batch.drop_column("url")
