"""onboarding links shown once: erase them from stored events and stop keeping them encrypted

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 16:00:00

A link redeems for whoever holds it. It used to be kept encrypted (so reads could show it) and
copied in clear into every `user.*` event, listable for 30 days. Now it appears only in the
response that issues it: existing events lose it and the encrypted copies are erased.
"""

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _scrub(data: Any) -> bool:
    changed = False
    for part in ("object", "previous_attributes"):
        section = data.get(part) if isinstance(data, dict) else None
        if isinstance(section, dict) and section.get("onboarding_url") is not None:
            section["onboarding_url"] = None
            changed = True
    return changed


def upgrade() -> None:
    with op.batch_alter_table("onboarding_links") as batch:
        batch.alter_column("token_encrypted", existing_type=sa.Text(), nullable=True)
    op.execute("UPDATE onboarding_links SET token_encrypted = NULL")
    bind = op.get_bind()
    events = sa.table("events", sa.column("id", sa.String), sa.column("data", sa.JSON))
    rows = bind.execute(
        sa.select(events.c.id, events.c.data).where(
            sa.cast(events.c.data, sa.Text).like("%onboarding_url%")
        )
    )
    for event_id, data in rows.all():
        if isinstance(data, str):
            data = json.loads(data)
        if _scrub(data):
            bind.execute(events.update().where(events.c.id == event_id).values(data=data))


def downgrade() -> None:
    # The erased links cannot come back; rows without one get an empty value.
    op.execute("UPDATE onboarding_links SET token_encrypted = '' WHERE token_encrypted IS NULL")
    with op.batch_alter_table("onboarding_links") as batch:
        batch.alter_column("token_encrypted", existing_type=sa.Text(), nullable=False)
