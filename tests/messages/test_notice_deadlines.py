"""The deadlines the formal and final notices give the debtor are ones the service keeps."""

from __future__ import annotations

from typing import Any

from tests.factories import active_user, caller, receivable_body


async def _messages(
    client: Any, db: Any, runtime: Any, days: int
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A test claim `days` into recovery, as the API shows it, and its messages."""
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    shown = await client.post(
        f"/v1/test_helpers/receivables/{rec['id']}/advance",
        json={"days": days},
        headers=who.headers,
    )
    listed = await client.get(
        f"/v1/receivables/{rec['id']}/messages", params={"limit": 100}, headers=who.headers
    )
    return shown.json(), listed.json()["data"]


async def test_the_formal_notice_counts_its_eight_days_from_receipt_and_names_no_earlier_date(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    """A registered letter arrives days after its date: "within eight days of receipt, that is
    by <the letter's date + 8>" gave less time than it stated."""
    _, messages = await _messages(client, db, runtime, 30)
    notices = [m for m in messages if m["step"] == "formal_notice"]
    assert {m["channel"] for m in notices} == {"email", "letter"}
    for m in notices:
        assert (
            "sous huit (8) jours à compter de la réception de la présente lettre." in m["text"]
        ), m["channel"]
        assert "soit au plus tard" not in m["text"], m["channel"]


async def test_the_final_notice_names_a_day_the_claim_is_still_open(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    """Recovery closes (and the payment page with it) on the morning of day 60, 15 days after
    the final notice: the day to pay by is the one before, every hour of it open."""
    rec, messages = await _messages(client, db, runtime, 60)
    closed = next(e for e in rec["timeline"] if e["type"] == "closed_unrecoverable")
    assert closed["occurred_at"].startswith("2026-03-16")
    final = [m for m in messages if m["step"] == "final_notice"]
    assert final and all(m["created_at"].startswith("2026-03-01") for m in final)
    for m in final:
        assert "au plus tard le 15 mars 2026" in m["text"], m["channel"]
        assert "16 mars" not in m["text"], m["channel"]
