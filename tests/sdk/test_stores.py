"""Token stores encrypt at rest and never show a secret; refreshes are serialised across
processes by the stores' own locks; a real store under the 50-thread burst."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import stat
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from cleavr import (
    AsyncCleavrConnect,
    CleavrConnect,
    FileTokenStore,
    Token,
    TokenStoreError,
    generate_key,
)
from cleavr.stores.sqlalchemy import SQLAlchemyTokenStore
from cleavr.tokens import LockingTokenStore, TokenStore
from sqlalchemy import Engine, create_engine

from cleavr_connect.models import Account
from tests.e2e.conftest import LiveServer
from tests.factories import Client
from tests.sdk.conftest import AsyncRecorder, Clock, Recorder, aconnect, connect

ACCESS = "clv_tok_" + secrets.token_hex(24)
REFRESH = "clv_ref_" + secrets.token_hex(24)


def a_token() -> Token:
    return Token.from_response(
        {
            "access_token": ACCESS,
            "refresh_token": REFRESH,
            "expires_in": 3600,
            "scope": "users:read",
        },
        datetime.now(UTC),
    )


@pytest.fixture
def sync_engine(db_url: str, tmp_path: Path) -> Iterator[Engine]:
    """A sync SQLAlchemy engine on each database kind (the app's database, its own table)."""
    if db_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'platform.db'}"
    else:
        url = db_url.replace("postgresql://", "postgresql+psycopg://")
    engine = create_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture(params=["file", "sqlalchemy"])
def store(
    request: pytest.FixtureRequest, tmp_path: Path, sync_engine: Engine
) -> Iterator[TokenStore]:
    """Each store; the SQLAlchemy one on SQLite and on PostgreSQL (`sync_engine` follows the
    suite's database kinds, so the file store simply runs twice)."""
    key = generate_key()
    if request.param == "file":
        yield FileTokenStore(tmp_path / "tokens", key=key)
        return
    engine = sync_engine
    sql_store = SQLAlchemyTokenStore(engine, key=key, table_name=f"tokens_{os.getpid()}")
    sql_store.create_table()
    yield sql_store
    sql_store.table.drop(engine)


def _raw(store: TokenStore, grant_key: str) -> bytes:
    if isinstance(store, FileTokenStore):
        return store._path(grant_key).read_bytes()
    assert isinstance(store, SQLAlchemyTokenStore)
    with store.engine.connect() as conn:
        return bytes(conn.execute(store.table.select()).one().ciphertext)


def test_round_trip_encrypted_at_rest(store: TokenStore) -> None:
    token = a_token()
    assert store.load("merchant-1") is None
    store.save("merchant-1", token)
    assert store.load("merchant-1") == token
    raw = _raw(store, "merchant-1")
    assert b"clv_" not in raw and ACCESS[8:].encode() not in raw and REFRESH[8:].encode() not in raw
    store.save("merchant-1", token)  # an update, not a second row
    store.delete("merchant-1")
    assert store.load("merchant-1") is None
    assert isinstance(store, LockingTokenStore)


def test_wrong_key_and_moved_records_are_refused(store: TokenStore, tmp_path: Path) -> None:
    store.save("merchant-1", a_token())
    store._cipher = type(store._cipher)(generate_key())  # type: ignore[attr-defined]
    with pytest.raises(TokenStoreError, match="cannot be decrypted"):
        store.load("merchant-1")


def test_key_rotation_and_grant_binding(tmp_path: Path) -> None:
    old, new = generate_key(), generate_key()
    FileTokenStore(tmp_path, key=old).save("m1", a_token())
    rotated = FileTokenStore(tmp_path, key=[new, old])
    assert rotated.load("m1") is not None
    rotated.save("m1", a_token())
    assert FileTokenStore(tmp_path, key=new).load("m1") is not None
    # A ciphertext copied onto another grant is refused.
    rotated._path("m2").write_bytes(rotated._path("m1").read_bytes())
    with pytest.raises(TokenStoreError, match="another grant"):
        rotated.load("m2")
    with pytest.raises(ValueError, match="generate_key"):
        FileTokenStore(tmp_path, key="not a key")


def test_files_are_private(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "tokens", key=generate_key())
    store.save("m1", a_token())
    assert stat.S_IMODE(store._path("m1").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "tokens").stat().st_mode) == 0o700
    assert list((tmp_path / "tokens").iterdir()) == [store._path("m1")]  # no temp files left


