"""Queries on grants, codes and tokens. Never commits: the caller owns the transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, insert, null, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.db.base import UTCDateTime
from cleavr_connect.db.engine import Database
from cleavr_connect.db.repository import Preloaded, RowRead
from cleavr_connect.models import AccessToken, AuthorizationCode, Grant, Platform, RefreshToken
from cleavr_connect.ownership import Owner
from cleavr_connect.platforms.repository import AUTH_CLIENT_COLUMNS, AuthClient, get_for_auth


async def active_grant(session: AsyncSession, platform_id: str, account_id: str) -> Grant | None:
    result = await session.execute(
        select(Grant).where(
            Grant.platform_id == platform_id,
            Grant.account_id == account_id,
            Grant.revoked_at.is_(None),
        )
    )
    return result.scalars().first()


async def grant_by_id(session: AsyncSession, grant_id: str) -> Grant | None:
    return await session.get(Grant, grant_id)


async def active_grants_for_account(
    session: AsyncSession, account_id: str
) -> list[tuple[Grant, Platform]]:
    result = await session.execute(
        select(Grant, Platform)
        .join(Platform, Platform.id == Grant.platform_id)
        .where(Grant.account_id == account_id, Grant.revoked_at.is_(None))
        .order_by(Grant.created_at.desc())
    )
    return [(g, p) for g, p in result.all()]


async def add_code(session: AsyncSession, **values: Any) -> None:
    await session.execute(insert(AuthorizationCode).values(**values))


async def consume_code(session: AsyncSession, code_hash: str, now: datetime) -> bool:
    """Marks the code used; False when it was already used (a replay) or does not exist."""
    result = await session.execute(
        update(AuthorizationCode)
        .where(AuthorizationCode.code_hash == code_hash, AuthorizationCode.used_at.is_(None))
        .values(used_at=now)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


async def code_by_hash(session: AsyncSession, code_hash: str) -> AuthorizationCode | None:
    return await session.get(AuthorizationCode, code_hash)


# The hot paths (every protected request, every refresh) run statements built once, with bound
# parameters: building a SQL expression costs more CPU than running it.
_INSERT_ACCESS = insert(AccessToken)
_INSERT_REFRESH = insert(RefreshToken)
_ROTATE = (
    update(RefreshToken)
    .where(
        RefreshToken.token_hash == bindparam("h"),
        RefreshToken.platform_id == bindparam("platform"),
        RefreshToken.rotated_at.is_(None),
        RefreshToken.revoked_at.is_(None),
        RefreshToken.expires_at > bindparam("now", type_=UTCDateTime()),
    )
    .values(rotated_at=bindparam("now", type_=UTCDateTime()))
    .returning(
        RefreshToken.grant_id,
        RefreshToken.family_id,
        RefreshToken.account_id,
        RefreshToken.scopes,
    )
)
_ACCESS_TOKEN = (
    select(
        AccessToken.grant_id,
        AccessToken.platform_id,
        AccessToken.account_id,
        AccessToken.livemode,
        AccessToken.scopes,
        AccessToken.created_at,
        AccessToken.expires_at,
        AccessToken.revoked_at,
        Platform.api_version,
    )
    .join(Platform, Platform.id == AccessToken.platform_id)
    .where(AccessToken.token_hash == bindparam("h"))
)


async def add_token_pair(
    session: AsyncSession,
    *,
    access: dict[str, Any],
    refresh: dict[str, Any],
) -> None:
    conn = await session.connection()  # Core, not the ORM's bulk machinery: plain inserts
    await conn.execute(_INSERT_ACCESS, access)
    await conn.execute(_INSERT_REFRESH, refresh)


async def rotate_refresh_token(
    session: AsyncSession, token_hash: str, platform_id: str, now: datetime
) -> Row[str, str, str, str] | None:
    """Atomically spends a live refresh token; None when it cannot be spent (then diagnose)."""
    conn = await session.connection()
    result = await conn.execute(_ROTATE, {"h": token_hash, "platform": platform_id, "now": now})
    return result.first()


async def refresh_token_by_hash(session: AsyncSession, token_hash: str) -> RefreshToken | None:
    return await session.get(RefreshToken, token_hash)


# The same statements in PostgreSQL's own SQL, for `Database.direct` (asyncpg, autocommit).
_PG_ACCESS_TOKEN = """
SELECT t.grant_id, t.platform_id, t.account_id, t.livemode, t.scopes, t.created_at,
       t.expires_at, t.revoked_at, p.api_version
