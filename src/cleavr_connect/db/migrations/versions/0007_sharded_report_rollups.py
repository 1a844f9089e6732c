"""report rollups in shards: concurrent writers of one account stop queueing on one row

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 18:30:00

With one rollup row per (owner, day, status), every receivable an account submits today
updates the same row, and the row stays locked until its transaction commits: concurrent
submissions for one account ran one at a time (measured: 38 of 40 backends waiting on
`Lock:transactionid`). Each rollup key now has up to 16 rows, one per shard; a PostgreSQL
statement writes to the shard of its backend (`pg_backend_pid() % 16`), so transactions on
different connections move different rows. Reports already sum over the rows of a key.
SQLite has one writer at a time: its triggers always write shard 0. Existing rows are shard 0.
"""

# ruff: noqa: S608 - SQL assembled from this file's constants only; no input reaches it

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHARDS = 16
OWNER = "platform_id, account_id, livemode"
# table: (primary key without the shard, every column but the sums)
TOTALS = {
    "receivable_daily_totals": (f"{OWNER}, day, status", f"{OWNER}, day, status"),
    "receivable_user_daily_totals": ("user_id, day, status", f"user_id, day, status, {OWNER}"),
}
TOTALS_SUMS = ("count", "amount_cents", "recovered_cents", "commission_cents", "paid_count")
DELAYS_KEY = f"{OWNER}, day, bin"
ALL_KEYS = {**{t: key for t, (key, _) in TOTALS.items()}, "receivable_payment_delays": DELAYS_KEY}

_PG_SHARD = f"pg_backend_pid() % {SHARDS}"
_PG_DAY = "(created_at AT TIME ZONE 'UTC')::date"
_PG_SUMS = (
    "sum(sign)",
    "sum(sign * coalesce(amount_cents, 0))",
    "sum(sign * recovered_cents)",
    "sum(sign * commission_cents)",
    "sum(sign * (first_payment_at IS NOT NULL)::int)",
)


def _pg_totals(table: str, sharded: bool) -> str:
    key, columns = TOTALS[table]
    names = columns.split(", ")
    values = [_PG_DAY if c == "day" else c for c in names]
    groups = ", ".join(str(i) for i in range(1, len(names) + 1))
    shard_column, shard_value, shard_key = (
        (", shard", f", {_PG_SHARD}", ", shard") if sharded else ("", "", "")
    )
    return f"""{table}_moved AS (
        INSERT INTO {table} AS t ({columns}{shard_column}, {", ".join(TOTALS_SUMS)})
        SELECT {", ".join(values)}{shard_value}, {", ".join(_PG_SUMS)}
        FROM changed
        GROUP BY {groups}
        HAVING {" OR ".join(f"{expr} <> 0" for expr in _PG_SUMS)}
        ON CONFLICT ({key}{shard_key}) DO UPDATE SET
            {", ".join(f"{c} = t.{c} + excluded.{c}" for c in TOTALS_SUMS)}
    )"""


def _pg_body(sharded: bool) -> str:
    """`changed` is the rows a statement removed (sign -1) and added (sign +1)."""
    totals = ",\n    ".join(_pg_totals(table, sharded) for table in TOTALS)
    shard_column, shard_value, shard_key = (
        (", shard", f", {_PG_SHARD}", ", shard") if sharded else ("", "", "")
    )
    return f"""
    WITH changed AS ({{rows}}),
    {totals}
    INSERT INTO receivable_payment_delays AS d ({DELAYS_KEY}{shard_column}, count)
    SELECT {OWNER}, {_PG_DAY}, receivable_delay_bin(first_payment_at - created_at){shard_value},
           sum(sign)
    FROM changed
    WHERE first_payment_at IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5
    HAVING sum(sign) <> 0
    ON CONFLICT ({DELAYS_KEY}{shard_key}) DO UPDATE SET count = d.count + excluded.count;
"""


_PG_ROWS = {
    "INSERT": "SELECT 1 AS sign, * FROM new_rows",
    "DELETE": "SELECT -1 AS sign, * FROM old_rows",
    "UPDATE": "SELECT -1 AS sign, * FROM old_rows UNION ALL SELECT 1 AS sign, * FROM new_rows",
}


