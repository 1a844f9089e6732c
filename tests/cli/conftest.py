"""Runs the real operator CLI in a subprocess against the test database (SPEC §12)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import warnings
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import (
    BASE_URL,
    PG_ADMIN_URL,
    REQUIRE_PG,
    SECRET_KEY,
    _create_pg_database,
    _drop_pg_database,
    _pg_reachable,
)

CLI_TIMEOUT = 120


@dataclass
class Result:
    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str

    def json(self) -> dict[str, Any]:
        """`--json` prints exactly one JSON object on stdout, and nothing else."""
        assert self.stdout.endswith("\n"), self.describe()
        assert len(self.stdout.splitlines()) == 1, self.describe()
        data = json.loads(self.stdout)
        assert isinstance(data, dict), self.describe()
        return data

    def ok(self) -> dict[str, Any]:
        assert self.code == 0, self.describe()
        return self.json()

    def error(self) -> dict[str, Any]:
        """A refused `--json` command: non-zero exit and `{"error": {code, message, param}}`."""
        assert self.code != 0, self.describe()
        data = self.json()
        assert set(data) == {"error"}, self.describe()
        assert set(data["error"]) >= {"code", "message", "param"}, self.describe()
        assert data["error"]["message"], self.describe()
        return data["error"]

    def describe(self) -> str:
        return (
            f"cleavr-connect {' '.join(self.args)} -> exit {self.code}\n"
            f"stdout: {self.stdout!r}\nstderr: {self.stderr[-3000:]}"
        )


def cli_env(data_dir: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLEAVR_")}
    env.update(
        CLEAVR_DATABASE_URL=database_url,
        CLEAVR_DATA_DIR=str(data_dir),
        CLEAVR_SECRET_KEY=SECRET_KEY.decode(),
        CLEAVR_BASE_URL=BASE_URL,
    )
    return env


async def run_cli(*args: str, env: dict[str, str], cwd: Path) -> Result:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "cleavr_connect",
        *args,
        env=env,
        cwd=cwd,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(proc.communicate(), CLI_TIMEOUT)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise AssertionError(
            f"cleavr-connect {' '.join(args)} did not exit in {CLI_TIMEOUT}s"
        ) from None
    assert proc.returncode is not None
    return Result(args, proc.returncode, out.decode(), err.decode())


class Cli:
    """`await cli("platforms", "list", "--json")`, with the test's environment."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.env = env
        self.cwd = cwd

    async def __call__(self, *args: str, **env: str) -> Result:
        return await run_cli(*args, env={**self.env, **env}, cwd=self.cwd)


@pytest.fixture
def cli(db, db_url: str, data_dir: Path, tmp_path: Path) -> Cli:  # type: ignore[no-untyped-def]
    """The CLI on the shared database (emptied by `db`) and the app's data directory."""
    return Cli(cli_env(data_dir, db_url), tmp_path)


@pytest.fixture
def bare_cli(tmp_path: Path) -> Cli:
    """The CLI with its own data directory; tests choose the database."""
    data = tmp_path / "cli-data"
    data.mkdir()
    return Cli(cli_env(data, f"sqlite:///{data / 'unused.db'}"), tmp_path)


@pytest.fixture(params=["sqlite", "postgresql"])
async def fresh_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A brand-new database with no schema at all."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    problem = await _pg_reachable()
    if problem:
        message = f"PostgreSQL unreachable at {PG_ADMIN_URL}: {problem}"
        if REQUIRE_PG:
            pytest.fail(message + " (CLEAVR_TEST_REQUIRE_POSTGRES=1)", pytrace=False)
        warnings.warn(f"SKIPPING PostgreSQL tests: {message}", pytest.PytestWarning, stacklevel=1)
        pytest.skip(message)
    name, url = await _create_pg_database()
    yield url
    await _drop_pg_database(name)
