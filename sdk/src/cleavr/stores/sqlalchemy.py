"""A token store in your database through SQLAlchemy (`pip install "cleavr[sqlalchemy]"`).

One row per grant in `cleavr_tokens` (the name is yours to choose), holding only ciphertext.
Create the table with `store.create_table()`, or add `store.table` to your Alembic metadata.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, Engine, LargeBinary, MetaData, String, Table, select, text
from sqlalchemy.exc import IntegrityError

from cleavr.stores._cipher import KeyInput, TokenCipher
from cleavr.tokens import Token


class SQLAlchemyTokenStore:
    """`SQLAlchemyTokenStore(engine, key=os.environ["CLEAVR_TOKEN_KEY"])` with a sync Engine."""

    def __init__(
        self,
        engine: Engine,
        *,
        key: KeyInput,
        table_name: str = "cleavr_tokens",
        metadata: MetaData | None = None,
    ) -> None:
        self.engine = engine
        self._cipher = TokenCipher(key)
        self.table = Table(
            table_name,
            metadata if metadata is not None else MetaData(),
            Column("grant_key", String(255), primary_key=True),
            Column("ciphertext", LargeBinary, nullable=False),
            Column("updated_at", DateTime(timezone=True), nullable=False),
        )

    def create_table(self) -> None:
        self.table.create(self.engine, checkfirst=True)

    def load(self, grant_key: str) -> Token | None:
        with self.engine.connect() as conn:
            ciphertext = conn.execute(
                select(self.table.c.ciphertext).where(self.table.c.grant_key == grant_key)
            ).scalar_one_or_none()
        return None if ciphertext is None else self._cipher.decrypt(grant_key, ciphertext)

    def save(self, grant_key: str, token: Token) -> None:
        values = {
            "ciphertext": self._cipher.encrypt(grant_key, token),
            "updated_at": datetime.now(UTC),
        }
        where = self.table.c.grant_key == grant_key
        for _ in range(2):
            try:
                with self.engine.begin() as conn:
                    if conn.execute(self.table.update().where(where).values(values)).rowcount:
                        return
                    conn.execute(self.table.insert().values(grant_key=grant_key, **values))
                    return
            except IntegrityError:
                continue  # inserted concurrently: update it on the second pass
        raise RuntimeError(f"could not save the token of grant {grant_key!r}")

    def delete(self, grant_key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(self.table.delete().where(self.table.c.grant_key == grant_key))

    @contextmanager
    def lock(self, grant_key: str) -> Iterator[None]:
        """On PostgreSQL, a session advisory lock per grant serialises refreshes across every
        process sharing the database; elsewhere the SDK's in-process locks are what there is."""
        if self.engine.dialect.name != "postgresql":
            yield
            return
        lock_id = int.from_bytes(
            hashlib.sha256(grant_key.encode()).digest()[:8], "big", signed=True
        )
        with self.engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:id)"), {"id": lock_id})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": lock_id})
                conn.commit()

    def __repr__(self) -> str:
        return f"SQLAlchemyTokenStore({self.engine.url.render_as_string()!r}, {self.table.name!r})"
