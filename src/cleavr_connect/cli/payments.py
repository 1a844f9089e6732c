"""`cleavr-connect payments record`: the operator records what a debtor paid."""

from __future__ import annotations

import argparse
from datetime import date

from cleavr_connect.cli.output import emit
from cleavr_connect.cli.runner import with_transaction
from cleavr_connect.errors import NotFoundError
from cleavr_connect.receivables import payments
from cleavr_connect.receivables import repository as receivables_repo


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("payments", help="record debtor payments")
    ps = p.add_subparsers(dest="action", required=True)
    r = ps.add_parser("record", help="record a payment received for a receivable")
    r.add_argument("receivable_id")
    r.add_argument("--amount", required=True, help="in euros, e.g. 100.00")
    r.add_argument("--paid-at", type=date.fromisoformat, help="YYYY-MM-DD (default: today)")
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=record)


async def record(args: argparse.Namespace) -> int:
    async def work(session, rt):  # type: ignore[no-untyped-def]
        rec = await receivables_repo.by_id_unscoped(session, args.receivable_id, lock=True)
        if rec is None:
            raise NotFoundError(
                f"No such receivable: {args.receivable_id!r}.", param="receivable_id"
            )
        payment = await payments.record(
            session, rt, rec, args.amount, args.paid_at, source="operator"
        )
        return {**payments.as_object(payment), "receivable_status": rec.status}

    data = await with_transaction(work, as_json=args.json)
    if data is None:
        return 1
    emit(data, as_json=args.json, title="Payment recorded.")
    return 0
