"""`cleavr-connect payments record|import|unmatched`: what debtors paid, typed by the operator
or read from the bank's statements."""

from __future__ import annotations

import argparse
from pathlib import Path

from cleavr_connect.cli.output import day, emit, fail
from cleavr_connect.cli.runner import with_transaction
from cleavr_connect.errors import NotFoundError
from cleavr_connect.payments import reconcile
from cleavr_connect.receivables import payments
from cleavr_connect.receivables import repository as receivables_repo


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("payments", help="record debtor payments")
    ps = p.add_subparsers(dest="action", required=True)
    r = ps.add_parser("record", help="record a payment received for a receivable")
    r.add_argument("receivable_id")
    r.add_argument("--amount", required=True, help="in euros, e.g. 100.00")
    r.add_argument("--paid-at", type=day, help="YYYY-MM-DD (default: today)")
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=record)
    register_bank(ps)


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


def register_bank(ps: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    i = ps.add_parser("import", help="record the credits of a camt.053/camt.054 bank statement")
    i.add_argument("file", type=Path)
    i.add_argument("--test", action="store_true", help="a statement of test mode's account")
    i.add_argument("--json", action="store_true")
    i.set_defaults(handler=import_file)
    u = ps.add_parser("unmatched", help="statement lines that matched nothing")
    u.add_argument("--test", action="store_true")
    u.add_argument("--json", action="store_true")
    u.set_defaults(handler=list_unmatched)


async def import_file(args: argparse.Namespace) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        return fail(
            f"cannot read {args.file}: {exc.strerror}",
            as_json=args.json,
            code="file_unreadable",
            param="file",
        )

    async def work(session, rt):  # type: ignore[no-untyped-def]
        result = await reconcile.import_statement(session, rt, data, livemode=not args.test)
        return result.as_dict()

    result = await with_transaction(work, as_json=args.json)
    if result is None:
        return 1
    if args.json:
        emit(result, as_json=True)
        return 0
    print(
        f"{result['lines']} lines: {len(result['payments'])} payments recorded, "
        f"{len(result['payouts_paid'])} payouts paid, "
        f"{len(result['payouts_failed'])} payouts returned, "
        f"{result['duplicates']} already imported, "
        f"{len(result['unmatched'])} unmatched."
    )
    for payment in result["payments"]:
        print(
            f"  paid     {payment['receivable_id']}  {payment['amount']:.2f} EUR  {payment['id']}"
        )
    for payout_id in result["payouts_failed"]:
        print(f"  returned {payout_id}  (sent again once its user gives another IBAN)")
    for statement in result["skipped_statements"]:
        print(
            f"  skipped  statement {statement['statement_id']} of account "
            f"{statement['account'] or '?'}  {statement['reason']}"
        )
    for line in result["unmatched"]:
        print(
            f"  no match {line['booking_date']}  {line['amount']:.2f} {line['currency']}  "
            f"{line['reason']}  {line['remittance'] or ''}"
        )
    return 0


async def list_unmatched(args: argparse.Namespace) -> int:
    async def work(session, rt):  # type: ignore[no-untyped-def]
        rows = await reconcile.unmatched(session, livemode=not args.test)
        return {"data": [reconcile.entry_object(r) for r in rows]}

    result = await with_transaction(work, as_json=args.json)
    if result is None:
        return 1
    if args.json:
        emit(result, as_json=True)
        return 0
    for line in result["data"]:
        print(
            f"{line['id']}  {line['booking_date']}  {line['direction']}  {line['amount']:.2f} "
            f"{line['currency']}  {line['reason']}  {line['remittance'] or ''}"
        )
    return 0
