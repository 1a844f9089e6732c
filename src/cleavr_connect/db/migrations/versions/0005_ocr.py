"""ocr: drafts read from invoice PDFs and scans

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 16:00:00

A receivable can now exist before it is complete: `processing` while a scan is read, `draft`
until its missing fields are given. The invoice columns become nullable; `missing_fields` and
`field_errors` say what a draft still needs, `ocr` keeps the extraction (a confidence, page and
box per field) and the stored file's id. A partial index finds OCR jobs left behind.

SQLite cannot drop NOT NULL in place: batch mode copies the table, and dropping the old copy
while foreign keys are enforced would cascade-delete every receivable's timeline and messages.
Enforcement is switched off for the copy (it can only be switched outside a transaction, so a
transaction left open by the previous revisions of the same run is committed first), and the
foreign keys are checked afterwards.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.engine import Connection

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NULLABLE: list[tuple[str, sa.types.TypeEngine]] = [
    ("issue_date", sa.Date()),
    ("due_date", sa.Date()),
    ("amount_cents", sa.BigInteger()),
    ("amount_before_tax_cents", sa.BigInteger()),
    ("tax_amount_cents", sa.BigInteger()),
]
PROCESSING = sa.text("status = 'processing'")


def _sqlite_foreign_keys(bind: Connection, enabled: bool) -> None:
    value = "ON" if enabled else "OFF"
    bind.exec_driver_sql(f"PRAGMA foreign_keys={value}")
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar() != int(enabled):
        # Inside the implicit transaction the driver opened for an earlier revision's DML:
        # commit it (those revisions are complete) so that the pragma takes effect.
        bind.connection.dbapi_connection.commit()  # type: ignore[union-attr]
        bind.exec_driver_sql(f"PRAGMA foreign_keys={value}")


def _check_sqlite_foreign_keys(bind: Connection) -> None:
    # Rows whose receivable went missing in the copy (other tables are not our business here).
    broken = [
        row
        for row in bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if row[2] == "receivables"
    ]
    if broken:
        raise RuntimeError(f"foreign keys broken by the receivables copy: {broken[:5]}")


def _alter(nullable: bool) -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        _sqlite_foreign_keys(bind, False)
    with op.batch_alter_table("receivables", schema=None) as batch_op:
        for column, type_ in NULLABLE:
            batch_op.alter_column(column, existing_type=type_, nullable=nullable)
        if nullable:
            batch_op.add_column(sa.Column("missing_fields", sa.JSON(), nullable=True))
            batch_op.add_column(sa.Column("field_errors", sa.JSON(), nullable=True))
            batch_op.add_column(sa.Column("ocr", sa.JSON(), nullable=True))
        else:
            batch_op.drop_column("ocr")
            batch_op.drop_column("field_errors")
            batch_op.drop_column("missing_fields")
    if sqlite:
        _check_sqlite_foreign_keys(bind)
        _sqlite_foreign_keys(bind, True)


def upgrade() -> None:
    _alter(nullable=True)
    op.create_index(
        "ix_receivables_processing",
        "receivables",
        ["updated_at"],
        unique=False,
        postgresql_where=PROCESSING,
        sqlite_where=PROCESSING,
    )


def downgrade() -> None:
    op.drop_index("ix_receivables_processing", table_name="receivables")
    # Drafts, and receivables refused while being read, cannot exist in the older schema.
    nulls = " OR ".join(f"{column} IS NULL" for column, _ in NULLABLE)
    gone = f"SELECT id FROM receivables WHERE {nulls}"  # noqa: S608 - constant column names
    op.execute(f"DELETE FROM receivable_actions WHERE receivable_id IN ({gone})")  # noqa: S608
    op.execute(f"UPDATE files SET receivable_id = NULL WHERE receivable_id IN ({gone})")  # noqa: S608
    op.execute(f"DELETE FROM receivables WHERE id IN ({gone})")  # noqa: S608
    _alter(nullable=False)