def test_secrets_never_show(tmp_path: Path) -> None:
    token = a_token()
    for shown in (repr(token), str(token), f"{token}", repr([token])):
        assert ACCESS not in shown and REFRESH not in shown
        assert "clv_tok_…" in shown and "clv_ref_…" in shown
    key = generate_key()
    store = FileTokenStore(tmp_path, key=key)
    assert key not in repr(store) and key not in repr(store._cipher)


def test_store_locks_serialise_across_processes(store: TokenStore) -> None:
    """Two stores over the same data (as two processes would have) exclude each other."""
    assert isinstance(store, LockingTokenStore)
    if isinstance(store, SQLAlchemyTokenStore) and store.engine.dialect.name != "postgresql":
        with store.lock("m1"):  # SQLite: no cross-process lock, the in-process ones apply
            return
    if isinstance(store, FileTokenStore):
        twin: LockingTokenStore = FileTokenStore(store.directory, key=generate_key())
    else:
        assert isinstance(store, SQLAlchemyTokenStore)
        twin = SQLAlchemyTokenStore(store.engine, key=generate_key(), table_name=store.table.name)
    order: list[str] = []
    inside = threading.Event()

    def hold() -> None:
        with store.lock("m1"):
            inside.set()
            time.sleep(0.3)
            order.append("first out")

    holder = threading.Thread(target=hold)
    holder.start()
    inside.wait(5)
    with twin.lock("m1"):
        order.append("second in")
    with twin.lock("m2"):  # another grant is not blocked
        pass
    holder.join()
    assert order == ["first out", "second in"]


def test_a_journey_leaves_no_secret_in_logs(
    server: LiveServer,
    platform: Client,
    account: Account,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    store = FileTokenStore(tmp_path, key=generate_key())
    with CleavrConnect(
        client_id=platform.client_id,
        client_secret=platform.client_secret,
        base_url=server.url,
        token_store=store,
    ) as sdk:
        token = connect(sdk, account)
        sdk.oauth.revoke(token.access_token)
        sdk.users.create(email="log@acme.example")  # 401 -> refresh -> retry
        latest = sdk.oauth.token()
    assert latest is not None and latest != token
    assert "cleavr" in caplog.text  # the SDK did log
    for secret in (token.access_token, token.refresh_token, latest.access_token):
        assert secret and secret not in caplog.text
    assert platform.client_secret and platform.client_secret not in caplog.text


async def test_50_threads_share_a_sqlalchemy_store(
    server: LiveServer,
    platform: Client,
    account: Account,
    sync_engine: Engine,
    recorder: Recorder,
    sdk_clock: Clock,
) -> None:
    """Many workers of one process, each with its own client over the same store."""
    store = SQLAlchemyTokenStore(sync_engine, key=generate_key(), table_name="burst_tokens")
    store.create_table()
    http = httpx.Client(transport=recorder, timeout=30)

    def client() -> CleavrConnect:
        return CleavrConnect(
            client_id=platform.client_id,
            client_secret=platform.client_secret,
            base_url=server.url,
            token_store=store,
            grant_key="merchant-9",
            clock=sdk_clock,
            http_client=http,
        )

    first = await asyncio.to_thread(connect, client(), account)
    sdk_clock.jump_to(first.expires_at + timedelta(seconds=1))
    start = threading.Barrier(20)

    def call(_: int) -> str:
        worker = client()  # separate clients: the locks belong to the store, not the client
        start.wait()
        return worker.me.retrieve().account_id

    def burst() -> list[str]:
        with ThreadPoolExecutor(20) as pool:
            return list(pool.map(call, range(20)))

    try:
        assert await asyncio.to_thread(burst) == [account.id] * 20
        assert recorder.refreshes() == 1
    finally:
        await asyncio.to_thread(http.close)
        store.table.drop(sync_engine)


async def test_50_tasks_share_a_file_store(
    server: LiveServer,
    platform: Client,
    account: Account,
    tmp_path: Path,
    sdk_clock: Clock,
    async_recorder: AsyncRecorder,
) -> None:
    """The async client over a blocking store (worker threads) and its cross-process lock."""
    store = FileTokenStore(tmp_path, key=generate_key())
    async with httpx.AsyncClient(transport=async_recorder, timeout=30) as http:
        client = AsyncCleavrConnect(
            client_id=platform.client_id,
            client_secret=platform.client_secret,
            base_url=server.url,
            token_store=store,
            clock=sdk_clock,
            http_client=http,
        )
        first = await aconnect(client, account)
        sdk_clock.jump_to(first.expires_at)
        results = await asyncio.gather(*(client.me.retrieve() for _ in range(50)))
    assert {me.account_id for me in results} == {account.id}
    assert async_recorder.refreshes() == 1
    stored = store.load("default")
    assert stored is not None and stored.access_token != first.access_token
