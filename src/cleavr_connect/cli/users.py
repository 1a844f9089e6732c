"""`cleavr-connect users approve|reject USER_ID`: the operator's live-mode KYB review."""

from __future__ import annotations

import argparse

from cleavr_connect.cli.output import emit
from cleavr_connect.cli.runner import with_transaction
from cleavr_connect.errors import NotFoundError
from cleavr_connect.users import repository, service


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("users", help="review users' KYB (live mode)")
    ps = p.add_subparsers(dest="action", required=True)
    for name, helptext in (("approve", "approve a user's KYB"), ("reject", "reject a user's KYB")):
        c = ps.add_parser(name, help=helptext)
        c.add_argument("user_id")
        if name == "reject":
            c.add_argument("--reason", help="shown to the platform in requirements.errors")
        c.add_argument("--json", action="store_true")
        c.set_defaults(handler=decide, outcome="approved" if name == "approve" else "rejected")


async def decide(args: argparse.Namespace) -> int:
    async def work(session, rt):  # type: ignore[no-untyped-def]
        user = await repository.by_id_unscoped(session, args.user_id)
        if user is None:
            raise NotFoundError(f"No such user: {args.user_id!r}.", param="user_id")
        await service.decide(session, rt, user, args.outcome, reason=getattr(args, "reason", None))
        return {"id": user.id, "status": user.status, "livemode": user.livemode}

    data = await with_transaction(work, as_json=args.json)
    if data is None:
        return 1
    emit(data, as_json=args.json, title=f"User {args.outcome}.")
    return 0
