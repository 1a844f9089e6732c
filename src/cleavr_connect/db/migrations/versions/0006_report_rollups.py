"""report rollups: per-day totals of receivables and a histogram of days to first payment

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 18:00:00

The summary report read every receivable of its window (two passes over a million index
entries for all time). These tables hold the same figures per (owner, creation day, status),
per (user, creation day, status), and per (owner, creation day, delay bin) for the median, so a
window costs its days.

Triggers on `receivables` keep them, in the statement that changes a row, whoever writes it
(ORM, Core, COPY): on PostgreSQL once per statement over its transition tables, on SQLite once
per row. Only changes that move a figure write to them. The histogram and the expression index
that reads one bin in order are PostgreSQL's; SQLite computes the median directly.
Existing rows are counted in here.
"""

# ruff: noqa: S608 - SQL assembled from this file's constants only; no input reaches it

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Lower edges of the delay bins, in days (reports.repository.DELAY_EDGES must be the same):
# bin 0 is everything before the first edge, bin i is [edge i-1, edge i). Narrow where payments
# are dense, so that reading one bin in order stays short.
DELAY_EDGES = (
    *range(11),
    *(12, 14, 16, 18, 20, 23, 26, 30, 34, 38, 43, 48, 54, 60, 67, 75, 85, 95, 110, 125),
    *(145, 180, 240, 365, 730),
)

OWNER = "platform_id, account_id, livemode"
# table: (key, every column but the sums)
TOTALS = {
    "receivable_daily_totals": (f"{OWNER}, day, status", f"{OWNER}, day, status"),
    "receivable_user_daily_totals": ("user_id, day, status", f"user_id, day, status, {OWNER}"),
}
TOTALS_SUMS = ("count", "amount_cents", "recovered_cents", "commission_cents", "paid_count")
DELAYS_KEY = f"{OWNER}, day, bin"
# The values of the key columns, from a receivable row.
_VALUES = {
    "platform_id": "platform_id",
    "account_id": "account_id",
    "livemode": "livemode",
    "user_id": "user_id",
    "status": "status",
}

PG_BIN_FUNCTION = f"""CREATE FUNCTION receivable_delay_bin(delay interval) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT width_bucket(delay, '{{{",".join(f'"{d} days"' for d in DELAY_EDGES)}}}'::interval[])
$$"""

# One body for the three triggers: `changed` is the rows a statement removed (sign -1) and
# added (sign +1); their sums per key are what the rollups move by.
_PG_DAY = "(created_at AT TIME ZONE 'UTC')::date"
_PG_SUMS = (
    "sum(sign)",
    "sum(sign * coalesce(amount_cents, 0))",
    "sum(sign * recovered_cents)",
    "sum(sign * commission_cents)",
    "sum(sign * (first_payment_at IS NOT NULL)::int)",
)


def _pg_totals(table: str) -> str:
    key, columns = TOTALS[table]
    names = columns.split(", ")
    values = [_PG_DAY if c == "day" else _VALUES[c] for c in names]
    groups = ", ".join(str(i) for i in range(1, len(names) + 1))
    return f"""{table}_moved AS (
        INSERT INTO {table} AS t ({columns}, {", ".join(TOTALS_SUMS)})
        SELECT {", ".join(values)}, {", ".join(_PG_SUMS)}
        FROM changed
        GROUP BY {groups}
        HAVING {" OR ".join(f"{expr} <> 0" for expr in _PG_SUMS)}
        ON CONFLICT ({key}) DO UPDATE SET
            {", ".join(f"{c} = t.{c} + excluded.{c}" for c in TOTALS_SUMS)}
    )"""


# One body for the three triggers: `changed` is the rows a statement removed (sign -1) and
# added (sign +1); their sums per key are what the rollups move by.
_PG_TOTALS = ",\n    ".join(_pg_totals(table) for table in TOTALS)
_PG_BODY = f"""
    WITH changed AS ({{rows}}),
    {_PG_TOTALS}
    INSERT INTO receivable_payment_delays AS d ({DELAYS_KEY}, count)
    SELECT {OWNER}, {_PG_DAY}, receivable_delay_bin(first_payment_at - created_at), sum(sign)
    FROM changed
    WHERE first_payment_at IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5
    HAVING sum(sign) <> 0
    ON CONFLICT ({DELAYS_KEY}) DO UPDATE SET count = d.count + excluded.count;
"""
_PG_ROWS = {
    "INSERT": ("REFERENCING NEW TABLE AS new_rows", "SELECT 1 AS sign, * FROM new_rows"),
    "DELETE": ("REFERENCING OLD TABLE AS old_rows", "SELECT -1 AS sign, * FROM old_rows"),
    "UPDATE": (
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "SELECT -1 AS sign, * FROM old_rows UNION ALL SELECT 1 AS sign, * FROM new_rows",
    ),
}


def _pg_trigger(op_name: str) -> list[str]:
    referencing, rows = _PG_ROWS[op_name]
    name = f"receivables_rollup_{op_name.lower()}"
    body = _PG_BODY.format(rows=rows)
    return [
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN{body}"
        "    RETURN NULL;\nEND $$",
        f"CREATE TRIGGER {name} AFTER {op_name} ON receivables {referencing} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
    ]


