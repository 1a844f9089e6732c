"""A message written for a claim that is then paid, contested or withdrawn before the worker
sends it never reaches the debtor."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleavr_connect.messages.worker import send_due
from tests.factories import submitted_receivable


@pytest.mark.parametrize(
    ("action", "body", "status"),
    [
        # With the penalties and the €40: paid in full.
        ("payments", {"amount": 1260.77}, "recovered"),
        ("dispute", {"reason": "defective"}, "disputed"),
        ("cancel", {"reason": "settled directly"}, "cancelled"),
    ],
)
async def test_a_queued_reminder_is_withheld_once_the_claim_stops(
    client, db, runtime, data_dir: Path, action: str, body: dict[str, object], status: str
) -> None:  # type: ignore[no-untyped-def]
    claim = await submitted_receivable(client, db, runtime)
    who, rec, helper = claim.who, claim.receivable, claim.helper
    # Day 7: both reminders are written, no worker has run yet (it was down, say)…
    await client.post(f"{helper}/advance", json={"days": 7}, headers=who.headers)
    url = f"/v1/receivables/{rec['id']}/messages"
    queued = (await client.get(url, params={"limit": 100}, headers=who.headers)).json()["data"]
    assert len(queued) == 2 and {m["status"] for m in queued} == {"queued"}
    # … and before a worker sends it, the debtor pays, contests, or the platform withdraws.
    path = f"/v1/receivables/{rec['id']}/cancel" if action == "cancel" else f"{helper}/{action}"
    stopped = await client.post(path, json=body, headers=who.headers)
    assert stopped.status_code == 200 and stopped.json()["status"] == status, stopped.text

    assert await send_due(db, runtime) == 2  # both settled…
    after = (await client.get(url, params={"limit": 100}, headers=who.headers)).json()["data"]
    for m in after:  # … none sent
        assert m["status"] == "withheld" and m["sent_at"] is None, m
        assert m["provider_reference"] is None
        assert status in m["failure_reason"]
    assert not list((data_dir / "outbox").rglob("*.eml"))
    # Withheld is final: a later pass sends nothing.
    assert await send_due(db, runtime) == 0
