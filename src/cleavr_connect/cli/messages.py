"""`cleavr-connect messages deliver`: the operator records what the postal provider reported
for a letter — the registered letter's tracking number and the proof-of-delivery date."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, time

from cleavr_connect.cli.output import day, emit
from cleavr_connect.cli.runner import with_transaction
from cleavr_connect.messages import service


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("messages", help="record what happened to messages sent to debtors")
    ps = p.add_subparsers(dest="action", required=True)
    d = ps.add_parser("deliver", help="record a letter's tracking number and delivery date")
    d.add_argument("message_id")
    d.add_argument("--tracking", help="the registered letter's tracking number (LRAR)")
    d.add_argument("--delivered-at", type=day, help="YYYY-MM-DD on the proof of delivery")
    d.add_argument("--json", action="store_true")
    d.set_defaults(handler=deliver)


async def deliver(args: argparse.Namespace) -> int:
    async def work(session, rt):  # type: ignore[no-untyped-def]
        delivered = (
            datetime.combine(args.delivered_at, time(12, 0), tzinfo=UTC)
            if args.delivered_at
            else None
        )
        msg = await service.record_delivery(
            session,
            rt,
            args.message_id,
            delivered_at=delivered,
            tracking_reference=args.tracking,
        )
        return service.as_object(msg)

    data = await with_transaction(work, as_json=args.json)
    if data is None:
        return 1
    emit(data, as_json=args.json, title="Message updated.")
    return 0
