"""The CLI builds only the parser of the command it runs (its module alone is imported); help
and a mistyped command still see every command."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from cleavr_connect.cli.main import COMMANDS, build_parser, command_of


def _commands(parser: argparse.ArgumentParser) -> list[str]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return list(sub.choices)


def test_the_table_names_every_command_its_modules_define_in_order() -> None:
    assert _commands(build_parser()) == list(COMMANDS)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_command_alone_parses_as_in_the_whole_parser(command: str) -> None:
    assert command in _commands(build_parser(command))


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["rates", "show"], "rates"),
        (["--data-dir", "data", "--database-url", "sqlite:///x.db", "users", "approve"], "users"),
        (["--base-url", "rates", "platforms", "list"], "platforms"),  # a value, not the command
        (["--version"], None),
        ([], None),
        (["--help"], None),
        (["nope", "rates"], None),  # the first word is the command; an unknown one lists all
    ],
)
def test_the_command_is_the_first_word_that_is_not_an_option_value(
    argv: list[str], command: str | None
) -> None:
    assert command_of(argv) == command


def test_running_one_command_imports_no_other_commands_module() -> None:
    """`rates` needs neither the server nor the demo's HTTP client."""
    probe = (
        "import json, sys\n"
        "from cleavr_connect.cli.main import build_parser, command_of\n"
        "build_parser(command_of(['rates', 'show']))\n"
        "print(json.dumps([m for m in sys.modules if m.startswith('cleavr_connect.cli.')]))\n"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    loaded = set(json.loads(out))
    assert "cleavr_connect.cli.rates" in loaded
    assert not loaded & {f"cleavr_connect.cli.{m}" for m in ("serve", "demo", "platforms")}
