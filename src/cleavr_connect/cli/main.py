"""The operator CLI: `cleavr-connect` (SPEC §12). A stable contract: scripts rely on it."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import os
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

from cleavr_connect import __version__
from cleavr_connect.cli.output import fail

# Every command, in the order help lists them, and the module under `cleavr_connect.cli` that
# defines it. Only the module of the command being run is imported: each pulls in a good part
# of the service, and a call that imported them all spent most of its time starting.
COMMANDS: dict[str, str] = {
    "serve": "serve",
    "migrate": "serve",
    "platforms": "platforms",
    "accounts": "accounts",
    "seed-demo": "seed",
    "users": "users",
    "payments": "payments",
    "messages": "messages",
    "payouts": "payouts",
    "rates": "rates",
    "worker": "worker",
    "demo": "demo",
}
# The global options that take a value: the command is the first word that is none of them.
_VALUED = ("--database-url", "--data-dir", "--base-url")


def command_of(argv: Sequence[str]) -> str | None:
    """The command `argv` runs, when it names one (otherwise help or an error lists them all)."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token in _VALUED:
            skip = True
        elif not token.startswith("-"):
            return token if token in COMMANDS else None
    return None


class Parser(argparse.ArgumentParser):
    """argparse's parser, whose refusals keep the `--json` promise: one JSON object on stdout
    (`{"error": {code, message, param}}`, `param` the option's name), usage on stderr, exit 2."""

    def error(self, message: str) -> NoReturn:
        if "--json" in _ARGV:
            named = re.match(r"argument (\S+?)(?:/\S+)?: ", message) or re.search(
                r"required: (\S+?)(?:,|$)", message
            )
            param = named.group(1).lstrip("-").replace("-", "_") if named else None
            fail(message, as_json=True, code="invalid_argument", param=param)
            self.print_usage(sys.stderr)
            self.exit(2)
        super().error(message)


_ARGV: list[str] = []


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole CLI's parser, or with `command` only that command's (and its module's)."""
    parser = Parser(prog="cleavr-connect", description="Cleavr Connect operator CLI")
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument("--database-url", help="overrides CLEAVR_DATABASE_URL")
    parser.add_argument("--data-dir", help="overrides CLEAVR_DATA_DIR")
    parser.add_argument("--base-url", help="overrides CLEAVR_BASE_URL")
    sub = parser.add_subparsers(dest="command", required=True)
    modules = [COMMANDS[command]] if command else list(dict.fromkeys(COMMANDS.values()))
    for module in modules:
        importlib.import_module(f"cleavr_connect.cli.{module}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    _ARGV[:] = argv
    parser = build_parser(command_of(argv))
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
