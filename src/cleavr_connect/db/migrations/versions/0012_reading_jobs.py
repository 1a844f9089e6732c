"""reading jobs: scans are read by workers through a queue table

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 16:00:00

Scans were read in a process pool of the API process that received them, and a sweep over
`processing` receivables finished what a dead process left. They now wait in `reading_jobs`,
taken by `cleavr-connect worker` processes (`FOR UPDATE SKIP LOCKED` on PostgreSQL) with a
lease, as webhook deliveries are. Receivables still `processing` get their job here; the
sweep's index goes.
"""

import json
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PROCESSING = sa.text("status = 'processing'")


def upgrade() -> None:
    jobs = op.create_table(
        "reading_jobs",
        sa.Column("receivable_id", sa.String(64), nullable=False),
        sa.Column("file_id", sa.String(64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("leased_by", sa.String(100), nullable=True),
        sa.Column("available_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["receivable_id"], ["receivables.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("receivable_id"),
    )
    op.create_index("ix_reading_jobs_available", "reading_jobs", ["available_at"])
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    now = datetime.now(UTC)
    stamp = now.replace(tzinfo=None) if sqlite else now
    rows = bind.execute(sa.text("SELECT id, ocr FROM receivables WHERE status = 'processing'"))
    waiting = []
    for receivable_id, ocr in rows:
        data = json.loads(ocr) if isinstance(ocr, str) else (ocr or {})
        if data.get("file_id"):
            waiting.append(
                {
                    "receivable_id": receivable_id,
                    "file_id": data["file_id"],
                    "attempts": int(data.get("attempts") or 0),
                    "leased_by": None,
                    "available_at": stamp,
                    "created_at": stamp,
                }
            )
    if waiting:
        op.bulk_insert(jobs, waiting)
    op.drop_index("ix_receivables_processing", table_name="receivables")


def downgrade() -> None:
    op.create_index(
        "ix_receivables_processing",
        "receivables",
        ["updated_at"],
        unique=False,
        postgresql_where=PROCESSING,
        sqlite_where=PROCESSING,
    )
    op.drop_index("ix_reading_jobs_available", table_name="reading_jobs")
    op.drop_table("reading_jobs")
