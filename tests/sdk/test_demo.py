"""`cleavr-connect demo --headless` narrates the whole journey against a running server."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys

from stdnum import iso11649

from cleavr_connect.db.engine import Database
from cleavr_connect.runtime import Runtime
from tests.e2e.conftest import LiveServer
from tests.factories import PASSWORD, make_account, make_platform


async def test_the_demo_runs_end_to_end(
    server: LiveServer, db: Database, server_runtime: Runtime, delivery_worker: None
) -> None:
    platform = await make_platform(
        db, server_runtime, name="Demo", redirect_uris=[f"{server.url}/demo/callback"]
    )
    account = await make_account(db, server_runtime)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLEAVR_")}
    done = await asyncio.to_thread(
        subprocess.run,  # noqa: S603
        [
            sys.executable,
            "-m",
            "cleavr_connect",
            "demo",
            "--headless",
            "--server",
            server.url,
            "--client-id",
            platform.client_id,
            "--client-secret",
            platform.client_secret or "",
            "--email",
            account.email,
            "--password",
            PASSWORD,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    for line in (
        "connected: platform " + platform.client_id,
        "test KYB decided: active",
        "webhook ✓ user.created",
        "webhook ✓ receivable.created",
        "formal_notice_sent",
        ": status recovered, commission",
        "webhook ✓ receivable.recovered",
        # the debtor's side: the first reminder's link, the portal, the card sandbox, a dispute
        "first reminder:",
        "the portal shows the claim, the transfer details (reference RF",
        "pay by card → the test-mode sandbox checkout cko_test_",
        ": recovered, recovered 6",
        ": disputed; reminders paused (next action None); dispute reason not_received, "
        "1 document(s)",
        "webhook ✓ payment.received",
        # a three-instalment payment plan, one instalment missed
        ": stage payment_plan, plan accepted,",
        "instalment 1 paid (",
        "after the grace: plan broken, instalments ['paid', 'missed', 'scheduled']; "
        "recovery resumes at stage reminder",
        "webhook ✓ payment_plan.accepted",
        "Done.",
    ):
        assert line in out, f"{line!r} missing from:\n{out}"
    assert "signature verified" in out
    # the reference read off the portal page, whole and valid (the page groups it by four)
    shown = re.search(r"transfer details \(reference (\S+)\)", out)
    assert shown and iso11649.is_valid(shown.group(1)), out