FROM access_tokens t JOIN platforms p ON p.id = t.platform_id
WHERE t.token_hash = $1
"""
# Spend the refresh token and write its successors in one statement, so one autocommit round
# trip is the whole transaction: data-modifying WITH clauses run once, atomically, and insert
# nothing when the UPDATE matched nothing (the caller then diagnoses, as on other databases).
_PG_ROTATE_AND_ISSUE = """
WITH client AS (
    SELECT id, livemode FROM platforms
    WHERE id = $2 AND ($9::text IS NULL OR (
        disabled_at IS NULL AND NOT is_public
        AND (client_secret_hash = $9
             OR (previous_secret_hash = $9 AND previous_secret_expires_at > $3))))
), spent AS (
    UPDATE refresh_tokens SET rotated_at = $3
    WHERE token_hash = $1 AND platform_id = (SELECT id FROM client)
      AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > $3
    RETURNING grant_id, family_id, account_id, scopes
), new_access AS (
    INSERT INTO access_tokens (token_hash, grant_id, family_id, platform_id, account_id,
                               livemode, scopes, created_at, expires_at)
    SELECT $4, grant_id, family_id, $2, account_id, (SELECT livemode FROM client),
           COALESCE($8, scopes), $3, $6 FROM spent
), new_refresh AS (
    INSERT INTO refresh_tokens (token_hash, grant_id, family_id, platform_id, account_id,
                                scopes, created_at, expires_at)
    SELECT $5, grant_id, family_id, $2, account_id, scopes, $3, $7 FROM spent
)
SELECT scopes FROM spent
"""


async def access_token_row(db: Database, token_hash: str) -> tuple[Any, ...] | None:
    """The one indexed read of a protected request (two primary-key lookups, one query), in the
    column order of `_ACCESS_TOKEN`."""
    if db.direct is not None:
        record = await db.direct.fetchrow(_PG_ACCESS_TOKEN, token_hash, read_only=True)
        return tuple(record) if record is not None else None
    async with db.autocommit.connect() as conn:
        row = (await conn.execute(_ACCESS_TOKEN, {"h": token_hash})).first()
    return tuple(row) if row is not None else None


def token_read_brings_rows(db: Database) -> bool:
    """Whether `access_token_row_and` reads a declared row in the token's own statement (the
    direct pool); elsewhere the repository reads it after, and declaring it is not worth a
    route match."""
    return db.direct is not None


async def access_token_row_and(
    db: Database, token_hash: str, read: RowRead, row_id: str
) -> tuple[tuple[Any, ...] | None, Preloaded | None]:
    """`access_token_row`, and in the same statement the row `read` finds by `row_id` under the
    token's own owner (PostgreSQL, the direct pool): the read of a detail request that declares
    it (`db.repository.RowRead`) costs no second round trip. The token's row decides as it
    always does (revoked or expired is refused whatever else came back). The row is None
    without the direct pool, read then by the repository as usual."""
    if db.direct is None:
        return await access_token_row(db, token_hash), None
    plain = read.rows.joined(_ACCESS_TOKEN, read.columns, db)
    values = {"h": token_hash, "row_id": row_id}
    record = await db.direct.fetchrow(
        plain.sql, *(values[name] for name in plain.params), read_only=True
    )
    if record is None:
        return None, None
    head = tuple(record[: plain.head])
    _, platform_id, account_id, livemode = head[:4]
    owner = Owner(platform_id, account_id, livemode)
    return head, Preloaded(read, owner, row_id, read.rows.found(record[plain.head :]))


# Introspection's read (RFC 7662), one statement whichever kind of token: the columns the answer
# needs, in this order, for an access or a refresh token (an access token is never rotated).
_PG_INTROSPECT = {
    "access_token": """
