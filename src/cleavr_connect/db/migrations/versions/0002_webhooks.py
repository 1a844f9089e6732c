"""webhooks: endpoints, the fan-out queue fed by a trigger on events, deliveries, attempts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 14:23:29.946893
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cleavr_connect.db.base

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = cleavr_connect.db.base.UTCDateTime(timezone=True)
SERIAL = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# The outbox trigger: every event row enters the fan-out queue in the transaction that writes it,
# so the queue holds exactly the committed events, whatever code records them.
_QUEUE_INSERT = (
    "INSERT INTO webhook_event_queue (event_id, platform_id, livemode, type, created_at) "
    "VALUES (NEW.id, NEW.platform_id, NEW.livemode, NEW.type, NEW.created_at)"
)
PG_TRIGGER = [
    f"""CREATE FUNCTION webhook_enqueue_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_QUEUE_INSERT};
    RETURN NULL;
END $$""",
    "CREATE TRIGGER events_webhook_enqueue AFTER INSERT ON events "
    "FOR EACH ROW EXECUTE FUNCTION webhook_enqueue_event()",
]
SQLITE_TRIGGER = [
    f"CREATE TRIGGER events_webhook_enqueue AFTER INSERT ON events BEGIN {_QUEUE_INSERT}; END"
]


def upgrade() -> None:
    op.create_table(
        "webhook_endpoints",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("platform_id", sa.String(length=64), nullable=False),
        sa.Column("livemode", sa.Boolean(), nullable=False),
        sa.Column("account_id", sa.String(length=64), nullable=True),
        sa.Column("default_for", sa.String(length=64), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("api_version", sa.String(length=10), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("disabled_reason", sa.String(length=20), nullable=True),
        sa.Column("disabled_at", UTC, nullable=True),
        sa.Column("failing_since", UTC, nullable=True),
        sa.Column("secret_encrypted", sa.Text(), nullable=False),
        sa.Column("previous_secret_encrypted", sa.Text(), nullable=True),
        sa.Column("previous_secret_expires_at", UTC, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.Column("deleted_at", UTC, nullable=True),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["platforms.id"],
            name=op.f("fk_webhook_endpoints_platform_id_platforms"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_endpoints")),
        sa.UniqueConstraint("default_for", name=op.f("uq_webhook_endpoints_default_for")),
    )
    op.create_index(
        "ix_webhook_endpoints_scope_created",
        "webhook_endpoints",
        ["platform_id", "livemode", "created_at", "id"],
    )

    op.create_table(
        "webhook_event_queue",
        sa.Column("seq", SERIAL, autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("platform_id", sa.String(length=64), nullable=False),
        sa.Column("livemode", sa.Boolean(), nullable=False),
        sa.Column("type", sa.String(length=80), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_webhook_event_queue")),
    )

    op.create_table(
        "webhook_deliveries",
        sa.Column("id", SERIAL, autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("endpoint_id", sa.String(length=64), nullable=False),
        sa.Column("event_created_at", UTC, nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempt_count", sa.Integer(), nullable=False),
        sa.Column("retry_count", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTC, nullable=False),
        sa.Column("locked_by", sa.String(length=40), nullable=True),
        sa.Column("last_attempt_at", UTC, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["endpoint_id"],
            ["webhook_endpoints.id"],
            name=op.f("fk_webhook_deliveries_endpoint_id_webhook_endpoints"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
        sa.UniqueConstraint(
            "event_id", "endpoint_id", name=op.f("uq_webhook_deliveries_event_id_endpoint_id")
        ),
    )
    op.create_index(
        "ix_webhook_deliveries_due",
        "webhook_deliveries",
        ["next_attempt_at"],
        postgresql_where=sa.text("status = 'pending'"),
        sqlite_where=sa.text("status = 'pending'"),
    )
    op.create_index(
        "ix_webhook_deliveries_endpoint_event_created",
        "webhook_deliveries",
        ["endpoint_id", "event_created_at"],
    )
    op.create_index(
        "ix_webhook_deliveries_event_created", "webhook_deliveries", ["event_created_at"]
    )

    op.create_table(
        "webhook_attempts",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("delivery_id", SERIAL, nullable=False),
        sa.Column("endpoint_id", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("event_type", sa.String(length=80), nullable=False),
        sa.Column("livemode", sa.Boolean(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("response_excerpt", sa.Text(), nullable=True),
        sa.Column("error", sa.String(length=200), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_attempts")),
    )
    op.create_index(op.f("ix_webhook_attempts_created_at"), "webhook_attempts", ["created_at"])
    op.create_index(
        "ix_webhook_attempts_endpoint_created",
        "webhook_attempts",
        ["endpoint_id", "created_at", "id"],
    )

    statements = PG_TRIGGER if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGER
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS events_webhook_enqueue ON events")
        op.execute("DROP FUNCTION IF EXISTS webhook_enqueue_event()")
    else:
        op.execute("DROP TRIGGER IF EXISTS events_webhook_enqueue")
    op.drop_index("ix_webhook_attempts_endpoint_created", table_name="webhook_attempts")
    op.drop_index(op.f("ix_webhook_attempts_created_at"), table_name="webhook_attempts")
    op.drop_table("webhook_attempts")
    op.drop_index("ix_webhook_deliveries_event_created", table_name="webhook_deliveries")
    op.drop_index("ix_webhook_deliveries_endpoint_event_created", table_name="webhook_deliveries")
    op.drop_index("ix_webhook_deliveries_due", table_name="webhook_deliveries")
    op.drop_table("webhook_deliveries")
    op.drop_table("webhook_event_queue")
    op.drop_index("ix_webhook_endpoints_scope_created", table_name="webhook_endpoints")
    op.drop_table("webhook_endpoints")
