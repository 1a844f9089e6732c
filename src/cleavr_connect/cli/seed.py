"""`cleavr-connect seed-demo`: a test-mode demo platform and account to try the flow at once."""

from __future__ import annotations

import argparse
import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from cleavr_connect.accounts import repository as accounts_repo
from cleavr_connect.accounts import service as accounts
from cleavr_connect.cli.output import emit
from cleavr_connect.cli.runner import with_transaction
from cleavr_connect.platforms import repository as platforms_repo
from cleavr_connect.platforms import service as platforms
from cleavr_connect.scopes import ALL_SCOPES

DEMO_EMAIL = "demo@cleavr.test"
DEMO_PASSWORD = "demo-password-1234"  # noqa: S105 - a published demo credential, test mode only
DEMO_NAME = "Demo Platform"
# How long the secret printed by the previous seeding keeps working.
SECRET_GRACE = timedelta(hours=24)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "seed-demo", help="create (or refresh) the test-mode demo platform and account"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=seed)


async def seed(args: argparse.Namespace) -> int:
    data = await seed_credentials(as_json=args.json)
    if data is None:
        return 1
    emit(data, as_json=args.json, title="Demo platform (test mode) and account:")
    if not args.json:
        print("\nOpen the authorization_url in a browser and sign in with the demo account.")
    return 0


async def seed_credentials(*, as_json: bool = False) -> dict[str, Any] | None:
    """Creates the demo platform and account, or gives the platform a fresh secret."""

    async def work(session, rt):  # type: ignore[no-untyped-def]
        base = rt.settings.base_url
        redirect_uri = f"{base}/demo/callback"
        marker = rt.settings.data_dir / "demo-platform-id"
        platform = None
        if marker.exists():
            platform = await platforms_repo.get(session, marker.read_text().strip())
        if platform is None or platform.disabled_at is not None:
            created = await platforms.create(
                session,
                rt.keys,
                name=DEMO_NAME,
                redirect_uris=[redirect_uri],
                livemode=False,
                now=rt.clock.now(),
            )
            platform, secret = created.platform, created.client_secret
            marker.write_text(platform.id)
        else:
            # Secrets are stored only as hashes: a fresh one is the only way to print it again.
            # The one printed before keeps working a day (`demo` seeds too, beside a server
            # someone may have started with it).
            platform, secret, _ = await platforms.rotate_secret(
                session, rt.keys, platform.id, grace=SECRET_GRACE, now=rt.clock.now()
            )
            if redirect_uri not in platform.redirect_uris:
                # Served on another address than last time: the printed URL must work there.
                platform.redirect_uris = [*platform.redirect_uris, redirect_uri]
        if await accounts_repo.get_by_email(session, DEMO_EMAIL) is None:
            await accounts.create(
                session,
                email=DEMO_EMAIL,
                password=DEMO_PASSWORD,
                name="Demo Account",
                now=rt.clock.now(),
            )
        query = urlencode(
            {
                "client_id": platform.id,
                "redirect_uri": redirect_uri,
                "response_type": "code",
                "scope": " ".join(ALL_SCOPES),
                "state": secrets.token_urlsafe(16),
            }
        )
        return {
            "client_id": platform.id,
            "client_secret": secret,
            "webhook_secret": platforms.webhook_secret(platform, rt.keys),
            "redirect_uri": redirect_uri,
            "account_email": DEMO_EMAIL,
            "account_password": DEMO_PASSWORD,
            "authorization_url": f"{base}/oauth/authorize?{query}",
        }

    return await with_transaction(work, as_json=as_json)