SELECT platform_id, account_id, grant_id, scopes, created_at, expires_at, revoked_at,
       NULL::timestamptz AS rotated_at
FROM access_tokens WHERE token_hash = $1
""",
    "refresh_token": """
SELECT platform_id, account_id, grant_id, scopes, created_at, expires_at, revoked_at, rotated_at
FROM refresh_tokens WHERE token_hash = $1
""",
}


def _introspect_statement(token_type: str) -> Any:
    table: type[AccessToken] | type[RefreshToken] = (
        AccessToken if token_type == "access_token" else RefreshToken
    )
    rotated = RefreshToken.rotated_at if table is RefreshToken else null().label("rotated_at")
    return select(
        table.platform_id,
        table.account_id,
        table.grant_id,
        table.scopes,
        table.created_at,
        table.expires_at,
        table.revoked_at,
        rotated,
    ).where(table.token_hash == bindparam("h"))


_INTROSPECT = {kind: _introspect_statement(kind) for kind in _PG_INTROSPECT}


async def token_for_introspection(
    db: Database, token_type: str, token_hash: str
) -> tuple[Any, ...] | None:
    """`(platform_id, account_id, grant_id, scopes, created_at, expires_at, revoked_at,
    rotated_at)` of an access or refresh token: one autocommit read, no transaction."""
    if db.direct is not None:
        record = await db.direct.fetchrow(_PG_INTROSPECT[token_type], token_hash, read_only=True)
        return tuple(record) if record is not None else None
    async with db.autocommit.connect() as conn:
        row = (await conn.execute(_INTROSPECT[token_type], {"h": token_hash})).first()
    return tuple(row) if row is not None else None


# Introspection with the client's authentication read: the platform (`AUTH_CLIENT_COLUMNS`),
# then the token's columns as above, NULL when there is no such token (an unknown token still
# authenticates the client). $1: the token's hash, $2: the client.
_PG_CLIENT_AND_TOKEN = {
    "access_token": """
SELECT p.id, p.livemode, p.is_public, p.disabled_at, p.client_secret_hash,
       p.previous_secret_hash, p.previous_secret_expires_at,
       t.platform_id, t.account_id, t.grant_id, t.scopes, t.created_at, t.expires_at,
       t.revoked_at, NULL::timestamptz AS rotated_at
FROM platforms p LEFT JOIN access_tokens t ON t.token_hash = $1
WHERE p.id = $2
""",
    "refresh_token": """
SELECT p.id, p.livemode, p.is_public, p.disabled_at, p.client_secret_hash,
       p.previous_secret_hash, p.previous_secret_expires_at,
       t.platform_id, t.account_id, t.grant_id, t.scopes, t.created_at, t.expires_at,
       t.revoked_at, t.rotated_at