def _sqlite_upserts(row: str, sign: str) -> str:
    statements = []
    for table, (key, columns) in TOTALS.items():
        values = [
            f"date({row}.created_at)" if c == "day" else f"{row}.{_VALUES[c]}"
            for c in columns.split(", ")
        ]
        sums = [
            f"{sign}1",
            f"{sign}coalesce({row}.amount_cents, 0)",
            f"{sign}{row}.recovered_cents",
            f"{sign}{row}.commission_cents",
            f"{sign}({row}.first_payment_at IS NOT NULL)",
        ]
        statements.append(
            f"INSERT INTO {table} ({columns}, {', '.join(TOTALS_SUMS)}) "
            f"VALUES ({', '.join(values + sums)}) ON CONFLICT ({key}) DO UPDATE SET "
            + ", ".join(f"{c} = {c} + excluded.{c}" for c in TOTALS_SUMS)
            + ";"
        )
    return " ".join(statements)


# Only what moves a figure: an UPDATE of next_action_at or the timeline counter leaves them be.
_WATCHED = (
    "platform_id, account_id, livemode, created_at, user_id, status, amount_cents, "
    "recovered_cents, commission_cents, first_payment_at"
)
SQLITE_TRIGGERS = [
    "CREATE TRIGGER receivables_rollup_insert AFTER INSERT ON receivables "
    f"BEGIN {_sqlite_upserts('NEW', '')} END",
    "CREATE TRIGGER receivables_rollup_delete AFTER DELETE ON receivables "
    f"BEGIN {_sqlite_upserts('OLD', '-')} END",
    f"CREATE TRIGGER receivables_rollup_update AFTER UPDATE OF {_WATCHED} ON receivables "
    f"BEGIN {_sqlite_upserts('OLD', '-')} {_sqlite_upserts('NEW', '')} END",
]

PG_DELAY_INDEX = (
    "CREATE INDEX ix_receivables_owner_payment_delay ON receivables "
    "(platform_id, account_id, livemode, (first_payment_at - created_at), created_at, "
    "first_payment_at) WHERE first_payment_at IS NOT NULL"
)


def _key_columns(*names: str) -> list[sa.Column]:
    types: dict[str, sa.types.TypeEngine[Any]] = {
        "platform_id": sa.String(length=64),
        "account_id": sa.String(length=64),
        "livemode": sa.Boolean(),
        "day": sa.Date(),
        "user_id": sa.String(length=64),
        "status": sa.String(length=20),
        "bin": sa.Integer(),
    }
    return [sa.Column(n, types[n], nullable=False) for n in names]


def upgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    for table, (key, columns) in TOTALS.items():
        op.create_table(
            table,
            *_key_columns(*columns.split(", ")),
            *[sa.Column(c, sa.BigInteger(), nullable=False) for c in TOTALS_SUMS],
            sa.PrimaryKeyConstraint(*key.split(", "), name=op.f(f"pk_{table}")),
        )
    op.create_table(
        "receivable_payment_delays",
        *_key_columns(*DELAYS_KEY.split(", ")),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(*DELAYS_KEY.split(", "), name=op.f("pk_receivable_payment_delays")),
    )
    day = "(created_at AT TIME ZONE 'UTC')::date" if pg else "date(created_at)"
    for table, (_, columns) in TOTALS.items():
        names = columns.split(", ")
        values = [day if c == "day" else _VALUES[c] for c in names]
        groups = ", ".join(str(i) for i in range(1, len(names) + 1))
        op.execute(
            f"INSERT INTO {table} ({columns}, {', '.join(TOTALS_SUMS)}) "
            f"SELECT {', '.join(values)}, count(*), coalesce(sum(amount_cents), 0), "
            "sum(recovered_cents), sum(commission_cents), count(first_payment_at) "
            f"FROM receivables GROUP BY {groups}"
        )
    if not pg:
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
        return
    op.execute(PG_BIN_FUNCTION)
    op.execute(
        f"INSERT INTO receivable_payment_delays ({DELAYS_KEY}, count) "
        f"SELECT platform_id, account_id, livemode, {day}, "
        "receivable_delay_bin(first_payment_at - created_at), count(*) FROM receivables "
        "WHERE first_payment_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5"
    )
    op.execute(PG_DELAY_INDEX)
    for op_name in ("INSERT", "UPDATE", "DELETE"):
        for statement in _pg_trigger(op_name):
            op.execute(statement)


def downgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    for op_name in ("insert", "update", "delete"):
        op.execute(
            f"DROP TRIGGER IF EXISTS receivables_rollup_{op_name} ON receivables"
            if pg
            else f"DROP TRIGGER IF EXISTS receivables_rollup_{op_name}"
        )
        if pg:
            op.execute(f"DROP FUNCTION IF EXISTS receivables_rollup_{op_name}()")
    if pg:
        op.execute("DROP INDEX IF EXISTS ix_receivables_owner_payment_delay")
        op.execute("DROP FUNCTION IF EXISTS receivable_delay_bin(interval)")
    op.drop_table("receivable_payment_delays")
    for table in reversed(TOTALS):
        op.drop_table(table)
