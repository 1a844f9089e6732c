"""The SDK README runs as written: its quick start against the live server (a person signs in
and pastes the URL they were sent back to), and its FastAPI webhook recipe."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from cleavr import generate_key
from cleavr.models import Event
from standardwebhooks import Webhook

from cleavr_connect.models import Account
from tests.e2e.conftest import LiveServer
from tests.factories import REDIRECT_URI, Client
from tests.sdk.conftest import consent

README = Path(__file__).resolve().parents[2] / "sdk" / "README.md"


def python_blocks(section: str) -> list[str]:
    """The ```python blocks of one `## section` of the README."""
    text = README.read_text()
    start = text.index(f"## {section}\n")
    end = text.find("\n## ", start + 1)
    return re.findall(r"```python\n(.*?)```", text[start : end if end > 0 else None], re.S)


def test_quick_start_runs_as_written(
    server: LiveServer, platform: Client, account: Account, tmp_path: Path
) -> None:
    (script,) = python_blocks("Quick start")
    (tmp_path / "quickstart.py").write_text(script)
    env = {
        **os.environ,
        "CLEAVR_BASE_URL": server.url,
        "CLEAVR_CLIENT_ID": platform.client_id,
        "CLEAVR_CLIENT_SECRET": platform.client_secret or "",
        "CLEAVR_REDIRECT_URI": REDIRECT_URI,
        "CLEAVR_TOKEN_KEY": generate_key(),
    }
    proc = subprocess.Popen(
        [sys.executable, "quickstart.py"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("Open this URL in your browser: "), first + proc.stderr.read()  # type: ignore[union-attr]
        url = first.split(": ", 1)[1].strip()
        location = consent(url, account.email)  # the person, in their browser
        out, err = proc.communicate(location + "\n", timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, out + err
    created = re.search(r"Created (usr_clv_test_\w+) pending_onboarding - onboarding at http", out)
    assert created, out
    assert f"{created.group(1)} billing@acme.example active" in out
    # The token it stored is encrypted: no token string on disk.
    files = list((tmp_path / ".cleavr-tokens").iterdir())
    assert len(files) == 1 and b"clv_" not in files[0].read_bytes()


async def test_fastapi_recipe_verifies_deliveries() -> None:
    (recipe,) = [b for b in python_blocks("Webhooks") if "FastAPI" in b]
    secret = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    received: list[Event] = []
    namespace: dict[str, Any] = {"handle": received.append}
    os.environ["CLEAVR_WEBHOOK_SECRET"] = secret
    try:
        exec(compile(recipe, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    finally:
        del os.environ["CLEAVR_WEBHOOK_SECRET"]
    user = {
        "id": "usr_clv_test_1",
        "object": "user",
        "email": "a@acme.example",
        "status": "pending_onboarding",
        "livemode": False,
        "created_at": "2026-01-15T09:00:00Z",
    }
    event = {
        "id": "evt_1",
        "object": "event",
        "type": "user.created",
        "created_at": "2026-01-15T09:00:00Z",
        "data": {"object": user},
    }
    body = json.dumps(event).encode()
    now = datetime.now(UTC)
    headers = {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret).sign("msg_1", now, body.decode()),
        "Cleavr-Signature": hmac.new(secret.encode(), body, hashlib.sha256).hexdigest(),
    }
    transport = httpx.ASGITransport(app=namespace["app"])
    async with httpx.AsyncClient(transport=transport, base_url="http://platform") as http:
        ok = await http.post("/webhooks/cleavr", content=body, headers=headers)
        forged = await http.post("/webhooks/cleavr", content=body + b" ", headers=headers)
    assert ok.status_code == 200 and [e.id for e in received] == ["evt_1"]
    assert forged.status_code == 400
    assert time.time()  # the recipe imported and ran in this process
