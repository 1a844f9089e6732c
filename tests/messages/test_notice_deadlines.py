"""The deadlines the formal and final notices give the debtor are ones the service keeps."""

from __future__ import annotations

from typing import Any

from tests.factories import active_user, caller, receivable_body


async def _messages(client: Any, db: Any, runtime: Any, days: int) -> list[dict[str, Any]]:
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    await client.post(
        f"/v1/test_helpers/receivables/{rec['id']}/advance",
        json={"days": days},
        headers=who.headers,
    )
    listed = await client.get(
        f"/v1/receivables/{rec['id']}/messages", params={"limit": 100}, headers=who.headers
    )
    return listed.json()["data"]  # type: ignore[no-any-return]


async def test_the_formal_notice_counts_its_eight_days_from_receipt_and_names_no_earlier_date(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    """A registered letter arrives days after its date: "within eight days of receipt, that is
    by <the letter's date + 8>" gave less time than it stated."""
    notices = [m for m in await _messages(client, db, runtime, 30) if m["step"] == "formal_notice"]
    assert {m["channel"] for m in notices} == {"email", "letter"}
    for m in notices:
        assert (
            "sous huit (8) jours à compter de la réception de la présente lettre." in m["text"]
        ), m["channel"]
        assert "soit au plus tard" not in m["text"], m["channel"]
