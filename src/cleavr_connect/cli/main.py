"""The operator CLI: `cleavr-connect` (SPEC §12). A stable contract: scripts rely on it."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
from collections.abc import Sequence

from cleavr_connect import __version__
from cleavr_connect.cli import (
    accounts,
    demo,
    messages,
    payments,
    payouts,
    platforms,
    rates,
    seed,
    serve,
    users,
    worker,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleavr-connect", description="Cleavr Connect operator CLI"
    )
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument("--database-url", help="overrides CLEAVR_DATABASE_URL")
    parser.add_argument("--data-dir", help="overrides CLEAVR_DATA_DIR")
    parser.add_argument("--base-url", help="overrides CLEAVR_BASE_URL")
    sub = parser.add_subparsers(dest="command", required=True)
    serve.register(sub)
    platforms.register(sub)
    accounts.register(sub)
    seed.register(sub)
    users.register(sub)
    payments.register(sub)
    messages.register(sub)
    payouts.register(sub)
    rates.register(sub)
    worker.register(sub)
    demo.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # Flags override the environment, and the environment is what the server processes read.
    for flag, env in (
        ("database_url", "CLEAVR_DATABASE_URL"),
        ("data_dir", "CLEAVR_DATA_DIR"),
        ("base_url", "CLEAVR_BASE_URL"),
    ):
        value = getattr(args, flag)
        if value:
            os.environ[env] = value
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    if getattr(args, "sync", False):
        return int(args.handler(args))
    return int(asyncio.run(args.handler(args)))
