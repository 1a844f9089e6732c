"""timeline wording: the final notice announces the end of amicable recovery, not legal action

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 07:00:00

The playbook's day-45 entry read "Final notice before legal action sent." and the day-15 one
"Escalated to the debtor's escalation contacts.". The final notice announces no proceedings
(an amicable agency may not threaten what it cannot do: recovery ends and the file goes back
to the creditor), and a consumer's escalation goes to the consumer. Entries already written
take the playbook's new descriptions (`receivables.steps.PLAYBOOK`); the events already sent
keep what they carried.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (type, old description, new description)
REWORDED = (
    (
        "final_notice_sent",
        "Final notice before legal action sent.",
        "Final notice sent before amicable recovery ends.",
    ),
    (
        "escalation_sent",
        "Escalated to the debtor's escalation contacts.",
        "Escalation emailed to the debtor's escalation contacts, else to the primary contact.",
    ),
    (
        "reminder_sent",
        "Second reminder emailed to the primary contact.",
        "Second reminder sent to the primary contact.",
    ),
)

_REWORD = sa.text(
    "UPDATE receivable_actions SET description = :new WHERE type = :type AND description = :old"
)


def upgrade() -> None:
    for type_, old, new in REWORDED:
        op.get_bind().execute(_REWORD, {"type": type_, "old": old, "new": new})


def downgrade() -> None:
    for type_, old, new in REWORDED:
        op.get_bind().execute(_REWORD, {"type": type_, "old": new, "new": old})
