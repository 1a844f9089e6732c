"""`mypy --strict` passes on the SDK, and the sync/async typing holds for a caller."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SDK = Path(__file__).resolve().parents[2] / "sdk"

CALLER = """
from cleavr import AsyncCleavrConnect, CleavrConnect
from cleavr.models import User


def sync_use(client: CleavrConnect) -> list[str]:
    user: User = client.users.create(email="a@b.c", company={"name": "Acme"})
    return [u.id for u in client.users.list(limit=5)] + [user.id]


async def async_use(client: AsyncCleavrConnect) -> list[str]:
    user: User = await client.users.retrieve("usr_1")
    page = await client.users.list()
    return [u.id async for u in client.users.list()] + [user.id] + [u.id for u in page.data]


def wrong(client: CleavrConnect) -> None:
    client.users.create(email=1)
    client.users.create(email="a", company={"nmae": "typo"})
"""


def _mypy(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(SDK / ".mypy_cache"),
            *args,
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_mypy_strict_passes_on_the_sdk() -> None:
    result = _mypy("src", cwd=SDK)
    assert result.returncode == 0, result.stdout + result.stderr


def test_callers_are_type_checked(tmp_path: Path) -> None:
    (tmp_path / "caller.py").write_text(CALLER)
    result = _mypy("caller.py", cwd=tmp_path)
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    # Exactly the two mistakes of wrong(): the rest, sync and async, type-checks.
    assert len(errors) == 2, result.stdout
    assert 'Argument "email"' in errors[0] and 'Argument "company"' in errors[1]
