"""`cleavr-connect rates set ecb|legal --from YYYY-MM-DD --rate R`: the operator adds a
half-year's rate without a code change (SPEC §7). `rates show` prints both tables as in force."""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal, InvalidOperation

from cleavr_connect import legal_rates
from cleavr_connect.cli.output import day, emit
from cleavr_connect.cli.runner import with_transaction
from cleavr_connect.errors import FieldError, ValidationError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("rates", help="the ECB and legal interest rate tables")
    ps = p.add_subparsers(dest="action", required=True)
    s = ps.add_parser("set", help="add or correct a half-year's rate")
    s.add_argument("kind", choices=legal_rates.KINDS)
    s.add_argument(
        "--from",
        dest="effective_from",
        required=True,
        type=day,
        help="the half-year's first day: YYYY-01-01 or YYYY-07-01",
    )
    s.add_argument("--rate", required=True, help="annual percent, e.g. 2.15")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=set_rate)
    show = ps.add_parser("show", help="both tables as in force, and what is missing")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=show_rates)


def _rate(raw: str) -> Decimal:
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = Decimal("NaN")
    # Neither rate has ever been negative (the ECB's main refinancing rate bottomed at 0 %, the
    # legal interest rate, CMF L313-2, at 0.04 %): a negative one would credit the debtor.
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise ValidationError(
            [FieldError("rate", "invalid_rate", "An annual percentage from 0 to 100, e.g. 2.15.")]
        )
    return value


async def set_rate(args: argparse.Namespace) -> int:
    async def work(session, rt):  # type: ignore[no-untyped-def]
        since: date = args.effective_from
        if since.day != 1 or since.month not in (1, 7):
            raise ValidationError(
                [
                    FieldError(
                        "from",
                        "invalid_half_year",
                        "Rates are fixed per half-year: give YYYY-01-01 or YYYY-07-01.",
                    )
                ]
            )
        rate = _rate(args.rate)
        await legal_rates.set_rate(session, args.kind, since, rate, now=rt.clock.now())
        book = await rt.rates.refresh(session, force=True)
        return {
            "kind": args.kind,
            "effective_from": since.isoformat(),
            "rate": str(rate),
            "missing_current": book.missing_current(rt.clock.now().date()),
        }

    data = await with_transaction(work, as_json=args.json)
    if data is None:
        return 1
    emit(data, as_json=args.json, title="Rate set.")
    return 0


async def show_rates(args: argparse.Namespace) -> int:
    async def work(session, rt):  # type: ignore[no-untyped-def]
        book = await rt.rates.refresh(session, force=True)
        today = rt.clock.now().date()
        return {
            kind: [
                {"effective_from": since.isoformat(), "rate": str(rate)}
                for since, rate in getattr(book, kind).entries
            ]
            for kind in legal_rates.KINDS
        } | {"warnings": rt.rates.warnings(today)}

    data = await with_transaction(work, as_json=args.json)
    if data is None:
        return 1
    emit(data, as_json=args.json, title="Rate tables.")
    return 0
