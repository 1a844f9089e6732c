"""The operator CLI as scripts use it: the real console script in a subprocess (SPEC §12).

Each command runs against the suite's database (SQLite and PostgreSQL) with the suite's secret
key, and what it did is checked through the database and through the in-process app.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import inspect, select, text

from cleavr_connect.clock import FrozenClock, as_utc
from cleavr_connect.db import migrate
from cleavr_connect.db.base import Base
from cleavr_connect.db.engine import Database
from cleavr_connect.models import AuditEvent, Grant, Platform
from cleavr_connect.platforms import service as platforms
from cleavr_connect.runtime import Runtime
from tests.cli.conftest import Cli
from tests.conftest import BASE_URL, ENGLISH
from tests.factories import (
    PASSWORD,
    REDIRECT_URI,
    Client,
    authorize,
    bearer,
    make_account,
    make_platform,
    refresh,
    sign_in,
    tokens_for,
)

SECOND_URI = "https://platform.example/other-callback"
WEBHOOK_URL = "https://platform.example/webhooks/cleavr"


# --- helpers -------------------------------------------------------------------------------


async def table_names(db: Database) -> list[str]:
    async with db.engine.connect() as conn:
        return await conn.run_sync(lambda c: inspect(c).get_table_names())


async def dump_database(db: Database) -> str:
    """Every value of every column of every table that exists in the database, as text."""
    chunks: list[str] = []
    async with db.engine.connect() as conn:
        names = await conn.run_sync(lambda c: inspect(c).get_table_names())
        assert "platforms" in names
        for name in names:
            for row in (await conn.execute(text(f'SELECT * FROM "{name}"'))).all():
                chunks.extend(str(value) for value in row if value is not None)
    return "\n".join(chunks)


async def get_platform(db: Database, client_id: str) -> Platform:
    async with db.transaction() as session:
        platform = await session.get(Platform, client_id)
        assert platform is not None
        return platform


async def audit_rows(db: Database, type_: str) -> list[AuditEvent]:
    async with db.transaction() as session:
        rows = await session.execute(select(AuditEvent).where(AuditEvent.type == type_))
        return list(rows.scalars())


async def token_auth(http: httpx.AsyncClient, client_id: str, secret: str) -> str:
    """Authenticates at /oauth/token with a bogus refresh token: `invalid_grant` (400) means the
    client authenticated, `invalid_client` (401) that it did not."""
    response = await http.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": "clv_ref_not-a-real-token",
            "client_id": client_id,
            "client_secret": secret,
        },
    )
    error = response.json()["error"]
    assert (response.status_code, error) in {
        (400, "invalid_grant"),
        (401, "invalid_client"),
    }, response.text
    return error


def client_from(data: dict[str, Any], redirect_uri: str = REDIRECT_URI) -> Client:
    return Client(
        data["client_id"],
        data.get("client_secret"),
        data["webhook_secret"],
        redirect_uri,
        data["mode"] == "live",
    )


def parse_time(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


# --- platforms create ----------------------------------------------------------------------


async def test_create_test_platform_prints_secrets_once_and_stores_none_in_clear(
    cli: Cli, db: Database, client: httpx.AsyncClient, runtime: Runtime
) -> None:
    result = await cli(
        "platforms",
        "create",
        "--name",
        "Invoicely",
        "--mode",
        "test",
        "--redirect-uri",
        REDIRECT_URI,
        "--redirect-uri",
        SECOND_URI,
        "--webhook-url",
        WEBHOOK_URL,
        "--json",
    )
    data = result.ok()
    assert data["client_id"].startswith("plat_test_")
    assert data["client_secret"].startswith("sk_test_")
    assert data["webhook_secret"].startswith("whsec_")
    assert data["mode"] == "test"
    assert data["name"] == "Invoicely"
    assert data["redirect_uris"] == [REDIRECT_URI, SECOND_URI]
    assert data["webhook_url"] == WEBHOOK_URL
    assert data["public"] is False
    assert data["require_pkce"] is False
    assert data["disabled"] is False

    # Neither secret is stored in clear, anywhere.
    dump = await dump_database(db)
    assert data["client_id"] in dump  # the dump does see the platform
    assert data["client_secret"] not in dump
    assert data["webhook_secret"] not in dump
    # What is stored: a keyed hash of the client secret, the webhook secret encrypted.
    platform = await get_platform(db, data["client_id"])
    assert platform.client_secret_hash == runtime.keys.hash_token(data["client_secret"])
    assert platforms.webhook_secret(platform, runtime.keys) == data["webhook_secret"]
    assert platform.redirect_uris == [REDIRECT_URI, SECOND_URI]
    assert len(await audit_rows(db, "platform.created")) == 1

    # The printed credentials work end to end, with either registered redirect URI.
    account = await make_account(db, runtime)
    platform_client = client_from(data, redirect_uri=SECOND_URI)
    tokens = await tokens_for(client, platform_client, account)
    me = await client.get("/v1/me", headers=bearer(tokens["access_token"]))
    assert me.status_code == 200, me.text
    assert me.json()["platform_id"] == data["client_id"]
    assert me.json()["livemode"] is False


async def test_create_live_platform(cli: Cli, db: Database) -> None:
    data = (
        await cli(
            "platforms",
            "create",
            "--name",
            "Invoicely",
            "--mode",
            "live",
            "--redirect-uri",
            REDIRECT_URI,
            "--json",
        )
    ).ok()
    assert data["client_id"].startswith("plat_live_")
    assert data["client_secret"].startswith("sk_live_")
    assert data["webhook_secret"].startswith("whsec_")
    assert data["mode"] == "live"
    assert (await get_platform(db, data["client_id"])).livemode is True


async def test_create_public_platform_has_no_secret_and_requires_pkce(
    cli: Cli, db: Database, client: httpx.AsyncClient, runtime: Runtime
) -> None:
    data = (
        await cli(
            "platforms",
            "create",
            "--name",
            "Invoicely SPA",
            "--mode",
            "test",
            "--redirect-uri",
            REDIRECT_URI,
            "--public",
            "--json",
        )
    ).ok()
    assert "client_secret" not in data
    assert data["public"] is True
    assert data["require_pkce"] is True
    assert data["webhook_secret"].startswith("whsec_")
    platform = await get_platform(db, data["client_id"])
    assert platform.client_secret_hash is None

    # A public client gets tokens with PKCE and no secret, and never without PKCE.
    account = await make_account(db, runtime)
    spa = client_from(data)
    tokens = await tokens_for(client, spa, account)
    assert tokens["access_token"].startswith("clv_tok_")
    refused = await authorize(client, spa, account)
    assert refused["error"] == "invalid_request"


async def test_create_with_require_pkce(
    cli: Cli, db: Database, client: httpx.AsyncClient, runtime: Runtime
) -> None:
    data = (
        await cli(
            "platforms",
            "create",
            "--name",
            "Invoicely",
            "--mode",
            "test",
            "--redirect-uri",
            REDIRECT_URI,
            "--require-pkce",
            "--json",
        )
    ).ok()
    assert data["client_secret"].startswith("sk_test_")
    assert data["public"] is False
    assert data["require_pkce"] is True

    account = await make_account(db, runtime)
    confidential = client_from(data)
    refused = await authorize(client, confidential, account)
    assert refused["error"] == "invalid_request"
    await tokens_for(client, confidential, account)


@pytest.mark.parametrize(
    ("mode", "uris", "param", "code"),
    [
        ("test", [REDIRECT_URI, "ftp://x"], "redirect_uri[1]", "invalid_redirect_uri"),
        ("test", ["https://platform.example/cb#frag"], "redirect_uri[0]", "invalid_redirect_uri"),
        ("live", ["http://platform.example/cb"], "redirect_uri[0]", "insecure_redirect_uri"),
    ],
    ids=["ftp", "fragment", "live-http"],
)
async def test_create_refuses_bad_redirect_uri(
    cli: Cli, db: Database, mode: str, uris: list[str], param: str, code: str
) -> None:
    args = ["platforms", "create", "--name", "Invoicely", "--mode", mode, "--json"]
    for uri in uris:
        args += ["--redirect-uri", uri]
    error = (await cli(*args)).error()
    assert error["param"] == param
    assert error["code"] == code
    async with db.transaction() as session:
        assert (await session.execute(select(Platform))).first() is None


@pytest.mark.parametrize(
    "webhook_url",
    [
        "ftp://hooks.example/cleavr",
        "https://",
    ],
    ids=["ftp", "no-host"],
)
async def test_create_refuses_bad_webhook_url(cli: Cli, db: Database, webhook_url: str) -> None:
    result = await cli(
        "platforms",
        "create",
        "--name",
        "Invoicely",
        "--mode",
        "test",
        "--redirect-uri",
        REDIRECT_URI,
        "--webhook-url",
        webhook_url,
        "--json",
    )
    error = result.error()
    assert error["param"] == "webhook_url"


# --- platforms list / show / disable -------------------------------------------------------


async def test_list_and_show(cli: Cli, db: Database, runtime: Runtime) -> None:
    test = await make_platform(db, runtime, name="Invoicely")
    live = await make_platform(db, runtime, name="Ledgerly", livemode=True)

    listing = await cli("platforms", "list", "--json")
    listed = listing.ok()
    assert listed["object"] == "list"
    by_id = {row["client_id"]: row for row in listed["data"]}
    assert set(by_id) == {test.client_id, live.client_id}
    assert by_id[test.client_id]["mode"] == "test"
    assert by_id[live.client_id]["mode"] == "live"
    assert by_id[live.client_id]["name"] == "Ledgerly"

    shown = await cli("platforms", "show", live.client_id, "--json")
    data = shown.ok()
    assert data == by_id[live.client_id]
    assert data["redirect_uris"] == [REDIRECT_URI]
    assert data["disabled"] is False
    assert data["public"] is False
    for secret in (test.client_secret, live.client_secret, test.webhook_secret):
        assert secret
        assert secret not in listing.stdout + shown.stdout
    assert not any("secret" in key for key in data)

    error = (await cli("platforms", "show", "plat_test_doesnotexist", "--json")).error()
    assert error["code"] == "resource_missing"
    assert error["param"] == "client_id"
    assert "plat_test_doesnotexist" in error["message"]


async def test_disable_stops_client_auth_and_kills_tokens(
    cli: Cli, db: Database, client: httpx.AsyncClient, runtime: Runtime
) -> None:
    platform = await make_platform(db, runtime)
    account = await make_account(db, runtime)
    tokens = await tokens_for(client, platform, account)
    assert (await client.get("/v1/me", headers=bearer(tokens["access_token"]))).status_code == 200
    assert platform.client_secret
    assert await token_auth(client, platform.client_id, platform.client_secret) == "invalid_grant"

    data = (await cli("platforms", "disable", platform.client_id, "--json")).ok()
    assert data["client_id"] == platform.client_id
    assert data["disabled"] is True

    assert await token_auth(client, platform.client_id, platform.client_secret) == "invalid_client"
    me = await client.get("/v1/me", headers=bearer(tokens["access_token"]))
    assert me.status_code == 401
    assert 'error="invalid_token"' in me.headers["www-authenticate"]
    renewed = await refresh(client, platform, tokens["refresh_token"])
    assert renewed.status_code == 401
    assert renewed.json()["error"] == "invalid_client"
    # The hosted pages no longer know it: an error page, never a redirect.
    page = await client.get(
        "/oauth/authorize",
        params={
            "client_id": platform.client_id,
            "redirect_uri": platform.redirect_uri,
            "response_type": "code",
            "state": "s",
        },
    )
    assert page.status_code == 400

    async with db.transaction() as session:
        grants = list((await session.execute(select(Grant))).scalars())
    assert grants
    assert all(g.revoked_at is not None for g in grants)
    assert {g.revoked_reason for g in grants} == {"platform_disabled"}
    assert len(await audit_rows(db, "platform.disabled")) == 1
    shown = (await cli("platforms", "show", platform.client_id, "--json")).ok()
    assert shown["disabled"] is True


# --- platforms rotate-secret ---------------------------------------------------------------


async def test_rotate_secret_replaces_it_at_once(
    cli: Cli, db: Database, client: httpx.AsyncClient, runtime: Runtime
) -> None:
    platform = await make_platform(db, runtime)
    old = platform.client_secret
    assert old

    data = (await cli("platforms", "rotate-secret", platform.client_id, "--json")).ok()
    assert data["client_id"] == platform.client_id
    new = data["client_secret"]
    assert new.startswith("sk_test_")
    assert new != old
    assert data["previous_secret_valid_until"] is None

    assert await token_auth(client, platform.client_id, old) == "invalid_client"
    rotated = Client(platform.client_id, new, platform.webhook_secret, REDIRECT_URI, False)
    account = await make_account(db, runtime)
    await tokens_for(client, rotated, account)  # a full exchange with the new secret

    (event,) = await audit_rows(db, "platform.secret_rotated")
    assert event.platform_id == platform.client_id
    assert event.details == {"grace_seconds": 0}
    dump = await dump_database(db)
    assert new not in dump
    assert old not in dump


async def test_rotate_secret_with_grace_keeps_both_until_then(
    cli: Cli, db: Database, client: httpx.AsyncClient, runtime: Runtime, clock: FrozenClock
) -> None:
    platform = await make_platform(db, runtime)
    old = platform.client_secret
    assert old

    before = datetime.now(UTC).replace(microsecond=0)
    data = (
        await cli("platforms", "rotate-secret", platform.client_id, "--grace-hours", "24", "--json")
    ).ok()
    after = datetime.now(UTC)
    new = data["client_secret"]
    assert new.startswith("sk_test_")
    until = parse_time(data["previous_secret_valid_until"])
    assert before + timedelta(hours=24) <= until <= after + timedelta(hours=24)
    stored = await get_platform(db, platform.client_id)
    assert stored.previous_secret_expires_at is not None
    assert abs(as_utc(stored.previous_secret_expires_at) - until) < timedelta(seconds=1)

    # The CLI used the real time; the app checks with its own clock.
    clock.set(datetime.now(UTC))
    assert await token_auth(client, platform.client_id, old) == "invalid_grant"
    assert await token_auth(client, platform.client_id, new) == "invalid_grant"

    clock.set(until + timedelta(seconds=1))
    assert await token_auth(client, platform.client_id, old) == "invalid_client"
    assert await token_auth(client, platform.client_id, new) == "invalid_grant"

    (event,) = await audit_rows(db, "platform.secret_rotated")
    assert event.details == {"grace_seconds": 24 * 3600}
    row = " ".join(
        str(v) for v in (event.id, event.type, event.platform_id, event.account_id, event.details)
    )
    assert new not in row
    assert old not in row
    dump = await dump_database(db)
    assert new not in dump
    assert old not in dump


async def test_rotate_secret_of_public_or_unknown_platform_fails(
    cli: Cli, db: Database, runtime: Runtime
) -> None:
    spa = await make_platform(db, runtime, public=True)
    error = (await cli("platforms", "rotate-secret", spa.client_id, "--json")).error()
    assert error["param"] == "client_id"
    assert error["code"] == "public_client"
    error = (await cli("platforms", "rotate-secret", "plat_test_nope", "--json")).error()
    assert error["code"] == "resource_missing"
    assert await audit_rows(db, "platform.secret_rotated") == []


# --- accounts create -----------------------------------------------------------------------


async def test_accounts_create_then_sign_in(
    cli: Cli, db: Database, client: httpx.AsyncClient, runtime: Runtime
) -> None:
    email = "camille@example.com"
    data = (
        await cli(
            "accounts",
            "create",
            "--email",
            email,
            "--password",
            PASSWORD,
            "--name",
            "Camille Martin",
            "--json",
        )
    ).ok()
    assert data["id"].startswith("acct_")
    assert data["email"] == email
    assert data["name"] == "Camille Martin"
    assert PASSWORD not in await dump_database(db)

    signed_in = await sign_in(client, email, PASSWORD)
    assert signed_in.status_code == 303, signed_in.text
    assert "clv_session" in signed_in.headers.get("set-cookie", "")
    client.cookies.clear()

    # And it grants a platform access through the hosted pages.
    platform = await make_platform(db, runtime)
    account: Any = SimpleNamespace(id=data["id"], email=email)
    tokens = await tokens_for(client, platform, account)
    me = await client.get("/v1/me", headers=bearer(tokens["access_token"]))
    assert me.json()["account_id"] == data["id"]


async def test_accounts_create_refuses_duplicate_email_and_short_password(cli: Cli) -> None:
    email = "dup@example.com"
    (await cli("accounts", "create", "--email", email, "--password", PASSWORD, "--json")).ok()

    error = (
        await cli("accounts", "create", "--email", email, "--password", PASSWORD, "--json")
    ).error()
    assert error["param"] == "email"
    assert error["code"] == "email_taken"

    error = (
        await cli(
            "accounts", "create", "--email", "new@example.com", "--password", "short", "--json"
        )
    ).error()
    assert error["param"] == "password"
    assert error["code"] == "password_too_short"


# --- migrate / serve -----------------------------------------------------------------------


async def test_migrate_creates_the_schema_on_an_empty_database(
    bare_cli: Cli, fresh_db_url: str
) -> None:
    result = await bare_cli("migrate", CLEAVR_DATABASE_URL=fresh_db_url)
    assert result.code == 0, result.describe()
    applied = re.search(r"(\d+) migration\(s\) applied", result.stdout)
    assert applied, result.describe()
    assert int(applied.group(1)) >= 1
    assert migrate.pending_revisions(fresh_db_url) == []
    database = Database(fresh_db_url)
    try:
        names = set(await table_names(database))
    finally:
        await database.dispose()
    assert set(Base.metadata.tables) <= names
    assert "alembic_version" in names

    again = await bare_cli("migrate", CLEAVR_DATABASE_URL=fresh_db_url)
    assert again.code == 0, again.describe()
    assert "0 migration(s) applied" in again.stdout


@pytest.mark.parametrize("fresh_db_url", ["postgresql"], indirect=True)
async def test_migrate_does_not_print_the_database_password(
    bare_cli: Cli, fresh_db_url: str
) -> None:
    # The local test server trusts connections, so a password in the URL is accepted and unused.
    url = fresh_db_url.replace("://postgres@", "://postgres:hunter2-db-password@", 1)
    assert "hunter2" in url
    result = await bare_cli("migrate", CLEAVR_DATABASE_URL=url)
    assert result.code == 0, result.describe()
    assert "hunter2" not in result.stdout + result.stderr


async def test_serve_no_migrate_refuses_an_unmigrated_database(
    bare_cli: Cli, fresh_db_url: str, tmp_path: Path
) -> None:
    result = await bare_cli(
        "serve", "--no-migrate", "--no-worker", "--port", "1", CLEAVR_DATABASE_URL=fresh_db_url
    )
    assert result.code == 2, result.describe()
    assert "pending" in result.stderr
    assert "cleavr-connect migrate" in result.stderr
    assert "Cleavr Connect on" not in result.stdout
    # It did not migrate either.
    assert migrate.pending_revisions(fresh_db_url) != []
    database = Database(fresh_db_url)
    try:
        assert "platforms" not in await table_names(database)
    finally:
        await database.dispose()


# --- seed-demo -----------------------------------------------------------------------------


async def test_seed_demo_twice_keeps_the_platform_and_renews_the_secret(
    cli: Cli, db: Database, client: httpx.AsyncClient, data_dir: Path, runtime: Runtime
) -> None:
    first = (await cli("seed-demo", "--json")).ok()
    for key in ("client_id", "client_secret", "account_email", "account_password"):
        assert isinstance(first[key], str) and first[key], key
    assert first["client_id"].startswith("plat_test_")
    assert first["client_secret"].startswith("sk_test_")
    assert first["webhook_secret"].startswith("whsec_")
    assert first["redirect_uri"] == f"{BASE_URL}/demo/callback"
    url = urlsplit(first["authorization_url"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{BASE_URL}/oauth/authorize"
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert query["client_id"] == first["client_id"]
    assert query["redirect_uri"] == first["redirect_uri"]
    assert query["response_type"] == "code"
    assert query["state"]
    assert (data_dir / "demo-platform-id").read_text().strip() == first["client_id"]

    # The printed authorization URL is valid: it leads to the sign-in page, not an error page.
    opened = await client.get(first["authorization_url"])
    assert opened.status_code == 303, opened.text
    assert opened.headers["location"].startswith("/signin")

    # The printed credentials complete the whole flow.
    demo = Client(
        first["client_id"],
        first["client_secret"],
        first["webhook_secret"],
        first["redirect_uri"],
        False,
    )
    account: Any = SimpleNamespace(email=first["account_email"])
    tokens = await tokens_for(client, demo, account, password=first["account_password"])
    me = await client.get("/v1/me", headers=bearer(tokens["access_token"]))
    assert me.status_code == 200
    assert me.json()["platform_id"] == first["client_id"]

    second = (await cli("seed-demo", "--json")).ok()
    assert second["client_id"] == first["client_id"]
    assert second["account_email"] == first["account_email"]
    assert second["webhook_secret"] == first["webhook_secret"]
    assert second["client_secret"].startswith("sk_test_")
    assert second["client_secret"] != first["client_secret"]
    assert await token_auth(client, second["client_id"], second["client_secret"]) == (
        "invalid_grant"
    )
    # The secret printed before keeps working a day (a server or the demo may use it), then
    # not.
    assert await token_auth(client, first["client_id"], first["client_secret"]) == ("invalid_grant")
    # (The CLI ran on the real clock: the server's test clock is taken a day past it.)
    ahead = (datetime.now(UTC) + timedelta(hours=25) - runtime.clock.now()).total_seconds()
    runtime.clock.advance(seconds=ahead)
    assert await token_auth(client, first["client_id"], first["client_secret"]) == (
        "invalid_client"
    )
    runtime.clock.advance(seconds=-ahead)
    async with db.transaction() as session:
        assert len((await session.execute(select(Platform))).all()) == 1

    # Served on another port next time: the printed authorization URL still works there.
    moved = (await cli("seed-demo", "--json", CLEAVR_BASE_URL="http://127.0.0.1:9000")).ok()
    assert moved["client_id"] == first["client_id"]
    assert moved["redirect_uri"] == "http://127.0.0.1:9000/demo/callback"
    url = urlsplit(moved["authorization_url"])
    opened = await client.get(f"{url.path}?{url.query}", headers=ENGLISH)  # consent page
    assert opened.status_code == 200, opened.text
    assert "<title>Allow Demo Platform" in opened.text