def _pg_functions(sharded: bool) -> list[str]:
    """The trigger functions of 0006, replaced in place (the triggers keep pointing at them)."""
    return [
        f"CREATE OR REPLACE FUNCTION receivables_rollup_{op_name.lower()}() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$\nBEGIN{_pg_body(sharded).format(rows=rows)}"
        "    RETURN NULL;\nEND $$"
        for op_name, rows in _PG_ROWS.items()
    ]


def _sqlite_upserts(row: str, sign: str, sharded: bool) -> str:
    statements = []
    for table, (key, columns) in TOTALS.items():
        values = [
            f"date({row}.created_at)" if c == "day" else f"{row}.{c}" for c in columns.split(", ")
        ]
        sums = [
            f"{sign}1",
            f"{sign}coalesce({row}.amount_cents, 0)",
            f"{sign}{row}.recovered_cents",
            f"{sign}{row}.commission_cents",
            f"{sign}({row}.first_payment_at IS NOT NULL)",
        ]
        shard_column, shard_value, shard_key = (
            (", shard", ", 0", ", shard") if sharded else ("", "", "")
        )
        statements.append(
            f"INSERT INTO {table} ({columns}{shard_column}, {', '.join(TOTALS_SUMS)}) "
            f"VALUES ({', '.join(values)}{shard_value}, {', '.join(sums)}) "
            f"ON CONFLICT ({key}{shard_key}) DO UPDATE SET "
            + ", ".join(f"{c} = {c} + excluded.{c}" for c in TOTALS_SUMS)
            + ";"
        )
    return " ".join(statements)


_WATCHED = (
    "platform_id, account_id, livemode, created_at, user_id, status, amount_cents, "
    "recovered_cents, commission_cents, first_payment_at"
)


def _sqlite_triggers(sharded: bool) -> list[str]:
    return [
        "CREATE TRIGGER receivables_rollup_insert AFTER INSERT ON receivables "
        f"BEGIN {_sqlite_upserts('NEW', '', sharded)} END",
        "CREATE TRIGGER receivables_rollup_delete AFTER DELETE ON receivables "
        f"BEGIN {_sqlite_upserts('OLD', '-', sharded)} END",
        f"CREATE TRIGGER receivables_rollup_update AFTER UPDATE OF {_WATCHED} ON receivables "
        f"BEGIN {_sqlite_upserts('OLD', '-', sharded)} {_sqlite_upserts('NEW', '', sharded)} END",
    ]


def _rekey(sharded: bool) -> None:
    """The primary key of each rollup with (or without) the shard; SQLite rebuilds the table."""
    for table, key in ALL_KEYS.items():
        columns = key.split(", ") + (["shard"] if sharded else [])
        with op.batch_alter_table(table) as batch:
            if sharded:
                batch.add_column(
                    sa.Column("shard", sa.SmallInteger(), nullable=False, server_default="0")
                )
            batch.drop_constraint(f"pk_{table}", type_="primary")
            if not sharded:
                batch.drop_column("shard")
            batch.create_primary_key(f"pk_{table}", columns)


# Every column but the sums, per rollup table (the user's owner columns follow from the user).
_NON_SUMS = {
    **{table: columns for table, (_, columns) in TOTALS.items()},
    "receivable_payment_delays": DELAYS_KEY,
}


def _fold_shards() -> None:
    """One row per key again, before the key loses the shard."""
    for table, columns in _NON_SUMS.items():
        sums = TOTALS_SUMS if table in TOTALS else ("count",)
        op.execute(
            f"CREATE TEMPORARY TABLE folded AS SELECT {columns}, "
            + ", ".join(f"sum({c}) AS {c}" for c in sums)
            + f" FROM {table} GROUP BY {columns}"
        )
        op.execute(f"DELETE FROM {table}")
        op.execute(
            f"INSERT INTO {table} ({columns}, {', '.join(sums)}) "
            f"SELECT {columns}, {', '.join(sums)} FROM folded"
        )
        op.execute("DROP TABLE folded")


def _migrate(sharded: bool) -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    if not pg:  # their ON CONFLICT names the key that changes
        for op_name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS receivables_rollup_{op_name}")
    if not sharded:
        _fold_shards()
    _rekey(sharded)
    for statement in _pg_functions(sharded) if pg else _sqlite_triggers(sharded):
        op.execute(statement)


def upgrade() -> None:
    _migrate(sharded=True)


def downgrade() -> None:
    _migrate(sharded=False)
