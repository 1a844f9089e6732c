"""`cleavr-connect accounts create`: an account without going through the sign-up page."""

from __future__ import annotations

import argparse

from cleavr_connect.accounts import service
from cleavr_connect.cli.output import emit
from cleavr_connect.cli.runner import with_transaction
from cleavr_connect.clock import isoformat


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("accounts", help="manage accounts (people who sign in)")
    ps = p.add_subparsers(dest="action", required=True)
    c = ps.add_parser("create", help="create an account")
    c.add_argument("--email", required=True)
    c.add_argument("--password", required=True)
    c.add_argument("--name")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=create)


async def create(args: argparse.Namespace) -> int:
    async def work(session, rt):  # type: ignore[no-untyped-def]
        account = await service.create(
            session,
            email=args.email,
            password=args.password,
            name=args.name or args.email.split("@")[0],
            now=rt.clock.now(),
        )
        return {
            "id": account.id,
            "email": account.email,
            "name": account.name,
            "created_at": isoformat(account.created_at),
        }

    data = await with_transaction(work, as_json=args.json)
    if data is None:
        return 1
    emit(data, as_json=args.json, title="Account created.")
    return 0