FROM platforms p LEFT JOIN refresh_tokens t ON t.token_hash = $1
WHERE p.id = $2
""",
}
_CLIENT_COLUMNS = len(AUTH_CLIENT_COLUMNS)


async def client_and_token(
    db: Database, client_id: str, token_type: str, token_hash: str
) -> tuple[AuthClient | None, tuple[Any, ...] | None]:
    """The client to authenticate and `token_for_introspection`'s row of a token: one statement
    on PostgreSQL, the two reads elsewhere."""
    if db.direct is None:
        client = await get_for_auth(db, client_id)
        return client, await token_for_introspection(db, token_type, token_hash)
    record = await db.direct.fetchrow(
        _PG_CLIENT_AND_TOKEN[token_type], token_hash, client_id, read_only=True
    )
    if record is None:
        return None, None
    client = AuthClient(*record[:_CLIENT_COLUMNS])
    token = tuple(record[_CLIENT_COLUMNS:])
    # platform_id is never NULL on a token row: NULL there means the join found no token
    return client, (token if token[0] is not None else None)


def rotation_authenticates(db: Database) -> bool:
    """Whether `rotate_and_issue` can authenticate the client itself (`secret_hash`)."""
    return db.direct is not None


async def rotate_and_issue(
    db: Database,
    session: AsyncSession | None,
    *,
    spent_hash: str,
    platform_id: str,
    livemode: bool | None,
    access_hash: str,
    refresh_hash: str,
    now: datetime,
    access_expires_at: datetime,
    refresh_expires_at: datetime,
    access_scopes: str | None = None,
    secret_hash: str | None = None,
) -> str | None:
    """The refresh grant's write: spends a live refresh token of `platform_id` and stores its
    successors (same grant, family and account; the new refresh token keeps the spent one's
    scopes, the access token has `access_scopes` or those). Returns the spent token's scopes,
    or None when it could not be spent: nothing was written then.

    PostgreSQL: one atomic autocommit statement on `db.direct`, outside the session (which then
    never begins a transaction). With `secret_hash` (PostgreSQL only), the same statement also
    authenticates the client: nothing is spent unless `platform_id` is an enabled confidential
    client whose current secret, or previous one within its grace period, has that keyed hash.
    The new access token's `livemode` is the client's (the argument is for the other databases).
    Elsewhere: the update and the two inserts in the session."""
    if db.direct is not None:
        record = await db.direct.fetchrow(
            _PG_ROTATE_AND_ISSUE,
            spent_hash,
            platform_id,
            now,
            access_hash,
            refresh_hash,
            access_expires_at,
            refresh_expires_at,
            access_scopes,
            secret_hash,
        )
        return record["scopes"] if record is not None else None
    if secret_hash is not None or livemode is None or session is None:
        raise ValueError("authenticating in the rotation's statement needs PostgreSQL")
    spent = await rotate_refresh_token(session, spent_hash, platform_id, now)
    if spent is None:
        return None
    common = {
        "grant_id": spent.grant_id,
        "family_id": spent.family_id,
        "platform_id": platform_id,
        "account_id": spent.account_id,
        "created_at": now,
    }
    await add_token_pair(
        session,
        access={
            **common,
            "token_hash": access_hash,
            "livemode": livemode,
            "scopes": access_scopes or spent.scopes,
            "expires_at": access_expires_at,
        },
        refresh={
            **common,
            "token_hash": refresh_hash,
            "scopes": spent.scopes,
            "expires_at": refresh_expires_at,
        },
    )
    scopes: str = spent.scopes
    return scopes


async def revoke_family(session: AsyncSession, family_id: str, now: datetime) -> None:
    for table in (AccessToken, RefreshToken):
        await session.execute(
            update(table)
            .where(table.family_id == family_id, table.revoked_at.is_(None))
            .values(revoked_at=now)
        )


async def revoke_access_token(session: AsyncSession, token_hash: str, now: datetime) -> None:
    await session.execute(
        update(AccessToken)
        .where(AccessToken.token_hash == token_hash, AccessToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def revoke_grant(session: AsyncSession, grant_id: str, reason: str, now: datetime) -> bool:
    """Kills the grant and every token of it. False when it was already revoked."""
    result = await session.execute(
        update(Grant)
        .where(Grant.id == grant_id, Grant.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=reason, updated_at=now)
    )
    for table in (AccessToken, RefreshToken):
        await session.execute(
            update(table)
            .where(table.grant_id == grant_id, table.revoked_at.is_(None))
            .values(revoked_at=now)
        )
    return result.rowcount == 1  # type: ignore[attr-defined]
