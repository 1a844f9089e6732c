"""commission VAT in the report rollups: net recovered is after the commission's VAT

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 03:40:00

The summary's `net_recovered` took only the commission excluding VAT off, while payouts, the
receivable and the recoveries report take the VAT off too (SPEC §13). Receivables now carry
the VAT of their payments' commission (`commission_vat_cents`), and the rollups sum it like
the other figures: the triggers of 0006/0007 are replaced by the same ones with that sum
added. Existing receivables get the sum of their payments' VAT, and each rollup key the sum of
its receivables' VAT (in its lowest shard: reports add the shards of a key together).
"""

# ruff: noqa: S608 - SQL assembled from this file's constants only; no input reaches it

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHARDS = 16
OWNER = "platform_id, account_id, livemode"
# table: (primary key without the shard, every column but the sums)
TOTALS = {
    "receivable_daily_totals": (f"{OWNER}, day, status", f"{OWNER}, day, status"),
    "receivable_user_daily_totals": ("user_id, day, status", f"user_id, day, status, {OWNER}"),
}
DELAYS_KEY = f"{OWNER}, day, bin"
_PG_SHARD = f"pg_backend_pid() % {SHARDS}"
_PG_DAY = "(created_at AT TIME ZONE 'UTC')::date"

# (column, PostgreSQL sum over `changed`, SQLite value of one row with `{row}`/`{sign}`)
_SUMS = (
    ("count", "sum(sign)", "{sign}1"),
    (
        "amount_cents",
        "sum(sign * coalesce(amount_cents, 0))",
        "{sign}coalesce({row}.amount_cents, 0)",
    ),
    ("recovered_cents", "sum(sign * recovered_cents)", "{sign}{row}.recovered_cents"),
    ("commission_cents", "sum(sign * commission_cents)", "{sign}{row}.commission_cents"),
    (
        "paid_count",
        "sum(sign * (first_payment_at IS NOT NULL)::int)",
        "{sign}({row}.first_payment_at IS NOT NULL)",
    ),  # noqa: E501
)
_VAT = (
    "commission_vat_cents",
    "sum(sign * commission_vat_cents)",
    "{sign}{row}.commission_vat_cents",
)


def _pg_totals(table: str, sums: tuple[tuple[str, str, str], ...]) -> str:
    key, columns = TOTALS[table]
    names = columns.split(", ")
    values = [_PG_DAY if c == "day" else c for c in names]
    groups = ", ".join(str(i) for i in range(1, len(names) + 1))
    sum_columns = [c for c, _, _ in sums]
    sum_exprs = [e for _, e, _ in sums]
    return f"""{table}_moved AS (
        INSERT INTO {table} AS t ({columns}, shard, {", ".join(sum_columns)})
        SELECT {", ".join(values)}, {_PG_SHARD}, {", ".join(sum_exprs)}
        FROM changed
        GROUP BY {groups}
        HAVING {" OR ".join(f"{expr} <> 0" for expr in sum_exprs)}
        ON CONFLICT ({key}, shard) DO UPDATE SET
            {", ".join(f"{c} = t.{c} + excluded.{c}" for c in sum_columns)}
    )"""


_PG_ROWS = {
    "INSERT": "SELECT 1 AS sign, * FROM new_rows",
    "DELETE": "SELECT -1 AS sign, * FROM old_rows",
    "UPDATE": "SELECT -1 AS sign, * FROM old_rows UNION ALL SELECT 1 AS sign, * FROM new_rows",
}


def _pg_functions(sums: tuple[tuple[str, str, str], ...]) -> list[str]:
    """The trigger functions of 0006/0007, replaced in place (the triggers keep pointing at
    them); `changed` is the rows a statement removed (sign -1) and added (sign +1)."""
    totals = ",\n    ".join(_pg_totals(table, sums) for table in TOTALS)
    body = f"""
    WITH changed AS ({{rows}}),
    {totals}
    INSERT INTO receivable_payment_delays AS d ({DELAYS_KEY}, shard, count)
    SELECT {OWNER}, {_PG_DAY}, receivable_delay_bin(first_payment_at - created_at), {_PG_SHARD},
           sum(sign)
    FROM changed
    WHERE first_payment_at IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5
    HAVING sum(sign) <> 0
    ON CONFLICT ({DELAYS_KEY}, shard) DO UPDATE SET count = d.count + excluded.count;
"""
    return [
        f"CREATE OR REPLACE FUNCTION receivables_rollup_{op_name.lower()}() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$\nBEGIN{body.format(rows=rows)}"
        "    RETURN NULL;\nEND $$"
        for op_name, rows in _PG_ROWS.items()
    ]


