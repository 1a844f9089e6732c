"""`cleavr-connect payouts export|mark-paid`: the day's payouts as a SEPA transfer file, and
their confirmation."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from cleavr_connect.cli.output import day, emit, fail
from cleavr_connect.cli.runner import with_transaction
from cleavr_connect.payouts import sepa
from cleavr_connect.storage import write_whole


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("payouts", help="pay users out")
    ps = p.add_subparsers(dest="action", required=True)
    e = ps.add_parser("export", help="write a day's pending payouts as one pain.001.001.03 file")
    e.add_argument("--date", type=day, required=True, help="YYYY-MM-DD")
    e.add_argument("--out", type=Path, help="file to write (default: standard output)")
    e.add_argument("--test", action="store_true", help="test mode's payouts")
    e.add_argument("--json", action="store_true", help="print a summary as JSON (needs --out)")
    e.set_defaults(handler=export)
    m = ps.add_parser("mark-paid", help="confirm that payouts reached their users")
    m.add_argument("payout_ids", nargs="+", metavar="PAYOUT_ID")
    m.add_argument("--json", action="store_true")
    m.set_defaults(handler=mark_paid)


async def export(args: argparse.Namespace) -> int:
    if args.json and args.out is None:
        # The file and the summary cannot both be the one JSON object on standard output.
        fail(
            "--json needs --out FILE for the payout file",
            as_json=True,
            code="invalid_argument",
            param="out",
        )
        return 2

    async def work(session, rt):  # type: ignore[no-untyped-def]
        result = await sepa.export(session, rt, day=args.date, livemode=not args.test)
        if result.xml and args.out:
            # Whole and on the disk before the transaction commits: a payout is never in
            # transit without its file.
            await asyncio.to_thread(write_whole, args.out, result.xml, mode=0o640)
        return result

    result = await with_transaction(work, as_json=args.json)
    if result is None:
        return 1
    summary = {
        "date": args.date.isoformat(),
        "file": str(args.out) if args.out and result.xml else None,
        "payouts": [p["id"] for p in result.payouts],
        "total": round(sum(p["transfer_amount"] for p in result.payouts), 2),
        "skipped": result.skipped,
        # Balances ≤ 0 after netting: no transfer, netted into the user's next payout.
        "carried_forward": [p["id"] for p in result.carried],
    }
    if args.out is None and result.xml:
        sys.stdout.buffer.write(result.xml)
        return 0
    emit(summary, as_json=args.json, title="Payout file written." if result.xml else "No payout.")
    return 0


async def mark_paid(args: argparse.Namespace) -> int:
    async def work(session, rt):  # type: ignore[no-untyped-def]
        return await sepa.mark_paid(session, rt, args.payout_ids)

    done = await with_transaction(work, as_json=args.json)
    if done is None:
        return 1
    emit({"paid": [p["id"] for p in done]}, as_json=args.json, title="Payouts paid.")
    return 0
