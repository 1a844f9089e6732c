"""Pre-issue the tokens the OAuth benchmark spends (run by bench/oauth_bench.sh).

Minting through the HTTP authorization-code flow is slow (hosted pages, Argon2 sign-in), so this
writes the rows directly, through the same code paths the server uses for what matters to it:

- the platform and the accounts come from `platforms.service.create` / `accounts.service.create`;
- grants, access tokens and refresh tokens are the rows `oauth.authorization.approve` and
  `oauth.tokens._issue` write (same columns, same `generate_token` strings, same keyed hashes from
  `build_runtime(load_settings())`, so the server configured with the same CLEAVR_SECRET_KEY
  accepts them), bulk-inserted with SQLAlchemy Core in batches;
- every token gets its own family, as if each came from its own code exchange.

Run with the server's environment (CLEAVR_DATABASE_URL, CLEAVR_SECRET_KEY, CLEAVR_DATA_DIR):

    python bench/mint_tokens.py --out DIR --refresh 60000 --access 10000

Writes into DIR:
    client.env              CLIENT_ID=… / CLIENT_SECRET=… (shell-sourceable)
    refresh_tokens.txt      one refresh token a line, each for a single use by wrk/bench.lua
    access_tokens.txt       one access token a line, cycled over by the bearer GET test
    check_refresh_token.txt one refresh token on a grant of its own, for the rotation/reuse check
                            (its reuse revokes its grant, so it must not share one with the load)
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from cleavr_connect import scopes as scope_rules
from cleavr_connect.accounts import service as accounts
from cleavr_connect.config import load_settings
from cleavr_connect.crypto import ACCESS_TOKEN_PREFIX, REFRESH_TOKEN_PREFIX, generate_token
from cleavr_connect.db.engine import Database
from cleavr_connect.ids import new_id
from cleavr_connect.models import AccessToken, Grant, RefreshToken
from cleavr_connect.platforms import service as platforms
from cleavr_connect.runtime import build_runtime

REDIRECT_URI = "https://platform.example/callback"
SCOPES = scope_rules.normalize(
    ["users:read", "users:write", "receivables:read", "receivables:write", "webhooks:write"]
)
BATCH = 5000


async def mint(n_refresh: int, n_access: int, n_grants: int) -> dict[str, str]:
    """Creates the rows; returns the files to write (name -> content)."""
    settings = load_settings()
    rt = build_runtime(settings)
    db = Database(settings.database_url)
    now = rt.clock.now()
    t0 = time.perf_counter()
    try:
        async with db.transaction() as session:
            created = await platforms.create(
                session,
                rt.keys,
                name="Benchmark platform",
                redirect_uris=[REDIRECT_URI],
                livemode=False,
                now=now,
            )
            platform = created.platform
            # one account and one grant per load grant, plus one for the reuse check
            account_ids = []
            for i in range(n_grants + 1):
                account = await accounts.create(
                    session,
                    email=f"bench-{i}-{platform.id[-8:].lower()}@example.com",
                    password="benchmark-password-1234",
                    name=f"Bench {i}",
                    now=now,
                )
                account_ids.append(account.id)
            grants = [
                {
                    "id": new_id("grt"),
                    "platform_id": platform.id,
                    "account_id": account_id,
                    "livemode": platform.livemode,
                    "scopes": SCOPES,
                    "created_at": now,
                    "updated_at": now,
                }
                for account_id in account_ids
            ]
            await session.execute(insert(Grant), grants)
        check_grant, load_grants = grants[-1], grants[:-1]

        def token_rows(
            kind: str, count: int, grant_pool: list[dict[str, Any]]
        ) -> tuple[list[str], list[dict[str, Any]]]:
            prefix = ACCESS_TOKEN_PREFIX if kind == "access" else REFRESH_TOKEN_PREFIX
            ttl = settings.access_token_ttl if kind == "access" else settings.refresh_token_idle_ttl
            tokens, rows = [], []
            for i in range(count):
                grant = grant_pool[i % len(grant_pool)]
                token = generate_token(prefix)
                row = {
                    "token_hash": rt.keys.hash_token(token),
                    "grant_id": grant["id"],
                    "family_id": new_id("fam"),
                    "platform_id": platform.id,
                    "account_id": grant["account_id"],
                    "scopes": SCOPES,
                    "created_at": now,
                    "expires_at": now + timedelta(seconds=ttl),
                }
                if kind == "access":
                    row["livemode"] = platform.livemode
                tokens.append(token)
                rows.append(row)
            return tokens, rows

        refresh_tokens, refresh_rows = token_rows("refresh", n_refresh, load_grants)
        access_tokens, access_rows = token_rows("access", n_access, load_grants)
        check_tokens, check_rows = token_rows("refresh", 1, [check_grant])
        t1 = time.perf_counter()
        for table, rows in (
            (RefreshToken, refresh_rows + check_rows),
            (AccessToken, access_rows),
        ):
            for start in range(0, len(rows), BATCH):
                async with db.transaction() as session:
                    await session.execute(insert(table), rows[start : start + BATCH])
        t2 = time.perf_counter()
    finally:
        await db.dispose()

    print(
        f"minted {n_refresh} refresh + {n_access} access tokens on {n_grants} grants "
        f"(+1 check grant) for {platform.id}: generate {t1 - t0:.1f}s, insert {t2 - t1:.1f}s",
        file=sys.stderr,
    )
    return {
        "client.env": f"CLIENT_ID={platform.id}\nCLIENT_SECRET={created.client_secret}\n",
        "refresh_tokens.txt": "\n".join(refresh_tokens) + "\n",
        "access_tokens.txt": "\n".join(access_tokens) + "\n",
        "check_refresh_token.txt": check_tokens[0] + "\n",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--refresh", type=int, default=60000)
    parser.add_argument("--access", type=int, default=10000)
    parser.add_argument("--grants", type=int, default=10)
    args = parser.parse_args()
    files = asyncio.run(mint(args.refresh, args.access, args.grants))
    args.out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (args.out / name).write_text(content)


if __name__ == "__main__":
    main()