def _sqlite_upserts(row: str, sign: str, sums: tuple[tuple[str, str, str], ...]) -> str:
    statements = []
    sum_columns = [c for c, _, _ in sums]
    for table, (key, columns) in TOTALS.items():
        values = [
            f"date({row}.created_at)" if c == "day" else f"{row}.{c}" for c in columns.split(", ")
        ]
        sum_values = [v.format(row=row, sign=sign) for _, _, v in sums]
        statements.append(
            f"INSERT INTO {table} ({columns}, shard, {', '.join(sum_columns)}) "
            f"VALUES ({', '.join(values)}, 0, {', '.join(sum_values)}) "
            f"ON CONFLICT ({key}, shard) DO UPDATE SET "
            + ", ".join(f"{c} = {c} + excluded.{c}" for c in sum_columns)
            + ";"
        )
    return " ".join(statements)


_WATCHED = (
    "platform_id, account_id, livemode, created_at, user_id, status, amount_cents, "
    "recovered_cents, commission_cents, first_payment_at"
)


def _sqlite_triggers(sums: tuple[tuple[str, str, str], ...], watched: str) -> list[str]:
    return [
        "CREATE TRIGGER receivables_rollup_insert AFTER INSERT ON receivables "
        f"BEGIN {_sqlite_upserts('NEW', '', sums)} END",
        "CREATE TRIGGER receivables_rollup_delete AFTER DELETE ON receivables "
        f"BEGIN {_sqlite_upserts('OLD', '-', sums)} END",
        f"CREATE TRIGGER receivables_rollup_update AFTER UPDATE OF {watched} ON receivables "
        f"BEGIN {_sqlite_upserts('OLD', '-', sums)} {_sqlite_upserts('NEW', '', sums)} END",
    ]


def _install(sums: tuple[tuple[str, str, str], ...], watched: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _pg_functions(sums):
            op.execute(statement)
        return
    for op_name in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS receivables_rollup_{op_name}")
    for statement in _sqlite_triggers(sums, watched):
        op.execute(statement)


def _backfill_rollups() -> None:
    """Each key's VAT, summed from its receivables, in the key's lowest shard."""
    day = (
        "(r.created_at AT TIME ZONE 'UTC')::date"
        if op.get_bind().dialect.name == "postgresql"
        else "date(r.created_at)"
    )
    for table, (key, _) in TOTALS.items():
        same_key = " AND ".join(
            f"{day} = t.day" if c == "day" else f"r.{c} = t.{c}" for c in key.split(", ")
        )
        same_row = " AND ".join(f"o.{c} = t.{c}" for c in key.split(", "))
        op.execute(
            f"UPDATE {table} AS t SET commission_vat_cents = coalesce(("
            f"SELECT sum(r.commission_vat_cents) FROM receivables AS r WHERE {same_key}), 0) "
            f"WHERE t.shard = (SELECT min(o.shard) FROM {table} AS o WHERE {same_row})"
        )


def upgrade() -> None:
    with op.batch_alter_table("receivables") as batch:
        batch.add_column(
            sa.Column("commission_vat_cents", sa.BigInteger(), nullable=False, server_default="0")
        )
    for table in TOTALS:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column(
                    "commission_vat_cents", sa.BigInteger(), nullable=False, server_default="0"
                )
            )
    # The old triggers watch no VAT: this moves no rollup figure.
    op.execute(
        "UPDATE receivables SET commission_vat_cents = coalesce((SELECT sum(p.commission_vat_cents)"
        " FROM payments AS p WHERE p.receivable_id = receivables.id), 0)"
        " WHERE EXISTS (SELECT 1 FROM payments AS p WHERE p.receivable_id = receivables.id)"
    )
    _install((*_SUMS, _VAT), _WATCHED + ", commission_vat_cents")
    _backfill_rollups()


def downgrade() -> None:
    for table in TOTALS:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("commission_vat_cents")
    with op.batch_alter_table("receivables") as batch:  # SQLite rebuilds it, without triggers
        batch.drop_column("commission_vat_cents")
    _install(_SUMS, _WATCHED)
